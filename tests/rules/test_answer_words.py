"""Every answer right in its words, in both languages: English ordinals, long times in days
and hours, a clear refusal of an implausible date or a non-whole amount (no internal ids),
a reader's own rule named as such, and no traceback from any form input."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.labels import label
from rule_data import LEVELS
from service_norms.browser import answer, call
from service_norms.messages import KIND_NAMES, ordinal
from service_norms.vocabulary import MAX_AMOUNT, RULE_KINDS
from service_norms.working_calendar import FIRST_YEAR, LIBRARY_LAST_YEAR, YEARS_AHEAD
from site_pages import ROOT


def ask(args: dict, lang: str = "en", fn: str = "deadline", **extra) -> dict:
    return call({"fn": fn, "lang": lang, "levels": LEVELS, "args": args, **extra})


EXPECTED_ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th", "13th",
                     "14th", "15th", "16th", "17th", "18th", "19th", "20th", "21st", "22nd", "23rd"]


def test_ordinals_1st_to_23rd_and_beyond():
    assert [ordinal(n) for n in range(1, 24)] == EXPECTED_ORDINALS
    assert [ordinal(n) for n in (101, 111, 112, 113, 121, 250)] == ["101st", "111th", "112th", "113th", "121st", "250th"]


@pytest.mark.parametrize("amount", range(2, 24))
def test_working_days_in_advance_say_a_real_ordinal(amount):
    out = ask({"start": "2025-11-28T10:00", "rule": {"kind": "working_days", "amount": amount, "direction": "before"}})
    line = next(line for line in out["text"]["explanation"] if "in advance" in line)
    assert f"on the {ordinal(amount)} working day before it" in line
    assert not re.search(r"\b(1|2|3|21|22|23)th\b", " ".join(out["text"]["explanation"]))


def test_the_limits_counted_in_advance_say_real_ordinals():
    for limit in (t for t in LEVELS["time_limits"] if t["rule"].get("direction") == "before"):
        text = " ".join(ask({"start": "2025-11-28T10:00", "limit": limit["id"]})["text"]["explanation"])
        assert not re.search(r"\b\d*(1th|2th|3th)\b", text.replace("11th", "").replace("12th", "").replace("13th", "")), text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("amount", ["2.5", 2.5, "abc", "1e3"])
def test_a_non_whole_amount_is_refused_as_such_without_internal_ids(lang, amount):
    out = ask({"start": "2025-09-30T16:00", "rule": {"kind": "working_days", "amount": amount}}, lang)
    assert out["error"]["code"] == "amount_not_whole"
    message = out["error"]["message"]
    assert ("不是整数" in message) if lang == "zh" else ("not a whole number" in message)
    assert f"1 到 {MAX_AMOUNT['working_days']} 之间的整数" in message if lang == "zh" else "from 1 to 250" in message
    assert not any(kind in message for kind in RULE_KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_error_message_names_an_internal_kind(lang):
    cases = [{"kind": "working_days", "amount": 10_000}, {"kind": "end_of_working_day", "amount": 3},
             {"kind": "working_hours", "amount": 3, "direction": "before"}]
    for rule in cases:
        message = ask({"start": "2025-09-30T16:00", "rule": rule}, lang)["error"]["message"]
        assert not any(kind in message for kind in RULE_KINDS), message


BOUND = LIBRARY_LAST_YEAR + YEARS_AHEAD


@pytest.mark.parametrize("start", ["9999-12-31T23:59", "9999-12-31T10:00+14:00", "0001-01-01T00:00",
                                   "0001-01-01T00:00-12:00", f"{BOUND + 1}-01-01T00:00", "2200-01-01T10:00",
                                   f"{FIRST_YEAR - 1}-12-31T23:59"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dates_beyond_the_bounds_are_refused_clearly(start, lang):
    out = ask({"start": start, "rule": {"kind": "working_days", "amount": 3}}, lang)
    assert out["ok"] is False and out["error"]["code"] == "date_out_of_range", out
    assert str(BOUND) in out["error"]["message"] and "Traceback" not in out["error"]["message"]


@pytest.mark.parametrize("kind", [k for k in RULE_KINDS if k != "end_of_working_day"])
def test_the_largest_amount_at_the_last_year_answers(kind):
    for direction in ("after", "before"):
        out = ask({"start": f"{BOUND}-12-31T23:59", "zone": "Pacific/Kiritimati",
                   "rule": {"kind": kind, "amount": MAX_AMOUNT[kind], "direction": direction},
                   "finished": f"{BOUND}-12-31T23:59"})
        assert out["ok"] or out["error"]["code"] in ("not_backward", "finished_before_start"), out
        if out["ok"]:
            assert out["result"]["calendar"]["provisional"]


def test_the_last_accepted_year_answers_and_the_next_is_refused():
    assert ask({"start": f"{BOUND}-06-01T10:00", "rule": {"kind": "working_days", "amount": 3}})["ok"]
    assert not ask({"start": f"{BOUND + 1}-01-01T00:00", "rule": {"kind": "working_days", "amount": 3}})["ok"]


FORM_FIELDS = {
    "start": st.one_of(st.text(max_size=25), st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
                       st.sampled_from(["9999-12-31T23:59", "0001-01-01T00:00", "9999-12-31T23:59+14:00",
                                        f"{BOUND}-12-31T23:59", "2026-12-31T23:59"])),
    "zone": st.sampled_from(["Asia/Shanghai", "Pacific/Kiritimati", "Etc/GMT+12", "UTC", "", "Mars/Base", "../x"]),
    "limit": st.sampled_from([t["id"] for t in LEVELS["time_limits"]] + ["custom", "", "nope"]),
    "rule": st.fixed_dictionaries({"kind": st.sampled_from([*RULE_KINDS, "", "x"]),
                                   "amount": st.one_of(st.integers(), st.floats(), st.text(max_size=8), st.none()),
                                   "direction": st.sampled_from(["after", "before", "", "x"])}),
    "other_zone": st.sampled_from(["", "Europe/Berlin", "Pacific/Kiritimati", "nope"]),
    "finished": st.one_of(st.text(max_size=20), st.datetimes().map(lambda d: d.isoformat(timespec="minutes"))),
    "label": st.text(max_size=30),
}


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({}, optional=FORM_FIELDS), st.sampled_from(["zh", "en"]), st.booleans())
def test_no_form_input_gives_a_traceback(args, lang, ics):
    request = {"fn": "deadline", "lang": lang, "levels": LEVELS, "args": args}
    if ics:
        request["ics"] = {"stamp": "2026-01-01T00:00:00Z"}
    out = json.loads(answer(json.dumps(request, ensure_ascii=False)))
    # An answer, or a refusal naming what is wrong: never the rules' own fault.
    assert out["ok"] or out["error"]["code"] != "internal", out["error"].get("details")
    text = json.dumps(out, ensure_ascii=False)
    assert "Traceback" not in text


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "severity": st.sampled_from([s["id"] for s in LEVELS["severities"]] + ["", "x"]),
    "impact": st.sampled_from(["high", "medium", "low", "", "x"]), "urgency": st.sampled_from(["high", "low", ""]),
    "elapsed_minutes": st.one_of(st.integers(), st.text(max_size=8), st.floats()),
    "restored_at_minutes": st.one_of(st.integers(min_value=-5, max_value=600_000), st.text(max_size=6)),
    "key_customer": st.booleans(), "complaint": st.booleans(), "outage": st.booleans()}), st.sampled_from(["zh", "en"]))
def test_no_escalation_input_gives_a_traceback_or_a_count_past_the_ladder(args, lang):
    out = ask(args, lang, "escalate")
    assert out["ok"] or out["error"]["code"] != "internal", out["error"].get("details")
    if out["ok"]:
        text = " ".join([*out["text"]["summary"], *(t["text"] for t in out["text"]["trace"])])
        rungs = len(LEVELS["escalation"]["ladder"])
        assert all(int(n) <= rungs for n in re.findall(r"升 (\d+) 级|up (\d+) rungs?", text) for n in n if n), text
        # Over a day is said in days and hours, never as a count of minutes.
        assert not any(int(n) >= 1440 for n in re.findall(r"(\d+) (?:分钟|min)\b", text)), text


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([s["id"] for s in LEVELS["severities"]]), st.integers(0, 400_000), st.integers(0, 400_000),
       st.sampled_from(["zh", "en"]))
def test_the_explanation_climbs_as_many_rungs_as_the_answer(severity, a, b, lang):
    """The trace's own counts add up to the rung answered (a fault restored before its first
    interval once read "up 0 more" while the answer had climbed two rungs), and never say
    "up 0"; ceilings, overdue targets and the ladder's top are their own lines."""
    restored, elapsed = min(a, b), max(a, b)
    out = ask({"severity": severity, "elapsed_minutes": elapsed, "restored_at_minutes": restored}, lang, "escalate")
    lines = [t["text"] for t in out["text"]["trace"]]
    text = " ".join(lines)
    assert not re.search(r"up 0 |升 0 级", text), text
    if any(rule["rule"] in ("ceiling", "overdue_restore", "overdue_close") for rule in out["result"]["trace"]):
        return
    first = re.search(r"第 (\d+) 级|rung (\d+)", lines[0])
    start = int(first.group(1) or first.group(2))
    climbed = sum(int(x or y) for x, y in re.findall(r"升 (\d+) 级|up (\d+) (?:rungs?|more)", text))
    assert start + climbed == out["result"]["rung"], (out["result"]["rung"], lines)


