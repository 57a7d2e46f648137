// Material's search, set up before its bundle runs (overrides/main.html, right after Material's
// __config): a classic script in the page, as a file because the Content-Security-Policy allows
// no inline script (SECURITY.md).
// - The search worker is search-handbook.js, which wraps Material's worker (its name written in
//   at build time) and fixes whole-word Chinese queries.
// - English pages search their own index (data-own-index, hooks/search_index.py): their
//   search base is /en/ instead of the site root.
// - The search overlay has role="dialog" and no name (axe: aria-dialog-name): data-label.
// - The search entries are fetched by the search worker when search is first used: the box
//   getting focus (a click, a tap on the header's search button, or the search key) says so.
"use strict"
{
  const script = document.currentScript
  const element = document.getElementById("__config")
  const config = JSON.parse(element.textContent)
  config.search = config.search.replace(/[^/]*$/, "search-handbook.js")
  if (script.dataset.ownIndex) config.base = config.base.replace(/\/?$/, "/" + script.dataset.ownIndex + "/")
  element.textContent = JSON.stringify(config)

  document.querySelector(".md-search")?.setAttribute("aria-label", script.dataset.label)

  const input = document.querySelector(".md-search__input")
  if (input && typeof BroadcastChannel !== "undefined") {
    const docs = new URL(config.base.replace(/\/?$/, "/") + "search/search_docs.json", location.href).href
    const load = () => {
      new BroadcastChannel("handbook-search").postMessage({ load: docs })
      input.removeEventListener("focus", load)
    }
    input.addEventListener("focus", load)
  }
}
