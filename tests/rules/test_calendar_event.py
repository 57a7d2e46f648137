"""A deadline as an .ics event: it parses back (with the icalendar library) to the due time in
its zone, across makeup days and a clock change, and says where its numbers come from."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from rule_data import LEVELS
from service_norms.messages import text
from service_norms.browser import call
from service_norms.calendar_event import reminder_minutes
from site_pages import ROOT

STAMP = "2025-01-02T03:04:05Z"


def ask(args: dict, lang: str = "en", ics=None) -> dict:
    answer = call({"fn": "deadline", "lang": lang, "levels": LEVELS, "args": args,
                   "ics": ics if ics is not None else {"stamp": STAMP}})
    assert answer["ok"], answer
    return answer


def event_of(text: str):
    cal = Calendar.from_ical(text)
    [event] = cal.walk("VEVENT")
    return cal, event


def test_a_holiday_crossing_deadline_parses_to_its_due_time_in_its_zone():
    # 5 working days from 2025-09-30 16:00: National Day and Mid-autumn off, Saturday
    # 2025-10-11 a makeup working day: due Tuesday 2025-10-14 17:30 Shanghai time.
    answer = ask({"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve"})
    cal, event = event_of(answer["ics"])
    due = event.decoded("dtstart")
    assert due == dt.datetime(2025, 10, 14, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert due.tzinfo.key == "Asia/Shanghai" and event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert due == dt.datetime.fromisoformat(answer["result"]["due"])
    assert str(event["summary"]) == "Due: Resolve a complaint"
    description = str(event["description"])
    assert "makeup working day for National Day" in description
    assert "Reference draft (not V4 text)" in description
    assert [str(c) for c in event["categories"].cats] == ["Reference draft"]
    assert event.decoded("dtstamp") == dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def test_due_time_across_a_makeup_day_and_a_clock_change():
    # Counted in Berlin from Friday 2024-10-11 (summer time, +02:00): Saturday 2024-10-12 is
    # China's makeup working day; the clocks go back on 2024-10-27, so the 12th working day,
    # Monday 2024-10-28, ends at 17:30 winter time (+01:00) = 16:30 UTC.
    answer = ask({"start": "2024-10-11T16:00", "zone": "Europe/Berlin", "rule": {"kind": "working_days", "amount": 12}})
    cal, event = event_of(answer["ics"])
    due = event.decoded("dtstart")
    assert due.replace(tzinfo=None) == dt.datetime(2024, 10, 28, 17, 30)
    assert due.astimezone(dt.timezone.utc) == dt.datetime(2024, 10, 28, 16, 30, tzinfo=dt.timezone.utc)
    assert due.utcoffset() == dt.timedelta(hours=1)
    # The file carries Berlin's rules itself (a calendar without a zone database reads it right).
    [zone] = cal.walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Berlin"
    offsets = {str(c["tzname"]) for c in zone.subcomponents}
    assert offsets == {"CET", "CEST"}
    assert "makeup working day" in str(event["description"])
    assert str(event["summary"]) == "Due: 12 working days"  # a rule of ones own, in words


def test_the_description_carries_rule_clause_and_status_in_chinese():
    answer = ask({"start": "2025-09-30T10:00", "zone": "Asia/Shanghai", "limit": "daily-closure"}, lang="zh",
                 ics={"stamp": STAMP, "url": "http://handbook.example/after-sales/fault-handling/",
                      "clauses": {"conduct/basic-conduct.md#style-daily-closure":
                                  "http://handbook.example/conduct/basic-conduct/#style-daily-closure"}})
    _, event = event_of(answer["ics"])
    description = str(event["description"])
    assert str(event["summary"]) == "截止：日事日清"
    assert text("rule_end_of_day", "zh", end="17:30") in description  # the rule
    assert "参考草案（非 V4 原文）" in description  # the status
    assert "V4 只说" in description  # the interpretation of the clause
    assert "条款：http://handbook.example/conduct/basic-conduct/#style-daily-closure" in description
    assert str(event["url"]) == "http://handbook.example/after-sales/fault-handling/"
    assert [str(c) for c in event["categories"].cats] == ["参考草案"]


def test_a_reminder_leaves_half_the_time_at_least():
    answer = ask({"start": "2025-09-30T10:00", "zone": "Asia/Shanghai", "limit": "phone-contact"})
    _, event = event_of(answer["ics"])
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger") == -dt.timedelta(minutes=5)
    start = dt.datetime(2025, 1, 1, 9, 0)
    assert reminder_minutes(start, start + dt.timedelta(days=5)) == 1440
    assert reminder_minutes(start, start + dt.timedelta(hours=4)) == 60
    assert reminder_minutes(start, start + dt.timedelta(minutes=45)) == 15
    assert reminder_minutes(start, start + dt.timedelta(minutes=8)) == 0
    assert reminder_minutes(start, start - dt.timedelta(days=3)) == 1440  # counted back: still before it


def test_the_same_deadline_keeps_its_uid_and_another_gets_a_new_one():
    one = event_of(ask({"start": "2025-09-30T16:00", "limit": "complaint-resolve"})["ics"])[1]
    again = event_of(ask({"start": "2025-09-30T16:00", "limit": "complaint-resolve"}, lang="zh")["ics"])[1]
    other = event_of(ask({"start": "2025-09-30T16:01", "limit": "complaint-resolve"})["ics"])[1]
    assert one["uid"] == again["uid"] != other["uid"]


def test_asking_for_ics_wrongly_is_a_clear_error():
    bad = call({"fn": "escalate", "lang": "en", "levels": LEVELS, "args": {"severity": "major"}, "ics": True})
    assert not bad["ok"] and bad["error"]["field"] == "ics" and "deadline only" in bad["error"]["message"]
    bad = call({"fn": "deadline", "lang": "zh", "levels": LEVELS, "args": {"start": "2025-09-30T16:00",
                "limit": "phone-contact"}, "ics": {"stamp": "yesterday"}})
    assert not bad["ok"] and "yesterday" in bad["error"]["message"]
    bad = call({"fn": "deadline", "lang": "en", "levels": LEVELS, "args": {"start": "2025-09-30T16:00",
                "limit": "phone-contact"}, "ics": {"colour": "red"}})
    assert not bad["ok"] and "colour" in bad["error"]["message"]
    # Without `ics`, no calendar file (and icalendar is not needed to answer).
    plain = call({"fn": "deadline", "lang": "en", "levels": LEVELS, "args": {"start": "2025-09-30T16:00",
                  "limit": "phone-contact"}})
    assert plain["ok"] and "ics" not in plain


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service_norms", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("lang, written", [("zh", "日历文件已写入"), ("en", "Calendar file written")])
def test_cli_writes_the_same_event(tmp_path, lang, written):
    target = tmp_path / "due.ics"
    out = run("--lang", lang, "deadline", "--start", "2025-09-30T16:00", "--limit", "complaint-resolve",
              "--ics", str(target))
    assert out.returncode == 0, out.stderr
    assert written in out.stdout and str(target) in out.stdout
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nEND:VCALENDAR\r\n" in raw
    _, event = event_of(raw.decode("utf-8"))
    assert event.decoded("dtstart") == dt.datetime(2025, 10, 14, 17, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    library = event_of(ask({"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve"},
                           lang=lang)["ics"])[1]
    assert str(event["description"]) == str(library["description"]) and event["uid"] == library["uid"]


def test_cli_names_a_file_it_cannot_write(tmp_path):
    out = run("--lang", "en", "deadline", "--start", "2025-09-30T16:00", "--limit", "phone-contact",
              "--ics", str(tmp_path / "no-such-folder" / "due.ics"))
    assert out.returncode == 2
    assert "Calendar file: cannot write" in out.stderr and "no-such-folder" in out.stderr
