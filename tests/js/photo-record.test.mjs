// photo-record.js under Node: the reduced size, the file checks before decoding, base64 both
// ways, which required photos are missing at finishing, the export's photo objects (keys in a
// fixed order, the image as base64) and an import's checks of damaged image data. The text
// and CSV lines are checked through run-record.js with stand-in words.
import assert from "node:assert/strict"
import { test } from "node:test"

import {
  LONGEST_SIDE, MAX_INPUT_BYTES, checkFile, fitSize, fromBase64, missingPhotos, photoFileName, sniffImage, takePhotoData,
  toBase64, withPhotoData
} from "../../overrides/assets/javascripts/photo-record.js"
import { asCsv, asText, finishQuestion, parseCsv } from "../../overrides/assets/javascripts/run-record.js"

const text = (id) => ({ zh: id + "-zh", en: id })
const STEPS = [
  { id: "a", text: text("a") },
  { id: "q", text: text("q"), branches: [{ when: text("yes"), next: "b" }, { when: text("no"), next: "c" }] },
  { id: "b", text: text("b"), photo: { need: "required", caption: text("cap-b") } },
  { id: "c", text: text("c"), end: true, photo: { need: "required", caption: text("cap-c") } }
]
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 0xff, 0xd9])
const ref = (id, step, bytes = JPEG.length) => ({
  id, step, taken_at: "2025-10-09T06:05:00Z", mime: "image/jpeg", width: 1600, height: 1200, bytes
})
const run = (ticks = {}, answers = {}, photos) => ({
  format: 1, id: "run-0011223344556677", label: "WO-1", procedure: "p", version: 1, status: "compiled",
  title: text("title"), steps: STEPS, started_at: "2025-10-09T06:00:00Z", updated_at: "2025-10-09T06:00:00Z",
  finished_at: null, ticks, answers, notes: {}, ...(photos ? { photos } : {})
})
const WORDS = {
  status_compiled: "compiled", status_draft: "draft", colon: ": ", sep: ", ", paren: " ({text})", finish_confirm: "Finish?",
  finish_undone: "{count} steps are not done:\n{steps}\nFinish?", finish_undone_one: "{count} step is not done:\n{steps}\nFinish?",
  label: "Label", procedure: "Procedure", version: "v{version}", started: "Started", finished: "Finished",
  progress: "Progress", run_id: "Id", states_key: "Key", note: "Note", no_label: "(none)",
  state: { done: "DONE", not_done: "NOT DONE", not_reached: "NOT YET", off_path: "OFF" },
  csv: Object.fromEntries(["run_id", "label", "procedure", "version", "status", "title", "started_at", "finished_at",
    "imported", "step_number", "step_id", "step_text", "state", "ticked_at", "answer", "answered_at", "note", "photos"]
    .map((k) => [k, "H:" + k])),
  photo: {
    missing: "Photos missing at {count} steps:\n{steps}", missing_one: "Photo missing at {count} step:\n{steps}",
    line: "Photo: {file}, taken {time}"
  }
}

test("a photo is reduced to 1600 px on its longest side, never enlarged", () => {
  assert.equal(LONGEST_SIDE, 1600)
  assert.deepEqual(fitSize(4000, 3000), { width: 1600, height: 1200 })
  assert.deepEqual(fitSize(3000, 4000), { width: 1200, height: 1600 })
  assert.deepEqual(fitSize(4032, 3024), { width: 1600, height: 1200 })
  assert.deepEqual(fitSize(800, 600), { width: 800, height: 600 })
  assert.deepEqual(fitSize(10000, 3), { width: 1600, height: 1 })
})

