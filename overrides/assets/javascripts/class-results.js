// A class's results from its trainees' result codes, step for step as handbook/class_results.py
// works them out (the rules are described there): the same report, every figure a string made
// by the same float steps and rounding, and the same CSV bytes. No DOM here (of dom.js only fill,
// the words' placeholders): quiz-trainer.js shows the report; tests/browser/test_class_results.py
// holds it to the Python's.
import { fill } from "./dom.js"
import { CodeError, decode, responseOf } from "./result-code.js"

function fixed(x, places) {
  var scale = Math.pow(10, places)
  var k = Math.floor(x * scale + 0.5)
  var sign = k < 0 ? "-" : ""
  k = Math.abs(k)
  var whole = Math.floor(k / scale), frac = String(k % scale)
  while (frac.length < places) frac = "0" + frac
  return sign + whole + (places ? "." + frac : "")
}

function percent(right, total) {
  return String(Math.floor((right * 200 + total) / (2 * total)))
}

function isRight(q, number) {
  if (number === 0) return false
  var response = responseOf(q, number)
  if (q.type === "true_false") return response === q.answer
  if (q.type === "ordering") return response.every(function (x, i) { return x === i })
  var right = []
  q.options.forEach(function (o, i) { if (o.correct) right.push(i) })
  return response.join(",") === right.join(",")
}

export function answerText(words, q, number) {
  if (number === 0) return words.class.no_answer
  var response = responseOf(q, number)
  if (q.type === "true_false") return words[String(response)]
  if (q.type === "ordering") return response.map(function (i) { return q.items[i] }).join(" → ")
  return response.map(function (i) { return q.options[i].text }).join(words.sep)
}

/** Whether every exam-pool question of the bank has its key (exam_key.scorable). */
export const scorable = (bank) => bank.every((q) => q.pool !== "exam" || q.explanation !== undefined)

/** A code's hand-in time as the report shows it, in UTC (class_results.handed_in). */
export function handedIn(minute) {
  const iso = new Date(minute * 60000).toISOString()
  return iso.slice(0, 10) + " " + iso.slice(11, 16)
}

/**
 * The class's results (class_results.report). words: the trainer page's labels (quiz.*, with
 * code.*, class.*); clauseUrl(q) gives the link to the question's clause that the report
 * shows; counting: which of a trainee's codes counts, "first" or "last".
 */
