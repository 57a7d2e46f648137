// The class results panel of the trainer page (quiz-trainer.js): the paste box, the import of a
// file of codes, a code scanned from a trainee's QR code (`#result=…`), the choice of which of a
// trainee's codes counts, and the report class-results.js works out, drawn as three tables with
// its CSV to download. The codes and the choice are kept in this browser's storage.
import { el, fill, saveFile } from "./dom.js"
import { csvText, report } from "./class-results.js"

const CODES_KEY = "service-norms:class-codes"
const COUNTING_KEY = "service-norms:class-counting"
const MAX_ROWS = 500          // rows of the class table drawn; the CSV has them all
const MAX_PROBLEMS = 50       // refused lines listed one by one

function cell(row, tag, text, attrs) {
  const c = el(tag, attrs || {}, text === undefined ? "" : String(text))
  row.appendChild(c)
  return c
}

// Material styles `table:not([class])`: the table has no class (the wrapper carries ours),
// one caption, and scrolls inside its own box on a phone (hb-class__scroll).
function table(caption, head, rows, className) {
  const t = el("table")
  t.appendChild(el("caption", {}, caption))
  const thead = el("thead")
  const tr = el("tr")
  for (const h of head) cell(tr, "th", h, { scope: "col" })
  thead.appendChild(tr)
  t.appendChild(thead)
  const tbody = el("tbody")
  tbody.append(...rows)
  t.appendChild(tbody)
  // A box that scrolls is reached by the keyboard too (Tab, then the arrow keys).
  const wrap = el("div", { class: `hb-class__scroll ${className}`, tabindex: "0", role: "region", "aria-label": caption })
  wrap.appendChild(t)
  return wrap
}

// A report drawn into `out`: the refused lines, then the summary, the class and the questions.
function render(out, rep, { words, bank, lang }) {
  const C = words.class
  out.textContent = ""
  if (rep.problems.length) {
    const problems = el("div", { class: "hb-widget__error hb-class__problems", role: "alert" })
    problems.appendChild(el("p", {}, C.refused))
    const ul = el("ul")
    for (const p of rep.problems.slice(0, MAX_PROBLEMS)) ul.appendChild(el("li", { "data-line": String(p.line) }, p.message))
    problems.appendChild(ul)
    if (rep.problems.length > MAX_PROBLEMS) problems.appendChild(el("p", {}, fill(C.more_refused, { n: rep.problems.length - MAX_PROBLEMS })))
    out.appendChild(problems)
  }
  if (!rep.questions) {
    out.appendChild(el("p", { class: "hb-class__empty" }, rep.empty))
    return
  }
  const s = rep.summary
  const summaryRows = [["exam", rep.exam.seed], ["bank", rep.exam.bank], ["questions", s.questions],
                       ["trainees", s.trainees], ["mean", s.mean], ["sd", s.sd || "—"], ["lowest", s.lowest],
                       ["highest", s.highest]].map(([key, value]) => {
    const tr = el("tr", { "data-key": key })
    cell(tr, "th", C[key], { scope: "row" })
    cell(tr, "td", value, { class: "hb-class__figure" })
    return tr
  })
  const poolRow = el("tr", { "data-key": "pool" })
  cell(poolRow, "th", C.pool, { scope: "row" })
  cell(poolRow, "td", C[`pool_${rep.exam.pool}`])
  summaryRows.splice(1, 0, poolRow)
  out.appendChild(table(C.summary, [C.item, C.value], summaryRows, "hb-class__summary"))
  const qs = rep.questions
  const rows = rep.attempts.slice(0, MAX_ROWS).map((a) => {
    const tr = el("tr", { "data-line": String(a.line) })
    if (!a.counted) tr.className = "is-not-counted"
    cell(tr, "td", a.line, { class: "hb-class__figure" })
    cell(tr, "th", a.name, { scope: "row", class: "hb-class__name" })
    cell(tr, "td", a.attempt, { class: "hb-class__figure", "data-figure": "attempt" })
    cell(tr, "td", a.time, { class: "hb-class__figure", "data-figure": "time" })
    cell(tr, "td", a.counted ? C.yes : C.no, { "data-figure": "counted" })
    cell(tr, "td", `${a.right}/${a.total}`, { class: "hb-class__figure", "data-figure": "score" })
    cell(tr, "td", `${a.percent}%`, { class: "hb-class__figure" })
    a.marks.forEach((m, k) => {
      cell(tr, "td", m ? "✓" : "✗", { class: m ? "is-right" : "is-wrong", title: `${qs[k].id}: ${m ? C.right_mark : C.wrong_mark}`,
                                      "aria-label": m ? C.right_mark : C.wrong_mark })
    })
    cell(tr, "td", a.notes.join(words.sep))
    return tr
  })
  const head = [C.line, C.name, C.attempt, C.time, C.counted, C.score, C.percent, ...qs.map((q) => q.n), C.notes]
  out.appendChild(table(C.title, head, rows, "hb-class__table"))
  if (rep.attempts.length > MAX_ROWS) out.appendChild(el("p", {}, fill(C.shown_rows, { shown: MAX_ROWS, total: rep.attempts.length })))
  const byId = Object.fromEntries(bank.map((q) => [q.id, q]))
  const qRows = qs.map((q) => {
    const tr = el("tr", { "data-question": q.id })
    cell(tr, "td", q.n, { class: "hb-class__figure" })
    const prompt = cell(tr, "td", byId[q.id].prompt)
    prompt.className = "hb-class__prompt"
    cell(tr, "td", `${q.facility}%`, { "data-figure": "facility", class: "hb-class__figure" })
    cell(tr, "td", q.discrimination || "—", { "data-figure": "discrimination", class: "hb-class__figure" })
    cell(tr, "td", q.wrong ? `${q.wrong} (${q.wrong_count})` : "—", { "data-figure": "wrong" })
    const clause = cell(tr, "td", "")
    clause.appendChild(el("a", { href: q.clause }, byId[q.id].citation))  // as V4 numbers it
    if (q.draft) {
      clause.appendChild(document.createTextNode(" "))
      clause.appendChild(el("span", { class: "status-badge status-reference-draft" }, C.draft))
    }
    return tr
  })
  out.appendChild(table(C.by_question, [C.number, C.question, C.facility, C.discrimination, C.wrong, C.clause], qRows,
                        "hb-class__questions"))
  out.appendChild(el("p", { class: "hb-class__help" }, C.help))
  const csv = el("button", { type: "button", class: "md-button hb-class__csv" }, C.csv)
  csv.addEventListener("click", () => {
    saveFile(`class-results-${rep.exam.seed}-${lang}.csv`, "text/csv;charset=utf-8", csvText(rep, words))
  })
  out.appendChild(el("p")).appendChild(csv)
}

