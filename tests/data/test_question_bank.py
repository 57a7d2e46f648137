"""The question bank: valid, large enough, every chapter-1 clause tested, links that resolve,
and bad files rejected with file, line and field."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from handbook.data_files import DataFileError, glossary
from handbook.questions import QUESTIONS, bank, compiled, load_bank
from site_pages import DOCS

CLAUSE_LINE = re.compile(r"^\s+\{\s*#([a-z0-9-]+)\s*\}\s*$")


def list_item_anchors(page: Path) -> set[str]:
    """Anchors that follow a list item: the page's clauses."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return {m.group(1) for prev, line in zip(lines, lines[1:])
            if (m := CLAUSE_LINE.match(line)) and re.match(r"^\s*([-*]|\d+\.)\s", prev)}


def test_the_bank_has_at_least_60_questions_of_every_type():
    questions = bank()
    assert len(questions) >= 60
    assert {q.type for q in questions} == {"single", "multiple", "true_false", "ordering", "scenario"}


@pytest.mark.parametrize("page", sorted(p.name for p in (DOCS / "conduct").glob("*.md") if not p.name.endswith(".en.md")))
def test_every_chapter_1_clause_has_a_question(page):
    tested = {q.clause.split("#")[1] for q in bank() if q.clause.startswith(f"conduct/{page}#")}
    missing = list_item_anchors(DOCS / "conduct" / page) - tested
    assert not missing, f"conduct/{page}: no question tests {sorted(missing)}"


def test_every_question_links_to_an_anchor_in_both_languages():
    for q in bank():
        page, anchor = q.clause.split("#")
        for doc in (DOCS / page, DOCS / page.replace(".md", ".en.md")):
            assert re.search(r"\{\s*#" + re.escape(anchor) + r"\s*\}", doc.read_text(encoding="utf-8")), (q.id, doc.name)


def test_questions_on_reference_drafts_are_marked():
    for lang in ("zh", "en"):
        for q in compiled(lang):
            on_draft = q["clause"].startswith(("after-sales/", "commissioning/"))
            assert q["draft"] == on_draft, q["id"]


def test_ordering_questions_take_their_order_from_the_procedure():
    from handbook.data_files import procedures
    for q in bank():
        if q.type == "ordering":
            steps = [s.id for s in procedures()[q.procedure].steps]
            assert q.steps == sorted(q.steps, key=steps.index)
            items = next(c for c in compiled("en") if c["id"] == q.id)["items"]
            assert items == [next(s.text.en for s in procedures()[q.procedure].steps if s.id == i) for i in q.steps]


def test_true_false_answers_are_balanced():
    """A bank where nearly every statement is false teaches "answer false" instead of V4."""
    answers = [q.answer for q in bank() if q.type == "true_false"]
    share = sum(answers) / len(answers)
    assert 0.35 <= share <= 0.65, (
        f"{sum(answers)} of {len(answers)} true/false answers are true ({share:.0%}); "
        "keep the share of `answer: true` between 35 % and 65 %")


# --- V4's own words -------------------------------------------------------------------

SYNONYMS = yaml.safe_load((Path(__file__).parent / "term_synonyms.yml").read_text(encoding="utf-8"))
V4_PAGES = sorted((DOCS / "conduct").glob("*.md"))


def _texts(q, lang: str) -> dict[str, str]:
    """The question's own strings in one language, by field."""
    out = {"prompt": q.prompt[lang], "explanation": q.explanation[lang]}
    out.update({f"choices.{i}": c.text[lang] for i, c in enumerate(q.choices)})
    return out


_EDITORS_NOTE = re.compile(r"^(?:!!!|\?\?\?).*\n(?:(?: {4}.*)?\n)*", re.MULTILINE)


def _synonyms_in(text: str, lang: str) -> list[str]:
    """The listed synonyms in text, outside the V4 terms themselves."""
    found = []
    for entry in SYNONYMS[lang]:
        rest = text.replace(entry["term"], "\u25a1") if lang == "zh" else re.sub(
            r"\b" + re.escape(entry["term"]) + r"\b", "\u25a1", text, flags=re.I)
        for word in entry["not"]:
            hit = word in rest if lang == "zh" else re.search(r"\b" + re.escape(word) + r"\b", rest, re.I)
            if hit:
                found.append(f"{word} (V4: {entry['term']})")
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_synonym_table_is_anchored_in_v4(lang):
    """Every listed term is V4's (on a chapter-1 page, or the glossary's English), and no
    listed synonym is one V4 uses itself."""
    pages = [p for p in V4_PAGES if p.name.endswith(".en.md") == (lang == "en")]
    # Not ids or macros, nor the editor's notes (admonitions), which are not V4 text.
    v4 = "\n".join(re.sub(r"\{[^}]*\}", "", _EDITORS_NOTE.sub("", p.read_text(encoding="utf-8"))) for p in pages)
    known = v4 + "\n" + "\n".join(t.en for t in glossary().terms) if lang == "en" else v4
    missing = [e["term"] for e in SYNONYMS[lang] if e["term"].lower() not in known.lower()]
    assert not missing, f"not V4 terms ({lang}): {missing}"
    assert not _synonyms_in(v4, lang), f"V4 itself uses: {_synonyms_in(v4, lang)}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_questions_use_v4_terms_not_synonyms(lang):
    problems = [f"{q.id}.{field}.{lang}: {hit}" for q in bank() for field, text in _texts(q, lang).items()
                for hit in _synonyms_in(text, lang)]
    assert not problems, "use V4's own term (tests/data/term_synonyms.yml):\n" + "\n".join(problems)


