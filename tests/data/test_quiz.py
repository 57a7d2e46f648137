"""Seeded exams, scoring, and the exports (Moodle XML parsed back, GIFT round-tripped)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from handbook.questions import compiled
from handbook.quiz import draw_exam, is_correct, mulberry32
from handbook.quiz_export import gift, moodle_xml
from site_pages import ROOT, VISIBLE_REFERENCE, visible_references

BANK = sorted(compiled("zh"), key=lambda q: q["id"])
# The cases quiz-draw.js is held to as well (tests/js/quiz-draw.test.mjs).
CASES = json.loads((ROOT / "tests" / "twins" / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed, first", [(c["seed"], c["first"]) for c in CASES["mulberry32"]])
def test_mulberry32_is_the_reference_generator(seed, first):
    rng = mulberry32(seed)
    assert [rng() for _ in range(3)] == first


def test_the_same_seed_gives_the_same_exam_and_another_seed_another():
    a = draw_exam(BANK, 20251130, count=10)
    assert a == draw_exam(BANK, 20251130, count=10)
    assert a != draw_exam(BANK, 20251131, count=10)
    assert len(a) == 10 and len({e["id"] for e in a}) == 10


def test_exam_filters_by_section_and_type():
    exam = draw_exam(BANK, 5, sections=["telephone"], types=["true_false", "single"])
    chosen = [next(q for q in BANK if q["id"] == e["id"]) for e in exam]
    assert chosen and all(q["section"] == "telephone" and q["type"] in ("true_false", "single") for q in chosen)
    assert len(exam) == sum(1 for q in BANK if q["section"] == "telephone" and q["type"] in ("true_false", "single")
                            and q["pool"] == "study")


def test_scoring():
    single = next(q for q in BANK if q["type"] == "single")
    right = [i for i, o in enumerate(single["options"]) if o["correct"]]
    assert is_correct(single, right) and not is_correct(single, [right[0] + 1 if right[0] == 0 else 0])
    ordering = next(q for q in BANK if q["type"] == "ordering")
    assert is_correct(ordering, list(range(len(ordering["items"]))))
    assert not is_correct(ordering, list(reversed(range(len(ordering["items"])))))
    tf = next(q for q in BANK if q["type"] == "true_false")
    assert is_correct(tf, tf["answer"]) and not is_correct(tf, not tf["answer"])


# --- exports ----------------------------------------------------------------------------

NASTY = {"id": "nasty", "type": "multiple", "section": "office", "clause": "conduct/office.md#office-noise", "draft": False,
         "prompt": 'Which of <b>these</b> & "those" {braces} ~tilde =equals #hash: colon?',
         "explanation": "Because a < b & c > d; {x} ~ = # :",
         "options": [{"text": "A & <B>", "correct": True}, {"text": "C {=} D", "correct": True},
                     {"text": "E ~ F # G: H", "correct": False}]}


def test_moodle_xml_is_well_formed_with_the_moodle_structure():
    xml = moodle_xml(BANK + [NASTY])
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "quiz"
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == len(BANK) + 1
    by_name = {q.findtext("name/text"): q for q in questions}
    for q in BANK + [NASTY]:
        el = by_name[q["id"]]
        # A draft question says so in its text, in the export's language.
        assert unescape(el.findtext("questiontext/text")) == q.get("draft_mark", "") + q["prompt"]
        answers = el.findall("answer")
        if q["type"] == "true_false":
            assert el.get("type") == "truefalse"
            right = [a.findtext("text") for a in answers if a.get("fraction") == "100"]
            assert right == ["true" if q["answer"] else "false"]
        elif q["type"] == "ordering":
            assert el.get("type") == "ordering" and [unescape(a.findtext("text")) for a in answers] == q["items"]
        else:
            assert el.get("type") == "multichoice"
            assert [unescape(a.findtext("text")) for a in answers] == [o["text"] for o in q["options"]]
            positive = sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0)
            assert abs(positive - 100) < 0.01
            assert el.findtext("single") == ("false" if q["type"] == "multiple" else "true")
    assert "$course$/" in root.find("question/category/text").text


def parse_gift(text: str) -> list[dict]:
    """A GIFT reader for what the export writes: title, prompt, T/F, =/~ (with %weight%),
    matching (-> n), ####general feedback; backslash escapes and \\n."""
    def unescape_gift(s: str) -> str:
        return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), s)

    def split_unescaped(s: str, marks: str) -> list[str]:
        parts, cur, i = [], "", 0
        while i < len(s):
            if s[i] == "\\" and i + 1 < len(s):
                cur += s[i:i + 2]
                i += 2
                continue
            if s[i] in marks and cur.strip():
                parts.append(cur)
                cur = ""
            cur += s[i]
            i += 1
        parts.append(cur)
        return parts

    out = []
    blocks = [b for b in text.split("\n\n") if b.strip() and not b.startswith("$CATEGORY")]
    for block in blocks:
        body = "\n".join(l for l in block.splitlines() if not l.startswith("//"))
        m = re.match(r"^::((?:\\.|[^:\\])*)::((?:\\.|[^{\\])*)\{(.*)\}\s*$", body, re.S)
        assert m, f"not GIFT: {block!r}"
        title, prompt, answers = unescape_gift(m.group(1)), unescape_gift(m.group(2)).strip(), m.group(3)
        answers, _, general = answers.partition("####")
        q = {"id": title, "prompt": prompt, "feedback": unescape_gift(general.strip())}
        answers = answers.strip()
        if answers in ("T", "F"):
            q["answer"] = answers == "T"
        else:
            options = []
            for part in split_unescaped(answers.replace("\n", " "), "=~"):
                part = part.strip()
                if not part:
                    continue
                mark, rest = part[0], part[1:].strip()
                weight = None
                w = re.match(r"^%(-?[\d.]+)%", rest)
                if w:
                    weight, rest = float(w.group(1)), rest[w.end():]
                if " -> " in rest:
                    left, _, right = rest.rpartition(" -> ")
                    options.append({"text": unescape_gift(left), "place": int(right)})
                else:
                    correct = mark == "=" or (weight is not None and weight > 0)
                    options.append({"text": unescape_gift(rest.strip()), "correct": correct})
            q["options"] = options
        out.append(q)
    return out


