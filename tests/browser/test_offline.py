"""Offline by choice: a first visit caches the text (the flowcharts, SVG in their pages, with
it); the calculators are cached when used, or at once on request; after that every page type works with the network off; a
new build never breaks a page of the old one that is open."""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from scripts.local_browser import guard_offsite, serve

from hand_in import hand_in_and_open_the_result
from hooks import service_worker as sw_hook
from rule_data import LEVELS
from service_norms.browser import call
from site_pages import SITE
from test_search import top_pages
from stored_runs import stored_runs
from sw_status import wait_until_cached

pytestmark = pytest.mark.browser

CONTROLLED = "() => navigator.serviceWorker.controller !== null"
CACHES = "async () => (await caches.keys()).sort()"


def _context(browser, context_options, offsite):
    context = browser.new_context(**context_options, viewport={"width": 360, "height": 740}, is_mobile=True,
                                  has_touch=True, service_workers="allow")
    guard_offsite(context, offsite)
    return context


@pytest.fixture
def phone_with_sw(browser, context_options):
    offsite: list[str] = []
    context = _context(browser, context_options, offsite)
    yield context
    context.close()
    assert not offsite, f"requests off the site: {offsite}"


def _first_visit(context, url):
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    page = context.new_page()
    page.goto(url)
    # The worker claims the page once its install step cached the text. Polled with a
    # timeout: awaiting `serviceWorker.ready` could hang forever.
    page.wait_for_function(CONTROLLED, timeout=120_000)
    page.wait_for_function("() => !document.querySelector('.hb-offline').hidden", timeout=30_000)
    return page, requested


def test_a_first_visit_caches_the_text_only_and_says_so(phone_with_sw, site_url):
    page, requested = _first_visit(phone_with_sw, site_url + "/en/preface/")
    names = page.evaluate(CACHES)
    assert [n.split("-")[1] for n in names] == ["text"], names
    heavy = [u for u in requested if "/assets/vendor/pyodide/" in u or "mermaid" in u]
    assert not heavy, f"Pyodide or Mermaid fetched for a text page: {heavy}"
    box = page.locator(".hb-offline--footer")
    assert box.locator(".hb-offline__status").inner_text() == "Available offline now: text, flowcharts and search"
    button = box.locator(".hb-offline__keep").inner_text()
    mb = float(re.fullmatch(r"Keep the whole handbook offline \(about (\d+\.\d) MB\)", button).group(1))
    data = json.loads(re.search(r"^const MANIFEST = (\{.*\})$", (SITE / "sw.js").read_text(encoding="utf-8"), re.M)[1])
    rest = sum(size for tier in ("calculators",) for _, _, size in data["tiers"][tier])
    assert mb == round(rest / 1e6, 1)


def test_kept_offline_every_page_type_works_with_the_network_off(phone_with_sw, site_url):
    page, _ = _first_visit(phone_with_sw, site_url + "/")
    home = page.locator(".hb-offline--home")
    assert home.locator(".hb-offline__status").inner_text() == "现在可离线使用：文字、流程图与搜索"
    home.locator(".hb-offline__keep").tap()
    page.wait_for_function("() => document.querySelector('.hb-offline--home').dataset.available"
                           " === 'text calculators'", timeout=120_000)
    assert home.locator(".hb-offline__status").inner_text() == "现在可离线使用：整本手册（文字、流程图、计算器）"
    assert home.locator(".hb-offline__progress").inner_text() == "整本手册已可离线使用。"
    assert not home.locator(".hb-offline__keep").is_visible()
    context = phone_with_sw
    context.set_offline(True)
    assert page.evaluate("() => navigator.onLine") is False
    # Text pages, both languages.
    page.goto(site_url + "/conduct/telephone/")
    assert page.locator("h1").inner_text().startswith("5. 电话使用行为规范")
    page.goto(site_url + "/en/conduct/office/")
    assert page.locator("h1").inner_text().startswith("2.")
    # Search, in its worker, from the cached index (on a phone, behind the header's search button).
    page.locator('.md-header label[for="__search"]').first.tap()
    assert "/en/conduct/first-contact/" in top_pages(page, "first-contact accountability")
    # A checklist ticks and counts.
    page.goto(site_url + "/conduct/equipment-room/")
    page.locator("#step-equipment-room-work-enter-with-consent .hb-checklist__label input").tap()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text().startswith("1 / ")
    # The flowcharts are in the cached page.
    assert page.locator("figure.hb-flowchart svg.hb-fc g.hb-fc-node").count() > 10
    # A calculator: Pyodide, the lock file and the wheels from the cache.
    _answer(page, site_url)
    # A seeded exam.
    page.goto(site_url + "/en/exam/?seed=7&count=3")
    page.locator(".hb-quiz__question").first.wait_for()
    assert page.locator(".hb-quiz__question").count() == 3
    # Handed in: the result code's QR code comes from the cached library; the trainer's
    # class results, offline too.
    hand_in_and_open_the_result(page, site_url, "Offline Olga")
    assert page.locator(".hb-class__table tbody th").all_inner_texts() == ["Offline Olga"]


