"""The site under a path of a host (https://intranet.example/handbook/), served by nginx with
deploy/nginx/handbook-subpath.conf: every feature works, and nothing is requested outside
/handbook/ (the host's other paths are not the site's)."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from scripts.local_browser import guard_offsite

from nginx_server import SUBPATH, SUBPATH_CONF, serve_with_nginx
from test_search import top_pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(built_site, tmp_path_factory):
    with serve_with_nginx(built_site, tmp_path_factory.mktemp("nginx-subpath-browser"), SUBPATH_CONF) as url:
        yield url + SUBPATH


@pytest.fixture
def reader(browser, context_options):
    offsite: list[str] = []
    outside: list[str] = []
    context = browser.new_context(**context_options, viewport={"width": 1280, "height": 900}, service_workers="allow")
    guard_offsite(context, offsite)
    context.on("request", lambda r: outside.append(r.url) if not urlsplit(r.url).path.startswith(SUBPATH)
               and r.url.startswith("http") else None)
    yield context
    context.close()
    assert not offsite, f"requests off the site: {offsite}"
    assert not outside, f"requests outside {SUBPATH}: {outside}"


def test_every_feature_works_under_the_subpath(reader, base):
    page = reader.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base)
    # The service worker, registered for the subpath only.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).scope") == base
    page.locator(".hb-offline--home").wait_for(state="visible")  # the home page: its one box
    # The language switch, from the home page.
    page.goto(base + "en/")
    assert page.url == base + "en/"
    href = page.locator('a.md-select__link[hreflang="zh"]').get_attribute("href")
    assert urlsplit(page.evaluate("h => new URL(h, location.href).href", href)).path == SUBPATH
    # Search.
    assert urlsplit(base).path + "en/conduct/first-contact/" in top_pages(page, "first-contact accountability")
    # A checklist ticks.
    page.goto(base + "conduct/equipment-room/")
    page.locator("#step-equipment-room-work-enter-with-consent .hb-checklist__label input").check()
    assert page.locator("#checklist-equipment-room-work .hb-checklist__count").inner_text().startswith("1 / ")
    # A calculator answers.
    page.goto(base + "en/tools/")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    assert json.loads(page.locator("#widget-deadline").get_attribute("data-answer"))["ok"] is True
    # A seeded exam.
    page.goto(base + "en/exam/?seed=7&count=3")
    page.locator(".hb-quiz__question").first.wait_for()  # the exam page's module loads after the page
    assert page.locator(".hb-quiz__question").count() == 3
    assert not errors, errors
