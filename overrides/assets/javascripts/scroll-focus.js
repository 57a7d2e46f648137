// A table Material wraps in a sideways-scrolling box (a phone) takes keyboard focus while it
// scrolls, as Material's code blocks do (axe: scrollable-region-focusable). After Material's
// bundle (document$); a file, as the Content-Security-Policy allows no inline script.
"use strict"
{
  const focusable = () => {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (box.scrollWidth > box.clientWidth) box.tabIndex = 0
      else box.removeAttribute("tabindex")
    }
  }
  document$.subscribe(focusable)
  window.addEventListener("resize", focusable)
}
