"""Every built page, both languages, opened in Chromium: no request off the site, no
request that fails (404s included) and no error in the console."""
from __future__ import annotations

import pytest

from side_by_side import TABS, side_by_side
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


def _watch(tab, site_url: str, seen: dict, errors: dict):
    """Record, under the URL the tab shows, every request it makes and every error it meets."""
    tab.on("request", lambda r: seen.setdefault(tab.url, []).append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.setdefault(tab.url, []).append(m.text))
    tab.on("pageerror", lambda e: errors.setdefault(tab.url, []).append(str(e)))
    tab.on("response", lambda r: r.status >= 400 and errors.setdefault(tab.url, []).append(f"{r.status} {r.url}"))
    # A request the browser cancels because the crawl moves on to the next page (a worker's
    # script still loading on a busy machine) is not the site's failure; any other is.
    tab.on("requestfailed", lambda r: r.url.startswith(site_url) and r.failure != "net::ERR_ABORTED"
           and errors.setdefault(tab.url, []).append(f"failed {r.url}: {r.failure}"))
    return tab


def test_every_page_loads_only_from_this_site_without_errors(desktop, site_url, offsite_requests):
    pages = _all_pages()
    assert len(pages) > 50 and "/en/" in pages and "/404.html" in pages
    seen: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    tabs = [_watch(desktop.new_page(), site_url, seen, errors) for _ in range(TABS)]
    # networkidle: late requests (fonts, diagrams, icons, workers) are made by then.
    visited = [path for _, path in side_by_side(desktop, site_url, pages, "networkidle", tabs)]
    assert visited == pages
    # The `desktop` fixture aborts and records any request not to 127.0.0.1 and fails on it;
    # say here which page made it.
    offenders = {p: [u for u in urls if not u.startswith((site_url, "data:", "blob:"))] for p, urls in seen.items()}
    offenders = {p: u for p, u in offenders.items() if u}
    assert not offenders and not offsite_requests, offenders
    assert not errors, errors