def _answer(page, site_url):
    page.goto(site_url + "/tools/")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    answer = json.loads(page.locator("#widget-deadline").get_attribute("data-answer"))
    assert answer == call({"fn": "deadline", "lang": "zh", "levels": LEVELS,
                           "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "phone-contact"}})


def test_a_calculator_used_once_works_offline(phone_with_sw, site_url):
    page, _ = _first_visit(phone_with_sw, site_url + "/tools/")
    _answer(page, site_url)
    # Until the service worker has every calculator file: the footer names the calculators
    # only then (a wait on the wasm alone let a busy machine reload before the rest were in).
    wait_until_cached(page, "calculators")
    page.reload()
    page.wait_for_function("() => !document.querySelector('.hb-offline--footer').hidden", timeout=30_000)
    assert "计算器" in page.locator(".hb-offline--footer .hb-offline__status").inner_text()
    phone_with_sw.set_offline(True)
    page.evaluate("() => indexedDB.deleteDatabase('handbook-rules')")  # no memory snapshot: a full load
    _answer(page, site_url)


def test_a_calculator_answered_before_offline_js_ran_still_registers_the_service_worker(phone_with_sw, site_url):
    """rules-widget.js runs as soon as it is fetched, so on a warm visit its first answer can
    come before offline.js listens for the event: the root element's flag tells it."""
    # The flag is set as if an answer had come first, and Python never loads (no event either).
    phone_with_sw.route("**/rules-worker.js*", lambda route: route.abort())
    page = phone_with_sw.new_page()
    # Set when the page has been parsed, before the deferred modules (offline.js) run.
    page.add_init_script("document.addEventListener('readystatechange', () => {"
                         " if (document.readyState === 'interactive') document.documentElement.dataset.hbWidgetAnswered = '' })")
    page.goto(site_url + "/tools/")
    assert page.locator("#widget-deadline .hb-widget__status").get_attribute("data-state") != "ready"
    # Without the flag, offline.js would wait 15 s for an answer before registering.
    for _ in range(100):
        if page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length"):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the service worker was not registered within 10 s")


def _switch(link, target):
    tmp = link.with_name(link.name + ".new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def test_an_open_page_of_the_old_build_keeps_working_and_is_offered_a_reload(browser, context_options, tmp_path):
    """A reader has build A open; build B is deployed over it. A's page goes on working on A's
    files (pages, search), says a new version is there, and its button loads B."""
    old, new = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SITE, old, symlinks=True)
    shutil.copytree(SITE, new, symlinks=True)
    preface = new / "en" / "preface" / "index.html"
    preface.write_text(preface.read_text(encoding="utf-8").replace("</h1>", " (build B)</h1>", 1), encoding="utf-8")
    for twin in (".gz", ".br"):
        preface.with_name(preface.name + twin).unlink(missing_ok=True)
    sw_hook.write_service_worker(new)
    current = tmp_path / "current"
    current.symlink_to(old)
    server, url = serve(current)
    offsite: list[str] = []
    context = _context(browser, context_options, offsite)
    try:
        page, _ = _first_visit(context, url + "/en/conduct/office/")
        _switch(current, new)
        page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
        notice = page.locator(".hb-update")
        notice.wait_for(state="visible", timeout=60_000)
        assert notice.locator("span").inner_text().startswith("A new version of the handbook is available.")
        # Still build A: its pages and its search, while B waits.
        page.goto(url + "/en/preface/")
        assert "(build B)" not in page.locator("h1").inner_text()
        notice.wait_for(state="visible", timeout=30_000)
        page.locator('.md-header label[for="__search"]').first.tap()
        assert "/en/conduct/first-contact/" in top_pages(page, "first-contact accountability")
        page.keyboard.press("Escape")
        with page.expect_navigation():
            notice.locator("button").tap()
        page.wait_for_function("() => document.querySelector('h1').textContent.includes('(build B)')", timeout=30_000)
        assert not page.locator(".hb-update").is_visible()
        names = page.evaluate(CACHES)
        build_b = sw_hook.manifest(new)["build"]
        assert names and all(n.endswith("-" + build_b) for n in names), names
    finally:
        context.close()
        server.shutdown()
    assert not offsite, f"requests off the site: {offsite}"


def test_a_run_in_progress_survives_offline_visits_and_a_new_build(phone_with_sw, site_url, built_site):
    context = phone_with_sw
    page, _ = _first_visit(context, site_url + "/en/")
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
    # The list is drawn once the page's storage has opened, not with the page.
    page.wait_for_selector(".hb-runs__list[data-state=open] .hb-runs__run")
    assert page.locator(".hb-runs__list[data-state=open] .hb-runs__label").all_inner_texts() == ["WO-9 offline"]
    context.set_offline(False)
    # A new build: a changed sw.js on the server. Its worker installs (and waits for the
    # reader's reload, as an open page keeps its build); the run is untouched either way.
    sw = built_site / "sw.js"
    original = sw.read_bytes()
    try:
        sw.write_bytes(original + b"\n// a new build\n")
        page.evaluate("""() => navigator.serviceWorker.getRegistration().then(async (r) => {
          await r.update()
          for (let i = 0; i < 600 && (r.installing || !(r.waiting || r.active)); i++) await new Promise((ok) => setTimeout(ok, 100))
        })""")
    finally:
        sw.write_bytes(original)
    page.goto(room)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    assert page.locator(box.format("enter-with-consent")).is_checked()
    assert page.locator(box.format("bring-items")).is_checked()
    [run] = stored_runs(page)
    assert run["label"] == "WO-9 offline" and sorted(run["ticks"]) == ["bring-items", "enter-with-consent"]


def test_a_procedure_page_never_visited_shows_its_flowchart_offline(phone_with_sw, site_url):
    """One visit of a text page online, then offline: a procedure page not yet opened shows its
    diagram (from the text tier) and the viewer opens; no request leaves the site, and none
    is made for Mermaid (the fixture fails on any request to another host)."""
    page, _ = _first_visit(phone_with_sw, site_url + "/preface/")
    requested: list[str] = []
    phone_with_sw.on("request", lambda r: requested.append(r.url))
    phone_with_sw.set_offline(True)
    page.goto(site_url + "/after-sales/fault-handling/")
    chart = page.locator("#flowchart-fault-handling")
    assert chart.locator("svg.hb-fc g.hb-fc-node").count() == 13
    assert chart.locator("svg.hb-fc").bounding_box()["height"] > 500
    chart.locator(".hb-flowchart__open").tap()
    assert page.locator("dialog.hb-fc-viewer[open] svg.hb-fc").count() == 1
    assert not [u for u in requested if not u.startswith(site_url) or "mermaid" in u]
