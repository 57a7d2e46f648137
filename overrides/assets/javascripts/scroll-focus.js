// A table Material wraps in a sideways-scrolling box (a phone), and a flowchart's box, take
// keyboard focus while they scroll, as Material's code blocks do (axe:
// scrollable-region-focusable), and say they scroll: a hint above the box (data-hint on this
// script tag: data/labels.yml layout.scroll_hint, by hooks/page_words.py) and a shadow on the
// side with more (handbook.css), while the content is wider than its box. Checked again
// whenever a box or its content changes size (a diagram drawn late, a turned phone). After
// Material's bundle (document$); a file, as the Content-Security-Policy allows no inline script.
"use strict"
{
  const hint = document.currentScript.dataset.hint
  const BOXES = ".md-typeset__scrollwrap, .hb-flowchart__scroll"

  const check = (box) => {
    const wide = box.scrollWidth > box.clientWidth + 1
    const before = box.previousElementSibling
    const shown = before && before.classList.contains("hb-scroll-hint")
    if (wide) box.tabIndex = 0
    else box.removeAttribute("tabindex")
    box.classList.toggle("hb-scrolls", wide)
    if (wide && !shown) {
      const p = document.createElement("p")
      p.className = "hb-scroll-hint"
      p.setAttribute("aria-hidden", "true")
      p.textContent = hint
      box.parentNode.insertBefore(p, box)
    } else if (!wide && shown) before.remove()
  }
  const shadows = (box) => {
    box.classList.toggle("hb-scrolls--left", box.scrollLeft > 1)
    box.classList.toggle("hb-scrolls--right", box.scrollLeft + box.clientWidth < box.scrollWidth - 1)
  }
  const seen = new WeakSet()
  const resized = "ResizeObserver" in window
    ? new ResizeObserver((entries) => {
      for (const e of entries) {
        const box = e.target.closest(BOXES)
        if (box) { check(box); shadows(box) }
      }
    })
    : null
  const all = () => {
    for (const box of document.querySelectorAll(BOXES)) {
      check(box)
      shadows(box)
      if (seen.has(box)) continue
      seen.add(box)
      box.addEventListener("scroll", () => shadows(box), { passive: true })
      if (resized) {
        resized.observe(box)
        if (box.firstElementChild) resized.observe(box.firstElementChild)
      }
    }
  }
  document$.subscribe(all)
  window.addEventListener("resize", all)
}
