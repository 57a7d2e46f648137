"""2. Bytes a first visit transfers per page type, gzip as nginx's gzip_static sends it, in
headless Chromium with the service worker blocked; and what the service worker then precaches."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from . import log
from .serving import sent_size, serve

TEXT_PAGE_TARGET_KB = 300

PAGE_TYPES = [
    # (type, path, what it holds)
    ("text", "/preface/", "text only"),
    ("checklist", "/conduct/telephone/", "checklist + quiz; the page's Mermaid requests left out"),
    ("flowchart", "/conduct/telephone/", "checklist + flowchart (Mermaid) + quiz"),
    ("calculator", "/tools/", "both calculators, Pyodide loaded, first answer shown"),
    ("quiz", "/quiz/", "quiz trainer (the whole question bank inline)"),
]


def category(url_path: str) -> str:
    if "/assets/vendor/pyodide/" in url_path:
        return "pyodide"
    if "/assets/vendor/mermaid/" in url_path:
        return "mermaid"
    if url_path.endswith("/search/search_index.json"):
        return "search_index"
    return "other"


def load_page(context, base: str, path: str, calculator: bool = False) -> list[tuple[str, int]]:
    """(URL path, status) of every request the page and its workers made, until quiet."""
    page = context.new_page()
    seen: list[tuple[str, int]] = []

    def done(request):
        response = request.response()
        if request.url.startswith(base):
            seen.append((urlsplit(request.url).path, response.status if response else 0))
    page.on("requestfinished", done)
    page.goto(base + path, wait_until="load")
    if calculator:
        page.fill("#deadline-start", "2025-09-30T16:00")
        page.eval_on_selector("#widget-deadline", "f => f.requestSubmit()")
        page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=180_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.close()
    return seen


def _summary(site: Path, requests: list[tuple[str, int]], leave_out: str | None = None) -> dict:
    totals = {"pyodide": 0, "mermaid": 0, "search_index": 0, "other": 0}
    urls = set()
    missing = []
    for path, status in requests:
        if path in urls:
            continue
        urls.add(path)
        if status >= 400:
            missing.append(path)
            continue
        kind = category(path)
        if kind == leave_out:
            continue
        totals[kind] += sent_size(site, path)
    total = sum(totals.values())
    return {"total": total, **totals, "requests": len(urls), "not_found": sorted(missing)}


def precache_size(site: Path) -> dict:
    """What the service worker downloads after the first page: its precache list, at the size
    the server sends each file."""
    sw = (site / "sw.js").read_text(encoding="utf-8")
    urls = re.findall(r'url:"([^"]+)"', sw)
    return {"files": len(urls), "bytes": sum(sent_size(site, "/" + u) for u in urls),
            "raw_bytes": sum((site / u).stat().st_size for u in urls if (site / u).is_file())}


def bench_bytes(browser, site: Path, big_site: Path | None) -> dict:
    server, base = serve(site)
    rows = []
    try:
        for kind, path, note in PAGE_TYPES:
            context = browser.new_context(service_workers="block")
            requests = load_page(context, base, path, calculator=kind == "calculator")
            context.close()
            row = {"type": kind, "path": path, "note": note,
                   **_summary(site, requests, leave_out="mermaid" if kind == "checklist" else None)}
            rows.append(row)
            log(f"  bytes {kind:10} {path:22} {row['total'] / 1024:8.1f} KB ({row['requests']} requests)")
    finally:
        server.shutdown()
    result = {"target_text_kb": TEXT_PAGE_TARGET_KB, "pages": rows, "precache": precache_size(site)}
    if big_site is not None:
        server, base = serve(big_site)
        try:
            context = browser.new_context(service_workers="block")
            requests = load_page(context, base, "/preface/")
            context.close()
        finally:
            server.shutdown()
        result["text_page_20x"] = {"type": "text", "path": "/preface/", **_summary(big_site, requests)}
        log(f"  bytes text at 20x {result['text_page_20x']['total'] / 1024:8.1f} KB")
    return result
