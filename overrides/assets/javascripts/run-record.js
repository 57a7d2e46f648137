// A checklist run as a record: the run as text, CSV and JSON (and back), the filled record for
// print and My runs, the question finishing asks, and the ways out of the browser (share,
// copy, download). Used by checklist.js (a procedure page) and runs-page.js (My runs). What
// each step's state is (done, not done, not yet reached, off the path) is record-states.js's,
// and every export here says it from there. No text of its own: the words come from the page
// (data-labels), in the page's language.
//
// A run (stored by runs-store.js) keeps the procedure as it was when the run started:
//   {format: 1, id, label, procedure, version, status: "compiled" | "reference-draft",
//    title: {zh, en}, steps: [{id, text: {zh, en}, branches: [{when: {zh, en}, next}], end}],
//    started_at, updated_at, finished_at, ticks: {step: time}, answers: {step: {branch, at}},
//    notes: {step: text}, photos: [{id, step, taken_at, mime, width, height, bytes}]}
// with, for a procedure that ends with a sign-off, `sign_off` and once signed `signed`
// (signoff-record.js), and, for a run imported from a file, imported: {file, exported_at, at} (copied_from: the id
// it had when a different run here had that id). So a later version of the procedure never
// re-maps its ticks. A run's photos are references (photo-record.js); their images live
// apart (runs-store.js) and the JSON export carries them as base64. Times are stored ISO 8601 in UTC, to the second; every export shows them
// as local time with the offset, exact to the second.
import { el, fill, saveFile } from "./dom.js"
import { STATES, isDecision, isDone, pathOf, progressOf, stateCounts, stepStates, undoneIfFinished } from "./record-states.js"
import { EXPORT_ONLY, checkFingerprint, fingerprint } from "./record-fingerprint.js"
import {
  importWarning, signOffCells, signOffElement, signOffLines, signOffProblem, signatureIntact
} from "./signoff-record.js"
import { missingPhotos, photoFileName, stepPhotos } from "./photo-record.js"

export { STATES, isDecision, isDone, pathOf, progressOf, stateCounts, stepStates, undoneIfFinished }

/** The `format` of a runs file (asJson), checked on import. */
export const FORMAT = "service-norms-runs"
/** The `format` of one run. */
export const RUN_FORMAT = 1
// Fields an export adds that are worked out from the run, never stored: dropped on import
// (the fingerprint and the step states; record-fingerprint.js leaves them out of the fingerprint).
const DERIVED = EXPORT_ONLY

/**
 * Now, as stored: ISO 8601 in UTC, to the second.
 * @returns {string}
 */
export const now = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z")

/**
 * A new random run id ("run-" and 16 hex digits).
 * @returns {string}
 */
export const newId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return "run-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * A new, empty run of a procedure (the page's JSON copy of it).
 * @param {{id: string, version: number, status: string, title: object, steps: Array}} procedure
 * @param {string} [label] work order, site or customer
 * @returns {object}
 */
export const newRun = (procedure, label) => {
  const at = now()
  return {
    format: RUN_FORMAT, id: newId(), label: label || "", procedure: procedure.id, version: procedure.version,
    status: procedure.status, title: procedure.title, steps: procedure.steps,
    started_at: at, updated_at: at, finished_at: null, ticks: {}, answers: {}, notes: {},
    ...(procedure.sign_off ? { sign_off: procedure.sign_off } : {})
  }
}

// --- words and times -------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, "0")

// The reader's wall clock and offset of a stored time: [date, time, "+08:00"].
const wallClock = (iso) => {
  const d = new Date(iso)
  const off = -d.getTimezoneOffset()
  const offset = (off >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(off) / 60)) + ":" + pad(Math.abs(off) % 60)
  return [`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`, offset]
}

/**
 * A time as the reader's wall clock with its offset: "2025-10-09 14:01:05 +08:00". Exact to
 * the second, so a text record can be read back. "" for no time.
 * @param {string|null} iso
 * @returns {string}
 */
export const localTime = (iso) => {
  if (!iso) return ""
  const [date, time, offset] = wallClock(iso)
  return `${date} ${time} ${offset}`
}