/**
 * The class results panel in `box` (the trainer page's .hb-class).
 * @param {HTMLElement} box
 * @param {Object} page words (the trainer page's labels), version (the bank's), lang,
 *   clauseUrl(q), store (this browser's storage, or null) and bank() (the bank as this browser
 *   can score it now: with the exam key once the trainer has loaded it)
 * @returns {() => void} redraws a report shown (after the key changed)
 */
export function classResults(box, { words, version, lang, clauseUrl, store: pageStore, bank }) {
  let store = pageStore
  const C = words.class
  box.appendChild(el("p", {}, C.intro))
  const field = el("p", { class: "hb-widget__field" })
  field.appendChild(el("label", { for: "quiz-codes" }, C.codes))
  const codes = el("textarea", { id: "quiz-codes", rows: "6", spellcheck: "false", autocomplete: "off",
                                 autocapitalize: "characters" })
  field.appendChild(codes)
  box.appendChild(field)
  // Which of a trainee's codes counts: the first attempt unless the trainer chooses the last.
  const countingField = el("p", { class: "hb-widget__field hb-class__counting" })
  countingField.appendChild(el("label", { for: "quiz-counting" }, C.counting))
  const counting = el("select", { id: "quiz-counting" })
  for (const k of ["first", "last"]) counting.appendChild(el("option", { value: k }, C[`counting_${k}`]))
  countingField.appendChild(counting)
  box.appendChild(countingField)
  if (store && store.getItem(COUNTING_KEY) === "last") counting.value = "last"
  const buttons = el("p", { class: "hb-class__actions" })
  const fileLabel = el("label", { class: "md-button hb-class__import" }, C.import)
  const file = el("input", { type: "file", accept: ".txt,.csv,text/plain", class: "hb-class__file" })
  fileLabel.appendChild(file)
  const show = el("button", { type: "button", class: "md-button md-button--primary" }, C.show)
  const clear = el("button", { type: "button", class: "md-button" }, C.clear)
  for (const b of [show, fileLabel, clear]) buttons.append(b, " ")
  box.appendChild(buttons)
  const out = el("div", { class: "hb-class__out", "aria-live": "polite" })
  box.appendChild(out)
  if (store) codes.value = store.getItem(CODES_KEY) || ""

  const save = () => {
    if (!store) return
    try { store.setItem(CODES_KEY, codes.value) } catch { store = null }
  }
  codes.addEventListener("input", save)
  let shown = false
  const showReport = () => {
    shown = true
    render(out, report(codes.value, bank(), version, words, clauseUrl, counting.value), { words, bank: bank(), lang })
  }
  show.addEventListener("click", showReport)
  counting.addEventListener("change", () => {
    if (store) try { store.setItem(COUNTING_KEY, counting.value) } catch { /* kept for this visit only */ }
    if (shown) showReport()
  })
  clear.addEventListener("click", () => {
    codes.value = ""
    save()
    out.textContent = ""
    shown = false
  })
  // Text added to the end of the list on a line of its own.
  const appended = (text) => (codes.value && !/\n$/.test(codes.value) ? `${codes.value}\n${text}` : codes.value + text)
  file.addEventListener("change", async () => {
    if (!file.files.length) return
    const text = await file.files[0].text()
    codes.value = appended(text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n"))
    file.value = ""
    save()
    show.click()
  })
  // A result link scanned from a trainee's QR code: its code joins the list.
  const scanned = /^#result=(.+)$/.exec(location.hash)
  if (scanned) {
    let code = scanned[1]
    try { code = decodeURIComponent(code) } catch { /* kept as it came: the report will say what is wrong */ }
    if (!codes.value.split("\n").includes(code)) codes.value = appended(code)
    save()
    history.replaceState(null, "", location.pathname + location.search)
    show.click()
    box.scrollIntoView({ block: "start" })
  }
  return () => { if (shown) showReport() }
}
