// The self-test at the end of a section (macros/quizzes.py, data-mode="study"), loaded by
// quiz.js, whose rendering helpers it uses. Each answer is kept in this browser
// (localStorage "service-norms:quiz:<section>": {question id: {ok, response, at}}), so a
// question answered before shows its answer and verdict after a reload, and the study page
// (study.js) can list the sections' scores and the clauses of wrong answers. "Check" with
// nothing chosen asks for an answer; "Clear my answers" resets the section.
import { el, fill } from "./dom.js"
import { PREFIX, hash, renderQuestion, responseOf, showFeedback, storage } from "./quiz.js"
import { mulberry32, shuffled } from "./quiz-draw.js"

/**
 * A section's self-test results as stored ({question id: {ok, response, at}}); an older
 * record held only true / false per question, read as {ok, response: null, at: null}.
 * @param {Storage|null} store
 * @param {string} section
 * @returns {Object<string, {ok: boolean, response: *, at: string|null}>}
 */
export function readResults(store, section) {
  let results = {}
  try { results = JSON.parse((store && store.getItem(PREFIX + section)) || "{}") || {} } catch { results = {} }
  for (const id of Object.keys(results)) {
    if (typeof results[id] === "boolean") results[id] = { ok: results[id], response: null, at: null }
  }
  return results
}

// Put a stored response back into the question's inputs.
function restore(li, q, response) {
  if (response === null || response === undefined) return
  if (q.type === "ordering") {
    response.forEach((orig, position) => {
      const select = li.querySelector(`select[data-item="${orig}"]`)
      if (select) select.value = String(position + 1)
    })
    return
  }
  const values = q.type === "true_false" ? [String(response)] : response.map(String)
  for (const input of li.querySelectorAll("input")) input.checked = values.includes(input.value)
}

/**
 * A section's self-test: each question with its Check button, answers kept in this browser
 * and shown again after a reload, the score, and the button that clears the section.
 * @param {HTMLElement} root the quiz's element (data-section)
 * @param {Object<string, string>} words the quiz's labels
 * @param {Array<Object>} bank the section's questions, with their keys
 */
export function study(root, words, bank) {
  let store = storage()
  const key = PREFIX + root.dataset.section
  let results = readResults(store, root.dataset.section)
  const list = root.querySelector(".hb-quiz__questions")
  const score = root.querySelector(".hb-quiz__score")

  const keep = () => {
    if (!store) return
    try { store.setItem(key, JSON.stringify(results)) } catch { store = null }
  }

  const updateScore = () => {
    const right = bank.filter((q) => results[q.id] && results[q.id].ok).length
    score.textContent = fill(words.score, { right, total: bank.length })
    if (!store) score.textContent += ` ${words.storage_off}`
  }

  const items = bank.map((q, i) => {
    const n = (q.options || q.items || []).length
    // Options in a fixed shuffled order per question, so the first is not always right.
    const order = shuffled([...Array(n).keys()], mulberry32(hash(q.id)))
    const li = renderQuestion(root, words, { q, order }, i + 1)
    const button = el("button", { type: "button", class: "md-button" }, words.check)
    button.addEventListener("click", () => {
      const response = responseOf(li, q)
      if (response === null) {
        const box = li.querySelector(".hb-quiz__feedback")
        box.textContent = ""
        li.classList.remove("is-correct", "is-wrong")
        box.appendChild(el("p", { class: "hb-quiz__verdict hb-quiz__ask" }, words.choose_first))
        const first = li.querySelector("input, select")
        if (first) first.focus()
        return
      }
      results[q.id] = { ok: showFeedback(root, words, li, q, response, false), response, at: new Date().toISOString() }
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

  const reset = el("button", { type: "button", class: "md-button hb-quiz__reset" }, words.reset)
  reset.addEventListener("click", () => {
    if (!window.confirm(words.reset_confirm)) return
    results = {}
    if (store) { try { store.removeItem(key) } catch { store = null } }
    for (const li of items) {
      li.classList.remove("is-correct", "is-wrong")
      li.querySelector(".hb-quiz__feedback").textContent = ""
      for (const input of li.querySelectorAll("input")) input.checked = false
      for (const select of li.querySelectorAll("select")) select.value = ""
    }
    updateScore()
  })
  root.appendChild(el("p", { class: "hb-quiz__reset-row" })).appendChild(reset)
  updateScore()
}