/**
 * The same time as ISO 8601 with the local offset, as the CSV has it: "2025-10-09T14:01:05+08:00".
 * @param {string|null} iso
 * @returns {string}
 */
export const isoLocal = (iso) => {
  if (!iso) return ""
  const [date, time, offset] = wallClock(iso)
  return `${date}T${time}${offset}`
}

/**
 * Where the run's procedure comes from, in words (from its stored status).
 * @param {object} run
 * @param {object} words
 * @returns {string}
 */
export const statusName = (run, words) => (runStatus(run) === "compiled" ? words.status_compiled : words.status_draft)

/**
 * A run's status as the site names it now: runs stored before "compiled" existed say
 * "converted", and every checklist on a V4 clause was compiled from it, never V4 text.
 * @param {{status: string}} run
 * @returns {"compiled"|"reference-draft"}
 */
export const runStatus = (run) => (run.status === "reference-draft" ? "reference-draft" : "compiled")

const withStatus = (run) => ({ ...run, status: runStatus(run) })

/**
 * The run's label, or the words for none.
 * @param {object} run
 * @param {object} words
 * @returns {string}
 */
export const runName = (run, words) => run.label || words.no_label

/**
 * A label with a number: its `_one` twin when the number is 1 (the English singular).
 * @param {object} words
 * @param {string} key
 * @param {number} n
 * @returns {string}
 */
export const counted = (words, key, n) => (n === 1 && words[key + "_one"] !== undefined ? words[key + "_one"] : words[key])

/**
 * Where an imported copy came from and when it was imported, in words; "" for a run made here.
 * @param {object} run
 * @param {object} words
 * @returns {string}
 */
export const originText = (run, words) => {
  if (!run.imported) return ""
  const text = fill(words.imported_from, {
    file: run.imported.file || "—", exported: localTime(run.imported.exported_at) || "—", at: localTime(run.imported.at)
  })
  return run.copied_from ? text + fill(words.copy_of, { id: run.copied_from }) : text
}

/**
 * What finishing the run asks: the plain question, or, with steps on the path not done, how
 * many and which (number and text, one a line).
 * @param {object} run
 * @param {string} lang "zh" | "en"
 * @param {object} words
 * @returns {string}
 */
export const finishQuestion = (run, lang, words) => {
  const undone = undoneIfFinished(run)
  const line = ({ number, step }) => `${number}. ${step.text[lang]}`
  const photos = missingPhotos(run)
  // Required photos missing are named as undone steps are (photo-record.js), after them and
  // before the question.
  const missing = photos.length
    ? fill(counted(words.photo, "missing", photos.length), { count: photos.length, steps: photos.map(line).join("\n") })
    : ""
  if (!undone.length) return (missing ? missing + "\n" : "") + words.finish_confirm
  const steps = undone.map(line).join("\n") + (missing ? "\n" + missing : "")
  return fill(counted(words, "finish_undone", undone.length), { count: undone.length, steps })
}

/**
 * What the page says once the run is finished: with the numbers of the steps not done, if any.
 * @param {object} run the finished run
 * @param {object} words
 * @returns {string}
 */
export const finishedMessage = (run, words) => {
  const numbers = undoneIfFinished(run).map((u) => u.number)
  const photos = missingPhotos(run).map((u) => u.number)
  const after = photos.length ? " " + fill(words.photo.finished_missing, { numbers: photos.join(words.sep) }) : ""
  if (!numbers.length) return words.finished_msg + after
  return fill(counted(words, "finished_undone", numbers.length), { count: numbers.length, numbers: numbers.join(words.sep) }) + after
}

// What a step holds: its time, and for a decision the answer's words.
const entry = (run, step, lang) => {
  if (isDecision(step)) {
    const a = run.answers[step.id]
    const branch = a && step.branches[a.branch]
    return { at: branch ? a.at : "", answer: branch ? branch.when[lang] : "" }
  }
  return { at: run.ticks[step.id] || "", answer: "" }
}

// --- exports ---------------------------------------------------------------------------------

// The text record's mark per state; the key line under the header says what each means.
const MARKS = { done: "[x]", not_done: "[!]", not_reached: "[ ]", off_path: "[-]" }

/**
 * The run as a text record: header, a key to the marks, one line per step with its state.
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @returns {string}
 */
