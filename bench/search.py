"""4. Search latency in Chromium: last keystroke to results shown, median and p90, for the
queries of data/search_queries.yml (the ones tests/browser/test_search.py checks)."""
from __future__ import annotations

import math
import statistics
from pathlib import Path

from handbook.data_files import search_queries as handbook_queries

from . import log
from .serving import sent_size, serve

SEARCH_PROBE = """
window.__search = {t0: null, t1: null};
document.addEventListener("keydown", e => {
  if (e.key === "End" && e.target.matches("input.md-search__input")) { __search.t0 = performance.now(); __search.t1 = null }
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (__search.t0 !== null && __search.t1 === null && list.querySelector(".md-search-result__item"))
      requestAnimationFrame(() => { if (__search.t1 === null) __search.t1 = performance.now() });
  }).observe(list, {childList: true, subtree: true});
});
"""


def search_queries() -> tuple[list[str], list[str]]:
    queries = handbook_queries()
    return [q for q, _ in queries["zh"]], [q for q, _ in queries["en"]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _search_times(context, base: str, home: str, queries: list[str], reps: int) -> list[float]:
    page = context.new_page()
    page.add_init_script(SEARCH_PROBE)
    page.goto(base + home)
    box = page.locator("input.md-search__input")
    box.click()
    times = []
    for rep in range(reps + 1):  # the first round warms the index and the worker up, not counted
        for query in queries:
            box.fill("")
            page.keyboard.press("End")
            page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
            box.fill(query)
            page.keyboard.press("End")
            page.wait_for_function("() => __search.t1 !== null", timeout=30_000)
            if rep:
                times.append(page.evaluate("() => __search.t1 - __search.t0"))
    page.close()
    return times


def bench_search(browser, sites: dict[str, Path], reps: int) -> dict:
    zh, en = search_queries()
    rows = []
    for label, site in sites.items():
        server, base = serve(site)
        try:
            for lang, home, queries in (("zh", "/", zh), ("en", "/en/", en)):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                times = _search_times(context, base, home, queries, reps)
                context.close()
                index = site / ("search" if lang == "zh" else "en/search") / "search_docs.json"
                rows.append({"site": label, "lang": lang, "queries": len(queries), "samples": len(times),
                             "median_ms": round(statistics.median(times), 1), "p90_ms": round(percentile(times, 0.9), 1),
                             "index_kb": round(sent_size(site, "/" + index.relative_to(site).as_posix()) / 1024, 1)})
                log(f"  search {label:4} {lang}: median {rows[-1]['median_ms']} ms, p90 {rows[-1]['p90_ms']} ms")
        finally:
            server.shutdown()
    return {"reps": reps, "rows": rows}
