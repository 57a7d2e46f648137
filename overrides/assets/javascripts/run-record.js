// A checklist run as a record: the path taken, progress, and the run as text, CSV and JSON
// (and back), the filled record for print, and the ways out of the browser (share, copy,
// download). Used by checklist.js (a procedure page) and runs-page.js (my runs). No text of
// its own: the words come from the page (data-labels), in the page's language.
//
// A run (stored by runs-store.js) keeps the procedure as it was when the run started:
//   {format: 1, id, label, procedure, version, status: "compiled" | "reference-draft",
//    title: {zh, en}, steps: [{id, text: {zh, en}, branches: [{when: {zh, en}, next}], end}],
//    started_at, updated_at, finished_at, ticks: {step: time}, answers: {step: {branch, at}},
//    notes: {step: text}}
// so a later version of the procedure never re-maps its ticks. Times are ISO 8601 in UTC,
// to the second (what every export keeps exactly).
import { el, fill, saveFile } from "./dom.js"

export var FORMAT = "service-norms-runs"
export var RUN_FORMAT = 1

export function now() {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z")
}

export function newId() {
  var bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  return "run-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1) }).join("")
}

export function newRun(procedure, label) {
  var at = now()
  return {
    format: RUN_FORMAT, id: newId(), label: label || "", procedure: procedure.id, version: procedure.version,
    status: procedure.status, title: procedure.title, steps: procedure.steps,
    started_at: at, updated_at: at, finished_at: null, ticks: {}, answers: {}, notes: {}
  }
}

// --- the path taken ----------------------------------------------------------------------

function positions(run) {
  var index = {}
  run.steps.forEach(function (s, i) { index[s.id] = i })
  return index
}

// Steps from the first to an end along the answers given; `open` is the first decision
// not answered yet (the path stops there). A step is visited once, so a loop ends the walk.
export function pathOf(run) {
  var index = positions(run)
  var path = [], seen = {}, i = 0, open = null
  while (i !== undefined && i < run.steps.length && !seen[i]) {
    seen[i] = true
    var step = run.steps[i]
    path.push(step.id)
    if (step.branches && step.branches.length) {
      var answer = run.answers[step.id]
      if (!answer || !step.branches[answer.branch]) { open = step.id; break }
      i = index[step.branches[answer.branch].next]
    } else if (step.end) {
      break
    } else {
      i += 1
    }
  }
  return { path: path, open: open }
}

// The fewest steps from step index i to an end, i included.
function shortestToEnd(run, start) {
  var index = positions(run)
  var queue = [[start, 1]], seen = {}
  while (queue.length) {
    var item = queue.shift(), i = item[0]
    if (seen[i] || i >= run.steps.length) continue
    seen[i] = true
    var step = run.steps[i]
    var next = step.branches && step.branches.length ? step.branches.map(function (b) { return index[b.next] })
      : step.end || i + 1 >= run.steps.length ? [] : [i + 1]
    if (!next.length) return item[1]
    next.forEach(function (n) { queue.push([n, item[1] + 1]) })
  }
  return 1
}

export function isDecision(step) {
  return Boolean(step.branches && step.branches.length)
}

export function isDone(run, step) {
  return isDecision(step) ? Boolean(run.answers[step.id]) : Boolean(run.ticks[step.id])
}

// Done and total along the path taken: steps on branches not taken do not count, and every
// path reaches 100 %. Before a decision is answered, the total counts the shortest way on.
export function progressOf(run) {
  var walk = pathOf(run)
  var byId = {}
  run.steps.forEach(function (s) { byId[s.id] = s })
  var done = walk.path.filter(function (id) { return isDone(run, byId[id]) }).length
  var total = walk.path.length
  if (walk.open) {
    var step = byId[walk.open], index = positions(run)
    total += Math.min.apply(null, step.branches.map(function (b) { return shortestToEnd(run, index[b.next]) }))
  }
  return { done: done, total: total, path: walk.path, open: walk.open, complete: !walk.open && done === total }
}

// --- words and times -------------------------------------------------------------------------

function pad(n) {
  return (n < 10 ? "0" : "") + n
}

// A time as the reader's wall clock with its offset: "2025-10-09 14:01:05 +08:00". Exact to
// the second, so a text record can be read back.
export function localTime(iso) {
  if (!iso) return ""
  var d = new Date(iso)
  var off = -d.getTimezoneOffset()
  var sign = off >= 0 ? "+" : "-"
  off = Math.abs(off)
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" +
    pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + " " + sign + pad(Math.floor(off / 60)) + ":" + pad(off % 60)
}

/**
 * A run's status as the site names it now: runs stored before "compiled" existed say
 * "converted", and every checklist on a V4 clause was compiled from it, never V4 text.
 * @param {{status: string}} run
 * @returns {"compiled" | "reference-draft"}
 */
export const runStatus = (run) => run.status === "reference-draft" ? "reference-draft" : "compiled"

const withStatus = (run) => ({ ...run, status: runStatus(run) })

