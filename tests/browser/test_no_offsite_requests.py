"""Every built page, both languages, opened in Chromium: no request off the site, no
request that fails (404s included) and no error in the console."""
from __future__ import annotations

import pytest

from site_pages import SITE

pytestmark = pytest.mark.browser


def _all_pages() -> list[str]:
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append("/" + rel.removesuffix("index.html"))
    return pages


def test_every_page_loads_only_from_this_site_without_errors(desktop, site_url, offsite_requests):
    pages = _all_pages()
    assert len(pages) > 50 and "/en/" in pages and "/404.html" in pages
    page = desktop.new_page()
    seen: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    page.on("request", lambda r: seen.setdefault(page.url, []).append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.setdefault(page.url, []).append(m.text))
    page.on("pageerror", lambda e: errors.setdefault(page.url, []).append(str(e)))
    page.on("response", lambda r: r.status >= 400 and errors.setdefault(page.url, []).append(f"{r.status} {r.url}"))
    # A request the browser cancels because the crawl moves on to the next page (a worker's
    # script still loading on a busy machine) is not the site's failure; any other is.
    page.on("requestfailed", lambda r: r.url.startswith(site_url) and r.failure != "net::ERR_ABORTED"
            and errors.setdefault(page.url, []).append(f"failed {r.url}: {r.failure}"))
    for path in pages:
        # networkidle: late requests (fonts, diagrams, icons, workers) are made by then.
        page.goto(site_url + path, wait_until="networkidle")
    # The `desktop` fixture aborts and records any request not to 127.0.0.1 and fails on it;
    # say here which page made it.
    offenders = {p: [u for u in urls if not u.startswith((site_url, "data:", "blob:"))] for p, urls in seen.items()}
    offenders = {p: u for p, u in offenders.items() if u}
    assert not offenders and not offsite_requests, offenders
    assert not errors, errors
