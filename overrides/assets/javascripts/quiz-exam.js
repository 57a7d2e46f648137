// The trainee's exam page (docs/exam.md, macros/quizzes.py `exam`): the exam a link names
// (`?seed=…&count=…&pool=…&sections=…&types=…`), answered and handed in for a result code.
// Loaded by quiz.js, which lends its question rendering (`ui`).
//
// The page holds no answer key of any pool and no trainer code: after handing in, the
// trainee sees the answers as handed in and the code (result-code.js), never which are right
// (a retake would otherwise read the key off the review). Questions left unanswered are
// named before the hand-in. The code carries this browser's attempt number for the exam and
// the hand-in time, so a retake shows in the trainer's class table.
import { el, fill } from "./dom.js"
import { drawExam, examParams } from "./quiz-draw.js"
import { cleanName, encode, NAME_MAX } from "./result-code.js"
import { storage } from "./quiz.js"

const ATTEMPTS_KEY = "service-norms:exam-attempts:"

const plural = (words, key, n) => (words[key + "_one"] !== undefined && n === 1 ? words[key + "_one"] : words[key])

/** The hand-in time as the page and the class table show it: UTC, the same on any machine. */
export function utcMinute(minute) {
  const iso = new Date(minute * 60000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/**
 * The next attempt number of this exam in this browser (1 for the first hand-in), counted in
 * localStorage per bank version and link parameters; 1 when the browser keeps nothing.
 */
export function nextAttempt(store, version, params) {
  const key = ATTEMPTS_KEY + JSON.stringify([version, params.pool, params.seed, params.count, params.sections, params.types])
  const n = (store && Number(store.getItem(key))) || 0
  try { if (store) store.setItem(key, String(n + 1)) } catch (err) { /* full or blocked: the code still says 1 + n */ }
  return n + 1
}

/** The exam view: questions, name, the unanswered check, the hand-in and the result code. */
export function exam(root, words, bank, ui) {
  const version = root.dataset.bankVersion
  const lang = document.documentElement.lang && document.documentElement.lang.startsWith("en") ? "en" : "zh"
  const list = root.querySelector(".hb-quiz__questions")
  const score = root.querySelector(".hb-quiz__score")
  const H = words.handin
  const query = new URLSearchParams(location.search)
  if (query.get("seed") === null) {  // opened without a trainer's link
    score.textContent = H.no_link
    return
  }
  const params = examParams(query, bank)
  if (params.error) {
    score.textContent = fill(words.trainer[params.error], { value: params.value, max: params.max })
    score.setAttribute("role", "alert")
    return
  }
  const drawn = drawExam(bank, params.seed, params.sections, params.count, params.types, params.pool)
  if (!drawn.length) {
    score.textContent = words.no_questions
    return
  }
  root.insertBefore(el("p", { class: "hb-quiz__exam-intro" }, H.intro), score)
  score.textContent = fill(plural(words, "of", drawn.length), { n: drawn.length })
  drawn.forEach((item, i) => list.appendChild(ui.renderQuestion(root, words, item, i + 1)))

  const actions = el("div", { class: "hb-quiz__exam-actions" })
  const field = el("p", { class: "hb-widget__field hb-quiz__name" })
  field.appendChild(el("label", { for: "quiz-name" }, H.name))
  const name = el("input", { type: "text", id: "quiz-name", name: "name", autocomplete: "name",
                             maxlength: String(NAME_MAX * 2) })
  field.appendChild(name)
  const nameError = el("p", { class: "hb-widget__error", id: "quiz-name-error", role: "alert" })
  nameError.hidden = true
  const unanswered = el("div", { class: "hb-quiz__unanswered", role: "alert" })
  unanswered.hidden = true
  const buttons = el("p")
  const submit = el("button", { type: "button", class: "md-button md-button--primary" }, words.submit)
  const print = el("button", { type: "button", class: "md-button" }, words.print)
  print.addEventListener("click", () => window.print())
  buttons.append(submit, " ", print)
  actions.append(field, nameError, unanswered, buttons)
  root.appendChild(actions)

  const responses = () => drawn.map((item) => ui.responseOf(list.querySelector(`[data-question="${item.q.id}"]`), item.q))

  function handIn(who, answers) {
    unanswered.hidden = true
    list.querySelectorAll("input, select").forEach((input) => { input.disabled = true })
    name.disabled = true
    submit.disabled = true
    root.classList.add("is-handed-in")
    const attempt = nextAttempt(storage(), version, params)
    const minute = Math.floor(Date.now() / 60000)
    const code = encode(bank, version, lang, params.seed, params.count, params.sections, params.types, answers, who,
                        params.pool, attempt, minute)
    score.textContent = fill(H.handed_in, { n: attempt, time: utcMinute(minute) })
    root.insertBefore(resultBox(code, who), list)
    // The button is disabled now and would drop the keyboard focus to the page's top: the
    // message takes it (and is read out), scrolled to the top of the view.
    score.tabIndex = -1
    score.scrollIntoView({ block: "start" })
    score.focus({ preventScroll: true })
  }

  submit.addEventListener("click", () => {
    let who
    try {
      who = cleanName(name.value)
    } catch (err) {
      nameError.textContent = fill(H[err.key], err.values)
      nameError.hidden = false
      name.setAttribute("aria-invalid", "true")
      name.setAttribute("aria-describedby", "quiz-name-error")
      name.focus()
      return
    }
    nameError.hidden = true
    name.removeAttribute("aria-invalid")
    name.removeAttribute("aria-describedby")
    const answers = responses()
    const missing = answers.map((r, i) => (r === null ? i + 1 : 0)).filter(Boolean)
    if (!missing.length) {
      handIn(who, answers)
      return
    }
    // Named before handing in: the trainee can go back to them, or hand in anyway.
    unanswered.textContent = ""
    const text = el("p", {}, fill(plural(H, "unanswered", missing.length),
                                  { n: missing.length, list: missing.join(lang === "zh" ? "、" : ", ") }))
    const links = el("p", { class: "hb-quiz__unanswered-links" })
    missing.forEach((n) => {
      const a = el("a", { href: `#q-${drawn[n - 1].q.id}` }, fill(words.question, { n }))
      links.append(a, " ")
    })
    const anyway = el("button", { type: "button", class: "md-button" }, H.hand_in_anyway)
    anyway.addEventListener("click", () => {
      let again
      try { again = cleanName(name.value) } catch (err) { submit.click(); return }
      handIn(again, responses())
    })
    const last = el("p")
    last.appendChild(anyway)
    unanswered.append(text, links, last)
    unanswered.hidden = false
    anyway.focus()
  })

  function resultBox(code, who) {
    const link = new URL(root.dataset.results, location.href).href.replace(/#.*$/, "") + "#result=" + code
    const box = el("section", { class: "hb-quiz__result", "aria-labelledby": "quiz-code-title" })
    box.appendChild(el("p", { class: "hb-quiz__result-title", id: "quiz-code-title" }, H.code_title))
    box.appendChild(el("p", { class: "hb-quiz__result-name" }, fill(H.name_shown, { name: who })))
    const codeText = el("p", { class: "hb-quiz__code", "data-code": code }, code)
    box.appendChild(codeText)
    box.appendChild(el("p", {}, H.code_help))
    const buttons = el("p", { class: "hb-quiz__result-actions" })
    const status = el("span", { class: "hb-quiz__copy-status", "aria-live": "polite" })
    const copy = el("button", { type: "button", class: "md-button" }, H.copy)
    copy.addEventListener("click", () => {
      const manual = () => {
        const range = document.createRange()
        range.selectNodeContents(codeText)
        const selection = window.getSelection()
        selection.removeAllRanges()
        selection.addRange(range)
        let done = false
        try { done = document.execCommand("copy") } catch (err) { done = false }
        status.textContent = done ? words.copied : H.copy_manual
      }
      // The clipboard needs a secure context (https or localhost); an intranet http host
      // selects the code to copy by hand.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code).then(() => { status.textContent = words.copied }, manual)
      } else {
        manual()
      }
    })
    buttons.appendChild(copy)
    if (navigator.share) {
      const share = el("button", { type: "button", class: "md-button" }, H.share)
      share.addEventListener("click", () => {
        navigator.share({ title: H.code_title, text: who + ": " + code, url: link }).catch(() => {})
      })
      buttons.append(" ", share)
    }
    buttons.append(" ", status)
    box.appendChild(buttons)
    const figure = el("figure", { class: "hb-quiz__qr" })
    box.appendChild(figure)
    qrCode(figure, link)
    box.appendChild(el("p", { class: "hb-quiz__not-secure" }, H.not_secure))
    box.appendChild(el("p", { class: "hb-quiz__bank" }, fill(H.bank, { bank: version })))
    return box
  }

  // Never rejects: a QR code that cannot be drawn (the library not loaded) says so instead.
  async function qrCode(figure, text) {
    try {
      // The QR library (npm qrcode-generator, served from this site) only when it is needed.
      const m = await import(new URL("../vendor/qrcode-generator/qrcode.mjs", import.meta.url).href)
      const qr = m.qrcode(0, "M")
      qr.addData(text, "Byte")
      qr.make()
      const n = qr.getModuleCount()
      const quiet = 4
      let d = ""
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`
      }
      const NS = "http://www.w3.org/2000/svg"
      const svg = document.createElementNS(NS, "svg")
      const size = n + 2 * quiet
      svg.setAttribute("viewBox", `0 0 ${size} ${size}`)
      svg.setAttribute("role", "img")
      svg.setAttribute("aria-label", H.qr)
      svg.setAttribute("shape-rendering", "crispEdges")
      const back = document.createElementNS(NS, "rect")
      back.setAttribute("width", String(size))
      back.setAttribute("height", String(size))
      back.setAttribute("fill", "#fff")
      const path = document.createElementNS(NS, "path")
      path.setAttribute("d", d)
      path.setAttribute("fill", "#000")
      svg.append(back, path)
      figure.append(svg, el("figcaption", {}, H.qr))
    } catch {
      figure.appendChild(el("figcaption", {}, H.qr_failed))
    }
  }
}
