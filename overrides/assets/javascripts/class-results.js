// A class's results from its trainees' result codes, step for step as handbook/class_results.py
// works them out (the rules are described there): the same report, every figure a string made
// by the same float steps and rounding, and the same CSV bytes. No DOM here (of dom.js only fill,
// the words' placeholders): quiz-trainer.js shows the report; tests/browser/test_class_results.py
// holds it to the Python's.
import { fill } from "./dom.js"
import { CodeError, decode, responseOf } from "./result-code.js"

// x with `places` decimals, rounded half up as class_results._fixed does (not toFixed's
// binary rounding): the same float steps give the same string.
function fixed(x, places) {
  const scale = 10 ** places
  const k = Math.floor(x * scale + 0.5)
  const sign = k < 0 ? "-" : ""
  const whole = Math.floor(Math.abs(k) / scale)
  const frac = String(Math.abs(k) % scale).padStart(places, "0")
  return sign + whole + (places ? `.${frac}` : "")
}

const percent = (right, total) => String(Math.floor((right * 200 + total) / (2 * total)))

function isRight(q, number) {
  if (number === 0) return false
  const response = responseOf(q, number)
  if (q.type === "true_false") return response === q.answer
  if (q.type === "ordering") return response.every((x, i) => x === i)
  const right = []
  q.options.forEach((o, i) => { if (o.correct) right.push(i) })
  return response.join(",") === right.join(",")
}

/**
 * An answer number in words, as the report shows the most-chosen wrong answer
 * (class_results.answer_text).
 * @param {{class: Object<string, string>, sep: string}} words
 * @param {Object} q
 * @param {number} number
 * @returns {string}
 */
export function answerText(words, q, number) {
  if (number === 0) return words.class.no_answer
  const response = responseOf(q, number)
  if (q.type === "true_false") return words[String(response)]
  if (q.type === "ordering") return response.map((i) => q.items[i]).join(" → ")
  return response.map((i) => q.options[i].text).join(words.sep)
}

/** Whether every exam-pool question of the bank has its key (exam_key.scorable). */
export const scorable = (bank) => bank.every((q) => q.pool !== "exam" || q.explanation !== undefined)

