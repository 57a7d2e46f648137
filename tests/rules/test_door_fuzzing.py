"""The rules' JSON door (service_norms.browser) answers any input with an answer or a clear
error of a known shape, never a crash: the browser widget shows whatever comes back."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from rule_data import LEVELS
from service_norms.browser import answer

JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
                           max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.one_of(JSON_VALUES, st.fixed_dictionaries({
    "fn": st.sampled_from(["deadline", "escalate", "ping", "nope"]),
    "lang": st.sampled_from(["zh", "en", "fr", None]),
    "levels": st.just(json.loads(json.dumps(LEVELS))),
    "args": st.dictionaries(st.sampled_from(["start", "zone", "limit", "rule", "other_zone", "finished", "severity",
                                             "impact", "urgency", "elapsed_minutes", "restored_at_minutes",
                                             "key_customer", "complaint", "bogus"]), JSON_VALUES, max_size=6)})))
def test_the_rules_door_answers_any_json_with_ok_or_a_clear_error(request):
    out = json.loads(answer(json.dumps(request)))
    assert (out["ok"] is True and "result" in out) or _is_error(out), out


def _is_error(out: dict, code: str | None = None, field: str | None = None) -> bool:
    """A refusal the widget can show: code, the field it is about, string parameters, a sentence."""
    error = out.get("error", {})
    return (set(out) == {"ok", "error"} and out["ok"] is False
            and set(error) == {"code", "field", "params", "message"}
            and (code is None or error["code"] == code) and (field is None or error["field"] == field)
            and all(isinstance(v, str) for v in error["params"].values())
            and isinstance(error["message"], str) and error["message"].strip() != "")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_the_rules_door_answers_any_text(text):
    out = json.loads(answer(text))
    try:
        request = json.loads(text)
    except ValueError:
        request = None
    if not isinstance(request, dict):
        # Not a JSON object: refused as a bad request, in English (no language was given).
        assert _is_error(out, "bad_request", "request"), out
        assert out["error"]["message"].startswith("Invalid request: ")
    else:
        assert (out["ok"] is True and "result" in out) or _is_error(out), out


def test_the_shape_check_fails_on_a_wrong_answer():
    assert not _is_error({"ok": True, "result": "pong"})
    assert not _is_error({"ok": False, "error": {"code": "x", "field": "f", "params": {"n": 1}, "message": "m"}})
    assert not _is_error(json.loads(answer("[]")), "bad_request", "fn")
