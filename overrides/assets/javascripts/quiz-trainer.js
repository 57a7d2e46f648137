// The trainer page (docs/quiz.md, macros/quizzes.py) and the exam links it makes; loaded by
// quiz.js, which lends its question rendering (`ui`).
//
// Two views of one page:
// - the exam link (`?seed=…&count=…&sections=…&types=…`): the trainee's view. No trainer
//   text, no answer key; the trainee answers, enters a name and hands in, and gets the score,
//   the review and a result code (result-code.js) with a QR code of the result link
//   (`…/quiz/#result=<code>`) for the trainer's phone camera;
// - the trainer's view (no seed, or `trainer=1` with the exam's parameters): the set-up form,
//   the exam link, the answer key (shown here only), Moodle XML / GIFT downloads
//   (quiz-export.js) and the class results (class-results.js) from pasted, imported or
//   scanned codes, kept in this browser's storage.
import { el, fill, saveFile } from "./dom.js"
import { drawExam, examParams } from "./quiz-draw.js"
import { CodeError, cleanName, encode, NAME_MAX } from "./result-code.js"
import { csvText, report } from "./class-results.js"
import { exportQuestions, gift, moodleXml } from "./quiz-export.js"
import { storage } from "./quiz.js" // the page's quiz.js, which loads this module

var CODES_KEY = "service-norms:class-codes"
var MAX_ROWS = 500          // rows of the class table drawn; the CSV has them all
var MAX_PROBLEMS = 50       // refused lines listed one by one

function plural(words, key, n) {
  return words[key + "_one"] !== undefined && n === 1 ? words[key + "_one"] : words[key]
}