export function asText(run, lang, words, print) {
  const progress = progressOf(run)
  const lines = [
    run.title[lang] + " — " + runName(run, words),
    words.label + words.colon + run.label,
    words.procedure + words.colon + [run.procedure, fill(words.version, { version: run.version }), statusName(run, words)].join(words.sep),
    words.started + words.colon + localTime(run.started_at),
    words.finished + words.colon + (run.finished_at ? localTime(run.finished_at) : "—"),
    words.progress + words.colon + progress.done + " / " + progress.total,
    words.run_id + words.colon + run.id
  ]
  if (run.imported) lines.push(words.origin + words.colon + originText(run, words))
  lines.push(...recordFacts(run, lang, words, print))
  lines.push(words.states_key + words.colon + STATES.map((s) => MARKS[s] + " " + words.state[s]).join("  "), "")
  run.steps.forEach((step, i) => {
    const state = progress.states[step.id]
    const { at, answer } = entry(run, step, lang)
    let line = MARKS[state] + " " + (i + 1) + ". " + step.text[lang]
    if (answer) line += " → " + answer
    if (at) line += " — " + localTime(at)
    if (state !== "done") line += fill(words.paren, { text: words.state[state] })
    lines.push(line)
    if (run.notes[step.id]) lines.push("    " + words.note + words.colon + run.notes[step.id].replace(/\n/g, "\n    "))
    for (const p of stepPhotos(run, step.id)) lines.push("    " + fill(words.photo.line, { file: photoFileName(p), time: localTime(p.taken_at) }))
  })
  return lines.join("\n") + "\n"
}

/** The CSV's columns (their headings are in the record's language: words.csv). */
export const CSV_COLUMNS = Object.freeze([
  "run_id", "label", "procedure", "version", "status", "title", "started_at", "finished_at", "imported",
  "step_number", "step_id", "step_text", "state", "ticked_at", "answer", "answered_at", "note", "photos",
  "signed_by", "signer_role", "signed_at", "sign_method", "fingerprint"])

// A cell a spreadsheet would run as a formula gets a leading apostrophe (read back without it).
const csvCell = (value) => {
  let text = value === null || value === undefined ? "" : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
}

/**
 * The run as CSV: one row per step, headings and words in the record's language, times as
 * local ISO 8601 with the offset (2025-10-09T14:01:05+08:00).
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @returns {string}
 */
export function asCsv(run, lang, words, print) {
  const { states } = stepStates(run)
  const rows = [CSV_COLUMNS.map((c) => words.csv[c])]
  const origin = originText(run, words)
  run.steps.forEach((step, i) => {
    const { at, answer } = entry(run, step, lang)
    const values = {
      run_id: run.id, label: run.label, procedure: run.procedure, version: run.version, status: statusName(run, words),
      title: run.title[lang], started_at: isoLocal(run.started_at), finished_at: isoLocal(run.finished_at),
      imported: origin, step_number: i + 1, step_id: step.id, step_text: step.text[lang],
      state: words.state[states[step.id]], ticked_at: isDecision(step) ? "" : isoLocal(at), answer,
      answered_at: isDecision(step) ? isoLocal(at) : "", note: run.notes[step.id] || "",
      // The CSV cannot hold an image: it names each (file and time; the JSON export has them).
      photos: stepPhotos(run, step.id).map((p) => photoFileName(p) + " " + isoLocal(p.taken_at)).join("; "),
      ...signOffCells(run, lang, words, isoLocal), fingerprint: print || ""
    }
    rows.push(CSV_COLUMNS.map((c) => values[c]))
  })
  // The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese text).
  return "\ufeff" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n"
}

/**
 * A CSV text as rows of cells (the apostrophe csvCell adds taken off again).
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  text = text.replace(/^\ufeff/, "")
  const rows = []
  let row = [], cell = "", quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ }
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") { row.push(cell); cell = "" }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++
      row.push(cell); rows.push(row); row = []; cell = ""
    } else cell += c
  }
  if (cell || row.length) { row.push(cell); rows.push(row) }
  return rows.map((r) => r.map((v) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v)))
}

/**
 * A run as the JSON export holds it: as stored (the status as the site names it now), plus
 * `step_states` (step id → "done" | "not_done" | "not_reached" | "off_path"), worked out from it.
 * @param {object} run
 * @returns {object}
 */
