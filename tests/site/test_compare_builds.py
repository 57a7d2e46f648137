"""scripts/compare_builds.py: two builds are the same site but for the generator's name, or
every other difference is named (the gate behind `make build-properdocs`)."""
from __future__ import annotations

import gzip
import json

import brotli

from scripts.compare_builds import compare, main

PAGE = '<html><head><meta name="generator" content="{}"></head><body><h1>{}</h1></body></html>'


def _site(root, generator, heading="首问负责制", build="a1"):
    root.mkdir()
    page = PAGE.format(generator, heading).encode()
    (root / "index.html").write_bytes(page)
    (root / "index.html.gz").write_bytes(gzip.compress(page))
    (root / "index.html.br").write_bytes(brotli.compress(page))
    (root / "app.js").write_bytes(b"console.log(1)\n")
    manifest = {"build": build, "tiers": {"text": [["index.html", build, len(page)], ["app.js", "x", 15]]}}
    (root / "sw.js").write_text(f"const MANIFEST = {json.dumps(manifest)}\nself.addEventListener('fetch', f)\n")
    return root


def test_builds_that_differ_only_in_the_generator_are_the_same_site(tmp_path):
    a = _site(tmp_path / "a", "mkdocs-1.6.1, mkdocs-material-9.8.2")
    b = _site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2", build="b2")
    result = compare(a, b)
    assert result.ok and result.same == 1 and result.generator_only == 2


def test_a_changed_text_a_missing_file_and_a_stale_twin_are_each_named(tmp_path, capsys):
    a = _site(tmp_path / "a", "mkdocs-1.6.1")
    b = _site(tmp_path / "b", "properdocs", heading="首问负责")
    (b / "app.js").unlink()
    (b / "index.html.gz").write_bytes(gzip.compress(b"old"))
    assert main([str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "\n  index.html: line 1:" in out
    assert f"app.js: only in {a}" in out
    assert "b/index.html.gz: does not decompress to index.html" in out


def test_sw_js_must_list_the_same_files(tmp_path):
    a = _site(tmp_path / "a", "mkdocs")
    b = _site(tmp_path / "b", "properdocs")
    sw = (b / "sw.js").read_text().replace('["app.js", "x", 15]', '["other.js", "x", 15]')
    (b / "sw.js").write_text(sw)
    assert [d.split(":")[0] for d in compare(a, b).drifts] == ["sw.js"]
