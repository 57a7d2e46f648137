// The quiz's seeded draw and the exam link's checks (overrides/assets/javascripts/quiz-draw.js),
// under Node: the reference generator's outputs and the refused seeds are the cases the Python
// twin (handbook/quiz.py) is tested with, from tests/twins/cases.json.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { test } from "node:test"

import { drawExam, examParams, mulberry32, POOLS, shuffled, TYPES } from "../../overrides/assets/javascripts/quiz-draw.js"
import { BANK } from "./fixtures/bank.mjs"

const CASES = JSON.parse(readFileSync(new URL("../twins/cases.json", import.meta.url), "utf-8"))
const params = (query) => examParams(new URLSearchParams(query), BANK)

test("mulberry32 gives the reference generator's numbers", () => {
  for (const { seed, first } of CASES.mulberry32) {
    const rng = mulberry32(seed)
    assert.deepEqual([rng(), rng(), rng()], first)
  }
})

test("a shuffle is a permutation, the same for the same generator", () => {
  const items = [...Array(20).keys()]
  const once = shuffled(items, mulberry32(7))
  assert.deepEqual(once, shuffled(items, mulberry32(7)))
  assert.notDeepEqual(once, items)
  assert.deepEqual([...once].sort((a, b) => a - b), items)
  assert.deepEqual(items, [...Array(20).keys()], "the input is left as it was")
})

test("the same seed draws the same exam, another seed another, from the study pool only", () => {
  const a = drawExam(BANK, 20251130, null, 5, null)
  assert.deepEqual(a, drawExam(BANK, 20251130, null, 5, null))
  assert.notDeepEqual(a.map((e) => e.q.id), drawExam(BANK, 20251131, null, 5, null).map((e) => e.q.id))
  assert.equal(new Set(a.map((e) => e.q.id)).size, 5)
  assert.ok(a.every((e) => e.q.pool === "study"))
  for (const { q, order } of a) {
    assert.deepEqual([...order].sort(), [...Array((q.options || q.items || []).length).keys()])
  }
  assert.deepEqual(drawExam(BANK, 3, null, 0, null, "exam").map((e) => e.q.id), ["x-exam"])
})

test("sections and types filter; an empty list draws nothing, null draws all", () => {
  const exam = drawExam(BANK, 5, ["visit"], 0, ["true_false", "single"])
  assert.deepEqual(exam.map((e) => e.q.id).sort(), ["f-false", "g-single"])
  assert.deepEqual(drawExam(BANK, 3, [], 0, null), [])
  assert.deepEqual(drawExam(BANK, 3, null, 0, []), [])
  assert.equal(drawExam(BANK, 3, null, 0, null).length, BANK.filter((q) => q.pool === "study").length)
  assert.deepEqual(TYPES, ["single", "multiple", "true_false", "ordering", "scenario"])
  assert.deepEqual(POOLS, ["study", "exam"])
})

test("the exam link's query: a seed that is not a whole number from 1 to 2147483647 is refused", () => {
  for (const seed of CASES.bad_seeds) {
    assert.deepEqual(params({ seed }), { error: "bad_seed", value: seed }, JSON.stringify(seed))
  }
  assert.deepEqual(params("count=3"), { error: "bad_seed", value: null })
  assert.deepEqual(params("seed=2147483647"), { pool: "study", seed: 2147483647, count: 0, sections: null, types: null })
})

test("the exam link's query: pool, count, sections and types checked against the bank", () => {
  assert.deepEqual(params("seed=9&pool=other"), { error: "bad_pool", value: "other" })
  assert.deepEqual(params("seed=9&count=0"), { error: "bad_count", value: "0" })
  assert.deepEqual(params("seed=9&count=x"), { error: "bad_count", value: "x" })
  assert.deepEqual(params("seed=9&sections=office,nowhere"), { error: "bad_section", value: "nowhere" })
  assert.deepEqual(params("seed=9&types=essay"), { error: "bad_type", value: "essay" })
  assert.deepEqual(params("seed=9&sections=office&count=3"), { error: "bad_count_pool", value: "3", max: 2 })
  assert.deepEqual(params("seed=9&pool=exam&count=1&sections=office,visit&types="),
                   { pool: "exam", seed: 9, count: 1, sections: ["office", "visit"], types: [] })
})