export const exportedRun = (run) => ({ ...withStatus(run), step_states: stepStates(run).states })

/**
 * The fingerprint of a run as exported (record-fingerprint.js): the same in every export.
 * @param {object} run
 * @returns {Promise<string>}
 */
export const runFingerprint = (run) => fingerprint(exportedRun(run))

/**
 * Runs as a JSON file: each run as exportedRun has it and its `fingerprint`, taken last over
 * everything the exported object holds; step_states and fingerprint are dropped again on import.
 * @param {object[]} runs
 * @returns {Promise<string>}
 */
export const asJson = async (runs) => JSON.stringify({
  format: FORMAT, version: RUN_FORMAT, exported_at: now(),
  runs: await Promise.all(runs.map(async (run) => {
    const out = exportedRun(run)
    return { ...out, fingerprint: await fingerprint(out) }
  }))
}, null, 2) + "\n"

// The lines of a record that say how it was closed and how to check it: the sign-off (for a
// procedure that has one), the check made on import, the fingerprint.
const recordFacts = (run, lang, words, print) => {
  const lines = signOffLines(run, lang, words, localTime)
  if (run.copied_from_signed) lines.push(words.signoff.copy_of_signed + words.colon + run.copied_from_signed)
  const check = run.imported && run.imported.fingerprint
  if (check) {
    const key = check === "changed" && run.signed ? "changed_signed" : check
    lines.push(words.signoff.check + words.colon + words.signoff["check_" + key])
  }
  if (print) lines.push(words.signoff.fingerprint + words.colon + print)
  return lines
}

// --- import ------------------------------------------------------------------------------------

const isText = (value) => value && typeof value === "object" && typeof value.zh === "string" && typeof value.en === "string"

/**
 * The runs of an export file, each checked; a bad file or run throws an Error whose message
 * names what is wrong ({where} in words.bad_file). Each run's content is checked against its
 * fingerprint and its drawn signature against damage, before the fields an export works out
 * (step_states, fingerprint) are dropped: `checks` says, per run, "matches", "changed" or
 * "none", and whether its signature image is damaged. A changed or damaged run is still
 * imported (mergeRuns marks it): the office sees what arrived rather than losing it.
 * @param {string} text
 * @param {object} words
 * @returns {Promise<{runs: object[], exported_at: (string|null), checks: Array<{fingerprint: string, damaged: boolean}>}>}
 */
export async function runsFromFile(text, words) {
  let data
  try { data = JSON.parse(text) } catch (err) { throw new Error(fill(words.bad_file, { where: "JSON" })) }
  if (!data || data.format !== FORMAT || !Array.isArray(data.runs)) throw new Error(fill(words.bad_file, { where: "format" }))
  data.runs.forEach((run, n) => {
    const where = "runs[" + n + "]"
    const ok = run && run.format === RUN_FORMAT && typeof run.id === "string" && run.id &&
      typeof run.label === "string" && typeof run.procedure === "string" && Number.isInteger(run.version) &&
      ["compiled", "converted", "reference-draft"].includes(run.status) && isText(run.title) &&
      Array.isArray(run.steps) && run.steps.every((s) => s && typeof s.id === "string" && isText(s.text)) &&
      typeof run.started_at === "string" &&
      ["ticks", "answers", "notes"].every((k) => run[k] && typeof run[k] === "object" && !Array.isArray(run[k]))
    const field = ok ? signOffProblem(run) : null
    if (!ok || field) throw new Error(fill(words.bad_file, { where: where + (field ? "." + field : "") + (run && run.id ? " (" + run.id + ")" : "") }))
  })
  const checks = []
  for (const run of data.runs) {
    checks.push({ fingerprint: await checkFingerprint(run), damaged: Boolean(run.signed) && !signatureIntact(run.signed) })
    DERIVED.forEach((k) => delete run[k])
  }
  return { runs: data.runs.map(withStatus), exported_at: typeof data.exported_at === "string" ? data.exported_at : null, checks }
}

