"""The benchmark's generated corpus builds: every generated procedure's flowchart can be drawn
at the largest size the benchmark grows the handbook to (a clause too long for a box once
failed `make bench` at 20x, in the flowchart layout's check)."""
from __future__ import annotations

import shutil

import yaml

from bench.build import SCALES
from bench.corpus import clause_pool, generate_corpus, zh_pages
from handbook.procedures import Procedure
from macros.flowchart import _words
from macros.flowchart_layout import layout
from site_pages import ROOT


def test_every_generated_procedure_draws_at_the_largest_scale(tmp_path):
    for part in ("data", "checklists", "questions"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    real = len(zh_pages(ROOT / "docs"))
    generate_corpus(tmp_path, (max(SCALES) - 1) * real, clause_pool(ROOT / "docs"))
    generated = sorted((tmp_path / "checklists").glob("gen-*.yml"))
    assert len(generated) >= (max(SCALES) - 1) * real // 2
    for path in generated:
        procedure = Procedure.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for lang in ("zh", "en"):
            assert layout(procedure, lang, _words(procedure, lang), path.name).startswith("<svg")
