"""The mkdocs hooks (listed, in order, under `hooks:` in mkdocs.yml), as an importable package.

mkdocs loads each hook from its file; the tests import the same modules as `hooks.<name>`.
Every hook that writes into the finished site does it once, in the outer build: see
`nested_build`.
"""
from __future__ import annotations


def nested_build(config) -> bool:
    """True in mkdocs-static-i18n's nested per-language build (the en pages, built inside the
    zh build). Hooks that work on the whole site (search indexes, vendored assets, the Pyodide
    bundle, the service worker, the .gz twins) return at once there: the outer build, which
    ends after every language is built, does their work on the final site/."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and bool(getattr(i18n, "building", False))


PREVIEW_ENV = "HANDBOOK_PREVIEW"


def preview() -> bool:
    """True under `make preview` (mkdocs serve --dirty, HANDBOOK_PREVIEW=1): an author's live
    preview, rebuilt at every save. What only a deployed site needs is left out there: the
    .gz/.br twins and the service worker; the Pyodide bundle is written once, not at every
    rebuild."""
    import os

    return bool(os.environ.get(PREVIEW_ENV))
