"""Offline never hangs: a calculator without its files says so at once and refuses a
calculation; a first start shows its download in bytes; the 404 page in both languages,
offline too. The service-worker fixtures are test_offline.py's."""
from __future__ import annotations

import json
import re

import pytest

from handbook.labels import label
from site_pages import SITE
from test_offline import _first_visit, phone_with_sw  # noqa: F401  (a fixture, used by name)

pytestmark = pytest.mark.browser

STATUS = "#widget-deadline .hb-widget__status"


def _sizes() -> dict:
    return json.loads((SITE / "assets" / "calculators.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_offline_without_the_calculators_kept_the_tools_page_says_so_and_refuses(phone_with_sw, site_url, lang):
    prefix = "/en" if lang == "en" else ""
    page, _ = _first_visit(phone_with_sw, site_url + prefix + "/preface/")
    phone_with_sw.set_offline(True)
    page.goto(site_url + prefix + "/tools/", wait_until="domcontentloaded")
    # Within 2 s of the page being parsed, not after a worker has tried and given up.
    page.wait_for_function(f"() => document.querySelector('{STATUS}').dataset.state === 'not_kept'", timeout=2000)
    words = label("widgets.not_kept", lang)
    assert page.locator(STATUS).inner_text() == words
    assert ("“离线保存整本手册”" if lang == "zh" else "“Keep the whole handbook offline”") in words
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    error = page.locator("#widget-deadline .hb-widget__error")
    error.wait_for(state="visible", timeout=2000)
    assert error.inner_text() == words
    assert page.locator("#widget-deadline .hb-widget__result").inner_text() == ""  # no endless "计算中…"
    assert page.locator("#widget-escalate .hb-widget__status").inner_text() == words
    # Back online: Python starts by itself, and the calculation is answered.
    phone_with_sw.set_offline(False)
    page.wait_for_function(f"() => document.querySelector('{STATUS}').dataset.state === 'ready'", timeout=120_000)
    page.locator("#widget-deadline button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=30_000)
    assert json.loads(page.locator("#widget-deadline").get_attribute("data-answer"))["ok"] is True


def test_the_calculators_box_offers_to_keep_them_with_the_one_size(phone_with_sw, site_url):
    page, _ = _first_visit(phone_with_sw, site_url + "/en/preface/")
    mb = f"{max(_sizes()['bytes'], 0.05e6) / 1e6:.1f}"
    # A page whose calculator is further down: Python starts only when it comes near.
    page.goto(site_url + "/en/after-sales/fault-handling/")
    line = page.locator("#widget-deadline .hb-widget__offline")
    line.wait_for(state="visible", timeout=10_000)
    assert page.locator(STATUS).get_attribute("data-state") is None  # not started
    assert line.locator(".hb-widget__offline-text").inner_text() == (
        f"The first use downloads about {mb} MB; after that it works offline.")
    assert line.locator(".hb-widget__keep").inner_text() == f"Keep the calculators offline (about {mb} MB)"
    line.locator(".hb-widget__keep").tap()
    page.wait_for_function("() => document.querySelector('#widget-deadline .hb-widget__offline-text').textContent"
                           ".startsWith('The calculators are kept offline')", timeout=120_000)
    assert not page.locator("#widget-deadline .hb-widget__keep").is_visible()


@pytest.mark.parametrize("sizes_late", [False, True], ids=["sizes-first", "sizes-after-the-worker-reported"])
def test_a_cold_start_shows_its_download_in_bytes_against_the_manifest(phone, site_url, sizes_late):
    """Every text the download line showed is recorded (it may be shown briefly on a fast
    machine): MB done of the start's files' total, as the manifest counts them.

    The sizes (calculators.json) may come after the worker's reports, as they did once in CI on
    a busy machine, where the whole start went by without a word of its download. Here they
    are held until the worker has reported every runtime file done and asked for the
    service-norms wheel, which is held too: the line must show what came as soon as the sizes
    are known, not wait for more bytes."""
    # The start's files as the build lists them (tests/site/test_service_worker.py holds the list
    # to the lock's closure of service-norms), at the manifest's sizes.
    data = _sizes()
    total = sum(data["pyodide"][name][0] for name in data["start"])
    sizes, wheel = [], []
    if sizes_late:
        phone.route("**/assets/calculators.json", lambda route: sizes.append(route))
        phone.route("**/service_norms-*.whl", lambda route: wheel.append(route))
    page = phone.new_page()
    page.add_init_script("""window.__downloads = []
      new MutationObserver(() => {
        const t = document.querySelector('#widget-deadline .hb-widget__download-text')
        if (t && t.textContent && window.__downloads.at(-1) !== t.textContent) window.__downloads.push(t.textContent)
      }).observe(document, {subtree: true, childList: true, characterData: true})
      // The worker's last download report, as the page received it.
      const NativeWorker = window.Worker
      window.Worker = class extends NativeWorker {
        constructor(...args) {
          super(...args)
          this.addEventListener("message", (event) => {
            if (event.data && event.data.download) window.__report = event.data.download
          })
        }
      }""")
    page.goto(site_url + "/tools/")
    if sizes_late:
        runtime = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
        page.wait_for_function("(names) => window.__report && names.every((n) => window.__report.files[n]"
                               " && window.__report.files[n].done)", arg=runtime, timeout=60_000)
        for _ in range(600):  # up to 30 s for the worker to ask for the wheel (route handlers run while waiting)
            if wheel:
                break
            page.wait_for_timeout(50)
        assert wheel, "the service-norms wheel was not asked for"
        page.wait_for_timeout(300)  # the worker's reports are gathered over 100 ms
        assert len(sizes) == 1 and page.evaluate("window.__downloads") == []
        sizes[0].fulfill(path=str(SITE / "assets" / "calculators.json"), content_type="application/json")
        page.wait_for_function("() => window.__downloads.length > 0", timeout=10_000)
        for route in wheel:
            route.continue_()
    page.wait_for_function(f"() => document.querySelector('{STATUS}').dataset.state === 'ready'", timeout=120_000)
    seen = page.evaluate("window.__downloads")
    assert seen, "no download progress was shown"
    shown = [re.fullmatch(r"正在下载计算器：(\d+\.\d) / (\d+\.\d) MB(，约剩 \d+ (秒|分钟))?", t) for t in seen]
    assert all(shown), seen
    assert shown[-1][2] == f"{total / 1e6:.1f}", (seen, total)
    done = [float(m[1]) for m in shown if m[2] == shown[-1][2]]
    assert done == sorted(done) and done[-1] <= float(shown[-1][2])
    assert page.locator("#widget-deadline .hb-widget__download").is_hidden()


def test_a_worker_script_that_does_not_load_is_named_and_a_request_is_not_left_waiting(phone, site_url):
    phone.route("**/rules-worker.js*", lambda route: route.abort())
    page = phone.new_page()
    page.goto(site_url + "/en/tools/")
    page.wait_for_function(f"() => document.querySelector('{STATUS}').dataset.state === 'failed'", timeout=10_000)
    assert page.locator(STATUS).inner_text() == ("The calculator failed to load: its script could not be loaded"
                                                 " (rules-worker.js).")
    page.locator("#deadline-start").fill("2025-09-30T16:00")
    page.locator("#widget-deadline button[type=submit]").click()
    error = page.locator("#widget-deadline .hb-widget__error")
    error.wait_for(state="visible", timeout=10_000)
    assert error.inner_text().startswith("The calculator failed to load: ") and error.inner_text().endswith(")."), \
        error.inner_text()


@pytest.mark.parametrize("offline", [True, False], ids=["offline", "online"])
@pytest.mark.parametrize("path, lang, title", [("/no/such/page/", "zh", "页面不存在"),
                                               ("/en/no/such/page/", "en", "Page not found")])
def test_the_404_page_of_the_address_language_from_the_service_worker(phone_with_sw, site_url, path, lang, title, offline):
    """Offline, from its cache; online, in place of a server's bare 404 (the test server's)."""
    page, _ = _first_visit(phone_with_sw, site_url + "/preface/")
    phone_with_sw.set_offline(offline)
    response = page.goto(site_url + path)
    assert response.status == 404
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("document.documentElement.lang") == lang
    home = page.locator(".hb-not-found a").first
    assert home.inner_text() == label("not_found.home", lang)
    if not offline:
        home.click()
        page.wait_for_url(site_url + ("/en/" if lang == "en" else "/"))


@pytest.mark.parametrize("path, lang, title", [("/404.html", "zh", "页面不存在"), ("/en/404.html", "en", "Page not found")])
def test_the_404_page_exists_in_both_languages_online(phone, site_url, path, lang, title):
    page = phone.new_page()
    page.goto(site_url + path)
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("document.documentElement.lang") == lang
    page.locator(".hb-not-found a").nth(1).click()
    page.wait_for_url(site_url + ("/en/contents/" if lang == "en" else "/contents/"))


WATCHED = """async ([failFirst]) => {
  const { watchedFetch } = await import("/assets/javascripts/workers/downloads.js")
  const body = Uint8Array.from({ length: 1000 }, (_, i) => i % 251)
  window.__calls = 0
  window.__reports = []
  // The network: 400 bytes, then the connection drops (the first time, and whenever the
  // browser is offline); the whole file once it is back.
  const network = async () => {
    const broken = ++window.__calls === 1 ? failFirst : !navigator.onLine
    let step = 0
    const stream = new ReadableStream({ pull(c) {
      if (step++ === 0) c.enqueue(body.slice(0, 400))
      else if (broken) c.error(new TypeError("network error"))
      else { c.enqueue(body.slice(400)); c.close() }
    } })
    return new Response(stream, { headers: { "content-length": "1000" } })
  }
  const watched = watchedFetch(network, location.origin + "/x/", (name, s) => window.__reports.push({ name, ...s }))
  const got = new Uint8Array(await (await watched(location.origin + "/x/file.bin")).arrayBuffer())
  return { same: got.length === 1000 && got.every((b, i) => b === body[i]), calls: window.__calls }
}"""


def test_a_download_cut_mid_file_resumes_from_the_byte_it_reached(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/preface/")
    result = page.evaluate(WATCHED, [True])
    assert result == {"same": True, "calls": 2}
    reports = page.evaluate("window.__reports")
    assert {"name": "file.bin", "loaded": 400, "total": 1000, "waiting": "retrying"} in reports
    assert reports[-1] == {"name": "file.bin", "loaded": 1000, "total": 1000, "waiting": None, "done": True}


def test_a_download_offline_waits_for_the_connection_and_says_so(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/preface/")
    page.evaluate("import('/assets/javascripts/workers/downloads.js')")  # loaded while online
    desktop.set_offline(True)
    page.evaluate(f"() => {{ window.__result = ({WATCHED})([true]) }}")
    page.wait_for_function("() => (window.__reports || []).some((r) => r.waiting === 'offline')")
    page.wait_for_timeout(3500)  # a retry while offline: still paused, not given up
    assert page.evaluate("window.__reports.at(-1).waiting") == "offline"
    desktop.set_offline(False)
    assert page.evaluate("window.__result")["same"] is True
