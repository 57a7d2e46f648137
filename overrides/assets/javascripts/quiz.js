// Quizzes (macros/quizzes.py): self-study at the end of a section (quiz-study.js, which
// uses the rendering helpers exported here), and the trainer page.
// An ES module, loaded by overrides/main.html on pages that hold a quiz.
//
// The questions come compiled from the bank, in the page's language, in a JSON script,
// each with the link to its clause already resolved for this page (`href`). The trainer
// page is quiz-trainer.js, a trainee's exam page quiz-exam.js, a section's self-test is quiz-study.js (each
// loaded from here on its pages only); exams are drawn by quiz-draw.js, bit for bit as
// handbook/quiz.py draws them, so a trainer's link and the exported exam hold the same
// questions in the same order.
import { el, fill } from "./dom.js"
import { mulberry32, shuffled } from "./quiz-draw.js"

export var PREFIX = "service-norms:quiz:"

export function isCorrect(q, response) {
  if (response === null || response === undefined) return false
  if (q.type === "true_false") return response === q.answer
  if (q.type === "ordering") return response.join(",") === q.items.map(function (_, i) { return i }).join(",")
  var right = []
  q.options.forEach(function (o, i) { if (o.correct) right.push(i) })
  return response.slice().sort().join(",") === right.join(",")
}

// --- rendering ---------------------------------------------------------------------
export function renderQuestion(root, words, item, n) {
  var q = item.q, order = item.order
  var li = el("li", { class: "hb-quiz__question", id: "q-" + q.id, "data-question": q.id })
  var fieldset = el("fieldset")
  var legend = el("legend")
  legend.appendChild(el("span", { class: "hb-quiz__number" }, fill(words.question, { n: n })))
  if (q.draft) legend.appendChild(el("span", { class: "status-badge status-reference-draft" }, words.draft))
  legend.appendChild(el("span", { class: "hb-quiz__prompt" }, q.prompt))
  fieldset.appendChild(legend)
  var name = "q-" + q.id + "-" + n
  if (q.type === "true_false") {
    [true, false].forEach(function (value) {
      var label = el("label", { class: "hb-quiz__option" })
      label.appendChild(el("input", { type: "radio", name: name, value: String(value) }))
      label.appendChild(document.createTextNode(" " + words[String(value)]))
      fieldset.appendChild(label)
    })
  } else if (q.type === "ordering") {
    order.forEach(function (orig) {
      var label = el("label", { class: "hb-quiz__option hb-quiz__order" })
      var select = el("select", { "data-item": String(orig), "aria-label": words.position + ": " + q.items[orig] })
      select.appendChild(el("option", { value: "" }, "–"))
      for (var p = 1; p <= q.items.length; p++) select.appendChild(el("option", { value: String(p) }, String(p)))
      label.appendChild(select)
      label.appendChild(document.createTextNode(" " + q.items[orig]))
      fieldset.appendChild(label)
    })
  } else {
    var type = q.type === "multiple" ? "checkbox" : "radio"
    order.forEach(function (orig) {
      var label = el("label", { class: "hb-quiz__option" })
      label.appendChild(el("input", { type: type, name: name, value: String(orig) }))
      label.appendChild(document.createTextNode(" " + q.options[orig].text))
      fieldset.appendChild(label)
    })
  }
  li.appendChild(fieldset)
  li.appendChild(el("div", { class: "hb-quiz__feedback", "aria-live": "polite" }))
  return li
}

export function responseOf(li, q) {
  if (q.type === "ordering") {
    var placed = []
    var selects = li.querySelectorAll("select[data-item]")
    for (var i = 0; i < selects.length; i++) {
      if (!selects[i].value) return null
      placed.push([Number(selects[i].value), Number(selects[i].dataset.item)])
    }
    placed.sort(function (a, b) { return a[0] - b[0] })
    return placed.map(function (p) { return p[1] })
  }
  var checked = Array.prototype.map.call(li.querySelectorAll("input:checked"), function (i) { return i.value })
  if (!checked.length) return null
  if (q.type === "true_false") return checked[0] === "true"
  return checked.map(Number)
}

function answerText(words, q, response) {
  if (response === null || response === undefined) return "—"
  if (q.type === "true_false") return words[String(response)]
  if (q.type === "ordering") return response.map(function (i) { return q.items[i] }).join(" → ")
  return response.map(function (i) { return q.options[i].text }).join(words.sep)
}

function rightAnswer(q) {
  if (q.type === "true_false") return q.answer
  if (q.type === "ordering") return q.items.map(function (_, i) { return i })
  var right = []
  q.options.forEach(function (o, i) { if (o.correct) right.push(i) })
  return right
}

export function showFeedback(root, words, li, q, response, review) {
  var box = li.querySelector(".hb-quiz__feedback")
  box.textContent = ""
  var ok = isCorrect(q, response)
  li.classList.toggle("is-correct", ok)
  li.classList.toggle("is-wrong", !ok)
  box.appendChild(el("p", { class: "hb-quiz__verdict" }, ok ? words.correct : words.wrong))
  if (review) {
    box.appendChild(el("p", {}, words.your_answer + words.colon + answerText(words, q, response)))
  }
  if (review || !ok || q.type === "ordering") {
    box.appendChild(el("p", {}, words.right_answer + words.colon + answerText(words, q, rightAnswer(q))))
  }
  var why = el("p", {}, words.explanation + words.colon + (q.explanation_mark || "") + q.explanation + " ")
  why.appendChild(el("a", { href: q.href }, words.clause + words.colon + q.citation))
  box.appendChild(why)
  return ok
}

export function storage() {
  try {
    localStorage.setItem(PREFIX + "probe", "1")
    localStorage.removeItem(PREFIX + "probe")
    return localStorage
  } catch (err) {
    return null
  }
}

// --- self-study at the end of a section: quiz-study.js (imports the helpers above) ------

export function hash(text) {
  var h = 2166136261
  for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}

document.querySelectorAll(".hb-quiz").forEach(function (root) {
  var words = JSON.parse(root.dataset.labels)
  var bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  if (root.dataset.mode === "exam") {
    // The trainee's exam page: quiz-exam.js, with no key and no trainer code.
    import("./quiz-exam.js").then(function (m) {
      m.exam(root, words, bank, { renderQuestion: renderQuestion, responseOf: responseOf })
      root.dataset.ready = "1"  // for tests: the view is drawn and its controls work
    })
  } else if (root.dataset.mode === "trainer") {
    // The trainer page and its exam links: quiz-trainer.js, lent this module's question rendering.
    import("./quiz-trainer.js").then(function (m) {
      m.trainer(root, words, bank, { renderQuestion: renderQuestion, responseOf: responseOf,
                                     showFeedback: showFeedback, rightAnswer: rightAnswer, answerText: answerText })
    })
  } else {
    import("./quiz-study.js").then(function (m) { m.study(root, words, bank) })
  }
})
