"""3. Page load to the first calculator answer, cold and warm: our widget (with and without the
service worker) against the same function under PyScript and bare Pyodide (pyscript.py), and
the same rules worker alone on an empty page (worker_only.py)."""
from __future__ import annotations

import html
import json
import re
import shutil
import statistics
import tempfile
from contextlib import contextmanager
from pathlib import Path

from scripts.local_browser import guard_offsite

from . import log
from .pyscript import PYSCRIPT_PROBE, PYSCRIPT_VERSION, persistent, pyscript_dir, pyscript_probe
from .serving import serve
from .startup import PROBE
from .worker_only import PAGE_NAME, worker_only_root

# When the widget's status line changes (rules-widget.js): worker started ("runtime"), Python
# booted and the wheels being unpacked ("packages", full loads only), ready to answer.
PHASES = """
window.__phases = {};
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("#widget-deadline .hb-widget__status");
  new MutationObserver(() => {
    const state = status.dataset.state;
    if (state && !(state in __phases)) __phases[state] = performance.now();
  }).observe(status, {attributes: true, attributeFilter: ["data-state"]});
});
"""

# After a cold answer the reader stays on the page: the rules worker stores its memory
# snapshot in IndexedDB just after the first answer, and the service worker finishes
# caching the calculators (its status says none is missing). Closing the page at once would
# lose both and make "warm" a second cold load; a second visit during the caching competes
# with it (a warm start of 1.24 s against 0.8 s once it is done).
SETTLE = """async (withServiceWorker) => {
  const saved = () => new Promise(resolve => {
    const open = indexedDB.open("handbook-rules", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("snapshots");
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const get = db.transaction("snapshots").objectStore("snapshots").getKey("service-norms");
        get.onsuccess = () => { db.close(); resolve(get.result !== undefined) };
        get.onerror = () => { db.close(); resolve(false) };
      } catch (e) { db.close(); resolve(false) }
    };
  });
  const start = performance.now();
  let snapshot = true;
  while (!(await saved())) {
    if (performance.now() - start > 60000) { snapshot = false; break }
    await new Promise(r => setTimeout(r, 250));
  }
  let sw = null;
  if (withServiceWorker && navigator.serviceWorker) {
    sw = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise(r => setTimeout(() => r(false), 120000))]);
    // ... and until it has cached the calculators (asked after the first answer): a second
    // visit during that caching competes with it for the machine, which is not a warm start.
    const missing = () => new Promise(resolve => {
      const worker = navigator.serviceWorker.controller;
      if (!worker) return resolve(null);
      const channel = new MessageChannel();
      channel.port1.onmessage = e => resolve(e.data && e.data.tiers ? e.data.tiers.calculators.missing : null);
      worker.postMessage({type: "status"}, [channel.port2]);
      setTimeout(() => resolve(null), 5000);
    });
    const t0 = performance.now();
    while (sw && (await missing()) !== 0 && performance.now() - t0 < 120000) await new Promise(r => setTimeout(r, 250));
  }
  return {snapshot, sw};
}"""


def _answer_run(context, url: str, probe: str, settle: bool | None = None) -> dict:
    """Open `url`, wait for the first answer; `settle` (None: don't) waits for the snapshot and,
    if True, for the service worker too, before the page is closed."""
    page = context.new_page()
    page.add_init_script(probe)
    page.goto(url)
    page.wait_for_function("() => window.__bench && __bench.answer !== null", timeout=180_000)
    result = page.evaluate("() => ({answer: __bench.answer, longest: Math.max(0, ...__bench.longtasks)})")
    result["phases"] = page.evaluate("() => window.__phases || {}")
    result["text"] = page.evaluate("() => (document.querySelector('#widget-deadline') || {dataset: {}}).dataset.answer"
                                   " || document.querySelector('#answer')?.textContent")
    if settle is not None:
        result["settled"] = page.evaluate(SETTLE, settle)
    page.close()
    return result


@contextmanager
def _fresh_profile(p, tmp: Path, offsite: list[str], block_sw: bool):
    """A Chromium context on a new profile on disk (a cold start: nothing cached), refusing
    requests off the site; closed and its profile deleted afterwards."""
    profile = Path(tempfile.mkdtemp(prefix="bench-profile-", dir=tmp))
    context = persistent(p, profile, block_sw=block_sw)
    guard_offsite(context, offsite)
    try:
        yield context
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def deadline_request(site: Path) -> tuple[str, str]:
    """(request, limit): what the tools page's deadline widget sends for the form PROBE fills
    (rules-widget.js argsOf), so every variant is asked the same and the same answer is expected."""
    tools = (site / "tools" / "index.html").read_text(encoding="utf-8")
    levels = json.loads(html.unescape(re.search(r'id="widget-deadline"[^>]*data-levels="([^"]*)"', tools)[1]))
    limit = re.search(r'<select id="deadline-limit" name="limit"><option value="([^"]+)"', tools)[1]
    request = json.dumps({"fn": "deadline", "lang": "zh", "levels": levels,
                          "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": limit}},
                         ensure_ascii=False)
    return request, limit


