"""Who must know about a fault, and when the next rung falls due.

From the escalation data of data/service_levels.yml (severity classes, priority matrix,
ladder, start rungs, time steps, ceilings and targets): a fault starts at its severity's
rung, climbs one rung each time its step passes unrestored (more slowly once service is
restored), and a key customer or a complaint adds rungs; while the fault keeps to its
class's restoration and closure targets it stays at or below the class's ceiling, and once
it misses one it goes to the top of the ladder. A total outage is always of the most severe
class. More severity or more elapsed time never lowers the rung: the data check orders the
tables so, and tests/rules/test_escalation.py holds the rules to it over the data.
"""
from __future__ import annotations

from .messages import names as listed
from .rule_error import RuleError
from .vocabulary import MAX_MINUTES, MINUTES_PER

# Where each rule is written (docs-relative page#anchor), for the trace's links.
CLAUSES = {
    "outage": "after-sales/fault-handling.md#severity",
    "matrix": "after-sales/fault-handling.md#priority-matrix",
    "start": "after-sales/fault-handling.md#escalation",
    "time": "after-sales/fault-handling.md#escalation",
    "time_restored": "after-sales/fault-handling.md#fault-restore-first",
    "key_customer": "after-sales/fault-handling.md#escalation",
    "complaint": "after-sales/complaint-handling.md#complaint-faster-escalation",
    "ceiling": "after-sales/fault-handling.md#escalation",
    "overdue_restore": "after-sales/fault-handling.md#time-limits",
    "overdue_close": "after-sales/fault-handling.md#time-limits",
    "top": "after-sales/fault-handling.md#escalation",
}



def _minutes(value, field: str) -> int:
    try:
        number = int(value)
        if number != float(value):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        number = -1
    if not 0 <= number <= MAX_MINUTES:
        raise RuleError("bad_minutes", field, value=value, high=MAX_MINUTES)
    return number


def _climbed(elapsed: int, step: int, restored_at: int | None, step_restored: int) -> tuple[int, int]:
    """Rungs climbed by time before and after restoration."""
    if restored_at is None:
        return elapsed // step, 0
    return restored_at // step, (elapsed - restored_at) // step_restored


def _target_minutes(levels: dict, limit_id: str) -> int:
    rule = next(t["rule"] for t in levels["time_limits"] if t["id"] == limit_id)
    return MINUTES_PER[rule["kind"]] * rule["amount"]


def _overdue_at(levels: dict, severity: str, restored: int | None) -> tuple[int, str]:
    """The minute after which the fault has missed a target of its class, and which one."""
    targets = levels["escalation"]["targets"][severity]
    restore = _target_minutes(levels, targets["restore"])
    if restored is None:
        return restore + 1, "overdue_restore"
    if restored > restore:
        return restored, "overdue_restore"
    close = _target_minutes(levels, targets["close"])
    return close + (restored if targets["close_from"] == "restored" else 0) + 1, "overdue_close"


def escalate(levels: dict, *, severity: str | None = None, impact: str | None = None, urgency: str | None = None,
             elapsed_minutes=0, restored_at_minutes=None, key_customer: bool = False,
             complaint: bool = False, outage: bool = False) -> dict:
    """The rung a fault has reached, who must be told, the next rung's time, and why."""
    esc = levels["escalation"]
    ladder = esc["ladder"]
    rungs = [r["id"] for r in ladder]
    severities = [s["id"] for s in levels["severities"]]
    trace: list = []
    if outage:
        severity = levels["priority_matrix"]["outage"]
        trace.append(("outage", {"severity": severity}))
    elif not severity:
        matrix = levels["priority_matrix"]
        names = [lv["id"] for lv in matrix["levels"]]
        if not impact or not urgency:
            raise RuleError("severity_or_matrix", "severity")
        for field, value in (("impact", impact), ("urgency", urgency)):
            if value not in names:
                raise RuleError("unknown_level", field, value=value, expected=listed(matrix["levels"]))
        severity = matrix["cells"][impact][urgency]
        trace.append(("matrix", {"impact": impact, "urgency": urgency, "severity": severity}))
    elif severity not in severities:
        raise RuleError("unknown_severity", "severity", value=severity, expected=listed(levels["severities"]))
    elapsed = _minutes(elapsed_minutes, "elapsed_minutes")
    restored = None if restored_at_minutes in (None, "") else _minutes(restored_at_minutes, "restored_at_minutes")
    if restored is not None and restored > elapsed:
        raise RuleError("restored_after_now", "restored_at_minutes", value=restored, elapsed=elapsed)

    start = esc["start_rung"][severity]
    step, step_restored = esc["step_minutes"][severity], esc["step_minutes_restored"][severity]
    trace.append(("start", {"severity": severity, "rung": start}))
    before, after = _climbed(elapsed, step, restored, step_restored)
    trace.append(("time", {"minutes": restored if restored is not None else elapsed, "step": step, "rungs": before,
                           "start": start}))
    if restored is not None:
        trace.append(("time_restored", {"restored": restored, "step": step_restored, "rungs": after}))
    extra = 0
    if key_customer and esc["key_customer_rungs"]:
        extra += esc["key_customer_rungs"]
        trace.append(("key_customer", {"rungs": esc["key_customer_rungs"]}))
    if complaint and esc["complaint_rungs"]:
        extra += esc["complaint_rungs"]
        trace.append(("complaint", {"rungs": esc["complaint_rungs"]}))
    top = len(ladder)
    ceiling = rungs.index(esc["ceiling"][severity]) + 1
    overdue_at, overdue_rule = _overdue_at(levels, severity, restored)
    targets = esc["targets"][severity]
    unclamped = start + before + after + extra
    if elapsed >= overdue_at:
        rung = top
        limit = targets["restore"] if overdue_rule == "overdue_restore" else targets["close"]
        trace.append((overdue_rule, {"severity": severity, "limit": limit, "rung": top}))
    else:
        rung = min(ceiling, unclamped)
        if unclamped > ceiling and ceiling < top:
            trace.append(("ceiling", {"severity": severity, "rung": ceiling}))
    if rung == top:
        trace.append(("top", {"rung": top}))

    next_at = next_rung = None
    if rung < top:
        if rung < ceiling:
            # The next time step: before restoration on the unrestored pace, after it on the slower one.
            if restored is None:
                next_at = (elapsed // step + 1) * step
            else:
                next_at = restored + ((elapsed - restored) // step_restored + 1) * step_restored
            next_rung = rung + 1
        if next_at is None or overdue_at <= next_at:
            next_at, next_rung = overdue_at, top
    return {
        "severity": severity,
        "rung": rung,
        "who": ladder[rung - 1]["id"],
        "notify": [r["id"] for r in ladder[:rung]],
        "next": None if next_at is None else {"at_minutes": next_at, "in_minutes": next_at - elapsed,
                                               "rung": next_rung, "who": ladder[next_rung - 1]["id"]},
        "restored": restored is not None,
        "trace": [{"rule": rule, "clause": CLAUSES[rule], "params": params} for rule, params in trace],
    }
