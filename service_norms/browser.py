"""The JSON door to the rules: one request in, one answer out. The browser's Pyodide worker,
the CLI and the tests all come through here, so they give the same answers.

Pure: no I/O. The caller passes the service-level data (data/service_levels.yml as
validated at build time), so a page computes with exactly the values it shows.

Request:  {"fn": "deadline" | "escalate" | "calendar" | "ping", "lang": "zh" | "en", "levels": {...},
           "notices"?: [...], "args": {...}, "ics": {"stamp"?, "url"?, "clauses"?}?}
Answer:   {"ok": true, "result": {..., "provenance": {"status", "basis"}}, "text": {..., "provenance": [...]},
           "ics"?: "BEGIN:VCALENDAR…"}
          or {"ok": false, "error": {"code", "field", "message", ...}}

`notices` are data/holiday_notices.yml's `notices` as validated at build time (ISO dates):
the years they hold extend chinesecalendar's (working_calendar.py); without them the
library alone counts. A deadline's `label` (a work order, a site) names its calendar event.
An unexpected exception is answered as {"ok": false, "error": {"code": "internal",
"message": a short sentence, "details": the traceback}}: never raised to the caller.

`ics` (deadline only; `true` or an object) asks for the answer as a calendar event too
(calendar_event.py): `stamp` is the file's DTSTAMP (ISO, now by default), `url` the page the
event links back to, `clauses` {clause anchor: URL} the links a cited clause gets.
"""
from __future__ import annotations

import datetime as dt
import json
import traceback

from .calendar_event import deadline_ics, event_uid
from .deadlines import deadline
from .escalation import escalate
from .explain import deadline_lines, escalation_lines
from .holiday_list import calendar_answer
from .messages import KIND_NAMES, amount_text, names, text
from .rule_error import RuleError

DEADLINE_ARGS = {"start", "zone", "limit", "rule", "other_zone", "finished", "label"}
CALENDAR_ARGS = {"year"}
ESCALATE_ARGS = {"severity", "impact", "urgency", "elapsed_minutes", "restored_at_minutes", "key_customer", "complaint",
                 "outage"}


def own_rule_name(rule: dict) -> dict:
    """A rule of the reader's own in words, in both languages ("工作日 3", "3 working days")."""
    if rule.get("amount") is None:
        return dict(KIND_NAMES[rule["kind"]])
    words = {lang: amount_text(rule["kind"], rule["amount"], lang) for lang in ("zh", "en")}
    if rule.get("direction") == "before":
        return {lang: text("own_rule_before", lang, rule=words[lang]) for lang in ("zh", "en")}
    return words


def _deadline(levels: dict, args: dict, lang: str, notices: list) -> tuple[dict, dict]:
    rule, interprets = args.get("rule"), None
    if args.get("limit"):
        limits = {t["id"]: t for t in levels["time_limits"]}
        if not isinstance(args["limit"], str) or args["limit"] not in limits:
            raise RuleError("unknown_limit", "limit", value=args["limit"], expected=names(levels["time_limits"]))
        rule, interprets = limits[args["limit"]]["rule"], limits[args["limit"]].get("interprets")
    if not isinstance(rule, dict):
        raise RuleError("unknown_kind", "rule.kind", value=rule, expected="a time limit id or a rule")
    result = deadline(args.get("start"), args.get("zone") or "Asia/Shanghai", rule, levels["office_hours"],
                      other_zone=args.get("other_zone") or None, finished=args.get("finished") or None,
                      notices=notices)
    lines = deadline_lines(result, lang)
    if args.get("limit"):
        result["limit"] = {"id": args["limit"], "name": limits[args["limit"]]["name"]}
    else:
        # Not the handbook's: the provenance says so, never the chapter-3 draft's basis.
        result["own_rule"] = own_rule_name(result["rule"])
        lines["provenance"] = [text("provenance_own", lang, rule=result["own_rule"][lang])]
        result["own_provenance"] = True
    if args.get("label"):
        result["label"] = str(args["label"])[:200]
    if interprets:
        result["interprets"] = interprets
        lines["provenance"] = [interprets["note"][lang]]
    if args.get("limit") and limits[args["limit"]].get("status"):
        # A limit confirmed against V4 in a draft table (or the reverse) has its own status.
        lines["status"] = limits[args["limit"]]["status"]
    return result, lines


def _escalate(levels: dict, args: dict, lang: str, notices: list) -> tuple[dict, dict]:
    result = escalate(levels, severity=args.get("severity") or None, impact=args.get("impact") or None,
                      urgency=args.get("urgency") or None, elapsed_minutes=args.get("elapsed_minutes", 0),
                      restored_at_minutes=args.get("restored_at_minutes"),
                      key_customer=bool(args.get("key_customer")), complaint=bool(args.get("complaint")),
                      outage=bool(args.get("outage")))
    return result, escalation_lines(result, levels, lang)