// A run as compared on import: where a copy came from is not what it records.
const content = (run) => {
  const { imported, copied_from, ...rest } = withStatus(run)
  DERIVED.forEach((k) => delete rest[k])
  return JSON.stringify(sorted(rest))
}

/**
 * What importing `incoming` into `existing` does: new runs are added, identical ones left
 * alone, and a different run under an id already here is added as a copy with a new id,
 * never written over the one here. Every run added is marked as imported with `origin`
 * ({file, exported_at, at}): a copy never looks like a run made here.
 * With `checks` (runsFromFile's), each copy's `imported` also keeps its check: `fingerprint`
 * ("matches" | "changed" | "none") and `signature_damaged`.
 * @param {object[]} existing
 * @param {object[]} incoming
 * @param {{file: string, exported_at: (string|null), at: string}} origin
 * @param {Array<{fingerprint: string, damaged: boolean}>} [checks]
 * @returns {{add: object[], same: number, copies: number}}
 */
export function mergeRuns(existing, incoming, origin, checks) {
  const byId = new Map(existing.map((r) => [r.id, r]))
  const plan = { add: [], same: 0, copies: 0 }
  incoming.forEach((run, i) => {
    const here = byId.get(run.id)
    if (here && content(here) === content(run)) {
      plan.same += 1
      return
    }
    const copy = JSON.parse(JSON.stringify(run))
    copy.imported = { ...origin }
    if (checks && checks[i]) {
      copy.imported.fingerprint = checks[i].fingerprint
      if (checks[i].damaged) copy.imported.signature_damaged = true
    }
    if (here) {
      copy.copied_from = run.id
      copy.id = newId()
      plan.copies += 1
    } else {
      byId.set(run.id, copy)
    }
    plan.add.push(copy)
  })
  return plan
}

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted)
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]))
  }
  return value
}

// --- the filled record (print and the runs page) -----------------------------------------------

/**
 * The run as a filled record: its header and one table row per step with the step's state
 * (data-state, the machine name), the answer or ✓, the time and the note.
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @returns {HTMLElement}
 */
export function recordElement(run, lang, words, print) {
  const progress = progressOf(run)
  const box = el("section", "hb-run-record")
  box.appendChild(el("h2", "hb-run-record__title", run.title[lang]))
  const meta = el("dl", "hb-run-record__meta")
  const row = (term, value, className) => {
    meta.appendChild(el("dt", "", term))
    meta.appendChild(el("dd", className || "", value))
  }
  row(words.label, runName(run, words), "hb-run-record__label")
  row(words.procedure, run.procedure + words.sep + fill(words.version, { version: run.version }))
  row(words.status, statusName(run, words), "status-badge status-" + runStatus(run))
  row(words.started, localTime(run.started_at))
  row(words.finished, run.finished_at ? localTime(run.finished_at) : "—")
  row(words.progress, progress.done + " / " + progress.total)
  if (run.imported) row(words.origin, originText(run, words), "hb-run-record__origin")
  if (run.copied_from_signed) row(words.signoff.copy_of_signed, run.copied_from_signed)
  if (run.imported && run.imported.fingerprint) {
    const check = run.imported.fingerprint === "changed" && run.signed ? "changed_signed" : run.imported.fingerprint
    row(words.signoff.check, words.signoff["check_" + check], "hb-run-record__check is-" + run.imported.fingerprint)
  }
  if (print) row(words.signoff.fingerprint, print, "hb-run-record__fingerprint")
  const warning = importWarning(run, words)
  if (warning) {
    const alert = el("p", "hb-run-record__warning" + (run.signed ? " is-signed" : ""), warning)
    alert.setAttribute("role", "alert")
    box.appendChild(alert)
  }
  box.appendChild(meta)
  const table = el("table", "hb-run-record__steps")
  const head = el("tr")
  for (const h of [words.col_number, words.col_step, words.col_done, words.col_time, words.note]) {
    const th = el("th", "", h)
    th.scope = "col"
    head.appendChild(th)
  }
  table.appendChild(el("thead")).appendChild(head)
  const body = table.appendChild(el("tbody"))
  run.steps.forEach((step, i) => {
    const state = progress.states[step.id]
    const tr = el("tr", "is-" + state.replace("_", "-"))
    tr.dataset.step = step.id
    tr.dataset.state = state
    const { at, answer } = entry(run, step, lang)
    const shown = state === "done" ? answer || "✓" : words.state[state] + (answer ? fill(words.paren, { text: answer }) : at ? fill(words.paren, { text: "✓" }) : "")
    tr.appendChild(el("td", "", String(i + 1)))
    tr.appendChild(el("td", "", step.text[lang]))
    tr.appendChild(el("td", "hb-run-record__done", shown))
    tr.appendChild(el("td", "hb-run-record__time", localTime(at)))
    tr.appendChild(el("td", "hb-run-record__note", run.notes[step.id] || ""))
    body.appendChild(tr)
  })
  box.appendChild(table)
  const signOff = signOffElement(run, lang, words, localTime)
  if (signOff) box.appendChild(signOff)
  return box
}

