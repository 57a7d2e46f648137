"""A run's record says what happened, the same everywhere, and is kept: each step done, not
done, not yet reached or off the path on the page, in the text, CSV and JSON exports, the
printed record and My runs; finishing names the steps left undone; the first run asks the
browser once to keep the records and My runs says its answer; an imported copy says where it
came from; a reload keeps the run shown; a save refused mid-run says the change was not saved."""
from __future__ import annotations

import json

import pytest

from handbook.labels import label
from run_exports import ANSWERED_NO, FRESH, PID, ROOM, STEPS, csv_rows, text_states
from stored_runs import stored_runs, wait_for_ticks

pytestmark = pytest.mark.browser

T0 = "2025-10-09T06:00:00Z"  # 14:00 in Shanghai (the contexts' zone)


def _prefix(lang):
    return "" if lang == "zh" else "/en"


def _ready(page):
    page.wait_for_selector(f"#checklist-{PID}.is-ready")


def _box(page, step_id):
    return page.locator(f"#step-{PID}-{step_id} .hb-checklist__label input")


def _answer(page, step_id, n):
    return page.locator(f"#step-{PID}-{step_id} input[type=radio]").nth(n)


def _download(page, locator):
    with page.expect_download() as info:
        locator.click()
    return open(info.value.path(), encoding="utf-8").read()


def _exports(page, lang) -> dict[str, dict]:
    """The step states the procedure page, its text, CSV and JSON exports and its printed record give."""
    root = page.locator(f"#checklist-{PID}")
    fmt = root.locator("select[data-role=format]")
    found = {"page": {s.id: page.locator(f"#step-{PID}-{s.id}").get_attribute("data-state") for s in STEPS}}
    fmt.select_option("txt")
    found["text"] = text_states(_download(page, root.locator("button[data-action=download]")), lang)
    fmt.select_option("csv")
    rows = csv_rows(_download(page, root.locator("button[data-action=download]")), lang)
    words = {label("checklist.state." + s, lang): s for s in ("done", "not_done", "not_reached", "off_path")}
    found["csv"] = {r["step_id"]: words[r["state"]] for r in rows}
    fmt.select_option("json")
    found["json"] = json.loads(_download(page, root.locator("button[data-action=download]")))["runs"][0]["step_states"]
    page.evaluate("() => { window.print = () => {} }")
    root.locator("button[data-action=print-record]").tap()
    printed = page.locator(".hb-run-print tbody tr")
    found["print"] = {printed.nth(i).get_attribute("data-step"): printed.nth(i).get_attribute("data-state")
                      for i in range(printed.count())}
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    return found


def _my_runs(page, site_url, lang, label_text) -> tuple[dict, str]:
    page.goto(site_url + _prefix(lang) + "/runs/")
    item = page.locator(".hb-runs__run").filter(has_text=label_text)
    item.locator("summary").tap()
    rows = item.locator("tbody tr")
    states = {rows.nth(i).get_attribute("data-step"): rows.nth(i).get_attribute("data-state") for i in range(rows.count())}
    # The words in the record's state column match the state.
    for i in range(rows.count()):
        state = rows.nth(i).get_attribute("data-state")
        if state != "done":
            assert rows.nth(i).locator(".hb-run-record__done").inner_text().startswith(label("checklist.state." + state, lang))
    return states, item.locator(".hb-runs__states").inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fresh_run_is_not_yet_reached_everywhere(phone, site_url, lang):
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("fresh job")  # starts a run, nothing ticked
    page.wait_for_timeout(600)
    for where, states in _exports(page, lang).items():
        assert states == FRESH, where
    # Nothing is "not taken" before a question is answered: no off-path mark on the page.
    assert page.locator(f"#checklist-{PID} .is-off-path").count() == 0
    states, summary = _my_runs(page, site_url, lang, "fresh job")
    assert states == FRESH
    assert summary == label("checklist.state.not_reached", lang) + f" {len(STEPS)}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_answered_branch_and_the_closing_steps_read_the_same_everywhere(phone, site_url, lang):
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("branch job")
    _box(page, "enter-with-consent").tap()
    _answer(page, "removable-media-needed", 1).check()  # No: the supervisor's consent is off the path
    for where, states in _exports(page, lang).items():
        assert states == ANSWERED_NO, where
    # The page says it where it is news: steps left behind, the branch not taken.
    mark = page.locator(f"#step-{PID}-bring-items .hb-checklist__state")
    assert mark.is_visible() and mark.inner_text() == label("checklist.state.not_done", lang)
    assert page.locator(f"#step-{PID}-removable-media-consent .hb-checklist__state").inner_text() == \
        label("checklist.state.off_path", lang)
    assert page.locator(f"#step-{PID}-clean-up .hb-checklist__state").is_hidden()
    # Answering the second question "No": the closing steps are on the path, never off it.
    _answer(page, "fault-affects-operation", 1).check()
    _box(page, "leave-and-tell").tap()
    closing = {s: page.locator(f"#step-{PID}-{s}").get_attribute("data-state")
               for s in ("stay-on-duty", "clean-up", "return-borrowed", "leave-and-tell")}
    assert closing == {"stay-on-duty": "off_path", "clean-up": "not_done", "return-borrowed": "not_done",
                       "leave-and-tell": "done"}
    page.wait_for_timeout(600)
    states, summary = _my_runs(page, site_url, lang, "branch job")
    assert states["clean-up"] == "not_done" and states["leave-and-tell"] == "done" and states["stay-on-duty"] == "off_path"
    w = {s: label("checklist.state." + s, lang) for s in ("done", "not_done", "off_path")}
    assert summary == f"{w['done']} 4 · {w['not_done']} 5 · {w['off_path']} 2"


