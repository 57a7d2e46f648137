// "My runs" (macros/records.py): every checklist run kept in this browser, open and
// finished, newest first; each shown as its filled record (from the steps it was made
// with), exported, printed, finished, reopened or deleted; all of them exported as one file
// and imported on another phone. An import never overwrites a different run under the same
// id (run-record.js mergeRuns). Labels and notes are the reader's text: set as text only.
import { el, fill } from "./dom.js"
import { isQuotaError, openStore } from "./runs-store.js"
import {
  asCsv, asJson, asText, canShare, copy, download, localTime, mergeRuns, now, printRecord, progressOf,
  recordElement, runName, runStatus, runsFromFile, share, statusName
} from "./run-record.js"

function button(text, action) {
  var b = el("button", "md-button", text)
  b.type = "button"
  b.dataset.action = action
  return b
}

async function mount(root) {
  var words = JSON.parse(root.dataset.labels)
  var lang = root.dataset.lang
  var known = JSON.parse(root.querySelector(".hb-runs__procedures").textContent)
  var notice = root.querySelector(".hb-runs__notice")
  var recordBox = root.querySelector(".hb-checklist__record")
  var formatBox = root.querySelector(".hb-runs__format")
  var format = formatBox.querySelector("select")
  var store = await openStore()
  var runs = []

  function say(text) {
    notice.textContent = text
    notice.hidden = false
  }

  if (!store) {
    say(words.storage_off)
    return
  }
  root.querySelector(".hb-runs__actions").hidden = false
  formatBox.hidden = false

  function item(run) {
    var li = el("li", "hb-runs__run")
    li.id = run.id
    var progress = progressOf(run)
    var head = el("p", "hb-runs__head")
    head.appendChild(el("strong", "hb-runs__label", runName(run, words)))
    head.appendChild(document.createTextNode(" · " + run.title[lang] + " · "))
    head.appendChild(el("span", "status-badge status-" + runStatus(run), statusName(run, words)))
    li.appendChild(head)
    var meta = words.started + ": " + localTime(run.started_at)
    if (run.finished_at) meta += " · " + words.finished + ": " + localTime(run.finished_at)
    meta += " · " + words.progress + ": " + progress.done + " / " + progress.total
    li.appendChild(el("p", "hb-runs__meta", meta))
    var current = known[run.procedure]
    if (current && current.version !== run.version) {
      li.appendChild(el("p", "hb-runs__moved", fill(words.version_moved, { version: run.version, current: current.version })))
    }
    var details = el("details", "hb-runs__details")
    details.appendChild(el("summary", "", words.show))
    details.appendChild(recordElement(run, lang, words))
    li.appendChild(details)
    var actions = el("p", "hb-runs__run-actions")
    if (!run.finished_at && current && current.version === run.version) {
      var go = el("a", "md-button", words.continue)
      go.href = current.href.replace(/#/, (current.href.indexOf("?") < 0 ? "?" : "&") + "run=" + encodeURIComponent(run.id) + "#")
      actions.appendChild(go)
    }
    var share_ = button(words.share, "share")
    share_.hidden = !canShare()
    ;[share_, button(words.copy, "copy"), button(words.download, "download"), button(words.print_record, "print"),
      run.finished_at ? button(words.reopen, "reopen") : button(words.finish, "finish"),
      button(words.delete, "delete")].forEach(function (b) {
      b.dataset.run = run.id
      // Buttons name their run for a screen reader moving from button to button.
      b.setAttribute("aria-label", b.textContent + ": " + runName(run, words))
      actions.appendChild(b)
      actions.appendChild(document.createTextNode(" "))
    })
    li.appendChild(actions)
    return li
  }

  async function render() {
    runs = (await store.all()).sort(function (a, b) { return a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0 })
    root.querySelectorAll(".hb-runs__list").forEach(function (list) {
      var finished = list.dataset.state === "finished"
      list.textContent = ""
      var mine = runs.filter(function (r) { return Boolean(r.finished_at) === finished })
      if (!mine.length) list.appendChild(el("li", "hb-runs__none", words.none))
      mine.forEach(function (run) { list.appendChild(item(run)) })
    })
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)))
      if (target && target.classList.contains("hb-runs__run")) target.querySelector("details").open = true
    }
  }

  function save(list) {
    return store.putAll(list).catch(function (err) {
      say(isQuotaError(err) ? words.storage_off : String(err))
      throw err
    })
  }

  function exported(run) {
    var f = format.value
    var text = f === "csv" ? asCsv(run, lang) : f === "json" ? asJson([run]) : asText(run, lang, words)
    var label = (run.label || "").replace(/[^\w\u3400-\u9fff-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40)
    return { name: [run.procedure, label || run.id, run.started_at.slice(0, 10)].join("_") + "." + f, text: text }
  }

  root.addEventListener("click", async function (ev) {
    var b = ev.target.closest("button[data-action]")
    if (!b) return
    var action = b.dataset.action
    if (action === "export-all") {
      download("service-norms-job-records_" + now().slice(0, 10) + ".json", asJson(runs))
      return
    }
    var run = runs.find(function (r) { return r.id === b.dataset.run })
    if (!run) return
    if (action === "share") share(exported(run).name, exported(run).text).catch(function () {})
    else if (action === "copy") copy(exported(run).text, recordBox).then(function (ok) { say(ok ? words.copied : words.copy_manual) })
    else if (action === "download") download(exported(run).name, exported(run).text)
    else if (action === "print") printRecord(run, lang, words)
    else if (action === "finish" && window.confirm(words.finish_confirm)) {
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

  root.querySelector(".hb-runs__import input").addEventListener("change", async function (ev) {
    var file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    try {
      var plan = mergeRuns(runs, runsFromFile(await file.text(), words))
      if (plan.add.length) await save(plan.add)
      say(fill(words.imported, { added: plan.add.length - plan.copies, same: plan.same, copies: plan.copies }))
      await render()
    } catch (err) {
      say(err.message)
    }
  })

  await render()
}

document.querySelectorAll(".hb-runs").forEach(mount)
