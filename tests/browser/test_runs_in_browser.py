"""Checklist runs at a phone viewport in both languages: kept apart, kept across reloads and
offline visits, exported as text / CSV / JSON that read back to the same run, printed as a
filled record, and shown with their own steps after the procedure moves to a new version.
Decision steps are answered, and progress counts the path taken."""
from __future__ import annotations

import datetime as dt
import io
import json
import re

from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from handbook.data_files import procedures
from handbook.labels import label
from handbook.record_fingerprint import fingerprint
from run_exports import ANSWERED_NO, csv_rows as _csv_rows, local_iso as _local_iso, text_states as _text_states
from stored_runs import stored_runs

pytestmark = pytest.mark.browser

ROOM = "/conduct/equipment-room/"
PID = "equipment-room-work"
STEPS = procedures()[PID].steps
VERSION = procedures()[PID].version
TEXT = {"zh": "勾选于", "en": "Ticked at"}
# A fixed clock: times in records do not depend on when the test runs.
T0 = "2025-10-09T06:00:00Z"  # 14:00 in Shanghai (the contexts' zone)


def _box(page, step_id):
    return page.locator(f"#step-{PID}-{step_id} .hb-checklist__label input")


def _answer(page, step_id, n):
    return page.locator(f"#step-{PID}-{step_id} input[type=radio]").nth(n)


def _count(page):
    return page.locator(f"#checklist-{PID} .hb-checklist__count").inner_text()


def _ready(page):
    page.wait_for_selector(f"#checklist-{PID}.is-ready")


def _prefix(lang):
    return "" if lang == "zh" else "/en"


def _shanghai(iso: str) -> str:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")


def _saved(page, action_locator):
    """The file the browser saved when the action was clicked (its name, its path)."""
    with page.expect_download() as info:
        action_locator.click()
    return info.value


def _download(page, action_locator):
    return open(_saved(page, action_locator).path(), encoding="utf-8").read()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_runs_of_one_procedure_stay_apart_across_reloads(phone, site_url, lang):
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    label = page.locator(f"#run-label-{PID}")
    label.fill("WO-1 <b>Site A</b>")
    _box(page, "enter-with-consent").tap()
    _box(page, "bring-items").tap()
    page.locator(f"#checklist-{PID} button[data-action=new]").tap()
    label.fill("WO-2 站点 B")
    _box(page, "anti-static").tap()
    page.wait_for_timeout(600)  # the label is saved after typing stops
    page.reload()
    _ready(page)
    runs = {r["label"]: r for r in stored_runs(page)}
    assert set(runs) == {"WO-1 <b>Site A</b>", "WO-2 站点 B"}
    assert sorted(runs["WO-1 <b>Site A</b>"]["ticks"]) == ["bring-items", "enter-with-consent"]
    assert sorted(runs["WO-2 站点 B"]["ticks"]) == ["anti-static"]
    for run in runs.values():
        assert (run["procedure"], run["version"], run["status"]) == (PID, VERSION, "compiled")
    # The select lists both (the label as text, never as markup); each shows its own ticks.
    options = page.locator(f"#run-select-{PID} option").all_inner_texts()
    assert any("WO-1 <b>Site A</b>" in o for o in options) and any("WO-2 站点 B" in o for o in options)
    assert page.locator(f"#checklist-{PID} b").count() == 0
    page.select_option(f"#run-select-{PID}", runs["WO-1 <b>Site A</b>"]["id"])
    assert _box(page, "enter-with-consent").is_checked() and not _box(page, "anti-static").is_checked()
    assert page.locator(f"#step-{PID}-bring-items time").inner_text().startswith(TEXT[lang])
    page.select_option(f"#run-select-{PID}", runs["WO-2 站点 B"]["id"])
    assert _box(page, "anti-static").is_checked() and not _box(page, "enter-with-consent").is_checked()


