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

/** The localStorage prefix of a section's self-test results (quiz-study.js, study.js). */
export const PREFIX = "service-norms:quiz:"

/**
 * Whether a response is the question's right answer (handbook.quiz.is_correct).
 * @param {Object} q a compiled question, with its key
 * @param {boolean|number[]|null|undefined} response
 * @returns {boolean}
 */
export function isCorrect(q, response) {
  if (response === null || response === undefined) return false
  if (q.type === "true_false") return response === q.answer
  if (q.type === "ordering") return response.join(",") === q.items.map((_, i) => i).join(",")
  return response.slice().sort().join(",") === rightAnswer(q).join(",")
}

// --- rendering ---------------------------------------------------------------------
/**
 * A question as a list item: its number, draft badge and prompt, and its inputs in the
 * drawn order (`item.order`), with an empty feedback box.
 * @param {HTMLElement} root the quiz's element
 * @param {Object<string, string>} words the quiz's labels
 * @param {{q: Object, order: number[]}} item
 * @param {number} n the question's number on the page
 * @returns {HTMLLIElement}
 */
export function renderQuestion(root, words, item, n) {
  const { q, order } = item
  const li = el("li", { class: "hb-quiz__question", id: `q-${q.id}`, "data-question": q.id })
  const fieldset = el("fieldset")
  const legend = el("legend")
  legend.appendChild(el("span", { class: "hb-quiz__number" }, fill(words.question, { n })))
  if (q.draft) legend.appendChild(el("span", { class: "status-badge status-reference-draft" }, words.draft))
  legend.appendChild(el("span", { class: "hb-quiz__prompt" }, q.prompt))
  fieldset.appendChild(legend)
  const name = `q-${q.id}-${n}`
  if (q.type === "true_false") {
    for (const value of [true, false]) {
      const label = el("label", { class: "hb-quiz__option" })
      label.appendChild(el("input", { type: "radio", name, value: String(value) }))
      label.appendChild(document.createTextNode(` ${words[String(value)]}`))
      fieldset.appendChild(label)
    }
  } else if (q.type === "ordering") {
    for (const orig of order) {
      const label = el("label", { class: "hb-quiz__option hb-quiz__order" })
      const select = el("select", { "data-item": String(orig), "aria-label": `${words.position}: ${q.items[orig]}` })
      select.appendChild(el("option", { value: "" }, "–"))
      for (let p = 1; p <= q.items.length; p++) select.appendChild(el("option", { value: String(p) }, String(p)))
      label.appendChild(select)
      label.appendChild(document.createTextNode(` ${q.items[orig]}`))
      fieldset.appendChild(label)
    }
  } else {
    const type = q.type === "multiple" ? "checkbox" : "radio"
    for (const orig of order) {
      const label = el("label", { class: "hb-quiz__option" })
      label.appendChild(el("input", { type, name, value: String(orig) }))
      label.appendChild(document.createTextNode(` ${q.options[orig].text}`))
      fieldset.appendChild(label)
    }
  }
  li.appendChild(fieldset)
  li.appendChild(el("div", { class: "hb-quiz__feedback", "aria-live": "polite" }))
  return li
}

/**
 * The reader's response in a rendered question: true/false, the chosen options' indexes, or
 * the items' original indexes in the order placed; null while nothing (or not every
 * position) is chosen.
 * @param {HTMLElement} li
 * @param {Object} q
 * @returns {boolean|number[]|null}
 */
export function responseOf(li, q) {
  if (q.type === "ordering") {
    const placed = []
    for (const select of li.querySelectorAll("select[data-item]")) {
      if (!select.value) return null
      placed.push([Number(select.value), Number(select.dataset.item)])
    }
    placed.sort((a, b) => a[0] - b[0])
    return placed.map((p) => p[1])
  }
  const checked = Array.from(li.querySelectorAll("input:checked"), (input) => input.value)
  if (!checked.length) return null
  if (q.type === "true_false") return checked[0] === "true"
  return checked.map(Number)
}

function answerText(words, q, response) {
  if (response === null || response === undefined) return "—"
  if (q.type === "true_false") return words[String(response)]
  if (q.type === "ordering") return response.map((i) => q.items[i]).join(" → ")
  return response.map((i) => q.options[i].text).join(words.sep)
}

function rightAnswer(q) {
  if (q.type === "true_false") return q.answer
  if (q.type === "ordering") return q.items.map((_, i) => i)
  const right = []
  q.options.forEach((o, i) => { if (o.correct) right.push(i) })
  return right
}

/**
 * The verdict on a response in the question's feedback box: right or wrong, the right answer
 * (under review, after a wrong answer, or for an ordering), the explanation and its clause.
 * @param {boolean} review whether the reader's own answer is shown too
 * @returns {boolean} whether the response is right
 */
export function showFeedback(root, words, li, q, response, review) {
  const box = li.querySelector(".hb-quiz__feedback")
  box.textContent = ""
  const ok = isCorrect(q, response)
  li.classList.toggle("is-correct", ok)
  li.classList.toggle("is-wrong", !ok)
  box.appendChild(el("p", { class: "hb-quiz__verdict" }, ok ? words.correct : words.wrong))
  if (review) {
    box.appendChild(el("p", {}, words.your_answer + words.colon + answerText(words, q, response)))
  }
  if (review || !ok || q.type === "ordering") {
    box.appendChild(el("p", {}, words.right_answer + words.colon + answerText(words, q, rightAnswer(q))))
  }
  const why = el("p", {}, words.explanation + words.colon + (q.explanation_mark || "") + q.explanation + " ")
  why.appendChild(el("a", { href: q.href }, words.clause + words.colon + q.citation))
  box.appendChild(why)
  return ok
}

/**
 * This browser's localStorage, or null where it is off or refuses a write (private modes).
 * @returns {Storage|null}
 */
export function storage() {
  try {
    localStorage.setItem(`${PREFIX}probe`, "1")
    localStorage.removeItem(`${PREFIX}probe`)
    return localStorage
  } catch {
    return null
  }
}

// --- self-study at the end of a section: quiz-study.js (imports the helpers above) ------

/**
 * FNV-1a over the text's UTF-16 code units: a question's fixed option order (quiz-study.js).
 * @param {string} text
 * @returns {number}
 */
export function hash(text) {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}

for (const root of document.querySelectorAll(".hb-quiz")) {
  const words = JSON.parse(root.dataset.labels)
  const bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  if (root.dataset.mode === "exam") {
    // The trainee's exam page: quiz-exam.js, with no key and no trainer code.
    import("./quiz-exam.js").then((m) => {
      m.exam(root, words, bank, { renderQuestion, responseOf })
      root.dataset.ready = "1"  // for tests: the view is drawn and its controls work
    })
  } else if (root.dataset.mode === "trainer") {
    // The trainer page and its exam links: quiz-trainer.js, lent this module's question rendering.
    import("./quiz-trainer.js").then((m) => {
      m.trainer(root, words, bank, { renderQuestion, responseOf, showFeedback, rightAnswer, answerText })
    })
  } else {
    import("./quiz-study.js").then((m) => m.study(root, words, bank))
  }
}
