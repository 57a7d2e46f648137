"""Provenance at every point of use: a crawl of the built site in both languages, and of the
quiz exports. Every element rendered from reference-draft data carries the mark, and no
element rendered from V4 text does; what restates V4 clauses (checklists, flowcharts, quiz
explanations) says "compiled from V4 clauses" and never "V4 text". Which elements are what
comes from the data (page front matter, procedure sources, data/service_levels.yml), never
from a list here."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from handbook.data_files import page_statuses, procedures, service_levels
from handbook.labels import label
from handbook.questions import compiled
from handbook.quiz_export import gift, moodle_xml
from handbook.sections import section_status
from handbook.data_files import structure
from site_pages import DOCS, built_path, read_built, zh_sources

LANGS = ["zh", "en"]
DRAFT = "reference-draft"
COMPILED = "compiled"
# The macros whose values are data/service_levels.yml's: a site page holding one computes
# with those values, and is marked as a draft in its title when they are one.
_CALCULATORS = ("{{ deadline_calculator(", "{{ escalation_widget(")


def _computes_with_draft_values(rel: str) -> bool:
    text = (DOCS / rel).read_text(encoding="utf-8")
    return service_levels().status == DRAFT and any(call in text for call in _CALCULATORS)


def _title_marked(rel: str, status: str) -> bool:
    return status == DRAFT or (status == "site" and _computes_with_draft_values(rel))


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
        marked = _title_marked(rel, status)
        title, h1 = page.soup.title.get_text(), page.article.select_one("h1").get_text()
        assert (suffix in title) is marked and (suffix in h1) is marked, (rel, title, h1)
        # A checklist step and a chapter's list of its sections (each with its own badge) are not clauses.
        clauses = [li for li in page.article.select("li[id]") if not li["id"].startswith(("step-", "section-"))]
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
    # One marked entry per draft page (and per site page computing with draft values) in the
    # nav, no more.
    drafts = [rel for rel, s in page_statuses().items() if _title_marked(rel, s)]
    assert len(marked) == len(drafts)


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_table_checklist_flowchart_and_time_limit_carries_its_provenance(built_site, lang):
    levels = service_levels()
    status_of = {pid: (DRAFT if p.source.reference_draft else COMPILED) for pid, p in procedures().items()}
    v4 = label("provenance.converted", lang)
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
            # Nothing a checklist says of itself, nor the words its records use, says "V4 text".
            assert status == DRAFT or (v4 not in meta.get_text() and v4 not in box["data-labels"]), rel
        for limit in page.article.select(".hb-limit"):
            seen["limit"] += 1
            assert limit["data-provenance"] == levels.status
            assert limit.select_one(f".hb-provenance--{levels.status}").get_text() == label(
                f"provenance.{levels.status}", lang)
        for figure in page.article.select("figure.hb-flowchart"):
            seen["flowchart"] += 1
            status = status_of[figure["data-procedure"]]
            assert figure["data-status"] == status
            assert figure.select_one(f"figcaption .hb-provenance--{status}").get_text() == label(
                f"provenance.{status}", lang)
            assert status == DRAFT or v4 not in figure.select_one("figcaption").get_text(), rel
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


@pytest.mark.parametrize("lang", LANGS)
def test_every_explanation_says_what_it_restates_on_the_page_and_in_both_exports(built_site, lang):
    bank = compiled(lang)
    v4 = label("provenance.converted", lang)
    for q in bank:
        status = DRAFT if page_statuses()[q["clause"].split("#")[0]] == DRAFT else COMPILED
        assert (q["explanation_status"], q["explanation_mark"]) == (status, label(f"quiz.explanation_mark.{status}", lang))
        assert v4 not in q["explanation_mark"]
    assert {q["explanation_status"] for q in bank} == {DRAFT, COMPILED}
    marks = {q["id"]: q["explanation_mark"] for q in bank}
    root = ET.fromstring(moodle_xml(list(bank)).encode("utf-8"))
    for el in root:
        if el.get("type") != "category":
            assert el.findtext("generalfeedback/text").startswith(marks[el.findtext("name/text")])
    for block in gift(list(bank)).split("\n\n"):
        if block.startswith("//"):
            qid = block.split("\n")[0][3:]
            assert "####" + marks[qid] in block.replace("\\", ""), qid
    for rel, _, page in _pages(lang):
        for data in page.article.select("script.hb-quiz__data"):
            for q in json.loads(data.get_text()):
                if "explanation" not in q:  # an exam-pool question, or the trainee's exam page: no key served
                    continue
                assert q["explanation_mark"] == marks[q["id"]]


@pytest.mark.parametrize("lang", LANGS)
def test_the_tools_page_is_marked_as_a_draft_in_its_title_and_h1(built_site, lang):
    suffix = label("provenance.suffix", lang)
    assert page_statuses()["tools.md"] == "site" and _computes_with_draft_values("tools.md")
    page = read_built(built_path(DOCS / "tools.md", lang))
    assert page.soup.title.get_text().split(" - ")[0].endswith(suffix)
    assert page.article.select_one("h1").get_text().rstrip("¶").endswith(suffix)


def _section_statuses() -> dict[str, str]:
    book, statuses = structure(), page_statuses()
    return {s.id: section_status(s.page, statuses)
            for c in book.chapters for s in (c, *c.sections)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_listed_section_carries_its_own_status_and_no_other(built_site, lang):
    """A chapter's list of sections and the trainer's section picker: a draft section is marked
    as one; a section with no text in the source says so, and is not called a draft."""
    statuses = _section_statuses()
    draft, missing = label("status.reference-draft", lang), label("status.not-in-source", lang)
    assert missing in ("原文缺失", "No text in the source")
    seen = {DRAFT: 0, "not-in-source": 0}
    for rel, _, page in _pages(lang):
        for li in page.article.select('li[id^="section-"]'):
            status = statuses[li["id"].removeprefix("section-")]
            badges = [b.get_text() for b in li.select(".status-badge, .hb-draft-mark")]
            assert badges == [label(f"status.{status}", lang)], (rel, li["id"], badges)
            seen[status] = seen.get(status, 0) + 1
    assert seen[DRAFT] and seen["not-in-source"]
    page = read_built(built_path(DOCS / "quiz.md", lang))
    boxes = page.article.select('.hb-quiz__setup input[name="sections"]')
    assert boxes
    for box in boxes:
        marked = [b.get_text() for b in box.parent.select(".status-badge")]
        assert marked == ([draft] if statuses[box["value"]] == DRAFT else []), box["value"]
    assert any(statuses[b["value"]] == DRAFT for b in boxes)


@pytest.mark.parametrize("lang", LANGS)
def test_the_contents_marks_every_checklist_with_its_status(built_site, lang):
    page = read_built(built_path(DOCS / "contents.md", lang))
    procs = procedures()
    links = [a for a in page.article.select("a[href*='#checklist-']")]
    assert links
    for a in links:
        pid = a["href"].split("#checklist-")[1]
        badge = a.find_next_sibling(class_="status-badge")
        assert badge is not None and badge.get_text() == label(f"status.{procs[pid].source.status}", lang), pid
    legend = page.article.select_one("#status-compiled")
    assert legend is not None and label("status.compiled", lang) in legend.get_text()
