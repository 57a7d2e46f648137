// Calculators (macros/widgets.py): forms answered by the rules package in a Pyodide worker.
// An ES module, loaded by overrides/main.html on pages that hold a calculator: async, right
// after the page's content (the forms are parsed, the rest of the page may not be yet).
//
// One worker per page, started when a calculator comes into view or gets focus, so a
// reader who never scrolls to it never downloads Python (on a page whose point is its
// calculators, front matter start_python, overrides/main.html starts it as the page
// loads). Requests made while it loads wait for it. Answers and errors come from Python
// already in the page's language, and the links to the clauses they cite are in the form
// (data-clauses), resolved when the page was built; this file only lays them out.
//
// Nothing waits forever: the worker must speak within START_MS of being taken over, and
// while it loads or a request waits, at least every SILENCE_MS (its downloads report every
// few seconds, paused or not, see workers/downloads.js); else it is ended, every waiting
// request gets the reason, and the next request starts a fresh worker. Offline, without
// the calculators kept (the service worker's calculators tier), the status says so at once
// and a request is refused with the same words, instead of waiting for a worker that
// cannot load. A first start shows its download in bytes, as the manifest counts them
// (assets/calculators.json), with the time left at the rate seen so far, and a lost
// connection; the calculators' size (the same one figure the offline box uses) and a
// button to keep them offline stand under the status.
import { el, fill, megabytes, saveFile } from "./dom.js"

const forms = Array.from(document.querySelectorAll("form.hb-widget"))

let worker = null
let pending = {}
let nextId = 1
let state = "idle"

function labels(form) {
  return JSON.parse(form.dataset.labels)
}

function setStatus(key, detail) {
  state = key
  for (const form of forms) {
    const status = form.querySelector(".hb-widget__status")
    status.textContent = labels(form)[key] + (detail || "")
    status.dataset.state = key
  }
  if (key === "ready" || key === "failed" || key === "not_kept") showDownload(null)
}

const words = forms.length ? labels(forms[0]) : {}
const START_MS = 20000
const SILENCE_MS = 60000

// `promise`, or a rejection after ms milliseconds.
function within(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))])
}

// The calculators' sizes (assets/calculators.json, written with the service worker's manifest).
let sizes = null
let sizesKnown = false
const sizesRead = forms.length
  ? within(fetch(new URL("../calculators.json", import.meta.url)), 5000)
    .then((r) => r.json()).then((data) => { sizes = data }).catch(() => {})
  : Promise.resolve()
// The worker starts at once and on a fast connection may report its download before the
// sizes are read (in CI a whole start went by without a word of it): the last report waits
// for them and is shown then, unless Python is ready by that time.
let earlyReport = null
sizesRead.then(() => {
  sizesKnown = true
  if (earlyReport && !["ready", "failed", "not_kept"].includes(state)) showDownload(earlyReport)
  earlyReport = null
})

// Ask the service worker that controls the page; progress replies go to onProgress. Bounded:
// null after `ms` without a word from it.
function askServiceWorker(worker, message, ms, onProgress) {
  return new Promise((resolve) => {
    if (!worker) return resolve(null)
    const channel = new MessageChannel()
    let timer = setTimeout(() => resolve(null), ms)
    channel.port1.onmessage = (event) => {
      const data = event.data || {}
      clearTimeout(timer)
      if (data.type === "progress" && onProgress) {
        onProgress(data)
        timer = setTimeout(() => resolve(null), ms)
      } else resolve(data)
    }
    worker.postMessage(message, [channel.port2])
  })
}

// Whether the service worker holds every calculator file: false without one controlling the
// page, null when it does not say within 2 s.
async function keptOffline() {
  const sw = navigator.serviceWorker
  if (!sw || !sw.controller) return false
  const status = await askServiceWorker(sw.controller, { type: "status" }, 2000)
  return status && status.tiers && status.tiers.calculators ? status.tiers.calculators.missing === 0 : null
}

// Offline without the calculators' files: the words that say so, else null.
async function offlineWithoutFiles() {
  if (navigator.onLine) return null
  return (await keptOffline()) === true ? null : words.not_kept
}