/** A code's hand-in time as the report shows it, in UTC (class_results.handed_in). */
export function handedIn(minute) {
  const iso = new Date(minute * 60000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

// A line that may be the rest of a code broken over two lines (class_results._continues).
const continues = (l) => Boolean(l.trim()) && /^[0-9A-Za-z \t]+$/.test(l) && !l.toUpperCase().includes("SN")
// Which exam a hand-in is of: with its number of questions, and without.
const examKey = (h) => JSON.stringify([h.pool, h.seed, h.sections, h.types, h.exam.length])
const examOnly = (h) => JSON.stringify([h.pool, h.seed, h.sections, h.types])
const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0)

/**
 * The class's results (class_results.report). words: the trainer page's labels (quiz.*, with
 * code.*, class.*); clauseUrl(q) gives the link to the question's clause that the report
 * shows; counting: which of a trainee's codes counts, "first" or "last".
 * @param {string} text the pasted codes, one a line
 * @returns {{problems: Array, attempts: Array, empty?: string, exam?: Object, summary?: Object,
 *   questions?: Array}}
 */
export function report(text, bank, version, words, clauseUrl, counting = "first") {
  const say = (key, values) => fill(words.code[key], values)
  const lines = text.split("\n")
  if (!lines.some((l) => l.trim())) return { empty: words.class.empty, problems: [], attempts: [] }
  const problems = []
  const decoded = []
  const joined = {}
  const keyed = scorable(bank)
  lines.forEach((line, i) => {
    const number = i + 1
    if (!line.trim() || joined[number]) return
    let handIn
    try {
      try {
        handIn = decode(line, bank, version)
      } catch (err) {
        const rest = i + 1 < lines.length ? lines[i + 1] : ""
        if (!(err instanceof CodeError) || err.key !== "damaged" || !continues(rest)) throw err
        handIn = decode(`${line} ${rest}`, bank, version)
        joined[number + 1] = true
      }
    } catch (err) {
      if (!(err instanceof CodeError)) throw err
      problems.push({ line: number, message: say(err.key, { line: number, ...err.values }) })
      return
    }
    if (!handIn.name) {
      problems.push({ line: number, message: say("name_missing", { line: number }) })
      return
    }
    if (handIn.pool === "exam" && !keyed) {
      problems.push({ line: number, message: say("needs_key", { line: number }) })
      return
    }
    decoded.push([number, handIn])
  })
  // The class's exam: the one most codes are of (the first of those, on a tie).
  const tally = {}
  let chosen = null
  let chosenSeed = null
  let chosenOnly = null
  let chosenLength = 0
  for (const [, h] of decoded) {
    const k = examKey(h)
    tally[k] = (tally[k] || 0) + 1
  }
  for (const [, h] of decoded) {
    const k = examKey(h)
    if (chosen === null || tally[k] > tally[chosen]) {
      chosen = k
      chosenSeed = h.seed
      chosenOnly = examOnly(h)
      chosenLength = h.exam.length
    }
  }
  let classExam = null
  const attempts = []
  const seenCode = {}
  const seenName = {}
  for (const [number, h] of decoded) {
    if (examKey(h) !== chosen) {
      if (examOnly(h) === chosenOnly) {  // the same exam number, another number of questions
        problems.push({ line: number, message: say("other_count", { line: number, questions: h.exam.length,
                                                                      class_questions: chosenLength }) })
      } else {
        problems.push({ line: number, message: say("other_exam", { line: number, seed: h.seed, class_seed: chosenSeed }) })
      }
      continue
    }
    if (classExam === null) classExam = h
    const marks = h.exam.map((item, k) => (isRight(item.q, h.numbers[k]) ? 1 : 0))
    const notes = []
    let counted = true
    const codeKey = JSON.stringify([h.lang, h.name, h.attempt, h.minute, h.numbers])
    const nameKey = `\u0000${h.name.toLowerCase()}`
    if (seenCode[codeKey] !== undefined) {
      notes.push(fill(words.class.same_code, { other: seenCode[codeKey] }))
      counted = false
    } else {
      seenCode[codeKey] = number
      ;(seenName[nameKey] ??= []).push(attempts.length)
    }
    if (h.attempt > 1) notes.push(fill(words.class.retake, { n: h.attempt }))
    let right = 0
    for (const m of marks) right += m
    attempts.push({ line: number, name: h.name, lang: h.lang, attempt: h.attempt, time: handedIn(h.minute),
                    right, total: marks.length, percent: percent(right, marks.length), marks,
                    answers: h.numbers, notes, counted })
  }
  // One code per trainee: the first attempt (or the last, as the trainer chooses) counts.
  for (const indexes of Object.values(seenName)) {
    if (indexes.length < 2) continue
    const order = indexes.slice().sort((i, j) => {
      const a = attempts[i]
      const b = attempts[j]
      return a.attempt - b.attempt || cmp(a.time, b.time) || a.line - b.line
    })
    const keep = counting === "first" ? order[0] : order[order.length - 1]
    for (const i of indexes) {
      const others = indexes.filter((j) => j !== i).map((j) => String(attempts[j].line))
      attempts[i].notes.push(fill(words.class.same_name, { other: others.join(words.class.list_sep) }))
      if (i !== keep) {
        attempts[i].counted = false
        attempts[i].notes.push(words.class[`not_counted_${counting}`])
      }
    }
  }
  problems.sort((a, b) => a.line - b.line)
  const out = { problems, attempts }
  if (classExam === null) {
    out.empty = words.class.none_valid
    return out
  }
  const counted = attempts.filter((a) => a.counted)
  out.exam = { pool: classExam.pool, seed: classExam.seed, count: classExam.count, sections: classExam.sections, types: classExam.types,
               bank: classExam.bank, questions: classExam.exam.map((item) => item.q.id) }
  out.summary = summary(counted, classExam.exam.length)
  out.questions = classExam.exam.map((item, k) => question(k, item.q, counted, words, clauseUrl))
  return out
}

function summary(counted, total) {
  const n = counted.length
  const scores = counted.map((a) => a.right)
  let s = 0
  for (const x of scores) s += x
  const mean = s / n
  let sd = ""
  if (n > 1) {
    let squares = 0
    for (const x of scores) squares += (x - mean) * (x - mean)
    sd = fixed(Math.sqrt(squares / (n - 1)), 2)
  }
  return { trainees: String(n), questions: String(total), mean: fixed(mean, 2), sd,
           lowest: String(Math.min(...scores)), highest: String(Math.max(...scores)) }
}

function question(k, q, counted, words, clauseUrl) {
  const n = counted.length
  const xs = counted.map((a) => a.marks[k])
  const ys = counted.map((a) => a.right - a.marks[k])
  let right = 0
  let sx = 0
  let sy = 0
  for (const x of xs) right += x
  xs.forEach((x, i) => { sx += x; sy += ys[i] })
  const mx = sx / n
  const my = sy / n
  let sxy = 0
  let sxx = 0
  let syy = 0
  xs.forEach((x, i) => {
    const y = ys[i]
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) * (x - mx)
    syy += (y - my) * (y - my)
  })
  const discrimination = sxx > 0 && syy > 0 ? fixed(sxy / Math.sqrt(sxx * syy), 2) : ""
  const wrong = {}
  for (const a of counted) {
    if (!a.marks[k]) wrong[a.answers[k]] = (wrong[a.answers[k]] || 0) + 1
  }
  let most = null
  for (const number of Object.keys(wrong).map(Number).sort((a, b) => a - b)) {
    if (most === null || wrong[number] > wrong[most]) most = number
  }
  return { n: String(k + 1), id: q.id, type: q.type, facility: percent(right, n), discrimination,
           wrong: most !== null ? answerText(words, q, most) : "", wrong_count: most !== null ? String(wrong[most]) : "",
           clause: clauseUrl(q), draft: q.draft, source: q.draft ? words.class.draft : words.class.v4 }
}

