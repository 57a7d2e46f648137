"""A job record closed by the duty staff's sign-off, on a 360 px phone: a signature drawn with
pointer events (or the typed name, by keyboard alone) closes the run; an empty name or an
empty signature area is refused with the words that say so; a signed run is refused by the
store and copied instead; every export names the sign-off and the fingerprint, and an export
imported in a fresh browser checks out with its signature restored, while one changed
character, or a damaged signature image, is named on import; the printed record shows the
signature, the signer, the role, the statement and the fingerprint."""
from __future__ import annotations

import json

import pytest

from handbook.data_files import procedures
from handbook.labels import label
from handbook.record_fingerprint import fingerprint
from phone_fit import MEASURE
from run_exports import PID, ROOM, csv_rows
from stored_runs import stored_runs

pytestmark = pytest.mark.browser

T0 = "2025-10-09T06:00:00Z"  # 14:00 in Shanghai (the contexts' zone)
SIGN_OFF = procedures()[PID].sign_off


def _w(key: str, lang: str = "en") -> str:
    return label("signoff." + key, lang)


def _open(context, site_url, lang="en"):
    page = context.new_page()
    page.clock.install(time=T0)
    page.goto(site_url + ("" if lang == "zh" else "/en") + ROOM)
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    page.on("dialog", lambda d: d.accept())
    return page


def _start(page, name="signed job"):
    page.locator(f"#run-label-{PID}").fill(name)
    page.locator(f"#step-{PID}-leave-and-tell .hb-checklist__label input").tap()
    page.locator(f"#step-{PID}-leave-and-tell summary").tap()
    page.locator(f"#step-{PID}-leave-and-tell textarea").fill("值班：李工")  # saved at the latest when signing


def _draw(page):
    """A stroke drawn with the mouse's pointer events across the signature area."""
    canvas = page.locator(".hb-signoff__canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"] + box["height"] / 2
    page.mouse.move(x + 20, y)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + 20 + i * 20, y + (15 if i % 2 else -15), steps=2)
    page.mouse.up()


