"""Editions at build level: today's site (the first edition) marks nothing; a test edition
with three changes shows exactly those three, in both languages, on the what-changed page and
on the clause's page; bad edition files fail the build by file, line and field."""
from __future__ import annotations

import re

import pytest
from editions_fixture import CLAUSE, EDITION, LIMIT, NEW_EN, NEW_ZH, STEP, make_test_edition

from scripts.project_copy import build, copy_project


def _changes(html: str, edition: str) -> list[str]:
    section = re.search(rf'<section class="hb-edition" data-edition="{edition}".*?</section>', html, re.S).group(0)
    return re.findall(r'<li class="hb-change" data-change="\w+" data-key="([^"]+)"', section)


def test_the_first_edition_marks_nothing(built_site):
    for page in built_site.rglob("index.html"):
        assert 'class="hb-changed"' not in page.read_text(encoding="utf-8"), page
    for lang in ("", "en/"):
        html = (built_site / lang / "changes" / "index.html").read_text(encoding="utf-8")
        assert _changes(html, "2026-12") == []
        assert 'hb-edition-line' in (built_site / lang / "print" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def edition_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("edition"))
    make_test_edition(project)
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "out"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_changes_page_shows_exactly_the_three_changes(edition_site, lang):
    prefix = "en/" if lang == "en" else ""
    html = (edition_site / prefix / "changes" / "index.html").read_text(encoding="utf-8")
    # Provenance changes first: the time limit, then the clause and the step in the handbook's order.
    assert _changes(html, EDITION) == [LIMIT, CLAUSE, STEP]
    assert _changes(html, "2026-12") == []
    if lang == "zh":  # character by character: 落落大方 → 大方得体 keeps 大方
        assert "<del><span class=\"hb-visually-hidden\">〔删除：</span>落落<span" in html
        assert "<ins><span class=\"hb-visually-hidden\">〔新增：</span>得体<span" in html
        assert "出处：参考草案（非 V4 原文） → V4 原文" in html and "第一章 1. 基本行为准则 · 1.1 精神风貌" in html
        assert "1 处改动" not in html and "3 处改动" in html
    else:  # word by word
        assert "[deleted: </span>at ease<span" in html and "[added: </span>relaxed<span" in html
        assert "Provenance: Reference draft (not V4 text) → V4 text" in html and "Ch. 1, §1 Basic code of conduct, 1.1 Bearing" in html
        assert "3 changes" in html
    assert "clause:" not in re.sub(r'data-key="[^"]*"', "", html)  # never an internal id on the page
    assert '../conduct/basic-conduct/#bearing-manner' in html
    edition_line = f'{"版次" if lang == "zh" else "Edition"} {EDITION}'
    assert edition_line in (edition_site / prefix / "print" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_clause_page_marks_the_changed_clause_with_its_old_text(edition_site, lang):
    prefix = "en/" if lang == "en" else ""
    html = (edition_site / prefix / "conduct" / "basic-conduct" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="hb-changed"') == 1
    item = re.search(r'<li id="bearing-manner">(.*?)</li>', html, re.S).group(1)
    assert "<details class=\"hb-changed\"" in item and (NEW_ZH if lang == "zh" else NEW_EN) in item
    assert ("落落大方" if lang == "zh" else "at ease") in item  # the old text, in the mark
    fault = (edition_site / prefix / "after-sales" / "fault-handling" / "index.html").read_text(encoding="utf-8")
    assert fault.count('class="hb-changed"') == 1  # the limit, now V4 text
    # The table's row says the limit is now V4 text, though the table is still a draft.
    assert ('data-provenance="converted">（V4 原文）' if lang == "zh" else 'data-provenance="converted">(V4 text)') in fault
    assert ("版次 2027-01 之前的出处：参考草案" if lang == "zh" else "Provenance before edition 2027-01: Reference draft") in fault


def _editions_yml(project):
    return project / "data" / "editions.yml"


def test_an_edition_file_that_does_not_parse_fails_the_build_by_file_and_line(project_copy):
    path = _editions_yml(project_copy)
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [broken\n", encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert re.search(r"data/editions.yml:\d+: not valid YAML", result.stderr), result.stderr[-2000:]


def test_a_clause_gone_without_being_recorded_fails_the_build_naming_it(project_copy):
    page = project_copy / "docs" / "conduct" / "basic-conduct.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("  { #bearing-manner }\n", ""), encoding="utf-8")
    twin = project_copy / "docs" / "conduct" / "basic-conduct.en.md"
    twin.write_text(twin.read_text(encoding="utf-8").replace("  { #bearing-manner }\n", ""), encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "clause:conduct/basic-conduct.md#bearing-manner of edition '2026-12' is gone from the current text" in result.stderr


def test_search_finds_the_changes_pages_and_the_worker_keeps_them_as_text(built_site):
    import json

    from test_service_worker import manifest, rows
    for lang in ("", "en/"):
        docs = json.loads((built_site / lang / "search" / "search_docs.json").read_text(encoding="utf-8"))["docs"]
        assert any(d["location"] == "changes/" for d in docs), lang
    entries = rows(manifest((built_site / "sw.js").read_text(encoding="utf-8")))
    assert entries["changes/index.html"][0] == "text" and entries["en/changes/index.html"][0] == "text"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_procedure_page_holds_what_changed_since_its_older_version(edition_site, lang):
    prefix = "en/" if lang == "en" else ""
    html = (edition_site / prefix / "conduct" / "customer-visits" / "index.html").read_text(encoding="utf-8")
    since = re.search(r'<details class="hb-checklist__since" data-since-version="1" hidden>.*?</details>', html, re.S).group(0)
    assert re.findall(r'data-key="([^"]+)"', since) == [STEP]  # only the step removed
    assert ("进门后客随主便" if lang == "zh" else "follow your host&#x27;s lead") in since
    assert 'data-since-version="2"' not in html  # the current version has nothing to show
