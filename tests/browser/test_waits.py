"""Playwright's wait_for_function does not wait for an async predicate's value: once the
promise it returns settles, the wait is over, false or true. A check that needs a promise
polls page.evaluate, which returns the value. One offline test waited so on the service
worker's cache and, on a busy machine, reloaded before the calculators were in."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
# wait_for_function( then a string literal (or several, joined) that starts an async
# function or makes a Promise.
ASYNC_WAIT = re.compile(r"wait_for_function\(\s*f?[\"'](?:async\b|[^\"']*new Promise)")

pytestmark = pytest.mark.browser


def test_the_rule_holds_in_this_playwright(browser):
    page = browser.new_page()
    page.set_content("<p>x</p>")
    # A predicate that is false and stays false: the wait should time out, and does not.
    page.wait_for_function("async () => false", timeout=5000)
    page.wait_for_function("() => new Promise((resolve) => setTimeout(() => resolve(false), 100))", timeout=5000)
    page.close()


def test_no_test_waits_on_an_async_predicate():
    found = [f"{p.relative_to(TESTS)}:{text[:m.start()].count(chr(10)) + 1}"
             for p in sorted(TESTS.rglob("*.py")) if p.name != "test_waits.py"
             for text in [p.read_text(encoding="utf-8")] for m in ASYNC_WAIT.finditer(text)]
    assert not found, f"wait_for_function with an async predicate (passes at once): {found}"
