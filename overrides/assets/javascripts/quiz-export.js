// Moodle XML and GIFT on the trainer page, byte for byte what handbook/quiz_export.py writes
// (and `python -m handbook quiz-export` prints) for the same questions: the XML as
// ElementTree's indent() and tostring() lay it out, the same escaping, the same fractions.
// tests/browser/test_class_results.py compares the downloads with the command's output.
const CATEGORY = "三营售后服务基本规范 V4"
const PENALTY = { 1: "-100", 2: "-50", 3: "-33.33333", 4: "-25", 5: "-20" }

const fraction = (k) => (100 / k).toFixed(5).replace(/0+$/, "").replace(/\.$/, "")

function escapeHtml(text, quote) {  // Python's html.escape
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  return quote ? escaped.replace(/"/g, "&quot;").replace(/'/g, "&#x27;") : escaped
}

// --- a small ElementTree ------------------------------------------------------------------
const E = (tag, attrs, text) => ({ tag, attrs: attrs || [], text: text === undefined ? null : text, children: [], tail: null })

function sub(parent, tag, attrs, text) {
  const el = E(tag, attrs, text)
  parent.children.push(el)
  return el
}

function indent(tree) {  // xml.etree.ElementTree.indent(tree, "  ")
  const levels = ["\n"]
  const children = (elem, level) => {
    const childLevel = level + 1
    if (levels.length <= childLevel) levels.push(`${levels[level]}  `)
    const childIndent = levels[childLevel]
    if (!elem.text || !elem.text.trim()) elem.text = childIndent
    for (const c of elem.children) {
      if (c.children.length) children(c, childLevel)
      if (!c.tail || !c.tail.trim()) c.tail = childIndent
    }
    const last = elem.children[elem.children.length - 1]
    if (!last.tail.trim()) last.tail = levels[level]
  }
  if (tree.children.length) children(tree, 0)
}

const escapeText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

const escapeAttr = (text) =>
  escapeText(text).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#09;")

function serialize(el) {
  let out = `<${el.tag}`
  for (const [name, value] of el.attrs) out += ` ${name}="${escapeAttr(value)}"`
  if (el.text || el.children.length) {
    out += `>${el.text ? escapeText(el.text) : ""}${el.children.map(serialize).join("")}</${el.tag}>`
  } else {
    out += " />"
  }
  return out + (el.tail ? escapeText(el.tail) : "")
}

function textEl(parent, tag, value, format) {
  const el = sub(parent, tag, format === null ? [] : [["format", format || "html"]])
  sub(el, "text", [], value)
  return el
}

// --- Moodle XML -------------------------------------------------------------------------------
// As handbook/quiz_export.py writes them: the link's text is the clause as V4 numbers it, and a
// draft question says so in its own text (draft_mark), and every explanation starts with what it
// restates (explanation_mark), in the export's language.
function feedbackHtml(q, clauseUrl) {
  const citation = q.citation || "§"
  const text = escapeHtml((q.explanation_mark || "") + q.explanation, false)
  return `${text} <a href="${escapeHtml(clauseUrl(q), true)}">${escapeHtml(citation, false)}</a>`
}

function moodleQuestion(q, clauseUrl) {
  const kind = { true_false: "truefalse", ordering: "ordering" }[q.type] || "multichoice"
  const el = E("question", [["type", kind]])
  sub(sub(el, "name"), "text", [], q.id)
  textEl(el, "questiontext", escapeHtml((q.draft_mark || "") + q.prompt, false))
  textEl(el, "generalfeedback", feedbackHtml(q, clauseUrl))
  sub(el, "defaultgrade", [], "1")
  sub(el, "idnumber", [], q.id)
  if (kind === "truefalse") {
    for (const value of [true, false]) {
      const answer = sub(el, "answer", [["fraction", value === q.answer ? "100" : "0"], ["format", "moodle_auto_format"]])
      sub(answer, "text", [], value ? "true" : "false")
      textEl(answer, "feedback", "", null)
    }
  } else if (kind === "ordering") {
    sub(el, "layouttype", [], "VERTICAL")
    sub(el, "selecttype", [], "ALL")
    sub(el, "selectcount", [], "0")
    sub(el, "gradingtype", [], "ABSOLUTE_POSITION")
    for (const item of q.items) {
      const answer = sub(el, "answer", [["fraction", "1"], ["format", "html"]])
      sub(answer, "text", [], escapeHtml(item, false))
    }
  } else {
    const right = q.options.filter((o) => o.correct).length
    const wrong = q.options.length - right
    sub(el, "single", [], right === 1 && q.type !== "multiple" ? "true" : "false")
    sub(el, "shuffleanswers", [], "true")
    sub(el, "answernumbering", [], "abc")
    for (const o of q.options) {
      const f = o.correct ? fraction(right) : q.type === "multiple" ? PENALTY[wrong] || "0" : "0"
      const answer = sub(el, "answer", [["fraction", f], ["format", "html"]])
      sub(answer, "text", [], escapeHtml(o.text, false))
      textEl(answer, "feedback", "", null)
    }
  }
  return el
}

/**
 * The questions as Moodle XML (quiz_export.moodle_xml), a category per section.
 * @param {Array<Object>} questions as exportQuestions gives them
 * @param {(q: Object) => string} clauseUrl the link to a question's clause
 * @returns {string}
 */
export function moodleXml(questions, clauseUrl) {
  const quiz = E("quiz")
  let section = null
  for (const q of questions) {
    if (q.section !== section) {
      section = q.section
      const cat = sub(quiz, "question", [["type", "category"]])
      sub(sub(cat, "category"), "text", [], `$course$/${CATEGORY}/${section}`)
    }
    quiz.children.push(moodleQuestion(q, clauseUrl))
  }
  indent(quiz)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(quiz)}\n`
}

// --- GIFT ----------------------------------------------------------------------------------------
const giftEscape = (text) => text.replace(/[\\~=#{}:]/g, "\\$&").replace(/\r/g, "").replace(/\n/g, "\\n")

function giftQuestion(q, clauseUrl) {
  const head = `// ${q.id}\n::${giftEscape(q.id)}::${giftEscape((q.draft_mark || "") + q.prompt)}`
  const where = clauseUrl(q)
  const cited = q.citation ? q.citation + (q.colon || ": ") + where : where
  const feedback = `####${giftEscape(`${q.explanation_mark || ""}${q.explanation} ${cited}`)}`
  if (q.type === "true_false") return `${head} {${q.answer ? "T" : "F"}${feedback}}`
  if (q.type === "ordering") {
    const pairs = q.items.map((item, n) => `=${giftEscape(item)} -> ${n + 1}`).join("\n")
    return `${head} {\n${pairs}\n${feedback}\n}`
  }
  const right = q.options.filter((o) => o.correct).length
  let lines
  if (q.type === "multiple") {
    const wrong = q.options.length - right
    lines = q.options.map((o) => `~%${o.correct ? fraction(right) : PENALTY[wrong] || "0"}%${giftEscape(o.text)}`)
  } else {
    lines = q.options.map((o) => (o.correct ? "=" : "~") + giftEscape(o.text))
  }
  return `${head} {\n${lines.join("\n")}\n${feedback}\n}`
}

/**
 * The questions in GIFT (quiz_export.gift), a $CATEGORY line per section.
 * @param {Array<Object>} questions as exportQuestions gives them
 * @param {(q: Object) => string} clauseUrl the link to a question's clause
 * @returns {string}
 */
export function gift(questions, clauseUrl) {
  const blocks = []
  let section = null
  for (const q of questions) {
    if (q.section !== section) {
      section = q.section
      blocks.push(`$CATEGORY: $course$/${CATEGORY}/${section}`)
    }
    blocks.push(giftQuestion(q, clauseUrl))
  }
  return `${blocks.join("\n\n")}\n`
}

/**
 * The questions `quiz-export` writes: the whole bank by id, or a drawn exam with each
 * question's options in the order the trainee sees them (ordering items stay in the right
 * order: the platform shuffles them).
 * @param {Array<Object>} bank
 * @param {Array<{q: Object, order: number[]}>|null} [exam]
 * @returns {Array<Object>}
 */
export function exportQuestions(bank, exam) {
  if (!exam) return bank.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return exam.map((item) => {
    if (!item.q.options) return item.q
    return { ...item.q, options: item.order.map((i) => item.q.options[i]) }
  })
}
