"""The service worker: offline by choice, versioned per build; the app is installable."""
from __future__ import annotations

import json
import posixpath
import re
import shutil
import struct

from hooks import service_worker as hook
from site_pages import SITE


def manifest(sw: str) -> dict:
    """The MANIFEST hooks/service_worker.py put in front of hooks/sw.js."""
    return json.loads(re.search(r"^const MANIFEST = (\{.*\})$", sw, re.M).group(1))


def rows(data: dict) -> dict[str, tuple[str, str]]:
    """path → (tier, revision)."""
    return {path: (tier, rev) for tier, files in data["tiers"].items() for path, rev, _ in files}


def test_the_first_visit_caches_the_text_only(built_site):
    """Every page (with its flowcharts, SVG drawn at build time), both search indexes, styles
    and scripts are text; Pyodide waits until a calculator is used (or the reader keeps the
    whole handbook). There is no flowcharts tier: nothing of Mermaid is in the site."""
    data = manifest((SITE / "sw.js").read_text(encoding="utf-8"))
    entries = rows(data)
    pages = [p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html")]
    assert pages and all(entries.get(p, ("",))[0] == "text" for p in pages)
    for needed in ["search/search_index.json", "en/search/search_index.json", "site.webmanifest",
                   "assets/javascripts/offline.js", "assets/javascripts/workers/search-handbook.js", "404.html"]:
        assert entries[needed][0] == "text", needed
    assert list(data["tiers"]) == ["text", "calculators"]
    assert entries["assets/javascripts/flowchart.js"][0] == "text"
    assert not [p for p in entries if "mermaid" in p]
    calculators = {p for p, (tier, _) in entries.items() if tier == "calculators"}
    vendored = {p.relative_to(SITE).as_posix() for p in (SITE / "assets/vendor/pyodide").iterdir()
                if p.suffix not in (".gz", ".br")}
    assert vendored <= calculators
    # The rules worker and every module it imports (read from its import lines).
    assert {"assets/javascripts/workers/rules-worker.js", "assets/javascripts/workers/snapshot-cache.js",
            "assets/javascripts/workers/wheels.js"} <= calculators
    worker_dir = SITE / "assets/javascripts/workers"
    imported = set(re.findall(r'from "\./([^"]+)"', (worker_dir / "rules-worker.js").read_text(encoding="utf-8")))
    assert imported and {f"assets/javascripts/workers/{m}" for m in imported} <= calculators, imported
    assert not any(p.endswith((".gz", ".br", ".map")) or p in ("sw.js", "sitemap.xml") for p in entries)
    # What a first visit fetches in the background is the smaller part: the calculators wait.
    # (Its size against the 1.5 MB target is the benchmark's: bench/transfer.py.)
    text_bytes = sum(size for _, _, size in data["tiers"]["text"])
    assert text_bytes < sum(size for _, _, size in data["tiers"]["calculators"]) / 2


# What a module fetches from the site by a path relative to itself: `import … from "./x.js"`,
# `import("./x.js")`, `new URL("../x.mjs", import.meta.url)`.
IMPORTED = re.compile(r"""^import\s[^;"']*?["'](\.{1,2}/[^"']+)["']|\bimport\(\s*["'](\.{1,2}/[^"']+)["']"""
                      r"""|new URL\(\s*["'](\.{1,2}/[^"']+)["']\s*,\s*import\.meta\.url""", re.M)


def test_what_a_module_imports_is_cached_with_it(built_site):
    """A page's module works offline only if the modules it imports (dom.js, run-record.js, …)
    are in its tier or in the text tier, which every reader who has the worker has."""
    entries = rows(manifest((SITE / "sw.js").read_text(encoding="utf-8")))
    seen = set()
    for path, (tier, _) in entries.items():
        if not path.endswith((".js", ".mjs")) or path.startswith("assets/vendor/"):
            continue
        for m in IMPORTED.finditer((SITE / path).read_text(encoding="utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), next(filter(None, m.groups()))))
            assert target in entries, f"{path} imports {target}, which the worker does not cache"
            assert entries[target][0] in (tier, "text"), f"{path} ({tier}) imports {target} ({entries[target][0]})"
            seen.add(target)
    assert {"assets/javascripts/dom.js", "assets/javascripts/run-record.js",
            "assets/vendor/qrcode-generator/qrcode.mjs"} <= seen

def test_sizes_are_what_the_server_sends(built_site):
    data = manifest((SITE / "sw.js").read_text(encoding="utf-8"))
    for tier, files in data["tiers"].items():
        for path, _, size in files:
            twin = SITE / (path + ".gz")
            assert size == (twin if twin.is_file() else SITE / path).stat().st_size, path


def test_a_changed_file_gets_a_new_revision_and_build_and_the_rest_keep_theirs(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    before = hook.write_service_worker(copy)
    assert manifest((copy / "sw.js").read_text(encoding="utf-8")) == before
    page = copy / "conduct" / "telephone" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- a new build -->", encoding="utf-8")
    after = hook.write_service_worker(copy)
    old, new = rows(before), rows(after)
    assert {u for u in old if old[u] != new.get(u)} == {"conduct/telephone/index.html"}
    assert before["build"] != after["build"]
    # The same site gives the same worker.
    assert hook.write_service_worker(copy) == after


def test_the_worker_keeps_an_open_page_on_its_build():
    """An update waits for the reader (skipWaiting only on offline.js's request, or on the
    very first install), and old caches go only when the new worker activates."""
    source = (SITE.parent / "hooks" / "sw.js").read_text(encoding="utf-8")
    install = source.split('addEventListener("install"')[1].split('addEventListener("activate"')[0]
    assert "if (!self.registration.active) await self.skipWaiting()" in install
    assert "caches.delete" not in install
    assert "caches.delete" in source.split('addEventListener("activate"')[1].split('addEventListener("fetch"')[0]


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_makes_the_site_installable(built_site):
    manifest_ = json.loads((SITE / "site.webmanifest").read_text(encoding="utf-8"))
    assert manifest_["display"] == "standalone" and manifest_["start_url"] and manifest_["name"]
    sizes = {}
    for icon in manifest_["icons"]:
        width, height = _png_size(SITE / icon["src"])
        assert icon["sizes"] == f"{width}x{height}"
        sizes[width] = icon
    assert {192, 512} <= set(sizes)
    for lang_root in (SITE, SITE / "en"):
        html = (lang_root / "conduct" / "telephone" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="manifest" href="[./]*site\.webmanifest">', html)
        assert re.search(r'class="hb-offline hb-offline--footer"[^>]*data-sw="[./]*sw\.js"', html)
        assert 'src="../../assets/javascripts/offline.js"' in html or 'offline.js' in html


def test_the_calculators_start_is_listed_from_the_first_byte(built_site):
    """calculators.json names the files a first start fetches (the loader's and the wheels of
    service-norms' closure in the lock), so the download's total never grows as it goes."""
    sizes = json.loads((SITE / "assets" / "calculators.json").read_text(encoding="utf-8"))
    lock = json.loads((SITE / "assets/vendor/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
    wheels = {lock[n]["file_name"] for n in ("service-norms", *lock["service-norms"]["depends"])}
    assert set(sizes["start"]) == {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                                   "pyodide-lock.json"} | wheels
    assert not any(n.startswith("icalendar") for n in sizes["start"])  # the calendar extra comes when asked
    assert set(sizes["start"]) <= set(sizes["pyodide"])


def test_only_the_search_languages_the_site_uses_are_cached(built_site):
    """Of Material's lunr/ (some 30 languages, wordcut.js for Thai alone 157 KB gzip) the tiers
    hold what its search worker imports for zh and en, by the rule read from the worker itself:
    a Material update that changes the rule fails here, not offline on a phone."""
    entries = rows(manifest((SITE / "sw.js").read_text(encoding="utf-8")))
    lunr = {p for p in entries if p.startswith(hook.LUNR)}
    assert lunr == {hook.LUNR + f for f in ("min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js",
                                            "min/lunr.multi.min.js")}
    assert all(entries[p][0] == "text" for p in lunr)
    [worker] = (SITE / "assets/javascripts/workers").glob("search.*.min.js")
    source = worker.read_text(encoding="utf-8")
    rule = re.search(r'for\(let (\w) of \w+\.lang\)\{switch\(\1\)\{case"ja":\w+\.push\(`\$\{\w+\}/tinyseg\.js`\);break;'
                     r'case"hi":case"th":\w+\.push\(`\$\{\w+\}/wordcut\.js`\);break\}\1!=="en"&&\w+\.push\(`\$\{\w+\}/min/lunr\.\$\{\1\}\.min\.js`\)\}'
                     r'\w+\.lang\.length>1&&\w+\.push\(`\$\{\w+\}/min/lunr\.multi\.min\.js`\),\w+\.length&&\(yield importScripts\(`\$\{\w+\}/min/lunr\.stemmer\.support\.min\.js`',
                     source)
    assert rule, "Material's search worker imports lunr by another rule: update hooks/service_worker.search_scripts"


def test_the_search_scripts_follow_materials_rule(tmp_path):
    def scripts(*indexes):
        for n, langs in enumerate(indexes):
            path = tmp_path / str(n) / "search" / "search_index.json"
            path.parent.mkdir(parents=True)
            path.write_text(json.dumps({"config": {"lang": langs}}), encoding="utf-8")
        found = {p.removeprefix(hook.LUNR) for p in hook.search_scripts(tmp_path)}
        shutil.rmtree(tmp_path)
        tmp_path.mkdir()
        return found
    assert scripts(["en"]) == set()
    assert scripts(["ja"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.ja.min.js", "tinyseg.js"}
    assert scripts(["en"], ["th"]) == {"min/lunr.stemmer.support.min.js", "min/lunr.th.min.js", "wordcut.js",
                                       "min/lunr.multi.min.js"}
