"""The calculators in headless Chromium give the Python package's answers, in both languages."""
from __future__ import annotations

import json

import pytest

from rule_data import LEVELS
from service_norms.browser import call

pytestmark = pytest.mark.browser

DEADLINES = [
    {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve", "other_zone": "Europe/Berlin"},
    {"start": "2025-01-24T10:00", "zone": "Asia/Shanghai", "limit": "rma-dispatch"},
    {"start": "2025-09-27T19:00", "zone": "Asia/Shanghai", "limit": "daily-closure", "finished": "2025-09-28T18:00"},
    {"start": "2026-12-30T10:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve"},  # 2027 not covered yet
    {"start": "2025-03-30T01:30", "zone": "Europe/Berlin", "limit": "onsite-same-city"},
]
ESCALATIONS = [
    {"severity": "critical", "elapsed_minutes": "90"},
    {"severity": "", "impact": "medium", "urgency": "high", "elapsed_minutes": "0", "complaint": True},
    {"severity": "major", "elapsed_minutes": "500", "restored_at_minutes": "300", "key_customer": True},
    {"severity": "minor", "elapsed_minutes": "4000"},
]
BAD = [
    ("deadline", {"start": "2025-03-30T02:30", "zone": "Europe/Berlin", "limit": "phone-contact"}, "start"),
    ("deadline", {"start": "2025-09-30T16:00", "zone": "Mars/Olympus", "limit": "phone-contact"}, "zone"),
    ("deadline", {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "phone-contact",
                  "finished": "2025-09-29T10:00"}, "finished"),
    ("escalate", {"severity": "major", "elapsed_minutes": "10", "restored_at_minutes": "20"}, "restored_at_minutes"),
]


def _open(context, url):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def _fill(page, fn, args):
    form = page.locator(f"#widget-{fn}")
    form.evaluate("f => f.reset()")  # each case starts from the form's defaults
    for name, value in args.items():
        field = form.locator(f'[name="{name}"]')
        if isinstance(value, bool):
            field.set_checked(value)
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    return form


def _submit(page, fn, args):
    form = _fill(page, fn, args)
    page.evaluate(f"() => {{ delete document.querySelector('#widget-{fn}').dataset.answer }}")
    form.locator("button[type=submit]").click()
    page.wait_for_function(f"() => document.querySelector('#widget-{fn}').dataset.answer", timeout=60000)
    return json.loads(form.get_attribute("data-answer")), form


def _python(fn, args, lang):
    clean = {k: v for k, v in args.items() if v not in ("", False)}
    return call({"fn": fn, "lang": lang, "levels": LEVELS, "args": clean})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_widgets_give_the_python_answers(phone, site_url, lang):
    page, errors = _open(phone, site_url + ("/en" if lang == "en" else "") + "/tools/")
    for args in DEADLINES:
        answer, form = _submit(page, "deadline", args)
        assert answer == _python("deadline", args, lang)
        assert answer["text"]["summary"][0] in form.locator(".hb-widget__result").inner_text()
    warning = _submit(page, "deadline", DEADLINES[3])[1].locator(".hb-widget__warning")
    assert warning.is_visible() and "2027" in warning.inner_text()
    for args in ESCALATIONS:
        answer, form = _submit(page, "escalate", args)
        assert answer == _python("escalate", args, lang)
        links = form.locator(".hb-widget__explanation a")
        assert links.count() == len(answer["result"]["trace"])
    assert not errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_shows_an_error_in_the_page_language(desktop, site_url, lang):
    page, errors = _open(desktop, site_url + ("/en" if lang == "en" else "") + "/tools/")
    for fn, args, field in BAD:
        answer, form = _submit(page, fn, args)
        expected = _python(fn, args, lang)
        assert not answer["ok"] and answer == expected
        error = form.locator(".hb-widget__error")
        assert error.is_visible() and error.inner_text() == expected["error"]["message"]
        assert form.locator(f'[name="{field}"]').get_attribute("aria-invalid") == "true"
    # A missing start is caught before Python is asked.
    form = page.locator("#widget-deadline")
    form.locator('[name="start"]').fill("")
    form.locator("button[type=submit]").click()
    assert form.locator(".hb-widget__error").inner_text() == ("请填写此项。" if lang == "zh" else "Please fill this in.")
    assert not errors


def test_a_form_sent_before_the_script_ran_is_answered_not_sent_as_a_page_load(desktop, site_url):
    """rules-widget.js loads async: a reader may press the button first. The form must not be
    sent the browser's way (a reload with the form in the URL); the script answers it."""
    held = []
    desktop.route("**/rules-widget.js", lambda route: held.append(route))
    page = desktop.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + "/tools/", wait_until="domcontentloaded")  # "load" waits for the held script
    form = _fill(page, "deadline", DEADLINES[1])
    form.locator("button[type=submit]").click()
    page.wait_for_timeout(300)
    assert held and "?" not in page.url, f"the form was sent as a page load: {page.url}"
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=60000)
    assert json.loads(form.get_attribute("data-answer")) == _python("deadline", DEADLINES[1], "zh")
    assert "?" not in page.url and not errors