def test_an_answered_question_is_not_struck_through(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    _box(page, "enter-with-consent").tap()
    _answer(page, "removable-media-needed", 1).check()
    decoration = "el => getComputedStyle(el).textDecorationLine"
    assert page.locator(f"#step-{PID}-removable-media-needed legend").evaluate(decoration) == "none"
    assert page.locator(f"#step-{PID}-enter-with-consent .hb-checklist__text").evaluate(decoration) == "line-through"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_finishing_names_the_steps_left_undone(phone, site_url, lang):
    page = phone.new_page()
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    asked, accept = [], []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept() if accept else d.dismiss()))
    _box(page, "enter-with-consent").tap()
    _answer(page, "removable-media-needed", 1).check()
    finish = page.locator(f"#checklist-{PID} button[data-action=finish]")
    finish.tap()
    # Steps 2-4, the unanswered question 7 and the closing steps 9-11; step 8 hangs on the question.
    undone = [2, 3, 4, 7, 9, 10, 11]
    message = asked.pop()
    head = "本次作业还有 7 个步骤未完成：" if lang == "zh" else "7 steps on the path are not done:"
    assert message.startswith(head)
    for n in undone:
        assert f"\n{n}. " + getattr(STEPS[n - 1].text, lang) + "\n" in message
    assert "\n8. " not in message and "\n6. " not in message
    assert stored_runs(page)[0]["finished_at"] is None  # dismissed: still open
    if lang == "en":
        # One step left: the singular, and once finished the page says which.
        accept.append(True)
        for step in ("bring-items", "follow-room-rules", "anti-static", "clean-up", "return-borrowed"):
            _box(page, step).tap()
        _answer(page, "fault-affects-operation", 1).check()
        finish.tap()
        assert asked[-1].startswith("1 step on the path is not done:\n11. " + STEPS[10].text.en + "\n")
        notice = page.locator(f"#checklist-{PID} .hb-checklist__notice")
        # Step 9's required photo was not taken (test_run_photos.py): the notice names it too.
        assert notice.inner_text() == ("This job is finished and its record kept under My job records; 1 step on its path is"
                                       " not done: 11. Steps without their required photo: 9.")


@pytest.mark.parametrize("lang, granted", [("zh", False), ("en", True)])
def test_the_first_run_asks_once_to_keep_the_records_and_my_runs_says_the_answer(phone, site_url, lang, granted):
    # The browser's answer, and how often it was asked (kept across pages in localStorage).
    phone.add_init_script(f"""
      navigator.storage.persist = async () => {{
        localStorage.setItem("__asked", String(Number(localStorage.getItem("__asked") || 0) + 1))
        return {str(granted).lower()}
      }}
      navigator.storage.persisted = async () => {str(granted).lower()} && localStorage.getItem("__asked") !== null
    """)
    page = phone.new_page()
    page.goto(site_url + _prefix(lang) + "/runs/")
    line = page.locator(".hb-runs__persist")
    line.wait_for()
    assert line.inner_text() == label("runs.persist_not_asked", lang)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    assert page.evaluate("() => localStorage.getItem('__asked')") is None  # opening a page asks nothing
    _box(page, "bring-items").tap()
    page.wait_for_function("() => localStorage.getItem('service-norms:persist') !== null")
    page.locator(f"#checklist-{PID} button[data-action=new]").tap()
    _box(page, "anti-static").tap()
    page.reload()
    _ready(page)
    page.locator(f"#checklist-{PID} button[data-action=new]").tap()
    page.wait_for_timeout(300)
    assert len(stored_runs(page)) == 3
    assert page.evaluate("() => localStorage.getItem('__asked')") == "1"
    page.goto(site_url + _prefix(lang) + "/runs/")
    line.wait_for()
    assert line.inner_text() == label("runs.persist_granted" if granted else "runs.persist_refused", lang)


