"""Offline: after one visit, every page type works with the network off (service worker)."""
from __future__ import annotations

import json

import pytest

from scripts.local_browser import OPEN_SHADOW_ROOTS, guard_offsite

from hand_in import hand_in_and_open_the_result
from rule_data import LEVELS
from service_norms.browser import call
from test_search import top_pages

pytestmark = pytest.mark.browser


@pytest.fixture
def installed(browser, context_options, site_url):
    """A phone that has visited the site once, its service worker installed and in control."""
    offsite: list[str] = []
    context = browser.new_context(**context_options, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  service_workers="allow")
    guard_offsite(context, offsite)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.goto(site_url + "/")
    # The worker claims the page when it activates, i.e. after its install step precached
    # the site. Polled with a timeout: awaiting `serviceWorker.ready` could hang forever.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
    yield context, page
    context.close()
    assert not offsite, f"requests off the site: {offsite}"


def test_every_page_type_works_offline_after_one_visit(installed, site_url):
    context, page = installed
    context.set_offline(True)
    assert page.evaluate("() => navigator.onLine") is False
    # Text pages, both languages.
    page.goto(site_url + "/conduct/telephone/")
    assert page.locator("h1").inner_text().startswith("5. 电话使用行为规范")
    page.goto(site_url + "/en/conduct/office/")
    assert page.locator("h1").inner_text().startswith("2.")
    # Search, in its worker, from the precached index (on a phone, behind the header's search button).
    page.locator('.md-header label[for="__search"]').first.tap()
    assert "/en/conduct/first-contact/" in top_pages(page, "first-contact accountability")
    # A checklist ticks and counts.
    page.goto(site_url + "/conduct/equipment-room/")
    page.locator("#step-equipment-room-work-enter-with-consent .hb-checklist__label input").tap()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text().startswith("1 / ")
    # A flowchart renders with the precached Mermaid.
    page.wait_for_function("() => [...document.querySelectorAll('figure.hb-flowchart div.mermaid')]"
                           ".some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))", timeout=30_000)
    # A calculator: Pyodide, the lock file and the wheels from the precache.
    page.goto(site_url + "/tools/")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    answer = json.loads(page.locator("#widget-deadline").get_attribute("data-answer"))
    assert answer == call({"fn": "deadline", "lang": "zh", "levels": LEVELS,
                           "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "phone-contact"}})
    # A seeded exam.
    page.goto(site_url + "/en/quiz/?seed=7&count=3")
    page.locator(".hb-quiz__question").first.wait_for()
    assert page.locator(".hb-quiz__question").count() == 3
    # Handed in: the result code's QR code comes from the precached library.
    # The trainer's class results, offline too.
    hand_in_and_open_the_result(page, site_url, "Offline Olga")
    assert page.locator(".hb-class__table tbody th").all_inner_texts() == ["Offline Olga"]


def _runs(page):
    return page.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("handbook-records", 1)
      req.onsuccess = () => { const all = req.result.transaction("runs").objectStore("runs").getAll()
                              all.onsuccess = () => resolve(all.result); all.onerror = () => reject(all.error) }
      req.onerror = () => reject(req.error)
    })""")


def test_a_run_in_progress_survives_offline_visits_and_a_new_build(installed, site_url, built_site):
    context, page = installed
    room = site_url + "/en/conduct/equipment-room/"
    box = "#step-equipment-room-work-{} .hb-checklist__label input"
    page.goto(room)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    page.locator("#run-label-equipment-room-work").fill("WO-9 offline")
    page.locator(box.format("enter-with-consent")).tap()
    # Offline: the page comes from the precache and the run from IndexedDB; ticking goes on.
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert page.locator(box.format("enter-with-consent")).is_checked()
    page.locator(box.format("bring-items")).tap()
    page.goto(site_url + "/runs/")
    assert page.locator(".hb-runs__list[data-state=open] .hb-runs__label").all_inner_texts() == ["WO-9 offline"]
    context.set_offline(False)
    # A new build: a changed sw.js on the server. Its worker installs, takes over and
    # replaces the cache; the run is untouched.
    sw = built_site / "sw.js"
    original = sw.read_bytes()
    try:
        sw.write_bytes(original + b"\n// a new build\n")
        page.evaluate("""() => new Promise((resolve, reject) => {
          navigator.serviceWorker.addEventListener("controllerchange", resolve, {once: true})
          navigator.serviceWorker.getRegistration().then((r) => r.update()).catch(reject)
          setTimeout(() => reject(new Error("no new service worker took over in 60 s")), 60000)
        })""")
    finally:
        sw.write_bytes(original)
    page.goto(room)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert page.locator(box.format("enter-with-consent")).is_checked()
    assert page.locator(box.format("bring-items")).is_checked()
    [run] = _runs(page)
    assert run["label"] == "WO-9 offline" and sorted(run["ticks"]) == ["bring-items", "enter-with-consent"]
