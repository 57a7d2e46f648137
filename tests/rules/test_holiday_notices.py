"""Holiday notices the department enters (data/holiday_notices.yml) extend chinesecalendar:
a year added by its notice changes the answers with no code change, every answer says
which calendar it used and how far it reaches, and past that it is provisional.

The notice year here is a fictional far year (tests/rules/fixtures/holiday_notice_2031.yml),
read through the same schema and sent through the same request field as the real file."""
from __future__ import annotations

import datetime as dt
import json

import chinese_calendar
import pytest
from icalendar import Calendar

from handbook.data_files import DataFileError, parse
from handbook.holiday_notices import HolidayNotices, disagreement_report
from rule_data import LEVELS
from service_norms.browser import call
from service_norms.working_calendar import LIBRARY, LIBRARY_LAST_YEAR, WorkingCalendar, disagreements, library_day

from holiday_fixture import FIXTURE, fixture_notices


def ask(args: dict, lang: str = "en", notices: list | None = None, **extra) -> dict:
    return call({"fn": "deadline", "lang": lang, "levels": LEVELS, "notices": notices or [], "args": args, **extra})


# --- a year added by its notice -------------------------------------------------------

def test_a_deadline_across_the_notice_year_uses_its_holidays_and_makeup_days():
    args = {"start": "2031-09-30T16:00", "rule": {"kind": "working_days", "amount": 4}}
    # Without the notice: weekends only (Wed 1st … Mon 6th), provisional.
    bare = ask(args)["result"]
    assert bare["due_local"] == "2031-10-06 17:30" and bare["calendar"]["provisional"]
    # With it: the National Day week off, the Saturday makeup day worked.
    answer = ask(args, notices=fixture_notices())
    result = answer["result"]
    assert result["due_local"] == "2031-10-11 17:30"
    assert not result["calendar"]["provisional"] and result["calendar_covered"]
    codes = [e["code"] for e in result["explanation"]]
    assert "crossed_holiday" in codes and "crossed_makeup" in codes
    assert result["calendar"]["sources"][0]["kind"] == "notice"
    assert result["calendar"]["last_covered"] == "2031-12-31"
    # The answer cites the notice in words, in both languages.
    assert any("测试〔2030〕1号" in line and "Fictional test notice" in line for line in answer["text"]["explanation"])
    zh = ask(args, "zh", fixture_notices())["text"]
    assert "2031-10-11（周六）是国庆节调休上班日" in "".join(zh["explanation"])
    assert any(line.startswith("节假日数据：2031 年按《测试用虚构通知") for line in zh["explanation"])
    assert not any("暂定" in line for line in zh["summary"])


def test_the_calendar_file_of_a_notice_year_says_which_notice():
    args = {"start": "2031-09-30T16:00", "rule": {"kind": "working_days", "amount": 4}}
    answer = ask(args, notices=fixture_notices(), ics={"stamp": "2031-01-01T00:00:00Z"})
    event = Calendar.from_ical(answer["ics"]).walk("VEVENT")[0]
    description = str(event["description"])
    assert "Fictional test notice" in description and "测试〔2030〕1号" in description
    assert "covers up to 2031-12-31" in description


def test_a_notice_year_is_listed_by_the_calendar_function():
    answer = call({"fn": "calendar", "lang": "zh", "levels": LEVELS, "notices": fixture_notices(), "args": {"year": 2031}})
    result = answer["result"]
    assert result["source"]["kind"] == "notice" and result["coverage"]["notice_years"] == [2031]
    assert [(h["from"], h["to"], h["days"]) for h in result["holidays"]] == [("2031-01-01", "2031-01-01", 1),
                                                                              ("2031-10-01", "2031-10-07", 7)]
    assert [m["date"] for m in result["makeup"]] == ["2031-09-28", "2031-10-11"]
    assert "国庆节：2031-10-01 – 2031-10-07（7 天）" in answer["text"]["explanation"]


def test_a_far_notice_year_moves_the_date_bound_with_it():
    args = {"start": "2040-03-01T10:00", "rule": {"kind": "working_days", "amount": 1}}
    assert ask(args)["error"]["code"] == "date_out_of_range"  # the library alone: up to its last year + 10
    assert ask(args, notices=fixture_notices())["ok"]  # 2031 + 10


# --- past the last covered day --------------------------------------------------------

def test_an_answer_past_the_last_covered_day_is_provisional_in_both_languages():
    args = {"start": "2026-12-28T10:00", "rule": {"kind": "working_days", "amount": 5}}
    zh, en = ask(args, "zh"), ask(args, "en")
    assert zh["result"]["calendar"] == en["result"]["calendar"]
    assert zh["result"]["calendar"]["provisional"] and zh["result"]["calendar"]["last_covered"] == f"{LIBRARY_LAST_YEAR}-12-31"
    assert zh["text"]["summary"][0].startswith("截止时间（暂定）：")
    assert "暂按周末计算，待官方安排公布" in zh["text"]["warnings"][0] and "2026-12-31" in zh["text"]["warnings"][0]
    assert en["text"]["summary"][0].startswith("Due (provisional): ")
    assert "Provisional" in en["text"]["warnings"][0] and "2026-12-31" in en["text"]["warnings"][0]
    assert any(LIBRARY in line and "2026-12-31" in line for line in en["text"]["explanation"])


