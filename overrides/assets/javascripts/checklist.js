// Checklists (rendered by macros/checklist.py): runs of a procedure, kept in this browser.
// An ES module, loaded by overrides/main.html on pages that hold a checklist.
//
// A run is one job done by the procedure: a label (work order, site or customer), ticks and
// decision answers with their times, a note per step, started and finished. Several runs
// may be open at once; the one shown is picked in the run list (or by ?run=<id>, which the
// runs page links with). Ticking or answering with no run open starts one. A run keeps the
// procedure as it was (id, version, status, steps in both languages, from the page's JSON),
// so a later version never re-maps its ticks: this page continues only runs of its own
// version, and lists older open ones for the runs page. Runs live in IndexedDB
// (runs-store.js); without it the page says so before anything is ticked, and the run lives
// in the page until exported. The words come from the page (data-labels); user text is
// always set as text, never as HTML.
import { el, fill } from "./dom.js"
import { openStore, room } from "./runs-store.js"
import {
  asCsv, asJson, asText, canShare, copy, download, fileName, isDecision, localTime, newRun, now, printRecord,
  progressOf, runName, share
} from "./run-record.js"

var LEGACY = "service-norms:checklist:" // ticks saved per procedure version before runs existed

// Ticks kept by the checklist before runs: moved into a run of their own, then removed.
function legacyRun(procedure) {
  var key = LEGACY + procedure.id + ":v" + procedure.version
  try {
    var ticks = JSON.parse(localStorage.getItem(key) || "null")
    if (!ticks || typeof ticks !== "object" || !Object.keys(ticks).length) return null
    var run = newRun(procedure, "")
    Object.keys(ticks).forEach(function (id) {
      if (procedure.steps.some(function (s) { return s.id === id && !isDecision(s) })) run.ticks[id] = ticks[id]
    })
    run.started_at = Object.keys(run.ticks).map(function (k) { return run.ticks[k] }).sort()[0] || run.started_at
    return { run: run, forget: function () { localStorage.removeItem(key) } }
  } catch (err) {
    return null
  }
}