def test_gift_round_trips_through_a_parser():
    parsed = {q["id"]: q for q in parse_gift(gift(BANK + [NASTY]))}
    assert len(parsed) == len(BANK) + 1
    for q in BANK + [NASTY]:
        p = parsed[q["id"]]
        assert p["prompt"] == q.get("draft_mark", "") + q["prompt"]
        assert p["feedback"].startswith(q.get("explanation_mark", "") + q["explanation"])
        if q["type"] == "true_false":
            assert p["answer"] is q["answer"]
        elif q["type"] == "ordering":
            assert [o["text"] for o in sorted(p["options"], key=lambda o: o["place"])] == q["items"]
        else:
            assert [(o["text"], o["correct"]) for o in p["options"]] == [(o["text"], o["correct"]) for o in q["options"]]


def test_cli_exports_the_seeded_exam_the_trainer_page_draws():
    out = subprocess.run([sys.executable, "-m", "handbook", "quiz-export", "--format", "moodle",
                          "--seed", "4242", "--count", "8"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    root = ET.fromstring(out.stdout.encode("utf-8"))
    names = [q.findtext("name/text") for q in root if q.get("type") != "category"]
    exam = draw_exam(BANK, 4242, count=8)
    assert names == [e["id"] for e in exam]
    # Options are exported in the order the trainee saw them.
    first = next(q for q in root if q.findtext("name/text") == exam[0]["id"])
    question = next(q for q in BANK if q["id"] == exam[0]["id"])
    if question.get("options"):
        assert [unescape(a.findtext("text")) for a in first.findall("answer")] == \
            [question["options"][i]["text"] for i in exam[0]["order"]]


def test_the_exports_of_the_whole_bank_show_no_character_reference_as_text():
    for lang in ("zh", "en"):
        bank = compiled(lang)
        root = ET.fromstring(moodle_xml(bank).encode("utf-8"))
        texts = [el.text or "" for el in root.iter("text")]  # Moodle shows these as HTML
        shown = [ref for t in texts for ref in visible_references(t)]
        assert not shown, (lang, shown)
        gift_text = "\n".join(q["prompt"] + q["feedback"] for q in parse_gift(gift(bank)))
        assert not VISIBLE_REFERENCE.findall(gift_text), lang


def test_a_scenario_is_answered_with_the_departments_holiday_notices(monkeypatch):
    """A deadline case in a year only a notice covers is answered as the tools page answers
    it, with the notices (data/holiday_notices.yml) sent along."""
    import handbook.questions as questions
    from handbook.quiz import scenario_options
    from holiday_fixture import fixture_notices
    from rule_data import LEVELS
    from service_norms.browser import call

    scenario = {"fn": "deadline", "args": {"start": "2031-09-30T16:00", "zone": "Asia/Shanghai",
                                           "rule": {"kind": "working_days", "amount": 3}},
                "distractors": [{"rule": {"kind": "calendar_days", "amount": 3}}]}
    notices = fixture_notices()
    with_notices = scenario_options(scenario, LEVELS, "en", notices)
    page = call({"fn": "deadline", "lang": "en", "levels": LEVELS, "notices": notices, "args": scenario["args"]})
    assert with_notices[0]["text"] == page["text"]["summary"][0]
    assert with_notices[0]["text"] != scenario_options(scenario, LEVELS, "en")[0]["text"]  # the notice decided it
    # And the bank is compiled with the notices the build holds.
    monkeypatch.setattr(questions, "holiday_notices", lambda: type("N", (), {"for_rules": lambda self: notices})())
    questions._dumped.cache_clear()
    try:
        assert questions._dumped()[2] == notices
    finally:
        questions._dumped.cache_clear()