def _provenance(levels: dict, lang: str, lines: dict) -> dict:
    """Where the numbers of an answer come from, in the answer itself: a reader who copies
    it, or reaches it by a deep link, still sees whether it is V4 text or a reference draft."""
    if lines.get("own"):
        lines.pop("own")
        return {"status": "own", "basis": lines["provenance"][0]}
    status = lines.pop("status", None) or levels.get("status", "reference-draft")
    # A limit that reads a V4 clause as a number gives its own basis: how it reads it.
    basis = lines.pop("provenance", [None])[0] or levels.get("basis", {}).get(lang, "")
    lines["provenance"] = [text(f"provenance_{status.replace('-', '_')}", lang, basis=basis)]
    return {"status": status, "basis": basis}


def _ics(request: dict, result: dict, lines: dict, args: dict, lang: str) -> str:
    options = request["ics"] if isinstance(request["ics"], dict) else {}
    if request.get("fn") != "deadline":
        raise RuleError("bad_request", "ics", value="a calendar file is made for a deadline only")
    unknown = sorted(set(options) - {"stamp", "url", "clauses"})
    if unknown:
        raise RuleError("bad_request", "ics", value=f"unknown option(s) {unknown}; expected ['clauses', 'stamp', 'url']")
    stamp = None
    if options.get("stamp"):
        try:
            stamp = dt.datetime.fromisoformat(str(options["stamp"]).replace("Z", "+00:00"))
        except ValueError:
            raise RuleError("bad_request", "ics", value=f"stamp {options['stamp']!r} is not an ISO date and time") from None
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.timezone.utc)
    clause = (result.get("interprets") or {}).get("clause")
    name = result["limit"]["name"][lang] if result.get("limit") else result["own_rule"][lang]
    if result.get("label"):
        name = text("ics_labelled", lang, name=name, label=result["label"])
    return deadline_ics(result, lines, lang, name=name, uid=event_uid(args), stamp=stamp,
                        url=options.get("url") or None, clause_url=(options.get("clauses") or {}).get(clause))


def _calendar(levels: dict, args: dict, lang: str, notices: list) -> tuple[dict, dict]:
    return calendar_answer(notices, args.get("year"), lang)


FUNCTIONS = {"deadline": (_deadline, DEADLINE_ARGS), "escalate": (_escalate, ESCALATE_ARGS),
             "calendar": (_calendar, CALENDAR_ARGS)}


def call(request: dict) -> dict:
    lang = request.get("lang") if request.get("lang") in ("zh", "en") else "en"
    fn = request.get("fn")
    if fn == "ping":
        return {"ok": True, "result": "pong"}
    try:
        if fn not in FUNCTIONS:
            raise RuleError("bad_request", "fn", value=f"fn {fn!r}; expected one of {sorted(FUNCTIONS)}")
        handler, allowed = FUNCTIONS[fn]
        args = request.get("args") or {}
        if not isinstance(args, dict):
            raise RuleError("bad_request", "args", value="args must be a JSON object")
        unknown = sorted(set(args) - allowed)
        if unknown:
            raise RuleError("bad_request", "args", value=f"unknown argument(s) {unknown}; expected {sorted(allowed)}")
        notices = request.get("notices") or []
        if not isinstance(notices, list):
            raise RuleError("bad_request", "notices", value="notices must be a list")
        levels = request.get("levels") or {}
        result, lines = handler(levels, args, lang, notices)
        if result.pop("own_provenance", False):
            lines["own"] = True
        if fn != "calendar":
            result["provenance"] = _provenance(levels, lang, lines)
        answer = {"ok": True, "result": result, "text": lines}
        if request.get("ics"):
            answer["ics"] = _ics(request, result, lines, args, lang)
        return answer
    except RuleError as err:
        return {"ok": False, "error": err.to_dict(lang)}
    except (TypeError, AttributeError, KeyError) as err:
        # A value of the wrong JSON type somewhere the rules expect another: still the
        # caller's input, answered as such rather than as a crash.
        return {"ok": False, "error": RuleError("bad_request", "args", value=f"a value of the wrong type ({err})").to_dict(lang)}
    except Exception as err:  # noqa: BLE001 - a fault of the rules: a short answer, the details to copy
        details = "".join(traceback.format_exception(type(err), err, err.__traceback__))
        return {"ok": False, "error": {"code": "internal", "field": "", "params": {}, "message": text("internal", lang),
                                       "details": details}}


def answer(request: str) -> str:
    try:
        parsed = json.loads(request)
        if not isinstance(parsed, dict):
            raise ValueError("a JSON object is expected")
    except ValueError as err:
        return json.dumps({"ok": False, "error": RuleError("bad_request", "request", value=str(err)).to_dict("en")})
    return json.dumps(call(parsed), ensure_ascii=False)
