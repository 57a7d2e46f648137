"""The pages of records kept in the reader's browser: "my runs" (checklist runs across
procedures) and study progress (sections read, self-test scores, clauses answered wrong).

Rendering only: a container with its words (data-labels) and what the build knows (the
procedures' current versions and pages; each section's page, status, questions and the
clauses they test, links resolved for this page) as JSON. The records themselves exist only
in the browser: overrides/assets/javascripts/runs-page.js and study.js read them there.
"""
from __future__ import annotations

import json
from html import escape

from handbook.citations import clause_label
from handbook.data_files import page_checklists, page_statuses, procedures, structure
from handbook.labels import label
from handbook.links import href_from
from handbook.questions import compiled
from handbook.sections import section_status

from .checklist import script_labels
from .quizzes import _json_script

_RUNS_LABELS = ("open", "done", "none", "continue", "show", "delete", "delete_confirm", "reopen", "imported",
                "bad_file", "storage_off", "version_moved", "export_all", "import", "persist_granted",
                "persist_refused", "persist_not_asked", "persist_unsupported", "imported_badge")
_FORMATS = ("txt", "csv", "json")


def runs_page(lang: str, page_url: str) -> str:
    where = {pid: page for page, ids in page_checklists().items() for pid in ids}
    known = {pid: {"version": p.version, "href": href_from(page_url, f"{where[pid]}#checklist-{pid}", lang)}
             for pid, p in procedures().items() if pid in where}
    words = {**script_labels(lang), **{k: label("runs." + k, lang) for k in _RUNS_LABELS}}
    for k in ("format", "share", "copy", "download", "print_record", "copied", "copy_manual", "finish", "finish_confirm"):
        words[k] = label("checklist." + k, lang)
    formats = "".join(f'<option value="{f}">{escape(label("checklist.fmt_" + f, lang))}</option>' for f in _FORMATS)
    return "\n".join([
        f'<div class="hb-runs" data-lang="{lang}" data-labels="{escape(json.dumps(words, ensure_ascii=False))}">',
        f'<script type="application/json" class="hb-runs__procedures">{_json_script(known)}</script>',
        f'<noscript><p>{escape(label("runs.needs_script", lang))}</p></noscript>',
        '<p class="hb-runs__notice" role="status" hidden></p>',
        # Whether the browser keeps these records (runs-page.js fills it in).
        '<p class="hb-runs__persist" hidden></p>',
        '<p class="hb-runs__actions" hidden>'
        f'<button type="button" class="md-button" data-action="export-all">{escape(label("runs.export_all", lang))}</button> '
        f'<label class="md-button hb-runs__import">{escape(label("runs.import", lang))}'
        '<input type="file" accept=".json,.zip,application/json,application/zip" class="hb-visually-hidden"></label> '
        # Storage running short (photos): the finished records saved to a file, then cleared.
        f'<button type="button" class="md-button" data-action="clear-finished">{escape(label("checklist.photo.clear_finished", lang))}</button></p>',
        f'<p class="hb-runs__format" hidden><label>{escape(label("checklist.format", lang))} '
        f'<select data-role="format">{formats}</select></label></p>',
        f'<h2 id="open-runs">{escape(label("runs.open", lang))}</h2>',
        '<ul class="hb-runs__list" data-state="open"></ul>',
        f'<h2 id="finished-runs">{escape(label("runs.done", lang))}</h2>',
        '<ul class="hb-runs__list" data-state="finished"></ul>',
        f'<textarea class="hb-checklist__record" readonly hidden rows="8" aria-label="{escape(label("checklist.record_box", lang))}"></textarea>',
        "</div>"])


_STUDY_LABELS = ("section", "read", "score", "wrong", "yes", "no", "no_quiz", "score_value", "next", "all_done",
                 "imported", "bad_file", "reset_confirm")


def study_page(lang: str, page_url: str) -> str:
    book = structure()
    statuses = page_statuses()
    questions = [q for q in compiled(lang) if q["pool"] == "study"]  # the exam pool's key is not served
    sections = []
    for chapter in book.chapters:
        for s in chapter.sections:
            if not s.page:
                continue
            qs = [q for q in questions if q["section"] == s.id]
            sections.append({
                # As V4 numbers it (第一章 1. 基本行为准则), never by internal ids.
                "id": s.id, "cite": clause_label(s.page, lang), "title": s.title[lang],
                "href": href_from(page_url, s.page, lang), "status": section_status(s.page, statuses),
                "questions": {q["id"]: {"clause": q["citation"],
                                        "href": href_from(page_url, q["clause"], lang)} for q in qs}})
    words = {k: label("study." + k, lang) for k in _STUDY_LABELS}
    words["draft"] = label("status.reference-draft", lang)
    return "\n".join([
        f'<div class="hb-study" data-labels="{escape(json.dumps(words, ensure_ascii=False))}">',
        f'<script type="application/json" class="hb-study__sections">{_json_script(sections)}</script>',
        f'<noscript><p>{escape(label("study.needs_script", lang))}</p></noscript>',
        f'<p class="hb-study__private">{escape(label("study.private", lang))}</p>',
        '<p class="hb-study__next" role="status"></p>',
        '<div class="hb-study__table"></div>',
        '<p class="hb-study__actions" hidden>'
        f'<button type="button" class="md-button" data-action="export">{escape(label("study.export", lang))}</button> '
        f'<label class="md-button hb-study__import">{escape(label("study.import", lang))}'
        '<input type="file" accept=".json,application/json" class="hb-visually-hidden"></label> '
        f'<button type="button" class="md-button" data-action="reset">{escape(label("study.reset", lang))}</button></p>',
        "</div>"])
