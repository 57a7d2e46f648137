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
import { el, saveFile } from "./dom.js"

var forms = Array.prototype.slice.call(document.querySelectorAll("form.hb-widget"))

var worker = null
var pending = {}
var nextId = 1
var state = "idle"

function labels(form) {
  return JSON.parse(form.dataset.labels)
}

function setStatus(key, detail) {
  state = key
  forms.forEach(function (form) {
    var status = form.querySelector(".hb-widget__status")
    status.textContent = labels(form)[key] + (detail || "")
    status.dataset.state = key
  })
}

// The worker, from rules-starter.js's hbRulesWorker(): started there while the page loaded
// (start_python, or a calculator on screen; its messages until now are handed over), else now.
function startWorker() {
  if (worker) return worker
  var started = window.hbRulesWorker()
  worker = started.worker
  worker.onmessage = onMessage
  worker.onerror = onError
  started.early.forEach(function (event) { (event.type === "error" ? onError : onMessage)(event) })
  return worker
}

function onMessage(event) {
  var msg = event.data || {}
  // A progress step without words of its own (e.g. "snapshot") keeps the current status.
  if (msg.progress) { if (labels(forms[0])[msg.progress] !== undefined) setStatus(msg.progress) }
  else if (msg.failed) setStatus("failed", msg.failed)
  else if (msg.id && pending[msg.id]) {
    var done = pending[msg.id]
    delete pending[msg.id]
    done(msg)
  }
}

function onError(event) {
  setStatus("failed", event.message || "")
}

// After the first answer, the service worker (sw.js) caches the calculators' files, which it
// let through uncached meanwhile: a cold start does not wait for it.
var offlineAsked = false
function keepCalculatorsOffline() {
  var sw = navigator.serviceWorker
  if (offlineAsked) return
  offlineAsked = true
  // offline.js registers the service worker now (the flag: in case it is not listening yet).
  document.documentElement.dataset.hbWidgetAnswered = ""
  document.dispatchEvent(new Event("hb-widget-answered"))
  if (!sw) return
  // On a first visit the worker may still be installing: told once it is active.
  sw.ready.then(function (registration) {
    registration.active.postMessage({ type: "fill", tier: "calculators" })
  })
}

function ask(request, done, needs) {
  var id = nextId++
  pending[id] = done
  startWorker().postMessage({ id: id, request: JSON.stringify(request), needs: needs })
}

// A deadline's answer offers it as a calendar file (.ics), made by the rules when asked
// (the worker installs the calendar library then, not before).
function calendarButton(form, request) {
  var words = labels(form)
  var button = el("button", "md-button hb-widget__ics", words.ics)
  button.type = "button"
  button.addEventListener("click", function () {
    var clauses = {}
    var links = JSON.parse(form.dataset.clauses)
    Object.keys(links).forEach(function (c) { clauses[c] = new URL(links[c].href, location.href).href })
    var asking = Object.assign({}, request, { ics: { url: location.href.split("#")[0], clauses: clauses } })
    button.disabled = true
    ask(asking, function (msg) {
      button.disabled = false
      var answer = msg.error ? null : JSON.parse(msg.answer)
      if (!answer || !answer.ok) return showFailure(form, msg, answer)
      form.dataset.ics = answer.ics
      saveFile("deadline-" + answer.result.due_local.replace(/[^0-9]+/g, "") + ".ics", "text/calendar;charset=utf-8", answer.ics)
    }, ["icalendar"])
  })
  return el("p", "hb-widget__calendar").appendChild(button).parentNode
}

function argsOf(form) {
  var args = {}
  Array.prototype.forEach.call(form.elements, function (el) {
    if (!el.name || el.matches(":disabled")) return
    var value = el.type === "checkbox" ? el.checked : el.value
    if (value === "") return
    var path = el.name.split(".") // "rule.kind" → args.rule.kind
    if (path.length === 2) (args[path[0]] = args[path[0]] || {})[path[1]] = value
    else args[el.name] = value
  })
  if (args.limit === "custom") delete args.limit
  return args
}

// The deadline form: an "in advance" limit asks for the planned time and the filing time; a
// rule of one's own shows its fields (bounded as the data is). The escalation form: a
// severity given (or a total outage) makes impact and urgency moot, so they are disabled.
function adapt(form) {
  var words = labels(form)
  var limit = form.elements.limit
  if (limit) {
    var option = limit.options[limit.selectedIndex]
    var custom = form.querySelector(".hb-widget__custom")
    custom.hidden = custom.disabled = limit.value !== "custom"
    var kind = form.elements["rule.kind"]
    form.elements["rule.amount"].max = kind.options[kind.selectedIndex].dataset.max
    var before = limit.value === "custom" ? form.elements["rule.direction"].value === "before"
      : option.dataset.direction === "before"
    form.querySelector("label[for=deadline-start]").textContent = before ? words.planned : words.start
    form.querySelector("label[for=deadline-finished]").textContent = before ? words.filed : words.finished
  }
  var severity = form.elements.severity
  if (severity) {
    var moot = severity.value !== "" || form.elements.outage.checked
    form.elements.impact.disabled = form.elements.urgency.disabled = moot
    severity.disabled = form.elements.outage.checked
  }
}

