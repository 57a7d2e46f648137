"""Rule tables of the reference drafts (severity, priority, time limits, escalation) and the
draft notice, rendered from data/service_levels.yml: the same data the widgets compute with."""
from __future__ import annotations

from handbook.data_files import procedure, service_levels
from handbook.labels import counted, label
from handbook.service_levels import ServiceLevels, TimeLimit

from html import escape

from .escaping import md_text


def _l(path: str, lang: str) -> str:
    return label("service_levels." + path, lang)


def limit_text(limit: TimeLimit, lang: str) -> str:
    text = counted("service_levels.kinds." + limit.rule.kind, lang, limit.rule.amount).format(amount=limit.rule.amount)
    return _l("before", lang).format(limit=text) if limit.rule.direction == "before" else text


def _duration(minutes: int, lang: str) -> str:
    if minutes % 1440 == 0:
        return counted("service_levels.days", lang, minutes // 1440).format(value=minutes // 1440)
    if minutes % 60 == 0:
        return _l("hours", lang).format(value=minutes // 60)
    return _l("minutes", lang).format(value=minutes)


def _captioned(table: str, part: str, lang: str, levels: ServiceLevels) -> str:
    """A rule table under a caption that says where its values come from (status and basis,
    from the data), so a reader who lands on the table by a deep link still sees it."""
    status = levels.status
    caption = (f"{label('provenance.' + status, lang)} · "
               f"{label('provenance.basis', lang).format(basis=getattr(levels.sources, part)[lang])}")
    return "\n".join([f'<div class="hb-rule-table" data-provenance="{status}" markdown>', "",
                      f'<p class="hb-provenance hb-provenance--{status}">{escape(caption)}</p>', "", table, "", "</div>"])


def draft_notice(procedure_id: str | None, lang: str) -> str:
    """The reference-draft warning; its basis is the service levels', or a procedure's own."""
    body = md_text(label("draft.body", lang))
    basis = procedure(procedure_id).source.reference_draft if procedure_id else service_levels().basis
    if basis is None:
        raise ValueError(f"draft_notice: procedure {procedure_id!r} is V4 text, not a reference draft")
    basis = md_text(basis[lang])
    return (f'!!! warning "{md_text(label("draft.title", lang))}"\n'
            f"    {body}\n\n"
            f"    **{md_text(label('draft.basis', lang))}**{label('colon', lang)}{basis}")


def severity_table(lang: str, levels: ServiceLevels | None = None) -> str:
    levels = levels or service_levels()
    out = [f"| {_l('severity', lang)} | {_l('definition', lang)} |", "|---|---|"]
    for s in levels.severities:
        out.append(f'| <span id="severity-{s.id}">{md_text(s.name[lang])}</span> | {md_text(s.definition[lang])} |')
    return _captioned("\n".join(out), "severities", lang, levels)


def priority_matrix(lang: str, levels: ServiceLevels | None = None) -> str:
    levels = levels or service_levels()
    matrix = levels.priority_matrix
    names = {s.id: s.name[lang] for s in levels.severities}
    corner = f"{md_text(matrix.impact[lang])} ＼ {md_text(matrix.urgency[lang])}"
    out = [f"| {corner} | " + " | ".join(md_text(lv.name[lang]) for lv in matrix.levels) + " |",
           "|---|" + "---|" * len(matrix.levels)]
    for impact in matrix.levels:
        cells = [md_text(names[matrix.cells[impact.id][u.id]]) for u in matrix.levels]
        out.append(f"| **{md_text(impact.name[lang])}** | " + " | ".join(cells) + " |")
    outage = {s.id: s.name[lang] for s in levels.severities}[matrix.outage]
    outage = outage if lang == "zh" else outage.lower()  # a common noun inside the sentence
    out += ["", md_text(_l("outage", lang).format(severity=outage))]
    return _captioned("\n".join(out), "priority_matrix", lang, levels)


def time_limits_table(limit_ids: list[str] | None, lang: str, levels: ServiceLevels | None = None) -> str:
    levels = levels or service_levels()
    known = {t.id: t for t in levels.time_limits}
    unknown = [i for i in (limit_ids or []) if i not in known]
    if unknown:
        raise KeyError(f"time_limits_table: unknown time limit(s) {unknown}; data/service_levels.yml has {sorted(known)}")
    rows = [known[i] for i in limit_ids] if limit_ids else levels.time_limits
    out = [f"| {_l('limit', lang)} | {_l('amount', lang)} | {_l('applies', lang)} |", "|---|---|---|"]
    for t in rows:
        # A limit confirmed against V4 while the table is a draft (or the reverse) says so in its row.
        own = (f' <span class="hb-provenance-row" data-provenance="{t.status}">'
               f'{md_text(_l("row_status", lang).format(status=label("provenance." + t.status, lang)))}</span>'
               if t.status and t.status != levels.status else "")
        out.append(f'| <span id="limit-{t.id}">{md_text(t.name[lang])}</span>{own} | {md_text(limit_text(t, lang))} | {md_text(t.applies[lang])} |')
    hours = "、".join if lang == "zh" else ", ".join
    periods = hours(f"{p.start}–{p.end}" for p in levels.office_hours)
    out += ["", f"{_l('office_hours', lang)}{label('colon', lang)}{periods}"]
    notes = [t for t in rows if t.interprets]
    for t in notes:
        out += ["", md_text(_l("interprets", lang).format(limit=t.name[lang], note=t.interprets.note[lang]))]
    return _captioned("\n".join(out), "time_limits", lang, levels)


def escalation_ladder(lang: str, levels: ServiceLevels | None = None) -> str:
    levels = levels or service_levels()
    esc = levels.escalation
    severities = levels.severities
    out = [f"| {_l('rung', lang)} | {_l('who', lang)} |", "|---|---|"]
    for n, rung in enumerate(esc.ladder, 1):
        out.append(f'| {n} | <span id="rung-{rung.id}">{md_text(rung.name[lang])}</span> |')
    rungs = [r.id for r in esc.ladder]
    limits = {t.id: t for t in levels.time_limits}
    out += ["", f"| {_l('severity', lang)} | {_l('start', lang)} | {_l('step', lang)} | {_l('step_restored', lang)} "
            f"| {_l('ceiling', lang)} | {_l('restore', lang)} | {_l('close', lang)} |",
            "|---|---|---|---|---|---|---|"]
    for s in severities:
        targets = esc.targets[s.id]
        restore, close = limits[targets.restore], limits[targets.close]
        close_text = limit_text(close, lang) + (_l("after_restored", lang) if targets.close_from == "restored" else "")
        out.append(f"| {md_text(s.name[lang])} | {esc.start_rung[s.id]} | {_duration(esc.step_minutes[s.id], lang)} "
                   f"| {_duration(esc.step_minutes_restored[s.id], lang)} | {rungs.index(esc.ceiling[s.id]) + 1} "
                   f"| {md_text(limit_text(restore, lang))} | {md_text(close_text)} |")
    out += ["", md_text(_l("jumps", lang).format(key=esc.key_customer_rungs, complaint=esc.complaint_rungs)),
            "", md_text(_l("overdue", lang).format(top=esc.ladder[-1].name[lang]))]
    return _captioned("\n".join(out), "escalation", lang, levels)
