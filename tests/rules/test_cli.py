"""The command line gives the library's answers, as text and as JSON."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rule_data import LEVELS
from service_norms.browser import call
from site_pages import ROOT

CASES = [
    (["deadline", "--start", "2025-09-30T16:00", "--limit", "complaint-resolve", "--other-zone", "Europe/Berlin"],
     {"fn": "deadline", "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve",
                                 "other_zone": "Europe/Berlin"}}),
    (["deadline", "--start", "2025-01-24T10:00", "--kind", "working_days", "--amount", "5"],
     {"fn": "deadline", "args": {"start": "2025-01-24T10:00", "zone": "Asia/Shanghai",
                                 "rule": {"kind": "working_days", "amount": "5"}}}),
    (["escalate", "--severity", "major", "--elapsed", "500", "--key-customer"],
     {"fn": "escalate", "args": {"severity": "major", "elapsed_minutes": "500", "key_customer": True}}),
    (["escalate", "--impact", "high", "--urgency", "low", "--elapsed", "30", "--restored-at", "10"],
     {"fn": "escalate", "args": {"impact": "high", "urgency": "low", "elapsed_minutes": "30", "restored_at_minutes": "10"}}),
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service_norms", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("argv, request_", CASES, ids=[" ".join(c[0][:3]) for c in CASES])
def test_cli_json_and_text_agree_with_the_library(argv, request_, lang):
    expected = call({**request_, "lang": lang, "levels": LEVELS})
    assert expected["ok"]
    out = run("--lang", lang, "--json", *argv)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == expected
    text = run("--lang", lang, *argv).stdout
    for line in expected["text"]["summary"]:
        assert line in text


def test_cli_bad_input_exits_2_with_the_message_in_the_chosen_language():
    out = run("--lang", "zh", "deadline", "--start", "2025-09-30T16:00", "--zone", "Mars/Base", "--limit", "phone-contact")
    assert out.returncode == 2
    assert "时区：未知时区“Mars/Base”" in out.stderr
