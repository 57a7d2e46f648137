"""Escalation: the ladder from the data, monotonic in severity and time, a trace with clauses."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rule_data import LEVELS
from service_norms.escalation import escalate
from service_norms.rule_error import RuleError
from site_pages import DOCS

SEVERITIES = [s["id"] for s in LEVELS["severities"]]  # most severe first
LADDER = [r["id"] for r in LEVELS["escalation"]["ladder"]]
ESC = LEVELS["escalation"]


def test_a_critical_fault_starts_high_and_climbs_every_step():
    start, step = ESC["start_rung"]["critical"], ESC["step_minutes"]["critical"]
    assert escalate(LEVELS, severity="critical", elapsed_minutes=0)["rung"] == start
    result = escalate(LEVELS, severity="critical", elapsed_minutes=step)
    assert result["rung"] == start + 1
    assert result["notify"] == LADDER[:start + 1]
    assert result["next"] == {"at_minutes": 2 * step, "in_minutes": step, "rung": start + 2, "who": LADDER[start + 1]}


def _minutes(limit_id: str) -> int:
    rule = next(t["rule"] for t in LEVELS["time_limits"] if t["id"] == limit_id)
    return {"clock_minutes": 1, "clock_hours": 60, "calendar_days": 1440}[rule["kind"]] * rule["amount"]


def _ceiling(severity: str) -> int:
    return LADDER.index(ESC["ceiling"][severity]) + 1


def _close_at(severity: str, restored: int | None) -> int | None:
    """The minute a fault's problem report falls due, if it has kept its restoration target."""
    targets = ESC["targets"][severity]
    if restored is None:
        return None if targets["close_from"] == "restored" else _minutes(targets["close"])
    if restored > _minutes(targets["restore"]):
        return None
    return _minutes(targets["close"]) + (restored if targets["close_from"] == "restored" else 0)


def test_key_customer_and_complaint_add_rungs_up_to_the_ceiling():
    base = escalate(LEVELS, severity="major", elapsed_minutes=0)["rung"]
    both = escalate(LEVELS, severity="major", elapsed_minutes=0, key_customer=True, complaint=True)
    assert both["rung"] == min(_ceiling("major"), base + ESC["key_customer_rungs"] + ESC["complaint_rungs"])
    top = escalate(LEVELS, severity="critical", elapsed_minutes=10_000, complaint=True)
    assert top["rung"] == len(LADDER) and top["next"] is None
    assert top["trace"][-1]["rule"] == "top"


def test_a_minor_fault_stays_below_management_until_its_report_is_overdue():
    close = _minutes(ESC["targets"]["minor"]["close"])
    held = escalate(LEVELS, severity="minor", elapsed_minutes=close, key_customer=True, complaint=True)
    assert held["rung"] == _ceiling("minor") < len(LADDER)
    assert held["next"] == {"at_minutes": close + 1, "in_minutes": 1, "rung": len(LADDER), "who": LADDER[-1]}
    overdue = escalate(LEVELS, severity="minor", elapsed_minutes=close + 1)
    assert overdue["rung"] == len(LADDER) and any(t["rule"].startswith("overdue_") for t in overdue["trace"])


def test_a_fault_that_misses_its_restoration_target_goes_to_the_top():
    for severity in SEVERITIES:
        restore = _minutes(ESC["targets"][severity]["restore"])
        assert escalate(LEVELS, severity=severity, elapsed_minutes=restore + 1)["rung"] == len(LADDER)
        late = escalate(LEVELS, severity=severity, elapsed_minutes=restore + 5, restored_at_minutes=restore + 1)
        assert late["rung"] == len(LADDER)


def test_a_total_outage_is_critical_whatever_the_matrix_says():
    levels = [lv["id"] for lv in LEVELS["priority_matrix"]["levels"]]
    for impact in levels:
        for urgency in levels:
            result = escalate(LEVELS, impact=impact, urgency=urgency, outage=True, elapsed_minutes=0)
            assert result["severity"] == SEVERITIES[0] == "critical"
            assert result["trace"][0]["rule"] == "outage"


def test_every_severity_has_response_restoration_and_closure_targets():
    limits = {t["id"] for t in LEVELS["time_limits"]}
    for severity in SEVERITIES:
        targets = ESC["targets"][severity]
        assert {targets["respond"], targets["restore"], targets["close"]} <= limits
        assert _minutes(targets["respond"]) < _minutes(targets["restore"]) <= _minutes(targets["close"]) + (
            _minutes(targets["restore"]) if targets["close_from"] == "restored" else 0)


def test_restoration_slows_the_climb():
    step, slow = ESC["step_minutes"]["major"], ESC["step_minutes_restored"]["major"]
    result = escalate(LEVELS, severity="major", elapsed_minutes=step + slow - 1, restored_at_minutes=step)
    assert result["rung"] == ESC["start_rung"]["major"] + 1
    assert result["next"]["at_minutes"] == step + slow


