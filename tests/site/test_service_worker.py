"""The service worker precaches the whole site, versioned per build; the app is installable."""
from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess

from site_pages import ROOT, SITE


def precache(sw: str) -> dict[str, str]:
    """url → revision of the precache manifest Workbox wrote into sw.js."""
    return {m.group(1): m.group(2) for m in re.finditer(r'\{url:"([^"]+)",revision:"([^"]+)"\}', sw)}


def test_every_page_index_and_runtime_file_is_precached(built_site):
    entries = precache((SITE / "sw.js").read_text(encoding="utf-8"))
    pages = [p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html")]
    missing = [p for p in pages if p not in entries]
    assert not missing
    for needed in ["search/search_index.json", "en/search/search_index.json", "assets/vendor/mermaid/mermaid.min.js",
                   "assets/vendor/pyodide/pyodide.asm.wasm", "assets/vendor/pyodide/pyodide-lock.json",
                   "assets/javascripts/workers/rules-worker.js", "assets/javascripts/workers/search-handbook.js",
                   "site.webmanifest"]:
        assert needed in entries, needed
    wheels = [p.name for p in (SITE / "assets/vendor/pyodide").glob("*.whl")]
    assert wheels and all(f"assets/vendor/pyodide/{w}" in entries for w in wheels)
    assert not any(u.endswith(".gz") or u == "sw.js" for u in entries)


def test_a_changed_file_gets_a_new_revision_and_the_rest_keep_theirs(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("*.gz"))
    before = precache((copy / "sw.js").read_text(encoding="utf-8"))
    page = copy / "conduct" / "telephone" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- a new build -->", encoding="utf-8")
    subprocess.run(["node", str(ROOT / "hooks" / "build_sw.mjs"), str(copy)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    after = precache((copy / "sw.js").read_text(encoding="utf-8"))
    changed = {u for u in before if before[u] != after.get(u)}
    assert changed == {"conduct/telephone/index.html"}
    # The old precache is dropped when the new worker activates.
    assert "cleanupOutdatedCaches" in (ROOT / "hooks" / "build_sw.mjs").read_text(encoding="utf-8")


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_makes_the_site_installable(built_site):
    manifest = json.loads((SITE / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"] and manifest["name"]
    sizes = {}
    for icon in manifest["icons"]:
        width, height = _png_size(SITE / icon["src"])
        assert icon["sizes"] == f"{width}x{height}"
        sizes[width] = icon
    assert {192, 512} <= set(sizes)
    for lang_root in (SITE, SITE / "en"):
        html = (lang_root / "conduct" / "telephone" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="manifest" href="[./]*site\.webmanifest">', html)
        assert 'serviceWorker.register("' in html
