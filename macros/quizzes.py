"""Quizzes on the page: self-study at the end of a section, the trainer page and the
trainee's exam page, from the compiled question bank (handbook/questions.py) in the page's
language.

Rendering only: the questions go into the page as JSON, each with its clause link already
resolved for this page (`href`), and overrides/assets/javascripts/quiz.js does the rest.
What each page serves of the exam pool (handbook/exam_key.py): a section's self-test none of
it; the trainer page its questions without the key (the trainer's key file adds it); the
exam page every question without any key.
"""
from __future__ import annotations

import json
import posixpath
from html import escape

from handbook.data_files import DataFileError, page_statuses, structure
from handbook.exam_key import exam_view, served
from handbook.labels import label, labels_under
from handbook.links import href_from
from handbook.questions import compiled
from handbook.quiz import POOLS, TYPES
from handbook.result_codes import bank_version
from handbook.sections import section_status


def _json_script(value) -> str:
    # Inside <script> only "</" could end the element early.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


_SCRIPT_LABELS = ("check", "correct", "wrong", "explanation", "clause", "score", "answered", "draft", "true", "false",
                  "position", "reset", "submit", "your_answer", "right_answer", "result", "storage_off", "key",
                  "print", "exam_link", "copied", "no_questions", "question", "of", "of_one", "colon", "sep",
                  "reset_confirm", "choose_first")
# The trainer page's and exam link's words (quiz-trainer.js, class-results.js): whole groups.
_TRAINER_GROUPS = ("trainer", "handin", "code", "class")


def _labels(lang: str, groups: tuple[str, ...] = ()) -> str:
    words = {k: label("quiz." + k, lang) for k in _SCRIPT_LABELS}
    for group in groups:
        words[group] = labels_under("quiz." + group, lang)
    return escape(json.dumps(words, ensure_ascii=False))


def _linked(questions, lang: str, page_url: str) -> list[dict]:
    """The questions with the link to their clause, relative to this page."""
    return [{**q, "href": href_from(page_url, q["clause"], lang)} for q in questions]


def quiz(section_id: str, lang: str, page_url: str) -> str:
    questions = _linked([q for q in compiled(lang) if q["section"] == section_id and q["pool"] == "study"],
                        lang, page_url)
    if not questions:
        raise DataFileError(f"quiz({section_id!r}): no question in questions/ has section {section_id!r}")
    return "\n".join([
        f'<div class="hb-quiz" id="quiz-{section_id}" data-mode="study" data-section="{escape(section_id)}"'
        f' data-labels="{_labels(lang)}">',
        f'<p class="hb-quiz__score" aria-live="polite"></p>',
        f'<script type="application/json" class="hb-quiz__data">{_json_script(questions)}</script>',
        f'<noscript><p>{escape(label("quiz.needs_script", lang))}</p></noscript>',
        '<ol class="hb-quiz__questions"></ol>',
        "</div>"])


