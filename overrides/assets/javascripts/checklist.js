// Checklists (rendered by macros/checklist.py): runs of a procedure, kept in this browser.
// An ES module, loaded by overrides/main.html on pages that hold a checklist.
//
// A run is one job done by the procedure: a label (work order, site or customer), ticks and
// decision answers with their times, a note per step, started and finished. Several runs
// may be open at once; the one shown is picked in the run list (or by ?run=<id>, which the
// runs page links with, and which this page keeps up to date so a reload shows the same run;
// ?run= with no id: none). Ticking or answering with no run open starts one; the first run
// asks the browser to keep the site's storage (runs-store.js askPersistOnce). A run keeps
// the procedure as it was (id, version, status, steps in both languages, from the page's
// JSON), so a later version never re-maps its ticks: this page continues only runs of its
// own version, and lists older open ones for the runs page. Runs live in IndexedDB
// (runs-store.js); without it the page says so before anything is ticked, and when a save
// fails mid-run (storage full or refused) it says which change was not saved; either way the
// run lives on in the page until exported. Each step shows its state (record-states.js):
// done, not done, not yet reached, off the path. The words come from the page
// (data-labels); user text is always set as text, never as HTML.
import { el, fill } from "./dom.js"
import { askPersistOnce, isLockedError, openStore, room } from "./runs-store.js"
import {
  canShare, copy, download, exportRun, finishQuestion, finishedMessage, isDecision, localTime, newRun, now,
  printRecord, progressOf, runName, share, undoneIfFinished
} from "./run-record.js"
import { mountSignOff } from "./run-signoff.js"
import { mountStepPhotos, photoGrid, runsWithPhotos } from "./run-photos.js"

const LEGACY = "service-norms:checklist:" // ticks saved per procedure version before runs existed

// Ticks kept by the checklist before runs: moved into a run of their own, then removed.
function legacyRun(procedure) {
  const key = LEGACY + procedure.id + ":v" + procedure.version
  try {
    const ticks = JSON.parse(localStorage.getItem(key) || "null")
    if (!ticks || typeof ticks !== "object" || !Object.keys(ticks).length) return null
    const run = newRun(procedure, "")
    for (const [id, at] of Object.entries(ticks)) {
      if (procedure.steps.some((s) => s.id === id && !isDecision(s))) run.ticks[id] = at
    }
    run.started_at = Object.values(run.ticks).sort()[0] || run.started_at
    return { run, forget: () => localStorage.removeItem(key) }
  } catch (err) {
    return null
  }
}

// The run shown, in the address (?run=<id>, "" for none) without a new history entry: a
// reload shows it again.
function remember(run) {
  const url = new URL(location.href)
  url.searchParams.set("run", run ? run.id : "")
  history.replaceState(history.state, "", url)
}

