"""The question bank (questions/*.yml): loaded, checked against the handbook, the procedures
and the rules, compiled per language, and rendered as quizzes."""
from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from pathlib import Path

from service_norms.question_bank import Question, QuestionFile
from service_norms.quiz import TYPES, compile_question

from .contents import _handbook
from .data_files import ROOT, DataFileError, page_statuses, parse
from .labels import label
from .procedures import procedures, service_levels

QUESTIONS = ROOT / "questions"


def _line(text: str, needle: str) -> int:
    return next((i for i, line in enumerate(text.splitlines(), 1) if needle in line), 1)


def load_bank(folder: Path = QUESTIONS) -> list[tuple[str, Question]]:
    """(file name, question) for every question; cross-file problems name file, line and field."""
    out: list[tuple[str, Question]] = []
    seen: dict[str, str] = {}
    book = _handbook()
    # A question belongs to a section, or to a chapter whose page carries a procedure.
    sections = {s.id for s in book.sections()} | {c.id for c in book.chapters}
    procs = procedures()
    statuses = page_statuses()
    for path in sorted(folder.glob("*.yml")):
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name
        text = path.read_text(encoding="utf-8")
        bank = parse(text, QuestionFile, name)
        for i, q in enumerate(bank.questions):
            where = f"{name}:{_line(text, f'id: {q.id}')}: questions.{i}"
            if q.id in seen:
                raise DataFileError(f"{where}.id: duplicate question id {q.id!r} (also in {seen[q.id]})")
            seen[q.id] = name
            if q.section not in sections:
                raise DataFileError(f"{where}.section: unknown section {q.section!r}; expected a section or chapter id of data/handbook.yml")
            page = q.clause.split("#")[0]
            if page not in statuses:
                raise DataFileError(f"{where}.clause: {q.clause!r} is not on any page in docs/")
            if q.type == "ordering":
                if q.procedure not in procs:
                    raise DataFileError(f"{where}.procedure: unknown procedure {q.procedure!r}; expected one of {sorted(procs)}")
                order = [s.id for s in procs[q.procedure].steps]
                unknown = [s for s in q.steps if s not in order]
                if unknown:
                    raise DataFileError(f"{where}.steps: {unknown} are not steps of {q.procedure!r}")
                if sorted(q.steps, key=order.index) != q.steps or len(set(q.steps)) != len(q.steps):
                    raise DataFileError(f"{where}.steps: list each step once, in the order of checklists/{q.procedure}.yml")
            if q.type == "scenario":
                for lang in ("zh", "en"):
                    try:
                        _compile(q, lang)
                    except ValueError as err:
                        raise DataFileError(f"{where}.{err}") from None
            out.append((name, q))
    return out


def _draft(q: Question) -> bool:
    return page_statuses().get(q.clause.split("#")[0]) == "reference-draft"


def _compile(q: Question, lang: str) -> dict:
    return compile_question(q.model_dump(), lang, service_levels().model_dump(),
                            {k: v.model_dump() for k, v in procedures().items()}, _draft(q))


@lru_cache(maxsize=None)
def bank() -> tuple[Question, ...]:
    return tuple(q for _, q in load_bank())


@lru_cache(maxsize=None)
def compiled(lang: str) -> tuple[dict, ...]:
    return tuple(_compile(q, lang) for q in bank())


def _json_script(value) -> str:
    # Inside <script> only "</" could end the element early.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


_SCRIPT_LABELS = ("check", "correct", "wrong", "explanation", "clause", "score", "answered", "draft", "true", "false",
                  "position", "reset", "submit", "your_answer", "right_answer", "result", "storage_off", "key",
                  "print", "exam_link", "copied", "no_questions", "question", "of")


def _labels(lang: str) -> str:
    return escape(json.dumps({k: label("quiz." + k, lang) for k in _SCRIPT_LABELS}, ensure_ascii=False))


def _root(page_url: str, lang: str) -> str:
    return "../" * page_url.count("/") + ("en/" if lang == "en" else "")


def quiz(section_id: str, lang: str, page_url: str) -> str:
    questions = [q for q in compiled(lang) if q["section"] == section_id]
    if not questions:
        raise DataFileError(f"quiz({section_id!r}): no question in questions/ has section {section_id!r}")
    return "\n".join([
        f'<div class="hb-quiz" id="quiz-{section_id}" data-mode="study" data-section="{escape(section_id)}"'
        f' data-pages="{_root(page_url, lang)}" data-labels="{_labels(lang)}">',
        f'<p class="hb-quiz__score" aria-live="polite"></p>',
        f'<script type="application/json" class="hb-quiz__data">{_json_script(questions)}</script>',
        f'<noscript><p>{escape(label("quiz.needs_script", lang))}</p></noscript>',
        '<ol class="hb-quiz__questions"></ol>',
        "</div>"])


def trainer(lang: str, page_url: str) -> str:
    questions = list(compiled(lang))
    counts = {}
    for q in questions:
        counts[q["section"]] = counts.get(q["section"], 0) + 1
    book = _handbook()
    parts = [x for c in book.chapters for x in (c, *c.sections)]
    sections = [(s.id, s.title[lang]) for s in parts if s.id in counts]
    boxes = "".join(f'<li><label><input type="checkbox" name="sections" value="{sid}" checked> {escape(title)}'
                    f' <small>({counts[sid]})</small></label></li>' for sid, title in sections)
    types = "".join(f'<li><label><input type="checkbox" name="types" value="{t}" checked> '
                    f'{escape(label("quiz.types." + t, lang))}</label></li>' for t in TYPES)
    return "\n".join([
        f'<div class="hb-quiz" id="quiz-trainer" data-mode="trainer" data-pages="{_root(page_url, lang)}"'
        f' data-labels="{_labels(lang)}">',
        f'<script type="application/json" class="hb-quiz__data">{_json_script(questions)}</script>',
        f'<noscript><p>{escape(label("quiz.needs_script", lang))}</p></noscript>',
        '<form class="hb-quiz__setup">',
        f'<fieldset><legend>{escape(label("quiz.sections", lang))}</legend><ul class="hb-quiz__choices">{boxes}</ul></fieldset>',
        f'<fieldset><legend>{escape(label("quiz.types_legend", lang))}</legend><ul class="hb-quiz__choices">{types}</ul></fieldset>',
        f'<p class="hb-widget__field"><label for="quiz-count">{escape(label("quiz.count", lang))}</label>'
        f'<input type="number" id="quiz-count" name="count" min="1" max="{len(questions)}" value="10" inputmode="numeric"></p>',
        f'<p class="hb-widget__field"><label for="quiz-seed">{escape(label("quiz.seed", lang))}</label>'
        f'<input type="number" id="quiz-seed" name="seed" min="1" max="2147483647" inputmode="numeric"></p>',
        f'<p><button type="submit" class="md-button md-button--primary">{escape(label("quiz.create", lang))}</button></p>',
        "</form>",
        '<p class="hb-quiz__link" hidden></p>',
        '<p class="hb-quiz__score" aria-live="polite"></p>',
        '<ol class="hb-quiz__questions"></ol>',
        "</div>"])
