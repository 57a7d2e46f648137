// A class's results (overrides/assets/javascripts/class-results.js), under Node: the figures
// worked out by hand (as tests/data/test_result_codes.py works them for the Python twin), one
// code counted per trainee, refused lines by number, and the CSV's cells as
// tests/twins/cases.json says. tests/twins/ compares whole reports with the Python's.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { test } from "node:test"

import { answerText, csvCell, csvText, handedIn, report, scorable } from "../../overrides/assets/javascripts/class-results.js"
import { drawExam } from "../../overrides/assets/javascripts/quiz-draw.js"
import { encode } from "../../overrides/assets/javascripts/result-code.js"
import { BANK, right, VERSION, WORDS, wrong } from "./fixtures/bank.mjs"

const CASES = JSON.parse(readFileSync(new URL("../twins/cases.json", import.meta.url), "utf-8"))
const clauseUrl = (q) => `https://handbook.example/${q.clause}`
const MINUTE = 29416400

// A code for the exam (seed, count) with the marks given (1 right, 0 wrong, null no answer).
function code(seed, count, marks, name, { attempt = 1, minute = MINUTE } = {}) {
  const exam = drawExam(BANK, seed, null, count, null)
  const responses = exam.map(({ q }, k) => (marks[k] === null ? null : marks[k] ? right(q) : wrong(q)))
  return encode(BANK, VERSION, "zh", seed, count, null, null, responses, name, "study", attempt, minute)
}

const classOf = (lines, counting = "first") => report(lines.join("\n"), BANK, VERSION, WORDS, clauseUrl, counting)

test("the class figures by hand: four trainees on a three-question exam", () => {
  // The last trainee answered nothing (wrong, without an answer).
  const marks = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [null, null, null]]
  const rep = classOf(marks.map((row, k) => code(11, 3, row, `T${k}`)))
  assert.deepEqual(rep.problems, [])
  assert.deepEqual(rep.attempts.map((a) => [a.right, a.percent]), [[3, "100"], [2, "67"], [1, "33"], [0, "0"]])
  // Mean 1.5; sample SD sqrt(5/3) = 1.29.
  assert.deepEqual(rep.summary, { trainees: "4", questions: "3", mean: "1.50", sd: "1.29", lowest: "0", highest: "3" })
  assert.deepEqual(rep.questions.map((q) => q.facility), ["75", "50", "25"])
  // Question 1 (1, 1, 1, 0) against the rest (2, 1, 0, 0): 0.75 / sqrt(0.75 × 2.75) = 0.522;
  // question 2 (1, 1, 0, 0) against (2, 1, 1, 0): 1 / sqrt(1 × 2) = 0.707; question 3 like 1.
  assert.deepEqual(rep.questions.map((q) => q.discrimination), ["0.52", "0.71", "0.52"])
  assert.deepEqual([rep.questions[0].wrong, rep.questions[0].wrong_count], ["no_answer", "1"])
  assert.equal(rep.questions[0].clause, clauseUrl(BANK.find((q) => q.id === rep.questions[0].id)))
  assert.equal(rep.exam.seed, 11)
})

test("one code per trainee: the same name twice is marked, the first or the last counts", () => {
  const first = code(21, 3, [1, 1, 1], "Wang Wei")
  const retake = code(21, 3, [0, 0, 0], "wang wei", { attempt: 2, minute: MINUTE + 5 })
  const lines = [first, "", retake, first, code(22, 3, [null, null, null], "Li")]
  const byFirst = classOf(lines)
  assert.deepEqual(byFirst.attempts.map((a) => [a.line, a.counted, a.notes]), [
    [1, true, ["same_name"]],
    [3, false, ["retake", "same_name", "not_counted_first"]],
    [4, false, ["same_code"]]])
  assert.deepEqual(byFirst.problems.map((p) => p.line), [5])
  assert.equal(byFirst.problems[0].message, "other_exam 5")
  assert.equal(byFirst.summary.mean, "3.00")
  const byLast = classOf(lines, "last")
  assert.deepEqual(byLast.attempts.map((a) => a.counted), [false, true, false])
  assert.equal(byLast.summary.mean, "0.00")
})

test("an empty paste, and a paste with nothing to count", () => {
  assert.deepEqual(classOf([" ", "", ""]), { empty: "empty", problems: [], attempts: [] })
  const rep = classOf(["nothing here"])
  assert.equal(rep.empty, "none_valid")
  assert.deepEqual(rep.problems, [{ line: 1, message: "no_code 1" }])
})

test("a code broken over two lines is read as one", () => {
  const whole = code(31, 2, [1, 0], "Chen")
  const rep = classOf([whole.slice(0, 17), whole.slice(17)])
  assert.deepEqual([rep.problems, rep.attempts.map((a) => a.name)], [[], ["Chen"]])
})

test("CSV cells are neutralised as the cases say, and the CSV has a row per attempt", () => {
  for (const c of CASES.csv_cells) assert.equal(csvCell(c.in), c.out, JSON.stringify(c.in))
  const rep = classOf([code(11, 3, [1, 0, 1], " =HYPERLINK(\"x\")"), code(11, 3, [1, 1, 1], "B")])
  const csv = csvText(rep, WORDS)
  assert.ok(csv.startsWith("\ufeff") && csv.endsWith("\r\n"))
  const rows = csv.slice(1).split("\r\n").slice(0, -1)
  assert.equal(rows.length, 1 + 2 + 9 + 6)
  assert.ok(rows[1].startsWith(`1,"'=HYPERLINK(""x"")",1,${handedIn(MINUTE)},yes,2,67,,1,0,1`), rows[1])
})

test("answers in words, hand-in times in UTC, and whether the bank can be scored", () => {
  const ordering = BANK.find((q) => q.type === "ordering")
  assert.equal(answerText(WORDS, ordering, 24), "four → three → two → one")
  assert.equal(answerText(WORDS, ordering, 0), "no_answer")
  assert.equal(answerText(WORDS, BANK.find((q) => q.type === "multiple"), 5), "A; C")
  assert.equal(handedIn(0), "1970-01-01 00:00")
  assert.equal(handedIn(MINUTE), "2025-12-06 01:20")
  assert.equal(scorable(BANK), false)
  assert.equal(scorable(BANK.map((q) => ({ ...q, explanation: "" }))), true)
})
