// The rules worker: runs service_norms.browser.answer() under Pyodide, served from this site.
//
// A MODULE worker (Pyodide 314's loader refuses classic workers):
//   new Worker(".../assets/javascripts/workers/rules-worker.js?pyodide=" +
//              encodeURIComponent(<absolute URL of assets/vendor/pyodide/>), { type: "module" })
// Without ?pyodide= it uses ../../vendor/pyodide/ next to itself. Everything (runtime,
// pyodide-lock.json, wheels) comes from that folder; scripts/pyodide_bundle.py fills it.
//
// Protocol
//   page → worker  {id, request}      request: a JSON string
//   worker → page  {id, answer}       answer: the JSON string service_norms.browser.answer returned
//                  {id, error}        Python raised (or the runtime never loaded): the text
//                  {progress}         "runtime", then "packages", then "ready", once each
//                  {failed}           loading failed: every later request gets {id, error}
// Requests sent before "ready" are queued and answered once Python is up.

const base = new URL(self.location.href)
const indexURL = new URL(base.searchParams.get("pyodide") || "../../vendor/pyodide/", base).href.replace(/\/?$/, "/")

const ready = start()
ready.catch((err) => self.postMessage({ failed: text(err) }))

async function start() {
  self.postMessage({ progress: "runtime" })
  // Everything comes from this site: refuse a Pyodide folder on another host.
  if (new URL(indexURL).origin !== self.location.origin) throw new Error("the Pyodide folder must be on this site: " + indexURL)
  const { loadPyodide } = await import(indexURL + "pyodide.mjs")
  const pyodide = await loadPyodide({
    indexURL,
    lockFileURL: indexURL + "pyodide-lock.json",
    // Set explicitly: a missing file must fail here, never fall back to Pyodide's CDN.
    packageBaseUrl: indexURL,
  })
  self.postMessage({ progress: "packages" })
  // loadPackage does not throw when a file is missing (404) or fails its sha256 check:
  // it reports through errorCallback and carries on. Any such report is a failure.
  const problems = []
  await pyodide.loadPackage("service-norms", {
    messageCallback: () => {},
    errorCallback: (msg) => problems.push(msg),
  })
  if (problems.length) throw new Error("loading service-norms failed: " + problems.join("; "))
  const answer = pyodide.pyimport("service_norms.browser").answer
  self.postMessage({ progress: "ready" })
  return answer
}

function text(err) {
  return (err && err.message) || String(err)
}

self.onmessage = async (event) => {
  const { id, request } = event.data || {}
  let answer
  try {
    answer = await ready
  } catch (err) {
    self.postMessage({ id, error: "the Python runtime did not load: " + text(err) })
    return
  }
  if (typeof request !== "string") {
    self.postMessage({ id, error: "request must be a JSON string, got " + typeof request })
    return
  }
  try {
    self.postMessage({ id, answer: answer(request) })
  } catch (err) {
    self.postMessage({ id, error: text(err) })
  }
}
