// Run the site's Pyodide bundle in Node: the same runtime, lock and wheels the browser gets.
//
//   node hooks/pyodide/node_check.mjs '{"fn": "ping"}' ['<request 2>' ...] [--site DIR]
//   node hooks/pyodide/node_check.mjs --import json,zoneinfo [--site DIR]
//
// Loads site/assets/vendor/pyodide/ (built by `make build`), loads the service-norms
// package from the vendored lock, and prints service_norms.browser.answer(request) for
// each request, one answer per line on stdout; with --import, imports each module and prints
// "ok <module>" or "missing <module>: <error>" (exit 3 if any is missing): the shipped
// standard library is trimmed to what the rules use. Anything Pyodide says goes to stderr.
// Exit 1 if loading fails; exit 2 if Python raised (the traceback on stderr). There is no
// network: any fetch() of a URL is refused, and packageBaseUrl points at the local folder
// so a missing wheel is an error, never a download from Pyodide's CDN.
import path from "node:path"
import process from "node:process"
import { pathToFileURL, fileURLToPath } from "node:url"

const args = process.argv.slice(2)
let site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "site")
const requests = []
let imports = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--site") site = path.resolve(args[++i])
  else if (args[i] === "--import") imports = args[++i].split(",").filter(Boolean)
  else requests.push(args[i])
}
if (!requests.length && !imports.length) {
  console.error("usage: node hooks/pyodide/node_check.mjs '<request JSON>' [...] [--site DIR]")
  process.exit(64)
}

globalThis.fetch = async (url) => {
  throw new Error(`pyodide_node_check: refused to fetch ${url} (everything must come from the site folder)`)
}

const dir = path.join(site, "assets", "vendor", "pyodide") + path.sep
const { loadPyodide } = await import(pathToFileURL(dir + "pyodide.mjs").href)
const log = (msg) => process.stderr.write(msg + "\n")

let answer
let pyodideRef
try {
  const pyodide = await loadPyodide({
    indexURL: dir,
    lockFileURL: dir + "pyodide-lock.json",
    packageBaseUrl: dir,
    stdout: log,
    stderr: log,
  })
  const problems = []
  await pyodide.loadPackage("service-norms", { messageCallback: log, errorCallback: (m) => problems.push(m) })
  // A request asking for a calendar file needs the `calendar` extra, as in the browser worker.
  if (requests.some((r) => "ics" in JSON.parse(r))) {
    await pyodide.loadPackage("icalendar", { messageCallback: log, errorCallback: (m) => problems.push(m) })
  }
  if (problems.length) throw new Error("loading service-norms failed: " + problems.join("; "))
  answer = pyodide.pyimport("service_norms.browser").answer
  pyodideRef = pyodide
} catch (err) {
  console.error(`pyodide_node_check: ${err.message || err}`)
  process.exit(1)
}

let missing = 0
for (const name of imports) {
  try {
    pyodideRef.pyimport(name)
    process.stdout.write(`ok ${name}\n`)
  } catch (err) {
    missing++
    const lines = String(err.message || err).trim().split("\n")
    process.stdout.write(`missing ${name}: ${lines.find((l) => /^\w+Error: /.test(l)) || lines.pop()}\n`)
  }
}
if (missing) process.exit(3)

for (const request of requests) {
  try {
    process.stdout.write(answer(request) + "\n")
  } catch (err) {
    console.error(err.message || String(err))
    process.exit(2)
  }
}