async function mount(root) {
  var words = JSON.parse(root.dataset.labels)
  var lang = root.dataset.lang || document.documentElement.lang
  var procedure = JSON.parse(root.querySelector(".hb-checklist__data").textContent)
  var steps = Array.prototype.slice.call(root.querySelectorAll(".hb-checklist__step"))
  var notice = root.querySelector(".hb-checklist__notice")
  var progressBar = root.querySelector(".hb-checklist__progress progress")
  var count = root.querySelector(".hb-checklist__count")
  var recordBox = root.querySelector(".hb-checklist__record")
  var runsBox = root.querySelector(".hb-checklist__runs")
  var select = runsBox.querySelector(".hb-checklist__run-select")
  var labelInput = runsBox.querySelector(".hb-checklist__run-label")
  var state = runsBox.querySelector(".hb-checklist__run-state")
  var older = runsBox.querySelector(".hb-checklist__older")
  var runsLink = runsBox.querySelector(".hb-checklist__runs-link")

  function say(text) {
    notice.textContent = text
    notice.hidden = false
  }

  var store = await openStore()
  var runs = store ? (await store.all()).filter(function (r) { return r.procedure === procedure.id }) : []
  if (!store) say(words.storage_off)
  else room().then(function (r) { if (r.low) say(words.storage_low) })

  var legacy = legacyRun(procedure)
  if (legacy && store) {
    try {
      await store.put(legacy.run)
      runs.push(legacy.run)
      legacy.forget()
    } catch (err) { /* left where it was; tried again next visit */ }
  }

  function openRuns() {
    return runs.filter(function (r) { return !r.finished_at && r.version === procedure.version })
      .sort(function (a, b) { return a.started_at < b.started_at ? 1 : -1 })
  }

  var wanted = new URLSearchParams(location.search).get("run")
  var active = openRuns().find(function (r) { return r.id === wanted }) ||
    openRuns().slice().sort(function (a, b) { return a.updated_at < b.updated_at ? 1 : -1 })[0] || null

  function save(run) {
    run.updated_at = now()
    if (!store) return
    store.put(run).catch(function () {
      store = null // refused or full: keep the run in the page and say how to keep it
      say(words.storage_off)
    })
  }

  function ensureRun() {
    if (active) return active
    active = newRun(procedure, labelInput.value.trim())
    runs.push(active)
    save(active)
    return active
  }

  function renderRuns() {
    select.textContent = ""
    var none = el("option", "", "—")
    none.value = ""
    select.appendChild(none)
    openRuns().forEach(function (run) {
      var option = el("option", "", runName(run, words) + " — " + localTime(run.started_at).slice(0, 16))
      option.value = run.id
      select.appendChild(option)
    })
    select.value = active ? active.id : ""
    if (document.activeElement !== labelInput) labelInput.value = active ? active.label : ""
    state.textContent = active ? words.started + ": " + localTime(active.started_at) : words.no_run
    var old = runs.filter(function (r) { return !r.finished_at && r.version !== procedure.version })
    older.hidden = !old.length
    older.textContent = ""
    if (old.length) {
      older.appendChild(document.createTextNode(words.run + ": "))
      old.forEach(function (run, i) {
        var a = el("a", "", runName(run, words) + " (" + fill(words.version, { version: run.version }) + ")")
        a.href = runsLink.getAttribute("href") + "#" + run.id
        if (i) older.appendChild(document.createTextNode(", "))
        older.appendChild(a)
      })
    }
  }

  function render() {
    var run = active || newRun(procedure, "")
    var progress = progressOf(run)
    var onPath = {}
    progress.path.forEach(function (id) { onPath[id] = true })
    steps.forEach(function (li, i) {
      var id = li.dataset.step
      var step = procedure.steps[i]
      var time = li.querySelector(".hb-checklist__time")
      var at = null
      if (isDecision(step)) {
        var answer = run.answers[id]
        li.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = Boolean(answer) && Number(radio.value) === answer.branch
        })
        at = answer ? answer.at : null
        time.textContent = at ? words.answered_at + " " + new Date(at).toLocaleString(lang) : ""
      } else {
        at = run.ticks[id] || null
        li.querySelector(".hb-checklist__label input").checked = Boolean(at)
        time.textContent = at ? words.ticked_at + " " + new Date(at).toLocaleString(lang) : ""
      }
      if (at) time.dateTime = at
      else time.removeAttribute("datetime")
      li.classList.toggle("is-done", Boolean(at))
      li.classList.toggle("is-off-path", !onPath[id])
      var note = li.querySelector(".hb-checklist__note textarea")
      if (document.activeElement !== note) note.value = run.notes[id] || ""
      if (run.notes[id]) note.closest("details").open = true
    })
    progressBar.max = progress.total
    progressBar.value = progress.done
    count.textContent = progress.done + " / " + progress.total
    renderRuns()
    // The run shown, for the flowchart's marks (flowchart.js; contract in the README, "Flowcharts").
    root.dispatchEvent(new CustomEvent("hb:run-change", { bubbles: true, detail: { procedure: procedure.id, ticks: run.ticks, answers: Object.fromEntries(Object.entries(run.answers || {}).map(([id, a]) => [id, a?.branch])) } }))
  }

  // A note per step, folded away until wanted.
  steps.forEach(function (li, i) {
    var details = el("details", "hb-checklist__note")
    details.appendChild(el("summary", "", words.note))
    var area = el("textarea")
    area.rows = 2
    area.maxLength = 2000
    area.setAttribute("aria-label", fill(words.note_for, { number: i + 1 }))
    area.dataset.step = li.dataset.step
    details.appendChild(area)
    li.appendChild(details)
  })

  var pendingNote = null
  function flushNote() {
    if (!pendingNote) return
    var area = pendingNote
    pendingNote = null
    var run = ensureRun()
    if (area.value) run.notes[area.dataset.step] = area.value
    else delete run.notes[area.dataset.step]
    save(run)
    renderRuns()
  }
  window.addEventListener("pagehide", flushNote)

  root.addEventListener("input", function (ev) {
    var t = ev.target
    if (t.matches(".hb-checklist__note textarea")) {
      if (pendingNote && pendingNote !== t) flushNote()
      pendingNote = t
      clearTimeout(t._timer)
      t._timer = setTimeout(flushNote, 400)
    } else if (t === labelInput) {
      var run = active || (t.value.trim() ? ensureRun() : null)
      if (!run) return
      run.label = t.value.trim()
      clearTimeout(t._timer)
      t._timer = setTimeout(function () { save(run); renderRuns() }, 400)
    }
  })
  labelInput.addEventListener("change", function () { if (active) { save(active); renderRuns() } })

  root.addEventListener("change", function (ev) {
    var t = ev.target
    if (t === select) {
      active = runs.find(function (r) { return r.id === select.value }) || null
      render()
      return
    }
    var li = t.closest(".hb-checklist__step")
    if (!li || !t.matches("input")) return
    var id = li.dataset.step
    var run = ensureRun()
    if (t.type === "radio") run.answers[id] = { branch: Number(t.value), at: now() }
    else if (t.checked) run.ticks[id] = now()
    else delete run.ticks[id]
    save(run)
    render()
  })

  function current() {
    return active || newRun(procedure, labelInput.value.trim())
  }

  function exported() {
    var format = root.querySelector("select[data-role=format]").value
    var run = current()
    var text = format === "csv" ? asCsv(run, lang) : format === "json" ? asJson([run]) : asText(run, lang, words)
    return { name: fileName(run, format), text: text }
  }

  root.addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-action]")
    if (!button) return
    var action = button.dataset.action
    flushNote()
    if (action === "new") {
      active = null
      labelInput.value = ""
      ensureRun()
      render()
      labelInput.focus()
    } else if (action === "finish" && active && window.confirm(words.finish_confirm)) {
      active.finished_at = now()
      save(active)
      active = null
      render()
      say(words.finished_msg)
    } else if (action === "reset" && active && window.confirm(words.reset_confirm)) {
      active.ticks = {}
      active.answers = {}
      active.notes = {}
      save(active)
      render()
    } else if (action === "copy") {
      copy(exported().text, recordBox).then(function (ok) { say(ok ? words.copied : words.copy_manual) })
    } else if (action === "download") {
      var out = exported()
      download(out.name, out.text)
    } else if (action === "share") {
      var file = exported()
      share(file.name, file.text).catch(function () {}) // the reader closed the share sheet
    } else if (action === "print-record") {
      printRecord(current(), lang, words)
    } else if (action === "print") {
      window.print() // the print style shows empty boxes
    }
  })

  root.querySelector("button[data-action=share]").hidden = !canShare()
  runsBox.hidden = false
  root.classList.add("is-ready")
  render()
}

// The print-all page holds blank forms (hooks/print_all.py leaves out the runs): nothing to mount.
document.querySelectorAll(".hb-checklist:not(.hb-print-all .hb-checklist)").forEach(mount)
