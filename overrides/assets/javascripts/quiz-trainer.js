// The trainer page (docs/quiz.md, macros/quizzes.py): the set-up form and the exam link it
// makes, the exam pool's key file, the answer key, Moodle XML / GIFT downloads
// (quiz-export.js) and the class results panel (class-results-view.js, the report of
// class-results.js) from pasted, imported or scanned codes, kept in this browser's storage.
// Loaded by quiz.js, which lends its question rendering (`ui`).
//
// The trainee's exam is another page (docs/exam.md, quiz-exam.js) with no key and no trainer
// code; an old exam link to this page (`?seed=…` without `trainer=1`) goes there. The exam
// pool's questions come here without their key: the trainer's key file (exam-key.js) puts it
// back, in this browser only.
import { el, fill, saveFile } from "./dom.js"
import { drawExam, examParams } from "./quiz-draw.js"
import { classResults } from "./class-results-view.js"
import { forgetKey, keepKey, KeyError, parseKey, storedKey, withKey } from "./exam-key.js"
import { exportQuestions, gift, moodleXml } from "./quiz-export.js"
import { storage } from "./quiz.js" // the page's quiz.js, which loads this module

const plural = (words, key, n) => (words[`${key}_one`] !== undefined && n === 1 ? words[`${key}_one`] : words[key])

// The ticked values of the form's checkboxes named `name`.
const picked = (form, name) =>
  Array.from(form.querySelectorAll(`input[name=${name}]`)).filter((i) => i.checked).map((i) => i.value)

function addDownload(box, text, name, type, make) {
  const button = el("button", { type: "button", class: "md-button", "data-download": name }, text)
  button.addEventListener("click", () => saveFile(name, `${type};charset=utf-8`, make()))
  box.append(button, " ")
}

/**
 * The trainer page: its views and panels, on the served bank (`served`).
 * @param {HTMLElement} root the quiz's element (data-bank-version, data-root, data-exam-page)
 * @param {Object} words the page's labels
 * @param {Array<Object>} served the bank as served: the exam pool without its key
 * @param {Object} ui quiz.js's renderQuestion, responseOf, showFeedback, rightAnswer, answerText
 */
