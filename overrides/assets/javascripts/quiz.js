// Quizzes (macros/quizzes.py): self-study at the end of a section (quiz-study.js, which
// uses the rendering helpers exported here), and the trainer page.
// An ES module, loaded by overrides/main.html on pages that hold a quiz.
//
// The questions come compiled from the bank, in the page's language, in a JSON script,
// each with the link to its clause already resolved for this page (`href`). Exams are
// drawn by quiz-draw.js, bit for bit as handbook/quiz.py draws them, so a trainer's link
// and the exported exam hold the same questions in the same order.
import { drawExam } from "./quiz-draw.js"

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
export function el(tag, attrs, text) {
  var node = document.createElement(tag)
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]) })
  if (text !== undefined) node.textContent = text
  return node
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k] })
}

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
  return response.map(function (i) { return q.options[i].text }).join("; ")
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
    box.appendChild(el("p", {}, words.your_answer + ": " + answerText(words, q, response)))
  }
  if (review || !ok || q.type === "ordering") {
    box.appendChild(el("p", {}, words.right_answer + ": " + answerText(words, q, rightAnswer(q))))
  }
  var why = el("p", {}, words.explanation + ": " + q.explanation + " ")
  why.appendChild(el("a", { href: q.href }, words.clause))
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

// --- trainer page: set up, take and review a seeded exam --------------------------
function trainer(root, words, bank) {
  var form = root.querySelector(".hb-quiz__setup")
  var linkBox = root.querySelector(".hb-quiz__link")
  var params = new URLSearchParams(location.search)

  form.addEventListener("submit", function (event) {
    event.preventDefault()
    var seed = Number(form.elements.seed.value) || 1 + Math.floor(Math.random() * 2147483646)
    var picked = function (name) {
      return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (i) { return i.checked })
        .map(function (i) { return i.value })
    }
    var query = new URLSearchParams({
      seed: String(seed), sections: picked("sections").join(","), types: picked("types").join(","),
      count: form.elements.count.value || "10"
    })
    history.pushState(null, "", "?" + query.toString())
    params = query
    start()
  })

  function start() {
    if (!params.get("seed")) return
    var seed = Number(params.get("seed"))
    var split = function (k) { return (params.get(k) || "").split(",").filter(Boolean) }
    var exam = drawExam(bank, seed, split("sections"), Number(params.get("count")) || 0, split("types"))
    var url = location.href.replace(/([?&])key=1&?/, "$1").replace(/[?&]$/, "")
    linkBox.hidden = false
    linkBox.textContent = words.exam_link + " "
    linkBox.appendChild(el("a", { href: url, class: "hb-quiz__exam-link" }, url))
    var keyLink = el("a", { href: url + "&key=1", class: "hb-quiz__key-link" }, words.key)
    linkBox.appendChild(document.createTextNode(" · "))
    linkBox.appendChild(keyLink)
    form.hidden = true
    render(exam, params.get("key") === "1")
  }

  function render(exam, key) {
    var list = root.querySelector(".hb-quiz__questions")
    var score = root.querySelector(".hb-quiz__score")
    list.textContent = ""
    score.textContent = exam.length ? fill(words.of, { n: exam.length }) : words.no_questions
    exam.forEach(function (item, i) {
      var li = renderQuestion(root, words, item, i + 1)
      list.appendChild(li)
      if (key) {
        li.querySelectorAll("input, select").forEach(function (input) { input.disabled = true })
        showFeedback(root, words, li, item.q, rightAnswer(item.q), false)
        li.classList.remove("is-correct", "is-wrong")
        li.querySelector(".hb-quiz__verdict").remove()
      }
    })
    var actions = root.querySelector(".hb-quiz__exam-actions") || el("p", { class: "hb-quiz__exam-actions" })
    actions.textContent = ""
    if (!key && exam.length) {
      var submit = el("button", { type: "button", class: "md-button md-button--primary" }, words.submit)
      submit.addEventListener("click", function () {
        var right = 0
        exam.forEach(function (item) {
          var li = list.querySelector('[data-question="' + item.q.id + '"]')
          if (showFeedback(root, words, li, item.q, responseOf(li, item.q), true)) right += 1
          li.querySelectorAll("input, select").forEach(function (input) { input.disabled = true })
        })
        score.textContent = fill(words.result, { right: right, total: exam.length,
                                                 percent: Math.round(100 * right / exam.length) })
        root.classList.add("is-reviewed")
        // The button is disabled now and would drop the keyboard focus to the page's top:
        // the score takes it (and is read out), scrolled to the top of the view.
        score.tabIndex = -1
        score.scrollIntoView({ block: "start" })
        score.focus({ preventScroll: true })
        submit.disabled = true
      })
      actions.appendChild(submit)
    }
    var print = el("button", { type: "button", class: "md-button" }, words.print)
    print.addEventListener("click", function () { window.print() })
    actions.appendChild(document.createTextNode(" "))
    actions.appendChild(print)
    root.appendChild(actions)
  }

  window.addEventListener("popstate", function () { params = new URLSearchParams(location.search); start() })
  start()
}

document.querySelectorAll(".hb-quiz").forEach(function (root) {
  var words = JSON.parse(root.dataset.labels)
  var bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  if (root.dataset.mode === "trainer") trainer(root, words, bank)
  else import("./quiz-study.js").then(function (m) { m.study(root, words, bank) })
})
