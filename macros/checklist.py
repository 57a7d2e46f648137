"""A procedure as a checklist: one real checkbox per step, and one radio button per answer
of a decision step (a step with `branches`), in the page's language.

Plain HTML that works without the script (the boxes tick, nothing is saved); the script
(overrides/assets/javascripts/checklist.js) adds runs (several at once, each with a label,
kept in IndexedDB), progress along the path taken, times, notes, export, print and reset.
The procedure also goes into the page as JSON in both languages: a run keeps that copy, so
its record never depends on a later version of the steps. Every data text is escaped: a
step that says `<script>` or `{{ }}` shows it.
"""
from __future__ import annotations

import json
from html import escape

from handbook.data_files import procedure, service_levels
from handbook.labels import label, labels_under
from handbook.links import href_from
from handbook.procedures import Procedure
from handbook.citations import clause_label
from handbook.service_levels import ServiceLevels

from .rule_tables import limit_text


def step_anchor(procedure_id: str, step_id: str) -> str:
    return f"step-{procedure_id}-{step_id}"


def _l(path: str, lang: str) -> str:
    return label("checklist." + path, lang)


# The words checklist.js and run-record.js show (data-labels), in the page's language.
SCRIPT_LABELS = ("progress", "storage_off", "storage_low", "reset_confirm", "copied", "copy_manual", "ticked_at",
                 "not_ticked", "no_run", "finish_confirm", "finished_msg", "started", "finished", "label", "procedure",
                 "version", "status", "status_compiled", "status_draft", "run_id", "note", "note_for",
                 "no_label", "answered_at", "col_number", "col_step", "col_done", "col_time", "saved", "run",
                 "states_key", "finish_undone", "finish_undone_one", "finished_undone", "finished_undone_one",
                 "not_saved", "not_saved_any", "unsaved", "origin", "imported_from", "copy_of",
                 "colon", "sep", "paren")


def script_labels(lang: str) -> dict:
    """The words, and two groups: the step states (record-states.js names) and the CSV headings."""
    return {**{k: _l(k, lang) for k in SCRIPT_LABELS},
            "state": labels_under("checklist.state", lang), "csv": labels_under("checklist.csv", lang),
            "photo": labels_under("checklist.photo", lang), "signoff": labels_under("signoff", lang)}


def status_of(p: Procedure) -> str:
    """A procedure on a V4 clause is compiled from it (never V4 text: its steps restate the
    clauses and add an order); one on a draft's basis is a reference draft."""
    return p.source.status


def procedure_data(p: Procedure) -> dict:
    """What a run keeps of the procedure it was made with: both languages, the step graph."""
    return {"id": p.id, "version": p.version, "status": status_of(p), "title": p.title.model_dump(),
            "steps": [{"id": s.id, "text": s.text.model_dump(), "end": s.end,
                       "branches": [{"when": b.when.model_dump(), "next": b.next} for b in s.branches],
                       **_photo_data(s)}
                      for s in p.steps],
            # The sign-off that closes a run, with the signer's role in both languages (run-signoff.js).
            **({"sign_off": {"role": p.sign_off.role, "role_name": next(r.name for r in p.roles if r.id == p.sign_off.role).model_dump(),
                             "clause": p.sign_off.clause,
                             "cite": {lang: clause_label(p.sign_off.clause, lang) for lang in ("zh", "en")} if p.sign_off.clause else None,
                             "statement": p.sign_off.statement.model_dump()}} if p.sign_off else {})}


def _photo_data(step) -> dict:
    """A step's expected photo, as a run keeps it (only where the procedure names one)."""
    return {"photo": step.photo.model_dump()} if step.photo else {}