export function report(text, bank, version, words, clauseUrl, counting = "first") {
  function say(key, values) { return fill(words.code[key], values) }
  var lines = text.split("\n")
  if (!lines.some(function (l) { return l.trim() })) return { empty: words.class.empty, problems: [], attempts: [] }
  var problems = [], decoded = [], joined = {}
  var keyed = scorable(bank)
  // A line that may be the rest of a code broken over two lines (class_results._continues).
  const continues = (l) => Boolean(l.trim()) && /^[0-9A-Za-z \t]+$/.test(l) && !l.toUpperCase().includes("SN")
  lines.forEach(function (line, i) {
    var number = i + 1
    if (!line.trim() || joined[number]) return
    var handIn
    try {
      try {
        handIn = decode(line, bank, version)
      } catch (err) {
        var rest = i + 1 < lines.length ? lines[i + 1] : ""
        if (!(err instanceof CodeError) || err.key !== "damaged" || !continues(rest)) throw err
        handIn = decode(line + " " + rest, bank, version)
        joined[number + 1] = true
      }
    } catch (err) {
      if (!(err instanceof CodeError)) throw err
      problems.push({ line: number, message: say(err.key, Object.assign({ line: number }, err.values)) })
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
  function examKey(h) { return JSON.stringify([h.pool, h.seed, h.sections, h.types, h.exam.length]) }
  function examOnly(h) { return JSON.stringify([h.pool, h.seed, h.sections, h.types]) }
  var tally = {}, chosen = null, chosenSeed = null, chosenOnly = null, chosenLength = 0
  decoded.forEach(function (d) { var k = examKey(d[1]); tally[k] = (tally[k] || 0) + 1 })
  decoded.forEach(function (d) {
    var k = examKey(d[1])
    if (chosen === null || tally[k] > tally[chosen]) {
      chosen = k; chosenSeed = d[1].seed; chosenOnly = examOnly(d[1]); chosenLength = d[1].exam.length
    }
  })
  var classExam = null, attempts = [], seenCode = {}, seenName = {}
  decoded.forEach(function (d) {
    var number = d[0], h = d[1]
    if (examKey(h) !== chosen) {
      if (examOnly(h) === chosenOnly) {  // the same exam number, another number of questions
        problems.push({ line: number, message: say("other_count", { line: number, questions: h.exam.length,
                                                                      class_questions: chosenLength }) })
      } else {
        problems.push({ line: number, message: say("other_exam", { line: number, seed: h.seed, class_seed: chosenSeed }) })
      }
      return
    }
    if (classExam === null) classExam = h
    var marks = h.exam.map(function (item, k) { return isRight(item.q, h.numbers[k]) ? 1 : 0 })
    var notes = [], counted = true
    var codeKey = JSON.stringify([h.lang, h.name, h.attempt, h.minute, h.numbers])
    var nameKey = "\u0000" + h.name.toLowerCase()
    if (seenCode[codeKey] !== undefined) {
      notes.push(fill(words.class.same_code, { other: seenCode[codeKey] }))
      counted = false
    } else {
      seenCode[codeKey] = number
      ;(seenName[nameKey] = seenName[nameKey] || []).push(attempts.length)
    }
    if (h.attempt > 1) notes.push(fill(words.class.retake, { n: h.attempt }))
    var right = 0
    marks.forEach(function (m) { right += m })
    attempts.push({ line: number, name: h.name, lang: h.lang, attempt: h.attempt, time: handedIn(h.minute),
                    right: right, total: marks.length, percent: percent(right, marks.length), marks: marks,
                    answers: h.numbers, notes: notes, counted: counted })
  })
  // One code per trainee: the first attempt (or the last, as the trainer chooses) counts.
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0)
  Object.keys(seenName).forEach(function (nameKey) {
    var indexes = seenName[nameKey]
    if (indexes.length < 2) return
    var order = indexes.slice().sort(function (i, j) {
      var a = attempts[i], b = attempts[j]
      return a.attempt - b.attempt || cmp(a.time, b.time) || a.line - b.line
    })
    var keep = counting === "first" ? order[0] : order[order.length - 1]
    indexes.forEach(function (i) {
      var others = indexes.filter(function (j) { return j !== i }).map(function (j) { return String(attempts[j].line) })
      attempts[i].notes.push(fill(words.class.same_name, { other: others.join(words.class.list_sep) }))
      if (i !== keep) {
        attempts[i].counted = false
        attempts[i].notes.push(words.class["not_counted_" + counting])
      }
    })
  })
  problems.sort(function (a, b) { return a.line - b.line })
  var out = { problems: problems, attempts: attempts }
  if (classExam === null) {
    out.empty = words.class.none_valid
    return out
  }
  var counted = attempts.filter(function (a) { return a.counted })
  out.exam = { pool: classExam.pool, seed: classExam.seed, count: classExam.count, sections: classExam.sections, types: classExam.types,
               bank: classExam.bank, questions: classExam.exam.map(function (item) { return item.q.id }) }
  out.summary = summary(counted, classExam.exam.length)
  out.questions = classExam.exam.map(function (item, k) { return question(k, item.q, counted, words, clauseUrl) })
  return out
}

function summary(counted, total) {
  var n = counted.length, s = 0
  var scores = counted.map(function (a) { return a.right })
  scores.forEach(function (x) { s += x })
  var mean = s / n, sd = ""
  if (n > 1) {
    var squares = 0
    scores.forEach(function (x) { squares += (x - mean) * (x - mean) })
    sd = fixed(Math.sqrt(squares / (n - 1)), 2)
  }
  return { trainees: String(n), questions: String(total), mean: fixed(mean, 2), sd: sd,
           lowest: String(Math.min.apply(null, scores)), highest: String(Math.max.apply(null, scores)) }
}

function question(k, q, counted, words, clauseUrl) {
  var n = counted.length
  var xs = counted.map(function (a) { return a.marks[k] })
  var ys = counted.map(function (a) { return a.right - a.marks[k] })
  var right = 0, sx = 0, sy = 0
  xs.forEach(function (x) { right += x })
  xs.forEach(function (x, i) { sx += x; sy += ys[i] })
  var mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0
  xs.forEach(function (x, i) {
    var y = ys[i]
    sxy += (x - mx) * (y - my)
    sxx += (x - mx) * (x - mx)
    syy += (y - my) * (y - my)
  })
  var discrimination = sxx > 0 && syy > 0 ? fixed(sxy / Math.sqrt(sxx * syy), 2) : ""
  var wrong = {}
  counted.forEach(function (a) {
    if (!a.marks[k]) wrong[a.answers[k]] = (wrong[a.answers[k]] || 0) + 1
  })
  var most = null
  Object.keys(wrong).map(Number).sort(function (a, b) { return a - b }).forEach(function (number) {
    if (most === null || wrong[number] > wrong[most]) most = number
  })
  return { n: String(k + 1), id: q.id, type: q.type, facility: percent(right, n), discrimination: discrimination,
           wrong: most !== null ? answerText(words, q, most) : "", wrong_count: most !== null ? String(wrong[most]) : "",
           clause: clauseUrl(q), draft: q.draft, source: q.draft ? words.class.draft : words.class.v4 }
}

// --- CSV ---------------------------------------------------------------------------------------
/** A CSV cell (class_results._csv_cell): formulas neutralised, quoted where needed. */
export function csvCell(value) {
  var text = String(value)
  // A spreadsheet runs a cell starting with = + - @ (or a tab / CR), or with spaces and then
  // one of those, as a formula: names are free text, kept as text with a leading apostrophe.
  if (/^ *[=+\-@\t\r]/.test(text)) text = "'" + text
  if (/[,"\r\n]/.test(text)) text = '"' + text.replace(/"/g, '""') + '"'
  return text
}

export function csvText(rep, words) {
  var L = words.class
  var qs = rep.questions
  var rows = [[L.line, L.name, L.attempt, L.time, L.counted, L.score, L.percent, L.notes]
    .concat(qs.map(function (q) { return q.n + " " + q.id }))]
  rep.attempts.forEach(function (a) {
    rows.push([a.line, a.name, a.attempt, a.time, a.counted ? L.yes : L.no, a.right, a.percent, a.notes.join(words.sep)]
      .concat(a.marks))
  })
  var pad = qs.map(function () { return "" })
  var blank = ["", "", "", "", ""]
  var s = rep.summary
  ;[["exam", rep.exam.seed], ["pool", L["pool_" + rep.exam.pool]], ["bank", rep.exam.bank], ["questions", s.questions],
    ["trainees", s.trainees], ["mean", s.mean], ["sd", s.sd], ["lowest", s.lowest], ["highest", s.highest]].forEach(function (kv) {
    rows.push(["", L[kv[0]], kv[1]].concat(blank, pad))
  })
  ;["facility", "discrimination", "wrong", "wrong_count", "clause", "source"].forEach(function (key) {
    rows.push(["", L[key], ""].concat(blank, qs.map(function (q) { return q[key] })))
  })
  return "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(",") + "\r\n" }).join("")
}