export function trainer(root, words, bank, ui) {
  var version = root.dataset.bankVersion
  var lang = document.documentElement.lang && document.documentElement.lang.indexOf("en") === 0 ? "en" : "zh"
  var siteRoot = new URL(root.dataset.root, location.href).href
  var list = root.querySelector(".hb-quiz__questions")
  var score = root.querySelector(".hb-quiz__score")
  var panel = root.querySelector(".hb-quiz__trainer-panel")
  var form = root.querySelector(".hb-quiz__setup")
  function clauseUrl(q) { return new URL(q.href, location.href).href }

  var query = new URLSearchParams(location.search)
  if (query.get("seed") !== null && query.get("trainer") === null) {
    document.documentElement.classList.add("hb-exam-view")
    examView(query)
  } else {
    trainerView(query)
  }
  root.dataset.ready = "1"  // for tests: the view is drawn and its controls work

  // --- the trainee's view -------------------------------------------------------------------
  function examView(query) {
    var params = examParams(query, bank)
    if (params.error) {
      score.textContent = fill(words.trainer[params.error], { value: params.value })
      score.setAttribute("role", "alert")
      return
    }
    var exam = drawExam(bank, params.seed, params.sections, params.count, params.types)
    if (!exam.length) {
      score.textContent = words.no_questions
      return
    }
    root.insertBefore(el("p", { class: "hb-quiz__exam-intro" }, words.trainer.exam_intro), score)
    score.textContent = fill(plural(words, "of", exam.length), { n: exam.length })
    exam.forEach(function (item, i) { list.appendChild(ui.renderQuestion(root, words, item, i + 1)) })
    var actions = el("div", { class: "hb-quiz__exam-actions" })
    var field = el("p", { class: "hb-widget__field hb-quiz__name" })
    field.appendChild(el("label", { for: "quiz-name" }, words.handin.name))
    var name = el("input", { type: "text", id: "quiz-name", name: "name", autocomplete: "name", maxlength: String(NAME_MAX * 2) })
    field.appendChild(name)
    var nameError = el("p", { class: "hb-widget__error", id: "quiz-name-error", role: "alert" })
    nameError.hidden = true
    var buttons = el("p")
    var submit = el("button", { type: "button", class: "md-button md-button--primary" }, words.submit)
    var print = el("button", { type: "button", class: "md-button" }, words.print)
    print.addEventListener("click", function () { window.print() })
    buttons.appendChild(submit)
    buttons.appendChild(document.createTextNode(" "))
    buttons.appendChild(print)
    actions.appendChild(field)
    actions.appendChild(nameError)
    actions.appendChild(buttons)
    root.appendChild(actions)

    submit.addEventListener("click", function () {
      var who
      try {
        who = cleanName(name.value)
      } catch (err) {
        nameError.textContent = fill(words.handin[err.key], err.values)
        nameError.hidden = false
        name.setAttribute("aria-invalid", "true")
        name.setAttribute("aria-describedby", "quiz-name-error")
        name.focus()
        return
      }
      nameError.hidden = true
      name.removeAttribute("aria-invalid")
      name.removeAttribute("aria-describedby")
      var right = 0
      var responses = exam.map(function (item) {
        var li = list.querySelector('[data-question="' + item.q.id + '"]')
        var response = ui.responseOf(li, item.q)
        if (ui.showFeedback(root, words, li, item.q, response, true)) right += 1
        li.querySelectorAll("input, select").forEach(function (input) { input.disabled = true })
        return response
      })
      name.disabled = true
      submit.disabled = true
      score.textContent = fill(words.result, { right: right, total: exam.length,
                                               percent: Math.round(100 * right / exam.length) })
      root.classList.add("is-reviewed")
      var code = encode(bank, version, lang, params.seed, params.count, params.sections, params.types, responses, who)
      root.insertBefore(resultBox(code, who), list)
      // The button is disabled now and would drop the keyboard focus to the page's top:
      // the score takes it (and is read out), scrolled to the top of the view.
      score.tabIndex = -1
      score.scrollIntoView({ block: "start" })
      score.focus({ preventScroll: true })
    })
  }

  function resultBox(code, who) {
    var link = location.origin + location.pathname + "#result=" + code
    var box = el("section", { class: "hb-quiz__result", "aria-labelledby": "quiz-code-title" })
    box.appendChild(el("p", { class: "hb-quiz__result-title", id: "quiz-code-title" }, words.handin.code_title))
    box.appendChild(el("p", { class: "hb-quiz__result-name" }, fill(words.handin.name_shown, { name: who })))
    var codeText = el("p", { class: "hb-quiz__code", "data-code": code }, code)
    box.appendChild(codeText)
    box.appendChild(el("p", {}, words.handin.code_help))
    var buttons = el("p", { class: "hb-quiz__result-actions" })
    var status = el("span", { class: "hb-quiz__copy-status", "aria-live": "polite" })
    var copy = el("button", { type: "button", class: "md-button" }, words.handin.copy)
    copy.addEventListener("click", function () {
      function manual() {
        var range = document.createRange()
        range.selectNodeContents(codeText)
        var selection = window.getSelection()
        selection.removeAllRanges()
        selection.addRange(range)
        var done = false
        try { done = document.execCommand("copy") } catch (err) { done = false }
        status.textContent = done ? words.copied : words.handin.copy_manual
      }
      // The clipboard needs a secure context (https or localhost); an intranet http host
      // selects the code to copy by hand.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code).then(function () { status.textContent = words.copied }, manual)
      } else {
        manual()
      }
    })
    buttons.appendChild(copy)
    if (navigator.share) {
      var share = el("button", { type: "button", class: "md-button" }, words.handin.share)
      share.addEventListener("click", function () {
        navigator.share({ title: words.handin.code_title, text: who + ": " + code, url: link }).catch(function () {})
      })
      buttons.appendChild(document.createTextNode(" "))
      buttons.appendChild(share)
    }
    buttons.appendChild(document.createTextNode(" "))
    buttons.appendChild(status)
    box.appendChild(buttons)
    var figure = el("figure", { class: "hb-quiz__qr" })
    box.appendChild(figure)
    qrCode(figure, link)
    box.appendChild(el("p", { class: "hb-quiz__not-secure" }, words.handin.not_secure))
    box.appendChild(el("p", { class: "hb-quiz__bank" }, fill(words.handin.bank, { bank: version })))
    return box
  }

  function qrCode(figure, text) {
    // The QR library (npm qrcode-generator, served from this site) only when it is needed.
    import(new URL("../vendor/qrcode-generator/qrcode.mjs", import.meta.url).href).then(function (m) {
      var qr = m.qrcode(0, "M")
      qr.addData(text, "Byte")
      qr.make()
      var n = qr.getModuleCount(), quiet = 4, d = ""
      for (var r = 0; r < n; r++) {
        for (var c = 0; c < n; c++) if (qr.isDark(r, c)) d += "M" + (c + quiet) + " " + (r + quiet) + "h1v1h-1z"
      }
      var NS = "http://www.w3.org/2000/svg"
      var svg = document.createElementNS(NS, "svg")
      var size = n + 2 * quiet
      svg.setAttribute("viewBox", "0 0 " + size + " " + size)
      svg.setAttribute("role", "img")
      svg.setAttribute("aria-label", words.handin.qr)
      svg.setAttribute("shape-rendering", "crispEdges")
      var back = document.createElementNS(NS, "rect")
      back.setAttribute("width", String(size))
      back.setAttribute("height", String(size))
      back.setAttribute("fill", "#fff")
      var path = document.createElementNS(NS, "path")
      path.setAttribute("d", d)
      path.setAttribute("fill", "#000")
      svg.appendChild(back)
      svg.appendChild(path)
      figure.appendChild(svg)
      figure.appendChild(el("figcaption", {}, words.handin.qr))
    }).catch(function () {
      figure.appendChild(el("figcaption", {}, words.handin.qr_failed))
    })
  }

  // --- the trainer's view ------------------------------------------------------------------------
  function trainerView(query) {
    form.noValidate = true
    var formError = el("p", { class: "hb-widget__error", id: "quiz-setup-error", role: "alert" })
    formError.hidden = true
    form.insertBefore(formError, form.querySelector("button[type=submit]").parentNode)
    if (query.get("trainer") !== null) prefill(query)
    form.addEventListener("submit", function (event) {
      event.preventDefault()
      formError.hidden = true
      var picked = function (name) {
        return Array.prototype.filter.call(form.querySelectorAll("input[name=" + name + "]"), function (i) { return i.checked })
          .map(function (i) { return i.value })
      }
      var seedText = form.elements.seed.value.trim()
      var seed = seedText ? seedText : String(1 + Math.floor(Math.random() * 2147483646))
      var next = new URLSearchParams({ trainer: "1", seed: seed, count: form.elements.count.value.trim() || "10" })
      // All ticked: left out of the link (a shorter link for a trainee to open); none: an
      // empty list, which matches no question.
      ;["sections", "types"].forEach(function (name) {
        if (picked(name).length < form.querySelectorAll("input[name=" + name + "]").length) next.set(name, picked(name).join(","))
      })
      var params = examParams(next, bank)
      if (params.error) {
        formError.textContent = fill(words.trainer["setup_" + params.error] || words.trainer[params.error], { value: params.value })
        formError.hidden = false
        return
      }
      history.pushState(null, "", "?" + next.toString())
      showExam(next, params)
    })
    window.addEventListener("popstate", function () {
      var q = new URLSearchParams(location.search)
      if (q.get("trainer") !== null) {
        prefill(q)
        var params = examParams(q, bank)
        if (!params.error) showExam(q, params)
      } else {
        panel.hidden = true
        panel.textContent = ""
      }
    })
    if (query.get("trainer") !== null) {
      var params = examParams(query, bank)
      if (!params.error) showExam(query, params)
      else {
        formError.textContent = fill(words.trainer["setup_" + params.error] || words.trainer[params.error], { value: params.value })
        formError.hidden = false
      }
    }
    bankExports()
    classResults()
    form.querySelector("button[type=submit]").disabled = false
  }

  function prefill(query) {
    if (query.get("seed")) form.elements.seed.value = query.get("seed")
    if (query.get("count")) form.elements.count.value = query.get("count")
    ;["sections", "types"].forEach(function (name) {
      if (query.get(name) === null) return
      var values = query.get(name).split(",")
      form.querySelectorAll("input[name=" + name + "]").forEach(function (box) { box.checked = values.indexOf(box.value) >= 0 })
    })
  }

  function showExam(query, params) {
    var exam = drawExam(bank, params.seed, params.sections, params.count, params.types)
    panel.textContent = ""
    panel.hidden = false
    if (!exam.length) {
      panel.appendChild(el("p", { class: "hb-quiz__none", role: "status" }, words.no_questions))
      return
    }
    var trainee = new URLSearchParams(query)
    trainee.delete("trainer")
    var url = location.origin + location.pathname + "?" + trainee.toString()
    var linkBox = el("p", { class: "hb-quiz__link" }, words.exam_link + " ")
    linkBox.appendChild(el("a", { href: url, class: "hb-quiz__exam-link" }, url))
    panel.appendChild(linkBox)
    panel.appendChild(el("p", {}, fill(words.trainer.exam_ready, {
      count: fill(plural(words, "of", exam.length), { n: exam.length }), bank: version })))
    var downloads = el("p", { class: "hb-quiz__downloads" })
    var stem = "exam-" + params.seed + "-" + lang
    addDownload(downloads, words.trainer.exam_moodle, stem + ".xml", "application/xml",
                function () { return moodleXml(exportQuestions(bank, exam), clauseUrl) })
    addDownload(downloads, words.trainer.exam_gift, stem + ".gift", "text/plain",
                function () { return gift(exportQuestions(bank, exam), clauseUrl) })
    panel.appendChild(downloads)
    // The answer key: shown on this page only, never on the trainees' link.
    panel.appendChild(el("p", { class: "hb-quiz__key-warning" }, words.trainer.key_warning))
    var keyButton = el("button", { type: "button", class: "md-button hb-quiz__key-toggle", "aria-expanded": "false" },
                       words.trainer.key_show)
    var keyList = el("ol", { class: "hb-quiz__questions hb-quiz__key" })
    keyList.hidden = true
    keyButton.addEventListener("click", function () {
      var open = keyList.hidden
      keyList.hidden = !open
      keyButton.setAttribute("aria-expanded", String(open))
      keyButton.textContent = open ? words.trainer.key_hide : words.trainer.key_show
      if (open && !keyList.children.length) {
        exam.forEach(function (item, i) {
          var li = ui.renderQuestion(root, words, item, i + 1)
          keyList.appendChild(li)
          markKey(li, item.q)
          ui.showFeedback(root, words, li, item.q, ui.rightAnswer(item.q), false)
          li.classList.remove("is-correct", "is-wrong")
          var verdict = li.querySelector(".hb-quiz__verdict")
          // Every question of the key says its right answer (feedback on a right answer would not).
          if (verdict.nextSibling.textContent.indexOf(words.right_answer) !== 0) {
            verdict.parentNode.insertBefore(el("p", {}, words.right_answer + ": " +
              ui.answerText(words, item.q, ui.rightAnswer(item.q))), verdict.nextSibling)
          }
          verdict.remove()
        })
      }
    })
    var keyActions = el("p")
    keyActions.appendChild(keyButton)
    var print = el("button", { type: "button", class: "md-button" }, words.print)
    print.addEventListener("click", function () {
      if (keyList.hidden) keyButton.click()
      window.print()
    })
    keyActions.appendChild(document.createTextNode(" "))
    keyActions.appendChild(print)
    panel.appendChild(keyActions)
    panel.appendChild(keyList)
  }

  // The key's questions with the right answers ticked or placed, and nothing to change.
  function markKey(li, q) {
    var right = ui.rightAnswer(q)
    li.querySelectorAll("input").forEach(function (input) {
      input.checked = q.type === "true_false" ? input.value === String(right) : right.indexOf(Number(input.value)) >= 0
      input.disabled = true
    })
    li.querySelectorAll("select[data-item]").forEach(function (select) {
      select.value = String(Number(select.dataset.item) + 1)
      select.disabled = true
    })
  }

  function addDownload(box, text, name, type, make) {
    var button = el("button", { type: "button", class: "md-button", "data-download": name }, text)
    button.addEventListener("click", function () { saveFile(name, type + ";charset=utf-8", make()) })
    box.appendChild(button)
    box.appendChild(document.createTextNode(" "))
  }

  function bankExports() {
    var box = root.querySelector(".hb-quiz__bank-exports")
    box.appendChild(el("p", {}, fill(words.trainer.exports_help, { base: siteRoot })))
    var buttons = el("p", { class: "hb-quiz__downloads" })
    addDownload(buttons, words.trainer.bank_moodle, "bank-" + lang + ".xml", "application/xml",
                function () { return moodleXml(exportQuestions(bank, null), clauseUrl) })
    addDownload(buttons, words.trainer.bank_gift, "bank-" + lang + ".gift", "text/plain",
                function () { return gift(exportQuestions(bank, null), clauseUrl) })
    box.appendChild(buttons)
  }

  // --- class results -------------------------------------------------------------------------
  function classResults() {
    var box = root.querySelector(".hb-class")
    var C = words.class
    var store = storage()
    box.appendChild(el("p", {}, C.intro))
    var field = el("p", { class: "hb-widget__field" })
    field.appendChild(el("label", { for: "quiz-codes" }, C.codes))
    var codes = el("textarea", { id: "quiz-codes", rows: "6", spellcheck: "false", autocomplete: "off",
                                 autocapitalize: "characters" })
    field.appendChild(codes)
    box.appendChild(field)
    var buttons = el("p", { class: "hb-class__actions" })
    var fileLabel = el("label", { class: "md-button hb-class__import" }, C.import)
    var file = el("input", { type: "file", accept: ".txt,.csv,text/plain", class: "hb-class__file" })
    fileLabel.appendChild(file)
    var show = el("button", { type: "button", class: "md-button md-button--primary" }, C.show)
    var clear = el("button", { type: "button", class: "md-button" }, C.clear)
    ;[show, fileLabel, clear].forEach(function (b) { buttons.appendChild(b); buttons.appendChild(document.createTextNode(" ")) })
    box.appendChild(buttons)
    var out = el("div", { class: "hb-class__out", "aria-live": "polite" })
    box.appendChild(out)
    if (store) codes.value = store.getItem(CODES_KEY) || ""

    function save() {
      if (!store) return
      try { store.setItem(CODES_KEY, codes.value) } catch (err) { store = null }
    }
    codes.addEventListener("input", save)
    show.addEventListener("click", function () { render(out, report(codes.value, bank, version, words, clauseUrl)) })
    clear.addEventListener("click", function () {
      codes.value = ""
      save()
      out.textContent = ""
    })
    file.addEventListener("change", function () {
      if (!file.files.length) return
      file.files[0].text().then(function (text) {
        text = text.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n")
        codes.value = codes.value && !/\n$/.test(codes.value) ? codes.value + "\n" + text : codes.value + text
        file.value = ""
        save()
        show.click()
      })
    })
    // A result link scanned from a trainee's QR code: its code joins the list.
    var scanned = /^#result=(.+)$/.exec(location.hash)
    if (scanned) {
      var code = scanned[1]
      try { code = decodeURIComponent(code) } catch (err) { /* kept as it came: the report will say what is wrong */ }
      var lines = codes.value.split("\n")
      if (lines.indexOf(code) < 0) codes.value = (codes.value && !/\n$/.test(codes.value) ? codes.value + "\n" : codes.value) + code
      save()
      history.replaceState(null, "", location.pathname + location.search)
      show.click()
      box.scrollIntoView({ block: "start" })
    }
  }

  function cell(row, tag, text, attrs) {
    var c = el(tag, attrs || {}, text === undefined ? "" : String(text))
    row.appendChild(c)
    return c
  }

  function table(caption, head, rows, className) {
    var t = el("table", { class: className || "" })
    t.appendChild(el("caption", {}, caption))
    var thead = el("thead"), tr = el("tr")
    head.forEach(function (h) { cell(tr, "th", h, { scope: "col" }) })
    thead.appendChild(tr)
    t.appendChild(thead)
    var tbody = el("tbody")
    rows.forEach(function (r) { tbody.appendChild(r) })
    t.appendChild(tbody)
    var wrap = el("div", { class: "md-typeset__scrollwrap" })
    var inner = el("div", { class: "md-typeset__table" })
    inner.appendChild(t)
    wrap.appendChild(inner)
    return wrap
  }

  function render(out, rep) {
    var C = words.class
    out.textContent = ""
    if (rep.problems.length) {
      var problems = el("div", { class: "hb-widget__error hb-class__problems", role: "alert" })
      problems.appendChild(el("p", {}, C.refused))
      var ul = el("ul")
      rep.problems.slice(0, MAX_PROBLEMS).forEach(function (p) {
        ul.appendChild(el("li", { "data-line": String(p.line) }, p.message))
      })
      problems.appendChild(ul)
      if (rep.problems.length > MAX_PROBLEMS) problems.appendChild(el("p", {}, fill(C.more_refused, { n: rep.problems.length - MAX_PROBLEMS })))
      out.appendChild(problems)
    }
    if (!rep.questions) {
      out.appendChild(el("p", { class: "hb-class__empty" }, rep.empty))
      return
    }
    var s = rep.summary
    var summaryRows = [["exam", rep.exam.seed], ["bank", rep.exam.bank], ["questions", s.questions],
                       ["trainees", s.trainees], ["mean", s.mean], ["sd", s.sd || "—"], ["lowest", s.lowest],
                       ["highest", s.highest]].map(function (kv) {
      var tr = el("tr", { "data-key": kv[0] })
      cell(tr, "th", C[kv[0]], { scope: "row" })
      cell(tr, "td", kv[1])
      return tr
    })
    out.appendChild(table(C.summary, [C.summary, ""], summaryRows, "hb-class__summary"))
    var qs = rep.questions
    var rows = rep.attempts.slice(0, MAX_ROWS).map(function (a) {
      var tr = el("tr", { "data-line": String(a.line) })
      if (!a.counted) tr.className = "is-not-counted"
      cell(tr, "td", a.line)
      cell(tr, "th", a.name, { scope: "row" })
      cell(tr, "td", a.right)
      cell(tr, "td", a.percent + "%")
      a.marks.forEach(function (m, k) {
        cell(tr, "td", m ? "✓" : "✗", { class: m ? "is-right" : "is-wrong", title: qs[k].id + ": " + (m ? C.right_mark : C.wrong_mark),
                                        "aria-label": m ? C.right_mark : C.wrong_mark })
      })
      cell(tr, "td", a.notes.join(words.sep))
      return tr
    })
    var head = [C.line, C.name, C.score, C.percent].concat(qs.map(function (q) { return q.n })).concat([C.notes])
    out.appendChild(table(C.title, head, rows, "hb-class__table"))
    if (rep.attempts.length > MAX_ROWS) out.appendChild(el("p", {}, fill(C.shown_rows, { shown: MAX_ROWS, total: rep.attempts.length })))
    var byId = {}
    bank.forEach(function (q) { byId[q.id] = q })
    var qRows = qs.map(function (q) {
      var tr = el("tr", { "data-question": q.id })
      cell(tr, "td", q.n)
      var prompt = cell(tr, "td", byId[q.id].prompt)
      prompt.className = "hb-class__prompt"
      cell(tr, "td", q.facility + "%", { "data-figure": "facility" })
      cell(tr, "td", q.discrimination || "—", { "data-figure": "discrimination" })
      cell(tr, "td", q.wrong ? q.wrong + " (" + q.wrong_count + ")" : "—", { "data-figure": "wrong" })
      var clause = cell(tr, "td", "")
      clause.appendChild(el("a", { href: q.clause }, byId[q.id].citation))  // as V4 numbers it
      if (q.draft) {
        clause.appendChild(document.createTextNode(" "))
        clause.appendChild(el("span", { class: "status-badge status-reference-draft" }, C.draft))
      }
      return tr
    })
    out.appendChild(table(C.by_question, [C.number, C.question, C.facility, C.discrimination, C.wrong, C.clause], qRows,
                          "hb-class__questions"))
    out.appendChild(el("p", { class: "hb-class__help" }, C.help))
    var csv = el("button", { type: "button", class: "md-button hb-class__csv" }, C.csv)
    csv.addEventListener("click", function () {
      saveFile("class-results-" + rep.exam.seed + "-" + lang + ".csv", "text/csv;charset=utf-8", csvText(rep, words))
    })
    out.appendChild(el("p")).appendChild(csv)
  }
}

window.__classReport = function (text) {  // for the parity tests with handbook.class_results
  var root = document.querySelector("#quiz-trainer")
  var words = JSON.parse(root.dataset.labels)
  var bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  var rep = report(text, bank, root.dataset.bankVersion, words, function (q) { return new URL(q.href, location.href).href })
  return { report: rep, csv: rep.questions ? csvText(rep, words) : null }
}
window.__resultCode = function (args) {  // encode, for the parity tests with handbook.result_codes
  var root = document.querySelector("#quiz-trainer")
  var bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  try {
    return encode(bank, root.dataset.bankVersion, args.lang, args.seed, args.count, args.sections, args.types,
                  args.responses, args.name)
  } catch (err) {
    if (err instanceof CodeError) return { error: err.key }
    throw err
  }
}
window.__quizExport = function (format, exam) {  // for the byte test with `quiz-export`
  var root = document.querySelector("#quiz-trainer")
  var bank = JSON.parse(root.querySelector(".hb-quiz__data").textContent)
  var questions = exportQuestions(bank, exam ? drawExam(bank, exam.seed, exam.sections, exam.count, exam.types) : null)
  return (format === "moodle" ? moodleXml : gift)(questions, function (q) { return new URL(q.href, location.href).href })
}
