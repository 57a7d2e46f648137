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

from .changes import reader_editions, reading_words
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
        # The office's check of a file against its fingerprints, nothing stored (runs-page.js).
        f'<label class="md-button hb-runs__check">{escape(label("signoff.check_file", lang))}'
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
    words.update(reading_words(lang))
    r = lambda k: escape(label("reading." + k, lang))  # noqa: E731
    return "\n".join([
        f'<div class="hb-study" data-labels="{escape(json.dumps(words, ensure_ascii=False))}">',
        f'<script type="application/json" class="hb-study__sections">{_json_script(sections)}</script>',
        f'<script type="application/json" class="hb-editions">{_json_script(reader_editions(lang, page_url))}</script>',
        f'<noscript><p>{escape(label("study.needs_script", lang))}</p></noscript>',
        f'<p class="hb-study__private">{escape(label("study.private", lang))}</p>',
        since_box(),
        '<p class="hb-study__next" role="status"></p>',
        '<div class="hb-study__table"></div>',
        # Acknowledging an edition's changes (study.js; acknowledgement.js makes the record).
        f'<section class="hb-ack" hidden><h2 id="acknowledge">{r("ack_title")}</h2>',
        f'<p class="hb-ack__limit">{r("limit")}</p>',
        f'<p class="hb-ack__field"><label for="hb-ack-name">{r("ack_name")}</label> '
        '<input id="hb-ack-name" class="hb-ack__name" maxlength="100" autocomplete="name"></p>',
        '<p><button type="button" class="md-button md-button--primary" data-action="ack"></button></p>',
        '<p class="hb-ack__status" role="status"></p>',
        f'<h3 id="my-acknowledgements">{r("ack_mine")}</h3>',
        '<ul class="hb-ack__list"></ul>',
        '<p class="hb-ack__actions">'
        f'<button type="button" class="md-button" data-action="ack-txt">{r("download_txt")}</button> '
        f'<button type="button" class="md-button" data-action="ack-csv">{r("download_csv")}</button> '
        f'<button type="button" class="md-button" data-action="ack-json">{r("download_json")}</button> '
        f'<button type="button" class="md-button" data-action="ack-print">{r("print")}</button></p>',
        '<pre class="hb-ack__print" hidden></pre>',
        '</section>',
        '<p class="hb-study__actions" hidden>'
        f'<button type="button" class="md-button" data-action="export">{escape(label("study.export", lang))}</button> '
        f'<label class="md-button hb-study__import">{escape(label("study.import", lang))}'
        '<input type="file" accept=".json,application/json" class="hb-visually-hidden"></label> '
        f'<button type="button" class="md-button" data-action="reset">{escape(label("study.reset", lang))}</button></p>',
        "</div>"])


def since_box() -> str:
    """"Changed since you read it": filled by since-read.js from the editions and what this
    browser read; hidden while nothing read has changed."""
    return ('<section class="hb-since" hidden><h2 id="changed-since-read" class="hb-since__title"></h2>'
            '<p class="hb-since__count"></p><ul class="hb-since__list"></ul>'
            '<p class="hb-since__more"><a class="hb-since__changes"></a></p></section>')


def since_home(lang: str, page_url: str) -> str:
    """The home page's box: what changed in the sections this browser read, since it read them."""
    words = reading_words(lang)
    return "\n".join([
        f'<div class="hb-since-home" data-labels="{escape(json.dumps(words, ensure_ascii=False))}" '
        f'data-changes="{escape(href_from(page_url, "changes.md", lang))}">',
        f'<script type="application/json" class="hb-editions">{_json_script(reader_editions(lang, page_url))}</script>',
        since_box(), "</div>"])


def acknowledgements_page(lang: str, page_url: str) -> str:
    """The manager's page: pasted or imported acknowledgements, checked against this build's
    editions, as a table; refused lines with their reason (acknowledgements-page.js)."""
    words = reading_words(lang)
    r = lambda k: escape(label("reading." + k, lang))  # noqa: E731
    return "\n".join([
        f'<div class="hb-acks" data-labels="{escape(json.dumps(words, ensure_ascii=False))}">',
        f'<script type="application/json" class="hb-editions">{_json_script(reader_editions(lang, page_url))}</script>',
        f'<noscript><p>{r("needs_script")}</p></noscript>',
        f'<p class="hb-ack__limit">{r("limit")}</p>',
        f'<p><label for="hb-acks-paste">{r("paste")}</label></p>',
        '<textarea id="hb-acks-paste" class="hb-acks__paste" rows="8" spellcheck="false"></textarea>',
        '<p class="hb-acks__actions">'
        f'<button type="button" class="md-button md-button--primary" data-action="collect">{r("collect")}</button> '
        f'<label class="md-button hb-acks__import">{r("import_file")}'
        '<input type="file" accept=".txt,.csv,.json,text/plain,text/csv,application/json" class="hb-visually-hidden"></label> '
        f'<button type="button" class="md-button" data-action="export-csv" hidden>{r("export_csv")}</button></p>',
        '<p class="hb-acks__status" role="status"></p>',
        f'<h2 id="acknowledged" class="hb-acks__table-title" hidden>{r("table_title")}</h2>',
        '<div class="hb-acks__table"></div>',
        f'<h2 id="refused" class="hb-acks__refused-title" hidden>{r("refused_title")}</h2>',
        '<ul class="hb-acks__refused"></ul>',
        "</div>"])
