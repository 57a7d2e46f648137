// Offline by choice (an ES module on every page; the service worker is sw.js, written by
// hooks/service_worker.py from hooks/sw.js).
//
// - registers the service worker, which caches the text of the handbook on the first visit;
// - fills every .hb-offline box (the footer's, and the home page's): what is available
//   offline now (text with the flowcharts / calculators) and a button that keeps the rest offline,
//   saying first how many MB that is;
// - when a new build's worker is waiting, shows .hb-update: this page keeps working on the
//   build it was opened with, and the button reloads it onto the new one.
// Words come from data/labels.yml (data-labels); nothing here builds HTML from text.
import { megabytes } from "./dom.js"

const boxes = Array.from(document.querySelectorAll(".hb-offline"))
const notice = document.querySelector(".hb-update")
const sw = "serviceWorker" in navigator ? navigator.serviceWorker : null
const words = boxes.length ? JSON.parse(boxes[0].dataset.labels) : {}
const TIERS = ["text", "calculators"]

function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k]))
}


// Ask the active worker; null if there is none (yet).
function ask(worker, message, onReply) {
  return new Promise((resolve) => {
    if (!worker) return resolve(null)
    const channel = new MessageChannel()
    channel.port1.onmessage = (event) => {
      const data = event.data || {}
      if (data.type === "progress" && onReply) onReply(data)
      else resolve(data)
    }
    worker.postMessage(message, [channel.port2])
  })
}

function show(state) {
  const available = TIERS.filter((t) => state.tiers[t] && state.tiers[t].missing === 0)
  const missing = TIERS.reduce((n, t) => n + (state.tiers[t] ? state.tiers[t].missingBytes : 0), 0)
  let now
  if (available.length === TIERS.length) now = words.all
  else if (available.length) now = available.map((t) => words["tiers." + t]).join(words.join)
  else now = words.none
  boxes.forEach((box) => {
    box.hidden = false
    box.dataset.available = available.join(" ")
    box.querySelector(".hb-offline__status").textContent = fmt(words.now, { tiers: now })
    const button = box.querySelector(".hb-offline__keep")
    button.hidden = available.length === TIERS.length
    button.disabled = false
    button.textContent = fmt(words.keep, { mb: megabytes(missing) })
  })
}

function progress(text) {
  boxes.forEach((box) => { box.querySelector(".hb-offline__progress").textContent = text })
}

async function refresh() {
  const registration = await sw.ready
  const state = await ask(registration.active, { type: "status" })
  if (state && state.tiers) show(state)
  return registration
}

async function keepAll() {
  const registration = await sw.ready
  boxes.forEach((box) => { box.querySelector(".hb-offline__keep").disabled = true })
  progress(fmt(words.working, { percent: 0 }))
  const totals = {}
  const result = await ask(registration.active, { type: "keep-all" }, (p) => {
    totals[p.tier] = [p.bytes, p.totalBytes] // the manifest's sizes of the files done
    const done = Object.values(totals).reduce((n, [d]) => n + d, 0)
    const all = Object.values(totals).reduce((n, [, t]) => n + t, 0)
    progress(fmt(words.working, { percent: Math.floor((100 * done) / Math.max(all, 1)) }))
  })
  if (result && result.type === "done") {
    progress(words.done)
    show(result)
  } else {
    progress(words.failed)
    boxes.forEach((box) => { box.querySelector(".hb-offline__keep").disabled = false })
  }
}

function offerUpdate(worker) {
  if (!notice || !sw.controller) return // the first install: nothing to update
  notice.hidden = false
  notice.querySelector("button").onclick = () => {
    sw.addEventListener("controllerchange", () => location.reload())
    worker.postMessage({ type: "skip-waiting" })
  }
}

if (sw && boxes.length) {
  boxes.forEach((box) => {
    box.querySelector(".hb-offline__keep").addEventListener("click", keepAll)
  })
  // Registered once the page has loaded and is idle: on a first visit the worker's caching of
  // the text does not compete with the page itself.
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200))
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }))
  // On a calculator's page, not before its first answer (or 15 s): Python's start-up has
  // the machine to itself.
  // (rules-widget.js runs before this module, and may have answered already: it says so
  // on the root element as well.)
  const calculator = document.querySelector("form.hb-widget") ? new Promise((resolve) => {
    if ("hbWidgetAnswered" in document.documentElement.dataset) resolve()
    document.addEventListener("hb-widget-answered", resolve, { once: true })
    setTimeout(resolve, 15000)
  }) : null
  const register = async () => {
    await loaded
    await calculator
    await new Promise((resolve) => idle(resolve, { timeout: 3000 }))
    const registration = await sw.register(boxes[0].dataset.sw)
    if (registration.waiting) offerUpdate(registration.waiting)
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed") offerUpdate(worker)
      })
    })
    // A page left open for days still hears of a new build when the reader comes back to it.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") registration.update().catch(() => {})
    })
  }
  register().catch(() => {})
  refresh().catch(() => {})
  // Another tab (or the page's own calculator) may fill a tier meanwhile.
  sw.addEventListener("controllerchange", () => refresh().catch(() => {}))
}
