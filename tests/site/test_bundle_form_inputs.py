"""No form input gives a traceback through the bundle the rules worker runs (Pyodide in
Node, node_check.mjs): form values at and past the bounds, seeded so every machine asks the
same, each answered as CPython answers it and never as a fault of the rules."""
from __future__ import annotations

import json
import random
import shutil
import subprocess

from holiday_fixture import fixture_notices
from rule_data import LEVELS
from service_norms.browser import answer
from service_norms.vocabulary import MAX_AMOUNT, RULE_KINDS
from service_norms.working_calendar import LIBRARY_LAST_YEAR, YEARS_AHEAD
from site_pages import ROOT

BOUND = LIBRARY_LAST_YEAR + YEARS_AHEAD
STARTS = ["9999-12-31T23:59", "9999-12-31T23:59+14:00", "0001-01-01T00:00", "0001-01-01T00:00-12:00",
          f"{BOUND}-12-31T23:59", f"{BOUND + 1}-01-01T00:00", "2200-01-01T10:00", "2003-12-31T23:59",
          "2026-12-31T23:59", "2031-10-01T09:00", "2025-02-29T10:00", "", "x", "2025-09-30T16:00"]
AMOUNTS = ["2.5", 2.5, "", "-1", "0", "1", "1e3", None, 10**20, "250", "251", "３", True]


def form_requests(count: int = 120) -> list[str]:
    rng = random.Random(25)
    out = []
    for i in range(count):
        args = {"start": rng.choice(STARTS), "zone": rng.choice(["Asia/Shanghai", "Pacific/Kiritimati", "Etc/GMT+12", ""])}
        if rng.random() < 0.5:
            args["limit"] = rng.choice([t["id"] for t in LEVELS["time_limits"]])
        else:
            kind = rng.choice(RULE_KINDS)
            amount = rng.choice(AMOUNTS + [MAX_AMOUNT.get(kind, 1)])
            args["rule"] = {"kind": kind, "amount": amount, "direction": rng.choice(["after", "before"])}
        if rng.random() < 0.3:
            args["finished"] = rng.choice(STARTS)
        if rng.random() < 0.2:
            args["other_zone"] = "Europe/Berlin"
        request = {"fn": "deadline", "lang": rng.choice(["zh", "en"]), "levels": LEVELS, "args": args}
        if i % 3 == 0:
            request["notices"] = fixture_notices()
        out.append(json.dumps(request, ensure_ascii=False))
    return out


def test_form_inputs_at_the_bounds_are_answered_alike_and_never_as_a_fault(built_site):
    node = shutil.which("node")
    assert node, "node is needed (it also installs the npm packages)"
    requests = form_requests()
    expected = [answer(r) for r in requests]
    assert all(json.loads(a)["ok"] or json.loads(a)["error"]["code"] != "internal" for a in expected)
    result = subprocess.run([node, str(ROOT / "hooks" / "pyodide" / "node_check.mjs"), *requests],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == expected
