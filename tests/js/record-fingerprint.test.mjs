// The fingerprint and the sign-off of a job record under Node (record-fingerprint.js,
// signoff-record.js and how run-record.js exports and imports them): the canonical form, the
// digest against Node's own SHA-256 (and the module's fallback for pages without
// crypto.subtle), a changed character found on import, a damaged signature named, a signed
// run's lines in the text and CSV. The words are stand-ins; the browser tests use data/labels.yml's.
import assert from "node:assert/strict"
import { createHash, randomBytes } from "node:crypto"
import { test } from "node:test"

import { canonicalJson, checkFingerprint, fingerprint, sha256 } from "../../overrides/assets/javascripts/record-fingerprint.js"
import { asCsv, asJson, asText, exportRun, mergeRuns, parseCsv, runsFromFile } from "../../overrides/assets/javascripts/run-record.js"
import { copyOfSigned, signatureIntact } from "../../overrides/assets/javascripts/signoff-record.js"

const text = (id) => ({ zh: id + "-zh", en: id })
// A 1×1 white PNG.
const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg=="
const signed = (extra = {}) => ({
  format: 1, id: "run-00112233445566ff", label: "机房 A，2 号柜", procedure: "p", version: 3, status: "compiled",
  title: text("title"), steps: [{ id: "a", text: { zh: "离开机房时与值班人员打招呼。", en: "Tell the duty staff." } }],
  started_at: "2025-10-09T06:00:00Z", updated_at: "2025-10-09T06:05:00Z", finished_at: "2025-10-09T06:05:00Z",
  ticks: { a: "2025-10-09T06:01:00Z" }, answers: {}, notes: { a: "值班：李工\n\"ok\"" },
  sign_off: { role: "duty-staff", role_name: { zh: "机房值班人员", en: "Duty staff" }, clause: "x.md#y",
    cite: { zh: "第一章 3.", en: "Ch. 1, §3" }, statement: { zh: "本人确认。", en: "I confirm." } },
  signed: { name: "王小明", at: "2025-10-09T06:05:00Z", method: "drawn", image: PNG },
  ...extra
})
const WORDS = {
  status_compiled: "compiled", status_draft: "draft", colon: ": ", sep: ", ", paren: " ({text})", bad_file: "bad ({where})",
  label: "Label", procedure: "Procedure", version: "v{version}", started: "Started", finished: "Finished", progress: "Progress",
  run_id: "Id", states_key: "Key", note: "Note", no_label: "(none)", origin: "Origin", imported_from: "from {file}", copy_of: "",
  state: { done: "DONE", not_done: "NOT DONE", not_reached: "NOT YET", off_path: "OFF" },
  csv: Object.fromEntries(["run_id", "label", "procedure", "version", "status", "title", "started_at", "finished_at",
    "imported", "step_number", "step_id", "step_text", "state", "ticked_at", "answer", "answered_at", "note",
    "signed_by", "signer_role", "signed_at", "sign_method", "fingerprint"].map((k) => [k, "H:" + k])),
  signoff: {
    statement: "Statement", signed: "Signed", not_signed: "not signed", signed_line: "{name} ({role}), {at}, {method}",
    via_drawn: "drawn", via_typed: "typed", provenance_compiled: "compiled from {clause}", provenance_draft: "draft",
    fingerprint: "Fingerprint", check: "Check", check_matches: "unchanged", check_changed: "CHANGED",
    check_changed_signed: "SIGNED BUT CHANGED", check_none: "none", copy_of_signed: "Copied from"
  }
}
const hex = (bytes) => createHash("sha256").update(bytes).digest("hex")

test("canonical JSON: sorted keys, no whitespace, Chinese as it is, numbers as JSON.stringify writes them", () => {
  assert.equal(canonicalJson({ b: 1, a: [true, null, "x"], c: { z: 1.0, y: 0.5 } }), '{"a":[true,null,"x"],"b":1,"c":{"y":0.5,"z":1}}')
  assert.equal(canonicalJson({ 名: "机房，值班\n\"引号\"\u0001" }), '{"名":"机房，值班\\n\\"引号\\"\\u0001"}')
  assert.equal(canonicalJson({ big: 1e21, small: 1e-7, n: -0, k: undefined }), '{"big":1e+21,"n":0,"small":1e-7}')
  // Keys sort by UTF-16 code units: "Z" < "a" < "é" < "名".
  assert.equal(canonicalJson({ 名: 1, é: 2, a: 3, Z: 4 }), '{"Z":4,"a":3,"é":2,"名":1}')
  assert.throws(() => canonicalJson({ x: NaN }), TypeError)
})

test("the fallback SHA-256 agrees with Node's at every padding boundary", () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70000]) {
    const bytes = new Uint8Array(randomBytes(n))
    assert.equal(Buffer.from(sha256(bytes)).toString("hex"), hex(bytes), `${n} bytes`)
  }
})

