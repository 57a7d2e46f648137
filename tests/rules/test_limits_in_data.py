"""Every time limit data/service_levels.yml defines is one the deadline rules compute: the
schema takes its kinds and bounds from the rules (service_norms.vocabulary), so a value the
build accepts can never be refused by a calculator."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rule_data import LEVELS, OFFICE_HOURS
from service_norms.browser import call
from service_norms.deadlines import deadline

LIMITS = LEVELS["time_limits"]
ZONES = ["Asia/Shanghai", "Europe/Berlin", "America/New_York", "UTC"]
# Wall-clock starts over the years the official calendar covers and the next one it does not.
STARTS = st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))


@pytest.mark.parametrize("limit", LIMITS, ids=[t["id"] for t in LIMITS])
@settings(max_examples=40, deadline=None)
@given(start=STARTS, zone=st.sampled_from(ZONES))
def test_every_time_limit_in_the_data_gets_a_due_time(limit, start, zone):
    try:
        result = deadline(start.isoformat(timespec="minutes"), zone, limit["rule"], OFFICE_HOURS)
    except Exception as err:  # noqa: BLE001 - only a start the zone skips may be refused
        assert getattr(err, "code", None) == "nonexistent_time", f"{limit['id']}: {err}"
        return
    due, begin = dt.datetime.fromisoformat(result["due"]), dt.datetime.fromisoformat(result["start"])
    # A limit counted in advance answers the latest time to act, before the planned start.
    assert due < begin if limit["rule"].get("direction") == "before" else due > begin
    assert result["rule"]["kind"] == limit["rule"]["kind"]


@pytest.mark.parametrize("limit", LIMITS, ids=[t["id"] for t in LIMITS])
def test_every_time_limit_in_the_data_answers_through_the_door(limit):
    for lang in ("zh", "en"):
        out = call({"fn": "deadline", "lang": lang, "levels": LEVELS,
                    "args": {"start": "2025-09-30T16:00", "limit": limit["id"]}})
        assert out["ok"], out