def test_on_the_calculators_page_python_starts_before_the_calculators_script_has_loaded(desktop, site_url):
    """The page starts the worker while it loads (overrides/main.html), and rules-widget.js
    takes it over with the progress it reported meanwhile."""
    held, workers = [], []
    desktop.route("**/rules-widget.js", lambda route: held.append(route))
    page = desktop.new_page()
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_url + "/tools/", wait_until="domcontentloaded")
    page.wait_for_timeout(2000)  # Python loads meanwhile; nothing on the page knows it yet
    assert held and any("rules-worker.js" in u for u in workers)
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('#widget-deadline .hb-widget__status').dataset.state === 'ready'",
                           timeout=60000)
    answer, _ = _submit(page, "deadline", DEADLINES[0])
    assert answer == _python("deadline", DEADLINES[0], "zh")


def test_on_the_calculators_page_python_starts_before_the_styles_have_loaded(desktop, site_url):
    """The tools page (front matter start_python) starts the worker from the head: it does
    not wait for the stylesheets, which hold back every script after them."""
    held, workers = [], []
    desktop.route("**/assets/stylesheets/main.*.min.css", lambda route: held.append(route))
    page = desktop.new_page()
    page.on("worker", lambda w: workers.append(w.url))
    page.goto(site_url + "/tools/", wait_until="commit")
    for _ in range(100):
        if any("rules-worker.js" in u for u in workers):
            break
        page.wait_for_timeout(100)
    assert held, "the stylesheet was not requested"
    assert any("rules-worker.js" in u for u in workers), "no rules worker while the styles were loading"
    for route in held:
        route.continue_()
    # The page was committed, not parsed: the status may not be there yet (on a busy machine
    # the worker was up before it).
    page.wait_for_function("() => document.querySelector('#widget-deadline .hb-widget__status')?.dataset.state === 'ready'",
                           timeout=60000)
    answer, _ = _submit(page, "deadline", DEADLINES[0])
    assert answer == _python("deadline", DEADLINES[0], "zh")


def test_worker_starts_only_when_the_calculator_is_near(desktop, site_url):
    requests = []
    desktop.on("request", lambda r: requests.append(r.url))
    page = desktop.new_page()
    page.goto(site_url + "/after-sales/fault-handling/")
    page.wait_for_timeout(500)
    assert not [u for u in requests if "pyodide" in u], "Pyodide loaded before the calculator came into view"
    status = page.locator("#widget-deadline .hb-widget__status")
    page.locator("#widget-deadline").scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#widget-deadline .hb-widget__status').dataset.state === 'ready'",
                           timeout=60000)
    assert status.inner_text() == "已就绪。"
    assert any(u.endswith("pyodide.asm.wasm") for u in requests)


# Records the progress the rules worker reports to the page.
WORKER_PROGRESS = """
window.__progress = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    super(url, options);
    if (String(url).includes("rules-worker")) {
      this.addEventListener("message", (e) => { if (e.data && e.data.progress) __progress.push(e.data.progress) });
    }
  }
};
"""

SNAPSHOT_STORED = """() => new Promise((resolve) => {
  const open = indexedDB.open("handbook-rules")
  open.onsuccess = () => {
    const db = open.result
    if (!db.objectStoreNames.contains("snapshots")) { db.close(); return resolve(false) }
    const req = db.transaction("snapshots").objectStore("snapshots").getKey("service-norms")
    req.onsuccess = () => { db.close(); resolve(req.result !== undefined) }
  }
  open.onerror = () => resolve(false)
})"""


