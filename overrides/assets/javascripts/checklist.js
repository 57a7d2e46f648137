// Checklists (rendered by macros/checklist.py): ticks saved in this browser. An ES module,
// loaded by overrides/main.html on pages that hold a checklist.
//
// Ticks are stored per procedure *version*: a changed procedure gets a new key, so old
// ticks never land on new steps. The words shown come from the page (data-labels), in the
// page's language; this file holds no text. Without storage the checklist still works,
// for this visit only, and says so.
var PREFIX = "service-norms:checklist:"

function openStorage() {
  try {
    var store = window.localStorage
    store.setItem(PREFIX + "probe", "1")
    store.removeItem(PREFIX + "probe")
    return store
  } catch (err) {
    return null // disabled, blocked or full
  }
}

function readTicks(store, key) {
  if (!store) return {}
  try {
    var value = JSON.parse(store.getItem(key) || "{}")
    return value && typeof value === "object" && !Array.isArray(value) ? value : {}
  } catch (err) {
    return {} // a damaged entry: start afresh rather than fail
  }
}

function mount(root) {
  var labels = JSON.parse(root.dataset.labels)
  var lang = document.documentElement.lang || undefined
  var key = PREFIX + root.dataset.procedure + ":v" + root.dataset.version
  var store = openStorage()
  var ticks = readTicks(store, key)
  var steps = Array.prototype.slice.call(root.querySelectorAll(".hb-checklist__step"))
  var notice = root.querySelector(".hb-checklist__notice")
  var progress = root.querySelector(".hb-checklist__progress progress")
  var count = root.querySelector(".hb-checklist__count")
  var recordBox = root.querySelector(".hb-checklist__record")

  function say(text) {
    notice.textContent = text
    notice.hidden = false
  }

  function persist() {
    if (!store) return
    try {
      if (Object.keys(ticks).length) store.setItem(key, JSON.stringify(ticks))
      else store.removeItem(key)
    } catch (err) {
      store = null // full: keep the ticks in this page and tell the user
      say(labels.storage_off)
    }
  }

  function stepBox(step) {
    return step.querySelector(".hb-checklist__label input[type=checkbox]")
  }

  function render() {
    var done = 0
    steps.forEach(function (step) {
      var at = ticks[step.dataset.step]
      var time = step.querySelector(".hb-checklist__time")
      stepBox(step).checked = Boolean(at)
      step.classList.toggle("is-done", Boolean(at))
      if (at) {
        done += 1
        time.dateTime = at
        time.textContent = labels.ticked_at + " " + new Date(at).toLocaleString(lang)
      } else {
        time.removeAttribute("datetime")
        time.textContent = ""
      }
    })
    progress.value = done
    count.textContent = done + " / " + steps.length
  }

  function record() {
    var lines = [root.dataset.title + " (v" + root.dataset.version + ")", location.href, ""]
    var entries = steps.map(function (step, i) {
      var at = ticks[step.dataset.step] || null
      var text = step.querySelector(".hb-checklist__text").textContent
      lines.push((at ? "[x] " : "[ ] ") + (i + 1) + ". " + text + " — " +
                 (at ? new Date(at).toLocaleString(lang) : labels.not_ticked))
      return { step: step.dataset.step, number: i + 1, text: text, ticked_at: at }
    })
    var log = {
      procedure: root.dataset.procedure, version: Number(root.dataset.version),
      title: root.dataset.title, page: location.href, exported_at: new Date().toISOString(),
      steps: entries
    }
    return lines.join("\n") + "\n\n" + JSON.stringify(log, null, 2) + "\n"
  }

  function copyRecord() {
    var text = record()
    recordBox.value = text
    recordBox.hidden = false
    function manual() {
      say(labels.copy_manual)
      recordBox.focus()
      recordBox.select()
    }
    // The clipboard needs a secure context (https or localhost); an intranet http host
    // gets the box to copy from by hand.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(labels.copied) }, manual)
    } else {
      manual()
    }
  }

  root.addEventListener("change", function (ev) {
    var box = ev.target
    if (!box.matches(".hb-checklist__label input[type=checkbox]")) return
    var id = box.closest(".hb-checklist__step").dataset.step
    if (box.checked) ticks[id] = new Date().toISOString()
    else delete ticks[id]
    persist()
    render()
  })

  root.addEventListener("click", function (ev) {
    var button = ev.target.closest("button[data-action]")
    if (!button) return
    var action = button.dataset.action
    if (action === "reset" && window.confirm(labels.reset_confirm)) {
      ticks = {}
      persist()
      render()
    } else if (action === "copy") {
      copyRecord()
    } else if (action === "print") {
      window.print() // the print style shows empty boxes
    }
  })

  if (!store) say(labels.storage_off)
  root.classList.add("is-ready")
  render()
}

document.querySelectorAll(".hb-checklist").forEach(mount)
