"""The question bank (questions/*.yml): loaded, checked against the handbook, the procedures
and the rules (the cross-file checks a single file's schema cannot make), and compiled per
language for the quizzes (macros/quizzes.py) and the exports (`python -m handbook quiz-export`)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .citations import clause_label
from .data_files import ROOT, DataFileError, holiday_notices, page_statuses, parse, procedures, service_levels, structure
from .labels import label
from .question_bank import Question, QuestionFile
from .quiz import compile_question

QUESTIONS = ROOT / "questions"


def _line(text: str, needle: str) -> int:
    return next((i for i, line in enumerate(text.splitlines(), 1) if needle in line), 1)


def load_bank(folder: Path = QUESTIONS) -> list[tuple[str, Question]]:
    """(file name, question) for every question; cross-file problems name file, line and field."""
    out: list[tuple[str, Question]] = []
    seen: dict[str, str] = {}
    book = structure()
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


@lru_cache(maxsize=None)
def _dumped() -> tuple[dict, dict, list]:
    """The service levels, the procedures and the holiday notices as plain data, once (not
    once per question: at 20 times the handbook that was half the build)."""
    return (service_levels().model_dump(), {k: v.model_dump() for k, v in procedures().items()},
            holiday_notices().for_rules())


def _compile(q: Question, lang: str) -> dict:
    levels, procs, notices = _dumped()
    compiled = compile_question(q.model_dump(), lang, levels, procs, _draft(q), notices)
    # Where to find the clause in the printed V4, and the mark a draft question carries in
    # the page and in every export, in this language.
    compiled["citation"] = clause_label(q.clause, lang)
    compiled["draft_mark"] = label("quiz.draft_mark", lang) if compiled["draft"] else ""
    # An explanation restates its clause in other words: compiled from V4 clauses, or a
    # reference draft's; the page and every export put this mark before it.
    compiled["explanation_status"] = "reference-draft" if compiled["draft"] else "compiled"
    compiled["explanation_mark"] = label(f"quiz.explanation_mark.{compiled['explanation_status']}", lang)
    # Between the citation and its link in a GIFT export: "：" in Chinese, ": " in English.
    compiled["colon"] = label("colon", lang)
    return compiled


@lru_cache(maxsize=None)
def bank() -> tuple[Question, ...]:
    return tuple(q for _, q in load_bank())


@lru_cache(maxsize=None)
def compiled(lang: str) -> tuple[dict, ...]:
    return tuple(_compile(q, lang) for q in bank())
