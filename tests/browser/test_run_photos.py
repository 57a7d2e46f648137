"""Photos at a checklist step (run-photos.js): taken from the step, reduced in the browser to
1600 px, kept with the run in IndexedDB's photos store (the run holds references only),
shown as a thumbnail that opens large, removed on request; bad files, storage full and
damaged imports each say what happened and lose nothing else; the JSON and zip exports carry
the images and an import on another browser restores them byte for byte; text and CSV name
them; the printed record shows them; finishing names a required photo missing. Images are
made in the page (OffscreenCanvas): no image library is needed."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from handbook.labels import label
from run_exports import PID, csv_rows
from scripts.local_browser import guard_offsite
from stored_runs import stored_runs

pytestmark = pytest.mark.browser

ROOM = "/conduct/equipment-room/"
STEP = "clean-up"  # the step whose photo the procedure requires (checklists/equipment-room-work.yml)
STEP_NUMBER = 9


def _prefix(lang):
    return "" if lang == "zh" else "/en"


def _w(key, lang, **values):
    text = label("checklist.photo." + key, lang)
    return text.format(**values) if values else text


# A JPEG or PNG drawn in the page: a gradient and coloured blocks (no randomness), as base64.
MAKE_IMAGE = """async ({w, h, type}) => {
  const c = new OffscreenCanvas(w, h)
  const x = c.getContext("2d")
  const g = x.createLinearGradient(0, 0, w, h)
  g.addColorStop(0, "#c33"); g.addColorStop(1, "#33c")
  x.fillStyle = g; x.fillRect(0, 0, w, h)
  for (let i = 0; i < 3000; i++) { x.fillStyle = `hsl(${(i * 37) % 360}, 60%, 50%)`; x.fillRect((i * 7919) % w, (i * 104729) % h, 60, 45) }
  const blob = await c.convertToBlob({type, quality: 0.95})
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let s = ""
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}"""

# The photos store: {id, run, step, size, data (base64)} per photo.
STORED_PHOTOS = """() => new Promise((resolve, reject) => {
  const req = indexedDB.open("handbook-records")
  req.onerror = () => reject(req.error)
  req.onsuccess = () => {
    const all = req.result.transaction("photos").objectStore("photos").getAll()
    all.onerror = () => reject(all.error)
    all.onsuccess = async () => {
      const out = []
      for (const p of all.result) {
        const bytes = new Uint8Array(await p.blob.arrayBuffer())
        let s = ""
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        out.push({id: p.id, run: p.run, step: p.step, size: p.blob.size, type: p.blob.type, data: btoa(s)})
      }
      resolve(out.sort((a, b) => (a.id < b.id ? -1 : 1)))
    }
  }
})"""


def _image(page, w=4000, h=3000, kind="image/jpeg") -> bytes:
    return base64.b64decode(page.evaluate(MAKE_IMAGE, {"w": w, "h": h, "type": kind}))


def _open(context, site_url, lang="en"):
    page = context.new_page()
    page.goto(site_url + _prefix(lang) + ROOM)
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    return page


def _take(page, step, name, mime, data):
    page.locator(f"#step-{PID}-{step} .hb-step-photos__take input").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}])


def _notice(page):
    return page.locator(f"#checklist-{PID} .hb-checklist__notice")


def _thumbs(page, step=STEP):
    return page.locator(f"#step-{PID}-{step} .hb-step-photos__item")


def _wait_stored(page, count):
    for _ in range(100):
        runs = stored_runs(page)
        if runs and len(runs[0].get("photos", [])) == count:
            return runs[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"the run never held {count} photos: {stored_runs(page)}")


def _add_photo(page, lang="en", step=STEP, number=STEP_NUMBER, w=4000, h=3000):
    _take(page, step, "IMG_0001.jpg", "image/jpeg", _image(page, w, h))
    page.wait_for_function(
        f"() => [...document.querySelectorAll('#step-{PID}-{step} .hb-step-photos__item img')].some((i) => i.complete && i.naturalWidth)")
    saved = label("checklist.photo.saved", lang).split("{kb}")[0].format(number=number)
    page.wait_for_function("(t) => document.querySelector('.hb-checklist__notice').textContent.startsWith(t)", arg=saved)


def _download_bytes(page, locator) -> tuple[str, bytes]:
    with page.expect_download() as info:
        locator.click()
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_large_photo_is_reduced_stored_apart_shown_and_removed(phone, site_url, lang):
    page = _open(phone, site_url, lang)
    _add_photo(page, lang)
    run = _wait_stored(page, 1)
    ref = run["photos"][0]
    # Reduced: the longest side 1600 px, proportions kept, a JPEG of a few hundred KB.
    assert (ref["width"], ref["height"]) == (1600, 1200)
    assert ref["mime"] == "image/jpeg" and ref["step"] == STEP
    assert 20_000 < ref["bytes"] <= 600 * 1024
    assert list(ref) == ["id", "step", "taken_at", "mime", "width", "height", "bytes"]  # a reference only
    stored = page.evaluate(STORED_PHOTOS)
    assert [(p["id"], p["run"], p["step"], p["size"], p["type"]) for p in stored] == [
        (ref["id"], run["id"], STEP, ref["bytes"], "image/jpeg")]
    assert base64.b64decode(stored[0]["data"])[:3] == b"\xff\xd8\xff"
    # Not in the localStorage journal beyond its reference (the journal is emptied once stored).
    journal = page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('handbook-records:')).map((k) => localStorage.getItem(k)).join('')")
    assert stored[0]["data"][:100] not in journal
    # The thumbnail: alt text with the step and time, a button of at least 44 px that opens it large.
    item = _thumbs(page).first
    alt = item.locator("img").get_attribute("alt")
    assert alt.startswith(_w("alt", lang, number=STEP_NUMBER, time="")[:6])
    opener = item.locator("button.hb-step-photos__open")
    box = opener.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert opener.get_attribute("aria-label").startswith(_w("open", lang, number=STEP_NUMBER, time="")[:8])
    opener.tap()
    viewer = page.locator("dialog.hb-photo-viewer")
    assert viewer.is_visible()
    assert viewer.locator("img").evaluate("(i) => i.naturalWidth") == 1600
    page.keyboard.press("Escape")
    assert not viewer.is_visible()
    # A reload shows it again.
    page.reload()
    page.wait_for_selector(f"#checklist-{PID}.is-ready")
    page.wait_for_function(f"() => document.querySelector('#step-{PID}-{STEP} .hb-step-photos__item img')?.naturalWidth > 0")
    # Removed, after a confirmation, from the record and the store.
    asked = []
    page.on("dialog", lambda d: (asked.append(d.message), d.accept()))
    remove = _thumbs(page).first.locator("button.hb-step-photos__remove")
    assert remove.bounding_box()["height"] >= 44
    remove.tap()
    assert asked == [_w("remove_confirm", lang)]
    expect(_thumbs(page)).to_have_count(0)
    _wait_stored(page, 0)
    for _ in range(50):
        if not page.evaluate(STORED_PHOTOS):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(STORED_PHOTOS) == []
    assert _notice(page).inner_text() == _w("removed", lang, number=STEP_NUMBER)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_files_are_refused_with_their_reason_and_nothing_else_is_lost(phone, site_url, lang):
    page = _open(phone, site_url, lang)
    page.locator(f"#step-{PID}-enter-with-consent .hb-checklist__label input").tap()
    for _ in range(50):
        if stored_runs(page):
            break
        page.wait_for_timeout(100)
    # Not an image (a text file, whatever it is called).
    _take(page, STEP, "notes.txt", "text/plain", "work order 17\n".encode())
    page.wait_for_function("(t) => document.querySelector('.hb-checklist__notice').textContent === t",
                           arg=_w("not_image", lang, file="notes.txt"))
    # Over the limit (40 MB): refused before it is read, with the limit stated.
    big = b"\xff\xd8\xff\xe0" + bytes(40 * 1024 * 1024)
    _take(page, STEP, "huge.jpg", "image/jpeg", big)
    page.wait_for_function("(t) => document.querySelector('.hb-checklist__notice').textContent === t",
                           arg=_w("too_big", lang, file="huge.jpg", mb="40.0", limit=30))
    # Says it is a JPEG but does not decode.
    broken = _image(page, 200, 150)[:300] + bytes(range(256)) * 4
    _take(page, STEP, "broken.jpg", "image/jpeg", broken)
    page.wait_for_function("(t) => document.querySelector('.hb-checklist__notice').textContent === t",
                           arg=_w("broken", lang, file="broken.jpg"))
    expect(_thumbs(page)).to_have_count(0)
    run = stored_runs(page)[0]
    assert list(run["ticks"]) == ["enter-with-consent"] and run.get("photos", []) == []
    assert page.evaluate(STORED_PHOTOS) == []


STORAGE_NEARLY_FULL = """
  navigator.storage.estimate = async () => ({quota: 200 * 1024 * 1024, usage: 200 * 1024 * 1024 - 50 * 1024})
