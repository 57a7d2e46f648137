// What a checklist run says happened at each step, computed once here and shown the same way
// everywhere: on the procedure page (checklist.js), in the text, CSV and JSON exports and the
// printed record (run-record.js), and on My runs (runs-page.js). Pure: no DOM, no storage, no
// clock (tests/js/record-states.test.mjs runs it under Node).
//
// The step graph is the one handbook/procedures.py checks at build time (`_successors`): a
// step with `branches` goes to each branch's `next`, a step with `end: true` ends the
// procedure, any other step goes to the one after it (the last step ends it too).
//
// Each step of a run is in exactly one state (the machine names the JSON export keeps):
//   "done"        ticked (a decision: answered), on a path the answers still allow;
//   "not_done"    not ticked, on the path, and the run is past it: a step later on the path is
//                 done, or the run is finished (skipped);
//   "not_reached" not ticked and the run is not past it yet: nothing after it is done and
//                 the run is open; or it lies after an unanswered decision and only some of
//                 that decision's answers lead to it;
//   "off_path"    an answered decision leads away from it, so no way on passes through it.
// Precisely, walking from the first step along the answers given gives the path P, which
// stops at an end or at the first unanswered decision D. Steps reachable from D (the ways
// still open) form R. A step in neither P nor R is off the path, whatever it holds (a tick
// made before the answer changed keeps its time in the exports, but does not count). A step
// of R on every way from D to an end is required: like the steps of P, it is never off the
// path, and it is "not done" once a done step of R lies after it, or the run is finished. A
// step of R that only some answers of D reach stays "not reached" until D is answered.
// A step of P is "not done" once a done step lies after it on P, or any step of R is done,
// or the run is finished.

/** The machine names of the states, in the order a record explains them. */
export const STATES = Object.freeze(["done", "not_done", "not_reached", "off_path"])

/**
 * Whether a step is a decision (answered with a branch, not ticked).
 * @param {{branches?: Array}} step
 * @returns {boolean}
 */
export const isDecision = (step) => Boolean(step.branches && step.branches.length)

/**
 * Whether the run holds a tick (or, for a decision, an answer to an existing branch) for the step.
 * @param {object} run a run (run-record.js newRun)
 * @param {object} step one of run.steps
 * @returns {boolean}
 */
export const isDone = (run, step) => {
  if (!isDecision(step)) return Boolean(run.ticks[step.id])
  const answer = run.answers[step.id]
  return Boolean(answer && step.branches[answer.branch])
}

const positions = (steps) => new Map(steps.map((s, i) => [s.id, i]))

// The indexes a step leads to, as handbook/procedures.py _successors: none at an end.
const successors = (steps, i, index) => {
  const step = steps[i]
  if (step.end) return []
  if (isDecision(step)) return step.branches.map((b) => index.get(b.next)).filter((n) => n !== undefined)
  return i + 1 < steps.length ? [i + 1] : []
}

// Every index reachable from `start` (itself included), never passing through `avoid`.
const reachable = (steps, start, index, avoid = -1) => {
  const seen = new Set()
  const stack = [start]
  while (stack.length) {
    const i = stack.pop()
    if (seen.has(i) || i === avoid) continue
    seen.add(i)
    stack.push(...successors(steps, i, index))
  }
  return seen
}

/**
 * The path the answers given lead along: step ids from the first step to an end, or to the
 * first decision not answered yet (`open`, where the path stops). A step is visited once, so
 * a loop ends the walk.
 * @param {object} run
 * @returns {{path: string[], open: (string|null)}}
 */
export function pathOf(run) {
  const index = positions(run.steps)
  const path = []
  const seen = new Set()
  let open = null
  let i = 0
  while (i !== undefined && i < run.steps.length && !seen.has(i)) {
    seen.add(i)
    const step = run.steps[i]
    path.push(step.id)
    if (isDecision(step)) {
      const answer = run.answers[step.id]
      if (!answer || !step.branches[answer.branch]) { open = step.id; break }
      i = index.get(step.branches[answer.branch].next)
    } else if (step.end) {
      break
    } else {
      i += 1
    }
  }
  return { path, open }
}

