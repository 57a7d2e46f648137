"""A static server like nginx's brotli_static and gzip_static (deploy/nginx/handbook.conf), for
the byte counts and the page loads, and the size of what it sends for a URL."""
from __future__ import annotations

import email.utils
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scripts.local_browser import QuietHandler, serve as _serve


TWIN = {"br": ".br", "gzip": ".gz"}


class GzipStaticHandler(QuietHandler):
    """Serves `file.br` (`Content-Encoding: br`) or `file.gz` (gzip) when the browser accepts
    that encoding and the twin exists (deploy/nginx/handbook.conf: brotli_static, gzip_static);
    otherwise the file. Last-Modified / If-Modified-Since as SimpleHTTPRequestHandler; no
    Cache-Control."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        accepted = {e.split(";")[0].strip() for e in self.headers.get("Accept-Encoding", "").split(",")}
        encoding = next((e for e in ("br", "gzip") if e in accepted and os.path.isfile(path + TWIN[e])), None)
        if encoding is None or not os.path.isfile(path):
            return super().send_head()
        twin = path + TWIN[encoding]
        st = os.stat(twin)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(st.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        f = open(twin, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(st.st_size))
        self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
        self.end_headers()
        return f


GzipStaticHandler.extensions_map = {**QuietHandler.extensions_map,
                                    ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                                    ".webmanifest": "application/manifest+json"}


def serve(directory: Path):
    """(server, base URL) of `directory` on 127.0.0.1, .gz twins sent as nginx sends them."""
    return _serve(directory, GzipStaticHandler)


def sent_size(site: Path, url_path: str, encoding: str | None = "gzip") -> int:
    """Bytes the server sends for a URL path in `encoding` ("br", "gzip", "" for none): that
    twin if there is one, else the file."""
    path = site / unquote(url_path).lstrip("/")
    if path.is_dir() or url_path.endswith("/"):
        path = path / "index.html"
    twin = path.with_name(path.name + TWIN[encoding]) if encoding in TWIN else None
    if twin is not None and twin.is_file():
        return twin.stat().st_size
    return path.stat().st_size if path.is_file() else 0