async function mount(root) {
  const words = JSON.parse(root.dataset.labels)
  const lang = root.dataset.lang || document.documentElement.lang
  const procedure = JSON.parse(root.querySelector(".hb-checklist__data").textContent)
  const steps = Array.from(root.querySelectorAll(".hb-checklist__step"))
  const notice = root.querySelector(".hb-checklist__notice")
  const progressBar = root.querySelector(".hb-checklist__progress progress")
  const count = root.querySelector(".hb-checklist__count")
  const recordBox = root.querySelector(".hb-checklist__record")
  const runsBox = root.querySelector(".hb-checklist__runs")
  const select = runsBox.querySelector(".hb-checklist__run-select")
  const labelInput = runsBox.querySelector(".hb-checklist__run-label")
  const stateLine = runsBox.querySelector(".hb-checklist__run-state")
  const older = runsBox.querySelector(".hb-checklist__older")
  const runsLink = runsBox.querySelector(".hb-checklist__runs-link")

  const say = (text) => {
    notice.textContent = text
    notice.hidden = false
  }

  let store = await openStore()
  const runs = store ? (await store.all()).filter((r) => r.procedure === procedure.id) : []
  const unsaved = new Set() // ids of runs whose last change the store refused
  if (!store) say(words.storage_off)
  else room().then((r) => { if (r.low) say(words.storage_low) })

  const legacy = legacyRun(procedure)
  if (legacy && store) {
    try {
      await store.put(legacy.run)
      runs.push(legacy.run)
      legacy.forget()
    } catch (err) { /* left where it was; tried again next visit */ }
  }

  const openRuns = () => runs.filter((r) => !r.finished_at && r.version === procedure.version)
    .sort((a, b) => (a.started_at < b.started_at ? 1 : -1))

  const wanted = new URLSearchParams(location.search).get("run")
  let active = wanted === "" ? null : openRuns().find((r) => r.id === wanted) ||
    openRuns().sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1))[0] || null

  // `what`: the step number a change was to, for the words if it cannot be saved.
  function save(run, what) {
    run.updated_at = now()
    if (!store) {
      unsaved.add(run.id)
      return
    }
    store.put(run).catch((err) => {
      if (isLockedError(err)) return say(words.signoff.refused) // a signed run: the store keeps it as signed
      // Refused or full: the change stays in the page (exportable), and the page says it
      // was not saved; later changes are kept in the page only.
      store = null
      unsaved.add(run.id)
      say(what ? fill(words.not_saved, { number: what }) : words.not_saved_any)
      renderRuns()
    })
  }

  function ensureRun() {
    if (active) return active
    active = newRun(procedure, labelInput.value.trim())
    runs.push(active)
    save(active)
    remember(active)
    askPersistOnce() // the first run asks the browser to keep the records; later ones find its answer
    return active
  }

  function renderRuns() {
    select.textContent = ""
    const none = el("option", "", "—")
    none.value = ""
    select.appendChild(none)
    for (const run of openRuns()) {
      const option = el("option", "", runName(run, words) + " — " + localTime(run.started_at).slice(0, 16))
      option.value = run.id
      select.appendChild(option)
    }
    select.value = active ? active.id : ""
    if (document.activeElement !== labelInput) labelInput.value = active ? active.label : ""
    stateLine.textContent = active
      ? words.started + words.colon + localTime(active.started_at) + (unsaved.has(active.id) ? " " + words.unsaved : "")
      : words.no_run
    const old = runs.filter((r) => !r.finished_at && r.version !== procedure.version)
    older.hidden = !old.length
    older.textContent = ""
    // What changed since each older version a record here was made with (editions; macros/checklist.py).
    const oldVersions = new Set(old.map((r) => String(r.version)))
    runsBox.querySelectorAll("[data-since-version]").forEach((d) => { d.hidden = !oldVersions.has(d.dataset.sinceVersion) })
    if (old.length) {
      older.appendChild(document.createTextNode(words.run + words.colon))
      old.forEach((run, i) => {
        const a = el("a", "", runName(run, words) + fill(words.paren, { text: fill(words.version, { version: run.version }) }))
        a.href = runsLink.getAttribute("href") + "#" + run.id
        if (i) older.appendChild(document.createTextNode(words.sep))
        older.appendChild(a)
      })
    }
  }

  function render() {
    const run = active || newRun(procedure, "")
    const progress = progressOf(run)
    steps.forEach((li, i) => {
      const id = li.dataset.step
      const step = procedure.steps[i]
      const time = li.querySelector(".hb-checklist__time")
      let at = null
      if (isDecision(step)) {
        const answer = run.answers[id]
        li.querySelectorAll("input[type=radio]").forEach((radio) => {
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
      // The state in words where it is news: a step left behind, or a branch not taken.
      const state = progress.states[id]
      li.dataset.state = state
      li.classList.toggle("is-done", state === "done")
      li.classList.toggle("is-not-done", state === "not_done")
      li.classList.toggle("is-off-path", state === "off_path")
      const mark = li.querySelector(".hb-checklist__state")
      mark.textContent = state === "not_done" || state === "off_path" ? words.state[state] : ""
      mark.hidden = !mark.textContent
      const note = li.querySelector(".hb-checklist__note textarea")
      if (document.activeElement !== note) note.value = run.notes[id] || ""
      if (run.notes[id]) note.closest("details").open = true
    })
    progressBar.max = progress.total
    progressBar.value = progress.done
    count.textContent = progress.done + " / " + progress.total
    renderRuns()
    photos.render(active)
    // The run shown, for the flowchart's marks (flowchart.js; contract in the README, "Flowcharts").
    root.dispatchEvent(new CustomEvent("hb:run-change", { bubbles: true, detail: { procedure: procedure.id, ticks: run.ticks, answers: Object.fromEntries(Object.entries(run.answers || {}).map(([id, a]) => [id, a?.branch])) } }))
  }

  // A state mark and a note per step, the note folded away until wanted.
  steps.forEach((li, i) => {
    const mark = el("span", "hb-checklist__state")
    mark.hidden = true
    li.querySelector(".hb-checklist__details").prepend(mark)
    const details = el("details", "hb-checklist__note")
    details.appendChild(el("summary", "", words.note))
    const area = el("textarea")
    area.rows = 2
    area.maxLength = 2000
    area.setAttribute("aria-label", fill(words.note_for, { number: i + 1 }))
    area.dataset.step = li.dataset.step
    details.appendChild(area)
    li.appendChild(details)
  })

  const number = (stepId) => steps.findIndex((li) => li.dataset.step === stepId) + 1

  // A photo at any step (run-photos.js): the store and the run as they are at the time.
  const photos = mountStepPhotos({ root, steps, words, lang, store: () => store, run: () => active, ensureRun, save, say })

  let pendingNote = null
  function flushNote() {
    if (!pendingNote) return
    const area = pendingNote
    pendingNote = null
    const run = ensureRun()
    if (area.value) run.notes[area.dataset.step] = area.value
    else delete run.notes[area.dataset.step]
    save(run, number(area.dataset.step))
    renderRuns()
  }
  // A renamed run is saved once typing stops, or when the page goes before that (a label
  // typed and a link followed at once was lost).
  let pendingLabel = null
  function flushLabel() {
    if (!pendingLabel) return
    clearTimeout(labelInput._timer)
    const run = pendingLabel
    pendingLabel = null
    save(run)
    renderRuns()
  }
  window.addEventListener("pagehide", () => {
    flushNote()
    flushLabel()
  })

  root.addEventListener("input", (ev) => {
    const t = ev.target
    if (t.matches(".hb-checklist__note textarea")) {
      if (pendingNote && pendingNote !== t) flushNote()
      pendingNote = t
      clearTimeout(t._timer)
      t._timer = setTimeout(flushNote, 400)
    } else if (t === labelInput) {
      const run = active || (t.value.trim() ? ensureRun() : null)
      if (!run) return
      run.label = t.value.trim()
      if (pendingLabel && pendingLabel !== run) flushLabel()
      pendingLabel = run
      clearTimeout(t._timer)
      t._timer = setTimeout(flushLabel, 400)
    }
  })
  labelInput.addEventListener("change", () => { if (active) { save(active); renderRuns() } })

  root.addEventListener("change", (ev) => {
    const t = ev.target
    if (t === select) {
      active = runs.find((r) => r.id === select.value) || null
      remember(active)
      render()
      return
    }
    const li = t.closest(".hb-checklist__step")
    if (!li || !t.matches("input")) return
    const id = li.dataset.step
    const run = ensureRun()
    if (t.type === "radio") run.answers[id] = { branch: Number(t.value), at: now() }
    else if (t.checked) run.ticks[id] = now()
    else delete run.ticks[id]
    save(run, number(id))
    render()
  })

  const current = () => active || newRun(procedure, labelInput.value.trim())
  // The JSON carries the run's photos (base64); text and CSV name them.
  const exported = async () => {
    const format = root.querySelector("select[data-role=format]").value
    // Every format gets the run with its photos' images: the fingerprint each names covers them (record-fingerprint.js).
    const run = (await runsWithPhotos(store, [current()]))[0]
    return exportRun(run, format, lang, words)
  }

  // A procedure that ends with a sign-off: signing closes the run, which is never changed again.
  if (procedure.sign_off) {
    mountSignOff(root, {
      procedure, words, lang,
      current: () => active,
      // Signing finishes the run: steps on its path not done are named first, as finishing names them.
      confirm: (run, name) => window.confirm((undoneIfFinished(run).length ? finishQuestion(run, lang, words) + "\n\n" : "") +
        fill(words.signoff.confirm, { name })),
      sign: ({ name, method, image }) => {
        // A note or label still being typed is saved first: once signed, the store refuses changes.
        flushNote()
        flushLabel()
        const run = active
        const at = now()
        run.signed = { name, at, method, image }
        run.finished_at = at
        save(run)
        active = null
        remember(null)
        render()
        say(words.signoff.signed_msg)
      }
    })
  }

  root.addEventListener("click", async (ev) => {
    const button = ev.target.closest("button[data-action]")
    if (!button) return
    const action = button.dataset.action
    flushNote()
    if (action === "new") {
      active = null
      labelInput.value = ""
      ensureRun()
      render()
      labelInput.focus()
    } else if (action === "finish" && active && window.confirm(finishQuestion(active, lang, words))) {
      const run = active
      run.finished_at = now()
      save(run)
      active = null
      remember(null)
      render()
      say(finishedMessage(run, words))
    } else if (action === "reset" && active && window.confirm(words.reset_confirm)) {
      active.ticks = {}
      active.answers = {}
      active.notes = {}
      save(active)
      render()
    } else if (action === "copy") {
      say((await copy((await exported()).text, recordBox)) ? words.copied : words.copy_manual)
    } else if (action === "download") {
      const { name, text } = await exported()
      download(name, text)
    } else if (action === "share") {
      const { name, text } = await exported()
      share(name, text).catch(() => {}) // the reader closed the share sheet
    } else if (action === "print-record") {
      // The record printed with its photos; its fingerprint, as every export's, over the run with their images.
      const run = (await runsWithPhotos(store, [current()]))[0]
      await printRecord(run, lang, words, await photoGrid(store, current(), lang, words))
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
