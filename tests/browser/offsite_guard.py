"""Abort and record every request a browser context makes to any host but 127.0.0.1."""
from __future__ import annotations

from urllib.parse import urlsplit


def guard(context, offsite):
    def route(r):
        host = urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()
    context.route("**/*", route)
