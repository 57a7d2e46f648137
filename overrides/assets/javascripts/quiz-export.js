// Moodle XML and GIFT on the trainer page, byte for byte what handbook/quiz_export.py writes
// (and `python -m handbook quiz-export` prints) for the same questions: the XML as
// ElementTree's indent() and tostring() lay it out, the same escaping, the same fractions.
// tests/browser/test_class_results.py compares the downloads with the command's output.
var CATEGORY = "三营售后服务基本规范 V4"
var PENALTY = { 1: "-100", 2: "-50", 3: "-33.33333", 4: "-25", 5: "-20" }

function fraction(k) {
  return (100 / k).toFixed(5).replace(/0+$/, "").replace(/\.$/, "")
}

function escapeHtml(text, quote) {  // Python's html.escape
  text = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
  return quote ? text.replace(/"/g, "&quot;").replace(/'/g, "&#x27;") : text
}

// --- a small ElementTree ------------------------------------------------------------------
function E(tag, attrs, text) {
  return { tag: tag, attrs: attrs || [], text: text === undefined ? null : text, children: [], tail: null }
}

function sub(parent, tag, attrs, text) {
  var el = E(tag, attrs, text)
  parent.children.push(el)
  return el
}

function indent(tree) {  // xml.etree.ElementTree.indent(tree, "  ")
  var levels = ["\n"]
  function children(elem, level) {
    var childLevel = level + 1
    if (levels.length <= childLevel) levels.push(levels[level] + "  ")
    var childIndent = levels[childLevel]
    if (!elem.text || !elem.text.trim()) elem.text = childIndent
    var child
    elem.children.forEach(function (c) {
      child = c
      if (c.children.length) children(c, childLevel)
      if (!c.tail || !c.tail.trim()) c.tail = childIndent
    })
    if (!child.tail.trim()) child.tail = levels[level]
  }
  if (tree.children.length) children(tree, 0)
}

function escapeText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
}

function escapeAttr(text) {
  return escapeText(text).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#09;")
}

function serialize(el) {
  var out = "<" + el.tag
  el.attrs.forEach(function (kv) { out += " " + kv[0] + '="' + escapeAttr(kv[1]) + '"' })
  if (el.text || el.children.length) {
    out += ">" + (el.text ? escapeText(el.text) : "") + el.children.map(serialize).join("") + "</" + el.tag + ">"
  } else {
    out += " />"
  }
  return out + (el.tail ? escapeText(el.tail) : "")
}

function textEl(parent, tag, value, format) {
  var el = sub(parent, tag, format === null ? [] : [["format", format || "html"]])
  sub(el, "text", [], value)
  return el
}

// --- Moodle XML -------------------------------------------------------------------------------
// As handbook/quiz_export.py writes them: the link's text is the clause as V4 numbers it, and a
// draft question says so in its own text (draft_mark), and every explanation starts with what it
// restates (explanation_mark), in the export's language.
function feedbackHtml(q, clauseUrl) {
  var citation = q.citation || "§"
  return escapeHtml((q.explanation_mark || "") + q.explanation, false) + ' <a href="' + escapeHtml(clauseUrl(q), true) + '">' + escapeHtml(citation, false) + "</a>"
}

