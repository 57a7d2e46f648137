"""A tick tapped and the page left at once is kept (overrides/assets/javascripts/runs-store.js).

Chromium aborts a document's IndexedDB transactions that have not committed when it unloads,
so a tick whose save is still waiting when the reader follows a link is lost, although the
page showed it ticked. How long a save waits depends on the machine; here it waits for a
certain: a second tab holds the runs store in a read-write transaction while the first one
ticks and leaves, and lets go only once the first tab is on its next page."""
from __future__ import annotations

import pytest

from stored_runs import stored_runs, wait_for_ticks

pytestmark = pytest.mark.browser

PID = "equipment-room-work"
ROOM = "/en/conduct/equipment-room/"

# Keeps a read-write transaction on the runs store alive (a request from the last one's
# callback) until window.release(): every other write of the origin waits behind it.
HOLD = """() => new Promise((held, failed) => {
  const req = indexedDB.open("handbook-records")
  req.onerror = () => failed(req.error)
  req.onsuccess = () => {
    const store = req.result.transaction("runs", "readwrite").objectStore("runs")
    let holding = true
    window.release = () => { holding = false }
    const again = () => { if (holding) store.get("-").onsuccess = again }
    again()
    held()
  }
})"""


def _box(page, step_id):
    return page.locator(f"#step-{PID}-{step_id} .hb-checklist__label input")


def _a_tick_left_at_once(phone, site_url, leave):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    _box(page, "enter-with-consent").tap()
    wait_for_ticks(page, ["enter-with-consent"])
    other = phone.new_page()
    other.goto(site_url + "/en/")
    other.evaluate(HOLD)
    _box(page, "bring-items").tap()
    assert _box(page, "bring-items").is_checked()  # the page says it is ticked ...
    leave(page)
    other.evaluate("() => window.release()")
    return page


def test_a_tick_then_a_link_at_once_is_kept(phone, site_url):
    page = _a_tick_left_at_once(phone, site_url, lambda p: p.goto(site_url + "/en/runs/", wait_until="commit"))
    # ... and so does the record: in storage (written back by the next page that opens it,
    # at once or, if the store was held up for over 5 s, a moment later), then on the runs page.
    wait_for_ticks(page, ["bring-items", "enter-with-consent"])
    page.reload()
    page.wait_for_selector(".hb-runs__list[data-state=open] .hb-runs__run")
    assert " 2 / " in page.locator(".hb-runs__meta").inner_text()
    # Written back once: nothing is left waiting in the journal.
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('handbook-records:'))") == []


def test_a_tick_then_a_reload_at_once_is_kept(phone, site_url):
    page = _a_tick_left_at_once(phone, site_url, lambda p: p.reload(wait_until="commit"))
    wait_for_ticks(page, ["bring-items", "enter-with-consent"])
    page.reload()
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    assert _box(page, "bring-items").is_checked()
    assert _box(page, "enter-with-consent").is_checked()


def test_a_label_typed_then_a_reload_at_once_is_kept(phone, site_url):
    """The work order is saved once typing stops (400 ms), or when the page goes sooner."""
    page = phone.new_page()
    page.goto(site_url + ROOM)
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    _box(page, "enter-with-consent").tap()
    wait_for_ticks(page, ["enter-with-consent"])
    page.locator(f"#run-label-{PID}").fill("WO-7 site C")
    page.reload(wait_until="commit")
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    assert [r["label"] for r in stored_runs(page)] == ["WO-7 site C"]
    assert page.locator(f"#run-label-{PID}").input_value() == "WO-7 site C"