// The worker, from rules-starter.js's hbRulesWorker(): started there while the page loaded
// (start_python, or a calculator on screen; its messages until now are handed over), else now.
// `fresh`: a new one (the last one failed).
let wanted = false // a calculator was on screen or used: `online` then starts Python again
function startWorker(fresh) {
  wanted = true
  if (worker) return worker
  if (state === "not_kept" && fresh !== true) return null // started by a request, or by `online`
  const started = window.hbRulesWorker(fresh === true || failedOnce)
  failedOnce = false
  worker = started.worker
  worker.onmessage = onMessage
  worker.onerror = onError
  heard()
  if (state === "idle" || state === "failed") state = "starting"
  for (const event of started.early) (event.type === "error" ? onError : onMessage)(event)
  watch()
  return worker
}

// The watchdog: the worker's last word, checked every second while something waits for it.
let lastWord = 0
let watching = null
function heard() { lastWord = Date.now() }
function waiting() {
  return worker && (Object.keys(pending).length > 0 || !["ready", "failed", "not_kept"].includes(state))
}
function watch() {
  if (watching) return
  watching = setInterval(() => {
    if (!waiting()) {
      clearInterval(watching)
      watching = null
      return
    }
    const limit = state === "starting" ? START_MS : SILENCE_MS
    if (Date.now() - lastWord > limit) {
      fail(fill(state === "starting" ? words.no_start : words.silent, { seconds: limit / 1000 }))
    }
  }, 1000)
}

// Loading failed (the reason always said): every waiting request gets it, the worker is
// ended, and the next request starts a fresh one. Offline without the files, the reason is that.
let failedOnce = false // the worker hbRulesWorker() holds is a failed one: the next start is a fresh one
function fail(reason) {
  if (worker) worker.terminate()
  worker = null
  failedOnce = true
  offlineWithoutFiles().then((offline) => {
    const message = offline || words.failed + reason
    if (offline) setStatus("not_kept")
    else setStatus("failed", reason)
    const waiting = pending
    pending = {}
    Object.keys(waiting).forEach((id) => waiting[id]({ refused: message }))
  })
}

function onMessage(event) {
  const msg = event.data || {}
  heard()
  if (state === "starting") state = "runtime"
  // A progress step without words of its own (e.g. "snapshot") keeps the current status.
  // Offline without the files, the status keeps saying so until the worker is ready.
  if (state === "not_kept" && msg.progress !== "ready" && !msg.failed) return
  if (msg.progress) {
    if (words[msg.progress] !== undefined) setStatus(msg.progress)
    if (msg.progress === "ready") keepCalculatorsOffline()
  } else if (msg.download) {
    if (state !== "ready") showDownload(msg.download)
  } else if (msg.failed) fail(msg.failed)
  else if (msg.id && pending[msg.id]) {
    const done = pending[msg.id]
    delete pending[msg.id]
    done(msg)
  }
}

// The worker could not run at all. A module worker whose script did not load gets an error
// event without a message: the reason is then named here.
function onError(event) {
  fail(event.message || fill(words.no_script, { file: "rules-worker.js" }))
}

// A first start's download: done and total in MB as the manifest counts them (a file whose
// length the response does not say is counted against its size there), the time left at the
// rate of the last few seconds, and a lost connection. null: hidden.
let downloadShown = null
const rate = []
function showDownload(report) {
  if (report && !sizesKnown) {
    earlyReport = report
    return
  }
  if (!report) {
    earlyReport = null
    clearTimeout(downloadShown)
    downloadShown = null
    forms.forEach((form) => { form.querySelector(".hb-widget__download").hidden = true })
    return
  }
  let done = 0
  let total = 0
  let paused = null
  // The start's files as the build lists them (calculators.json): the total is the same from
  // the first byte, not only once the lock is read and the worker's plan gains the wheels.
  // Without calculators.json (not read in 5 s), each file counts at the length its response
  // gave, once known.
  const names = sizes && sizes.start && sizes.start.length ? [...new Set([...sizes.start, ...report.plan])] : report.plan
  names.forEach((name) => {
    const file = report.files[name]
    const [sent, size] = (sizes && sizes.pyodide[name]) || [(file && file.total) || 0, (file && file.total) || 0]
    total += sent
    if (!file) return
    const part = file.done ? 1 : Math.min(1, file.loaded / (file.total || size || Infinity))
    done += part * sent
    if (!file.done && file.waiting) paused = paused === "offline" ? paused : file.waiting
  })
  const now = Date.now()
  rate.push([now, done])
  while (rate.length > 2 && now - rate[0][0] > 5000) rate.shift()
  let text = fill(words.download, { done: megabytes(done, 0), total: megabytes(total) })
  const [t0, d0] = rate[0]
  const speed = (done - d0) / Math.max(now - t0, 1)
  if (!paused && done < total && now - t0 >= 1000 && speed > 0) {
    const seconds = Math.ceil((total - done) / speed / 1000)
    text += seconds < 90 ? fill(words.eta_seconds, { n: seconds }) : fill(words.eta_minutes, { n: Math.ceil(seconds / 60) })
  }
  if (paused) text += " " + words[paused === "offline" ? "paused" : "retrying"]
  forms.forEach((form) => {
    const box = form.querySelector(".hb-widget__download")
    box.querySelector("progress").value = total ? done / total : 0
    box.querySelector(".hb-widget__download-text").textContent = text
    box.dataset.paused = paused || ""
  })
  // Shown once a download has taken 300 ms: a start from the cache does not flash it.
  if (downloadShown === null) {
    downloadShown = setTimeout(() => {
      if (!["ready", "failed", "not_kept"].includes(state)) {
        // The offer to keep them gives way to the download (the start's files: the tier but
        // the calendar library); once Python is ready, keeping them offline shows there.
        forms.forEach((form) => {
          form.querySelector(".hb-widget__download").hidden = false
          form.querySelector(".hb-widget__offline").hidden = true
        })
      }
    }, 300)
  }
}