// --- CSV ---------------------------------------------------------------------------------------
/**
 * A CSV cell (class_results._csv_cell): formulas neutralised, quoted where needed.
 * @param {*} value
 * @returns {string}
 */
export function csvCell(value) {
  let text = String(value)
  // A spreadsheet runs a cell starting with = + - @ (or a tab / CR), or with spaces and then
  // one of those, as a formula: names are free text, kept as text with a leading apostrophe.
  if (/^ *[=+\-@\t\r]/.test(text)) text = `'${text}`
  if (/[,"\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`
  return text
}

/**
 * The report as CSV (class_results.csv_text): a row per attempt, then the summary and the
 * figures per question; UTF-8 with a byte-order mark, CRLF line ends.
 * @returns {string}
 */
export function csvText(rep, words) {
  const L = words.class
  const qs = rep.questions
  const rows = [[L.line, L.name, L.attempt, L.time, L.counted, L.score, L.percent, L.notes,
                 ...qs.map((q) => `${q.n} ${q.id}`)]]
  for (const a of rep.attempts) {
    rows.push([a.line, a.name, a.attempt, a.time, a.counted ? L.yes : L.no, a.right, a.percent, a.notes.join(words.sep),
               ...a.marks])
  }
  const pad = qs.map(() => "")
  const blank = ["", "", "", "", ""]
  const s = rep.summary
  const figures = [["exam", rep.exam.seed], ["pool", L[`pool_${rep.exam.pool}`]], ["bank", rep.exam.bank],
                   ["questions", s.questions], ["trainees", s.trainees], ["mean", s.mean], ["sd", s.sd],
                   ["lowest", s.lowest], ["highest", s.highest]]
  for (const [key, value] of figures) rows.push(["", L[key], value, ...blank, ...pad])
  for (const key of ["facility", "discrimination", "wrong", "wrong_count", "clause", "source"]) {
    rows.push(["", L[key], "", ...blank, ...qs.map((q) => q[key])])
  }
  return `\ufeff${rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("")}`
}
