"""data/service_levels.yml validates, and each kind of bad edit is named with file, line and field."""
from __future__ import annotations

import pytest

from handbook.data_files import DataFileError, parse
from handbook.service_levels import ServiceLevels
from rule_data import LEVELS
from service_norms.browser import call
from service_norms.vocabulary import MAX_AMOUNT, RULE_KINDS
from site_pages import ROOT

GOOD = (ROOT / "data" / "service_levels.yml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][occurrence - 1]


def test_the_file_validates():
    levels = parse(GOOD, ServiceLevels, "data/service_levels.yml")
    assert [s.id for s in levels.severities] == ["critical", "major", "minor"]
    assert levels.status == "reference-draft"


# (old text, new text, the text on the line the error points at [, which occurrence], the message)
INVALID = {
    "matrix names an unknown severity": (
        "low: {high: major, medium: minor, low: minor}", "low: {high: major, medium: minor, low: trivial}",
        "low: {high: major", "priority_matrix.cells.low.low: unknown severity 'trivial'"),
    "time limit without an amount": (
        "rule: {kind: clock_minutes, amount: 15}", "rule: {kind: clock_minutes}",
        "rule: {kind: clock_minutes}", "time_limits.0.rule: `amount` is required"),
    "negative amount": (
        "rule: {kind: clock_hours, amount: 2}", "rule: {kind: clock_hours, amount: -2}",
        "amount: -2", "time_limits.3.rule.amount: Input should be greater than 0"),
    "unknown rule kind": (
        "rule: {kind: clock_hours, amount: 2}", "rule: {kind: fortnights, amount: 2}",
        "kind: fortnights", "time_limits.3.rule.kind: Input should be 'clock_minutes'"),
    "duplicate time limit": (
        "  - id: onsite-cross-region", "  - id: onsite-same-city",
        ("  - id: onsite-same-city", 2), "time_limits.4.id: duplicate time limit 'onsite-same-city'"),
    "overlapping office hours": (
        '{start: "13:30", end: "17:30"}', '{start: "11:30", end: "17:30"}',
        '{start: "11:30"', "office_hours.1: 11:30–17:30 overlaps 08:30–12:00"),
    "start rung above the ladder": (
        "start_rung: {critical: 3,", "start_rung: {critical: 9,",
        "start_rung:", "escalation.start_rung.critical: 9 is out of range 1..5"),
    "in advance on a kind that cannot count back": (
        "rule: {kind: working_days, amount: 3, direction: before}", "rule: {kind: working_hours, amount: 3, direction: before}",
        "direction: before", "time_limits.13.rule.direction: working_hours cannot be counted back"),
    "outage rated below the most severe class": (
        "  outage: critical", "  outage: major",
        "  outage: major", "priority_matrix.outage: 'major' must be the most severe class 'critical'"),
    "ceiling that is not a rung": (
        "ceiling: {critical: division-management,", "ceiling: {critical: board,",
        "ceiling: {critical: board", "escalation.ceiling.critical: unknown rung 'board'"),
    "a lighter class with a higher ceiling": (
        "minor: engineering-service-department}", "minor: division-management}",
        "minor: division-management}", "escalation.ceiling: must not favour the lighter class 'minor' over 'major'"),
    "a target counted in working days": (
        "major: {respond: phone-contact, restore: restore-major,", "major: {respond: phone-contact, restore: complaint-resolve,",
        "restore: complaint-resolve", "escalation.targets.major.restore: 'complaint-resolve' is working_days"),
    "a lighter class restored sooner": (
        "  - id: restore-major\n    name: {zh: 恢复业务（重大故障）, en: Restore service (major fault)}\n    rule: {kind: clock_hours, amount: 24}",
        "  - id: restore-major\n    name: {zh: 恢复业务（重大故障）, en: Restore service (major fault)}\n    rule: {kind: clock_hours, amount: 2}",
        "major: {respond: phone-contact, restore: restore-major", "escalation.targets.major.restore: must not favour the lighter class 'major'"),
    "bad clock time": (
        '{start: "08:30", end: "12:00"}', '{start: "8:30", end: "12:00"}',
        '{start: "8:30"', "office_hours.0.start: String should match pattern"),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_service_levels_are_rejected_precisely(case):
    old, new, marker, expected = INVALID[case]
    bad = GOOD.replace(old, new, 1)
    assert bad != GOOD
    with pytest.raises(DataFileError) as err:
        parse(bad, ServiceLevels, "data/service_levels.yml")
    needle, occurrence = marker if isinstance(marker, tuple) else (marker, 1)
    assert f"data/service_levels.yml:{_line_of(bad, needle, occurrence)}: {expected}" in str(err.value), str(err.value)


def test_a_lighter_fault_may_not_escalate_sooner():
    bad = GOOD.replace("step_minutes: {critical: 60, major: 240, minor: 1440}", "step_minutes: {critical: 60, major: 2000, minor: 1440}")
    with pytest.raises(DataFileError) as err:
        parse(bad, ServiceLevels, "data/service_levels.yml")
    assert f"data/service_levels.yml:{_line_of(bad, 'step_minutes: {critical: 60, major: 2000')}: escalation.step_minutes:" in str(err.value)
    assert "must not decrease from the most to the least severe class" in str(err.value)


@pytest.mark.parametrize("kind", [k for k in RULE_KINDS if k != "end_of_working_day"])
def test_the_schema_accepts_exactly_the_amounts_the_rules_compute(kind):
    """At the bound both take it; one more and both refuse it (a working_days limit of 300
    once validated here while every calculator answer refused it)."""
    top = MAX_AMOUNT[kind]
    # A limit no escalation target uses (targets must count clock time).
    index = next(i for i, t in enumerate(LEVELS["time_limits"]) if t["id"] == "spare-replenish")
    for amount, accepted in ((top, True), (top + 1, False)):
        text = GOOD.replace("rule: {kind: working_days, amount: 1}", f"rule: {{kind: {kind}, amount: {amount}}}", 1)
        try:
            levels = parse(text, ServiceLevels, "data/service_levels.yml")
        except DataFileError as err:
            assert not accepted, str(err)
            assert f"time_limits.{index}.rule.amount: {amount} is out of range; {kind} takes 1 to {top}" in str(err)
            line = _line_of(text, f"amount: {amount}")
            assert f"data/service_levels.yml:{line}:" in str(err)
            levels = None
        else:
            assert accepted, f"{kind} {amount} validated"
        rule = {"kind": kind, "amount": amount}
        out = call({"fn": "deadline", "lang": "en", "levels": LEVELS, "args": {"start": "2025-09-30T16:00", "rule": rule}})
        assert out["ok"] is accepted, out
        if levels is not None:
            assert levels.time_limits[index].rule.model_dump(include={"kind", "amount"}) == rule