// The calculators offline: their size (one figure, the tier's, as the offline box counts it)
// and a button that keeps them, or that they are kept.
function showOffline(text, button) {
  forms.forEach((form) => {
    const line = form.querySelector(".hb-widget__offline")
    line.hidden = false
    line.querySelector(".hb-widget__offline-text").textContent = text
    const keep = line.querySelector(".hb-widget__keep")
    keep.hidden = !button
    keep.disabled = false
    if (button) keep.textContent = button
  })
}

async function offerToKeep() {
  await sizesRead
  if (!sizes) return
  const mb = megabytes(sizes.bytes)
  const kept = await keptOffline()
  if (downloadShown !== null && !["ready", "failed", "not_kept"].includes(state)) return // a download shows instead
  if (kept) showOffline(words.kept)
  else showOffline(fill(words.size, { mb }), "serviceWorker" in navigator ? fill(words.keep, { mb }) : null)
}

// Keep the calculators offline: asked by the button, and by the first start once it is ready
// (the service worker lets their files through uncached meanwhile: a cold start does not
// wait for it). offline.js registers the service worker now if it has not yet (the flag: in
// case it is not listening yet).
let keeping = null
function keepCalculatorsOffline() {
  document.documentElement.dataset.hbWidgetAnswered = ""
  document.dispatchEvent(new Event("hb-widget-answered"))
  const sw = navigator.serviceWorker
  if (!sw || keeping) return keeping
  forms.forEach((form) => { form.querySelector(".hb-widget__keep").disabled = true })
  keeping = (async () => {
    const registration = await within(sw.ready, 60000).catch(() => null)
    const result = registration && registration.active && await askServiceWorker(registration.active,
      { type: "keep-all", tiers: ["calculators"] }, SILENCE_MS, (p) => showOffline(fill(words.keeping, {
        done: megabytes(p.bytes, 0), total: megabytes(p.totalBytes) })))
    keeping = null
    if (result && result.type === "done") showOffline(words.kept)
    else {
      await sizesRead
      showOffline(words.keep_failed, sizes ? fill(words.keep, { mb: megabytes(sizes.bytes) }) : null)
    }
  })()
  return keeping
}

// A request to the worker; `done` gets its reply, or {refused} with the words to show when
// the calculators cannot run (offline without their files, or loading failed).
function ask(request, done, needs) {
  offlineWithoutFiles().then((offline) => {
    if (offline && state !== "ready") {
      setStatus("not_kept")
      return done({ refused: offline })
    }
    const id = nextId++
    pending[id] = done
    startWorker(state === "failed" || state === "not_kept").postMessage({ id, request: JSON.stringify(request), needs })
    watch()
  })
}