def test_decisions_are_answered_and_progress_follows_the_path(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    # Nothing answered: steps to the first decision and the shortest way on.
    assert _count(page) == "0 / 9"
    assert page.locator(f"#step-{PID}-removable-media-needed .hb-checklist__label").count() == 0
    radios = page.locator(f"#step-{PID}-removable-media-needed input[type=radio]")
    assert radios.count() == 2
    assert page.get_by_role("radio", name="Yes").count() >= 1
    for step in ("enter-with-consent", "bring-items", "follow-room-rules", "anti-static"):
        _box(page, step).tap()
    _answer(page, "removable-media-needed", 1).check()  # No: skip the supervisor's consent
    _answer(page, "fault-affects-operation", 1).check()  # No: skip staying on duty
    assert page.locator(f"#step-{PID}-removable-media-consent").get_attribute("class").count("is-off-path") == 1
    for step in ("clean-up", "return-borrowed", "leave-and-tell"):
        _box(page, step).tap()
    # Every step on the path taken is done: 100 %, though two steps were never ticked.
    assert _count(page) == "9 / 9"
    # The other path reaches 100 % too.
    _answer(page, "removable-media-needed", 0).check()
    assert _count(page) == "9 / 10"
    _box(page, "removable-media-consent").tap()
    assert _count(page) == "10 / 10"
    run = stored_runs(page)[0]
    assert run["answers"]["removable-media-needed"]["branch"] == 0
    assert run["answers"]["fault-affects-operation"]["branch"] == 1
    # The record says which branch was taken.
    page.select_option(f"#checklist-{PID} select[data-role=format]", "txt")
    text = _download(page, page.locator(f"#checklist-{PID} button[data-action=download]"))
    assert re.search(r"\[x\] 5\. .*→ Yes — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", text)
    assert "[-] 8. " + STEPS[7].text.en + " (not on the path taken)" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_run_exports_as_text_csv_and_json_that_read_back(phone, site_url, lang):
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill('=cmd|"/c calc"!A1, 客户 "X"')
    _box(page, "enter-with-consent").tap()
    page.clock.fast_forward(65_000)
    _answer(page, "removable-media-needed", 1).check()
    note = page.locator(f"#step-{PID}-anti-static .hb-checklist__note")
    note.locator("summary").tap()
    note.locator("textarea").fill("ESD strap, line 2\nchecked twice")
    page.wait_for_timeout(600)
    [run] = stored_runs(page)
    root = page.locator(f"#checklist-{PID}")
    fmt = root.locator("select[data-role=format]")

    fmt.select_option("json")
    data = json.loads(_download(page, root.locator("button[data-action=download]")))
    # The run as stored, and the state of each step by its machine name (worked out, not stored).
    # Its fingerprint covers everything else the exported run holds (handbook/record_fingerprint.py agrees).
    print_ = data["runs"][0].pop("fingerprint")
    assert print_ == fingerprint(data["runs"][0])
    states = data["runs"][0].pop("step_states")
    assert data["format"] == "service-norms-runs" and data["runs"] == [run]
    assert states == ANSWERED_NO

    fmt.select_option("csv")
    rows = _csv_rows(_download(page, root.locator("button[data-action=download]")), lang)
    assert len(rows) == len(STEPS)
    # A formula-like label is defused for spreadsheets; stripping the apostrophe reads it back.
    assert rows[0]["label"].startswith("'=") and rows[0]["label"][1:] == run["label"]
    status = label("checklist.status_compiled", lang)
    assert {(r["procedure"], r["version"], r["status"], r["run_id"]) for r in rows} == {(PID, str(VERSION), status, run["id"])}
    # Times are the reader's wall clock with its offset, as in the text record, to the second.
    assert {r["step_id"]: r["ticked_at"] for r in rows if r["ticked_at"]} == \
        {k: _local_iso(v) for k, v in run["ticks"].items()}
    assert rows[0]["ticked_at"].startswith("2025-10-09T14:00:") and rows[0]["ticked_at"].endswith("+08:00")
    answered = {r["step_id"]: (r["answer"], r["answered_at"]) for r in rows if r["answer"]}
    no = STEPS[4].branches[1].when.zh if lang == "zh" else STEPS[4].branches[1].when.en
    assert answered == {"removable-media-needed": (no, _local_iso(run["answers"]["removable-media-needed"]["at"]))}
    assert {r["step_id"]: r["note"] for r in rows if r["note"]} == run["notes"]
    assert rows[0]["started_at"] == _local_iso(run["started_at"]) and rows[0]["finished_at"] == ""
    assert {r["step_id"]: r["state"] for r in rows} == {k: label("checklist.state." + v, lang) for k, v in ANSWERED_NO.items()}

    fmt.select_option("txt")
    text = _download(page, root.locator("button[data-action=download]"))
    assert run["label"] in text and run["id"] in text
    assert _text_states(text, lang) == ANSWERED_NO
    stamp = r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+08:00"
    # Each time reads back to the stored one, to the second.
    assert re.search(r"\[x\] 1\. .* — " + stamp, text)[1] == _shanghai(run["ticks"]["enter-with-consent"])
    assert run["ticks"]["enter-with-consent"].startswith("2025-10-09T06:00:")
    answered_at = re.search(r"\[x\] 5\. .* → " + re.escape(no) + " — " + stamp, text)[1]
    assert answered_at == _shanghai(run["answers"]["removable-media-needed"]["at"])
    assert "ESD strap, line 2\n    checked twice" in text
    # Compiled from V4 clauses, never "V4 text": the steps restate the clauses.
    assert label("checklist.status_compiled", lang) in text and label("provenance.converted", lang) not in text


def test_a_run_prints_as_a_filled_record_on_one_sheet(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("WO-77 Plaza")
    _box(page, "enter-with-consent").tap()
    _answer(page, "removable-media-needed", 1).check()
    page.evaluate("() => { window.print = () => { window.__printed = true } }")
    page.locator(f"#checklist-{PID} button[data-action=print-record]").tap()
    assert page.evaluate("() => window.__printed")
    page.emulate_media(media="print")
    record = page.locator(".hb-run-print .hb-run-record")
    assert record.is_visible()
    assert not page.locator(".md-header").is_visible() and not page.locator(f"#checklist-{PID}").is_visible()
    body = record.inner_text()
    assert "WO-77 Plaza" in body and f"version {VERSION}" in body and "Compiled from V4 clauses" in body
    assert "V4 text" not in body
    rows = record.locator("tbody tr")
    assert rows.nth(0).locator(".hb-run-record__done").inner_text() == "✓"
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", rows.nth(0).locator(".hb-run-record__time").inner_text())
    assert rows.nth(4).locator(".hb-run-record__done").inner_text() == "No"
    assert rows.nth(1).locator(".hb-run-record__done").inner_text() == "not done"
    assert rows.nth(5).locator(".hb-run-record__done").inner_text() == "not on the path taken"
    assert rows.nth(10).locator(".hb-run-record__done").inner_text() == "not yet reached"
    assert [rows.nth(i).get_attribute("data-state") for i in range(len(STEPS))] == list(ANSWERED_NO.values())
    pdf = page.pdf(format="A4")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_run_made_under_version_1_keeps_its_ticks_after_version_2(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("v1 job")
    _box(page, "enter-with-consent").tap()
    _box(page, "anti-static").tap()
    page.wait_for_timeout(600)

    # The next build ships version 2: the first step is gone and a new one leads.
    def version_2(route):
        body = route.fetch().text()
        body = body.replace(f'data-version="{VERSION}"', f'data-version="{VERSION + 1}"').replace(
            f'"version":{VERSION},', f'"version":{VERSION + 1},')
        body = body.replace('"id":"enter-with-consent"', '"id":"sign-in-book"')
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})
    # The page's address keeps the run shown (?run=…): the route matches it with any query.
    page.route(re.compile(re.escape(site_url + ROOM) + r"(\?.*)?$"), version_2)
    page.reload()
    _ready(page)
    # Version 2's checklist starts afresh and points to the open version-1 run.
    assert not _box(page, "anti-static").is_checked()
    older = page.locator(f"#checklist-{PID} .hb-checklist__older")
    assert older.is_visible() and "v1 job" in older.inner_text()
    # The runs page shows the version-1 run with its own steps and ticks.
    page.unroute(re.compile(re.escape(site_url + ROOM) + r"(\?.*)?$"))
    page.goto(site_url + "/runs/")
    run = page.locator(".hb-runs__run").filter(has_text="v1 job")
    run.locator("summary").tap()
    rows = run.locator("tbody tr")
    assert rows.nth(0).locator("td").nth(1).inner_text() == STEPS[0].text.zh
    assert rows.nth(0).locator(".hb-run-record__done").inner_text() == "✓"
    assert rows.nth(3).locator(".hb-run-record__done").inner_text() == "✓"
    # Step 2 was left behind (step 4 is ticked): not done.
    assert rows.nth(1).locator(".hb-run-record__done").inner_text() == "未完成"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_my_runs_lists_exports_and_imports_without_overwriting(phone, site_url, lang):
    page = phone.new_page()
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("older")
    _box(page, "enter-with-consent").tap()
    page.wait_for_timeout(1100)
    page.locator(f"#checklist-{PID} button[data-action=new]").tap()
    page.locator(f"#run-label-{PID}").fill("newer")
    _box(page, "bring-items").tap()
    page.wait_for_timeout(600)
    page.goto(site_url + _prefix(lang) + "/runs/")
    # The list is drawn once the page's storage has opened, not with the page.
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__list[data-state=open] .hb-runs__run').length === 2")
    labels = page.locator(".hb-runs__list[data-state=open] .hb-runs__label").all_inner_texts()
    assert labels == ["newer", "older"]
    everything = _download(page, page.locator(".hb-runs button[data-action=export-all]"))
    data = json.loads(everything)
    assert sorted(r["label"] for r in data["runs"]) == ["newer", "older"]
    # Finish one: it moves to the finished list.
    page.on("dialog", lambda d: d.accept())
    page.locator(".hb-runs__run").filter(has_text="older").locator("button[data-action=finish]").tap()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__list[data-state=finished] .hb-runs__run').length === 1")
    # Import the earlier export: "newer" is the same run (left alone); "older" has changed
    # since (finished here), so the imported one is kept as a copy, never written over it.
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "runs.json", "mimeType": "application/json", "buffer": everything.encode()}])
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 3")
    notice = page.locator(".hb-runs__notice").inner_text()
    assert ("新增 0" in notice and "未改动）1" in notice and "副本 1" in notice) if lang == "zh" else \
        ("added 0" in notice and "left as they are) 1" in notice and "kept as copies 1" in notice)
    runs = stored_runs(page)
    assert len(runs) == 3 and len([r for r in runs if r.get("copied_from")]) == 1
    # A file that is not an export is refused, saying so.
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "x.json", "mimeType": "application/json", "buffer": b'{"runs": 1}'}])
    page.wait_for_function("() => /format/.test(document.querySelector('.hb-runs__notice').textContent)")
    assert len(stored_runs(page)) == 3


