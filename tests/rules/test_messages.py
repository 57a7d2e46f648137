"""The rules' message table: real English plurals, full-width Chinese punctuation, errors
that start with the field's name, and no label a widget or the CLI adds again."""
from __future__ import annotations

import re
import string

import pytest

from service_norms.messages import FIELDS, MESSAGES, text

NUMBER = re.compile(r"^(amount|count|rungs|minutes|step|rung|at|remaining|elapsed|restored|low|high)$")


def _params(message: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(message) if name]


def _forms(entry) -> list[str]:
    return [entry["one"], entry["other"]] if isinstance(entry, dict) else [entry]


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_english_never_says_1_days_or_rung_s(code):
    entry = MESSAGES[code]["en"]
    assert not any("(s)" in form for form in _forms(entry)), code
    params = {name: 1 if NUMBER.match(name) else "X" for form in _forms(entry) for name in _params(form)}
    one = text(code, "en", **params)
    assert not re.search(r"\b1 (days|hours|minutes|nights|rungs|working days|working hours|calendar days)\b", one), one
    if isinstance(entry, dict):  # the plural form is there and used for other numbers
        assert text(code, "en", **{**params, entry["by"]: 2}) != one


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_chinese_uses_full_width_punctuation(code):
    message = MESSAGES[code]["zh"]
    outside = re.sub(r"\{[^}]*\}", "", message)
    outside = re.sub(r"\d{1,2}:\d{2}|YYYY-MM-DDTHH:MM|Asia/Shanghai|IANA", "", outside)
    assert not re.search(r"[,:;()?!]", outside), message


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_no_message_carries_the_label_its_reader_adds(code):
    if code == "warning":  # the CLI's label itself
        return
    for lang, label in (("zh", "注意："), ("en", "Warning:"), ("en", "Note:")):
        assert not any(form.startswith(label) for form in _forms(MESSAGES[code][lang])), code


def test_english_field_names_are_capitalised_as_an_error_starts_with_them():
    assert all(names["en"][0].isupper() for names in FIELDS.values())


def test_the_singular_and_the_plural():
    assert text("crossed_nights", "en", count=1) == "Crosses 1 night."
    assert text("crossed_nights", "en", count=9) == "Crosses 9 nights."
    assert text("crossed_nights", "zh", count=1) == "跨越 1 个夜间。"
