"""Data text reaches pages as text: markup or template syntax in a procedure shows literally."""
from __future__ import annotations

import json

from bs4 import BeautifulSoup

from scripts.project_copy import build
from site_pages import visible_references

HOSTILE_ZH = "<script>alert('zh')</script> {{ 7 * 7 }} a | b *强调*"
HOSTILE_EN = "<script>alert('en')</script> {{ 7 * 7 }} a | b *emphasis*"


def test_hostile_step_text_is_shown_as_text_in_checklist_and_flowchart(project_copy):
    path = project_copy / "checklists" / "equipment-room-work.yml"
    text = path.read_text(encoding="utf-8").replace(
        "text: {zh: 操作设备硬件时采取防静电措施。, en: \"Take anti-static measures before handling equipment hardware.\"}",
        f"text: {{zh: \"{HOSTILE_ZH}\", en: \"{HOSTILE_EN}\"}}")
    path.write_text(text, encoding="utf-8")
    result = build(project_copy)
    assert result.returncode == 0, result.stderr[-2000:]
    for lang, hostile in (("zh", HOSTILE_ZH), ("en", HOSTILE_EN)):
        base = project_copy / "out" / ("en" if lang == "en" else "")
        html = (base / "conduct" / "equipment-room" / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        step = soup.select_one("#step-equipment-room-work-anti-static .hb-checklist__text")
        assert step.get_text() == hostile
        # No script runs it; where it is data (the quiz's JSON), it is intact and stays inside.
        code = [s for s in soup.select("script") if s.get("type") not in ("application/json",)]
        assert "alert(" not in "".join(s.get_text() for s in code)
        quiz_items = [item for data in soup.select('script.hb-quiz__data')
                      for q in json.loads(data.get_text()) for item in q.get("items", [])]
        assert hostile in quiz_items  # the ordering question on this page carries the step text intact
        # The diagram's label is SVG text, escaped: no tag, no template; its lines put back
        # together hold the step's text as it is.
        diagram = soup.select_one("#flowchart-equipment-room-work svg")
        assert diagram.select_one("script") is None
        node = diagram.select_one('g.hb-fc-node[data-step="anti-static"] text')
        lines = "".join(t.get_text() for t in node.select("tspan"))
        assert hostile.replace(" ", "") in lines.replace(" ", "")
        assert "&lt;script&gt;alert(" in html  # escaped in the HTML, never a tag
        assert "49" not in step.get_text()


def test_no_page_shows_a_character_reference_as_text(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40  # every page of both languages, the print pages included
    shown = {str(p.relative_to(built_site)): refs for p in pages if (refs := visible_references(p.read_text("utf-8")))}
    assert not shown, shown


def test_the_reference_finder_finds_a_double_escaped_apostrophe():
    assert visible_references("<p>TL 9000&amp;#x27;s</p>") == ["TL 9000&#x27;"]
    assert visible_references("<p>TL 9000&#x27;s <code>&lt;b&gt;</code></p>") == []
