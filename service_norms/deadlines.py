"""When a time limit falls due: clock time, calendar days, working days, working hours, or
the end of the working day (日事日清), in the start's time zone and in a second one.

A limit counted "in advance" (`direction: before`, e.g. file a request 3 working days
before a planned operation) runs backwards from the planned time and answers the latest
time to act.

Working days follow China's official calendar (working_calendar), makeup days included.
Office hours come from the service-level data. Local times are wall-clock times in the
given IANA zone; clock-time limits run on absolute time, so a clock change in a zone with
daylight saving time is counted as it happens.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .messages import KIND_NAMES
from .rule_error import RuleError
from .vocabulary import BACKWARD_KINDS, DIRECTIONS, MAX_AMOUNT, RULE_KINDS as KINDS
from .working_calendar import FIRST_YEAR, HOLIDAY, MAKEUP, WEEKEND, WORKDAY, YEARS_AHEAD, WorkingCalendar, calendar

_SEARCH_DAYS = 800  # no count above runs longer than this many calendar days
UTC = dt.timezone.utc


def parse_zone(name: str, field: str) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: a name too long for a file
        raise RuleError("unknown_zone", field, value=name) from None


def parse_local(value: str, zone: ZoneInfo, field: str, warnings: list, high: int = 9997) -> dt.datetime:
    """A wall-clock time in `zone` as an aware datetime, in the years FIRST_YEAR to `high`
    (the calendar's last covered year plus a few); a time that does not exist there is an error."""
    try:
        naive = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise RuleError("bad_datetime", field, value=value) from None
    if naive.tzinfo is not None:
        try:
            naive = naive.astimezone(zone).replace(tzinfo=None)
        except OverflowError:  # an offset that moves it past year 1 or 9999
            raise RuleError("date_out_of_range", field, value=str(value), low=FIRST_YEAR, high=high,
                            ahead=YEARS_AHEAD) from None
    naive = naive.replace(second=0, microsecond=0)
    if not FIRST_YEAR <= naive.year <= high:
        raise RuleError("date_out_of_range", field, value=naive.isoformat(" ", "minutes"), low=FIRST_YEAR, high=high,
                        ahead=YEARS_AHEAD)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise RuleError("nonexistent_time", field, value=naive.isoformat(" ", "minutes"), zone=zone.key)
    if aware.utcoffset() != aware.replace(fold=1).utcoffset():
        warnings.append({"code": "ambiguous_time", "params": {"value": naive.isoformat(" ", "minutes"), "zone": zone.key}})
    return aware


def _localize(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A wall time in a daylight-saving gap moves forward past the gap.
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def _periods(office_hours: list[dict]) -> list[tuple[dt.time, dt.time]]:
    return sorted((dt.time.fromisoformat(p["start"]), dt.time.fromisoformat(p["end"])) for p in office_hours)


def _check_rule(rule: dict) -> tuple[str, int | None, str]:
    kind, amount = rule.get("kind"), rule.get("amount")
    direction = rule.get("direction") or "after"
    if kind not in KINDS:
        raise RuleError("unknown_kind", "rule.kind", value=kind, expected=", ".join(KINDS))
    if direction not in DIRECTIONS:
        raise RuleError("unknown_direction", "rule.direction", value=direction, expected=", ".join(DIRECTIONS))
    if direction == "before" and kind not in BACKWARD_KINDS:
        raise RuleError("not_backward", "rule.direction", kind=KIND_NAMES[kind],
                        expected={lang: ("、" if lang == "zh" else ", ").join(KIND_NAMES[k][lang] for k in BACKWARD_KINDS)
                                  for lang in ("zh", "en")})
    if kind == "end_of_working_day":
        if amount not in (None, ""):
            raise RuleError("amount_not_allowed", "rule.amount", kind=KIND_NAMES[kind])
        return kind, None, direction
    number = whole_number(amount)
    if number is None:
        raise RuleError("amount_not_whole", "rule.amount", value=amount, low=1, high=MAX_AMOUNT[kind])
    if not 1 <= number <= MAX_AMOUNT[kind]:
        raise RuleError("amount_out_of_range", "rule.amount", value=amount, low=1, high=MAX_AMOUNT[kind])
    return kind, number, direction


def whole_number(value) -> int | None:
    """`value` (a number or its text, as a form sends it) as an int; None if it is not a
    whole number ("2.5", "abc", true, 1e400)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip()) if isinstance(value, str) else int(value)
        if isinstance(value, float) and number != value:
            return None
    except (TypeError, ValueError, OverflowError):
        return None
    return number


def _working_days(cal: WorkingCalendar, start: dt.datetime, amount: int, end: dt.time, step: int = 1) -> dt.datetime:
    """The end of office hours on the `amount`th working day after (step 1) or before (step -1)
    the start's day; the start's own day never counts."""
    date, counted = start.date(), 0
    for _ in range(_SEARCH_DAYS):
        date += dt.timedelta(days=step)
        if cal.day(date).working:
            counted += 1
            if counted == amount:
                return dt.datetime.combine(date, end)
    raise AssertionError("working days not found within the search window")  # unreachable for valid amounts


def _working_hours(cal: WorkingCalendar, start: dt.datetime, amount: int, periods, explanation: list) -> dt.datetime:
    wall = start.replace(tzinfo=None)
    remaining = amount * 60
    date = wall.date()
    resumed = None
    for _ in range(_SEARCH_DAYS):
        if cal.day(date).working:
            for p_start, p_end in periods:
                begin, finish = dt.datetime.combine(date, p_start), dt.datetime.combine(date, p_end)
                begin = max(begin, wall)
                if begin >= finish:
                    continue
                if resumed is None:
                    resumed = begin
                available = int((finish - begin).total_seconds() // 60)
                if remaining <= available:
                    if resumed > wall:
                        explanation.append({"code": "started_after_hours", "params": {"resume": _show(resumed)}})
                    return begin + dt.timedelta(minutes=remaining)
                remaining -= available
        date += dt.timedelta(days=1)
    raise AssertionError("working hours not found within the search window")


def _end_of_working_day(cal: WorkingCalendar, start: dt.datetime, end: dt.time) -> tuple[dt.datetime, bool]:
    """日事日清 (V4 1.3): the day's work is cleared the same day. On a working day within
    office hours that is the end of office hours; work done after hours or on a day off is
    due by the end of that same day (23:59), never carried into another day. The second
    value says which of the two applied."""
    wall = start.replace(tzinfo=None)
    if cal.day(wall.date()).working and wall.time() < end:
        return dt.datetime.combine(wall.date(), end), True
    return dt.datetime.combine(wall.date(), dt.time(23, 59)), False


def _show(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _crossed(cal: WorkingCalendar, first: dt.date, last: dt.date) -> tuple[list, list[int]]:
    """Days off and makeup working days from `first` to `last`, as explanation entries,
    and the years the official calendar does not cover."""
    entries, uncovered = [], []
    date, span = first, None
    while date <= last:
        d = cal.day(date)
        if not d.covered and date.year not in uncovered:
            uncovered.append(date.year)
        key = (d.kind, d.holiday) if d.kind in (HOLIDAY, WEEKEND) else None
        if span and key == span[0] and date == span[2] + dt.timedelta(days=1):
            span[2] = date
        else:
            if span:
                entries.append(_span_entry(*span))
            span = [key, date, date] if key else None
        if d.kind == MAKEUP:
            entries.append({"code": "crossed_makeup", "params": {"date": date.isoformat(), "name": d.holiday}})
        date += dt.timedelta(days=1)
    if span:
        entries.append(_span_entry(*span))
    return entries, uncovered


def _span_entry(key, first: dt.date, last: dt.date) -> dict:
    kind, name = key
    span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    count = (last - first).days + 1
    if kind == HOLIDAY:
        return {"code": "crossed_holiday", "params": {"name": name, "span": span, "count": count}}
    return {"code": "crossed_weekend", "params": {"span": span, "count": count}}


def _source_entry(sources: list[dict], last_covered: dt.date) -> dict:
    """The explanation's line on the calendar used: each source once, and its reach."""
    seen, unique = set(), []
    for source in sources:
        key = source.get("number") or source.get("name")
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return {"code": "calendar_source", "params": {"sources": unique, "last": last_covered.isoformat()}}


def _duration(minutes: int) -> dict:
    return {"days": minutes // 1440, "hours": minutes % 1440 // 60, "minutes": minutes % 60}


def deadline(start: str, zone: str, rule: dict, office_hours: list[dict],
             other_zone: str | None = None, finished: str | None = None, notices: list[dict] | None = None) -> dict:
    """The due time of `rule` from `start` (a wall time in `zone`), explained.

    `rule` is {"kind": ..., "amount": ..., "direction": "after" | "before"} as in
    data/service_levels.yml; with "before", `start` is the planned time and the due time is
    the latest time to act before it. `office_hours` is that file's list of
    {"start": "HH:MM", "end": "HH:MM"}. `notices` are data/holiday_notices.yml's
    (working_calendar.py); without them the library's calendar alone is used.
    """
    warnings: list = []
    cal = calendar(notices)
    tz = parse_zone(zone, "zone")
    other = parse_zone(other_zone, "other_zone") if other_zone else None
    begin = parse_local(start, tz, "start", warnings, cal.bound_year)
    kind, amount, direction = _check_rule(rule)
    periods = _periods(office_hours)
    day_end = periods[-1][1]
    explanation: list = []
    step = -1 if direction == "before" else 1
    if direction == "before":
        explanation.append({"code": "rule_before", "params": {"planned": _show(begin)}})
    if kind in ("clock_minutes", "clock_hours"):
        minutes = amount if kind == "clock_minutes" else amount * 60
        due = (begin.astimezone(UTC) + step * dt.timedelta(minutes=minutes)).astimezone(tz)
        explanation.append({"code": "rule_clock", "params": {"amount": amount, "unit": kind}})
    elif kind == "calendar_days":
        due = _localize(begin.replace(tzinfo=None) + step * dt.timedelta(days=amount), tz)
        explanation.append({"code": "rule_calendar_days", "params": {"amount": amount}})
    elif kind == "working_days":
        due = _localize(_working_days(cal, begin, amount, day_end, step), tz)
        code = "rule_working_days_before" if direction == "before" else "rule_working_days"
        explanation.append({"code": code, "params": {"amount": amount, "end": day_end.strftime("%H:%M")}})
    elif kind == "working_hours":
        hours = [f"{a.strftime('%H:%M')}–{b.strftime('%H:%M')}" for a, b in periods]
        explanation.append({"code": "rule_working_hours", "params": {"amount": amount, "hours": hours}})
        due = _localize(_working_hours(cal, begin, amount, periods, explanation), tz)
    else:
        wall, in_hours = _end_of_working_day(cal, begin, day_end)
        due = _localize(wall, tz)
        code = "rule_end_of_day" if in_hours else "rule_end_of_day_after_hours"
        explanation.append({"code": code, "params": {"end": day_end.strftime("%H:%M")}})
        if not cal.day(begin.date()).working:
            explanation.append({"code": "day_off_same_day", "params": {"date": begin.date().isoformat()}})
    first, last = sorted((begin.date(), due.date()))
    crossed, uncovered = _crossed(cal, first, last)
    if kind == "end_of_working_day":
        crossed = []  # due the same day: nothing is crossed
    explanation += crossed
    nights = (last - first).days
    if nights and kind in ("clock_minutes", "clock_hours", "working_hours"):
        explanation.append({"code": "crossed_nights", "params": {"count": nights}})
    sources = [cal.source(year) for year in range(first.year, last.year + 1)]
    reach = cal.reach(first.year)
    explanation.append(_source_entry([s for s in sources if s], reach))
    if uncovered:
        warnings.append({"code": "calendar_not_covered",
                         "params": {"years": ", ".join(map(str, uncovered)), "last": reach.isoformat()}})
    result = {
        "start": begin.isoformat(), "zone": tz.key, "rule": {"kind": kind, "amount": amount, "direction": direction},
        "due": due.isoformat(), "due_local": _show(due),
        "other": None, "explanation": explanation, "warnings": warnings, "finished": None,
        "calendar_covered": not uncovered,
        # Which calendar counted the days, how far it reaches, and whether the answer is
        # provisional (it runs past the last covered day).
        "calendar": {"sources": [s for s in sources if s], "last_covered": reach.isoformat(),
                     "provisional": bool(uncovered), "uncovered_years": uncovered},
    }
    if other:
        there = due.astimezone(other)
        result["other"] = {"zone": other.key, "due": there.isoformat(), "due_local": _show(there)}
    if finished:
        done = parse_local(finished, tz, "finished", warnings, cal.bound_year)
        if done < begin and direction == "after":
            raise RuleError("finished_before_start", "finished", value=_show(done), start=_show(begin))
        margin = int((due - done).total_seconds() // 60)
        result["finished"] = {"at": done.isoformat(), "on_time": margin >= 0, "margin": _duration(abs(margin))}
    return result
