"""Golden files: the rendered checklist, flowchart (SVG) and rule tables, in both languages,
from frozen inputs beside them (tests/site/golden/procedure.yml and service_levels.yml).

A change in rendering shows as a readable diff of the expected file. When the change is
meant, rewrite the expected files with `make golden` (pytest tests/site/test_golden.py
--update-golden), review `git diff tests/site/golden/`, and commit it with the change.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from handbook.data_files import parse
from handbook.procedures import Procedure
from handbook.service_levels import ServiceLevels
from macros import checklist, flowchart, rule_tables

GOLDEN = Path(__file__).resolve().parent / "golden"
LANGS = ["zh", "en"]
PAGE_URL = "after-sales/fault-handling/"  # where the checklist is rendered (its links are relative to it)


def _levels() -> ServiceLevels:
    path = GOLDEN / "service_levels.yml"
    return parse(path.read_text(encoding="utf-8"), ServiceLevels, path.name)


def _procedure() -> Procedure:
    path = GOLDEN / "procedure.yml"
    limits = {t.id for t in _levels().time_limits}
    return parse(path.read_text(encoding="utf-8"), Procedure, path.name, context={"time_limits": limits})


def _rule_tables(lang: str) -> str:
    levels = _levels()
    return "\n\n".join([rule_tables.severity_table(lang, levels), rule_tables.priority_matrix(lang, levels),
                        rule_tables.time_limits_table(None, lang, levels), rule_tables.escalation_ladder(lang, levels)])


RENDERINGS = {
    "checklist.{lang}.html": lambda lang: checklist.render(_procedure(), _levels(), lang, PAGE_URL),
    # One element a line, so that a change in the drawing reads as a diff.
    "flowchart.{lang}.svg": lambda lang: flowchart.svg(_procedure(), lang, "tests/site/golden/procedure.yml").replace("><", ">\n<"),
    "rule-tables.{lang}.md": _rule_tables,
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", RENDERINGS)
def test_rendering_matches_the_golden_file(name, lang, request):
    expected = GOLDEN / name.format(lang=lang)
    actual = RENDERINGS[name](lang) + "\n"
    if request.config.getoption("--update-golden"):
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"{expected.name} is missing: run `make golden`"
    assert actual == expected.read_text(encoding="utf-8"), (
        f"{expected.name} differs from the rendering: if the change is meant, run `make golden` and commit the diff")
