"""MkDocs hook: write the service worker (hooks/build_sw.mjs, Workbox from npm) once the
whole site, both languages and the vendored assets, is in site/.

Runs after vendor_assets (Mermaid) and pyodide_bundle (Pyodide, wheels), which it
precaches, and before precompression, which must see sw.js too.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks import nested_build

log = logging.getLogger("mkdocs.hooks.service_worker")
ROOT = Path(__file__).resolve().parent.parent


@event_priority(-300)
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the worker covers the whole site at the root
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "workbox-build").is_dir():
        raise PluginError("the service worker needs node and workbox-build: run `npm ci` (or `make build`)")
    result = subprocess.run([node, str(ROOT / "hooks" / "build_sw.mjs"), config.site_dir],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise PluginError(f"hooks/build_sw.mjs failed:\n{result.stderr[-2000:]}")
    for line in result.stdout.splitlines() + result.stderr.splitlines():
        (log.warning if "warn" in line.lower() else log.info)(line)