// A deadline's answer offers it as a calendar file (.ics), made by the rules when asked
// (the worker installs the calendar library then, not before).
function calendarButton(form, request) {
  const words = labels(form)
  const button = el("button", "md-button hb-widget__ics", words.ics)
  button.type = "button"
  button.addEventListener("click", () => {
    const links = JSON.parse(form.dataset.clauses)
    const clauses = Object.fromEntries(Object.entries(links).map(([c, link]) => [c, new URL(link.href, location.href).href]))
    const asking = { ...request, ics: { url: location.href.split("#")[0], clauses } }
    button.disabled = true
    ask(asking, (msg) => {
      button.disabled = false
      if (msg.refused) return showError(form, msg.refused)
      const answer = msg.error ? null : JSON.parse(msg.answer)
      if (!answer || !answer.ok) return showFailure(form, msg, answer)
      form.dataset.ics = answer.ics
      saveFile(`deadline-${answer.result.due_local.replace(/[^0-9]+/g, "")}.ics`, "text/calendar;charset=utf-8", answer.ics)
    }, ["icalendar"])
  })
  return el("p", "hb-widget__calendar").appendChild(button).parentNode
}

function argsOf(form) {
  const args = {}
  for (const input of form.elements) {
    if (!input.name || input.matches(":disabled")) continue
    const value = input.type === "checkbox" ? input.checked : input.value
    if (value === "") continue
    const path = input.name.split(".") // "rule.kind" → args.rule.kind
    if (path.length === 2) (args[path[0]] ??= {})[path[1]] = value
    else args[input.name] = value
  }
  if (args.limit === "custom") delete args.limit
  return args
}

// The deadline form: an "in advance" limit asks for the planned time and the filing time; a
// rule of one's own shows its fields (bounded as the data is). The escalation form: a
// severity given (or a total outage) makes impact and urgency moot, so they are disabled.
function adapt(form) {
  const words = labels(form)
  const limit = form.elements.limit
  if (limit) {
    const option = limit.options[limit.selectedIndex]
    const custom = form.querySelector(".hb-widget__custom")
    custom.hidden = custom.disabled = limit.value !== "custom"
    const kind = form.elements["rule.kind"]
    form.elements["rule.amount"].max = kind.options[kind.selectedIndex].dataset.max
    const before = limit.value === "custom" ? form.elements["rule.direction"].value === "before"
      : option.dataset.direction === "before"
    form.querySelector("label[for=deadline-start]").textContent = before ? words.planned : words.start
    form.querySelector("label[for=deadline-finished]").textContent = before ? words.filed : words.finished
  }
  const severity = form.elements.severity
  if (severity) {
    const moot = severity.value !== "" || form.elements.outage.checked
    form.elements.impact.disabled = form.elements.urgency.disabled = moot
    severity.disabled = form.elements.outage.checked
  }
}

function showError(form, message, field) {
  const box = form.querySelector(".hb-widget__error")
  box.textContent = message
  box.hidden = false
  // A rule's field is on the form when the rule is the reader's own, else the limit chose it.
  const input = field && (form.elements[field] || (field.split(".")[0] === "rule" ? form.elements.limit : null))
  if (input && input.setAttribute) {
    input.setAttribute("aria-invalid", "true")
    input.setAttribute("aria-describedby", box.id || "")
  }
}

// An answer that is no answer: a load failure keeps its headline; a fault of the rules (an
// "internal" error, or Python raising in the worker) is a short sentence and a control that
// copies the details for a report, never a traceback as the page's words.
function showFailure(form, msg, answer) {
  if (answer && answer.error.code !== "internal") return showError(form, answer.error.message, answer.error.field)
  if (msg.error && state === "failed") return showError(form, labels(form).failed + msg.error)
  const details = msg.error || answer.error.details || answer.error.message
  showError(form, labels(form).unexpected + " ")
  form.querySelector(".hb-widget__error").appendChild(copyDetails(form, details))
}

const copyDetails = (form, details) => {
  const words = labels(form)
  const button = el("button", "md-button hb-widget__copy-details", words.copy_details)
  button.type = "button"
  button.dataset.details = details
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(details)
      button.textContent = words.copied
    } catch {
      // No clipboard (an insecure origin, a refusal): the details to select and copy by hand.
      const box = el("textarea", "hb-widget__details", details)
      box.readOnly = true
      button.replaceWith(box)
      box.select()
    }
  })
  return button
}

function clear(form) {
  const box = form.querySelector(".hb-widget__error")
  box.hidden = true
  box.textContent = ""
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid")
    input.removeAttribute("aria-describedby")
  }
  form.querySelector(".hb-widget__result").textContent = ""
}