def _signed(page, timeout_ms=10_000) -> dict:
    for _ in range(timeout_ms // 100):
        runs = [r for r in stored_runs(page) if r.get("signed")]
        if runs:
            return runs[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no signed run stored: {stored_runs(page)}")


def _download(page, locator) -> str:
    with page.expect_download() as info:
        locator.click()
    return open(info.value.path(), encoding="utf-8").read()


def _export_all(page, site_url) -> str:
    page.goto(site_url + "/en/runs/")
    page.wait_for_selector(".hb-runs__run")
    return _download(page, page.locator(".hb-runs button[data-action=export-all]"))


def _import(page, site_url, text: str, name="records.json"):
    page.goto(site_url + "/en/runs/")
    page.wait_for_selector(".hb-runs__actions:not([hidden])")
    page.locator(".hb-runs__import input").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": text.encode()}])
    page.wait_for_selector(".hb-runs__notice:not([hidden])")
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length > 0")
    return page.locator(".hb-runs__notice").inner_text()


def test_a_drawn_signature_closes_the_run_and_travels_with_its_fingerprint(phone, another_phone, site_url):
    page = _open(phone, site_url)
    form = page.locator(".hb-signoff")
    # The form says who signs, what, where the words come from, and what it cannot prove.
    assert form.locator(".hb-signoff__statement").inner_text() == SIGN_OFF.statement["en"]
    assert "compiled from a V4 clause (Ch. 1, §3" in form.locator(".hb-signoff__source").inner_text()
    assert form.locator(".hb-signoff__limits").inner_text() == _w("limits")
    # 360 px: the signature area fits, every control is big enough to tap.
    width = page.locator(".hb-signoff__canvas").bounding_box()["width"]
    assert 280 <= width <= 360, width
    fit = page.evaluate(MEASURE)
    assert not fit["wide"] and not [s for s in fit["small"] if "signoff" in s], fit
    _start(page)
    page.locator(".hb-signoff__name").fill("王小明")
    _draw(page)
    page.locator(".hb-signoff__sign").tap()
    run = _signed(page)
    assert run["signed"]["name"] == "王小明" and run["signed"]["method"] == "drawn"
    assert run["signed"]["image"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert run["finished_at"] == run["signed"]["at"]
    assert run["sign_off"]["statement"] == SIGN_OFF.statement.model_dump()
    assert page.locator(f"#checklist-{PID} .hb-checklist__notice").inner_text() == _w("signed_msg")

    # The text and CSV name the signer, the time, the method and the fingerprint; the JSON holds it all.
    everything = _export_all(page, site_url)
    [exported] = json.loads(everything)["runs"]
    assert exported["signed"] == run["signed"]
    assert exported["fingerprint"] == fingerprint(exported)  # the office's twin agrees
    item = page.locator(".hb-runs__run")
    page.locator(".hb-runs__format select").select_option("txt")
    text = _download(page, item.locator("button[data-action=download]"))
    assert "\nSigned: 王小明 (Equipment-room duty staff), 2025-10-09 14:00:0" in text
    assert ", drawn signature\n" in text
    assert "\nFingerprint (SHA-256): " + exported["fingerprint"] + "\n" in text
    page.locator(".hb-runs__format select").select_option("csv")
    [row] = [r for r in csv_rows(_download(page, item.locator("button[data-action=download]")), "en")
             if r["step_id"] == "leave-and-tell"]
    assert (row["signed_by"], row["sign_method"], row["fingerprint"]) == ("王小明", "drawn signature", exported["fingerprint"])

    # A fresh browser imports it: the check matches and the signature comes back, drawn.
    fresh = another_phone().new_page()
    fresh.clock.install(time=T0)
    notice = _import(fresh, site_url, everything)
    assert "Warning" not in notice and "changed" not in notice
    [back] = stored_runs(fresh)
    assert back["signed"] == run["signed"] and back["imported"]["fingerprint"] == "matches"
    fresh.locator(".hb-runs__run summary").click()
    img = fresh.locator(".hb-runs__run .hb-signoff-record__image")
    assert img.get_attribute("src") == run["signed"]["image"]
    assert fresh.evaluate("(img) => img.complete && img.naturalWidth > 0", img.element_handle())
    assert fresh.locator(".hb-run-record__check").inner_text() == _w("check_matches")


def test_an_empty_name_or_signature_is_refused_and_the_typed_name_signs_by_keyboard(phone, site_url):
    page = _open(phone, site_url, "zh")
    message = page.locator(".hb-signoff__message")
    page.locator(".hb-signoff__sign").tap()
    assert message.inner_text() == _w("no_run", "zh")
    _start(page, "键盘签字")
    page.locator(".hb-signoff__sign").tap()
    assert message.inner_text() == _w("no_name", "zh")
    page.locator(".hb-signoff__name").fill("Ann Lee")
    page.locator(".hb-signoff__sign").tap()
    assert message.inner_text() == _w("no_strokes", "zh")
    assert not [r for r in stored_runs(page) if r.get("signed")]
    # The keyboard alone: the typed name instead of a drawing.
    page.locator(".hb-signoff__name").focus()
    page.keyboard.press("Tab")  # the first method: draw
    page.keyboard.press("ArrowDown")  # the typed name
    assert page.locator(".hb-signoff__pad").is_hidden()
    page.keyboard.press("Tab")  # the sign button (the pad's clear button is hidden with it)
    page.keyboard.press("Enter")
    run = _signed(page)
    assert (run["signed"]["method"], run["signed"]["image"], run["signed"]["name"]) == ("typed", None, "Ann Lee")
    page.goto(site_url + "/runs/")
    item = page.locator(".hb-runs__run")
    page.locator(".hb-runs__format select").select_option("txt")
    text = _download(page, item.locator("button[data-action=download]"))
    assert "\n签字：Ann Lee（机房值班人员），2025-10-09 14:00:0" in text and "，输入姓名\n" in text


def test_a_signed_run_is_refused_by_the_store_and_copied_instead(phone, site_url):
    page = _open(phone, site_url)
    _start(page)
    page.locator(".hb-signoff__name").fill("Ann Lee")
    _draw(page)
    page.locator(".hb-signoff__sign").tap()
    run = _signed(page)
    # A tick put straight into the store is refused, and nothing of it is written.
    refused = page.evaluate("""async ([id, module]) => {
      const { openStore } = await import(module)
      const store = await openStore()
      const run = await store.get(id)
      run.ticks["anti-static"] = "2025-10-09T06:30:00Z"
      try { await store.put(run); return "stored" } catch (err) { return err.name }
    }""", [run["id"], site_url + "/assets/javascripts/runs-store.js"])
    assert refused == "SignedRunLocked"
    assert stored_runs(page) == [run]
    # My job records: no finish or reopen for it, only a copy to a new open run.
    page.goto(site_url + "/en/runs/")
    item = page.locator(".hb-runs__run")
    assert item.locator(".hb-runs__locked").inner_text() == _w("locked")
    assert item.locator("button[data-action=reopen], button[data-action=finish]").count() == 0
    item.locator("button[data-action=copy-run]").tap()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 2")
    copy = next(r for r in stored_runs(page) if r["id"] != run["id"])
    assert copy.get("signed") is None and copy["finished_at"] is None and copy["copied_from_signed"] == run["id"]
    assert (copy["ticks"], copy["notes"]) == (run["ticks"], run["notes"])
    assert next(r for r in stored_runs(page) if r["id"] == run["id"]) == run
    # The copy continues on the procedure page (the same version), where it can be ticked.
    page.locator(f"#{copy['id']} a.md-button").click()
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    assert page.locator(f"#run-select-{PID}").input_value() == copy["id"]


def test_a_changed_export_is_flagged_on_import_and_a_damaged_signature_named(phone, another_phone, site_url):
    page = _open(phone, site_url)
    _start(page, "signed job")
    page.locator(".hb-signoff__name").fill("Ann Lee")
    _draw(page)
    page.locator(".hb-signoff__sign").tap()
    _signed(page)
    everything = _export_all(page, site_url)
    fresh = another_phone().new_page()
    fresh.clock.install(time=T0)
    # One character of the note changed after export: imported, and flagged loudly (it is signed).
    tampered = everything.replace("值班：李工", "值班：张工", 1)
    assert tampered != everything
    # The office checks the file first, without importing it: nothing stored, each record named.
    fresh.goto(site_url + "/en/runs/")
    fresh.wait_for_selector(".hb-runs__actions:not([hidden])")
    fresh.locator(".hb-runs__check input").set_input_files(
        files=[{"name": "changed.json", "mimeType": "application/json", "buffer": tampered.encode()}])
    fresh.wait_for_selector(".hb-runs__notice:not([hidden])")
    [exported] = json.loads(everything)["runs"]
    assert fresh.locator(".hb-runs__notice").inner_text().splitlines() == [
        _w("checked_file").format(file="changed.json"),
        _w("cli_line").format(number=1, id=exported["id"], label="signed job", check=_w("check_changed_signed"))]
    assert stored_runs(fresh) == []
    notice = _import(fresh, site_url, tampered, "changed.json")
    assert label("signoff.import_signed_changed_one", "en").format(count=1, labels="signed job") in notice
    [back] = stored_runs(fresh)
    assert back["imported"]["fingerprint"] == "changed" and back["notes"]["leave-and-tell"] == "值班：张工"
    warning = fresh.locator(".hb-runs__run .hb-runs__warning.is-signed")
    assert warning.inner_text() == _w("mark_signed_changed") and warning.get_attribute("role") == "alert"
    # A damaged signature image: named, and the record's other content imported.
    data = json.loads(everything)
    data["runs"][0]["id"] = "run-00000000000000dd"
    data["runs"][0]["signed"]["image"] = data["runs"][0]["signed"]["image"][:40] + "!!" + data["runs"][0]["signed"]["image"][42:]
    notice = _import(fresh, site_url, json.dumps(data), "damaged.json")
    assert label("signoff.import_damaged_one", "en").format(count=1, labels="signed job") in notice
    damaged = next(r for r in stored_runs(fresh) if r["id"] == "run-00000000000000dd")
    assert damaged["imported"]["signature_damaged"] is True and damaged["ticks"] == back["ticks"]
    item = fresh.locator("#run-00000000000000dd")
    item.locator("summary").click()
    assert item.locator(".hb-signoff-record__damaged").inner_text() == _w("signature_damaged")


def test_the_printed_record_shows_the_signature_and_the_fingerprint(phone, site_url):
    page = _open(phone, site_url, "zh")
    _start(page, "打印")
    page.locator(".hb-signoff__name").fill("王小明")
    _draw(page)
    page.locator(".hb-signoff__sign").tap()
    run = _signed(page)
    page.goto(site_url + "/runs/")
    page.wait_for_selector(".hb-runs__run")
    page.evaluate("() => { window.print = () => {} }")
    page.locator(".hb-runs__run button[data-action=print]").tap()
    page.wait_for_selector(".hb-run-print .hb-signoff-record__image", state="attached")
    page.emulate_media(media="print")
    printed = page.locator(".hb-run-print")
    assert printed.is_visible() and page.locator(".hb-runs").is_hidden()
    img = printed.locator(".hb-signoff-record__image")
    assert img.is_visible() and img.get_attribute("src") == run["signed"]["image"]
    assert img.get_attribute("alt") == "王小明 的手写签名"
    assert printed.locator(".hb-signoff-record__statement").inner_text() == SIGN_OFF.statement["zh"]
    signer = printed.locator(".hb-signoff-record__signer").inner_text()
    assert signer.startswith("签字：王小明（机房值班人员），2025-10-09 14:00:0") and signer.endswith("，手写签名")
    fingerprint_shown = printed.locator(".hb-run-record__fingerprint").inner_text()
    page.emulate_media(media="screen")
    exported = json.loads(_export_all(page, site_url))["runs"][0]
    assert fingerprint_shown == exported["fingerprint"]


PHOTOS_STORED = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("handbook-records")
  req.onerror = () => reject(req.error)
  req.onsuccess = () => {
    const all = req.result.transaction("photos").objectStore("photos").getAll()
    all.onsuccess = () => { resolve(all.result.map((p) => [p.id, p.run, p.blob.size])); req.result.close() }
    all.onerror = () => reject(all.error)
  }
})"""


def test_a_copy_of_a_signed_run_keeps_its_photos_when_the_original_is_deleted(phone, site_url):
    """The copy's photos are its own images, not references to the signed run's, which go
    with it when it is deleted."""
    from test_run_photos import STEP, _add_photo

    page = _open(phone, site_url)
    _start(page)
    _add_photo(page, "en", STEP)
    page.locator(".hb-signoff__name").fill("Ann Lee")
    _draw(page)
    page.locator(".hb-signoff__sign").tap()
    run = _signed(page)
    [photo] = run["photos"]
    page.goto(site_url + "/en/runs/")
    page.locator(".hb-runs__run button[data-action=copy-run]").tap()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 2")
    copy = next(r for r in stored_runs(page) if r["id"] != run["id"])
    [copied] = copy["photos"]
    assert copied["id"] != photo["id"] and {k: v for k, v in copied.items() if k != "id"} == {
        k: v for k, v in photo.items() if k != "id"}
    page.locator(f"#{run['id']} button[data-action=delete]").tap()
    page.wait_for_function("() => document.querySelectorAll('.hb-runs__run').length === 1")
    stored = page.evaluate(PHOTOS_STORED)
    assert [(pid, owner) for pid, owner, _ in stored] == [(copied["id"], copy["id"])]
    assert stored[0][2] == photo["bytes"]
