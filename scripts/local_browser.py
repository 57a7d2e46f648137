"""Debian's Chromium against a site served on 127.0.0.1, with nothing fetched from elsewhere:
the one kit the browser tests, the benchmarks and `make pdf` use.

- CHROMIUM_ARGS: no sandbox (containers), and none of Chromium's own background traffic;
- chromium_path(): Debian's chromium, or a clear message how to install it;
- serve(): a directory on a free 127.0.0.1 port, quietly (`make serve` serves the same way);
- guard_offsite(): every request to another host aborted and recorded.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # Without these, Chromium keeps trying to reach outside hosts on its own.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class BrowserMissing(RuntimeError):
    pass


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserMissing("Debian's chromium is not installed: `apt-get install chromium fonts-noto-cjk` (.ci/run does it)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no request log on stderr."""

    def log_message(self, *args):
        pass


def serve(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
          ) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on a free port of 127.0.0.1: (server, base URL). Stop with server.shutdown()."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def guard_offsite(context, offsite: list[str]) -> None:
    """Abort, and append to `offsite`, every request of a Playwright browser context to any host
    but 127.0.0.1 (data: and blob: URLs are the page's own)."""
    def route(r):
        url = r.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            r.continue_()
        else:
            offsite.append(url)
            r.abort()
    context.route("**/*", route)
