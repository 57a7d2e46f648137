"""The question bank (or a seeded exam) for the company's learning platform: Moodle XML and GIFT.

Takes compiled questions (quiz.compile_question) in one language. Each format escapes
what it must: XML through ElementTree (&, <, > and quotes), GIFT with a backslash before
~ = # { } : and newlines written as \\n. Ordering questions become Moodle's `ordering`
type, and in GIFT (which has no ordering type) a matching question: each step → its place.
A draft question's prompt starts with its draft mark, every explanation with what it
restates (explanation_mark: compiled from V4 clauses, or a reference draft).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

CATEGORY = "三营售后服务基本规范 V4"
# Moodle accepts these fractions for a wrong option in a multiple-answer question.
_PENALTY = {1: "-100", 2: "-50", 3: "-33.33333", 4: "-25", 5: "-20"}


def _fraction(k: int) -> str:
    return f"{100 / k:.5f}".rstrip("0").rstrip(".")


def _feedback_html(q: dict, clause_url) -> str:
    link = clause_url(q["clause"]) if clause_url else q["clause"]
    citation = q.get("citation") or "§"
    explanation = q.get("explanation_mark", "") + q["explanation"]
    return f'{escape(explanation, quote=False)} <a href="{escape(link)}">{escape(citation, quote=False)}</a>'


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = "html") -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = value
    return el


def moodle_xml(questions: list[dict], clause_url=None, category: str = CATEGORY) -> str:
    quiz = ET.Element("quiz")
    section = None
    # In the given order (a seeded exam's); a category line wherever the section changes.
    for q in questions:
        if q["section"] != section:
            section = q["section"]
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = f"$course$/{category}/{section}"
        quiz.append(_moodle_question(q, clause_url))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _moodle_question(q: dict, clause_url) -> ET.Element:
    kind = {"true_false": "truefalse", "ordering": "ordering"}.get(q["type"], "multichoice")
    el = ET.Element("question", {"type": kind})
    ET.SubElement(ET.SubElement(el, "name"), "text").text = q["id"]
    # A draft question says so in the question itself, where a trainee reads it.
    _text(el, "questiontext", escape(q.get("draft_mark", "") + q["prompt"], quote=False))
    _text(el, "generalfeedback", _feedback_html(q, clause_url))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "idnumber").text = q["id"]
    if kind == "truefalse":
        for value in (True, False):
            answer = ET.SubElement(el, "answer", {"fraction": "100" if value is q["answer"] else "0",
                                                  "format": "moodle_auto_format"})
            ET.SubElement(answer, "text").text = "true" if value else "false"
            _text(answer, "feedback", "", None)
    elif kind == "ordering":
        ET.SubElement(el, "layouttype").text = "VERTICAL"
        ET.SubElement(el, "selecttype").text = "ALL"
        ET.SubElement(el, "selectcount").text = "0"
        ET.SubElement(el, "gradingtype").text = "ABSOLUTE_POSITION"
        for item in q["items"]:  # in the right order
            answer = ET.SubElement(el, "answer", {"fraction": "1", "format": "html"})
            ET.SubElement(answer, "text").text = escape(item, quote=False)
    else:
        right = [o for o in q["options"] if o["correct"]]
        wrong = len(q["options"]) - len(right)
        ET.SubElement(el, "single").text = "true" if len(right) == 1 and q["type"] != "multiple" else "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for o in q["options"]:
            if o["correct"]:
                fraction = _fraction(len(right))
            else:
                fraction = _PENALTY.get(wrong, "0") if q["type"] == "multiple" else "0"
            answer = ET.SubElement(el, "answer", {"fraction": fraction, "format": "html"})
            ET.SubElement(answer, "text").text = escape(o["text"], quote=False)
            _text(answer, "feedback", "", None)
    return el


_GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    out = "".join("\\" + c if c in _GIFT_SPECIAL else c for c in text)
    return out.replace("\r", "").replace("\n", "\\n")


def gift(questions: list[dict], clause_url=None, category: str = CATEGORY) -> str:
    blocks = []
    section = None
    for q in questions:
        if q["section"] != section:
            section = q["section"]
            blocks.append(f"$CATEGORY: $course$/{category}/{section}")
        blocks.append(_gift_question(q, clause_url))
    return "\n\n".join(blocks) + "\n"


def _gift_question(q: dict, clause_url) -> str:
    prompt = q.get("draft_mark", "") + q["prompt"]
    head = f"// {q['id']}\n::{gift_escape(q['id'])}::{gift_escape(prompt)}"
    where = clause_url(q["clause"]) if clause_url else q["clause"]
    cited = f"{q['citation']}{q.get('colon', ': ')}{where}" if q.get("citation") else where
    feedback = "####" + gift_escape(q.get("explanation_mark", "") + q["explanation"] + " " + cited)
    if q["type"] == "true_false":
        return f"{head} {{{'T' if q['answer'] else 'F'}{feedback}}}"
    if q["type"] == "ordering":
        pairs = "\n".join(f"={gift_escape(item)} -> {n}" for n, item in enumerate(q["items"], 1))
        return f"{head} {{\n{pairs}\n{feedback}\n}}"
    right = [o for o in q["options"] if o["correct"]]
    lines = []
    if q["type"] == "multiple":
        wrong = len(q["options"]) - len(right)
        for o in q["options"]:
            weight = _fraction(len(right)) if o["correct"] else _PENALTY.get(wrong, "0")
            lines.append(f"~%{weight}%{gift_escape(o['text'])}")
    else:
        lines = [("=" if o["correct"] else "~") + gift_escape(o["text"]) for o in q["options"]]
    return f"{head} {{\n" + "\n".join(lines) + f"\n{feedback}\n}}"