def test_matrix_gives_the_severity_when_none_is_given():
    result = escalate(LEVELS, impact="high", urgency="low", elapsed_minutes=0)
    assert result["severity"] == LEVELS["priority_matrix"]["cells"]["high"]["low"]
    assert result["trace"][0]["rule"] == "matrix"


def test_every_trace_step_links_to_an_existing_clause():
    result = escalate(LEVELS, impact="high", urgency="high", elapsed_minutes=500, restored_at_minutes=100,
                      key_customer=True, complaint=True)
    for step in result["trace"]:
        page, anchor = step["clause"].split("#")
        for doc in (DOCS / page, DOCS / page.replace(".md", ".en.md")):
            assert re.search(r"\{\s*#" + anchor + r"\s*\}", doc.read_text(encoding="utf-8")), (step, doc)


@pytest.mark.parametrize("kwargs, code, field", [
    (dict(severity="catastrophic"), "unknown_severity", "severity"),
    (dict(), "severity_or_matrix", "severity"),
    (dict(impact="high"), "severity_or_matrix", "severity"),
    (dict(impact="huge", urgency="low"), "unknown_level", "impact"),
    (dict(severity="major", elapsed_minutes=-5), "bad_minutes", "elapsed_minutes"),
    (dict(severity="major", elapsed_minutes="soon"), "bad_minutes", "elapsed_minutes"),
    (dict(severity="major", elapsed_minutes=10**12), "bad_minutes", "elapsed_minutes"),
    (dict(severity="major", elapsed_minutes=10, restored_at_minutes=20), "restored_after_now", "restored_at_minutes"),
])
def test_bad_input_is_a_clear_error(kwargs, code, field):
    with pytest.raises(RuleError) as err:
        escalate(LEVELS, **kwargs)
    assert (err.value.code, err.value.field) == (code, field)


minutes = st.integers(0, 366 * 24 * 60)  # up to the rules' bound, past every target


@settings(max_examples=500, deadline=None)
@given(minutes, minutes, st.booleans(), st.booleans(), st.one_of(st.none(), minutes))
def test_more_elapsed_time_never_lowers_the_rung(a, b, key, complaint, restored):
    early, late = sorted((a, b))
    if restored is not None and restored > early:
        restored = early
    kw = dict(key_customer=key, complaint=complaint, restored_at_minutes=restored)
    for severity in SEVERITIES:
        assert escalate(LEVELS, severity=severity, elapsed_minutes=early, **kw)["rung"] <= \
            escalate(LEVELS, severity=severity, elapsed_minutes=late, **kw)["rung"]


@settings(max_examples=500, deadline=None)
@given(minutes, st.booleans(), st.booleans(), st.one_of(st.none(), minutes))
def test_more_severity_never_lowers_the_rung(elapsed, key, complaint, restored):
    if restored is not None and restored > elapsed:
        restored = elapsed
    rungs = [escalate(LEVELS, severity=s, elapsed_minutes=elapsed, key_customer=key, complaint=complaint,
                      restored_at_minutes=restored)["rung"] for s in SEVERITIES]
    assert rungs == sorted(rungs, reverse=True)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(SEVERITIES), minutes, st.booleans(), st.booleans(), st.one_of(st.none(), minutes))
def test_no_class_passes_its_ceiling_before_its_own_targets_are_missed(severity, elapsed, key, complaint, restored):
    if restored is not None and restored > elapsed:
        restored = elapsed
    result = escalate(LEVELS, severity=severity, elapsed_minutes=elapsed, key_customer=key, complaint=complaint,
                      restored_at_minutes=restored)
    restore = _minutes(ESC["targets"][severity]["restore"])
    close = _close_at(severity, restored)
    within = (restored is not None and restored <= restore or restored is None and elapsed <= restore) and (
        close is None or elapsed <= close)
    if within:
        assert result["rung"] <= _ceiling(severity), (severity, elapsed, restored, result["trace"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEVERITIES), minutes, st.one_of(st.none(), minutes))
def test_the_next_rung_is_due_when_it_says(severity, elapsed, restored):
    if restored is not None and restored > elapsed:
        restored = elapsed
    now = escalate(LEVELS, severity=severity, elapsed_minutes=elapsed, restored_at_minutes=restored)
    if now["next"]:
        at, then = now["next"]["at_minutes"], now["next"]["rung"]
        assert then > now["rung"]
        assert escalate(LEVELS, severity=severity, elapsed_minutes=at - 1, restored_at_minutes=restored)["rung"] == now["rung"]
        assert escalate(LEVELS, severity=severity, elapsed_minutes=at, restored_at_minutes=restored)["rung"] == then
