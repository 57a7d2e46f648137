"""7. Lighthouse's mobile profile: a first visit to a text page, a procedure page (checklist,
flowchart, quiz) and the tools page under 1.6 Mbps down, 750 kbps up, 150 ms round trip and
a CPU slowed 4× (Chrome DevTools Protocol: Network.emulateNetworkConditions,
Emulation.setCPUThrottlingRate), with the service worker blocked (the page alone, as
Lighthouse loads it): DOMContentLoaded, the longest main-thread task until the load event
(with what a Chromium trace says it was spent on), the bytes sent and the bytes of Mermaid
(0: the flowcharts are SVG drawn at build time). The same pages unthrottled give the longest
task on a fast machine."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

from . import log
from .serving import sent_size, serve
from .transfer import LONG_TASKS, attribute

# Lighthouse's mobile throttling (its "simulated" values, applied as DevTools throttling).
PROFILE = {"down_kbps": 1600, "up_kbps": 750, "rtt_ms": 150, "cpu": 4}
PAGES = [
    # (type, path, what it holds)
    ("text", "/preface/", "text only"),
    ("procedure", "/conduct/telephone/", "checklist + flowchart + quiz"),
    ("procedure", "/after-sales/fault-handling/", "checklist + the largest flowchart"),
    ("calculator", "/tools/", "both calculators (Python starts as the page loads)"),
]
TARGETS = {"procedure_dcl_s": 2.0, "procedure_task_ms": 200, "unthrottled_task_ms": 100, "mermaid_bytes": 0}


def _load(browser, base: str, path: str, throttled: bool) -> dict:
    context = browser.new_context(service_workers="block", viewport={"width": 360, "height": 740},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    seen: dict[str, str] = {}

    def done(request):
        response = request.response()
        if response is not None and response.status < 400:
            seen.setdefault(request.url, response.headers.get("content-encoding") or "")
    context.on("requestfinished", done)
    context.add_init_script(LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if throttled:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": PROFILE["rtt_ms"],
            "downloadThroughput": PROFILE["down_kbps"] * 1000 / 8, "uploadThroughput": PROFILE["up_kbps"] * 1000 / 8})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PROFILE["cpu"]})
    browser.start_tracing(page=page, categories=["devtools.timeline", "v8.execute", "toplevel"])
    page.goto(base + path, wait_until="load", timeout=300_000)
    page.wait_for_timeout(1000)  # tasks just after load (module scripts' follow-ups)
    trace = json.loads(browser.stop_tracing())
    timing = page.evaluate("""() => { const n = performance.getEntriesByType("navigation")[0]
      return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, longest: Math.max(0, ...__long)} }""")
    page.close()
    context.close()
    site_requests = {u: e for u, e in seen.items() if u.startswith(base)}
    return {"dcl_ms": round(timing["dcl"]), "load_ms": round(timing["load"]), "longest_task_ms": round(timing["longest"]),
            "long_tasks": attribute(trace)[:3], "requests": len(seen),
            "offsite_requests": sorted(u for u in seen if not u.startswith(base)),
            "mermaid_requests": sorted(u for u in seen if "mermaid" in u.lower()), "site_requests": site_requests}


def bench_mobile(browser, site) -> dict:
    server, base = serve(site)
    rows = []
    try:
        for kind, path, note in PAGES:
            row = {"type": kind, "path": path, "note": note}
            for name, throttled in (("mobile", True), ("unthrottled", False)):
                loaded = _load(browser, base, path, throttled)
                sent = {u: sent_size(site, urlsplit(u).path, e) for u, e in loaded.pop("site_requests").items()}
                loaded["bytes"] = sum(sent.values())
                loaded["mermaid_bytes"] = sum(b for u, b in sent.items() if "mermaid" in u.lower()) + (
                    1 if loaded["mermaid_requests"] and not any("mermaid" in u for u in sent) else 0)
                row[name] = loaded
            rows.append(row)
            m, u = row["mobile"], row["unthrottled"]
            log(f"  mobile {kind:10} {path:30} DCL {m['dcl_ms']:6} ms, load {m['load_ms']:6} ms, longest task "
                f"{m['longest_task_ms']:5} ms, {m['bytes'] / 1024:7.1f} KB, Mermaid {m['mermaid_bytes']} B; unthrottled "
                f"longest task {u['longest_task_ms']} ms")
    finally:
        server.shutdown()
    return {"profile": PROFILE, "targets": TARGETS, "pages": rows}