def bench_widget(p, tmp: Path, site: Path, runs: int) -> dict:
    request, limit = deadline_request(site)
    # The site, with the empty page of worker_only.py beside it.
    server, base = serve(worker_only_root(tmp, site, request))
    ps_root = pyscript_dir(tmp, site, request)
    ps_server, ps_base = serve(ps_root)
    stores = {name: {"cold": [], "warm": []} for name in ("widget", "widget_no_sw", "worker_only", "pyscript", "bare")}
    # After a cold answer, wait for the snapshot (None: don't) and the service worker (True).
    settles = {"widget": True, "widget_no_sw": False, "worker_only": True}
    offsite: list[str] = []
    texts = set()
    try:
        variants = [("widget", base + "/tools/", PROBE + PHASES), ("widget_no_sw", base + "/tools/", PROBE + PHASES),
                    ("worker_only", f"{base}/{PAGE_NAME}", PYSCRIPT_PROBE),
                    ("pyscript", ps_base + "/index.html", PYSCRIPT_PROBE), ("bare", ps_base + "/bare.html", PYSCRIPT_PROBE)]
        # One unmeasured cold load of each page first: the first Chromium start and the first
        # read of the files from disk took seconds more than any later load (a 6.9 s "cold"
        # against 2.2 s in the runs after it), and would land on whichever variant went first.
        for name, url, probe in variants:
            with _fresh_profile(p, tmp, offsite, block_sw=True) as context:
                _answer_run(context, url, probe)
        for run in range(runs):
            # A different variant first in each run: a busy spell of the machine hits each alike.
            k = run % len(variants)
            for name, url, probe in variants[k:] + variants[:k]:
                store = stores[name]
                # widget_no_sw: the same page with the service worker blocked.
                with _fresh_profile(p, tmp, offsite, block_sw=name == "widget_no_sw") as context:
                    for temp in ("cold", "warm"):
                        settle = settles.get(name) if temp == "cold" else None
                        r = _answer_run(context, url, probe, settle)
                        store[temp].append(r)
                        log(f"  widget {name:12} {temp} run {run + 1}: {r['answer'] / 1000:6.2f} s"
                            f"  longest main-thread block {r['longest']:.0f} ms {r.get('settled', '')}")
                        texts.add((name, r["text"]))
        probes = [pyscript_probe(p, ps_base, page, tmp) for page in ("default.html", "packages.html")]
    finally:
        server.shutdown()
        ps_server.shutdown()

    def side(store: dict, **extra) -> dict:
        cold = [r["answer"] / 1000 for r in store["cold"]]
        warm = [r["answer"] / 1000 for r in store["warm"]]
        phases = {temp: {k: round(statistics.median(r["phases"][k] for r in store[temp] if k in r["phases"]))
                         for k in ("runtime", "packages", "ready") if any(k in r["phases"] for r in store[temp])}
                  for temp in ("cold", "warm")}
        return {"cold_s": round(statistics.median(cold), 2), "warm_s": round(statistics.median(warm), 2),
                **({"phases_ms": phases} if any(phases.values()) else {}),
                "cold_runs": [round(x, 2) for x in cold], "warm_runs": [round(x, 2) for x in warm],
                "longest_block_ms": round(max(r["longest"] for r in store["cold"] + store["warm"])), **extra}

    answers = {t for _, t in texts}
    return {"runs": runs, "start": "2025-09-30T16:00", "limit": limit,
            "widget": side(stores["widget"], how="Pyodide in a module Web Worker; warm restores a memory snapshot"
                                                 " (IndexedDB) and reads the service worker's cache"),
            "widget_no_sw": side(stores["widget_no_sw"], how="the same with the service worker blocked: warm = HTTP"
                                                             " cache + the memory snapshot"),
            "worker_only": side(stores["worker_only"], how="the same rules worker and service worker on an empty page"
                                                           " beside the site's files: no styles, layout or other scripts"),
            "pyscript": side(stores["pyscript"], version=PYSCRIPT_VERSION,
                             how="<script type=\"py\"> on the main thread; interpreter = the site's Pyodide,"
                                 " wheels unpacked with `files`; warm = HTTP cache"),
            "bare": side(stores["bare"], how="loadPyodide() on the main thread from the site's folder, the same wheels"
                                             " on sys.path, the import, the answer; warm = HTTP cache"),
            "same_answer": len(answers) == 1, "offsite_requests": sorted(set(offsite)), "pyscript_probes": probes}