function showResult(form, text, provenance) {
  const words = labels(form)
  const out = form.querySelector(".hb-widget__result")
  text.summary.forEach((line, i) => {
    out.appendChild(el("p", i === 0 ? "hb-widget__answer" : "", line))
  })
  if (text.warnings && text.warnings.length) {
    const warn = el("div", "hb-widget__warning")
    warn.appendChild(el("strong", "", words.warnings + words.colon))
    for (const line of text.warnings) warn.appendChild(el("span", "", line))
    out.appendChild(warn)
  }
  // Where the answer's numbers come from: part of the answer, so it is read (and copied) with it.
  for (const line of text.provenance || []) {
    out.appendChild(el("p", `hb-widget__answer-provenance hb-provenance hb-provenance--${provenance.status}`, line))
  }
  const why = text.explanation || text.trace || []
  if (why.length) {
    out.appendChild(el("p", "hb-widget__why", words.why))
    const list = el("ul", "hb-widget__explanation")
    for (const item of why) {
      const li = el("li")
      if (typeof item === "string") {
        li.textContent = item
      } else {
        // Resolved for this page at build time: the link, and the clause as V4 numbers it.
        const cited = JSON.parse(form.dataset.clauses)[item.clause]
        li.appendChild(document.createTextNode(`${item.text} `))
        const a = el("a", "hb-widget__clause", cited.label)
        a.href = cited.href
        li.appendChild(a)
      }
      list.appendChild(li)
    }
    out.appendChild(list)
  }
}

for (const form of forms) {
  form.dataset.ready = "" // from now on a submit is ours: rules-starter.js stops keeping it (data-early)
  adapt(form)
  form.addEventListener("change", () => adapt(form))
  form.addEventListener("focusin", startWorker)
  form.querySelector(".hb-widget__error").id = `${form.id}-error`
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    clear(form)
    const missing = Array.from(form.elements).filter((input) => input.required && !input.value && !input.matches(":disabled"))
    if (missing.length) {
      showError(form, labels(form).required, missing[0].name)
      missing[0].focus()
      return
    }
    const result = form.querySelector(".hb-widget__result")
    result.setAttribute("aria-busy", "true")
    result.textContent = labels(form).working
    const request = {
      fn: form.dataset.fn, lang: form.dataset.lang,
      levels: JSON.parse(form.dataset.levels), args: argsOf(form),
      notices: JSON.parse(form.dataset.notices || "[]")
    }
    ask(request, (msg) => {
      result.removeAttribute("aria-busy")
      result.textContent = ""
      if (msg.refused) return showError(form, msg.refused)
      if (msg.error) return showFailure(form, msg, null)
      const answer = JSON.parse(msg.answer)
      form.dataset.answer = msg.answer // the raw answer, for tests and for copying
      keepCalculatorsOffline()
      if (!answer.ok) return showFailure(form, msg, answer)
      showResult(form, answer.text, answer.result.provenance)
      if (form.dataset.fn === "deadline") result.appendChild(calendarButton(form, request))
    })
  })
}

// A form sent before this script ran: answered now.
for (const form of forms) {
  if ("early" in form.dataset) {
    delete form.dataset.early
    form.requestSubmit()
  }
}

forms.forEach((form) => form.querySelector(".hb-widget__keep").addEventListener("click", () => keepCalculatorsOffline()))
offerToKeep()
// Offline without the files: said at once, whether or not a worker was started meanwhile.
offlineWithoutFiles().then((offline) => { if (offline && state !== "ready") setStatus("not_kept") })
// Back online: a worker that failed or was never started is started afresh when a
// calculator is used; one whose download is paused goes on by itself (downloads.js).
window.addEventListener("online", () => {
  if (state === "not_kept") {
    if (worker) worker.terminate()
    worker = null
    setStatus("idle")
    if (wanted) startWorker(true) // only where it was wanted (on screen, used, or start_python)
  }
})

// Load when a calculator comes into view; without IntersectionObserver, load now.
if (forms.length && "IntersectionObserver" in window) {
  const seen = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) {
      seen.disconnect()
      startWorker()
    }
  }, { rootMargin: "200px" })
  for (const form of forms) seen.observe(form)
} else if (forms.length) {
  startWorker()
}