/**
 * Print one run as a filled record with its sign-off and fingerprint: the record alone on the
 * sheet (procedures.css), then the page as it was.
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @param {HTMLElement} [extra] shown under the record (the run's photos, run-photos.js photoGrid)
 * @returns {Promise<void>}
 */
export async function printRecord(run, lang, words, extra) {
  const print = await runFingerprint(run)
  const holder = el("div", "hb-run-print")
  const record = holder.appendChild(recordElement(run, lang, words, print))
  if (extra) record.appendChild(extra)
  document.body.appendChild(holder)
  document.documentElement.classList.add("hb-printing-run")
  const done = () => {
    window.removeEventListener("afterprint", done)
    document.documentElement.classList.remove("hb-printing-run")
    holder.remove()
  }
  window.addEventListener("afterprint", done)
  window.print()
}

// --- out of the browser ------------------------------------------------------------------------

/**
 * The file name of a run's export: procedure, label (or id), start date.
 * @param {object} run
 * @param {string} ext "txt" | "csv" | "json"
 * @returns {string}
 */
export function fileName(run, ext) {
  const label = (run.label || "").replace(/[^\w\u3400-\u9fff-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40)
  return [run.procedure, label || run.id, run.started_at.slice(0, 10)].join("_") + "." + ext
}

/**
 * The run exported in a format, as a file: {name, text}; every format names its fingerprint.
 * @param {object} run
 * @param {string} format "txt" | "csv" | "json"
 * @param {string} lang
 * @param {object} words
 * @returns {Promise<{name: string, text: string}>}
 */
export async function exportRun(run, format, lang, words) {
  if (format === "json") return { name: fileName(run, format), text: await asJson([run]) }
  const print = await runFingerprint(run)
  const text = format === "csv" ? asCsv(run, lang, words, print) : asText(run, lang, words, print)
  return { name: fileName(run, format), text }
}

/** MIME types by file extension. */
export const TYPES = Object.freeze({ txt: "text/plain", csv: "text/csv", json: "application/json" })

/**
 * A record saved as a file, its type from its extension.
 * @param {string} name
 * @param {string} text
 */
export const download = (name, text) => saveFile(name, TYPES[name.split(".").pop()] + ";charset=utf-8", text)

/**
 * Whether the browser has a share sheet.
 * @returns {boolean}
 */
export const canShare = () => typeof navigator.share === "function"

/**
 * The system share sheet: the file where the browser can share files, else the text.
 * @param {string} name
 * @param {string} text
 * @returns {Promise<void>}
 */
export function share(name, text) {
  const file = new File([text], name, { type: TYPES[name.split(".").pop()] })
  if (navigator.canShare && navigator.canShare({ files: [file] })) return navigator.share({ files: [file], title: name })
  return navigator.share({ title: name, text })
}

/**
 * The text in a box on the page, and on the clipboard where the page may use it (https or
 * localhost); else the box is selected to copy by hand.
 * @param {string} text
 * @param {HTMLTextAreaElement} box
 * @returns {Promise<boolean>} true when the clipboard took it
 */
export async function copy(text, box) {
  box.value = text
  box.hidden = false
  const manual = () => {
    box.focus()
    box.select()
    return false
  }
  if (!navigator.clipboard || !window.isSecureContext) return manual()
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch (err) {
    return manual()
  }
}
