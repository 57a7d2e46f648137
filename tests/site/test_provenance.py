"""Provenance at every point of use: a crawl of the built site in both languages, and of the
quiz exports. Every element rendered from reference-draft data carries the mark, and no
element rendered from V4 text does. Which elements are drafts comes from the data (page
front matter, procedure sources, data/service_levels.yml), never from a list here."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from handbook.data_files import page_statuses, procedures, service_levels
from handbook.labels import label
from handbook.questions import compiled
from handbook.quiz_export import gift, moodle_xml
from site_pages import DOCS, built_path, read_built, zh_sources

LANGS = ["zh", "en"]
DRAFT = "reference-draft"


def _pages(lang: str):
    for src in zh_sources():
        rel = src.relative_to(DOCS).as_posix()
        yield rel, page_statuses()[rel], read_built(built_path(src, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_page_says_so_in_its_title_h1_and_at_every_clause(built_site, lang):
    suffix, mark = label("provenance.suffix", lang), label("provenance.mark", lang)
    drafts = 0
    for rel, status, page in _pages(lang):
        if rel == "print.md":
            continue  # every page at once: checked below
        draft = status == DRAFT
        drafts += draft
        title, h1 = page.soup.title.get_text(), page.article.select_one("h1").get_text()
        assert (suffix in title) is draft and (suffix in h1) is draft, (rel, title, h1)
        clauses = [li for li in page.article.select("li[id]") if not li["id"].startswith("step-")]
        for li in clauses:
            marks = li.find_all(class_="hb-draft-mark", recursive=False)
            assert len(marks) == draft and (not draft or marks[0].get_text() == mark), (rel, li.get("id"))
    assert drafts >= 9


@pytest.mark.parametrize("lang", LANGS)
def test_the_nav_entry_of_every_draft_page_is_marked_and_no_other(built_site, lang):
    suffix = label("provenance.suffix", lang)
    page = read_built(built_path(DOCS / "index.md", lang))
    titles = {a.get_text(" ", strip=True) for a in page.soup.select("nav.md-nav--primary a.md-nav__link")}
    marked = {t for t in titles if suffix.strip() in t}
    assert marked and all(t.endswith(suffix.strip()) for t in marked)
    # One marked entry per draft page in the nav, no more.
    drafts = [s for s in page_statuses().values() if s == DRAFT]
    assert len(marked) == len(drafts)


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_table_checklist_flowchart_and_time_limit_carries_its_provenance(built_site, lang):
    levels = service_levels()
    status_of = {pid: (DRAFT if p.source.reference_draft else "converted") for pid, p in procedures().items()}
    seen = {"table": 0, "checklist": 0, "limit": 0, "flowchart": 0}
    for rel, _, page in _pages(lang):
        for table in page.article.select(".hb-rule-table"):
            seen["table"] += 1
            caption = table.select_one(".hb-provenance")
            assert table["data-provenance"] == levels.status and caption is not None, rel
            assert caption.get_text().startswith(label(f"provenance.{levels.status}", lang)), rel
        for box in page.article.select(".hb-checklist"):
            seen["checklist"] += 1
            status = status_of[box["data-procedure"]]
            assert box["data-status"] == status, rel
            meta = box.select_one(".hb-checklist__meta")
            assert meta.get_text().startswith(label(f"provenance.{status}", lang)), rel
            assert (label(f"provenance.{DRAFT}", lang) in meta.get_text()) is (status == DRAFT), rel
        for limit in page.article.select(".hb-limit"):
            seen["limit"] += 1
            assert limit["data-provenance"] == levels.status
            assert limit.select_one(f".hb-provenance--{levels.status}").get_text() == label(
                f"provenance.{levels.status}", lang)
        for figure in page.article.select("figure.hb-flowchart"):
            seen["flowchart"] += 1
            status = status_of[figure["data-procedure"]]
            assert figure["data-status"] == status
            assert figure.select_one(f"figcaption .hb-provenance--{status}") is not None
    assert all(seen.values()), seen


@pytest.mark.parametrize("lang", LANGS)
def test_every_calculator_says_where_its_values_come_from(built_site, lang):
    levels = service_levels()
    forms = 0
    for rel, _, page in _pages(lang):
        for form in page.article.select("form.hb-widget"):
            forms += 1
            note = form.select_one(".hb-widget__provenance")
            assert note.select_one(f".hb-provenance--{levels.status}").get_text() == label(
                f"provenance.{levels.status}", lang)
            # The link goes to the table the values are in, which exists on the page it names.
            href = note.select_one("a")["href"]
            assert "#time-limits" in href or "#escalation" in href
    assert forms >= 8


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_question_is_marked_on_the_page_and_in_both_exports(built_site, lang):
    mark = label("quiz.draft_mark", lang)
    bank = compiled(lang)
    drafts = {q["id"] for q in bank if page_statuses()[q["clause"].split("#")[0]] == DRAFT}
    assert drafts and len(drafts) < len(bank)
    for q in bank:
        assert q["draft"] is (q["id"] in drafts) and (q["draft_mark"] == mark) is (q["id"] in drafts)
    root = ET.fromstring(moodle_xml(list(bank)).encode("utf-8"))
    for el in root:
        if el.get("type") == "category":
            continue
        text = el.findtext("questiontext/text")
        assert text.startswith(mark) is (el.findtext("name/text") in drafts)
    for block in gift(list(bank)).split("\n\n"):
        if block.startswith("//"):
            qid = block.split("\n")[0][3:]
            assert (f"::{qid}::{mark}" in block.replace("\\", "")) is (qid in drafts), qid
    # On the pages: the quiz data carries the same flag the page shows as a badge.
    for rel, _, page in _pages(lang):
        for data in page.article.select("script.hb-quiz__data"):
            for q in json.loads(data.get_text()):
                assert q["draft"] is (q["id"] in drafts)
