"""MkDocs hook: the "not found" page in both languages, 404.html (zh) and en/404.html (en).

mkdocs-static-i18n renders the theme's 404.html template (overrides/404.html) in each
language's build, but both builds write it to site/404.html: the nested en build, which
runs last, overwrote the Chinese one. Here the outer (zh) build's page is kept in memory
before the nested build starts (this hook's on_post_build runs before the i18n plugin's,
which starts it), and the nested build's page is moved to en/404.html and the Chinese one
written back. The service worker serves the one of the URL's language offline
(hooks/sw.js), nginx online (deploy/nginx/*.conf, error_page).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

from hooks import nested_build

# Its words: hooks/page_words.py (not_found_words, for overrides/404.html).

_kept: dict[str, str] = {}
_SWITCH = re.compile(r'<a href="[^"]*" hreflang="(zh|en)" class="md-select__link">')


def _home_links(html: str, base: str) -> str:
    """The language switch of a 404 page leads to each language's home page: rendered without
    a page, it otherwise keeps the alternates of the last page the build rendered."""
    return _SWITCH.sub(lambda m: f'<a href="{base}{"en/" if m[1] == "en" else ""}" hreflang="{m[1]}" class="md-select__link">', html)


@event_priority(-50)  # before mkdocs-static-i18n's (-100), which runs the nested en build
def on_post_build(config, **kwargs):
    page = Path(config.site_dir) / "404.html"
    if not page.is_file():
        return
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    html = _home_links(page.read_text(encoding="utf-8"), base)
    if not nested_build(config):
        _kept["zh"] = html
        page.write_text(html, encoding="utf-8")
        return
    en = Path(config.site_dir) / "en" / "404.html"
    en.parent.mkdir(parents=True, exist_ok=True)
    en.write_text(html, encoding="utf-8")
    if "zh" in _kept:
        page.write_text(_kept.pop("zh"), encoding="utf-8")
