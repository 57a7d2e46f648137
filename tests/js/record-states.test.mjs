// The states of a run's steps (overrides/assets/javascripts/record-states.js), under Node:
// `node --test tests/js/` (make test runs it before pytest). The procedure is the step graph
// of checklists/equipment-room-work.yml (ids, branches, end): two decisions, steps 9-11 on
// every path.
import assert from "node:assert/strict"
import { test } from "node:test"

import { progressOf, stateCounts, stepStates, undoneIfFinished } from "../../overrides/assets/javascripts/record-states.js"

const text = (id) => ({ zh: id, en: id })
const STEPS = [
  { id: "enter", text: text("enter") },
  { id: "bring", text: text("bring") },
  { id: "rules", text: text("rules") },
  { id: "esd", text: text("esd") },
  { id: "media", text: text("media"), branches: [{ when: text("yes"), next: "consent" }, { when: text("no"), next: "fault" }] },
  { id: "consent", text: text("consent") },
  { id: "fault", text: text("fault"), branches: [{ when: text("yes"), next: "duty" }, { when: text("no"), next: "clean" }] },
  { id: "duty", text: text("duty") },
  { id: "clean", text: text("clean") },
  { id: "return", text: text("return") },
  { id: "leave", text: text("leave"), end: true }
]
const AT = "2025-10-09T06:00:00Z"

const run = ({ ticks = [], answers = {}, finished = false } = {}) => ({
  steps: STEPS,
  ticks: Object.fromEntries(ticks.map((id) => [id, AT])),
  answers: Object.fromEntries(Object.entries(answers).map(([id, branch]) => [id, { branch, at: AT }])),
  finished_at: finished ? AT : null
})

const byState = (states) => {
  const out = {}
  for (const [id, s] of Object.entries(states)) (out[s] ??= []).push(id)
  return out
}

test("a fresh run: nothing is off the path, everything is not reached yet", () => {
  const { states } = stepStates(run())
  assert.deepEqual(byState(states), { not_reached: STEPS.map((s) => s.id) })
  assert.deepEqual(progressOf(run()).total, 9)
})

test("steps before the furthest done step are not done; after it, not reached", () => {
  const { states } = stepStates(run({ ticks: ["enter", "rules"] }))
  assert.equal(states.enter, "done")
  assert.equal(states.bring, "not_done")
  assert.equal(states.rules, "done")
  assert.equal(states.esd, "not_reached")
  assert.equal(states.media, "not_reached")
  assert.equal(states.clean, "not_reached")
})

test("an answered branch puts the other branch off the path, never the closing steps", () => {
  const { states } = stepStates(run({ ticks: ["enter", "bring", "rules", "esd"], answers: { media: 1 } }))
  assert.equal(states.media, "done")
  assert.equal(states.consent, "off_path")
  // After the second, unanswered decision: the closing steps lie on every way on.
  assert.equal(states.fault, "not_reached")
  assert.equal(states.duty, "not_reached")
  for (const id of ["clean", "return", "leave"]) assert.equal(states[id], "not_reached")
  const both = stepStates(run({ answers: { media: 1, fault: 1 } })).states
  assert.equal(both.duty, "off_path")
  for (const id of ["clean", "return", "leave"]) assert.notEqual(both[id], "off_path")
})

test("a closing step ticked before the decision is answered: the decision and what lies before are not done", () => {
  const { states } = stepStates(run({ ticks: ["enter", "leave"], answers: { media: 1 } }))
  assert.equal(states.leave, "done")
  assert.equal(states.fault, "not_done")
  assert.equal(states.esd, "not_done")
  assert.equal(states.clean, "not_done") // required, and a later required step is done
  assert.equal(states.duty, "not_reached") // only the unanswered "yes" leads there
  assert.equal(states.consent, "off_path")
  assert.equal(progressOf(run({ ticks: ["enter", "leave"], answers: { media: 1 } })).done, 3)
})

test("a finished run: every step still on the path is not done; steps behind an open question are not reached", () => {
  const r = run({ ticks: ["enter"], finished: true })
  const { states } = stepStates(r)
  assert.deepEqual(byState(states), {
    done: ["enter"],
    not_done: ["bring", "rules", "esd", "media", "fault", "clean", "return", "leave"],
    not_reached: ["consent", "duty"]
  })
  assert.deepEqual(stateCounts(states), { done: 1, not_done: 8, not_reached: 2, off_path: 0 })
})

test("finishing names the steps it would leave undone, by number", () => {
  const r = run({ ticks: ["enter", "bring", "rules", "esd", "clean", "return", "leave"], answers: { media: 1, fault: 1 } })
  assert.deepEqual(undoneIfFinished(r), [])
  assert.equal(progressOf(r).complete, true)
  const partly = run({ ticks: ["enter", "esd"], answers: { media: 1, fault: 0 } })
  assert.deepEqual(undoneIfFinished(partly).map((u) => u.number), [2, 3, 8, 9, 10, 11])
  assert.equal(stepStates(partly).states.duty, "not_reached") // open: not yet past it
})

test("a tick on a branch not taken is off the path and does not count", () => {
  const r = run({ ticks: ["consent"], answers: { media: 1 } })
  assert.equal(stepStates(r).states.consent, "off_path")
  assert.equal(progressOf(r).done, 1) // the answer alone
})
