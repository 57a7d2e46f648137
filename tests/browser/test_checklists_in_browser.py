"""Checklists in headless Chromium at a phone viewport (flowcharts: test_flowcharts.py)."""
from __future__ import annotations

import json
import re

import pytest

from handbook.data_files import procedures

from stored_runs import stored_runs, wait_for_ticks

pytestmark = pytest.mark.browser

ROOM = "/conduct/equipment-room/"
STEPS = procedures()["equipment-room-work"].steps
VERSION = procedures()["equipment-room-work"].version  # the data's: bumped whenever the steps change
# Steps before the first decision, and the shortest way from it to an end (runs count the
# path taken: tests/browser/test_runs_in_browser.py).
ON_PATH = 9


def _box(page, step_id):
    return page.locator(f"#step-equipment-room-work-{step_id} .hb-checklist__label input")


def test_ticks_survive_a_reload_with_times_and_progress(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    _box(page, "enter-with-consent").tap()
    _box(page, "anti-static").tap()
    count = page.locator("#checklist-equipment-room-work .hb-checklist__count")
    assert count.inner_text() == f"2 / {ON_PATH}"
    wait_for_ticks(page, ["anti-static", "enter-with-consent"])
    page.reload()
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert _box(page, "enter-with-consent").is_checked()
    assert _box(page, "anti-static").is_checked()
    assert not _box(page, "bring-items").is_checked()
    assert count.inner_text() == f"2 / {ON_PATH}"
    time = page.locator("#step-equipment-room-work-anti-static time")
    assert time.inner_text().startswith("勾选于") and time.get_attribute("datetime")
    # Stored as a run of the procedure id and version, one timestamp per step id.
    [run] = stored_runs(page)
    assert (run["procedure"], run["version"]) == ("equipment-room-work", VERSION)
    assert sorted(run["ticks"]) == ["anti-static", "enter-with-consent"]
    # Unticking removes the step; the same run shows on the English page.
    page.goto(site_url + "/en" + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert _box(page, "anti-static").is_checked()
    _box(page, "anti-static").tap()
    wait_for_ticks(page, ["enter-with-consent"])
    page.reload()
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert not _box(page, "anti-static").is_checked()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"1 / {ON_PATH}"


def test_a_new_procedure_version_does_not_reapply_old_ticks(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    _box(page, "enter-with-consent").tap()
    wait_for_ticks(page, ["enter-with-consent"])  # saved a moment after the tap: reload after it
    # The next build ships the next version of the procedure: serve the page with that version.
    def version_2(route):
        body = route.fetch().text().replace(f'data-version="{VERSION}"', f'data-version="{VERSION + 1}"').replace(
            f'"version":{VERSION},', f'"version":{VERSION + 1},')
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})
    # The address keeps the run shown (?run=…): the route matches the page with any query.
    page.route(re.compile(re.escape(site_url + ROOM) + r"(\?.*)?$"), version_2)
    page.reload()
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert page.locator("#checklist-equipment-room-work").get_attribute("data-version") == str(VERSION + 1)
    assert not _box(page, "enter-with-consent").is_checked()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"0 / {ON_PATH}"
    # The old version's run is left alone, not mapped onto the new steps.
    [run] = stored_runs(page)
    assert run["version"] == VERSION and list(run["ticks"]) == ["enter-with-consent"]


def test_a_failed_save_keeps_the_tick_and_warns(phone, site_url):
    phone.add_init_script("""
      IDBObjectStore.prototype.put = function () { throw new DOMException("full", "QuotaExceededError") };
    """)
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    notice = page.locator("#checklist-equipment-room-work .hb-checklist__notice")
    assert not notice.is_visible(), notice.inner_text()
    _box(page, "bring-items").tap()
    assert _box(page, "bring-items").is_checked()
    # Which change was not saved, and what to do: it lives only in the page until exported.
    assert notice.is_visible() and notice.inner_text().startswith("未能保存（存储已满或被拒绝）：第 2 步的改动")


def test_copy_gives_the_record_in_the_chosen_format(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    _box(page, "bring-items").tap()
    page.get_by_role("button", name="Copy", exact=True).first.tap()
    record = page.locator("#checklist-equipment-room-work .hb-checklist__record")
    assert record.is_visible()  # http on 127.0.0.1 in a test: the box to copy from by hand
    text = record.input_value()
    # Step 1 was left behind (step 2 is ticked): not done.
    assert "[x] 2. " + STEPS[1].text.en in text and "[!] 1. " + STEPS[0].text.en + " (not done)" in text
    page.locator("#checklist-equipment-room-work select[data-role=format]").select_option("json")
    page.get_by_role("button", name="Copy", exact=True).first.tap()
    [log] = json.loads(record.input_value())["runs"]
    assert log["procedure"] == "equipment-room-work" and log["version"] == VERSION
    assert list(log["ticks"]) == ["bring-items"]


def test_reset_clears_every_tick(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    _box(page, "enter-with-consent").tap()
    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="全部清除").first.tap()
    page.reload()
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"0 / {ON_PATH}"


def test_print_view_shows_empty_boxes_and_no_buttons(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _box(page, "enter-with-consent").tap()
    page.emulate_media(media="print")
    box = _box(page, "enter-with-consent")
    assert box.evaluate("b => getComputedStyle(b).appearance") == "none"  # drawn as an empty square
    assert not page.locator("#checklist-equipment-room-work .hb-checklist__actions").is_visible()
    assert not page.locator("#step-equipment-room-work-enter-with-consent time").is_visible()


def test_tap_targets_are_large(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    heights = page.eval_on_selector_all("#checklist-equipment-room-work :is(.hb-checklist__label, .hb-checklist__answer)",
                                        "els => els.map(e => e.getBoundingClientRect().height)")
    decisions = [s for s in STEPS if s.branches]
    assert len(heights) == len(STEPS) - len(decisions) + sum(len(s.branches) for s in decisions)
    assert min(heights) >= 48

