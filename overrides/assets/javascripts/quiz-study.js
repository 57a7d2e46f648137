// The self-test at the end of a section (macros/quizzes.py, data-mode="study"), loaded by
// quiz.js, whose rendering helpers it uses. Each answer is kept in this browser
// (localStorage "service-norms:quiz:<section>": {question id: {ok, response, at}}), so a
// question answered before shows its answer and verdict after a reload, and the study page
// (study.js) can list the sections' scores and the clauses of wrong answers. "Check" with
// nothing chosen asks for an answer; "Clear my answers" resets the section.
import { el, fill } from "./dom.js"
import { PREFIX, hash, renderQuestion, responseOf, showFeedback, storage } from "./quiz.js"
import { mulberry32, shuffled } from "./quiz-draw.js"

// Results as stored; an older record held only true / false per question.
export function readResults(store, section) {
  var results = {}
  try { results = JSON.parse((store && store.getItem(PREFIX + section)) || "{}") || {} } catch (err) { results = {} }
  Object.keys(results).forEach(function (id) {
    if (typeof results[id] === "boolean") results[id] = { ok: results[id], response: null, at: null }
  })
  return results
}

// Put a stored response back into the question's inputs.
function restore(li, q, response) {
  if (response === null || response === undefined) return
  if (q.type === "ordering") {
    response.forEach(function (orig, position) {
      var select = li.querySelector('select[data-item="' + orig + '"]')
      if (select) select.value = String(position + 1)
    })
    return
  }
  var values = q.type === "true_false" ? [String(response)] : response.map(String)
  li.querySelectorAll("input").forEach(function (input) { input.checked = values.indexOf(input.value) >= 0 })
}

export function study(root, words, bank) {
  var store = storage()
  var key = PREFIX + root.dataset.section
  var results = readResults(store, root.dataset.section)
  var list = root.querySelector(".hb-quiz__questions")
  var score = root.querySelector(".hb-quiz__score")

  function keep() {
    if (!store) return
    try { store.setItem(key, JSON.stringify(results)) } catch (err) { store = null }
  }

  function updateScore() {
    var right = bank.filter(function (q) { return results[q.id] && results[q.id].ok }).length
    score.textContent = fill(words.score, { right: right, total: bank.length })
    if (!store) score.textContent += " " + words.storage_off
  }

  var items = bank.map(function (q, i) {
    var n = (q.options || q.items || []).length
    var order = []
    for (var k = 0; k < n; k++) order.push(k)
    // Options in a fixed shuffled order per question, so the first is not always right.
    order = shuffled(order, mulberry32(hash(q.id)))
    var li = renderQuestion(root, words, { q: q, order: order }, i + 1)
    var button = el("button", { type: "button", class: "md-button" }, words.check)
    button.addEventListener("click", function () {
      var response = responseOf(li, q)
      if (response === null) {
        var box = li.querySelector(".hb-quiz__feedback")
        box.textContent = ""
        li.classList.remove("is-correct", "is-wrong")
        box.appendChild(el("p", { class: "hb-quiz__verdict hb-quiz__ask" }, words.choose_first))
        var first = li.querySelector("input, select")
        if (first) first.focus()
        return
      }
      results[q.id] = { ok: showFeedback(root, words, li, q, response, false), response: response, at: new Date().toISOString() }
      keep()
      updateScore()
    })
    li.insertBefore(el("p", { class: "hb-quiz__actions" }), li.lastChild).appendChild(button)
    list.appendChild(li)
    if (results[q.id] && results[q.id].response !== null) {
      restore(li, q, results[q.id].response)
      showFeedback(root, words, li, q, results[q.id].response, false)
    }
    return li
  })

  var reset = el("button", { type: "button", class: "md-button hb-quiz__reset" }, words.reset)
  reset.addEventListener("click", function () {
    if (!window.confirm(words.reset_confirm)) return
    results = {}
    if (store) { try { store.removeItem(key) } catch (err) { store = null } }
    items.forEach(function (li) {
      li.classList.remove("is-correct", "is-wrong")
      li.querySelector(".hb-quiz__feedback").textContent = ""
      li.querySelectorAll("input").forEach(function (input) { input.checked = false })
      li.querySelectorAll("select").forEach(function (select) { select.value = "" })
    })
    updateScore()
  })
  root.appendChild(el("p", { class: "hb-quiz__reset-row" })).appendChild(reset)
  updateScore()
}
