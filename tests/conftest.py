"""Shared fixtures: the project's paths, the built site, and a local server for browser tests."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from project_copy import copy_project
from site_pages import SITE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site() -> Path:
    # `make test` builds first; a bare `pytest` on a stale tree must say so, not pass vacuously.
    if not (SITE / "index.html").exists() or not (SITE / "en" / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (or `make test`, which builds first)")
    return SITE


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 (a free port), as `make serve` serves it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project to edit and build (tests/project_copy.py)."""
    return copy_project(tmp_path)