def _json_script(value) -> str:
    # Inside <script> only "</" could end the element early.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def _step(p: Procedure, index: int, number: dict[str, int], roles: dict[str, str], lang: str, page_url: str,
          levels: ServiceLevels) -> str:
    step = p.steps[index]
    anchor = step_anchor(p.id, step.id)
    details = []
    if step.role:
        details.append(f'<span class="hb-role hb-role-{escape(step.role)}">{escape(roles[step.role])}</span>')
    if step.time_limit:
        # Every time limit is data/service_levels.yml's, and says where it comes from.
        limit = levels.time_limit(step.time_limit)
        mark = (f' <span class="hb-provenance hb-provenance--{levels.status}">'
                f'{escape(label("provenance." + levels.status, lang))}</span>')
        details.append(f'<span class="hb-limit" data-provenance="{levels.status}">{escape(_l("time_limit", lang))}'
                       f'{escape(label("colon", lang))}'
                       f'{escape(_l("limit_entry", lang).format(name=limit.name[lang], limit=limit_text(limit, lang)))}'
                       f'{mark}</span>')
    if step.clause:
        details.append(f'<a class="hb-clause" href="{escape(href_from(page_url, step.clause, lang))}">'
                       f'{escape(_l("clause", lang))}{escape(_l("colon", lang))}{escape(clause_label(step.clause, lang))}</a>')
    if step.record:
        details.append(f'<span class="hb-record">{escape(_l("record", lang))}{escape(label("colon", lang))}'
                       f'{escape(step.record[lang])}</span>')
    if step.photo:
        # Where the procedure expects a photo (run-photos.js takes one at any step).
        details.append(f'<span class="hb-photo-need" data-need="{step.photo.need}">'
                       f'{escape(_l("photo.need_" + step.photo.need, lang))}{escape(label("colon", lang))}'
                       f'{escape(step.photo.caption[lang])}</span>')
    details.append('<time class="hb-checklist__time"></time>')
    if step.branches:
        # A decision is answered, not ticked: one radio button per branch, its `when` as the label.
        lines = [f'<li class="hb-checklist__step hb-checklist__step--decision" id="{anchor}" data-step="{escape(step.id)}">',
                 f'<fieldset class="hb-checklist__decision"><legend class="hb-checklist__text">{escape(step.text[lang])}</legend>',
                 '<ul class="hb-checklist__branches">']
        for j, b in enumerate(step.branches):
            goto = _l("branch_to", lang).format(number=number[b.next])
            lines.append(f'<li><label class="hb-checklist__answer"><input type="radio" name="{escape(p.id)}--{escape(step.id)}"'
                         f' value="{j}"> {escape(b.when[lang])}</label>'
                         f' → <a href="#{step_anchor(p.id, b.next)}">{escape(goto)}</a></li>')
        lines += ["</ul>", "</fieldset>", f'<div class="hb-checklist__details">{" ".join(details)}</div>']
    else:
        lines = [f'<li class="hb-checklist__step" id="{anchor}" data-step="{escape(step.id)}">',
                 f'<label class="hb-checklist__label"><input type="checkbox" name="{escape(step.id)}">'
                 f' <span class="hb-checklist__text">{escape(step.text[lang])}</span></label>',
                 f'<div class="hb-checklist__details">{" ".join(details)}</div>']
    if not step.branches and not p.successors(index):
        lines.append(f'<p class="hb-checklist__end">{escape(_l("end", lang))}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def checklist(procedure_id: str, lang: str, page_url: str) -> str:
    return render(procedure(procedure_id), service_levels(), lang, page_url, since=_since(procedure_id, lang, page_url))


def _since(procedure_id: str, lang: str, page_url: str) -> list[str]:
    """What changed since each earlier version an edition recorded: shown (checklist.js) when
    an open job record of that version exists in this browser."""
    from handbook.editions import history, procedure_changes_since

    from .changes import change_items
    current = history()["snapshot"]
    out = []
    for version, changes in sorted(procedure_changes_since(procedure_id).items()):
        out += [f'<details class="hb-checklist__since" data-since-version="{version}" hidden>',
                f'<summary>{escape(_l("since", lang).format(version=version))}</summary>',
                f'<ul class="hb-changes__list">{change_items(changes, lang, page_url, current)}</ul>', '</details>']
    return out


def render(p: Procedure, levels: ServiceLevels, lang: str, page_url: str, since: list[str] = ()) -> str:
    runs_href = href_from(page_url, "runs.md", lang)
    number = {s.id: n for n, s in enumerate(p.steps, 1)}
    roles = {r.id: r.name[lang] for r in p.roles}
    total = len(p.steps)
    # Every line starts with "<": Markdown keeps the block as raw HTML, and the glossary
    # tooltips leave it alone.
    # A procedure is compiled from V4 clauses when its source is one, a reference draft
    # otherwise: the heading says which, with the draft's basis, and so does every record.
    status = status_of(p)
    meta = escape(_l(f"generated.{status}", lang).format(version=p.version))
    if p.source.reference_draft:
        basis = label("provenance.basis", lang).format(basis=p.source.reference_draft[lang])
        meta += f'<br><span class="hb-provenance__basis">{escape(basis)}</span>'
    labels = escape(json.dumps(script_labels(lang), ensure_ascii=False))
    field = f"run-label-{p.id}"
    head = [f'<div class="hb-checklist" id="checklist-{p.id}" data-procedure="{p.id}" data-version="{p.version}"'
            f' data-status="{status}" data-title="{escape(p.title[lang])}" data-lang="{lang}" data-labels="{labels}">',
            f'<script type="application/json" class="hb-checklist__data">{_json_script(procedure_data(p))}</script>',
            f'<p class="hb-checklist__meta hb-provenance hb-provenance--{status}">{meta}</p>',
            # The runs: hidden until the script runs (without it nothing is kept).
            '<fieldset class="hb-checklist__runs" hidden>',
            f'<legend>{escape(_l("runs_legend", lang))}</legend>',
            f'<p class="hb-checklist__field"><label for="run-select-{p.id}">{escape(_l("run", lang))}</label>'
            f'<select id="run-select-{p.id}" class="hb-checklist__run-select"></select></p>',
            f'<p class="hb-checklist__field"><label for="{field}">{escape(_l("run_label", lang))}</label>'
            f'<input id="{field}" class="hb-checklist__run-label" maxlength="200" autocomplete="off"></p>',
            '<p class="hb-checklist__run-actions">'
            f'<button type="button" class="md-button" data-action="new">{escape(_l("new_run", lang))}</button> '
            f'<button type="button" class="md-button" data-action="finish">{escape(_l("finish", lang))}</button> '
            f'<a class="hb-checklist__runs-link" href="{escape(runs_href)}">{escape(_l("my_runs", lang))}</a></p>',
            '<p class="hb-checklist__run-state"></p>',
            '<p class="hb-checklist__older" hidden></p>',
            *since,
            '</fieldset>',
            f'<p class="hb-checklist__progress" aria-live="polite"><progress max="{total}" value="0"></progress>'
            f' <span class="hb-checklist__count">0 / {total}</span> {escape(_l("progress", lang))}</p>',
            '<p class="hb-checklist__notice" role="status" hidden></p>',
            '<ol class="hb-checklist__steps">']
    steps = [_step(p, i, number, roles, lang, page_url, levels) for i in range(total)]
    formats = "".join(f'<option value="{f}">{escape(_l("fmt_" + f, lang))}</option>' for f in ("txt", "csv", "json"))
    tail = ['</ol>',
            '<p class="hb-checklist__actions">'
            f'<label class="hb-checklist__format">{escape(_l("format", lang))} <select data-role="format">{formats}</select></label> '
            f'<button type="button" class="md-button" data-action="share" hidden>{escape(_l("share", lang))}</button> '
            f'<button type="button" class="md-button" data-action="copy">{escape(_l("copy", lang))}</button> '
            f'<button type="button" class="md-button" data-action="download">{escape(_l("download", lang))}</button> '
            f'<button type="button" class="md-button" data-action="print-record">{escape(_l("print_record", lang))}</button> '
            f'<button type="button" class="md-button" data-action="print">{escape(_l("print", lang))}</button> '
            f'<button type="button" class="md-button" data-action="reset">{escape(_l("reset", lang))}</button></p>',
            f'<textarea class="hb-checklist__record" readonly hidden rows="8" aria-label="{escape(_l("record_box", lang))}"></textarea>',
            '</div>']
    return "\n".join(head + steps + tail)
