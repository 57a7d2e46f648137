"""Checklists and flowcharts in headless Chromium at a phone viewport."""
from __future__ import annotations

import json
import re

import pytest

from scripts.local_browser import OPEN_SHADOW_ROOTS

from handbook.data_files import procedures
from site_pages import DOCS, SITE, built_path, en_twin, zh_sources

pytestmark = pytest.mark.browser

ROOM = "/conduct/equipment-room/"
KEY = "service-norms:checklist:equipment-room-work:v{}"
STEPS = procedures()["equipment-room-work"].steps

def _box(page, step_id):
    return page.locator(f"#step-equipment-room-work-{step_id} .hb-checklist__label input")


def test_ticks_survive_a_reload_with_times_and_progress(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _box(page, "enter-with-consent").tap()
    _box(page, "anti-static").tap()
    count = page.locator("#checklist-equipment-room-work .hb-checklist__count")
    assert count.inner_text() == f"2 / {len(STEPS)}"
    page.reload()
    assert _box(page, "enter-with-consent").is_checked()
    assert _box(page, "anti-static").is_checked()
    assert not _box(page, "bring-items").is_checked()
    assert count.inner_text() == f"2 / {len(STEPS)}"
    time = page.locator("#step-equipment-room-work-anti-static time")
    assert time.inner_text().startswith("勾选于") and time.get_attribute("datetime")
    # Stored under the procedure id and version, one timestamp per step id.
    stored = json.loads(page.evaluate(f"() => localStorage.getItem('{KEY.format(1)}')"))
    assert sorted(stored) == ["anti-static", "enter-with-consent"]
    # Unticking removes the step; the same ticks show on the English page.
    page.goto(site_url + "/en" + ROOM)
    assert _box(page, "anti-static").is_checked()
    _box(page, "anti-static").tap()
    page.reload()
    assert not _box(page, "anti-static").is_checked()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"1 / {len(STEPS)}"


def test_a_new_procedure_version_does_not_reapply_old_ticks(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _box(page, "enter-with-consent").tap()
    # The next build ships version 2 of the procedure: serve the page with that version.
    def version_2(route):
        body = route.fetch().text().replace('data-version="1"', 'data-version="2"')
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})
    page.route(re.compile(re.escape(site_url + ROOM) + "$"), version_2)
    page.reload()
    assert page.locator("#checklist-equipment-room-work").get_attribute("data-version") == "2"
    assert not _box(page, "enter-with-consent").is_checked()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"0 / {len(STEPS)}"
    # The old version's record is left alone, not mapped onto the new steps.
    assert page.evaluate(f"() => localStorage.getItem('{KEY.format(1)}')") is not None


def test_without_storage_the_checklist_works_and_says_so(phone, site_url):
    phone.add_init_script("""
      Object.defineProperty(window, "localStorage", {get() { throw new DOMException("denied", "SecurityError") }});
    """)
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    notice = page.locator("#checklist-equipment-room-work .hb-checklist__notice")
    assert notice.is_visible() and "cannot save your ticks" in notice.inner_text()
    _box(page, "bring-items").tap()
    assert _box(page, "bring-items").is_checked()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"1 / {len(STEPS)}"


def test_full_storage_keeps_the_tick_and_warns(phone, site_url):
    phone.add_init_script("""
      Storage.prototype.setItem = function (k) {
        if (k.endsWith(":probe")) return;  // the probe passes; the real save finds it full
        throw new DOMException("full", "QuotaExceededError");
      };
    """)
    page = phone.new_page()
    page.goto(site_url + ROOM)
    notice = page.locator("#checklist-equipment-room-work .hb-checklist__notice")
    assert not notice.is_visible()
    _box(page, "bring-items").tap()
    assert _box(page, "bring-items").is_checked()
    assert notice.is_visible() and "无法保存" in notice.inner_text()


def test_copy_record_gives_text_and_json(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _box(page, "clean-up").tap()
    page.get_by_role("button", name="Copy record").first.tap()
    record = page.locator("#checklist-equipment-room-work .hb-checklist__record")
    assert record.is_visible()
    text = record.input_value()
    assert "[x] 9. " + STEPS[8].text.en in text and "[ ] 1. " + STEPS[0].text.en in text
    log = json.loads(text[text.index("{"):])
    assert log["procedure"] == "equipment-room-work" and log["version"] == 1
    ticked = [s["step"] for s in log["steps"] if s["ticked_at"]]
    assert ticked == ["clean-up"]


def test_reset_clears_every_tick(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _box(page, "enter-with-consent").tap()
    page.on("dialog", lambda d: d.accept())
    page.get_by_role("button", name="全部清除").first.tap()
    page.reload()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text() == f"0 / {len(STEPS)}"


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
    heights = page.eval_on_selector_all("#checklist-equipment-room-work .hb-checklist__label",
                                        "els => els.map(e => e.getBoundingClientRect().height)")
    assert len(heights) == len(STEPS) and min(heights) >= 48


def _flowchart_pages():
    for src in zh_sources():
        if "{{ flowchart(" in src.read_text(encoding="utf-8"):
            for lang, path in (("zh", src), ("en", en_twin(src))):
                url = "/" + built_path(path, lang).parent.relative_to(SITE).as_posix() + "/"
                yield pytest.param(url.replace("/./", "/"), id=url)


@pytest.mark.parametrize("url", list(_flowchart_pages()))
def test_each_flowchart_renders_to_svg_on_a_phone(phone, site_url, url):
    phone.add_init_script(OPEN_SHADOW_ROOTS)
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + url)
    expected = page.locator("figure.hb-flowchart").count()
    assert expected >= 1
    page.wait_for_function(f"() => document.querySelectorAll('figure.hb-flowchart div.mermaid').length === {expected}"
                           " && [...document.querySelectorAll('figure.hb-flowchart div.mermaid')]"
                           ".every(d => d.shadowRoot && d.shadowRoot.querySelector('svg g.node'))", timeout=20000)
    nodes = page.evaluate("() => [...document.querySelectorAll('figure.hb-flowchart div.mermaid')]"
                          ".map(d => d.shadowRoot.querySelectorAll('g.node').length)")
    pids = page.eval_on_selector_all("figure.hb-flowchart", "els => els.map(e => e.dataset.procedure)")
    for pid, count in zip(pids, nodes):
        assert count == len(procedures()[pid].steps) + 2  # the steps, start and end
    # The page itself never scrolls sideways; a wide chart scrolls inside its own box.
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert not errors
    # Mermaid came from this site.
    assert page.evaluate("() => [...document.scripts].some(s => s.src.endsWith('/assets/vendor/mermaid/mermaid.min.js'))")
