"""Deadlines: fixed cases from the official calendar, properties over many inputs, clear errors."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rule_data import OFFICE_HOURS
from service_norms.deadlines import MAX_AMOUNT, deadline
from service_norms.rule_error import RuleError
from service_norms.working_calendar import day

SHANGHAI = "Asia/Shanghai"


def due(start, kind, amount=None, zone=SHANGHAI, direction="after", **kw):
    return deadline(start, zone, {"kind": kind, "amount": amount, "direction": direction}, OFFICE_HOURS, **kw)


# (start, kind, amount, expected local due) — checked by hand against the State Council
# notices: National Day 2025 is 10-01..10-08 with makeup Sun 09-28 and Sat 10-11; Spring
# Festival 2025 is 01-28..02-04 with makeup Sun 01-26 and Sat 02-08.
CASES = [
    ("2025-09-30T16:00", "working_days", 1, "2025-10-09 17:30"),
    ("2025-09-30T16:00", "working_days", 3, "2025-10-11 17:30"),   # the makeup Saturday counts
    ("2025-09-30T16:00", "working_days", 4, "2025-10-13 17:30"),   # Sunday 10-12 does not
    ("2025-09-26T10:00", "working_days", 1, "2025-09-28 17:30"),   # makeup Sunday before the holiday
    ("2025-01-24T10:00", "working_days", 1, "2025-01-26 17:30"),
    ("2025-01-24T10:00", "working_days", 3, "2025-02-05 17:30"),
    ("2025-02-07T10:00", "working_days", 1, "2025-02-08 17:30"),   # makeup Saturday after it
    ("2025-09-30T16:00", "working_hours", 4, "2025-10-09 11:00"),  # 1.5 h on 09-30, 2.5 h on 10-09
    ("2025-09-30T18:00", "working_hours", 1, "2025-10-09 09:30"),
    ("2025-10-10T11:30", "working_hours", 1, "2025-10-10 14:00"),  # lunch break stops the clock
    # 日事日清 (V4 1.3): the day's work is cleared that day, even on a Saturday evening
    # before a makeup Sunday, or after hours on the eve of a holiday.
    ("2025-09-27T19:00", "end_of_working_day", None, "2025-09-27 23:59"),
    ("2025-09-30T09:00", "end_of_working_day", None, "2025-09-30 17:30"),
    ("2025-09-30T17:45", "end_of_working_day", None, "2025-09-30 23:59"),
    ("2025-10-03T10:00", "end_of_working_day", None, "2025-10-03 23:59"),
    ("2025-10-01T23:00", "clock_hours", 2, "2025-10-02 01:00"),
    ("2025-10-01T23:50", "clock_minutes", 15, "2025-10-02 00:05"),
    ("2025-01-31T10:00", "calendar_days", 30, "2025-03-02 10:00"),
]


@pytest.mark.parametrize("start, kind, amount, expected", CASES)
def test_official_calendar_cases(start, kind, amount, expected):
    assert due(start, kind, amount)["due_local"] == expected


# In advance: the planned time, N working days before it (the planned day not counted).
BACKWARD_CASES = [
    ("2025-10-16T01:00", 3, "2025-10-13 17:30"),  # Thu night → Mon
    ("2025-10-09T01:00", 3, "2025-09-28 17:30"),  # across National Day, onto its makeup Sunday
    ("2025-10-13T09:00", 1, "2025-10-11 17:30"),  # Monday → the makeup Saturday before it
    ("2025-10-10T09:00", 2, "2025-09-30 17:30"),  # 10-09, then back over the holiday to 09-30
]


@pytest.mark.parametrize("planned, amount, expected", BACKWARD_CASES)
def test_an_in_advance_limit_counts_back_from_the_planned_time(planned, amount, expected):
    result = due(planned, "working_days", amount, direction="before")
    assert result["due_local"] == expected
    assert dt.datetime.fromisoformat(result["due"]) < dt.datetime.fromisoformat(result["start"])


def test_in_advance_counts_clock_time_back_too():
    assert due("2025-10-02T01:00", "clock_hours", 2, direction="before")["due_local"] == "2025-10-01 23:00"
    assert due("2025-03-01T10:00", "calendar_days", 30, direction="before")["due_local"] == "2025-01-30 10:00"


def test_a_kind_that_cannot_run_backwards_says_so():
    for kind, amount in (("working_hours", 4), ("end_of_working_day", None)):
        with pytest.raises(RuleError) as err:
            due("2025-10-16T09:00", kind, amount, direction="before")
        assert (err.value.code, err.value.field) == ("not_backward", "rule.direction")


def test_explanation_names_the_holidays_and_makeup_days_crossed():
    result = due("2025-09-30T16:00", "working_days", 3)
    codes = [(e["code"], (e["params"].get("name") or {}).get("en")) for e in result["explanation"]]
    assert ("crossed_holiday", "National Day") in codes and ("crossed_holiday", "Mid-autumn Festival") in codes
    assert {"code": "crossed_makeup", "params": {"date": "2025-10-11", "name": {"zh": "国庆节", "en": "National Day"}}} in result["explanation"]
    assert result["calendar_covered"] and not result["warnings"]


def test_second_zone_is_the_same_instant():
    result = due("2025-09-30T16:00", "working_days", 3, other_zone="Europe/Berlin")
    assert result["other"]["due_local"] == "2025-10-11 11:30"
    assert dt.datetime.fromisoformat(result["other"]["due"]) == dt.datetime.fromisoformat(result["due"])


def test_clock_time_across_a_daylight_saving_change_counts_real_hours():
    # Berlin's clocks go forward at 02:00 on 2025-03-30: 2 h after 01:30 is 04:30 local.
    assert due("2025-03-30T01:30", "clock_hours", 2, zone="Europe/Berlin")["due_local"] == "2025-03-30 04:30"


def test_a_year_the_calendar_does_not_cover_is_flagged_not_guessed():
    result = due("2026-12-30T10:00", "working_days", 5)
    assert not result["calendar_covered"]
    assert result["warnings"] == [{"code": "calendar_not_covered", "params": {"years": "2027", "last": "2026-12-31"}}]
    assert result["calendar"]["provisional"] and result["calendar"]["last_covered"] == "2026-12-31"
    # Weekends only: 12-31, 01-01, 01-04, 01-05, 01-06.
    assert result["due_local"] == "2027-01-06 17:30"


ERRORS = [
    (dict(start="2025-13-01T10:00"), "bad_datetime", "start"),
    (dict(start="soon"), "bad_datetime", "start"),
    (dict(start="1900-01-01T10:00"), "date_out_of_range", "start"),  # before the official calendar
    (dict(finished="2003-12-31T10:00"), "date_out_of_range", "finished"),
    (dict(zone="Mars/Olympus"), "unknown_zone", "zone"),
    (dict(zone="../etc/passwd"), "unknown_zone", "zone"),
    (dict(zone="Asia/" + "x" * 300), "unknown_zone", "zone"),  # too long for a file name (found by fuzzing)
    (dict(other_zone="Nowhere"), "unknown_zone", "other_zone"),
    (dict(start="2025-03-30T02:30", zone="Europe/Berlin"), "nonexistent_time", "start"),
    (dict(amount=-3), "amount_out_of_range", "rule.amount"),
    (dict(amount=0), "amount_out_of_range", "rule.amount"),
    (dict(amount=10**9), "amount_out_of_range", "rule.amount"),
    (dict(amount="2.5"), "amount_not_whole", "rule.amount"),
    (dict(amount=2.5), "amount_not_whole", "rule.amount"),
    (dict(amount=float("inf")), "amount_not_whole", "rule.amount"),
    (dict(amount=float("nan")), "amount_not_whole", "rule.amount"),
    (dict(kind="fortnights"), "unknown_kind", "rule.kind"),
    (dict(finished="2025-09-30T15:00"), "finished_before_start", "finished"),
]


@pytest.mark.parametrize("change, code, field", ERRORS, ids=[e[1] + ":" + str(e[0]) for e in ERRORS])
def test_bad_input_is_a_clear_error(change, code, field):
    args = {"start": "2025-09-30T16:00", "zone": SHANGHAI, "kind": "working_days", "amount": 3, **change}
    kw = {k: args[k] for k in ("other_zone", "finished") if k in args}
    with pytest.raises(RuleError) as err:
        due(args["start"], args["kind"], args["amount"], zone=args["zone"], **kw)
    assert (err.value.code, err.value.field) == (code, field)
    assert err.value.message("zh") and err.value.message("en")


def test_finished_in_time_or_late():
    on_time = due("2025-09-30T16:00", "working_days", 1, finished="2025-10-09T17:00")["finished"]
    assert on_time["on_time"] and on_time["margin"] == {"days": 0, "hours": 0, "minutes": 30}
    late = due("2025-09-30T16:00", "working_days", 1, finished="2025-10-10T09:00")["finished"]
    assert not late["on_time"] and late["margin"] == {"days": 0, "hours": 15, "minutes": 30}


# --- properties --------------------------------------------------------------------

starts = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))
zones = st.sampled_from([SHANGHAI, "Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"])
rules = st.one_of(
    st.tuples(st.sampled_from(["clock_minutes", "clock_hours", "calendar_days", "working_days", "working_hours"]),
              st.integers(1, 60)),
    st.just(("end_of_working_day", None)))


def _due_or_skip_gap(start, zone, kind, amount):
    try:
        return due(start.isoformat(), kind, amount, zone=zone)
    except RuleError as err:
        assert err.code == "nonexistent_time"  # the only error valid input can meet
        return None


@settings(max_examples=300, deadline=None)
@given(starts, zones, rules)
def test_a_due_time_is_never_before_the_start(start, zone, rule):
    result = _due_or_skip_gap(start, zone, *rule)
    if result:
        assert dt.datetime.fromisoformat(result["due"]) >= dt.datetime.fromisoformat(result["start"])


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(1, 40))
def test_working_days_land_on_a_working_day_at_the_end_of_office_hours(start, amount):
    result = due(start.isoformat(), "working_days", amount)
    end = dt.datetime.fromisoformat(result["due"])
    assert day(end.date()).working and end.strftime("%H:%M") == OFFICE_HOURS[-1]["end"]
    between = [start.date() + dt.timedelta(days=k) for k in range(1, (end.date() - start.date()).days + 1)]
    assert sum(day(d).working for d in between) == amount


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(1, 40))
def test_in_advance_working_days_leave_exactly_n_working_days_before_the_planned_day(planned, amount):
    result = due(planned.isoformat(), "working_days", amount, direction="before")
    end = dt.datetime.fromisoformat(result["due"])
    assert day(end.date()).working and end.strftime("%H:%M") == OFFICE_HOURS[-1]["end"]
    # The due day and the working days between it and the planned day make N.
    between = [end.date() + dt.timedelta(days=k) for k in range(1, (planned.date() - end.date()).days)]
    assert 1 + sum(day(d).working for d in between) == amount


@settings(max_examples=200, deadline=None)
@given(starts, zones)
def test_same_day_closure_never_leaves_the_day(start, zone):
    result = _due_or_skip_gap(start, zone, "end_of_working_day", None)
    if result:
        assert result["due"][:10] == result["start"][:10]


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(1, 30), st.integers(1, 30))
def test_a_longer_limit_is_never_due_sooner(start, a, b):
    for kind in ("working_days", "working_hours", "clock_hours", "calendar_days"):
        short, long_ = sorted((a, b))
        first = dt.datetime.fromisoformat(due(start.isoformat(), kind, short)["due"])
        second = dt.datetime.fromisoformat(due(start.isoformat(), kind, long_)["due"])
        assert first <= second


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=30), starts.map(dt.datetime.isoformat)), st.one_of(st.text(max_size=20), zones),
       st.one_of(st.none(), st.integers(), st.text(max_size=5), st.floats()))
def test_any_garbage_gives_a_rule_error_never_a_crash(start, zone, amount):
    try:
        due(start, "working_hours", amount, zone=zone)
    except RuleError as err:
        assert err.message("zh") and err.message("en")
