"""The calculators on the page: forms the browser answers with the rules package under Pyodide.

Rendering only: the form, its words in the page's language, the service-level data the
rules compute with (the same validated data the tables on the page show), where the
worker and Pyodide live, and the links to the clauses an answer can cite, resolved for this
page. overrides/assets/javascripts/rules-widget.js does the rest.
"""
from __future__ import annotations

import json
from html import escape

from handbook.citations import clause_label
from handbook.data_files import holiday_notices, service_levels
from handbook.labels import label
from handbook.links import href_from
from service_norms.escalation import CLAUSES
from service_norms.vocabulary import DIRECTIONS, MAX_AMOUNT, RULE_KINDS
from service_norms.working_calendar import LIBRARY, calendar

from .rule_tables import limit_text

# Offered in the zone box; any IANA name may be typed.
COMMON_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Singapore", "Asia/Kolkata", "Asia/Dubai",
                "Europe/London", "Europe/Berlin", "Europe/Moscow", "Africa/Cairo", "Africa/Johannesburg",
                "Africa/Nairobi", "America/Sao_Paulo", "America/Mexico_City", "America/New_York", "UTC"]
_SCRIPT_LABELS = ("idle", "runtime", "packages", "ready", "failed", "working", "warnings", "why", "required",
                  "start", "planned", "finished", "filed", "colon", "ics",
                  "unexpected", "copy_details", "copied", "size", "keep", "keeping", "kept",
                  "keep_failed", "not_kept", "download", "eta_seconds", "eta_minutes", "paused", "retrying",
                  "no_start", "silent", "no_script")


def _l(key: str, lang: str) -> str:
    return label("widgets." + key, lang)


# The page whose tables hold the values each calculator computes with.
_TABLES = {"deadline": "after-sales/fault-handling.md#time-limits", "escalation": "after-sales/fault-handling.md#escalation"}


def values_status() -> str:
    """The status of the values every calculator computes with (data/service_levels.yml)."""
    return service_levels().status


def _provenance(kind: str, lang: str, page_url: str) -> str:
    """Where the calculator's values come from (data/service_levels.yml `status`), linked to the
    table that lists them, on whichever page the calculator stands."""
    status = service_levels().status
    tables = kind if kind == "deadline" else "escalation"
    return (f'<p class="hb-widget__provenance"><span class="hb-provenance hb-provenance--{status}">'
            f'{escape(label("provenance." + status, lang))}</span> '
            f'<a href="{escape(href_from(page_url, _TABLES[tables], lang))}">{escape(_l("values_" + tables, lang))}</a></p>')


def _coverage(lang: str) -> str:
    """How far the working calendar reaches ("节假日数据覆盖至 …"), from the same data the
    answers count with; past it an answer is provisional and says so."""
    cal = calendar(holiday_notices().for_rules())
    sources = LIBRARY
    if cal.notices:
        years = ("、" if lang == "zh" else ", ").join(map(str, sorted(cal.notices)))
        sources = label("widgets.coverage_notices", lang).format(library=LIBRARY, years=years)
    return (f'<p class="hb-widget__coverage">'
            f'{escape(label("widgets.coverage", lang).format(last=cal.last_covered.isoformat(), sources=sources))}</p>')


def _form(kind: str, lang: str, page_url: str, fields: list[str], submit: str) -> str:
    attrs = {
        "data-fn": kind,
        "data-lang": lang,
        # The clauses an escalation trace or a calendar file cites (service_norms.escalation.CLAUSES,
        # the V4 clauses time limits interpret): a link from this page and the clause as the
        # handbook numbers it.
        "data-clauses": json.dumps({c: {"href": href_from(page_url, c, lang), "label": clause_label(c, lang)}
                                    for c in sorted(set(CLAUSES.values()) | {t.interprets.clause for t in service_levels().time_limits
                                                                             if t.interprets})},
                                   ensure_ascii=False, separators=(",", ":")),
        "data-levels": json.dumps(service_levels().model_dump(), ensure_ascii=False, separators=(",", ":")),
        # The holiday notices the department entered (data/holiday_notices.yml): sent with
        # every request, so a year added there counts on this page without a code change.
        "data-notices": json.dumps(holiday_notices().for_rules(), ensure_ascii=False, separators=(",", ":")),
        "data-labels": json.dumps({k: _l(k, lang) for k in _SCRIPT_LABELS}, ensure_ascii=False),
    }
    attr_text = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    title = _l(f"{kind if kind == 'deadline' else 'escalation'}_title", lang)
    # Every line starts with "<": Markdown keeps the block as raw HTML, tooltips leave it alone.
    return "\n".join([
        # data-search-exclude: a form's labels and options are not handbook text to search.
        # A form sent before rules-widget.js has run (it loads async) is kept for it by
        # rules-starter.js (no inline onsubmit: the Content-Security-Policy allows none).
        f'<form class="hb-widget hb-widget--{kind}" id="widget-{kind}" {attr_text} novalidate data-search-exclude>',
        f'<p class="hb-widget__title"><strong>{escape(title)}</strong></p>',
        _provenance(kind, lang, page_url),
        *([_coverage(lang)] if kind == "deadline" else []),
        f'<p class="hb-widget__status" role="status">{escape(_l("idle", lang))}</p>',
        # Filled by rules-widget.js: a first start's download, and keeping the calculators offline.
        '<div class="hb-widget__download" hidden><progress class="hb-widget__bar" max="1" value="0"></progress>'
        '<p class="hb-widget__download-text"></p></div>',
        '<p class="hb-widget__offline" hidden><span class="hb-widget__offline-text"></span> '
        '<button type="button" class="md-button hb-widget__keep" hidden></button></p>',
        *fields,
        f'<p><button type="submit" class="md-button md-button--primary">{escape(submit)}</button></p>',
        '<p class="hb-widget__error" role="alert" hidden></p>',
        '<div class="hb-widget__result" aria-live="polite"></div>',
        "</form>"])