export function statusName(run, words) {
  return runStatus(run) === "compiled" ? words.status_compiled : words.status_draft
}

export function runName(run, words) {
  return run.label ? run.label : words.no_label
}

// --- exports ---------------------------------------------------------------------------------

export function asText(run, lang, words) {
  var progress = progressOf(run)
  var onPath = {}
  progress.path.forEach(function (id) { onPath[id] = true })
  var lines = [
    run.title[lang] + " — " + runName(run, words),
    words.label + ": " + run.label,
    words.procedure + ": " + run.procedure + ", " + fill(words.version, { version: run.version }) + ", " + statusName(run, words),
    words.started + ": " + localTime(run.started_at),
    words.finished + ": " + (run.finished_at ? localTime(run.finished_at) : "—"),
    words.progress + ": " + progress.done + " / " + progress.total,
    words.run_id + ": " + run.id,
    ""
  ]
  run.steps.forEach(function (step, i) {
    var mark = !onPath[step.id] ? "[-]" : isDone(run, step) ? "[x]" : "[ ]"
    var line = mark + " " + (i + 1) + ". " + step.text[lang]
    if (isDecision(step)) {
      var a = run.answers[step.id]
      if (a) line += " → " + step.branches[a.branch].when[lang] + " — " + localTime(a.at)
    } else if (run.ticks[step.id]) {
      line += " — " + localTime(run.ticks[step.id])
    }
    if (!onPath[step.id]) line += " (" + words.off_path + ")"
    lines.push(line)
    if (run.notes[step.id]) lines.push("    " + words.note + ": " + run.notes[step.id].replace(/\n/g, "\n    "))
  })
  return lines.join("\n") + "\n"
}

export var CSV_COLUMNS = ["run_id", "label", "procedure", "version", "status", "title", "started_at", "finished_at",
                          "step_number", "step_id", "step_text", "on_path", "ticked_at", "answer", "answered_at", "note"]

// A cell a spreadsheet would run as a formula gets a leading apostrophe (read back without it).
function csvCell(value) {
  var text = value === null || value === undefined ? "" : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text
}

export function asCsv(run, lang) {
  var onPath = {}
  progressOf(run).path.forEach(function (id) { onPath[id] = true })
  var rows = [CSV_COLUMNS]
  run.steps.forEach(function (step, i) {
    var a = run.answers[step.id]
    rows.push([run.id, run.label, run.procedure, run.version, runStatus(run), run.title[lang], run.started_at,
               run.finished_at || "", i + 1, step.id, step.text[lang], onPath[step.id] ? "yes" : "no",
               run.ticks[step.id] || "", a ? step.branches[a.branch].when[lang] : "", a ? a.at : "",
               run.notes[step.id] || ""])
  })
  // The byte order mark makes spreadsheet programs read the file as UTF-8 (Chinese text).
  return "\ufeff" + rows.map(function (r) { return r.map(csvCell).join(",") }).join("\r\n") + "\r\n"
}

export function parseCsv(text) {
  text = text.replace(/^\ufeff/, "")
  var rows = [], row = [], cell = "", quoted = false
  for (var i = 0; i < text.length; i++) {
    var c = text[i]
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
  return rows.map(function (r) {
    return r.map(function (v) { return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v })
  })
}

export function asJson(runs) {
  return JSON.stringify({ format: FORMAT, version: RUN_FORMAT, exported_at: now(), runs: runs.map(withStatus) }, null, 2) + "\n"
}

// --- import ------------------------------------------------------------------------------------

function isText(value) {
  return value && typeof value === "object" && typeof value.zh === "string" && typeof value.en === "string"
}

// The runs of an export file, each checked; a bad file or run throws an Error whose message
// names what is wrong ({where} in words.bad_file).
export function runsFromFile(text, words) {
  var data
  try { data = JSON.parse(text) } catch (err) { throw new Error(fill(words.bad_file, { where: "JSON" })) }
  if (!data || data.format !== FORMAT || !Array.isArray(data.runs)) throw new Error(fill(words.bad_file, { where: "format" }))
  data.runs.forEach(function (run, n) {
    var where = "runs[" + n + "]"
    var ok = run && run.format === RUN_FORMAT && typeof run.id === "string" && run.id &&
      typeof run.label === "string" && typeof run.procedure === "string" && Number.isInteger(run.version) &&
      ["compiled", "converted", "reference-draft"].includes(run.status) && isText(run.title) &&
      Array.isArray(run.steps) && run.steps.every(function (s) { return s && typeof s.id === "string" && isText(s.text) }) &&
      typeof run.started_at === "string" && ["ticks", "answers", "notes"].every(function (k) {
        return run[k] && typeof run[k] === "object" && !Array.isArray(run[k])
      })
    if (!ok) throw new Error(fill(words.bad_file, { where: where + (run && run.id ? " (" + run.id + ")" : "") }))
  })
  return data.runs.map(withStatus)
}

// What importing `incoming` into `existing` does: new runs are added, identical ones left
// alone, and a different run under an id already here is added as a copy with a new id,
// never written over the one here.
export function mergeRuns(existing, incoming) {
  var byId = {}
  existing.forEach(function (r) { byId[r.id] = r })
  var plan = { add: [], same: 0, copies: 0 }
  incoming.forEach(function (run) {
    var here = byId[run.id]
    if (!here) { plan.add.push(run); byId[run.id] = run }
    else if (JSON.stringify(sorted(withStatus(here))) === JSON.stringify(sorted(withStatus(run)))) plan.same += 1
    else {
      var copy = JSON.parse(JSON.stringify(run))
      copy.copied_from = run.id
      copy.id = newId()
      plan.add.push(copy)
      plan.copies += 1
    }
  })
  return plan
}

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted)
  if (value && typeof value === "object") {
    var out = {}
    Object.keys(value).sort().forEach(function (k) { out[k] = sorted(value[k]) })
    return out
  }
  return value
}

