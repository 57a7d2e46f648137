// "My runs" (macros/records.py): every checklist run kept in this browser, open and
// finished, newest first; each shown as its filled record (from the steps it was made
// with, each step's state from record-states.js, and how many are in each state), exported,
// printed, finished, reopened or deleted; all of them exported as one file and imported on
// another phone. An import never overwrites a different run under the same id, and every
// run it adds is labelled as an imported copy with its file and import time (run-record.js
// mergeRuns). The page says whether the browser keeps the records (persistent storage), and
// keeps the run shown open across a reload (?run=<id>, or #<id> from a checklist's link).
// A signed run (signoff-record.js) is never finished, reopened or changed here again: it is
// copied to a new open run instead; an imported run whose content no longer matches its
// fingerprint is marked, loudly when it is signed. Labels and notes are the reader's text:
// set as text only.
import { el, fill } from "./dom.js"
import { isLockedError, isQuotaError, openStore, persistence } from "./runs-store.js"
import {
  STATES, canShare, copy, counted, download, exportRun, finishQuestion, localTime, mergeRuns, newId, now,
  originText, printRecord, progressOf, recordElement, runName, runStatus, runsFromFile, share, stateCounts, statusName
} from "./run-record.js"
import {
  copyPhotos, dropUndecodable, exportAllFile, exportAndClearFinished, photoGrid, readRunsFile, runsWithPhotos, saveExport, splitImport, storeImported
} from "./run-photos.js"
import { copyOfSigned, importWarning } from "./signoff-record.js"

function button(text, action) {
  const b = el("button", "md-button", text)
  b.type = "button"
  b.dataset.action = action
  return b
}

// The run shown, in the address: a reload opens it again.
function remember(id) {
  const url = new URL(location.href)
  if (id) url.searchParams.set("run", id)
  else url.searchParams.delete("run")
  history.replaceState(history.state, "", url)
}

