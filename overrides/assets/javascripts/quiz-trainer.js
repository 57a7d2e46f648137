// The trainer page (docs/quiz.md, macros/quizzes.py): the set-up form and the exam link it
// makes, the exam pool's key file, the answer key, Moodle XML / GIFT downloads
// (quiz-export.js) and the class results (class-results.js) from pasted, imported or scanned
// codes, kept in this browser's storage. Loaded by quiz.js, which lends its question
// rendering (`ui`).
//
// The trainee's exam is another page (docs/exam.md, quiz-exam.js) with no key and no trainer
// code; an old exam link to this page (`?seed=…` without `trainer=1`) goes there. The exam
// pool's questions come here without their key: the trainer's key file (exam-key.js) puts it
// back, in this browser only.
import { el, fill, saveFile } from "./dom.js"
import { drawExam, examParams } from "./quiz-draw.js"
import { csvText, report } from "./class-results.js"
import { forgetKey, keepKey, KeyError, parseKey, storedKey, withKey } from "./exam-key.js"
import { exportQuestions, gift, moodleXml } from "./quiz-export.js"
import { storage } from "./quiz.js" // the page's quiz.js, which loads this module

var CODES_KEY = "service-norms:class-codes"
var COUNTING_KEY = "service-norms:class-counting"
var MAX_ROWS = 500          // rows of the class table drawn; the CSV has them all
var MAX_PROBLEMS = 50       // refused lines listed one by one

function plural(words, key, n) {
  return words[key + "_one"] !== undefined && n === 1 ? words[key + "_one"] : words[key]
}