// --- the filled record (print and the runs page) -----------------------------------------------

export function recordElement(run, lang, words) {
  var progress = progressOf(run)
  var onPath = {}
  progress.path.forEach(function (id) { onPath[id] = true })
  var box = el("section", "hb-run-record")
  box.appendChild(el("h2", "hb-run-record__title", run.title[lang]))
  var meta = el("dl", "hb-run-record__meta")
  function row(term, value, className) {
    meta.appendChild(el("dt", "", term))
    meta.appendChild(el("dd", className || "", value))
  }
  row(words.label, runName(run, words), "hb-run-record__label")
  row(words.procedure, run.procedure + ", " + fill(words.version, { version: run.version }))
  row(words.status, statusName(run, words), "status-badge status-" + runStatus(run))
  row(words.started, localTime(run.started_at))
  row(words.finished, run.finished_at ? localTime(run.finished_at) : "—")
  row(words.progress, progress.done + " / " + progress.total)
  box.appendChild(meta)
  var table = el("table", "hb-run-record__steps")
  var head = el("tr")
  ;[words.col_number, words.col_step, words.col_done, words.col_time, words.note].forEach(function (h) {
    var th = el("th", "", h)
    th.scope = "col"
    head.appendChild(th)
  })
  table.appendChild(el("thead")).appendChild(head)
  var body = table.appendChild(el("tbody"))
  run.steps.forEach(function (step, i) {
    var tr = el("tr", onPath[step.id] ? "" : "is-off-path")
    tr.dataset.step = step.id
    var a = run.answers[step.id]
    var done = isDecision(step) ? (a ? step.branches[a.branch].when[lang] : "")
      : run.ticks[step.id] ? "✓" : ""
    if (!onPath[step.id]) done = words.off_path
    var at = isDecision(step) ? (a ? a.at : "") : run.ticks[step.id] || ""
    tr.appendChild(el("td", "", String(i + 1)))
    tr.appendChild(el("td", "", step.text[lang]))
    tr.appendChild(el("td", "hb-run-record__done", done))
    tr.appendChild(el("td", "hb-run-record__time", localTime(at)))
    tr.appendChild(el("td", "hb-run-record__note", run.notes[step.id] || ""))
    body.appendChild(tr)
  })
  box.appendChild(table)
  return box
}

// Print one run as a filled record: the record alone on the sheet (procedures.css), then the page as it was.
export function printRecord(run, lang, words) {
  var holder = el("div", "hb-run-print")
  holder.appendChild(recordElement(run, lang, words))
  document.body.appendChild(holder)
  document.documentElement.classList.add("hb-printing-run")
  function done() {
    window.removeEventListener("afterprint", done)
    document.documentElement.classList.remove("hb-printing-run")
    holder.remove()
  }
  window.addEventListener("afterprint", done)
  window.print()
}

// --- out of the browser ------------------------------------------------------------------------

export function fileName(run, ext) {
  var label = (run.label || "").replace(/[^\w\u3400-\u9fff-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40)
  return [run.procedure, label || run.id, run.started_at.slice(0, 10)].join("_") + "." + ext
}

export var TYPES = { txt: "text/plain", csv: "text/csv", json: "application/json" }

// A record saved as a file, its type from its extension.
export function download(name, text) {
  saveFile(name, TYPES[name.split(".").pop()] + ";charset=utf-8", text)
}

export function canShare() {
  return typeof navigator.share === "function"
}

// The system share sheet: the file where the browser can share files, else the text.
export function share(name, text) {
  var file = new File([text], name, { type: TYPES[name.split(".").pop()] })
  if (navigator.canShare && navigator.canShare({ files: [file] })) return navigator.share({ files: [file], title: name })
  return navigator.share({ title: name, text: text })
}

// The text in a box on the page, and on the clipboard where the page may use it (https or
// localhost); else the box is selected to copy by hand. Resolves to true when the clipboard took it.
export function copy(text, box) {
  box.value = text
  box.hidden = false
  function manual() {
    box.focus()
    box.select()
    return false
  }
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).then(function () { return true }, manual)
  }
  return Promise.resolve(manual())
}