test("a fingerprint is SHA-256 of the canonical UTF-8, without the fields an export works out", async () => {
  const run = signed()
  const expected = "sha256:" + hex(Buffer.from(canonicalJson(run), "utf8"))
  assert.equal(await fingerprint(run), expected)
  assert.equal(await fingerprint({ ...run, step_states: { a: "done" }, fingerprint: "sha256:0" }), expected)
  assert.notEqual(await fingerprint({ ...run, notes: { a: "值班：李工\n\"ok!\"" } }), expected)
})

test("a page without crypto.subtle (plain http) gets the same fingerprint from the module's own SHA-256", async () => {
  const run = signed()
  const expected = await fingerprint(run)
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto")
  Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true })
  try {
    assert.equal(globalThis.crypto.subtle, undefined)
    assert.equal(await fingerprint(run), expected)
  } finally {
    Object.defineProperty(globalThis, "crypto", saved)
  }
  assert.ok(globalThis.crypto.subtle)
})

test("every export names the same fingerprint; the JSON's checks out, one changed character does not", async () => {
  process.env.TZ = "Asia/Shanghai"
  const run = signed()
  const json = JSON.parse(await asJson([run]))
  const print = json.runs[0].fingerprint
  assert.match(print, /^sha256:[0-9a-f]{64}$/)
  assert.equal(await checkFingerprint(json.runs[0]), "matches")
  const txt = (await exportRun(run, "txt", "en", WORDS)).text
  assert.ok(txt.includes("Fingerprint: " + print), txt)
  assert.ok(txt.includes("Signed: 王小明 (Duty staff), 2025-10-09 14:05:00 +08:00, drawn"), txt)
  assert.ok(txt.includes("Statement: I confirm. (compiled from Ch. 1, §3)"), txt)
  const rows = parseCsv((await exportRun(run, "csv", "zh", WORDS)).text)
  const cell = (key) => rows[1][rows[0].indexOf("H:" + key)]
  assert.deepEqual([cell("signed_by"), cell("signer_role"), cell("signed_at"), cell("sign_method"), cell("fingerprint")],
    ["王小明", "机房值班人员", "2025-10-09T14:05:00+08:00", "drawn", print])
  // One character of a note changed in the file: imported, and marked as changed (signed: loudly).
  const tampered = (await asJson([run])).replace("李工", "张工")
  const file = await runsFromFile(tampered, WORDS)
  assert.deepEqual(file.checks, [{ fingerprint: "changed", damaged: false }])
  assert.equal(file.runs[0].fingerprint, undefined)
  const plan = mergeRuns([], file.runs, { file: "x.json", exported_at: null, at: "2025-10-10T00:00:00Z" }, file.checks)
  assert.equal(plan.add[0].imported.fingerprint, "changed")
  assert.ok(asText(plan.add[0], "en", WORDS).includes("Check: SIGNED BUT CHANGED"))
  const clean = await runsFromFile(await asJson([run]), WORDS)
  assert.deepEqual(clean.checks, [{ fingerprint: "matches", damaged: false }])
  assert.deepEqual(clean.runs[0].signed, run.signed) // the signature comes back as it left
})

test("a damaged signature image is named and the rest of the file still imports", async () => {
  const good = signed({ id: "run-0000000000000001" })
  const text = (await asJson([good, signed()])).replace("iVBORw0KGgo", "iVBORw0K!!o")
  const file = await runsFromFile(text, WORDS)
  assert.equal(file.runs.length, 2)
  assert.deepEqual(file.checks.map((c) => c.damaged), [true, false]) // only the first run's image was hit
  assert.equal(signatureIntact(good.signed), true)
  assert.equal(signatureIntact({ method: "drawn", image: "data:image/png;base64,AAAA" }), false)
  assert.equal(signatureIntact({ method: "typed", image: null }), true)
})

test("a sign-off the file cannot hold is refused naming the field", async () => {
  const bad = JSON.parse(await asJson([signed()]))
  bad.runs[0].signed.method = "stamped"
  await assert.rejects(runsFromFile(JSON.stringify(bad), WORDS), { message: "bad (runs[0].signed (run-00112233445566ff))" })
  delete bad.runs[0].signed.name
  await assert.rejects(runsFromFile(JSON.stringify(bad), WORDS), /runs\[0\]\.signed/)
})

test("a signed run is copied to a new open run, never reopened", () => {
  const run = signed()
  const copy = copyOfSigned(run, "run-aaaaaaaaaaaaaaaa", "2025-10-11T00:00:00Z")
  assert.equal(copy.signed, undefined)
  assert.equal(copy.finished_at, null)
  assert.equal(copy.copied_from_signed, run.id)
  assert.deepEqual([copy.ticks, copy.notes, copy.sign_off], [run.ticks, run.notes, run.sign_off])
  assert.ok(run.signed) // the original is untouched
  assert.ok(asCsv(copy, "en", WORDS).includes("Copied") === false) // the CSV has no such column; the text does
  assert.ok(asText(copy, "en", WORDS).includes("Copied from: " + run.id))
})
