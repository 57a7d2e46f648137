"""The working calendar itself as an answer: how far it reaches, from which sources, and a
year's holidays and makeup working days (`python -m service_norms calendar [--year Y]`,
and `{"fn": "calendar"}` through the JSON door)."""
from __future__ import annotations

import datetime as dt

from .deadlines import whole_number
from .messages import holiday_name, text, weekday
from .rule_error import RuleError
from .working_calendar import FIRST_YEAR, HOLIDAY, LIBRARY, LIBRARY_LAST_YEAR, MAKEUP, calendar


def _year_days(cal, year: int) -> tuple[list[dict], list[dict]]:
    """A year's holidays (runs of days off under one name) and makeup working days."""
    holidays, makeup = [], []
    date = dt.date(year, 1, 1)
    while date.year == year:
        d = cal.day(date)
        if d.kind == HOLIDAY:
            last = holidays[-1] if holidays else None
            if last and last["name"] == d.holiday and dt.date.fromisoformat(last["to"]) == date - dt.timedelta(days=1):
                last["to"], last["days"] = date.isoformat(), last["days"] + 1
            else:
                holidays.append({"name": d.holiday, "from": date.isoformat(), "to": date.isoformat(), "days": 1})
        elif d.kind == MAKEUP:
            makeup.append({"date": date.isoformat(), "name": d.holiday})
        date += dt.timedelta(days=1)
    return holidays, makeup


def _source_text(source: dict, lang: str) -> str:
    if source["kind"] == "library":
        return text("source_library", lang, name=source["name"])
    title = source["title"][lang] if isinstance(source["title"], dict) else source["title"]
    return text("source_notice", lang, year=source["year"], title=title, number=source["number"],
                published=source["published"])


def calendar_answer(notices: list[dict], year, lang: str) -> tuple[dict, dict]:
    cal = calendar(notices)
    coverage = {"last_covered": cal.last_covered.isoformat(), "first_year": FIRST_YEAR,
                "library": {"name": LIBRARY, "last_year": LIBRARY_LAST_YEAR},
                "notice_years": sorted(cal.notices), "bound_year": cal.bound_year}
    summary = [text("cal_coverage", lang, last=cal.last_covered.isoformat()),
               text("cal_library", lang, name=LIBRARY, first=FIRST_YEAR, last=LIBRARY_LAST_YEAR)]
    summary += [_source_text(cal.source(y), lang) for y in sorted(cal.notices)]
    if year in (None, ""):
        return {"coverage": coverage}, {"summary": summary, "explanation": [], "warnings": []}
    number = whole_number(year)
    if number is None or not FIRST_YEAR <= number <= cal.bound_year:
        raise RuleError("bad_year", "year", value=year, low=FIRST_YEAR, high=cal.bound_year)
    holidays, makeup = _year_days(cal, number)
    source = cal.source(number)
    result = {"coverage": coverage, "year": number, "source": source, "covered": source is not None,
              "holidays": holidays, "makeup": makeup}
    lines = [text("cal_year_source", lang, year=number, source=_source_text(source, lang)) if source
             else text("cal_year_provisional", lang, year=number, last=cal.last_covered.isoformat())]
    for h in holidays:
        span = h["from"] if h["from"] == h["to"] else f"{h['from']} – {h['to']}"
        lines.append(text("cal_holiday", lang, name=holiday_name(h["name"], lang), span=span, count=h["days"]))
    for m in makeup:
        lines.append(text("cal_makeup", lang, date=m["date"], weekday=weekday(dt.date.fromisoformat(m["date"]), lang),
                          name=holiday_name(m["name"], lang)))
    return result, {"summary": summary, "explanation": lines, "warnings": []}
