"""A procedure as a checklist: one real checkbox per step, in the page's language.

Plain HTML that works without the script (the boxes tick, nothing is saved); the script
(overrides/assets/javascripts/checklist.js) adds saving, progress, times, reset, copy
and print. Every data text is escaped: a step that says `<script>` or `{{ }}` shows it.
"""
from __future__ import annotations

import json
from html import escape

from handbook.data_files import procedure, service_levels
from handbook.labels import label
from handbook.links import href_from
from handbook.procedures import Procedure
from handbook.citations import clause_label
from handbook.service_levels import ServiceLevels

from .rule_tables import limit_text


def step_anchor(procedure_id: str, step_id: str) -> str:
    return f"step-{procedure_id}-{step_id}"


def _l(path: str, lang: str) -> str:
    return label("checklist." + path, lang)


def _script_labels(lang: str) -> str:
    keys = ("progress", "storage_off", "reset_confirm", "copied", "copy_manual", "ticked_at", "not_ticked")
    return escape(json.dumps({k: _l(k, lang) for k in keys}, ensure_ascii=False))


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
    details.append('<time class="hb-checklist__time"></time>')
    lines = [f'<li class="hb-checklist__step" id="{anchor}" data-step="{escape(step.id)}">',
             f'<label class="hb-checklist__label"><input type="checkbox" name="{escape(step.id)}">'
             f' <span class="hb-checklist__text">{escape(step.text[lang])}</span></label>',
             f'<div class="hb-checklist__details">{" ".join(details)}</div>']
    if step.branches:
        lines.append('<ul class="hb-checklist__branches">')
        for b in step.branches:
            goto = _l("branch_to", lang).format(number=number[b.next])
            lines.append(f'<li>{escape(b.when[lang])} → <a href="#{step_anchor(p.id, b.next)}">{escape(goto)}</a></li>')
        lines.append("</ul>")
    elif not p.successors(index):
        lines.append(f'<p class="hb-checklist__end">{escape(_l("end", lang))}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def checklist(procedure_id: str, lang: str, page_url: str) -> str:
    return render(procedure(procedure_id), service_levels(), lang, page_url)


def render(p: Procedure, levels: ServiceLevels, lang: str, page_url: str) -> str:
    number = {s.id: n for n, s in enumerate(p.steps, 1)}
    roles = {r.id: r.name[lang] for r in p.roles}
    total = len(p.steps)
    # Every line starts with "<": Markdown keeps the block as raw HTML, and the glossary
    # tooltips leave it alone.
    # A procedure is V4 text when its source is a V4 clause, a reference draft otherwise: the
    # heading says which, with the draft's basis, and so does every record made from it.
    status = "reference-draft" if p.source.reference_draft else "converted"
    meta = escape(_l(f"generated.{status}", lang).format(version=p.version))
    if p.source.reference_draft:
        basis = label("provenance.basis", lang).format(basis=p.source.reference_draft[lang])
        meta += f'<br><span class="hb-provenance__basis">{escape(basis)}</span>'
    head = [f'<div class="hb-checklist" id="checklist-{p.id}" data-procedure="{p.id}" data-version="{p.version}"'
            f' data-status="{status}" data-title="{escape(p.title[lang])}" data-labels="{_script_labels(lang)}">',
            f'<p class="hb-checklist__meta hb-provenance hb-provenance--{status}">{meta}</p>',
            f'<p class="hb-checklist__progress" aria-live="polite"><progress max="{total}" value="0"></progress>'
            f' <span class="hb-checklist__count">0 / {total}</span> {escape(_l("progress", lang))}</p>',
            '<p class="hb-checklist__notice" role="status" hidden></p>',
            '<ol class="hb-checklist__steps">']
    steps = [_step(p, i, number, roles, lang, page_url, levels) for i in range(total)]
    tail = ['</ol>',
            '<p class="hb-checklist__actions">'
            f'<button type="button" class="md-button" data-action="copy">{escape(_l("copy", lang))}</button> '
            f'<button type="button" class="md-button" data-action="print">{escape(_l("print", lang))}</button> '
            f'<button type="button" class="md-button" data-action="reset">{escape(_l("reset", lang))}</button></p>',
            f'<textarea class="hb-checklist__record" readonly hidden rows="8" aria-label="{escape(_l("record_box", lang))}"></textarea>',
            '</div>']
    return "\n".join(head + steps + tail)
