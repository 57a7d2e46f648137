// Study progress (macros/records.py study_page): per section, whether it was read to its
// end (reading.js), its self-test score and the clauses of questions answered wrong
// (quiz-study.js), with "study next" for the weakest section; export, import and reset.
// Everything stays in this browser's localStorage; nothing is sent anywhere.
import { el, fill, saveFile } from "./dom.js"

var READ_KEY = "service-norms:read" // reading.js writes it
var QUIZ = "service-norms:quiz:"
var FORMAT = "service-norms-study"

function readJson(key) {
  try {
    var value = JSON.parse(localStorage.getItem(key) || "{}")
    return value && typeof value === "object" && !Array.isArray(value) ? value : {}
  } catch (err) {
    return {}
  }
}

function results(section) {
  var stored = readJson(QUIZ + section)
  Object.keys(stored).forEach(function (id) {
    if (typeof stored[id] === "boolean") stored[id] = { ok: stored[id], response: null, at: null }
  })
  return stored
}

// 0 (nothing done) to 1 (read, every question right): reading is half, the self-test half.
function strength(section, read, answers) {
  var ids = Object.keys(section.questions)
  if (!ids.length) return read ? 1 : 0
  var right = ids.filter(function (id) { return answers[id] && answers[id].ok }).length
  return (read ? 0.5 : 0) + 0.5 * right / ids.length
}

function mount(root) {
  var words = JSON.parse(root.dataset.labels)
  var sections = JSON.parse(root.querySelector(".hb-study__sections").textContent)
  var next = root.querySelector(".hb-study__next")
  var holder = root.querySelector(".hb-study__table")

  function render() {
    var read = readJson(READ_KEY)
    holder.textContent = ""
    var table = el("table", "hb-study__grid")
    var head = el("tr")
    ;[words.section, words.read, words.score, words.wrong].forEach(function (h) {
      var th = el("th", "", h)
      th.scope = "col"
      head.appendChild(th)
    })
    table.appendChild(el("thead")).appendChild(head)
    var body = table.appendChild(el("tbody"))
    var weakest = null
    sections.forEach(function (s) {
      var answers = results(s.id)
      var ids = Object.keys(s.questions)
      var tr = el("tr")
      tr.dataset.section = s.id
      var name = el("th")
      name.scope = "row"
      var a = el("a", "", s.cite)
      a.href = s.href
      name.appendChild(a)
      if (s.status === "reference-draft") {
        name.appendChild(document.createTextNode(" "))
        name.appendChild(el("span", "status-badge status-reference-draft", words.draft))
      }
      tr.appendChild(name)
      tr.appendChild(el("td", "hb-study__read", read[s.id] ? words.yes : words.no))
      var right = ids.filter(function (id) { return answers[id] && answers[id].ok }).length
      var answered = ids.filter(function (id) { return answers[id] }).length
      tr.appendChild(el("td", "hb-study__score", ids.length ? fill(words.score_value, { right: right, total: ids.length, answered: answered }) : words.no_quiz))
      var wrong = el("td", "hb-study__wrong")
      var seen = {}
      ids.filter(function (id) { return answers[id] && !answers[id].ok }).forEach(function (id) {
        var q = s.questions[id]
        if (seen[q.href]) return
        seen[q.href] = true
        if (wrong.childNodes.length) wrong.appendChild(document.createTextNode(" "))
        var link = el("a", "", q.clause)
        link.href = q.href
        wrong.appendChild(link)
      })
      tr.appendChild(wrong)
      body.appendChild(tr)
      var value = strength(s, Boolean(read[s.id]), answers)
      if (value < 1 && (!weakest || value < weakest.value)) weakest = { value: value, section: s }
    })
    holder.appendChild(table)
    next.textContent = ""
    if (weakest) {
      next.appendChild(document.createTextNode(words.next + " "))
      var go = el("a", "", weakest.section.cite)
      go.href = weakest.section.href
      next.appendChild(go)
    } else {
      next.textContent = words.all_done
    }
  }

  function exported() {
    var quiz = {}
    sections.forEach(function (s) { quiz[s.id] = results(s.id) })
    return JSON.stringify({ format: FORMAT, version: 1, exported_at: new Date().toISOString(), read: readJson(READ_KEY), quiz: quiz }, null, 2) + "\n"
  }

  root.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-action]")
    if (!b) return
    if (b.dataset.action === "export") {
      saveFile("service-norms-study_" + new Date().toISOString().slice(0, 10) + ".json", "application/json;charset=utf-8",
        exported())
    } else if (b.dataset.action === "reset" && window.confirm(words.reset_confirm)) {
      localStorage.removeItem(READ_KEY)
      sections.forEach(function (s) { localStorage.removeItem(QUIZ + s.id) })
      render()
    }
  })

  // Import merges: a section read stays read (the earlier time kept), and for each question
  // the later answer wins.
  root.querySelector(".hb-study__import input").addEventListener("change", async function (ev) {
    var file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    var data
    try { data = JSON.parse(await file.text()) } catch (err) { data = null }
    if (!data || data.format !== FORMAT || typeof data.read !== "object" || typeof data.quiz !== "object") {
      next.textContent = words.bad_file
      return
    }
    var read = readJson(READ_KEY)
    Object.keys(data.read).forEach(function (id) {
      if (typeof data.read[id] === "string" && (!read[id] || data.read[id] < read[id])) read[id] = data.read[id]
    })
    localStorage.setItem(READ_KEY, JSON.stringify(read))
    sections.forEach(function (s) {
      var incoming = data.quiz[s.id]
      if (!incoming || typeof incoming !== "object") return
      var mine = results(s.id)
      Object.keys(incoming).forEach(function (id) {
        var a = incoming[id]
        if (!(id in s.questions) || !a || typeof a.ok !== "boolean") return
        if (!mine[id] || (a.at && (!mine[id].at || a.at > mine[id].at))) mine[id] = a
      })
      localStorage.setItem(QUIZ + s.id, JSON.stringify(mine))
    })
    render()
    next.textContent = words.imported + " " + next.textContent
  })

  root.querySelector(".hb-study__actions").hidden = false
  render()
}

document.querySelectorAll(".hb-study").forEach(mount)