test("a file is checked before it is decoded: too big, not an image, or worth decoding", () => {
  const head = (bytes) => Uint8Array.from([...bytes, ...new Array(24).fill(0)])
  assert.equal(sniffImage(head([0xff, 0xd8, 0xff, 0xe1])), "image/jpeg")
  assert.equal(sniffImage(head([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "image/png")
  assert.equal(sniffImage(head([0, 0, 0, 0x18, ..."ftypheic"].map((c) => (typeof c === "string" ? c.charCodeAt(0) : c)))), "image/heic")
  assert.equal(sniffImage(head([..."work order"].map((c) => c.charCodeAt(0)))), null)
  assert.equal(checkFile({ size: MAX_INPUT_BYTES + 1, type: "image/jpeg" }, head([0xff, 0xd8, 0xff])), "too_big")
  assert.equal(checkFile({ size: 40 * 1024 * 1024, type: "image/jpeg" }, head([0xff, 0xd8, 0xff])), "too_big")
  assert.equal(checkFile({ size: 12, type: "text/plain" }, head([0x77, 0x6f])), "not_image")
  assert.equal(checkFile({ size: 12, type: "" }, head([0xff, 0xd8, 0xff])), "ok") // no type, but the bytes say JPEG
  assert.equal(checkFile({ size: 12, type: "image/jpeg" }, head([1, 2, 3])), "ok") // decoding decides: "broken"
})

test("base64 both ways, and text that is not base64 is refused", () => {
  const bytes = Uint8Array.from({ length: 100000 }, (_, i) => (i * 31) % 256)
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes)
  assert.equal(toBase64(JPEG), Buffer.from(JPEG).toString("base64"))
  assert.equal(fromBase64("not base64!"), null)
  assert.equal(fromBase64("abc"), null)
  assert.equal(fromBase64(null), null)
})

test("finishing names a required photo missing on the path, never one off the path", () => {
  // "yes" at q: b and c are on the path, both require a photo.
  const yes = run({ a: "t", b: "t", c: "t" }, { q: { branch: 0, at: "t" } })
  assert.deepEqual(missingPhotos(yes).map((m) => m.number), [3, 4])
  // "no": b is off the path; c has its photo.
  const no = run({ a: "t", c: "t" }, { q: { branch: 1, at: "t" } }, [ref("photo-1", "c")])
  assert.deepEqual(missingPhotos(no), [])
  assert.equal(finishQuestion(no, "en", WORDS), "Finish?")
  const one = run({ a: "t", c: "t" }, { q: { branch: 1, at: "t" } })
  assert.equal(finishQuestion(one, "en", WORDS), "Photo missing at 1 step:\n4. c\nFinish?")
  assert.equal(finishQuestion(yes, "zh", WORDS), "Photos missing at 2 steps:\n3. b-zh\n4. c-zh\nFinish?")
  // With undone steps too: those first, then the photos, then the question.
  const both = run({ a: "t" }, { q: { branch: 1, at: "t" } })
  assert.equal(finishQuestion(both, "en", WORDS), "1 step is not done:\n4. c\nPhoto missing at 1 step:\n4. c\nFinish?")
})

test("the text and CSV name each photo: step, time, file name", () => {
  process.env.TZ = "Asia/Shanghai"
  const r = run({ a: "t" }, {}, [ref("photo-aa", "a"), ref("photo-bb", "a")])
  assert.equal(photoFileName(r.photos[0]), "photo-aa.jpg")
  const lines = asText(r, "en", WORDS).split("\n")
  const at = lines.findIndex((l) => l.includes(" 1. a"))
  assert.deepEqual(lines.slice(at + 1, at + 3), [
    "    Photo: photo-aa.jpg, taken 2025-10-09 14:05:00 +08:00", "    Photo: photo-bb.jpg, taken 2025-10-09 14:05:00 +08:00"])
  const rows = parseCsv(asCsv(r, "en", WORDS))
  const col = rows[0].indexOf("H:photos")
  assert.equal(rows[1][col], "photo-aa.jpg 2025-10-09T14:05:00+08:00; photo-bb.jpg 2025-10-09T14:05:00+08:00")
  assert.equal(rows[2][col], "")
})

test("the export gives each photo its image as base64, keys in a fixed order", () => {
  const r = run({}, {}, [{ bytes: JPEG.length, width: 1600, id: "photo-aa", height: 1200, step: "a", mime: "image/jpeg", taken_at: "x" }])
  const out = withPhotoData(r, new Map([["photo-aa", JPEG]]))
  assert.deepEqual(Object.keys(out.photos[0]), ["id", "step", "taken_at", "mime", "width", "height", "bytes", "data"])
  assert.equal(out.photos[0].data, Buffer.from(JPEG).toString("base64"))
  assert.equal(withPhotoData(r, new Map()).photos[0].data, null) // an image lost is said, not dropped
  assert.equal(r.photos[0].data, undefined) // the stored run is left as it is
  assert.equal(withPhotoData(run(), new Map()).photos, undefined)
})

test("an import keeps sound photos and names each damaged one with its step", () => {
  const good = { ...ref("photo-aa", "a"), data: toBase64(JPEG) }
  const cut = { ...ref("photo-bb", "c"), data: toBase64(JPEG).slice(0, 8) }
  const notJpeg = { ...ref("photo-cc", "c", 4), data: toBase64(Uint8Array.from([1, 2, 3, 4])) }
  const garbage = { ...ref("photo-dd", "a"), data: "%%%" }
  const noStep = { ...ref("photo-ee", "zz"), data: toBase64(JPEG) }
  const taken = takePhotoData(run({}, {}, [good, cut, notJpeg, garbage, noStep]))
  assert.deepEqual(taken.run.photos, [ref("photo-aa", "a")])
  assert.deepEqual([...taken.images.keys()], ["photo-aa"])
  assert.deepEqual(taken.images.get("photo-aa"), JPEG)
  assert.deepEqual(taken.damaged.map((d) => [d.number, d.photo.id]), [[4, "photo-bb"], [4, "photo-cc"], [1, "photo-dd"], [0, "photo-ee"]])
  // A run from before photos: nothing to take.
  assert.equal(takePhotoData(run()).run.photos, undefined)
})
