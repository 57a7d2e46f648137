"""Shared fixtures: the project's paths, the built site, and a local server for browser tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.local_browser import serve
from scripts.project_copy import copy_project
from site_pages import SITE

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items):
    """A test that reads the built site (the `built_site` fixture, or one made from it such as
    `site_url`) is marked `built`: `make test-fast` leaves those out and needs no build."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.built)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/site/golden/ from the current rendering (`make golden`)")


@pytest.fixture(scope="session")
def built_site() -> Path:
    # `make test` builds first; a bare `pytest` on a stale tree must say so, not pass vacuously.
    if not (SITE / "index.html").exists() or not (SITE / "en" / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (or `make test`, which builds first)")
    return SITE


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 (a free port), as `make serve` serves it."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A copy of the project to edit and build (scripts/project_copy.py)."""
    return copy_project(tmp_path)
