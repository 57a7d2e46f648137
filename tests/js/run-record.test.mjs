// run-record.js under Node (it touches no page on import): CSV times in the reader's zone with
// its offset, headings and states in the record's words, the finishing question's plurals,
// and an import that labels its copies. The words here are stand-ins; the browser tests use
// data/labels.yml's.
import assert from "node:assert/strict"
import { test } from "node:test"

import { asCsv, asJson, finishQuestion, isoLocal, mergeRuns, parseCsv, runsFromFile } from "../../overrides/assets/javascripts/run-record.js"

const text = (id) => ({ zh: id + "-zh", en: id })
const STEPS = [
  { id: "a", text: text("a") },
  { id: "q", text: text("q"), branches: [{ when: text("yes"), next: "b" }, { when: text("no"), next: "c" }] },
  { id: "b", text: text("b") },
  { id: "c", text: text("c"), end: true }
]
const run = (ticks = {}, answers = {}) => ({
  format: 1, id: "run-0011223344556677", label: "WO-1", procedure: "p", version: 1, status: "converted",
  title: text("title"), steps: STEPS, started_at: "2025-10-09T06:00:00Z", updated_at: "2025-10-09T06:00:00Z",
  finished_at: null, ticks, answers, notes: {}
})
const WORDS = {
  status_compiled: "compiled", status_draft: "draft", colon: ": ", sep: ", ", paren: " ({text})", finish_confirm: "Finish?",
  finish_undone: "{count} steps are not done:\n{steps}\nFinish?", finish_undone_one: "{count} step is not done:\n{steps}\nFinish?",
  imported_from: "from {file} ({exported}), imported {at}", copy_of: "; was {id}", bad_file: "bad ({where})",
  state: { done: "DONE", not_done: "NOT DONE", not_reached: "NOT YET", off_path: "OFF" },
  csv: Object.fromEntries(["run_id", "label", "procedure", "version", "status", "title", "started_at", "finished_at",
    "imported", "step_number", "step_id", "step_text", "state", "ticked_at", "answer", "answered_at", "note",
    "signed_by", "signer_role", "signed_at", "sign_method", "fingerprint"]
    .map((k) => [k, "H:" + k]))
}

test("times are the reader's wall clock with its offset, whatever the zone", () => {
  process.env.TZ = "Asia/Shanghai"
  assert.equal(isoLocal("2025-10-09T06:00:00Z"), "2025-10-09T14:00:00+08:00")
  process.env.TZ = "America/New_York"
  assert.equal(isoLocal("2025-10-09T06:00:00Z"), "2025-10-09T02:00:00-04:00")
  process.env.TZ = "Asia/Shanghai"
})

test("the CSV has the record's headings, states and local times", () => {
  process.env.TZ = "Asia/Shanghai"
  const rows = parseCsv(asCsv(run({ c: "2025-10-09T06:01:00Z" }, { q: { branch: 1, at: "2025-10-09T06:00:30Z" } }), "en", WORDS))
  assert.deepEqual(rows[0].slice(0, 3), ["H:run_id", "H:label", "H:procedure"])
  const cell = (row, key) => row[rows[0].indexOf("H:" + key)]
  assert.deepEqual(rows.slice(1).map((r) => cell(r, "state")), ["NOT DONE", "DONE", "OFF", "DONE"])
  assert.equal(cell(rows[4], "ticked_at"), "2025-10-09T14:01:00+08:00")
  assert.equal(cell(rows[2], "answered_at"), "2025-10-09T14:00:30+08:00")
  assert.equal(cell(rows[2], "answer"), "no")
  assert.equal(cell(rows[1], "started_at"), "2025-10-09T14:00:00+08:00")
  assert.equal(cell(rows[1], "status"), "compiled") // stored as "converted" before compiled existed
})

test("finishing names the steps it would leave undone, with a real plural", () => {
  assert.equal(finishQuestion(run({ a: "t", c: "t" }, { q: { branch: 1, at: "t" } }), "en", WORDS), "Finish?")
  assert.equal(finishQuestion(run({ c: "t" }, { q: { branch: 1, at: "t" } }), "en", WORDS), "1 step is not done:\n1. a\nFinish?")
  assert.equal(finishQuestion(run(), "zh", WORDS), "3 steps are not done:\n1. a-zh\n2. q-zh\n4. c-zh\nFinish?")
})

test("an import labels what it adds and knows the same run again", async () => {
  const mine = run({ a: "2025-10-09T06:00:00Z" })
  const file = await runsFromFile(await asJson([mine]), WORDS)
  assert.equal(file.runs[0].step_states, undefined)
  const origin = { file: "b.json", exported_at: file.exported_at, at: "2025-10-09T07:00:00Z" }
  const plan = mergeRuns([], file.runs, origin)
  assert.deepEqual(plan.add.map((r) => r.imported), [origin])
  const again = mergeRuns(plan.add, (await runsFromFile(await asJson([mine]), WORDS)).runs, { ...origin, file: "c.json" })
  assert.deepEqual([again.add.length, again.same], [0, 1])
  const changed = mergeRuns(plan.add, [{ ...mine, label: "other" }], origin)
  assert.equal(changed.copies, 1)
  assert.equal(changed.add[0].copied_from, mine.id)
  assert.notEqual(changed.add[0].id, mine.id)
})
