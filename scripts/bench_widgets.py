"""Benchmark: page load to the first calculator answer, cold and warm, and the longest
main-thread block while loading. Prints numbers; asserts nothing (machines are noisy).

    .venv/bin/python scripts/bench_widgets.py [--runs 3] [--page /tools/]

Serves the built site/ on 127.0.0.1, drives Debian's Chromium with a persistent profile
(Playwright's default context has only an in-memory cache, so "warm" needs a profile on
disk). Cold = a fresh profile; warm = the same profile, page opened again.
Targets (issue 4): cold < 3 s, warm < 1 s, no main-thread block over 50 ms.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# Records when the first answer lands and every long task (> 50 ms) on the main thread.
PROBE = """
window.__bench = {longtasks: [], answer: null};
new PerformanceObserver(list => { for (const e of list.getEntries()) __bench.longtasks.push(e.duration) })
  .observe({type: "longtask", buffered: true});
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#widget-deadline");
  new MutationObserver(() => {
    if (form.dataset.answer && __bench.answer === null) __bench.answer = performance.now();
  }).observe(form, {attributes: true, attributeFilter: ["data-answer"]});
  form.querySelector("[name=start]").value = "2025-09-30T16:00";
  form.requestSubmit();  // queued until the worker is ready: the time to the first answer
});
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve() -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def measure(context, url: str) -> dict:
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.__bench && __bench.answer !== null", timeout=120_000)
    result = page.evaluate("() => ({answer: __bench.answer, longest: Math.max(0, ...__bench.longtasks),"
                           " longtasks: __bench.longtasks.length})")
    # Bytes over the network (a cache hit transfers 0), the worker's fetches included.
    result["bytes"] = page.evaluate("() => performance.getEntriesByType('resource').reduce((n, e) => n + e.transferSize, 0)")
    page.close()
    return result


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="/tools/")
    ns = parser.parse_args()
    if not (SITE / "index.html").exists():
        raise SystemExit("site/ is not built: run `make build`")
    server, base = serve()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    cold, warm = [], []
    with sync_playwright() as p:
        for _ in range(ns.runs):
            profile = tempfile.mkdtemp(prefix="bench-profile-")
            context = p.chromium.launch_persistent_context(profile, executable_path=chromium, args=ARGS, headless=True)
            context.add_init_script(PROBE)
            cold.append(measure(context, base + ns.page))
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
    print(f"Calculator page {ns.page}, {ns.runs} runs, headless Chromium, localhost, no compression")
    row("cold", cold, 3)
    row("warm", warm, 1)
    print(f"warm / cold = {statistics.median(r['answer'] for r in warm) / statistics.median(r['answer'] for r in cold):.2f}")


if __name__ == "__main__":
    main()