/**
 * The state of every step of a run (the rules are in this file's header).
 * @param {object} run a run: {steps, ticks, answers, finished_at}
 * @param {boolean} [finished] judge it as finished (default: whether it is); finishing asks
 *   with `true` which steps would then be "not done"
 * @returns {{states: Object<string, string>, path: string[], open: (string|null), required: string[]}}
 *   `states` by step id; `required`: the step ids after the open decision on every way on
 */
export function stepStates(run, finished = Boolean(run.finished_at)) {
  const steps = run.steps
  const index = positions(steps)
  const { path, open } = pathOf(run)
  const onPath = new Set(path.map((id) => index.get(id)))
  const ahead = new Set() // R: reachable from the open decision, not on the path
  const required = new Set()
  if (open !== null) {
    const d = index.get(open)
    for (const i of reachable(steps, d, index)) if (!onPath.has(i)) ahead.add(i)
    for (const i of ahead) {
      // Required: with it taken away, no end can be reached from the decision.
      const left = reachable(steps, d, index, i)
      if (![...left].some((j) => !successors(steps, j, index).length)) required.add(i)
    }
  }
  const done = (i) => isDone(run, steps[i])
  const doneAhead = [...ahead].some(done)
  const order = path.map((id) => index.get(id))
  const states = {}
  steps.forEach((step, i) => {
    let state
    if (!onPath.has(i) && !ahead.has(i)) state = "off_path"
    else if (done(i)) state = "done"
    else if (onPath.has(i)) {
      const past = finished || doneAhead || order.slice(order.indexOf(i) + 1).some(done)
      state = past ? "not_done" : "not_reached"
    } else if (required.has(i)) {
      const past = finished || [...reachable(steps, i, index)].some((j) => j !== i && ahead.has(j) && done(j))
      state = past ? "not_done" : "not_reached"
    } else {
      state = "not_reached"
    }
    states[step.id] = state
  })
  return { states, path, open, required: [...required].sort((a, b) => a - b).map((i) => steps[i].id) }
}

// The fewest steps from index `start` to an end, `start` included.
const shortestToEnd = (steps, start, index) => {
  const queue = [[start, 1]]
  const seen = new Set()
  while (queue.length) {
    const [i, n] = queue.shift()
    if (seen.has(i) || i >= steps.length) continue
    seen.add(i)
    const next = successors(steps, i, index)
    if (!next.length) return n
    for (const j of next) queue.push([j, n + 1])
  }
  return 1
}

/**
 * Done and total along the path taken: steps on branches not taken do not count, and every
 * path reaches 100 %. Before a decision is answered, the total counts the shortest way on, and
 * the done steps after it that every way on passes through count as done.
 * @param {object} run
 * @returns {{done: number, total: number, path: string[], open: (string|null), complete: boolean,
 *   states: Object<string, string>}}
 */
export function progressOf(run) {
  const { states, path, open, required } = stepStates(run)
  const counted = path.concat(required)
  const done = counted.filter((id) => states[id] === "done").length
  let total = path.length
  if (open !== null) {
    const index = positions(run.steps)
    const step = run.steps[index.get(open)]
    const ways = step.branches.map((b) => index.get(b.next)).filter((n) => n !== undefined)
    total += ways.length ? Math.min(...ways.map((n) => shortestToEnd(run.steps, n, index))) : 0
  }
  return { done, total, path, open, complete: open === null && done === total, states }
}

/**
 * The steps a run left undone if it were finished now: those that would then be "not done",
 * each with its number (1-based, as the page numbers it).
 * @param {object} run
 * @returns {Array<{number: number, step: object}>}
 */
export function undoneIfFinished(run) {
  const { states } = stepStates(run, true)
  return run.steps.map((step, i) => ({ number: i + 1, step })).filter(({ step }) => states[step.id] === "not_done")
}

/**
 * How many steps are in each state.
 * @param {Object<string, string>} states from stepStates
 * @returns {Object<string, number>} by state name, every state present
 */
export function stateCounts(states) {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]))
  for (const s of Object.values(states)) counts[s] += 1
  return counts
}
