"""Checklists and flowcharts on the built pages: one checkbox per step, in each language,
text escaped, each procedure shown where its status says it belongs."""
from __future__ import annotations

import json
import re

import pytest

from handbook.citations import clause_label
from handbook.data_files import procedures
from handbook.labels import label
from handbook.procedures import Procedure
from site_pages import DOCS, built_path, en_twin, read_built, zh_sources

MACRO_CALL = re.compile(r"""\{\{\s*(checklist|flowchart)\("([^"]+)"\)\s*\}\}""")


def embedded() -> dict[tuple[str, str], list]:
    """(macro, procedure id) → the zh source pages that call it."""
    out: dict[tuple[str, str], list] = {}
    for src in zh_sources():
        for macro, pid in MACRO_CALL.findall(src.read_text(encoding="utf-8")):
            out.setdefault((macro, pid), []).append(src)
    return out


PROCEDURES = procedures()


@pytest.mark.parametrize("pid", PROCEDURES)
def test_every_procedure_has_a_checklist_and_a_flowchart_on_a_page(pid):
    calls = embedded()
    assert ("checklist", pid) in calls, f"checklists/{pid}.yml is not shown by any {{{{ checklist(\"{pid}\") }}}}"
    assert ("flowchart", pid) in calls, f"checklists/{pid}.yml has no {{{{ flowchart(\"{pid}\") }}}}"


def test_macros_name_only_existing_procedures():
    unknown = {pid for _, pid in embedded()} - set(PROCEDURES)
    assert not unknown


@pytest.mark.parametrize("pid", PROCEDURES)
def test_procedure_source_agrees_with_the_page_status(pid):
    """A V4 procedure sits on converted text; a reference draft only on a reference-draft page."""
    expected = "converted" if PROCEDURES[pid].source.clause else "reference-draft"
    for src in embedded().get(("checklist", pid), []):
        status = re.search(r"^status:\s*(\S+)", src.read_text(encoding="utf-8"), re.M).group(1)
        assert status == expected, f"{src.relative_to(DOCS)} is {status} but shows {pid} ({expected})"


def _checklists_on_built_pages():
    for (macro, pid), sources in embedded().items():
        if macro == "checklist":
            for src in sources:
                for lang, path in (("zh", src), ("en", en_twin(src))):
                    yield pytest.param(pid, lang, path, id=f"{pid}-{lang}")


@pytest.mark.parametrize("pid, lang, src", _checklists_on_built_pages())
def test_one_checkbox_per_step_one_radio_per_answer_in_the_page_language(built_site, pid, lang, src):
    procedure: Procedure = PROCEDURES[pid]
    page = read_built(built_path(src, lang))
    box = page.soup.select_one(f"#checklist-{pid}")
    assert box is not None and box["data-version"] == str(procedure.version)
    steps = box.select("li.hb-checklist__step")
    assert [li["data-step"] for li in steps] == [s.id for s in procedure.steps]
    # The procedure as the runs keep it: both languages, the step graph.
    data = json.loads(box.select_one("script.hb-checklist__data").string)
    assert (data["id"], data["version"]) == (pid, procedure.version)
    assert data["status"] == ("compiled" if procedure.source.clause else "reference-draft")
    assert [s["id"] for s in data["steps"]] == [s.id for s in procedure.steps]
    for li, step in zip(steps, procedure.steps):
        if step.branches:
            # A decision is answered, not ticked: one radio per branch, its `when` as the label.
            assert not li.select("input[type=checkbox]")
            radios = li.select(".hb-checklist__answer input[type=radio]")
            assert [r["value"] for r in radios] == [str(j) for j in range(len(step.branches))]
            assert {r["name"] for r in radios} == {f"{pid}--{step.id}"}
            assert [a.get_text(strip=True) for a in li.select(".hb-checklist__answer")] == [b.when[lang] for b in step.branches]
        else:
            boxes = li.select(".hb-checklist__label input[type=checkbox]")
            assert len(boxes) == 1 and boxes[0]["name"] == step.id
        assert li.select_one(".hb-checklist__text").get_text() == step.text[lang]
        link = li.select_one("a.hb-clause")
        if step.clause:
            # 「条款：第一章 3. 工程开通和维护行为规范」, pointing at the clause's anchor (the link
            # check resolves it; tests/site/test_citations.py checks the label against the page).
            page_path, anchor = step.clause.split("#")
            assert link["href"].endswith("#" + anchor)
            assert link.get_text() == label("checklist.clause", lang) + label("colon", lang) + clause_label(step.clause, lang)
        else:
            assert link is None
    assert box.select_one(".hb-checklist__count").get_text() == f"0 / {len(procedure.steps)}"


@pytest.mark.parametrize("pid, lang, src", _checklists_on_built_pages())
def test_flowchart_is_drawn_from_the_same_data(built_site, pid, lang, src):
    page = read_built(built_path(src, lang))
    svg = page.soup.select_one(f"#flowchart-{pid} svg.hb-fc")
    assert svg is not None, f"no flowchart for {pid} on {src.name}"
    p = PROCEDURES[pid]
    nodes = svg.select("g.hb-fc-node")
    assert [n["data-step"] for n in nodes] == [s.id for s in p.steps]
    for k, (node, step) in enumerate(zip(nodes, p.steps), 1):
        # Lines are broken at spaces (dropped) or between CJK characters.
        text = "".join(t.get_text() for t in node.select("text tspan"))
        assert text.replace(" ", "") == f"{k}. {step.text[lang]}".replace(" ", "")
    chips = sorted((c["data-step"], int(c["data-branch"]), c["data-next"]) for c in svg.select("g.hb-fc-branch"))
    assert chips == sorted((s.id, j, b.next) for s in p.steps for j, b in enumerate(s.branches))
    # The text alternative: the SVG is an image named by its title and described step by step.
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert p.title[lang] in svg.select_one(f"title#{title_id}").get_text()
    desc = svg.select_one(f"desc#{desc_id}").get_text()
    for k, step in enumerate(p.steps, 1):
        assert f"{k}. {step.text[lang]}" in desc
        for b in step.branches:
            assert b.when[lang] in desc
    # The viewer's button, hidden until flowchart.js runs, on a page that loads flowchart.js.
    assert page.soup.select_one(f"#flowchart-{pid} button.hb-flowchart__open[hidden]")
    assert any(s["src"].endswith("assets/javascripts/flowchart.js") for s in page.soup.select("script[src]"))


def test_no_page_holds_mermaid(built_site):
    """The flowcharts are SVG in the pages: nothing for Material's Mermaid loader (which
    falls back to unpkg.com) to find, and no Mermaid file in the site."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html and not re.search(r"<script[^>]*mermaid", html), path
    assert not list(built_site.rglob("*mermaid*"))
