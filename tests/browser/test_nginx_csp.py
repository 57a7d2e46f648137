"""The site through nginx with deploy/nginx/handbook.conf's Content-Security-Policy, in Chromium.

The CSP allows only this site, plus exactly what the pages need (the reasons are in the
config). These tests prove it is enough: Pyodide runs (the deadline calculator answers),
the flowcharts and their viewer work, the service worker installs, and Chromium reports no
CSP violation. The last check makes a deliberate violation, to show one would be seen.
"""
from __future__ import annotations

import json

import pytest

from scripts.local_browser import guard_offsite

from hand_in import hand_in_and_open_the_result
from nginx_server import serve_with_nginx

pytestmark = pytest.mark.browser

CSP_MESSAGE = "Content Security Policy"
# Violations in the page (securitypolicyviolation); worker violations reach the console.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""

@pytest.fixture(scope="module")
def nginx_url(built_site, tmp_path_factory):
    """The built site served by nginx with the deploy config (tests/nginx_server.py)."""
    with serve_with_nginx(built_site, tmp_path_factory.mktemp("nginx-browser")) as url:
        yield url


def _open(context, url):
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console, errors = [], []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response.status == 200
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp, "the page was not served with the deploy config's CSP"
    return page, console, errors


def _violations(page, console):
    return [m for m in console if CSP_MESSAGE in m] + page.evaluate("() => window.__cspViolations")


def test_pyodide_calculator_runs_under_the_csp(desktop, nginx_url):
    page, console, errors = _open(desktop, nginx_url + "/tools/")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    answer = json.loads(page.locator("#widget-deadline").get_attribute("data-answer"))
    assert answer["ok"] is True, answer
    assert not _violations(page, console)
    assert not errors


def test_a_quiz_hand_in_and_the_class_results_work_under_the_csp(desktop, nginx_url):
    """The QR library's dynamic import, the result code and a CSV download (a blob: link)."""
    page, console, errors = _open(desktop, nginx_url + "/en/exam/?seed=3&count=2")
    hand_in_and_open_the_result(page, nginx_url, "Csp Carl")
    with page.expect_download() as download:
        page.locator(".hb-class__csv").click()
    assert download.value.suggested_filename == "class-results-3-en.csv"
    assert not _violations(page, console)
    assert not errors


@pytest.mark.parametrize("path", ["/conduct/equipment-room/", "/en/conduct/equipment-room/"])
def test_flowcharts_and_their_viewer_work_under_the_csp(desktop, nginx_url, path):
    page, console, errors = _open(desktop, nginx_url + path)
    assert page.locator("figure.hb-flowchart svg.hb-fc").count() == 2
    page.locator("figure.hb-flowchart .hb-flowchart__open").first.click()
    page.locator("dialog.hb-fc-viewer[open]").wait_for()
    page.get_by_role("button", name="放大" if "/en/" not in path else "Zoom in").click()
    page.keyboard.press("Escape")
    # Leave the page time to report anything late.
    page.wait_for_timeout(300)
    assert not _violations(page, console)
    assert not errors


def test_service_worker_installs_under_the_csp(browser, context_options, nginx_url):
    offsite: list[str] = []
    context = browser.new_context(**context_options, service_workers="allow")
    guard_offsite(context, offsite)
    try:
        page, console, errors = _open(context, nginx_url + "/")
        # A controller appears once the worker installed, i.e. sw.js ran and precached the
        # site (every file fetched through nginx, gzip-encoded where a twin exists), then
        # activated and claimed the page. (Not `await serviceWorker.ready` in evaluate():
        # that has no timeout, and a failed install would hang the suite.)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
        assert not _violations(page, console)
        assert not errors
    finally:
        context.close()
    assert not offsite, f"requests off the site: {offsite}"


def test_a_violation_would_be_reported(desktop, nginx_url):
    """The control: a script from a data: URL is outside script-src, and is seen."""
    page, console, _ = _open(desktop, nginx_url + "/conduct/telephone/")
    assert not _violations(page, console)
    page.evaluate("""() => { const s = document.createElement("script");
                             s.src = "data:text/javascript,window.__ran = true"; document.head.append(s) }""")
    page.wait_for_function("() => window.__cspViolations.length > 0", timeout=5_000)
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in v for v in _violations(page, console))


# Every kind of page, with what it runs: Material's bundle and search, the checklist and its
# record, the study and runs pages, the trainer page, the print page, a calculator page in
# English, the 404 page.
PAGE_KINDS = ["/", "/en/preface/", "/conduct/telephone/", "/en/conduct/first-contact/", "/runs/", "/en/study/",
              "/quiz/", "/en/print/", "/en/tools/", "/benchmarks/", "/no/such/page/"]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_kind_of_page_runs_without_a_violation(desktop, nginx_url, path):
    desktop.add_init_script(RECORD_VIOLATIONS)
    page = desktop.new_page()
    console, errors = [], []
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(nginx_url + path)
    assert response.status == (404 if "no/such" in path else 200)
    assert "script-src 'self' 'wasm-unsafe-eval';" in response.headers["content-security-policy"]
    # Search, where the page has it: the worker starts and answers under the policy.
    if page.locator(".md-search__input").count():
        page.locator(".md-search__input").focus()
        page.keyboard.type("service")
        page.wait_for_selector(".md-search-result__item", timeout=30_000)
    page.wait_for_timeout(300)
    assert not _violations(page, console)
    assert not errors


INJECTED = "<script>window.__injected = true</script><p style=\"color: red\" id=injected-style>x</p>"


def _inject(route):
    """A page as the server sends it, with a script and a style injected into its content, as
    a macro that forgot to escape a label from data would put them."""
    response = route.fetch()
    body = response.text().replace('<article class="md-content__inner md-typeset">',
                                   '<article class="md-content__inner md-typeset">' + INJECTED, 1)
    route.fulfill(response=response, body=body)


@pytest.mark.parametrize("server", ["nginx header", "meta only"])
def test_an_injected_script_does_not_run(desktop, nginx_url, site_url, server):
    """Under nginx the header and the page's <meta> both refuse it; under a server that sends no
    headers (`make serve`), the <meta> alone does."""
    base = nginx_url if server == "nginx header" else site_url
    desktop.add_init_script(RECORD_VIOLATIONS)
    desktop.route("**/conduct/telephone/", _inject)
    page = desktop.new_page()
    response = page.goto(base + "/conduct/telephone/")
    assert ("content-security-policy" in response.headers) == (server == "nginx header")
    assert page.locator("#injected-style").count() == 1  # the injection reached the page
    page.wait_for_function("() => window.__cspViolations.length >= 2", timeout=5_000)
    assert page.evaluate("() => window.__injected") is None
    assert page.evaluate("() => getComputedStyle(document.getElementById('injected-style')).color") != "rgb(255, 0, 0)"
    violated = page.evaluate("() => window.__cspViolations")
    assert any(v.startswith("script-src") for v in violated) and any(v.startswith("style-src") for v in violated), violated
