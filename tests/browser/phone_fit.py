"""What does not fit a phone, measured in the page (tests/browser/test_phone.py).

- too wide: an element wider than the viewport, or reaching past its right edge, that is
  not inside a box which scrolls sideways on its own (overflow-x auto/scroll, wider content
  than its width). Only the outermost offender is named, with its width.
- small targets: controls under 44 × 44 CSS px (WCAG 2.5.5): buttons, inputs, selects,
  text areas, summaries, and Material's header and navigation controls (label buttons,
  the language selector). Links in running text or in lists are not counted (WCAG exempts
  inline targets). A checkbox or radio button is measured with its label, which is its
  target too (as is the label a visually hidden file input stands under); a control that is
  not rendered (display: none, zero size) is not counted.
- unhinted: a box in the content that scrolls sideways (its content is wider) without the
  visible hint above it (p.hb-scroll-hint, added by overrides/main.html).
"""
from __future__ import annotations

MEASURE = """() => {
  const vw = document.documentElement.clientWidth
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p)
      if ((s.overflowX === "auto" || s.overflowX === "scroll") && p.clientWidth <= vw) return true
    }
    return false
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "")
  const wide = []
  const walk = (el) => {
    for (const child of el.children) {
      const r = child.getBoundingClientRect()
      const s = getComputedStyle(child)
      if (s.display === "none" || s.visibility === "hidden" || (r.width === 0 && r.height === 0)) continue
      if (s.position === "fixed" && r.right <= 0) continue // an off-screen drawer
      if ((r.width > vw + 0.5 || r.right > vw + 0.5) && r.left > -vw && !scrolls(child)) {
        wide.push(name(child) + " " + Math.round(r.width) + "px")
        continue
      }
      if (!(s.overflowX === "auto" || s.overflowX === "scroll" || s.overflowX === "hidden")) walk(child)
    }
  }
  walk(document.body)
  const small = []
  const controls = document.querySelectorAll("button, input:not([type=hidden]), select, textarea, summary,"
    + " label.md-header__button, .md-header__button, .md-header__option .md-select__inner, .md-nav__button")
  for (const el of controls) {
    const s = getComputedStyle(el)
    let target = el
    const own = el.getBoundingClientRect()
    // A checkbox or radio button, or an input drawn as its label (a file input under a
    // label styled as a button), is tapped through its label.
    if (el.tagName === "INPUT" && el.closest("label")
        && (el.matches("[type=checkbox], [type=radio]") || own.width <= 2 || own.height <= 2)) target = el.closest("label")
    const r = target.getBoundingClientRect()
    if (s.display === "none" || s.visibility === "hidden" || r.width === 0 || r.height === 0) continue
    if (r.right <= 0 || r.left >= vw) continue // off screen (a closed drawer)
    if (el.closest("[hidden]")) continue
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) small.push(name(el) + " " + Math.round(r.width) + "×" + Math.round(r.height))
  }
  const unhinted = []
  for (const box of document.querySelectorAll(".md-content *")) {
    const s = getComputedStyle(box)
    if (!(s.overflowX === "auto" || s.overflowX === "scroll") || box.scrollWidth <= box.clientWidth + 1) continue
    if (box.clientWidth === 0 || box.closest("[hidden]")) continue
    const hint = box.previousElementSibling
    const shown = hint && hint.matches(".hb-scroll-hint") && hint.getBoundingClientRect().height > 0
    if (!shown) unhinted.push(name(box) + " " + box.clientWidth + "/" + box.scrollWidth + "px")
  }
  return { wide, small, unhinted }
}"""