"""
PHOTO_PUT_FULL = """
  const put = IDBObjectStore.prototype.put
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === "photos") throw new DOMException("The quota has been exceeded.", "QuotaExceededError")
    return put.apply(this, args)
  }
"""


@pytest.mark.parametrize("script", [STORAGE_NEARLY_FULL, PHOTO_PUT_FULL], ids=["estimate", "put-throws"])
def test_storage_full_says_so_and_keeps_the_run(browser, context_options, offsite_requests, site_url, script):
    context = browser.new_context(**context_options, viewport={"width": 360, "height": 740}, service_workers="block")
    guard_offsite(context, offsite_requests)
    context.add_init_script(script)
    try:
        page = _open(context, site_url, "en")
        page.locator(f"#step-{PID}-enter-with-consent .hb-checklist__label input").click()
        for _ in range(50):
            if stored_runs(page):
                break
            page.wait_for_timeout(100)
        _take(page, STEP, "IMG_0002.jpg", "image/jpeg", _image(page, 1200, 900))
        page.wait_for_function("(t) => document.querySelector('.hb-checklist__notice').textContent === t",
                               arg=_w("quota", "en", number=STEP_NUMBER))
        assert _thumbs(page).count() == 0
        page.locator(f"#step-{PID}-bring-items .hb-checklist__label input").click()  # the run goes on
        for _ in range(50):
            run = stored_runs(page)[0]
            if len(run["ticks"]) == 2:
                break
            page.wait_for_timeout(100)
        assert sorted(run["ticks"]) == ["bring-items", "enter-with-consent"] and run.get("photos", []) == []
        # My job records offers to export and clear finished records.
        page.goto(site_url + "/en/runs/")
        assert page.locator("button[data-action=clear-finished]").inner_text() == _w("clear_finished", "en")
    finally:
        context.close()
    assert not offsite_requests


def test_finishing_names_a_required_photo_missing(phone, site_url):
    page = _open(phone, site_url, "en")
    for step in ("enter-with-consent", "bring-items", "follow-room-rules", "anti-static"):
        page.locator(f"#step-{PID}-{step} .hb-checklist__label input").tap()
    page.locator(f"#step-{PID}-removable-media-needed input[type=radio]").nth(1).tap()
    page.locator(f"#step-{PID}-fault-affects-operation input[type=radio]").nth(1).tap()
    for step in ("clean-up", "return-borrowed", "leave-and-tell"):
        page.locator(f"#step-{PID}-{step} .hb-checklist__label input").tap()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator(f"#checklist-{PID} button[data-action=finish]").tap()
    text = "9. " + next(s for s in __import__("run_exports").STEPS if s.id == STEP).text["en"]
    assert asked == [_w("missing_one", "en", count=1, steps=text) + "\n" + label("checklist.finish_confirm", "en")]
    # With the photo, the plain question.
    _add_photo(page)
    _wait_stored(page, 1)
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator(f"#checklist-{PID} button[data-action=finish]").tap()
    assert asked[-1] == label("checklist.finish_confirm", "en")


def test_exports_carry_the_photos_and_an_import_elsewhere_restores_them(phone, another_phone, site_url):
    page = _open(phone, site_url, "en")
    page.locator(f"#run-label-{PID}").fill("WO-PHOTO")
    _add_photo(page, step="enter-with-consent", number=1, w=3000, h=4000)
    _add_photo(page)
    run = _wait_stored(page, 2)
    stored = {p["id"]: p["data"] for p in page.evaluate(STORED_PHOTOS)}
    root = page.locator(f"#checklist-{PID}")
    fmt = root.locator("select[data-role=format]")
    # JSON of one run: each photo with its image as base64, keys in a fixed order.
    fmt.select_option("json")
    _, raw = _download_bytes(page, root.locator("button[data-action=download]"))
    exported = json.loads(raw)["runs"][0]
    assert [list(p) for p in exported["photos"]] == [["id", "step", "taken_at", "mime", "width", "height", "bytes", "data"]] * 2
    assert {p["id"]: p["data"] for p in exported["photos"]} == stored
    assert [(p["width"], p["height"]) for p in exported["photos"]] == [(1200, 1600), (1600, 1200)]
    # Text and CSV name them: step, time, file name.
    fmt.select_option("txt")
    _, raw = _download_bytes(page, root.locator("button[data-action=download]"))
    text = raw.decode()
    for p in run["photos"]:
        assert p["id"] + ".jpg" in text
    fmt.select_option("csv")
    _, raw = _download_bytes(page, root.locator("button[data-action=download]"))
    rows = {r["step_id"]: r for r in csv_rows(raw.decode("utf-8"), "en")}
    assert rows[STEP]["photos"].startswith(run["photos"][1]["id"] + ".jpg 20")
    assert rows["bring-items"]["photos"] == ""
    # Export all: a zip (smaller than the JSON with base64), holding that JSON.
    page.goto(site_url + "/en/runs/")
    page.wait_for_selector(".hb-runs__actions:not([hidden])")
    name, raw = _download_bytes(page, page.locator("button[data-action=export-all]"))
    assert name.endswith(".zip")
    inner = zipfile.ZipFile(io.BytesIO(raw))
    [entry] = inner.namelist()
    data = json.loads(inner.read(entry))
    assert len(raw) < len(inner.read(entry))
    assert {p["id"]: p["data"] for p in data["runs"][0]["photos"]} == stored
    # Another phone: the zip imported, the photos byte for byte, shown with the record.
    fresh = another_phone().new_page()
    fresh.goto(site_url + "/en/runs/")
    fresh.wait_for_selector(".hb-runs__actions:not([hidden])")
    fresh.locator(".hb-runs__import input").set_input_files(files=[{"name": name, "mimeType": "application/zip", "buffer": raw}])
    fresh.wait_for_selector(".hb-runs__run")
    assert {p["id"]: p["data"] for p in fresh.evaluate(STORED_PHOTOS)} == stored
    [copy] = stored_runs(fresh)
    assert [p["id"] for p in copy["photos"]] == [p["id"] for p in run["photos"]]
    item = fresh.locator(".hb-runs__run").filter(has_text="WO-PHOTO")
    item.locator("summary").click()
    fresh.wait_for_function("() => document.querySelectorAll('.hb-photo-grid__item img').length === 2")
    # The plain JSON imports too, and the same run is known again (nothing added).
    plain = json.dumps(data).encode()
    fresh.locator(".hb-runs__import input").set_input_files(files=[{"name": "x.json", "mimeType": "application/json", "buffer": plain}])
    fresh.wait_for_function("(t) => document.querySelector('.hb-runs__notice').textContent.startsWith(t)",
                            arg=label("runs.imported", "en").format(added=0, same=1, copies=0))


def test_an_import_with_damaged_image_data_keeps_the_rest_and_names_the_photo(phone, another_phone, site_url):
    page = _open(phone, site_url, "en")
    page.locator(f"#run-label-{PID}").fill("WO-DAMAGED")
    _add_photo(page, step="enter-with-consent", number=1, w=800, h=600)
    _add_photo(page, w=800, h=600)
    run = _wait_stored(page, 2)
    root = page.locator(f"#checklist-{PID}")
    root.locator("select[data-role=format]").select_option("json")
    _, raw = _download_bytes(page, root.locator("button[data-action=download]"))
    data = json.loads(raw)
    bad = data["runs"][0]["photos"][1]
    bad["data"] = bad["data"][: len(bad["data"]) // 2]  # cut off halfway
    fresh = another_phone().new_page()
    fresh.goto(site_url + "/en/runs/")
    fresh.wait_for_selector(".hb-runs__actions:not([hidden])")
    fresh.locator(".hb-runs__import input").set_input_files(
        files=[{"name": "records.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()}])
    fresh.wait_for_selector(".hb-runs__run")
    notice = fresh.locator(".hb-runs__notice").inner_text()
    assert _w("damaged", "en", file=bad["id"] + ".jpg", number=STEP_NUMBER, run="WO-DAMAGED") in notice
    [copy] = stored_runs(fresh)
    assert [p["id"] for p in copy["photos"]] == [run["photos"][0]["id"]]
    assert copy["ticks"] == run["ticks"] and copy["label"] == "WO-DAMAGED"
    assert [p["id"] for p in fresh.evaluate(STORED_PHOTOS)] == [run["photos"][0]["id"]]
    # Deleting the record deletes its photos.
    fresh.once("dialog", lambda d: d.accept())
    fresh.locator(".hb-runs__run button[data-action=delete]").click()
    fresh.wait_for_selector(".hb-runs__none >> nth=1")
    assert fresh.evaluate(STORED_PHOTOS) == [] and stored_runs(fresh) == []


def test_the_printed_record_shows_the_photos_on_one_a4_sheet(desktop, site_url):
    from pypdf import PdfReader

    page = _open(desktop, site_url, "en")
    _add_photo(page, step="enter-with-consent", number=1, w=1600, h=1200)
    _add_photo(page, w=1200, h=1600)
    _wait_stored(page, 2)
    page.evaluate("() => { window.print = () => {} }")  # the record stays in the page, as while printing
    page.locator(f"#checklist-{PID} button[data-action=print-record]").click()
    grid = page.locator(".hb-run-print .hb-photo-grid__item")
    expect(grid).to_have_count(2)
    assert grid.nth(1).locator(".hb-photo-grid__caption").inner_text().startswith(f"Step {STEP_NUMBER} · ")
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) == 1
    assert len(pdf.pages[0].images) == 2
    assert "Step 9 ·" in pdf.pages[0].extract_text()


def test_a_version_1_database_keeps_its_runs_when_photos_arrive(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en/")
    page.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("handbook-records", 1)
      req.onupgradeneeded = () => req.result.createObjectStore("runs", {keyPath: "id"}).createIndex("procedure", "procedure")
      req.onsuccess = () => {
        const t = req.result.transaction("runs", "readwrite")
        t.objectStore("runs").put({format: 1, id: "run-0000000000000001", label: "OLD", procedure: "equipment-room-work",
          version: 1, status: "compiled", title: {zh: "t", en: "t"}, steps: [{id: "a", text: {zh: "a", en: "a"}}],
          started_at: "2025-10-09T06:00:00Z", updated_at: "2025-10-09T06:00:00Z", finished_at: null,
          ticks: {a: "2025-10-09T06:00:00Z"}, answers: {}, notes: {}})
        t.oncomplete = () => { req.result.close(); resolve() }
        t.onerror = () => reject(t.error)
      }
    })""")
    page.goto(site_url + "/en/runs/")
    page.wait_for_selector(".hb-runs__run#run-0000000000000001")
    assert page.evaluate("""() => new Promise((resolve) => {
      const req = indexedDB.open("handbook-records")
      req.onsuccess = () => resolve([req.result.version, [...req.result.objectStoreNames].sort()])
    })""") == [2, ["photos", "runs"]]