def test_storage_refused_is_said_before_ticking(phone, site_url):
    phone.add_init_script("""
      Object.defineProperty(window, "indexedDB", {get() { throw new DOMException("denied", "SecurityError") }});
    """)
    page = phone.new_page()
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    notice = page.locator(f"#checklist-{PID} .hb-checklist__notice")
    assert notice.is_visible() and label("checklist.storage_off", "en") == notice.inner_text() and "Download" in notice.inner_text()
    _box(page, "bring-items").tap()
    assert _box(page, "bring-items").is_checked() and _count(page) == "1 / 9"
    # The run can still leave the page.
    root = page.locator(f"#checklist-{PID}")
    root.locator("select[data-role=format]").select_option("json")
    data = json.loads(_download(page, root.locator("button[data-action=download]")))
    assert list(data["runs"][0]["ticks"]) == ["bring-items"]


def test_storage_nearly_full_is_said_before_ticking(phone, site_url):
    phone.add_init_script("""
      navigator.storage.estimate = () => Promise.resolve({quota: 50 * 1024 * 1024, usage: 50 * 1024 * 1024 - 1000});
    """)
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _ready(page)
    notice = page.locator(f"#checklist-{PID} .hb-checklist__notice")
    notice.wait_for()
    assert "存储空间将满" in notice.inner_text()