def test_questions_use_the_glossary_english_term_where_the_chinese_uses_its_term():
    terms = glossary().terms
    problems = []
    for q in bank():
        zh, en = " ".join(_texts(q, "zh").values()), " ".join(_texts(q, "en").values()).lower()
        for t in terms:
            # 机房 inside 机房值班人员 is that longer term's business.
            rest = zh
            for longer in (u.zh for u in terms if t.zh in u.zh and u.zh != t.zh):
                rest = rest.replace(longer, "\u25a1")
            if t.zh in rest and not any(f.lower() in en for f in t.english_forms()):
                problems.append(f"{q.id}: {t.zh} → {t.en}")
    assert not problems, "English lacks the glossary term (data/glossary.yml):\n" + "\n".join(problems)


# --- bad files -----------------------------------------------------------------------

GOOD = (QUESTIONS / "first-contact.yml").read_text(encoding="utf-8")
SCENARIOS = (QUESTIONS / "procedures-and-rules.yml").read_text(encoding="utf-8")


def _bank_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][occurrence - 1]


# (file, old, new, the text on the line the error points at [or (file, text)], the message)
INVALID = {
    "two right answers in a single-choice question": (
        "first-contact.yml", "      - text: {zh: 负责该产品的部门, en: \"The department that owns the product\"}",
        "      - text: {zh: 负责该产品的部门, en: \"The department that owns the product\"}\n        correct: true",
        "      - text: {zh: 你——你是第一受理者", "questions.0.choices: a single-choice question needs exactly 1 correct choice, found 2"),
    "missing language": (
        "first-contact.yml", '      en: "The first receiver has done their duty once they pass the customer\'s question on to the relevant department of the company."\n', "",
        "      zh: 第一受理者只要把客户的问题转给公司相关部门", "questions.1.prompt.en: Field required"),
    "unknown procedure": (
        "first-contact.yml", "procedure: first-contact", "procedure: first-contacts",
        "- id: first-contact-order", "questions.2.procedure: unknown procedure 'first-contacts'"),
    "steps out of order": (
        "first-contact.yml", "[customer-raises-issue, own-the-issue, resolve-or-answer]",
        "[own-the-issue, customer-raises-issue, resolve-or-answer]",
        "- id: first-contact-order", "questions.2.steps: list each step once, in the order of checklists/first-contact.yml"),
    "duplicate id across files": (
        "first-contact.yml", "- id: first-contact-owner-transfer", "- id: telephone-hang-up-last",
        ("telephone.yml", "- id: telephone-hang-up-last"),
        "id: duplicate question id 'telephone-hang-up-last' (also in first-contact.yml)"),
    "unknown section": (
        "first-contact.yml", "    section: first-contact\n    clause: conduct/first-contact.md#first-contact-owner\n    prompt:\n      zh: 客户来电",
        "    section: first-contacts\n    clause: conduct/first-contact.md#first-contact-owner\n    prompt:\n      zh: 客户来电",
        "- id: first-contact-owner-who", "questions.0.section: unknown section 'first-contacts'"),
    "a distractor the rules answer like the right one": (
        "procedures-and-rules.yml", "        - {limit: null, rule: {kind: calendar_days, amount: 3}}",
        "        - {limit: rma-dispatch}",
        "- id: scenario-rma-spring-festival", "questions.5.scenario.distractors.0: gives the same answer as another option"),
    "a scenario the rules refuse": (
        "procedures-and-rules.yml", "args: {severity: critical, elapsed_minutes: 90}", "args: {severity: critical, elapsed_minutes: -90}",
        "- id: scenario-escalation-critical", "questions.8.scenario.args: the rules refuse the case"),
}


@pytest.mark.parametrize("case", INVALID)
def test_bad_question_file_is_rejected_with_file_line_and_field(tmp_path, case):
    name, old, new, marker, expected = INVALID[case]
    original = (QUESTIONS / name).read_text(encoding="utf-8")
    bad = original.replace(old, new, 1)
    assert bad != original
    folder = _bank_with(tmp_path, name, bad)
    with pytest.raises(DataFileError) as err:
        load_bank(folder)
    message = str(err.value)
    # The error names the file where the problem is found (for a duplicate, the later one).
    where, needle = marker if isinstance(marker, tuple) else (name, marker)
    text = bad if where == name else (QUESTIONS / where).read_text(encoding="utf-8")
    assert f"{where}:{_line(text, needle)}: " in message and expected in message, message