def _field(name: str, text: str, control: str) -> str:
    return f'<p class="hb-widget__field"><label for="{name}">{escape(text)}</label>{control}</p>'


def _zone_list(kind: str) -> str:
    return f'<datalist id="{kind}-zones">' + "".join(f'<option value="{z}">' for z in COMMON_ZONES) + "</datalist>"


def deadline_calculator(lang: str, page_url: str, limit_ids: list[str] | None = None) -> str:
    levels = service_levels()
    limits = [levels.time_limit(i) for i in limit_ids] if limit_ids else levels.time_limits
    # An "in advance" limit counts back from a planned time: its option says so, and the
    # script then asks for the planned time and the filing time instead of start and finish.
    options = "".join(f'<option value="{t.id}" data-direction="{t.rule.direction}">{escape(t.name[lang])} — '
                      f'{escape(limit_text(t, lang))}</option>' for t in limits)
    options += f'<option value="custom">{escape(_l("custom", lang))}</option>'
    kinds = "".join(f'<option value="{k}" data-max="{MAX_AMOUNT[k]}">{escape(label("service_levels.kind_names." + k, lang))}'
                    f'</option>' for k in RULE_KINDS if k in MAX_AMOUNT)
    directions = "".join(f'<option value="{d}">{escape(_l("direction_" + d, lang))}</option>' for d in DIRECTIONS)
    fields = [
        _field("deadline-start", _l("start", lang), '<input type="datetime-local" id="deadline-start" name="start" required>'),
        _field("deadline-zone", _l("zone", lang),
               '<input id="deadline-zone" name="zone" list="deadline-zones" value="Asia/Shanghai" autocomplete="off" required>'),
        _field("deadline-limit", _l("limit", lang), f'<select id="deadline-limit" name="limit">{options}</select>'),
        # A rule of the reader's own, within the same bounds as the data (service_norms.vocabulary).
        '<fieldset class="hb-widget__custom" hidden disabled>',
        f'<legend>{escape(_l("custom", lang))}</legend>',
        _field("deadline-kind", _l("kind", lang), f'<select id="deadline-kind" name="rule.kind">{kinds}</select>'),
        _field("deadline-amount", _l("amount", lang),
               '<input type="number" id="deadline-amount" name="rule.amount" min="1" step="1" inputmode="numeric" required>'),
        _field("deadline-direction", _l("direction", lang), f'<select id="deadline-direction" name="rule.direction">{directions}</select>'),
        '</fieldset>',
        _field("deadline-other-zone", _l("other_zone", lang),
               '<input id="deadline-other-zone" name="other_zone" list="deadline-zones" autocomplete="off">'),
        _field("deadline-finished", _l("finished", lang), '<input type="datetime-local" id="deadline-finished" name="finished">'),
        # Names the calendar event (a work order, a site); the answer itself does not use it.
        _field("deadline-label", _l("label", lang),
               '<input id="deadline-label" name="label" maxlength="200" autocomplete="off">'),
        _zone_list("deadline"),
    ]
    return _form("deadline", lang, page_url, fields, _l("calculate", lang))


def escalation_widget(lang: str, page_url: str) -> str:
    levels = service_levels()
    severities = f'<option value="">{escape(_l("by_matrix", lang))}</option>' + "".join(
        f'<option value="{s.id}">{escape(s.name[lang])}</option>' for s in levels.severities)
    matrix_levels = "".join(f'<option value="{lv.id}">{escape(lv.name[lang])}</option>'
                            for lv in levels.priority_matrix.levels)
    fields = [
        _field("escalate-severity", _l("severity", lang), f'<select id="escalate-severity" name="severity">{severities}</select>'),
        _field("escalate-impact", _l("impact", lang), f'<select id="escalate-impact" name="impact">{matrix_levels}</select>'),
        _field("escalate-urgency", _l("urgency", lang), f'<select id="escalate-urgency" name="urgency">{matrix_levels}</select>'),
        f'<p class="hb-widget__field hb-widget__check"><label><input type="checkbox" name="outage"> {escape(_l("outage", lang))}</label></p>',
        _field("escalate-elapsed", _l("elapsed", lang),
               '<input type="number" id="escalate-elapsed" name="elapsed_minutes" min="0" step="1" value="0" inputmode="numeric" required>'),
        _field("escalate-restored", _l("restored_at", lang),
               '<input type="number" id="escalate-restored" name="restored_at_minutes" min="0" step="1" inputmode="numeric">'),
        f'<p class="hb-widget__field hb-widget__check"><label><input type="checkbox" name="key_customer"> {escape(_l("key_customer", lang))}</label></p>',
        f'<p class="hb-widget__field hb-widget__check"><label><input type="checkbox" name="complaint"> {escape(_l("complaint", lang))}</label></p>',
    ]
    return _form("escalate", lang, page_url, fields, _l("decide", lang))
