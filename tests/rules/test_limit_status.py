"""A time limit confirmed against V4 while the table is still a reference draft (its own
`status` in data/service_levels.yml): the calculator's answer says V4 text for that limit
only, and the draft for the others."""
from __future__ import annotations

import copy

from rule_data import LEVELS
from service_norms.browser import call


def _levels_with_confirmed(limit_id: str) -> dict:
    levels = copy.deepcopy(LEVELS)
    next(t for t in levels["time_limits"] if t["id"] == limit_id)["status"] = "converted"
    return levels


def test_a_confirmed_limit_answers_as_v4_text_and_the_others_stay_drafts():
    levels = _levels_with_confirmed("phone-contact")
    assert levels["status"] == "reference-draft"
    for lang, word in (("zh", "V4 原文："), ("en", "V4 text: ")):
        out = call({"fn": "deadline", "lang": lang, "levels": levels,
                    "args": {"start": "2025-09-30T16:00", "limit": "phone-contact"}})
        assert out["result"]["provenance"]["status"] == "converted"
        assert out["text"]["provenance"][0].startswith(word) and "status" not in out["text"]
        other = call({"fn": "deadline", "lang": lang, "levels": levels,
                      "args": {"start": "2025-09-30T16:00", "limit": "restore-major"}})
        assert other["result"]["provenance"]["status"] == "reference-draft"