export function trainer(root, words, served, ui) {
  const version = root.dataset.bankVersion
  const lang = document.documentElement.lang && document.documentElement.lang.indexOf("en") === 0 ? "en" : "zh"
  const siteRoot = new URL(root.dataset.root, location.href).href
  const panel = root.querySelector(".hb-quiz__trainer-panel")
  const form = root.querySelector(".hb-quiz__setup")
  const store = storage()
  const clauseUrl = (q) => new URL(q.href, location.href).href

  const query = new URLSearchParams(location.search)
  if (query.get("seed") !== null && query.get("trainer") === null) {
    // An exam link made before the exam page: the trainee's exam is there now.
    location.replace(new URL(root.dataset.examPage, location.href).pathname + location.search)
    return
  }
  // What depends on the key: the exam shown and the class results (refresh() redraws them).
  const refreshers = []
  const refresh = () => refreshers.forEach((f) => f())
  // The bank as this browser can score it: with the exam key when the trainer has loaded it.
  let key = storedKey(store, version)
  let bank = served
  if (key) {
    try { bank = withKey(served, key, lang) } catch { key = null }
  }
  keyPanel()
  trainerView(query)
  root.dataset.ready = "1"  // for tests: the view is drawn and its controls work

  // --- the exam pool's key file -------------------------------------------------------------
  function keyPanel() {
    const box = root.querySelector(".hb-quiz__key-file")
    const T = words.trainer
    const status = el("p", { class: "hb-quiz__key-status", role: "status" })
    const error = el("p", { class: "hb-widget__error hb-quiz__key-error", role: "alert" })
    error.hidden = true
    const buttons = el("p", { class: "hb-quiz__key-actions" })
    const fileLabel = el("label", { class: "md-button hb-quiz__key-load" }, T.key_load)
    const file = el("input", { type: "file", accept: ".json,application/json", class: "hb-visually-hidden" })
    fileLabel.appendChild(file)
    const forget = el("button", { type: "button", class: "md-button hb-quiz__key-forget" }, T.key_forget)
    buttons.append(fileLabel, " ", forget)
    box.append(status, error, buttons)
    const show = () => {
      status.textContent = fill(key ? T.key_loaded : T.key_missing, { bank: version })
      root.classList.toggle("has-exam-key", Boolean(key))
      forget.hidden = !key
    }
    show()
    file.addEventListener("change", async () => {
      if (!file.files.length) return
      const chosen = file.files[0]
      const text = await chosen.text()
      file.value = ""
      try {
        const parsed = parseKey(text, version)
        bank = withKey(served, parsed, lang)
        key = parsed
        keepKey(store, text)
        error.hidden = true
      } catch (err) {
        if (!(err instanceof KeyError)) throw err
        error.textContent = fill(T.key_bad, { file: chosen.name, reason: fill(T[err.key], err.values) })
        error.hidden = false
      }
      show()
      refresh()
    })
    forget.addEventListener("click", () => {
      forgetKey(store)
      key = null
      bank = served
      show()
      refresh()
    })
  }

  // --- the trainer's view ------------------------------------------------------------------------
  function trainerView(query) {
    form.noValidate = true
    const formError = el("p", { class: "hb-widget__error", id: "quiz-setup-error", role: "alert" })
    formError.hidden = true
    form.insertBefore(formError, form.querySelector("button[type=submit]").parentNode)
    const showError = (params) => {
      formError.textContent = fill(words.trainer[`setup_${params.error}`] || words.trainer[params.error],
                                   { value: params.value, max: params.max })
      formError.hidden = false
    }
    if (query.get("trainer") !== null) prefill(query)
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      formError.hidden = true
      const seedText = form.elements.seed.value.trim()
      const seed = seedText ? seedText : String(1 + Math.floor(Math.random() * 2147483646))
      const next = new URLSearchParams({ trainer: "1", seed, count: form.elements.count.value.trim() || "10" })
      const pool = form.querySelector("input[name=pool]:checked")
      if (pool && pool.value !== "study") next.set("pool", pool.value)
      // All ticked: left out of the link (a shorter link for a trainee to open); none: an
      // empty list, which matches no question.
      for (const name of ["sections", "types"]) {
        if (picked(form, name).length < form.querySelectorAll(`input[name=${name}]`).length) next.set(name, picked(form, name).join(","))
      }
      const params = examParams(next, bank)
      if (params.error) {
        showError(params)
        return
      }
      history.pushState(null, "", `?${next.toString()}`)
      showExam(next, params)
    })
    window.addEventListener("popstate", () => {
      const q = new URLSearchParams(location.search)
      if (q.get("trainer") !== null) {
        prefill(q)
        const params = examParams(q, bank)
        if (!params.error) showExam(q, params)
      } else {
        panel.hidden = true
        panel.textContent = ""
      }
    })
    if (query.get("trainer") !== null) {
      const params = examParams(query, bank)
      if (!params.error) showExam(query, params)
      else showError(params)
    }
    refreshers.push(() => {
      const q = new URLSearchParams(location.search)
      if (q.get("trainer") === null) return
      const params = examParams(q, bank)
      if (!params.error) showExam(q, params)
    })
    bankExports()
    refreshers.push(classResults(root.querySelector(".hb-class"), { words, version, lang, clauseUrl, store, bank: () => bank }))
    form.querySelector("button[type=submit]").disabled = false
  }

  function prefill(query) {
    if (query.get("seed")) form.elements.seed.value = query.get("seed")
    const pool = query.get("pool") || "study"
    for (const box of form.querySelectorAll("input[name=pool]")) box.checked = box.value === pool
    if (query.get("count")) form.elements.count.value = query.get("count")
    for (const name of ["sections", "types"]) {
      if (query.get(name) === null) continue
      const values = query.get(name).split(",")
      for (const box of form.querySelectorAll(`input[name=${name}]`)) box.checked = values.includes(box.value)
    }
  }

  function showExam(query, params) {
    const exam = drawExam(bank, params.seed, params.sections, params.count, params.types, params.pool)
    panel.textContent = ""
    panel.hidden = false
    if (!exam.length) {
      panel.appendChild(el("p", { class: "hb-quiz__none", role: "status" }, words.no_questions))
      return
    }
    const trainee = new URLSearchParams(query)
    trainee.delete("trainer")
    // The trainee's link is the exam page's: no key, no trainer code, no way back here.
    const url = `${new URL(root.dataset.examPage, location.href).href.replace(/[?#].*$/, "")}?${trainee.toString()}`
    const linkBox = el("p", { class: "hb-quiz__link" }, `${words.exam_link} `)
    linkBox.appendChild(el("a", { href: url, class: "hb-quiz__exam-link" }, url))
    panel.appendChild(linkBox)
    panel.appendChild(el("p", {}, fill(words.trainer.exam_ready, {
      count: fill(plural(words, "of", exam.length), { n: exam.length }), bank: version })))
    if (params.pool === "exam" && !key) {
      panel.appendChild(el("p", { class: "hb-quiz__key-needed", role: "status" }, words.trainer.key_needed))
      return
    }
    const downloads = el("p", { class: "hb-quiz__downloads" })
    const stem = `exam-${params.seed}-${lang}`
    addDownload(downloads, words.trainer.exam_moodle, `${stem}.xml`, "application/xml",
                () => moodleXml(exportQuestions(bank, exam), clauseUrl))
    addDownload(downloads, words.trainer.exam_gift, `${stem}.gift`, "text/plain",
                () => gift(exportQuestions(bank, exam), clauseUrl))
    panel.appendChild(downloads)
    // The answer key: shown on this page only, never on the trainees' link.
    panel.appendChild(el("p", { class: "hb-quiz__key-warning" },
                         params.pool === "exam" ? words.trainer.key_warning_exam : words.trainer.key_warning))
    const keyButton = el("button", { type: "button", class: "md-button hb-quiz__key-toggle", "aria-expanded": "false" },
                         words.trainer.key_show)
    const keyList = el("ol", { class: "hb-quiz__questions hb-quiz__key" })
    keyList.hidden = true
    keyButton.addEventListener("click", () => {
      const open = keyList.hidden
      keyList.hidden = !open
      keyButton.setAttribute("aria-expanded", String(open))
      keyButton.textContent = open ? words.trainer.key_hide : words.trainer.key_show
      if (open && !keyList.children.length) {
        exam.forEach((item, i) => {
          const li = ui.renderQuestion(root, words, item, i + 1)
          keyList.appendChild(li)
          markKey(li, item.q)
          ui.showFeedback(root, words, li, item.q, ui.rightAnswer(item.q), false)
          li.classList.remove("is-correct", "is-wrong")
          const verdict = li.querySelector(".hb-quiz__verdict")
          // Every question of the key says its right answer (feedback on a right answer would not).
          if (!verdict.nextSibling.textContent.startsWith(words.right_answer)) {
            verdict.parentNode.insertBefore(el("p", {}, `${words.right_answer}: ${
              ui.answerText(words, item.q, ui.rightAnswer(item.q))}`), verdict.nextSibling)
          }
          verdict.remove()
        })
      }
    })
    const keyActions = el("p")
    keyActions.appendChild(keyButton)
    const print = el("button", { type: "button", class: "md-button" }, words.print)
    print.addEventListener("click", () => {
      if (keyList.hidden) keyButton.click()
      window.print()
    })
    keyActions.append(" ", print)
    panel.appendChild(keyActions)
    panel.appendChild(keyList)
  }

  // The key's questions with the right answers ticked or placed, and nothing to change.
  function markKey(li, q) {
    const right = ui.rightAnswer(q)
    for (const input of li.querySelectorAll("input")) {
      input.checked = q.type === "true_false" ? input.value === String(right) : right.includes(Number(input.value))
      input.disabled = true
    }
    for (const select of li.querySelectorAll("select[data-item]")) {
      select.value = String(Number(select.dataset.item) + 1)
      select.disabled = true
    }
  }

  // The whole study pool, as `quiz-export` writes it (the exam pool: with --pool exam --key).
  function bankExports() {
    const box = root.querySelector(".hb-quiz__bank-exports")
    box.appendChild(el("p", {}, fill(words.trainer.exports_help, { base: siteRoot })))
    const buttons = el("p", { class: "hb-quiz__downloads" })
    const study = () => exportQuestions(bank.filter((q) => q.pool !== "exam"), null)
    addDownload(buttons, words.trainer.bank_moodle, `bank-${lang}.xml`, "application/xml",
                () => moodleXml(study(), clauseUrl))
    addDownload(buttons, words.trainer.bank_gift, `bank-${lang}.gift`, "text/plain",
                () => gift(study(), clauseUrl))
    box.appendChild(buttons)
  }
}