function showError(form, message, field) {
  var box = form.querySelector(".hb-widget__error")
  box.textContent = message
  box.hidden = false
  // A rule's field is on the form when the rule is the reader's own, else the limit chose it.
  var input = field && (form.elements[field] || (field.split(".")[0] === "rule" ? form.elements.limit : null))
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
  var box = form.querySelector(".hb-widget__error")
  box.hidden = true
  box.textContent = ""
  Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (input) {
    input.removeAttribute("aria-invalid")
    input.removeAttribute("aria-describedby")
  })
  form.querySelector(".hb-widget__result").textContent = ""
}

function showResult(form, text, provenance) {
  var words = labels(form)
  var out = form.querySelector(".hb-widget__result")
  text.summary.forEach(function (line, i) {
    out.appendChild(el("p", i === 0 ? "hb-widget__answer" : "", line))
  })
  if (text.warnings && text.warnings.length) {
    var warn = el("div", "hb-widget__warning")
    warn.appendChild(el("strong", "", words.warnings + words.colon))
    text.warnings.forEach(function (line) { warn.appendChild(el("span", "", line)) })
    out.appendChild(warn)
  }
  // Where the answer's numbers come from: part of the answer, so it is read (and copied) with it.
  ;(text.provenance || []).forEach(function (line) {
    out.appendChild(el("p", "hb-widget__answer-provenance hb-provenance hb-provenance--" + provenance.status, line))
  })
  var why = text.explanation || text.trace || []
  if (why.length) {
    out.appendChild(el("p", "hb-widget__why", words.why))
    var list = el("ul", "hb-widget__explanation")
    why.forEach(function (item) {
      var li = el("li")
      if (typeof item === "string") {
        li.textContent = item
      } else {
        // Resolved for this page at build time: the link, and the clause as V4 numbers it.
        var cited = JSON.parse(form.dataset.clauses)[item.clause]
        li.appendChild(document.createTextNode(item.text + " "))
        var a = el("a", "hb-widget__clause", cited.label)
        a.href = cited.href
        li.appendChild(a)
      }
      list.appendChild(li)
    })
    out.appendChild(list)
  }
}

forms.forEach(function (form) {
  form.dataset.ready = "" // from now on a submit is ours: rules-starter.js stops keeping it (data-early)
  adapt(form)
  form.addEventListener("change", function () { adapt(form) })
  form.addEventListener("focusin", startWorker)
  form.querySelector(".hb-widget__error").id = form.id + "-error"
  form.addEventListener("submit", function (event) {
    event.preventDefault()
    clear(form)
    var missing = Array.prototype.filter.call(form.elements, function (input) {
      return input.required && !input.value && !input.matches(":disabled")
    })
    if (missing.length) {
      showError(form, labels(form).required, missing[0].name)
      missing[0].focus()
      return
    }
    var result = form.querySelector(".hb-widget__result")
    result.setAttribute("aria-busy", "true")
    result.textContent = labels(form).working
    var request = {
      fn: form.dataset.fn, lang: form.dataset.lang,
      levels: JSON.parse(form.dataset.levels), args: argsOf(form),
      notices: JSON.parse(form.dataset.notices || "[]")
    }
    ask(request, function (msg) {
      result.removeAttribute("aria-busy")
      result.textContent = ""
      if (msg.error) return showFailure(form, msg, null)
      var answer = JSON.parse(msg.answer)
      form.dataset.answer = msg.answer // the raw answer, for tests and for copying
      keepCalculatorsOffline()
      if (!answer.ok) return showFailure(form, msg, answer)
      showResult(form, answer.text, answer.result.provenance)
      if (form.dataset.fn === "deadline") result.appendChild(calendarButton(form, request))
    })
  })
})

// A form sent before this script ran: answered now.
forms.forEach(function (form) {
  if ("early" in form.dataset) {
    delete form.dataset.early
    form.requestSubmit()
  }
})

// Load when a calculator comes into view; without IntersectionObserver, load now.
if (forms.length && "IntersectionObserver" in window) {
  var seen = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting })) {
      seen.disconnect()
      startWorker()
    }
  }, { rootMargin: "200px" })
  forms.forEach(function (form) { seen.observe(form) })
} else if (forms.length) {
  startWorker()
}
