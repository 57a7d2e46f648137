"""Benchmark: page load to the first calculator answer, cold and warm, and the longest
main-thread block while loading. Prints numbers; asserts nothing (machines are noisy).

    .venv/bin/python -m bench.startup [--runs 3] [--page /tools/] [--site DIR] [--no-sw]

Serves the built site/ on 127.0.0.1, drives Debian's Chromium with a persistent profile
(Playwright's default context has only an in-memory cache, so "warm" needs a profile on
disk). Cold = a fresh profile; warm = the same profile, the page opened again once the
first visit has settled: the rules worker has stored its memory snapshot in IndexedDB
(waited for, at most --settle seconds; a reader stays on a page longer than that).
Per phase, the time from navigation to each of the rules worker's messages: the worker
created, progress runtime / packages (full load) or snapshot (restored) / ready, answer.
--no-sw blocks the site's service worker (it caches the text in the background after the
first answer, and the calculators once a calculator has answered).
Targets (issue 4): cold < 3 s, warm < 1 s, no main-thread block over 50 ms.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from scripts.local_browser import CHROMIUM_ARGS, chromium_path, serve

from . import ROOT

SITE = ROOT / "site"
PHASES = ["worker", "runtime", "packages", "snapshot", "ready", "answer"]

# Records when the first answer lands, every long task (> 50 ms) on the main thread, and
# when the rules worker is created and reports progress.
PROBE = """
window.__bench = {longtasks: [], answer: null, phases: {}};
new PerformanceObserver(list => { for (const e of list.getEntries()) __bench.longtasks.push(e.duration) })
  .observe({type: "longtask", buffered: true});
(() => {
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      if (!String(url).includes("rules-worker")) return;
      __bench.phases.worker = performance.now();
      this.addEventListener("message", (e) => {
        const p = e.data && e.data.progress;
        if (p && !(p in __bench.phases)) __bench.phases[p] = performance.now();
      });
    }
  };
})();
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#widget-deadline");
  new MutationObserver(() => {
    if (form.dataset.answer && __bench.answer === null) __bench.answer = __bench.phases.answer = performance.now();
  }).observe(form, {attributes: true, attributeFilter: ["data-answer"]});
  form.querySelector("[name=start]").value = "2025-09-30T16:00";
  form.requestSubmit();  // queued until the worker is ready: the time to the first answer
});
"""

# True once the rules worker's snapshot is in IndexedDB (see rules-worker.js).
SNAPSHOT_STORED = """() => new Promise((resolve) => {
  const open = indexedDB.open("handbook-rules");
  open.onerror = () => resolve(false);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("snapshots")) { db.close(); return resolve(false); }
    const req = db.transaction("snapshots").objectStore("snapshots").getKey("service-norms");
    req.onsuccess = () => { db.close(); resolve(req.result !== undefined); };
    req.onerror = () => { db.close(); resolve(false); };
  };
})"""


def measure(context, url: str, settle: float = 0) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__bench && __bench.answer !== null", timeout=120_000)
    result = page.evaluate("() => ({answer: __bench.answer, longest: Math.max(0, ...__bench.longtasks),"
                           " longtasks: __bench.longtasks.length, phases: __bench.phases})")
    # Bytes over the network (a cache hit transfers 0), the worker's fetches not included.
    result["bytes"] = page.evaluate("() => performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)")
    result["stored"] = None
    if settle:
        # Let the visit finish what a reader's visit would: the snapshot is stored after the answer.
        t0, deadline = time.monotonic(), time.monotonic() + settle
        while time.monotonic() < deadline:
            if page.evaluate(SNAPSHOT_STORED):
                result["stored"] = (time.monotonic() - t0) * 1000
                break
            page.wait_for_timeout(100)
    page.close()
    return result


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="/tools/")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site to serve (default: site/)")
    parser.add_argument("--settle", type=float, default=15, help="longest wait for the snapshot before the warm visit (s)")
    parser.add_argument("--no-sw", action="store_true", help="block the site's service worker")
    ns = parser.parse_args()
    if not (ns.site / "index.html").exists():
        raise SystemExit(f"{ns.site} is not built: run `make build`")
    server, base = serve(ns.site)
    chromium = chromium_path()
    cold, warm = [], []
    with sync_playwright() as p:
        for _ in range(ns.runs):
            profile = tempfile.mkdtemp(prefix="bench-profile-")
            context = p.chromium.launch_persistent_context(
                profile, executable_path=chromium, args=CHROMIUM_ARGS, headless=True,
                service_workers="block" if ns.no_sw else "allow")
            context.add_init_script(PROBE)
            cold.append(measure(context, base + ns.page, settle=ns.settle))
            warm.append(measure(context, base + ns.page))
            context.close()
            shutil.rmtree(profile, ignore_errors=True)
    server.shutdown()

    def row(name, runs, target):
        answers = [r["answer"] / 1000 for r in runs]
        longest = max(r["longest"] for r in runs)
        print(f"{name:5} first answer  median {statistics.median(answers):5.2f} s  (runs: "
              f"{', '.join(f'{a:.2f}' for a in answers)})  target < {target} s  "
              f"longest main-thread block {longest:.0f} ms  page transferred {runs[0]['bytes'] / 1e6:.1f} MB (worker fetches not counted)")
        phases = [(k, statistics.median(r["phases"][k] for r in runs)) for k in PHASES
                  if all(k in r["phases"] for r in runs)]
        mixed = sorted({k for r in runs for k in r["phases"]} - {k for k, _ in phases})
        print(f"      phases, median ms from navigation: " + "  ".join(f"{k} {v:.0f}" for k, v in phases)
              + (f"  (only in some runs: {', '.join(mixed)})" if mixed else ""))
        print(f"      long tasks over 50 ms per load: {', '.join(str(r['longtasks']) for r in runs)}")
        stored = [r["stored"] for r in runs if r["stored"] is not None]
        if any(r["stored"] is not None or name == "cold" for r in runs):
            print(f"      snapshot stored after the answer: "
                  + (", ".join(f"{s:.0f} ms" for s in stored) if stored else "never")
                  + (f" ({len(runs) - len(stored)} runs: not within {ns.settle:g} s)" if stored and len(stored) < len(runs) else ""))
    print(f"Calculator page {ns.page}, {ns.runs} runs, headless Chromium, localhost, no compression, "
          f"service worker {'blocked' if ns.no_sw else 'allowed'}")
    row("cold", cold, 3)
    row("warm", warm, 1)
    print(f"warm / cold = {statistics.median(r['answer'] for r in warm) / statistics.median(r['answer'] for r in cold):.2f}")


if __name__ == "__main__":
    main()
