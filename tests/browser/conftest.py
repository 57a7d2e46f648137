"""Headless Debian Chromium driven by Playwright; any request off 127.0.0.1 fails the test.
A failing test leaves screenshots, console, failed requests and the service worker's status
in test-artifacts/<test id>/ (failure_artifacts.py)."""
from __future__ import annotations

import pytest

from failure_artifacts import Recorder, clear
from scripts.local_browser import CHROMIUM_ARGS, BrowserMissing, chromium_path, guard_offsite

RECORDER = Recorder()


# Every context gets the same locale and time zone, whatever the machine's LANG and TZ:
# date inputs lay out their segments, and ticked-at times print, by these.
CONTEXT = {"locale": "en-US", "timezone_id": "Asia/Shanghai"}


def _chromium_path() -> str:
    try:
        return chromium_path()
    except BrowserMissing as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS, headless=True)
        clear()
        RECORDER.watch_browser(browser)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def context_options() -> dict:
    """Options for a test's own browser.new_context(**context_options, ...)."""
    return dict(CONTEXT)


@pytest.fixture
def offsite_requests():
    """URLs the page tried to load from any host but 127.0.0.1 (aborted, never waited on)."""
    return []


@pytest.fixture
def desktop(browser, offsite_requests):
    # Service workers are off here: each fresh context would cache the text (~1 MB) in the
    # background. tests/browser/test_offline.py turns them on.
    context = browser.new_context(**CONTEXT, viewport={"width": 1280, "height": 900}, service_workers="block")
    guard_offsite(context, offsite_requests)
    yield context
    context.close()
    assert not offsite_requests, f"requests off the site: {offsite_requests}"


def _phone_context(browser, offsite_requests):
    context = browser.new_context(**CONTEXT, viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, service_workers="block")
    guard_offsite(context, offsite_requests)
    return context


@pytest.fixture
def phone(browser, offsite_requests):
    context = _phone_context(browser, offsite_requests)
    yield context
    context.close()
    assert not offsite_requests, f"requests off the site: {offsite_requests}"


@pytest.fixture
def another_phone(browser, offsite_requests):
    """A maker of more phones like `phone`, each a fresh profile (an export imported "on
    another phone"); closed, and held to the site, at the test's end."""
    made = []

    def make():
        made.append(_phone_context(browser, offsite_requests))
        return made[-1]
    yield make
    for context in made:
        context.close()
    assert not offsite_requests, f"requests off the site: {offsite_requests}"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    RECORDER.reset()  # before the test's fixtures open its contexts


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    # Written while the test's fixtures still hold their contexts open (a call's report
    # comes before the teardown).
    if report.failed and RECORDER.watched:
        try:
            out = RECORDER.write(item.nodeid, report.when, report.longreprtext)
            report.sections.append(("failure artifacts", str(out)))
        except Exception as err:  # the artifacts never hide the failure itself
            report.sections.append(("failure artifacts", f"not written: {type(err).__name__}: {err}"))