def test_old_ticks_become_a_run(phone, site_url):
    phone.add_init_script(f"""
      if (!sessionStorage.getItem("seeded")) {{
        sessionStorage.setItem("seeded", "1")
        localStorage.setItem("service-norms:checklist:{PID}:v{VERSION}", JSON.stringify({{"anti-static": "2025-10-01T02:00:00Z"}}))
      }}
    """)
    page = phone.new_page()
    page.goto(site_url + ROOM)
    _ready(page)
    assert _box(page, "anti-static").is_checked()
    [run] = stored_runs(page)
    assert run["ticks"] == {"anti-static": "2025-10-01T02:00:00Z"}
    assert page.evaluate(f"() => localStorage.getItem('service-norms:checklist:{PID}:v{VERSION}')") is None


# navigator.share as a phone has it: what the share sheet was handed is kept to compare.
# `files`: whether the browser can share files (else the record goes as text).
SHARE_SHEET = """files => {
  window.__shared = []
  navigator.canShare = (data) => files || !data.files
  navigator.share = async (data) => {
    const file = data.files && data.files[0]
    window.__shared.push({title: data.title, text: data.text ?? null, name: file ? file.name : null,
                          type: file ? file.type : null, body: file ? Array.from(new Uint8Array(await file.arrayBuffer())) : null})
  }
}"""


