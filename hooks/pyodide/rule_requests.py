"""The requests the rules are exercised with under Pyodide when the bundle is built
(hooks/pyodide/trim.mjs records every standard-library module they import): each function,
time limit, severity, both languages, time zones and the error paths."""
from __future__ import annotations

import json


def rule_requests(levels: dict) -> list[str]:
    cases: list[tuple[str, dict]] = []
    starts = ["2025-09-30T16:00", "2025-01-24T10:00", "2026-12-30T10:00", "2025-10-08T08:59"]
    for i, limit in enumerate(t["id"] for t in levels["time_limits"]):
        cases.append(("deadline", {"start": starts[i % len(starts)], "limit": limit}))
    cases += [
        ("deadline", {"start": "2025-09-30T16:00", "limit": "complaint-resolve", "other_zone": "Europe/Berlin"}),
        ("deadline", {"start": "2025-03-30T02:30", "zone": "Europe/Berlin", "limit": "phone-contact"}),
        ("deadline", {"start": "2025-01-24T10:00", "rule": {"kind": "working_hours", "amount": 20}}),
        ("deadline", {"start": "2025-09-30T16:00", "limit": "phone-contact", "finished": "2025-10-09T10:00"}),
        # errors: an unknown limit, a bad date, an unknown zone, a date out of range, bad arguments
        ("deadline", {"start": "2025-09-30T16:00", "limit": "no-such-limit"}),
        ("deadline", {"start": "30/09/2025", "limit": "phone-contact"}),
        ("deadline", {"start": "2025-09-30T16:00", "zone": "Mars/Olympus", "limit": "phone-contact"}),
        ("deadline", {"start": "1999-01-01T10:00", "limit": "phone-contact"}),
        ("deadline", {"start": "2025-09-30T16:00", "rule": {"kind": "working_days", "amount": 10_000}}),
        ("deadline", {"start": "9999-12-31T10:00", "rule": {"kind": "working_days", "amount": "2.5"}}),
        ("deadline", {"nonsense": 1}),
        ("calendar", {}), ("calendar", {"year": 2026}), ("calendar", {"year": 2027}),
        ("nope", {}),
    ]
    for severity in (s["id"] for s in levels["severities"]):
        for elapsed in (0, 45, 300, 5000):
            cases.append(("escalate", {"severity": severity, "elapsed_minutes": elapsed}))
        cases.append(("escalate", {"severity": severity, "elapsed_minutes": 20, "restored_at_minutes": 30,
                                   "key_customer": True, "complaint": True, "outage": True}))
    cases += [("escalate", {"impact": "high", "urgency": "medium", "elapsed_minutes": 130, "complaint": True}),
              ("escalate", {"impact": "nope"}), ("escalate", {"elapsed_minutes": -5})]
    out = [json.dumps({"fn": "ping"}), "not json", json.dumps([1, 2])]
    for lang in ("zh", "en"):
        out += [json.dumps({"fn": fn, "lang": lang, "levels": levels, "args": args}, ensure_ascii=False)
                for fn, args in cases]
        # A deadline as a calendar file (the `calendar` extra: icalendar and python-dateutil,
        # which the worker installs on the first such request): its imports must be shipped too.
        for args in ({"start": "2025-09-30T16:00", "limit": "complaint-resolve"},
                     {"start": "2024-10-11T16:00", "zone": "Europe/Berlin", "limit": "daily-closure"}):
            out.append(json.dumps({"fn": "deadline", "lang": lang, "levels": levels, "args": args,
                                   "ics": {"stamp": "2025-01-01T00:00:00Z", "url": "https://example.invalid/"}},
                                  ensure_ascii=False))
    return out