def trainer(lang: str, page_url: str) -> str:
    questions = _linked([served(q) for q in compiled(lang)], lang, page_url)
    counts = {}
    for q in questions:
        counts[q["section"]] = counts.get(q["section"], 0) + 1
    pools = "".join(f'<li><label><input type="radio" name="pool" value="{p}"{" checked" if p == "study" else ""}> '
                    f'{escape(label("quiz.trainer.pool_" + p, lang))} <small>({sum(q["pool"] == p for q in questions)})</small>'
                    f'</label></li>' for p in POOLS)
    book = structure()
    parts = [x for c in book.chapters for x in (c, *c.sections)]
    statuses = page_statuses()
    # A draft section (chapters 2 and 3) says so in the picker too.
    draft = (f' <span class="status-badge status-reference-draft">{escape(label("status.reference-draft", lang))}'
             '</span>')
    sections = [(s.id, s.title[lang], section_status(s.page, statuses) == "reference-draft")
                for s in parts if s.id in counts]
    boxes = "".join(f'<li><label><input type="checkbox" name="sections" value="{sid}" checked> {escape(title)}'
                    f'{draft if is_draft else ""} <small>({counts[sid]})</small></label></li>'
                    for sid, title, is_draft in sections)
    types = "".join(f'<li><label><input type="checkbox" name="types" value="{t}" checked> '
                    f'{escape(label("quiz.types." + t, lang))}</label></li>' for t in TYPES)
    # The site's root from this page, for the exports' clause links and the bank's version,
    # which a result code carries (handbook/result_codes.py).
    root = posixpath.relpath("/", "/" + page_url).rstrip("/") + "/"
    return "\n".join([
        f'<div class="hb-quiz" id="quiz-trainer" data-mode="trainer" data-labels="{_labels(lang, _TRAINER_GROUPS)}"'
        f' data-bank-version="{bank_version(questions)}" data-root="{escape(root)}"'
        f' data-exam-page="{escape(href_from(page_url, "exam.md", lang))}">',
        f'<script type="application/json" class="hb-quiz__data">{_json_script(questions)}</script>',
        f'<noscript><p>{escape(label("quiz.needs_script", lang))}</p></noscript>',
        # What only the trainer sees; an exam link (?seed=…) hides it before the first paint
        # (overrides/main.html) and quiz-trainer.js fills the panels.
        '<div class="hb-trainer-only">',
        f'<h2 id="quiz-key-file">{escape(label("quiz.trainer.key_title", lang))}</h2>',
        '<div class="hb-quiz__key-file"></div>',
        '<form class="hb-quiz__setup">',
        f'<fieldset><legend>{escape(label("quiz.trainer.pool_legend", lang))}</legend><ul class="hb-quiz__choices">{pools}</ul></fieldset>',
        f'<fieldset><legend>{escape(label("quiz.sections", lang))}</legend><ul class="hb-quiz__choices">{boxes}</ul></fieldset>',
        f'<fieldset><legend>{escape(label("quiz.types_legend", lang))}</legend><ul class="hb-quiz__choices">{types}</ul></fieldset>',
        f'<p class="hb-widget__field"><label for="quiz-count">{escape(label("quiz.count", lang))}</label>'
        f'<input type="number" id="quiz-count" name="count" min="1" max="{len(questions)}" value="10" inputmode="numeric"></p>',
        f'<p class="hb-widget__field"><label for="quiz-seed">{escape(label("quiz.seed", lang))}</label>'
        f'<input type="number" id="quiz-seed" name="seed" min="1" max="2147483647" inputmode="numeric"></p>',
        # Enabled by quiz-trainer.js once it handles the form (before, a tap would submit it as a plain GET).
        f'<p><button type="submit" class="md-button md-button--primary" disabled>{escape(label("quiz.create", lang))}</button></p>',
        "</form>",
        '<div class="hb-quiz__trainer-panel" hidden></div>',
        f'<h2 id="quiz-exports">{escape(label("quiz.trainer.exports", lang))}</h2>',
        '<div class="hb-quiz__bank-exports"></div>',
        f'<h2 id="quiz-class-results">{escape(label("quiz.class.title", lang))}</h2>',
        '<div class="hb-class"></div>',
        "</div>",
        "</div>"])


def exam(lang: str, page_url: str) -> str:
    """The trainee's exam page (docs/exam.md): the exam a link names, answered and handed in
    for a result code; no key of any pool, no trainer's words, no link to the trainer page."""
    questions = [exam_view(q) for q in compiled(lang)]
    words = {k: label("quiz." + k, lang) for k in _SCRIPT_LABELS}
    words["handin"] = labels_under("quiz.handin", lang)
    words["trainer"] = {k: v for k, v in labels_under("quiz.trainer", lang).items() if k.startswith("bad_")}
    return "\n".join([
        f'<div class="hb-quiz" id="quiz-exam" data-mode="exam" data-labels="{escape(json.dumps(words, ensure_ascii=False))}"'
        # Where a scanned result link goes: the trainer's phone opens the trainer page with it.
        f' data-bank-version="{bank_version(compiled(lang))}" data-results="{escape(href_from(page_url, "quiz.md", lang))}">',
        f'<script type="application/json" class="hb-quiz__data">{_json_script(questions)}</script>',
        f'<noscript><p>{escape(label("quiz.needs_script", lang))}</p></noscript>',
        '<p class="hb-quiz__score" aria-live="polite"></p>',
        '<ol class="hb-quiz__questions"></ol>',
        "</div>"])