def test_a_long_escalation_is_said_in_days_and_hours():
    severity = LEVELS["severities"][-1]["id"]
    for lang, words in (("zh", ("天", "小时")), ("en", ("days", "hours"))):
        out = ask({"severity": severity, "elapsed_minutes": 10_000}, lang, "escalate")
        text = " ".join([*out["text"]["summary"], *(t["text"] for t in out["text"]["trace"])])
        assert all(w in text for w in words), text
        assert "10000" not in text and "10180" not in text


def test_an_unexpected_fault_is_answered_short_with_details():
    broken = json.loads(json.dumps(LEVELS))
    broken["office_hours"] = [{"start": "nine", "end": "five"}]  # not what the validated data holds
    for lang, words in (("zh", "计算出错"), ("en", "The calculation failed")):
        out = json.loads(answer(json.dumps({"fn": "deadline", "lang": lang, "levels": broken,
                                            "args": {"start": "2025-09-30T16:00", "limit": "phone-contact"}})))
        assert out["ok"] is False and out["error"]["code"] == "internal"
        assert out["error"]["message"].startswith(words) and "Traceback" not in out["error"]["message"]
        assert "Traceback" in out["error"]["details"]


# --- a rule of the reader's own -----------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_custom_rule_says_it_is_the_readers_own(lang):
    out = ask({"start": "2025-09-30T16:00", "rule": {"kind": "working_days", "amount": 3}, "label": "WO-2025-0931 站点A"},
              lang, ics={"stamp": "2025-01-01T00:00:00Z"})
    assert out["result"]["provenance"]["status"] == "own"
    [line] = out["text"]["provenance"]
    draft_basis = LEVELS["basis"][lang]
    assert draft_basis not in line
    assert line.startswith("自定义规则（你自己输入的规则" if lang == "zh" else "Your own rule (entered by you")
    summary = re.search(r"SUMMARY:(.*)", out["ics"]).group(1).strip()
    assert summary == ("截止：3 个工作日（WO-2025-0931 站点A）" if lang == "zh" else "Due: 3 working days (WO-2025-0931 站点A)")
    assert ("CATEGORIES:自定义规则" if lang == "zh" else "CATEGORIES:Your own rule") in out["ics"]


def test_a_limit_of_the_handbook_keeps_its_draft_provenance_and_takes_a_label():
    out = ask({"start": "2025-09-30T16:00", "limit": "complaint-resolve", "label": "Site 7"}, "en", ics=True)
    assert out["result"]["provenance"]["status"] == LEVELS["status"]
    name = next(t for t in LEVELS["time_limits"] if t["id"] == "complaint-resolve")["name"]["en"]
    assert f"SUMMARY:Due: {name} (Site 7)" in out["ics"]


def test_the_kind_names_are_the_pages_words():
    for kind in MAX_AMOUNT:
        for lang in ("zh", "en"):
            assert KIND_NAMES[kind][lang].lower() == label(f"service_levels.kind_names.{kind}", lang).lower()


def test_labels_of_the_widget_are_in_both_languages():
    data = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))["widgets"]
    for key in ("coverage", "coverage_notices", "label", "unexpected", "copy_details", "copied"):
        assert data[key]["zh"] and data[key]["en"]
