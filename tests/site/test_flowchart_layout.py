"""The flowcharts' layout (macros/flowchart_layout.py) and its cache (macros/flowchart.py):
well-formed SVG, labels as text that fit their boxes at 12 px or more in 320 px, a rejection
that names the procedure file and step, no layout work for an unchanged procedure."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from handbook.data_files import procedures
from handbook.procedures import Procedure
from macros import flowchart
from macros.flowchart_layout import (CHIP_FONT, FONT, PAD_X, POINT, WIDTH, FlowchartError, text_width, wrap)

SVG = "{http://www.w3.org/2000/svg}"
PROCEDURES = procedures()


def _procedure(**changes) -> Procedure:
    data = PROCEDURES["fault-handling"].model_dump(mode="json")
    for k, v in changes.items():
        data["steps"][int(k)]["text"] = v
    return Procedure.model_validate(data)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("pid", PROCEDURES)
def test_every_diagram_is_svg_whose_labels_fit_a_phone(pid, lang):
    root = ET.fromstring(flowchart.svg(PROCEDURES[pid], lang))  # well-formed XML
    assert root.tag == SVG + "svg" and int(root.get("width")) <= WIDTH
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    for group in root.iter(SVG + "g"):
        shape = next((c for c in group if c.get("class") == "hb-fc-shape"), None)
        text = group.find(SVG + "text")
        if shape is None or text is None:
            continue
        size = int(text.get("font-size"))
        assert size >= 12
        if shape.tag == SVG + "rect":
            x, width = float(shape.get("x")), float(shape.get("width"))
        else:  # a decision's pointed box: its path starts at the top left corner after the point
            x, width = float(shape.get("d")[1:].split()[0]) - POINT, None
        for span in text:
            if width is not None and text.get("text-anchor") != "middle":
                assert float(span.get("x")) + text_width(span.text, size) <= x + width, span.text
            assert float(span.get("x")) >= x


def test_labels_are_text_whatever_the_data_says():
    out = flowchart.svg(_procedure(**{"0": {"zh": "<b>&amp; \"x\"</b>", "en": "<script>alert(1)</script> & co"}}), "en")
    root = ET.fromstring(out)
    assert not list(root.iter(SVG + "script")) and not list(root.iter(SVG + "b"))
    node = next(g for g in root.iter(SVG + "g") if g.get("data-step") == "receive-report")
    assert "".join(t.text for t in node.iter(SVG + "tspan")) == "1. <script>alert(1)</script> & co"


def test_wrapping_keeps_punctuation_with_its_word():
    lines = wrap("一二三四五六七八九十，十一十二。", FONT, 10 * FONT)
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert wrap("Call the customer: confirm the symptoms", CHIP_FONT, 120) == ["Call the customer:", "confirm the", "symptoms"]


@pytest.mark.parametrize("text, why", [
    ("a" * 80, "wider than the diagram"),
    ("bell \x07 here", "U+0007"),
    ("word " * 200, "lines"),
])
def test_a_label_the_layout_cannot_draw_fails_naming_file_and_step(text, why):
    with pytest.raises(FlowchartError) as err:
        flowchart.svg(_procedure(**{"3": {"zh": text, "en": text}}), "en", source="checklists/fault-handling.yml")
    message = str(err.value)
    assert message.startswith("checklists/fault-handling.yml: steps.3 (remote-diagnosis): ") and why in message


def test_an_unchanged_procedure_is_not_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setattr(flowchart, "CACHE", tmp_path)
    drawn = []
    real = flowchart.layout
    monkeypatch.setattr(flowchart, "layout", lambda *a: drawn.append(a[0].id) or real(*a))
    p = PROCEDURES["first-contact"]
    first = flowchart.svg(p, "zh")
    assert flowchart.svg(p, "zh") == first and drawn == ["first-contact"]
    assert len(list(tmp_path.glob("*.svg"))) == 1
    flowchart.svg(p, "en")  # another language, another diagram
    changed = p.model_copy(update={"title": {"zh": "改了", "en": "Changed"}})
    flowchart.svg(changed, "zh")
    assert drawn == ["first-contact"] * 3


def test_a_step_text_wider_than_the_column_is_wrapped_not_shrunk():
    out = flowchart.svg(PROCEDURES["fault-handling"], "zh")
    root = ET.fromstring(out)
    assert max(len(list(t)) for t in root.iter(SVG + "text")) >= 3  # a long step spans lines
    assert {t.get("font-size") for t in root.iter(SVG + "text")} <= {str(FONT), str(CHIP_FONT)}
    assert PAD_X > 0