def test_on_the_next_visit_the_restored_runtime_gives_the_python_answers(desktop, site_url):
    """The first visit stores the worker's memory snapshot; the next one restores it (no
    Python start-up) and every calculator case still gives CPython's answer."""
    desktop.add_init_script(WORKER_PROGRESS)
    page, errors = _open(desktop, site_url + "/tools/")
    _submit(page, "deadline", DEADLINES[0])
    assert page.evaluate("__progress") == ["runtime", "packages", "ready"]
    for _ in range(150):  # the worker stores it after answering: wait for it, as a reader would stay
        if page.evaluate(SNAPSHOT_STORED):
            break
        page.wait_for_timeout(200)
    else:
        pytest.fail("the worker stored no snapshot within 30 s")
    page.close()
    page, errors = _open(desktop, site_url + "/en/tools/")
    for args in DEADLINES:
        answer, _ = _submit(page, "deadline", args)
        assert answer == _python("deadline", args, "en")
    for args in ESCALATIONS:
        answer, _ = _submit(page, "escalate", args)
        assert answer == _python("escalate", args, "en")
    for fn, args, _field in BAD:
        answer, _ = _submit(page, fn, args)
        assert answer == _python(fn, args, "en")
    assert page.evaluate("__progress") == ["runtime", "snapshot", "ready"]
    # "snapshot" has no words of its own: the status goes from loading to ready.
    status = page.locator("#widget-deadline .hb-widget__status")
    assert status.get_attribute("data-state") == "ready" and status.inner_text() == "Ready."
    assert not errors


def test_the_calculator_says_how_far_the_holiday_calendar_reaches(desktop, site_url):
    from service_norms.working_calendar import LIBRARY_LAST_YEAR

    for prefix, words in (("", f"节假日数据覆盖至 {LIBRARY_LAST_YEAR}-12-31"), ("/en", f"covers up to {LIBRARY_LAST_YEAR}-12-31")):
        page, errors = _open(desktop, site_url + prefix + "/tools/")
        line = page.locator("#widget-deadline .hb-widget__coverage")
        assert line.is_visible() and words in line.inner_text()
        assert not errors


def test_the_page_sends_its_holiday_notices_with_the_request(desktop, site_url):
    """A notice in the form's data (as the build puts data/holiday_notices.yml there) counts."""
    from holiday_fixture import fixture_notices

    page, errors = _open(desktop, site_url + "/en/tools/")
    page.evaluate("n => { document.querySelector('#widget-deadline').dataset.notices = JSON.stringify(n) }", fixture_notices())
    args = {"start": "2031-09-30T16:00", "zone": "Asia/Shanghai", "limit": "custom", "rule.kind": "working_days",
            "rule.amount": "4"}
    answer, form = _submit(page, "deadline", args)
    assert answer["result"]["due_local"] == "2031-10-11 17:30"
    assert "Fictional test notice" in form.locator(".hb-widget__result").inner_text()
    assert not errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fault_of_the_rules_is_a_short_message_with_copy_details(desktop, site_url, lang):
    page, errors = _open(desktop, site_url + ("/en" if lang == "en" else "") + "/tools/")
    # Service levels the build would never let through: the rules fail inside.
    page.evaluate("""() => { const f = document.querySelector('#widget-deadline')
        const levels = JSON.parse(f.dataset.levels); levels.office_hours = [{start: 'nine', end: 'five'}]
        f.dataset.levels = JSON.stringify(levels) }""")
    answer, form = _submit(page, "deadline", DEADLINES[0])
    assert answer["error"]["code"] == "internal"
    box = form.locator(".hb-widget__error")
    words = box.inner_text()
    assert ("计算出错" if lang == "zh" else "The calculation failed") in words
    assert "Traceback" not in words and "计算器加载失败" not in words and "failed to load" not in words
    copy = box.locator(".hb-widget__copy-details")
    assert copy.inner_text() == ("复制详细信息" if lang == "zh" else "Copy the details")
    assert "Traceback" in copy.get_attribute("data-details")
    copy.click()
    # Copied, or (no clipboard in this context) shown to select by hand: either way, the details.
    page.wait_for_function("() => { const b = document.querySelector('#widget-deadline .hb-widget__error')"
                           "; return b.querySelector('textarea') || /已复制|Copied/.test(b.textContent) }")
    assert not errors
