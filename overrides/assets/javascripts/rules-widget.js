// Calculators (macros/widgets.py): forms answered by the rules package in a Pyodide worker.
// An ES module, loaded by overrides/main.html on pages that hold a calculator.
//
// One worker per page, started when a calculator comes into view or gets focus, so a
// reader who never scrolls to it never downloads Python. Requests made while it loads
// wait for it. Answers and errors come from Python already in the page's language, and the
// links to the clauses they cite are in the form (data-clauses), resolved when the page was
// built; this file only lays them out.
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

function startWorker() {
  if (worker) return worker
  var first = forms[0]
  var pyodide = new URL(first.dataset.pyodide, location.href).href
  var url = new URL(first.dataset.worker, location.href)
  url.searchParams.set("pyodide", pyodide)
  worker = new Worker(url.href, { type: "module" })
  worker.onmessage = function (event) {
    var msg = event.data || {}
    // A progress step without words of its own (e.g. "snapshot") keeps the current status.
    if (msg.progress) { if (labels(first)[msg.progress] !== undefined) setStatus(msg.progress) }
    else if (msg.failed) setStatus("failed", msg.failed)
    else if (msg.id && pending[msg.id]) {
      var done = pending[msg.id]
      delete pending[msg.id]
      done(msg)
    }
  }
  worker.onerror = function (event) {
    setStatus("failed", event.message || "")
  }
  return worker
}

// After the first answer, the service worker (sw.js) caches the calculators' files, which it
// let through uncached meanwhile: a cold start does not wait for it.
var offlineAsked = false
function keepCalculatorsOffline() {
  var sw = navigator.serviceWorker
  if (offlineAsked) return
  offlineAsked = true
  document.dispatchEvent(new Event("hb-widget-answered")) // offline.js registers the worker now
  if (!sw) return
  // On a first visit the worker may still be installing: told once it is active.
  sw.ready.then(function (registration) {
    registration.active.postMessage({ type: "fill", tier: "calculators" })
  })
}

function ask(request, done) {
  var id = nextId++
  pending[id] = done
  startWorker().postMessage({ id: id, request: JSON.stringify(request) })
}

function argsOf(form) {
  var args = {}
  Array.prototype.forEach.call(form.elements, function (el) {
    if (!el.name) return
    if (el.type === "checkbox") args[el.name] = el.checked
    else if (el.value !== "") args[el.name] = el.value
  })
  return args
}

function el(tag, className, text) {
  var node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function showError(form, message, field) {
  var box = form.querySelector(".hb-widget__error")
  box.textContent = message
  box.hidden = false
  var input = field && form.elements[field.split(".")[0] === "rule" ? "limit" : field]
  if (input && input.setAttribute) {
    input.setAttribute("aria-invalid", "true")
    input.setAttribute("aria-describedby", box.id || "")
  }
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

function showResult(form, text) {
  var words = labels(form)
  var out = form.querySelector(".hb-widget__result")
  text.summary.forEach(function (line, i) {
    out.appendChild(el("p", i === 0 ? "hb-widget__answer" : "", line))
  })
  if (text.warnings && text.warnings.length) {
    var warn = el("div", "hb-widget__warning")
    warn.appendChild(el("strong", "", words.warnings + ": "))
    text.warnings.forEach(function (line) { warn.appendChild(el("span", "", line)) })
    out.appendChild(warn)
  }
  var why = text.explanation || text.trace || []
  if (why.length) {
    out.appendChild(el("p", "hb-widget__why", words.why))
    var list = el("ul", "hb-widget__explanation")
    why.forEach(function (item) {
      var li = el("li")
      if (typeof item === "string") {
        li.textContent = item
      } else {
        li.appendChild(document.createTextNode(item.text + " "))
        var a = el("a", "", "§")
        a.href = JSON.parse(form.dataset.clauses)[item.clause] // resolved for this page at build time
        li.appendChild(a)
      }
      list.appendChild(li)
    })
    out.appendChild(list)
  }
}

forms.forEach(function (form) {
  form.addEventListener("focusin", startWorker)
  form.querySelector(".hb-widget__error").id = form.id + "-error"
  form.addEventListener("submit", function (event) {
    event.preventDefault()
    clear(form)
    var missing = Array.prototype.filter.call(form.elements, function (input) {
      return input.required && !input.value
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
      levels: JSON.parse(form.dataset.levels), args: argsOf(form)
    }
    ask(request, function (msg) {
      result.removeAttribute("aria-busy")
      result.textContent = ""
      if (msg.error) return showError(form, labels(form).failed + msg.error)
      var answer = JSON.parse(msg.answer)
      form.dataset.answer = msg.answer // the raw answer, for tests and for copying
      keepCalculatorsOffline()
      if (!answer.ok) return showError(form, answer.error.message, answer.error.field)
      showResult(form, answer.text)
    })
  })
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