/** The trainer page: its views and panels, on the served bank (`served`). */
export function trainer(root, words, served, ui) {
  var version = root.dataset.bankVersion
  var lang = document.documentElement.lang && document.documentElement.lang.indexOf("en") === 0 ? "en" : "zh"
  var siteRoot = new URL(root.dataset.root, location.href).href
  var panel = root.querySelector(".hb-quiz__trainer-panel")
  var form = root.querySelector(".hb-quiz__setup")
  var store = storage()
  function clauseUrl(q) { return new URL(q.href, location.href).href }

  var query = new URLSearchParams(location.search)
  if (query.get("seed") !== null && query.get("trainer") === null) {
    // An exam link made before the exam page: the trainee's exam is there now.
    location.replace(new URL(root.dataset.examPage, location.href).pathname + location.search)
    return
  }
  // What depends on the key: the exam shown and the class results (refresh() redraws them).
  var refreshers = []
  // The bank as this browser can score it: with the exam key when the trainer has loaded it.
  var key = storedKey(store, version)
  var bank = served
  if (key) {
    try { bank = withKey(served, key, lang) } catch (err) { key = null }
  }
  keyPanel()
  trainerView(query)
  root.dataset.ready = "1"  // for tests: the view is drawn and its controls work

  // --- the exam pool's key file -------------------------------------------------------------
  function keyPanel() {
    var box = root.querySelector(".hb-quiz__key-file")
    var T = words.trainer
    var status = el("p", { class: "hb-quiz__key-status", role: "status" })
    var error = el("p", { class: "hb-widget__error hb-quiz__key-error", role: "alert" })
    error.hidden = true
    var buttons = el("p", { class: "hb-quiz__key-actions" })
    var fileLabel = el("label", { class: "md-button hb-quiz__key-load" }, T.key_load)
    var file = el("input", { type: "file", accept: ".json,application/json", class: "hb-visually-hidden" })
    fileLabel.appendChild(file)
    var forget = el("button", { type: "button", class: "md-button hb-quiz__key-forget" }, T.key_forget)
    buttons.append(fileLabel, " ", forget)
    box.append(status, error, buttons)
    function show() {
      status.textContent = fill(key ? T.key_loaded : T.key_missing, { bank: version })
      root.classList.toggle("has-exam-key", Boolean(key))
      forget.hidden = !key
    }
    show()
    file.addEventListener("change", function () {
      if (!file.files.length) return
      var chosen = file.files[0]
      chosen.text().then(function (text) {
        file.value = ""
        try {
          var parsed = parseKey(text, version)
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
    })
    forget.addEventListener("click", function () {
      forgetKey(store)
      key = null
      bank = served
      show()
      refresh()
    })
  }

  function refresh() { refreshers.forEach(function (f) { f() }) }

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
      var pool = form.querySelector("input[name=pool]:checked")
      if (pool && pool.value !== "study") next.set("pool", pool.value)
      // All ticked: left out of the link (a shorter link for a trainee to open); none: an
      // empty list, which matches no question.
      ;["sections", "types"].forEach(function (name) {
        if (picked(name).length < form.querySelectorAll("input[name=" + name + "]").length) next.set(name, picked(name).join(","))
      })
      var params = examParams(next, bank)
      if (params.error) {
        formError.textContent = fill(words.trainer["setup_" + params.error] || words.trainer[params.error],
                                     { value: params.value, max: params.max })
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
        formError.textContent = fill(words.trainer["setup_" + params.error] || words.trainer[params.error],
                                     { value: params.value, max: params.max })
        formError.hidden = false
      }
    }
    refreshers.push(function () {
      var q = new URLSearchParams(location.search)
      if (q.get("trainer") === null) return
      var params = examParams(q, bank)
      if (!params.error) showExam(q, params)
    })
    bankExports()
    classResults()
    form.querySelector("button[type=submit]").disabled = false
  }

  function prefill(query) {
    if (query.get("seed")) form.elements.seed.value = query.get("seed")
    var pool = query.get("pool") || "study"
    form.querySelectorAll("input[name=pool]").forEach(function (box) { box.checked = box.value === pool })
    if (query.get("count")) form.elements.count.value = query.get("count")
    ;["sections", "types"].forEach(function (name) {
      if (query.get(name) === null) return
      var values = query.get(name).split(",")
      form.querySelectorAll("input[name=" + name + "]").forEach(function (box) { box.checked = values.indexOf(box.value) >= 0 })
    })
  }

  function showExam(query, params) {
    var exam = drawExam(bank, params.seed, params.sections, params.count, params.types, params.pool)
    panel.textContent = ""
    panel.hidden = false
    if (!exam.length) {
      panel.appendChild(el("p", { class: "hb-quiz__none", role: "status" }, words.no_questions))
      return
    }
    var trainee = new URLSearchParams(query)
    trainee.delete("trainer")
    // The trainee's link is the exam page's: no key, no trainer code, no way back here.
    var url = new URL(root.dataset.examPage, location.href).href.replace(/[?#].*$/, "") + "?" + trainee.toString()
    var linkBox = el("p", { class: "hb-quiz__link" }, words.exam_link + " ")
    linkBox.appendChild(el("a", { href: url, class: "hb-quiz__exam-link" }, url))
    panel.appendChild(linkBox)
    panel.appendChild(el("p", {}, fill(words.trainer.exam_ready, {
      count: fill(plural(words, "of", exam.length), { n: exam.length }), bank: version })))
    if (params.pool === "exam" && !key) {
      panel.appendChild(el("p", { class: "hb-quiz__key-needed", role: "status" }, words.trainer.key_needed))
      return
    }
    var downloads = el("p", { class: "hb-quiz__downloads" })
    var stem = "exam-" + params.seed + "-" + lang
    addDownload(downloads, words.trainer.exam_moodle, stem + ".xml", "application/xml",
                function () { return moodleXml(exportQuestions(bank, exam), clauseUrl) })
    addDownload(downloads, words.trainer.exam_gift, stem + ".gift", "text/plain",
                function () { return gift(exportQuestions(bank, exam), clauseUrl) })
    panel.appendChild(downloads)
    // The answer key: shown on this page only, never on the trainees' link.
    panel.appendChild(el("p", { class: "hb-quiz__key-warning" },
                         params.pool === "exam" ? words.trainer.key_warning_exam : words.trainer.key_warning))
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

  // The whole study pool, as `quiz-export` writes it (the exam pool: with --pool exam --key).
  function bankExports() {
    var box = root.querySelector(".hb-quiz__bank-exports")
    box.appendChild(el("p", {}, fill(words.trainer.exports_help, { base: siteRoot })))
    var buttons = el("p", { class: "hb-quiz__downloads" })
    var study = function () { return exportQuestions(bank.filter(function (q) { return q.pool !== "exam" }), null) }
    addDownload(buttons, words.trainer.bank_moodle, "bank-" + lang + ".xml", "application/xml",
                function () { return moodleXml(study(), clauseUrl) })
    addDownload(buttons, words.trainer.bank_gift, "bank-" + lang + ".gift", "text/plain",
                function () { return gift(study(), clauseUrl) })
    box.appendChild(buttons)
  }

  // --- class results -------------------------------------------------------------------------
  function classResults() {
    var box = root.querySelector(".hb-class")
    var C = words.class
    box.appendChild(el("p", {}, C.intro))
    var field = el("p", { class: "hb-widget__field" })
    field.appendChild(el("label", { for: "quiz-codes" }, C.codes))
    var codes = el("textarea", { id: "quiz-codes", rows: "6", spellcheck: "false", autocomplete: "off",
                                 autocapitalize: "characters" })
    field.appendChild(codes)
    box.appendChild(field)
    // Which of a trainee's codes counts: the first attempt unless the trainer chooses the last.
    var countingField = el("p", { class: "hb-widget__field hb-class__counting" })
    countingField.appendChild(el("label", { for: "quiz-counting" }, C.counting))
    var counting = el("select", { id: "quiz-counting" })
    ;["first", "last"].forEach(function (k) { counting.appendChild(el("option", { value: k }, C["counting_" + k])) })
    countingField.appendChild(counting)
    box.appendChild(countingField)
    if (store && store.getItem(COUNTING_KEY) === "last") counting.value = "last"
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
    var shown = false
    function showReport() {
      shown = true
      render(out, report(codes.value, bank, version, words, clauseUrl, counting.value))
    }
    show.addEventListener("click", showReport)
    counting.addEventListener("change", function () {
      if (store) try { store.setItem(COUNTING_KEY, counting.value) } catch (err) { /* kept for this visit only */ }
      if (shown) showReport()
    })
    refreshers.push(function () { if (shown) showReport() })
    clear.addEventListener("click", function () {
      codes.value = ""
      save()
      out.textContent = ""
      shown = false
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

  // Material styles `table:not([class])`: the table has no class (the wrapper carries ours),
  // one caption, and scrolls inside its own box on a phone (hb-class__scroll).
  function table(caption, head, rows, className) {
    var t = el("table")
    t.appendChild(el("caption", {}, caption))
    var thead = el("thead"), tr = el("tr")
    head.forEach(function (h) { cell(tr, "th", h, { scope: "col" }) })
    thead.appendChild(tr)
    t.appendChild(thead)
    var tbody = el("tbody")
    rows.forEach(function (r) { tbody.appendChild(r) })
    t.appendChild(tbody)
    // A box that scrolls is reached by the keyboard too (Tab, then the arrow keys).
    var wrap = el("div", { class: "hb-class__scroll " + className, tabindex: "0", role: "region", "aria-label": caption })
    wrap.appendChild(t)
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
      cell(tr, "td", kv[1], { class: "hb-class__figure" })
      return tr
    })
    summaryRows.splice(1, 0, (function () {
      var tr = el("tr", { "data-key": "pool" })
      cell(tr, "th", C.pool, { scope: "row" })
      cell(tr, "td", C["pool_" + rep.exam.pool])
      return tr
    })())
    out.appendChild(table(C.summary, [C.item, C.value], summaryRows, "hb-class__summary"))
    var qs = rep.questions
    var rows = rep.attempts.slice(0, MAX_ROWS).map(function (a) {
      var tr = el("tr", { "data-line": String(a.line) })
      if (!a.counted) tr.className = "is-not-counted"
      cell(tr, "td", a.line, { class: "hb-class__figure" })
      cell(tr, "th", a.name, { scope: "row", class: "hb-class__name" })
      cell(tr, "td", a.attempt, { class: "hb-class__figure", "data-figure": "attempt" })
      cell(tr, "td", a.time, { class: "hb-class__figure", "data-figure": "time" })
      cell(tr, "td", a.counted ? C.yes : C.no, { "data-figure": "counted" })
      cell(tr, "td", a.right + "/" + a.total, { class: "hb-class__figure", "data-figure": "score" })
      cell(tr, "td", a.percent + "%", { class: "hb-class__figure" })
      a.marks.forEach(function (m, k) {
        cell(tr, "td", m ? "✓" : "✗", { class: m ? "is-right" : "is-wrong", title: qs[k].id + ": " + (m ? C.right_mark : C.wrong_mark),
                                        "aria-label": m ? C.right_mark : C.wrong_mark })
      })
      cell(tr, "td", a.notes.join(words.sep))
      return tr
    })
    var head = [C.line, C.name, C.attempt, C.time, C.counted, C.score, C.percent]
      .concat(qs.map(function (q) { return q.n })).concat([C.notes])
    out.appendChild(table(C.title, head, rows, "hb-class__table"))
    if (rep.attempts.length > MAX_ROWS) out.appendChild(el("p", {}, fill(C.shown_rows, { shown: MAX_ROWS, total: rep.attempts.length })))
    var byId = {}
    bank.forEach(function (q) { byId[q.id] = q })
    var qRows = qs.map(function (q) {
      var tr = el("tr", { "data-question": q.id })
      cell(tr, "td", q.n, { class: "hb-class__figure" })
      var prompt = cell(tr, "td", byId[q.id].prompt)
      prompt.className = "hb-class__prompt"
      cell(tr, "td", q.facility + "%", { "data-figure": "facility", class: "hb-class__figure" })
      cell(tr, "td", q.discrimination || "—", { "data-figure": "discrimination", class: "hb-class__figure" })
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
