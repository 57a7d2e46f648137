"""Deadline and escalation answers as sentences in zh or en (messages.py has the wording)."""
from __future__ import annotations

import datetime as dt

from .messages import holiday_name, in_language, ordinal, text, weekday
from .vocabulary import MINUTES_PER

_UNITS = {"clock_minutes": {"zh": ("分钟", "分钟"), "en": ("minute", "minutes")},
          "clock_hours": {"zh": ("小时", "小时"), "en": ("hour", "hours")}}


def _when(iso: str, zone: str, lang: str) -> str:
    value = dt.datetime.fromisoformat(iso)
    day = f"（{weekday(value, lang)}）" if lang == "zh" else f" ({weekday(value, lang)}) "
    return f"{value.strftime('%Y-%m-%d %H:%M')}{day}{zone}"


def _list(items, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(items)


def duration(parts: dict, lang: str) -> str:
    """Days, hours and minutes in words ("7 天 1 小时 40 分钟", "7 days 1 hour 40 min"): a long
    time is never said in minutes alone."""
    if lang == "zh":
        units = (("days", "天", "天"), ("hours", "小时", "小时"), ("minutes", "分钟", "分钟"))
    else:
        units = (("days", "day", "days"), ("hours", "hour", "hours"), ("minutes", "min", "min"))
    out = [f"{parts[k]} {one if parts[k] == 1 else other}" for k, one, other in units if parts[k]]
    return " ".join(out) or ("0 分钟" if lang == "zh" else "0 min")


def minutes_text(minutes: int, lang: str) -> str:
    """A number of minutes as a duration in words."""
    return duration({"days": minutes // 1440, "hours": minutes % 1440 // 60, "minutes": minutes % 60}, lang)


def _every(minutes: int, lang: str) -> str:
    """A step's length after "every" / "每": one whole unit without its 1 ("every day",
    "每天"; "every 4 hours", "每 4 小时")."""
    words = minutes_text(minutes, lang)
    if words.startswith("1 ") and " " not in words[2:]:
        return words[2:]
    return " " + words if lang == "zh" else words


def _source(source: dict, lang: str) -> str:
    if source["kind"] == "library":
        return text("source_library", lang, name=source["name"])
    return text("source_notice", lang, year=source["year"], title=in_language(source["title"], lang),
                number=source["number"], published=source["published"])


def _entry(entry: dict, lang: str) -> str:
    params = dict(entry["params"])
    if "name" in params:
        params["name"] = holiday_name(params["name"], lang)
    if entry["code"] in ("crossed_makeup", "day_off_same_day"):
        params["weekday"] = weekday(dt.date.fromisoformat(params["date"]), lang)
    if entry["code"] == "rule_working_hours":
        params["hours"] = _list(params["hours"], lang)
    if entry["code"] == "rule_clock":
        params["unit"] = _UNITS[params["unit"]][lang][params["amount"] != 1]
    if entry["code"] == "rule_working_days_before":
        params["nth"] = ordinal(int(params["amount"])) if lang == "en" else params["amount"]
    if entry["code"] == "calendar_source":
        params["sources"] = ("；" if lang == "zh" else "; ").join(_source(s, lang) for s in params["sources"])
    return text(entry["code"], lang, **params)


def deadline_lines(result: dict, lang: str) -> dict:
    code = "due_before" if result["rule"].get("direction") == "before" else "due"
    if (result.get("calendar") or {}).get("provisional"):
        code += "_provisional"
    lines = [text(code, lang, due=_when(result["due"], result["zone"], lang))]
    if result["other"]:
        other = result["other"]
        lines.append(text("due_other", lang, zone=other["zone"], due=_when(other["due"], other["zone"], lang)))
    finished = result["finished"]
    if finished:
        code = "finished_on_time" if finished["on_time"] else "finished_late"
        lines.append(text(code, lang, finished=_when(finished["at"], result["zone"], lang),
                          margin=duration(finished["margin"], lang)))
    return {"summary": lines,
            "explanation": [_entry(e, lang) for e in result["explanation"]],
            "warnings": [_entry(w, lang) for w in result["warnings"]]}


def _limit_span(levels: dict, limit_id: str, lang: str) -> str:
    """A target's length (a clock or calendar limit, as the escalation data requires)."""
    rule = next(t["rule"] for t in levels["time_limits"] if t["id"] == limit_id)
    minutes = MINUTES_PER[rule["kind"]] * rule["amount"]
    return minutes_text(minutes, lang)


def escalation_lines(result: dict, levels: dict, lang: str) -> dict:
    rung_name = {r["id"]: r["name"][lang] for r in levels["escalation"]["ladder"]}
    # Inside an English sentence a class is a common noun: "a minor fault".
    severity_name = {s["id"]: s["name"][lang] if lang == "zh" else s["name"][lang].lower() for s in levels["severities"]}
    level_name = {lv["id"]: lv["name"][lang] for lv in levels["priority_matrix"]["levels"]}
    ladder = [r["id"] for r in levels["escalation"]["ladder"]]
    summary = [text("esc_level", lang, rung=result["rung"], who=rung_name[result["who"]]),
               text("esc_notify", lang, who=_list((rung_name[r] for r in result["notify"]), lang))]
    nxt = result["next"]
    if nxt:
        code = "esc_next_restored" if result["restored"] else "esc_next"
        summary.append(text(code, lang, at=minutes_text(nxt["at_minutes"], lang),
                            remaining=minutes_text(nxt["in_minutes"], lang), rung=nxt["rung"],
                            who=rung_name[nxt["who"]]))
    trace = []
    room = climbed = 0
    for step in result["trace"]:
        p = dict(step["params"])
        rule = step["rule"]
        if rule == "matrix":
            line = text("esc_matrix", lang, impact=level_name[p["impact"]], urgency=level_name[p["urgency"]],
                        severity=severity_name[p["severity"]])
        elif rule == "start":
            line = text("esc_start", lang, severity=severity_name[p["severity"]], rung=p["rung"],
                        who=rung_name[ladder[p["rung"] - 1]])
        elif rule == "top":
            line = text("esc_top", lang, who=rung_name[ladder[p["rung"] - 1]])
        elif rule == "outage":
            line = text("esc_outage", lang, severity=severity_name[p["severity"]])
        elif rule == "ceiling":
            line = text("esc_ceiling", lang, severity=severity_name[p["severity"]], rung=p["rung"],
                        who=rung_name[ladder[p["rung"] - 1]])
        elif rule in ("overdue_restore", "overdue_close"):
            line = text(f"esc_{rule}", lang, severity=severity_name[p["severity"]], limit=_limit_span(levels, p["limit"], lang))
        elif rule == "time":
            # The ladder has only so many rungs: the time climbs at most to its top.
            room = len(ladder) - p.get("start", 1)
            climbed = min(p["rungs"], max(room, 0))
            if p["rungs"] == 0:
                line = text("esc_time_none", lang, minutes=minutes_text(p["minutes"], lang),
                            step=minutes_text(p["step"], lang))
            else:
                code = "esc_time_at_top" if room <= 0 else "esc_time_capped" if p["rungs"] > room else "esc_time"
                line = text(code, lang, minutes=minutes_text(p["minutes"], lang), step=_every(p["step"], lang),
                            rungs=climbed)
        elif rule == "time_restored":
            room = max(room - climbed, 0)  # what the time before restoration left of the ladder
            more = min(p["rungs"], room)
            # Never "up 0 more": either no full interval has passed since, or the top is reached.
            code = ("esc_time_restored" if more else "esc_time_restored_none" if p["rungs"] == 0
                    else "esc_time_restored_at_top")
            line = text(code, lang, restored=minutes_text(p["restored"], lang), step=_every(p["step"], lang),
                        rungs=more)
        else:
            line = text(f"esc_{rule}", lang, **p)
        trace.append({"text": line, "clause": step["clause"]})
    return {"summary": summary, "trace": trace}
