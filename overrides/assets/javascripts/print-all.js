// The print-all page (hooks/print_all.py puts this script on it): each flowchart is shrunk
// to fit one A4 sheet when printing. A chart is an <svg> in a closed shadow root that Material
// renders from the Mermaid source; printed at its own size, a long chart is sliced across
// sheets. CSS zoom on its host scales it from outside the shadow root.
//
// Runs on `beforeprint` (the browser's Print); scripts/make_pdf.py calls
// window.hbFitFlowcharts() itself before it prints.
(function () {
  "use strict"

  var MM = 96 / 25.4
  // A4 is 210 × 297 mm; leave room for the margins, the heading and the caption.
  var MAX_WIDTH = 180 * MM
  var MAX_HEIGHT = 215 * MM

  function charts() {
    return Array.prototype.slice.call(document.querySelectorAll(".hb-flowchart div.mermaid"))
  }

  function fit() {
    charts().forEach(function (chart) {
      chart.style.zoom = ""
      chart.style.width = "fit-content" // the host's box is then the chart's own size
      var box = chart.getBoundingClientRect()
      if (!box.width || !box.height) return
      var scale = Math.min(1, MAX_WIDTH / box.width, MAX_HEIGHT / box.height)
      if (scale < 1) chart.style.zoom = scale.toFixed(3)
    })
  }

  function unfit() {
    charts().forEach(function (chart) {
      chart.style.zoom = ""
      chart.style.width = ""
    })
  }

  window.addEventListener("beforeprint", fit)
  window.addEventListener("afterprint", unfit)
  window.hbFitFlowcharts = fit
})()