def test_an_imported_copy_says_where_it_came_from(phone, site_url):
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("from the other phone")
    _box(page, "bring-items").tap()
    page.wait_for_timeout(600)
    page.goto(site_url + "/en/runs/")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 1")
    everything = _download(page, page.locator(".hb-runs button[data-action=export-all]"))
    page.on("dialog", lambda d: d.accept())
    page.locator(".hb-runs__run button[data-action=delete]").tap()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 0")
    page.clock.fast_forward(3_600_000)
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "phone-b_runs.json", "mimeType": "application/json", "buffer": everything.encode()}])
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 1")
    [run] = stored_runs(page)
    assert run["imported"]["file"] == "phone-b_runs.json" and run["imported"]["at"].startswith("2025-10-09T07:00:")
    assert run["imported"]["exported_at"] == json.loads(everything)["exported_at"]
    assert "step_states" not in run  # worked out on export, never stored
    item = page.locator(".hb-runs__run")
    assert item.locator(".hb-runs__imported").inner_text() == "Imported copy"
    origin = item.locator(".hb-runs__origin").inner_text()
    assert origin.startswith("Imported copy: from the file phone-b_runs.json (exported 2025-10-09 14:0")
    assert "imported 2025-10-09 15:00:" in origin
    # The exports carry it: the text record's header, each CSV row, the printed record.
    page.locator(".hb-runs__format select").select_option("txt")
    text = _download(page, item.locator("button[data-action=download]"))
    assert "\nOrigin: " + origin + "\n" in text
    page.locator(".hb-runs__format select").select_option("csv")
    rows = csv_rows(_download(page, item.locator("button[data-action=download]")), "en")
    assert {r["imported"] for r in rows} == {origin}
    item.locator("summary").tap()
    assert item.locator(".hb-run-record__origin").inner_text() == origin
    # The same file again changes nothing: the copy is the same run.
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "again.json", "mimeType": "application/json", "buffer": everything.encode()}])
    page.wait_for_function("() => /left as they are\\) 1/.test(document.querySelector('.hb-runs__notice').textContent)")
    assert len(stored_runs(page)) == 1


def test_a_reload_keeps_the_run_shown(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("first")
    _box(page, "bring-items").tap()
    page.locator(f"#checklist-{PID} button[data-action=new]").tap()
    page.locator(f"#run-label-{PID}").fill("second")
    _box(page, "anti-static").tap()
    page.wait_for_timeout(600)
    first = next(r for r in stored_runs(page) if r["label"] == "first")
    # Pick the run changed least recently: a reload shows it, not the latest.
    page.select_option(f"#run-select-{PID}", first["id"])
    assert f"run={first['id']}" in page.url
    page.reload()
    _ready(page)
    assert page.locator(f"#run-select-{PID}").input_value() == first["id"]
    assert _box(page, "bring-items").is_checked() and not _box(page, "anti-static").is_checked()
    # On My runs, the run opened stays open.
    page.goto(site_url + "/en/runs/")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 2")
    page.locator(f"[id='{first['id']}'] summary").tap()
    page.wait_for_function(f"() => location.search.includes('run={first['id']}')")
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 2")
    assert page.locator(f"[id='{first['id']}'] details").get_attribute("open") is not None
    assert page.locator(".hb-runs__details[open]").count() == 1


def test_a_save_refused_mid_run_says_the_tick_was_not_saved(phone, site_url):
    # Storage fills up once the first run is stored: every later write throws QuotaExceededError.
    phone.add_init_script("""
      const put = IDBObjectStore.prototype.put
      IDBObjectStore.prototype.put = function (...args) {
        if (window.__full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
        return put.apply(this, args)
      }
    """)
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    _box(page, "enter-with-consent").tap()
    wait_for_ticks(page, ["enter-with-consent"])
    notice = page.locator(f"#checklist-{PID} .hb-checklist__notice")
    assert notice.is_hidden()
    page.evaluate("() => { window.__full = true }")
    _box(page, "bring-items").tap()
    notice.wait_for()
    assert notice.inner_text().startswith("Not saved (storage is full or the browser refused it): the change to step 2 ")
    assert "Download" in notice.inner_text()
    # The tick stays on the page and in the record; the store has only what it took.
    assert _box(page, "bring-items").is_checked()
    assert page.locator(f"#checklist-{PID} .hb-checklist__run-state").inner_text().endswith("(not saved)")
    assert list(stored_runs(page)[0]["ticks"]) == ["enter-with-consent"]
    root = page.locator(f"#checklist-{PID}")
    root.locator("select[data-role=format]").select_option("json")
    data = json.loads(_download(page, root.locator("button[data-action=download]")))
    assert sorted(data["runs"][0]["ticks"]) == ["bring-items", "enter-with-consent"]