def test_my_runs_exports_then_clears_finished_records_with_their_photos(phone, site_url):
    page = _open(phone, site_url, "en")
    page.locator(f"#run-label-{PID}").fill("WO-DONE")
    _add_photo(page, w=800, h=600)
    done = _wait_stored(page, 1)
    page.once("dialog", lambda d: d.accept())
    page.locator(f"#checklist-{PID} button[data-action=finish]").tap()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('run')")
    page.locator(f"#step-{PID}-enter-with-consent .hb-checklist__label input").tap()  # a new, open run
    for _ in range(50):
        if len(stored_runs(page)) == 2:
            break
        page.wait_for_timeout(100)
    page.goto(site_url + "/en/runs/")
    page.wait_for_selector(".hb-runs__run")
    assert "1 photo" in page.locator(f"#{done['id']} .hb-runs__meta").inner_text()
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    name, raw = _download_bytes(page, page.locator("button[data-action=clear-finished]"))
    assert asked == [_w("clear_confirm_one", "en", count=1)]
    exported = json.loads(zipfile.ZipFile(io.BytesIO(raw)).read(zipfile.ZipFile(io.BytesIO(raw)).namelist()[0]))
    assert [r["id"] for r in exported["runs"]] == [done["id"]] and exported["runs"][0]["photos"][0]["data"]
    page.wait_for_function("(t) => document.querySelector('.hb-runs__notice').textContent === t",
                           arg=_w("cleared_one", "en", count=1))
    left = stored_runs(page)
    assert len(left) == 1 and left[0]["id"] != done["id"] and not left[0]["finished_at"]
    assert page.evaluate(STORED_PHOTOS) == []


def test_a_printed_record_with_many_photos_is_paged_without_splitting_one(desktop, site_url):
    from pypdf import PdfReader

    page = _open(desktop, site_url, "en")
    for n in range(1, 17):  # each its own image (a PDF draws the same image once)
        _take(page, STEP, f"IMG_{n}.jpg", "image/jpeg", _image(page, 600 + n, 800))
        page.wait_for_function("(n) => document.querySelectorAll('.hb-step-photos__item').length === n", arg=n)
    _wait_stored(page, 16)
    page.evaluate("() => { window.print = () => {} }")
    page.locator(f"#checklist-{PID} button[data-action=print-record]").click()
    expect(page.locator(".hb-run-print .hb-photo-grid__item")).to_have_count(16)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    counts = [len(p.images) for p in pdf.pages]
    # More than a sheet holds: paged, and each photo whole on one sheet (a split one would be drawn on two).
    assert len(counts) > 1 and sum(counts) == 16, counts
    # Each caption on the sheet of its photo.
    assert [p.extract_text().count("Step 9 ·") for p in pdf.pages] == counts
