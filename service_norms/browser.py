"""The JSON door to the rules: one request in, one answer out. The browser's Pyodide worker,
the CLI and the tests all come through here, so they give the same answers.

Pure: no I/O. The caller passes the service-level data (data/service_levels.yml as
validated at build time), so a page computes with exactly the values it shows.

Request:  {"fn": "deadline" | "escalate" | "ping", "lang": "zh" | "en", "levels": {...}, "args": {...}}
Answer:   {"ok": true, "result": {..., "provenance": {"status", "basis"}}, "text": {..., "provenance": [...]}}
          or {"ok": false, "error": {"code", "field", "message", ...}}
"""
from __future__ import annotations

import json

from .deadlines import deadline
from .escalation import escalate
from .explain import deadline_lines, escalation_lines
from .messages import names, text
from .rule_error import RuleError

DEADLINE_ARGS = {"start", "zone", "limit", "rule", "other_zone", "finished"}
ESCALATE_ARGS = {"severity", "impact", "urgency", "elapsed_minutes", "restored_at_minutes", "key_customer", "complaint",
                 "outage"}


def _deadline(levels: dict, args: dict, lang: str) -> tuple[dict, dict]:
    rule, interprets = args.get("rule"), None
    if args.get("limit"):
        limits = {t["id"]: t for t in levels["time_limits"]}
        if not isinstance(args["limit"], str) or args["limit"] not in limits:
            raise RuleError("unknown_limit", "limit", value=args["limit"], expected=names(levels["time_limits"]))
        rule, interprets = limits[args["limit"]]["rule"], limits[args["limit"]].get("interprets")
    if not isinstance(rule, dict):
        raise RuleError("unknown_kind", "rule.kind", value=rule, expected="a time limit id or a rule")
    result = deadline(args.get("start"), args.get("zone") or "Asia/Shanghai", rule, levels["office_hours"],
                      other_zone=args.get("other_zone") or None, finished=args.get("finished") or None)
    lines = deadline_lines(result, lang)
    if interprets:
        result["interprets"] = interprets
        lines["provenance"] = [interprets["note"][lang]]
    return result, lines


def _escalate(levels: dict, args: dict, lang: str) -> tuple[dict, dict]:
    result = escalate(levels, severity=args.get("severity") or None, impact=args.get("impact") or None,
                      urgency=args.get("urgency") or None, elapsed_minutes=args.get("elapsed_minutes", 0),
                      restored_at_minutes=args.get("restored_at_minutes"),
                      key_customer=bool(args.get("key_customer")), complaint=bool(args.get("complaint")),
                      outage=bool(args.get("outage")))
    return result, escalation_lines(result, levels, lang)


def _provenance(levels: dict, lang: str, lines: dict) -> dict:
    """Where the numbers of an answer come from, in the answer itself: a reader who copies
    it, or reaches it by a deep link, still sees whether it is V4 text or a reference draft."""
    status = levels.get("status", "reference-draft")
    # A limit that reads a V4 clause as a number gives its own basis: how it reads it.
    basis = lines.pop("provenance", [None])[0] or levels.get("basis", {}).get(lang, "")
    lines["provenance"] = [text(f"provenance_{status.replace('-', '_')}", lang, basis=basis)]
    return {"status": status, "basis": basis}


FUNCTIONS = {"deadline": (_deadline, DEADLINE_ARGS), "escalate": (_escalate, ESCALATE_ARGS)}


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
        result, lines = handler(request["levels"], args, lang)
        result["provenance"] = _provenance(request["levels"], lang, lines)
        return {"ok": True, "result": result, "text": lines}
    except RuleError as err:
        return {"ok": False, "error": err.to_dict(lang)}
    except (TypeError, AttributeError, KeyError) as err:
        # A value of the wrong JSON type somewhere the rules expect another: still the
        # caller's input, answered as such rather than as a crash.
        return {"ok": False, "error": RuleError("bad_request", "args", value=f"a value of the wrong type ({err})").to_dict(lang)}


def answer(request: str) -> str:
    try:
        parsed = json.loads(request)
        if not isinstance(parsed, dict):
            raise ValueError("a JSON object is expected")
    except ValueError as err:
        return json.dumps({"ok": False, "error": RuleError("bad_request", "request", value=str(err)).to_dict("en")})
    return json.dumps(call(parsed), ensure_ascii=False)