def _shared(page):
    page.wait_for_function("() => window.__shared.length > 0")
    return page.evaluate("window.__shared.pop()")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_share_hands_the_sheet_the_file_download_saves(phone, site_url, lang):
    phone.add_init_script(f"({SHARE_SHEET})(true)")
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    _box(page, "bring-items").tap()
    root = page.locator(f"#checklist-{PID}")
    for fmt, mime in (("txt", "text/plain"), ("csv", "text/csv"), ("json", "application/json")):
        root.locator("select[data-role=format]").select_option(fmt)
        share = root.locator("button[data-action=share]")
        assert share.is_visible()
        share.tap()
        sent = _shared(page)
        file = _saved(page, root.locator("button[data-action=download]"))
        saved = open(file.path(), "rb").read()
        assert sent["name"] == file.suggested_filename == sent["title"] and sent["type"] == mime
        if fmt == "json":  # stamped with the moment of export, a click apart
            sent["body"], saved = (json.dumps({**json.loads(bytes(b)), "exported_at": None}).encode()
                                   for b in (sent["body"], saved))
        assert bytes(sent["body"]) == saved  # byte for byte: the CSV's BOM and line ends too
        text = saved.decode("utf-8-sig")
        assert "bring-items" in text if fmt != "txt" else "[x] 2. " + getattr(STEPS[1].text, lang) in text
    # The same from "My runs".
    page.wait_for_timeout(600)
    page.goto(site_url + _prefix(lang) + "/runs/")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__list[data-state=open] .hb-runs__run').length === 1")
    page.locator(".hb-runs__format select").select_option("csv")
    run = page.locator(".hb-runs__run").first
    run.locator("button[data-action=share]").tap()
    sent = _shared(page)
    file = _saved(page, run.locator("button[data-action=download]"))
    assert sent["name"] == file.suggested_filename
    assert bytes(sent["body"]) == open(file.path(), "rb").read()


def test_where_files_cannot_be_shared_the_record_goes_as_text(phone, site_url):
    phone.add_init_script(f"({SHARE_SHEET})(false)")
    page = phone.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    _box(page, "bring-items").tap()
    root = page.locator(f"#checklist-{PID}")
    root.locator("select[data-role=format]").select_option("txt")
    root.locator("button[data-action=share]").tap()
    sent = _shared(page)
    assert sent["name"] is None and sent["title"].endswith(".txt")
    # The record as a download has it, its provenance with it.
    assert "[x] 2. " + STEPS[1].text.en in sent["text"] and f"version {VERSION}, Compiled from V4 clauses" in sent["text"]


def test_without_a_share_sheet_there_is_no_share_button(phone, site_url):
    page = phone.new_page()
    assert page.evaluate("typeof navigator.share") != "function"  # desktop Linux Chromium has none
    page.goto(site_url + "/en" + ROOM)
    _ready(page)
    _box(page, "bring-items").tap()
    assert page.locator(f"#checklist-{PID} button[data-action=share]").is_hidden()
    page.wait_for_timeout(600)
    page.goto(site_url + "/en/runs/")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 1")
    assert page.locator(".hb-runs__run button[data-action=share]").is_hidden()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_run_stored_as_converted_shows_and_exports_as_compiled(phone, site_url, lang):
    """Runs stored before the "compiled" status say "converted"; every checklist on a V4
    clause was compiled, never V4 text: the list, the record and the export say so."""
    page = phone.new_page()
    page.goto(site_url + _prefix(lang) + ROOM)
    _ready(page)
    page.locator(f"#run-label-{PID}").fill("stored long ago")
    _box(page, "enter-with-consent").tap()
    page.wait_for_timeout(600)
    [run] = stored_runs(page)
    old = {**run, "id": run["id"] + "-old", "label": "from an older build", "status": "converted"}
    page.goto(site_url + _prefix(lang) + "/runs/")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 1")
    export = {"format": "service-norms-runs", "version": run["format"], "runs": [old]}
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "old.json", "mimeType": "application/json", "buffer": json.dumps(export).encode()}])
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 2")
    compiled, v4 = label("checklist.status_compiled", lang), label("provenance.converted", lang)
    item = page.locator(".hb-runs__run").filter(has_text="from an older build")
    assert item.locator(".hb-runs__head .status-badge").inner_text() == compiled
    item.locator("summary").tap()
    assert compiled in item.inner_text() and v4 not in item.inner_text()
    data = json.loads(_download(page, page.locator(".hb-runs button[data-action=export-all]")))
    assert {r["status"] for r in data["runs"]} == {"compiled"}
