// Starts Python (the calculators' rules worker) early, on pages with a calculator: a classic
// script in the head (overrides/main.html), so Python's start-up, the longest wait on such a
// page, can begin before the stylesheets have loaded. A file, not an inline script: the
// Content-Security-Policy allows none (SECURITY.md).
//
// window.hbRulesWorker() starts the worker once and keeps its messages until rules-widget.js
// (async) takes it over: {worker, early}; hbRulesWorker(true) starts a new one, the last one
// having failed. The script tag says where the worker and Pyodide are
// (data-worker, data-pyodide, relative to the page) and whether to start at once (data-start:
// front matter `start_python: true`); otherwise rules-near.js, after the content, starts it
// when a calculator is on screen, and rules-widget.js when one comes near.
"use strict"
{
  const script = document.currentScript
  let worker = null
  const early = []
  window.hbRulesWorker = (fresh = false) => {
    if (fresh && worker) {
      worker.terminate() // the last one failed: never reused
      worker = null
      early.length = 0
    }
    if (!worker) {
      const url = new URL(script.dataset.worker, location.href)
      url.searchParams.set("pyodide", new URL(script.dataset.pyodide, location.href).href)
      worker = new Worker(url.href, { type: "module" })
      worker.onmessage = worker.onerror = (event) => { early.push(event) }
    }
    return { worker, early: early.splice(0) }
  }
  // A calculator sent before rules-widget.js has run (it loads async) would reload the page
  // with the form in its URL: the form is kept for the script instead (data-early), until the
  // script marks the form ready and answers it itself.
  document.addEventListener("submit", (event) => {
    const form = event.target
    if (form.matches("form.hb-widget") && !("ready" in form.dataset)) {
      event.preventDefault()
      form.dataset.early = ""
    }
  }, true)
  if ("start" in script.dataset) window.hbRulesWorker()
}