def test_every_deadline_answer_names_its_calendar_and_reach():
    for limit in (t["id"] for t in LEVELS["time_limits"]):
        answer = ask({"start": "2025-09-30T16:00", "limit": limit})
        assert answer["result"]["calendar"]["sources"], limit
        assert any(line.startswith("Holiday calendar: ") for line in answer["text"]["explanation"]), limit


# --- a notice and the library for the same year -----------------------------------------

def notice_from_library(year: int) -> dict:
    """A notice for `year` built from chinesecalendar's own days off and makeup days."""
    holidays: list[dict] = []
    date = dt.date(year, 1, 1)
    while date.year == year:
        d = library_day(date)
        if d.kind == "holiday":
            if holidays and holidays[-1]["name"] == d.holiday and holidays[-1]["last"] == (date - dt.timedelta(days=1)).isoformat():
                holidays[-1]["last"] = date.isoformat()
            else:
                holidays.append({"name": d.holiday, "first": date.isoformat(), "last": date.isoformat(), "makeup": []})
        date += dt.timedelta(days=1)
    date = dt.date(year, 1, 1)
    while date.year == year:
        d = library_day(date)
        if d.kind == "makeup":
            # A makeup day belongs to the holiday of its name nearest to it.
            owner = min((h for h in holidays if h["name"] == d.holiday),
                        key=lambda h: abs((dt.date.fromisoformat(h["first"]) - date).days))
            owner["makeup"].append(date.isoformat())
        date += dt.timedelta(days=1)
    return {"year": year, "title": {"zh": f"{year} 年（取自 chinesecalendar）", "en": f"{year} (from chinesecalendar)"},
            "number": f"fixture-{year}", "published": f"{year - 1}-11-01", "url": "https://example.invalid/",
            "holidays": holidays}


@pytest.mark.parametrize("year", [2025, 2026])
def test_a_notice_built_from_the_library_agrees_with_it_day_by_day(year):
    notice = notice_from_library(year)
    # It passes the schema the real file is held to …
    validated = HolidayNotices.model_validate({"notices": [notice]}).for_rules()
    # … and counts every day of the year as the library does.
    assert disagreements(validated[0]) == []
    mine, library = WorkingCalendar(validated), WorkingCalendar()
    date = dt.date(year, 1, 1)
    while date.year == year:
        assert mine.day(date).kind == library.day(date).kind, date
        assert mine.day(date).kind == ("workday" if chinese_calendar.is_workday(date) and date.weekday() < 5 else
                                       "makeup" if chinese_calendar.is_workday(date) else
                                       "holiday" if chinese_calendar.get_holiday_detail(date)[1] else "weekend"), date
        date += dt.timedelta(days=1)


def test_a_wrong_notice_is_reported_and_wins():
    notice = notice_from_library(2026)
    national = next(h for h in notice["holidays"] if h["name"]["en"] == "National Day")
    national["makeup"].remove("2026-10-10")  # a makeup day left out
    report = disagreement_report(HolidayNotices.model_validate({"notices": [notice]}))
    assert report == [f"data/holiday_notices.yml: 2026-10-10: the notice for 2026 makes it a weekend day, "
                      f"{LIBRARY} a makeup day; the notice wins"]
    # The notice wins: with it, Saturday 10 October is a day off.
    args = {"start": "2026-10-09T10:00", "rule": {"kind": "working_days", "amount": 1}}
    assert ask(args)["result"]["due_local"] == "2026-10-10 17:30"
    assert ask(args, notices=[json.loads(json.dumps(notice))])["result"]["due_local"] == "2026-10-12 17:30"


# --- the schema: a bad notice named by file, line and field -----------------------------

BAD = [
    ("last: 2031-10-07", "last: 2032-10-07", "holidays.1.last: 2032-10-07 is not in 2031"),
    ("first: 2031-10-01", "first: 2031-10-09", "holidays.1.last: 2031-10-07 is before first (2031-10-09)"),
    ("makeup: [2031-09-28, 2031-10-11]", "makeup: [2031-09-29, 2031-10-11]",
     "holidays.1.makeup.0: 2031-09-29 is a Monday; a makeup working day is a Saturday or Sunday"),
    ("        last: 2031-01-01", "        last: 2031-10-02", "overlaps"),
    ("{zh: 元旦, en: \"New Year's Day\"}", "{zh: 元旦}", "holidays.0.name.en: Field required"),
]


@pytest.mark.parametrize("old,new,expected", BAD)
def test_a_bad_notice_names_file_line_and_field(old, new, expected):
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    with pytest.raises(DataFileError) as err:
        parse(text, HolidayNotices, "data/holiday_notices.yml")
    message = str(err.value)
    assert expected in message
    assert message.startswith("data/holiday_notices.yml:") and "notices.0." in message
    line = int(message.split(":")[1])
    if "makeup" in expected or "is not in" in expected or "Field required" in expected:
        # The line of the value at fault.
        assert line == next(i for i, l in enumerate(text.splitlines(), 1) if new in l), message


def test_two_notices_for_one_year_are_refused():
    text = FIXTURE.read_text(encoding="utf-8")
    body = text[text.index("  - year: 2031"):]
    with pytest.raises(DataFileError, match=r"notices\.1\.year: 2031 has a notice already"):
        parse(text + body, HolidayNotices, "data/holiday_notices.yml")


def test_the_real_notice_file_validates_and_agrees_with_the_library():
    from handbook.data_files import holiday_notices

    assert disagreement_report(holiday_notices()) == []
