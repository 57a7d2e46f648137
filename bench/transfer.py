"""2. Bytes a first visit transfers per page type, compressed as nginx sends it (the .br or .gz
twins hooks/precompress.py writes), in headless Chromium with the service worker on: the
page, its workers, and what the service worker fetches in the background in the first 30 s.
Per page type also the longest main-thread task while it loads, and what a Chromium trace
says caused it."""
from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import log
from .serving import sent_size, serve

TEXT_PAGE_TARGET_KB = 150
TEXT_PAGE_20X_TARGET_KB = 300
FIRST_VISIT_TARGET_MB = 1.5
CALCULATOR_TARGET_MB = 4
BACKGROUND_S = 30

PAGE_TYPES = [
    # (type, path, what it holds)
    ("text", "/preface/", "text only"),
    ("checklist", "/conduct/telephone/", "checklist + flowchart (SVG in the page) + quiz"),
    ("flowchart", "/after-sales/fault-handling/", "checklist + the largest flowchart (SVG in the page)"),
    ("calculator", "/tools/", "both calculators, Pyodide loaded, first answer shown"),
    ("quiz", "/quiz/", "quiz trainer (the whole question bank inline)"),
]

LONG_TASKS = """
window.__long = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) __long.push(e.duration) })
  .observe({type: "longtask", buffered: true});
"""


def category(url_path: str) -> str:
    if "/assets/vendor/pyodide/" in url_path:
        return "pyodide"
    if "mermaid" in url_path.lower():  # none since the flowcharts are SVG drawn at build time
        return "mermaid"
    if url_path.endswith(("/search/search_index.json", "/search/search_docs.json")):
        return "search_index"
    return "other"


def attribute(trace: dict, threshold_ms: float = 50) -> list[dict]:
    """The main thread's tasks over `threshold_ms` in a Chromium trace, each with the script
    (or the kind of work) that took most of it."""
    events = trace.get("traceEvents", trace if isinstance(trace, list) else [])
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"}
    tasks, inner = [], []
    for e in events:
        if (e.get("pid"), e.get("tid")) not in main or e.get("ph") != "X" or "dur" not in e:
            continue
        (tasks if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask") else inner).append(e)
    out = []
    for task in tasks:
        if task["dur"] < threshold_ms * 1000:
            continue
        start, end = task["ts"], task["ts"] + task["dur"]
        blame: dict[str, float] = {}
        for e in inner:
            if start <= e["ts"] < end and e["name"] in ("EvaluateScript", "FunctionCall", "v8.compile", "ParseHTML",
                                                        "UpdateLayoutTree", "Layout", "Paint", "v8.parseOnBackground",
                                                        "TimerFire", "FireAnimationFrame", "EventDispatch"):
                data = e.get("args", {}).get("data", {})
                url = data.get("url") or data.get("scriptName") or ""
                key = f"{e['name']} {urlsplit(url).path}" if url else e["name"]
                blame[key] = blame.get(key, 0) + e["dur"] / 1000
        top = sorted(blame.items(), key=lambda kv: -kv[1])[:3]
        out.append({"ms": round(task["dur"] / 1000), "by": [f"{k} ({v:.0f} ms)" for k, v in top]})
    return sorted(out, key=lambda t: -t["ms"])


def load_page(browser, base: str, path: str, calculator: bool = False, with_sw: bool = True,
              background_s: float = BACKGROUND_S) -> dict:
    """Every URL the page, its workers and its service worker fetched from the network,
    with its status and encoding; the longest main-thread task and its attribution."""
    context = browser.new_context(service_workers="allow" if with_sw else "block")
    seen: dict[str, tuple[int, str]] = {}

    def done(request):
        response = request.response()
        if not request.url.startswith(base) or response is None or response.from_service_worker:
            return
        path_ = urlsplit(request.url).path
        if path_ not in seen:
            seen[path_] = (response.status, (response.headers.get("content-encoding") or ""))
    context.on("requestfinished", done)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    browser.start_tracing(page=page, categories=["devtools.timeline", "v8.execute", "toplevel"])
    t0 = time.monotonic()
    page.goto(base + path, wait_until="load")
    trace = json.loads(browser.stop_tracing())
    longest = page.evaluate("() => Math.max(0, ...__long)")
    if calculator:
        page.fill("#deadline-start", "2025-09-30T16:00")
        page.eval_on_selector("#widget-deadline", "f => f.requestSubmit()")
        page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=180_000)
    page.wait_for_load_state("networkidle")
    if with_sw:
        # What the service worker fetches meanwhile (the text, on a first visit), until it is
        # done or the time is up.
        try:
            page.wait_for_function("() => navigator.serviceWorker.controller !== null",
                                   timeout=max(1, background_s - (time.monotonic() - t0)) * 1000)
        except Exception:  # noqa: BLE001 - not done within the time: counted as far as it got
            pass
        page.wait_for_timeout(500)
    page.close()
    context.close()
    return {"requests": seen, "longest_task_ms": round(longest), "long_tasks": attribute(trace)}


def _summary(site: Path, loaded: dict, leave_out: str | None = None) -> dict:
    totals = {"pyodide": 0, "mermaid": 0, "search_index": 0, "other": 0}
    missing = []
    for path, (status, encoding) in loaded["requests"].items():
        if status >= 400:
            missing.append(path)
            continue
        kind = category(path)
        if kind == leave_out:
            continue
        totals[kind] += sent_size(site, path, encoding)
    return {"total": sum(totals.values()), **totals, "requests": len(loaded["requests"]), "not_found": sorted(missing),
            "longest_task_ms": loaded["longest_task_ms"], "long_tasks": loaded["long_tasks"][:3]}


def bench_bytes(browser, site: Path, big_site: Path | None) -> dict:
    server, base = serve(site)
    rows = []
    try:
        for kind, path, note in PAGE_TYPES:
            calculator = kind == "calculator"
            page_only = _summary(site, load_page(browser, base, path, calculator, with_sw=False))
            first_visit = _summary(site, load_page(browser, base, path, calculator, with_sw=True))
            row = {"type": kind, "path": path, "note": note, **page_only,
                   "first_visit": first_visit["total"], "first_visit_requests": first_visit["requests"]}
            rows.append(row)
            log(f"  bytes {kind:10} {path:22} page {row['total'] / 1024:8.1f} KB, first visit with the service worker"
                f" {row['first_visit'] / 1024:8.1f} KB; longest task {row['longest_task_ms']} ms {row['long_tasks'][:1]}")
    finally:
        server.shutdown()
    result = {"target_text_kb": TEXT_PAGE_TARGET_KB, "target_text_20x_kb": TEXT_PAGE_20X_TARGET_KB,
              "target_first_visit_mb": FIRST_VISIT_TARGET_MB, "target_calculator_mb": CALCULATOR_TARGET_MB,
              "background_s": BACKGROUND_S, "pages": rows, "service_worker": tiers(site)}
    if big_site is not None:
        server, base = serve(big_site)
        try:
            loaded = load_page(browser, base, "/preface/", with_sw=False)
        finally:
            server.shutdown()
        result["text_page_20x"] = {"type": "text", "path": "/preface/", **_summary(big_site, loaded)}
        log(f"  bytes text at 20x {result['text_page_20x']['total'] / 1024:8.1f} KB")
    return result


def tiers(site: Path) -> dict:
    """What the service worker caches, per tier (its manifest): files and bytes as sent."""
    from hooks.service_worker import manifest_of

    data = manifest_of(site)
    return {tier: {"files": len(files), "bytes": sum(f[2] for f in files)} for tier, files in data["tiers"].items()}