async function mount(root) {
  const words = JSON.parse(root.dataset.labels)
  const lang = root.dataset.lang
  const known = JSON.parse(root.querySelector(".hb-runs__procedures").textContent)
  const notice = root.querySelector(".hb-runs__notice")
  const persistLine = root.querySelector(".hb-runs__persist")
  const recordBox = root.querySelector(".hb-checklist__record")
  const formatBox = root.querySelector(".hb-runs__format")
  const format = formatBox.querySelector("select")
  const store = await openStore()
  let runs = []

  const say = (text) => {
    notice.textContent = text
    notice.hidden = false
  }

  if (!store) {
    say(words.storage_off)
    return
  }
  root.querySelector(".hb-runs__actions").hidden = false
  formatBox.hidden = false
  persistence().then((state) => {
    persistLine.textContent = words["persist_" + state]
    persistLine.dataset.persist = state
    persistLine.hidden = false
  })

  function item(run) {
    const li = el("li", "hb-runs__run")
    li.id = run.id
    const progress = progressOf(run)
    const head = el("p", "hb-runs__head")
    head.appendChild(el("strong", "hb-runs__label", runName(run, words)))
    head.appendChild(document.createTextNode(" · " + run.title[lang] + " · "))
    head.appendChild(el("span", "status-badge status-" + runStatus(run), statusName(run, words)))
    if (run.imported) {
      head.appendChild(document.createTextNode(" "))
      head.appendChild(el("span", "hb-runs__imported", words.imported_badge))
    }
    if (run.signed) {
      head.appendChild(document.createTextNode(" "))
      head.appendChild(el("span", "hb-runs__signed", words.signoff.signed))
    }
    li.appendChild(head)
    let meta = words.started + words.colon + localTime(run.started_at)
    if (run.finished_at) meta += " · " + words.finished + words.colon + localTime(run.finished_at)
    meta += " · " + words.progress + words.colon + progress.done + " / " + progress.total
    const photoCount = (run.photos || []).length
    if (photoCount) meta += " · " + fill(photoCount === 1 ? words.photo.count_one : words.photo.count, { count: photoCount })
    li.appendChild(el("p", "hb-runs__meta", meta))
    // How many steps are in each state, the states a record uses (none left out, none added).
    const counts = stateCounts(progress.states)
    li.appendChild(el("p", "hb-runs__states", STATES.filter((s) => counts[s]).map((s) => words.state[s] + " " + counts[s]).join(" · ")))
    if (run.imported) li.appendChild(el("p", "hb-runs__origin", originText(run, words)))
    const warning = importWarning(run, words)
    if (warning) {
      const alert = el("p", "hb-runs__warning" + (run.signed ? " is-signed" : ""), warning)
      alert.setAttribute("role", "alert")
      li.appendChild(alert)
    }
    if (run.signed) li.appendChild(el("p", "hb-runs__locked", words.signoff.locked))
    const current = known[run.procedure]
    if (current && current.version !== run.version) {
      li.appendChild(el("p", "hb-runs__moved", fill(words.version_moved, { version: run.version, current: current.version })))
    }
    const details = el("details", "hb-runs__details")
    details.appendChild(el("summary", "", words.show))
    details.appendChild(recordElement(run, lang, words))
    details.addEventListener("toggle", () => {
      // The run's photos, read when the record is first opened.
      if (details.open && !details.dataset.photos) {
        details.dataset.photos = "1"
        photoGrid(store, run, lang, words).then((grid) => { if (grid) details.querySelector(".hb-run-record").appendChild(grid) })
      }
      if (details.open) remember(run.id)
      else if (new URLSearchParams(location.search).get("run") === run.id) remember(null)
    })
    li.appendChild(details)
    const actions = el("p", "hb-runs__run-actions")
    if (!run.finished_at && current && current.version === run.version) {
      const go = el("a", "md-button", words.continue)
      go.href = current.href.replace(/#/, (current.href.indexOf("?") < 0 ? "?" : "&") + "run=" + encodeURIComponent(run.id) + "#")
      actions.appendChild(go)
    }
    const shareButton = button(words.share, "share")
    shareButton.hidden = !canShare()
    for (const b of [shareButton, button(words.copy, "copy"), button(words.download, "download"),
      button(words.print_record, "print"),
      run.signed ? button(words.signoff.copy_run, "copy-run") : run.finished_at ? button(words.reopen, "reopen") : button(words.finish, "finish"),
      button(words.delete, "delete")]) {
      b.dataset.run = run.id
      // Buttons name their run for a screen reader moving from button to button.
      b.setAttribute("aria-label", b.textContent + words.colon + runName(run, words))
      actions.appendChild(b)
      actions.appendChild(document.createTextNode(" "))
    }
    li.appendChild(actions)
    return li
  }

  async function render() {
    runs = (await store.all()).sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0))
    const shown = new Set(Array.from(root.querySelectorAll(".hb-runs__details[open]"), (d) => d.closest("li").id))
    root.querySelectorAll(".hb-runs__list").forEach((list) => {
      const finished = list.dataset.state === "finished"
      list.textContent = ""
      const mine = runs.filter((r) => Boolean(r.finished_at) === finished)
      if (!mine.length) list.appendChild(el("li", "hb-runs__none", words.none))
      for (const run of mine) list.appendChild(item(run))
    })
    for (const id of shown) document.getElementById(id)?.querySelector("details")?.setAttribute("open", "")
  }

  // The run named by the address (?run=<id>, or #<id> from a checklist's link): open, on screen.
  function showWanted() {
    const id = new URLSearchParams(location.search).get("run") || decodeURIComponent(location.hash.slice(1))
    const target = id && document.getElementById(id)
    if (!target || !target.classList.contains("hb-runs__run")) return
    target.querySelector("details").open = true
    target.scrollIntoView({ block: "start" })
  }

  const save = (list) => store.putAll(list).catch((err) => {
    say(isLockedError(err) ? words.signoff.refused : isQuotaError(err) ? words.storage_off : String(err))
    throw err
  })

  // The JSON carries the run's photos (base64); text and CSV name them.
  // Every format gets the run with its photos' images: the fingerprint each names covers them.
  const exported = async (run) => exportRun((await runsWithPhotos(store, [run]))[0], format.value, lang, words)
  const exportName = () => "service-norms-job-records_" + now().slice(0, 10)

  root.addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-action]")
    if (!b) return
    const action = b.dataset.action
    if (action === "export-all") {
      // With photos: a zip where it is smaller than the JSON (run-photos.js exportAllFile).
      saveExport(await exportAllFile(store, runs, exportName()))
      return
    }
    if (action === "clear-finished") {
      const text = await exportAndClearFinished(store, runs, words, exportName() + "_finished")
      if (text) say(text)
      await render()
      return
    }
    const run = runs.find((r) => r.id === b.dataset.run)
    if (!run) return
    if (action === "share") {
      const file = await exported(run)
      share(file.name, file.text).catch(() => {})
    } else if (action === "copy") say((await copy((await exported(run)).text, recordBox)) ? words.copied : words.copy_manual)
    else if (action === "download") {
      const file = await exported(run)
      download(file.name, file.text)
    } else if (action === "print") await printRecord((await runsWithPhotos(store, [run]))[0], lang, words, await photoGrid(store, run, lang, words))
    else if (action === "copy-run" && run.signed) {
      const fresh = copyOfSigned(run, newId(), now())
      if (fresh.photos) fresh.photos = await copyPhotos(store, fresh.photos, fresh.id)
      await save([fresh])
      await render()
      say(words.signoff.copied_run)
    } else if (run.signed && (action === "finish" || action === "reopen")) {
      say(words.signoff.refused) // no such button on a signed run: a signed run stays as signed
    } else if (action === "finish" && window.confirm(finishQuestion(run, lang, words))) {
      run.finished_at = run.updated_at = now()
      await save([run])
      await render()
    } else if (action === "reopen") {
      run.finished_at = null
      run.updated_at = now()
      await save([run])
      await render()
    } else if (action === "delete" && window.confirm(words.delete_confirm)) {
      await store.remove(run.id)
      await render()
    }
  })

  root.querySelector(".hb-runs__import input").addEventListener("change", async (ev) => {
    const file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    try {
      const incoming = await runsFromFile(await readRunsFile(file, words), words)
      // Photos checked and split off (a damaged one is left out and named; the rest is imported).
      const split = splitImport(incoming.runs, words)
      const damaged = split.damaged.concat(await dropUndecodable(split.runs, split.images, words))
      const plan = mergeRuns(runs, split.runs, { file: file.name, exported_at: incoming.exported_at, at: now() }, incoming.checks)
      if (plan.add.length) {
        await storeImported(store, plan.add, split.images)
        await save(plan.add)
      }
      say([fill(words.imported, { added: plan.add.length - plan.copies, same: plan.same, copies: plan.copies }),
        ...importNews(incoming), ...damaged].join(" "))
      await render()
    } catch (err) {
      say(isQuotaError(err) ? words.photo.import_full : err.message)
    }
  })

  // The office's check of a file: each record against its fingerprint, one line each, and
  // nothing stored (the same words as python -m handbook verify-records).
  root.querySelector(".hb-runs__check input").addEventListener("change", async (ev) => {
    const file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    try {
      const { runs: found, checks } = await runsFromFile(await readRunsFile(file, words), words)
      const lines = found.map((run, i) => fill(words.signoff.cli_line, {
        number: i + 1, id: run.id, label: runName(run, words),
        check: words.signoff["check_" + (checks[i].fingerprint === "changed" && run.signed ? "changed_signed" : checks[i].fingerprint)]
      }) + (checks[i].damaged ? " " + words.signoff.signature_damaged : ""))
      say([fill(words.signoff.checked_file, { file: file.name }), ...lines].join("\n"))
    } catch (err) {
      say(err.message)
    }
  })

  // What the fingerprint and signature checks found, beyond what was added: changed runs,
  // signed runs changed (loudly), damaged signature images; each names the runs.
  function importNews({ runs: incoming, checks }) {
    const names = (pick) => incoming.filter((r, i) => pick(r, checks[i])).map((r) => runName(r, words))
    const news = []
    const say = (key, list) => {
      if (list.length) news.push(fill(counted(words.signoff, key, list.length), { count: list.length, labels: list.join(words.sep) }))
    }
    say("import_signed_changed", names((r, c) => c.fingerprint === "changed" && r.signed))
    say("import_changed", names((r, c) => c.fingerprint === "changed" && !r.signed))
    say("import_damaged", names((r, c) => c.damaged))
    return news
  }

  await render()
  showWanted()
}

document.querySelectorAll(".hb-runs").forEach(mount)