function moodleQuestion(q, clauseUrl) {
  var kind = { true_false: "truefalse", ordering: "ordering" }[q.type] || "multichoice"
  var el = E("question", [["type", kind]])
  sub(sub(el, "name"), "text", [], q.id)
  textEl(el, "questiontext", escapeHtml((q.draft_mark || "") + q.prompt, false))
  textEl(el, "generalfeedback", feedbackHtml(q, clauseUrl))
  sub(el, "defaultgrade", [], "1")
  sub(el, "idnumber", [], q.id)
  if (kind === "truefalse") {
    [true, false].forEach(function (value) {
      var answer = sub(el, "answer", [["fraction", value === q.answer ? "100" : "0"], ["format", "moodle_auto_format"]])
      sub(answer, "text", [], value ? "true" : "false")
      textEl(answer, "feedback", "", null)
    })
  } else if (kind === "ordering") {
    sub(el, "layouttype", [], "VERTICAL")
    sub(el, "selecttype", [], "ALL")
    sub(el, "selectcount", [], "0")
    sub(el, "gradingtype", [], "ABSOLUTE_POSITION")
    q.items.forEach(function (item) {
      var answer = sub(el, "answer", [["fraction", "1"], ["format", "html"]])
      sub(answer, "text", [], escapeHtml(item, false))
    })
  } else {
    var right = q.options.filter(function (o) { return o.correct }).length
    var wrong = q.options.length - right
    sub(el, "single", [], right === 1 && q.type !== "multiple" ? "true" : "false")
    sub(el, "shuffleanswers", [], "true")
    sub(el, "answernumbering", [], "abc")
    q.options.forEach(function (o) {
      var f = o.correct ? fraction(right) : q.type === "multiple" ? PENALTY[wrong] || "0" : "0"
      var answer = sub(el, "answer", [["fraction", f], ["format", "html"]])
      sub(answer, "text", [], escapeHtml(o.text, false))
      textEl(answer, "feedback", "", null)
    })
  }
  return el
}

export function moodleXml(questions, clauseUrl) {
  var quiz = E("quiz")
  var section = null
  questions.forEach(function (q) {
    if (q.section !== section) {
      section = q.section
      var cat = sub(quiz, "question", [["type", "category"]])
      sub(sub(cat, "category"), "text", [], "$course$/" + CATEGORY + "/" + section)
    }
    quiz.children.push(moodleQuestion(q, clauseUrl))
  })
  indent(quiz)
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + serialize(quiz) + "\n"
}

// --- GIFT ----------------------------------------------------------------------------------------
function giftEscape(text) {
  return text.replace(/[\\~=#{}:]/g, "\\$&").replace(/\r/g, "").replace(/\n/g, "\\n")
}

function giftQuestion(q, clauseUrl) {
  var head = "// " + q.id + "\n::" + giftEscape(q.id) + "::" + giftEscape((q.draft_mark || "") + q.prompt)
  var where = clauseUrl(q)
  var feedback = "####" + giftEscape((q.explanation_mark || "") + q.explanation + " " + (q.citation ? q.citation + (q.colon || ": ") + where : where))
  if (q.type === "true_false") return head + " {" + (q.answer ? "T" : "F") + feedback + "}"
  if (q.type === "ordering") {
    var pairs = q.items.map(function (item, n) { return "=" + giftEscape(item) + " -> " + (n + 1) }).join("\n")
    return head + " {\n" + pairs + "\n" + feedback + "\n}"
  }
  var right = q.options.filter(function (o) { return o.correct }).length
  var lines
  if (q.type === "multiple") {
    var wrong = q.options.length - right
    lines = q.options.map(function (o) {
      return "~%" + (o.correct ? fraction(right) : PENALTY[wrong] || "0") + "%" + giftEscape(o.text)
    })
  } else {
    lines = q.options.map(function (o) { return (o.correct ? "=" : "~") + giftEscape(o.text) })
  }
  return head + " {\n" + lines.join("\n") + "\n" + feedback + "\n}"
}

export function gift(questions, clauseUrl) {
  var blocks = []
  var section = null
  questions.forEach(function (q) {
    if (q.section !== section) {
      section = q.section
      blocks.push("$CATEGORY: $course$/" + CATEGORY + "/" + section)
    }
    blocks.push(giftQuestion(q, clauseUrl))
  })
  return blocks.join("\n\n") + "\n"
}

// The questions `quiz-export` writes: the whole bank by id, or a drawn exam with each
// question's options in the order the trainee sees them (ordering items stay in the right
// order: the platform shuffles them).
export function exportQuestions(bank, exam) {
  if (!exam) return bank.slice().sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0 })
  return exam.map(function (item) {
    if (!item.q.options) return item.q
    return Object.assign({}, item.q, { options: item.order.map(function (i) { return item.q.options[i] }) })
  })
}
