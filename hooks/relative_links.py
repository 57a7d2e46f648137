"""MkDocs hook: the home pages' language links relative, so the site works at any path.

mkdocs-static-i18n gives the language switch of every page a link relative to the page,
except on the home pages, which get the configured links "/" and "/en/" as they are: from
https://intranet.example/handbook/ they led to the host's root. Here they are made relative
like the others. Every other link MkDocs and Material write is relative already (the 404
page's are absolute by design: they come from `site_url`, set with SITE_URL at build time).
"""
from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

_SWITCH = re.compile(r'(<a href=")(/[^"]*)(" hreflang="[^"]+" class="md-select__link">)')


def relative(link: str, page_url: str) -> str:
    """A site-absolute link ("/en/") as seen from the page at `page_url` ("en/", "")."""
    out = get_relative_url(link.lstrip("/") or ".", page_url or ".")
    return out if out.endswith("/") else out + "/"


def on_post_page(output, page, config, **kwargs):
    return _SWITCH.sub(lambda m: m[1] + relative(m[2], page.url) + m[3], output)
