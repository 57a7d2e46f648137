// Run the site's Pyodide bundle in Node: the same runtime, lock and wheels the browser gets.
//
//   node hooks/pyodide/node_check.mjs '{"fn": "ping"}' ['<request 2>' ...] [--site DIR]
//   node hooks/pyodide/node_check.mjs --import json,zoneinfo [--site DIR]
//
// Loads site/assets/vendor/pyodide/ (built by `make build`), installs the service-norms
// package from the vendored lock as the browser's rules worker does (the lock's closure,
// each wheel checked against its sha256 and put on sys.path as it is, by the site's own
// assets/javascripts/workers/wheels.js), and prints service_norms.browser.answer(request) for
// each request, one answer per line on stdout; with --import, imports each module and prints
// "ok <module>" or "missing <module>: <error>" (exit 3 if any is missing): the shipped
// standard library is trimmed to what the rules use. Anything Pyodide says goes to stderr.
// Exit 1 if loading fails; exit 2 if Python raised (the traceback on stderr). There is no
// network: any fetch() of a URL is refused, and packageBaseUrl points at the local folder
// so a missing wheel is an error, never a download from Pyodide's CDN.
import { createHash } from "node:crypto"
import fs from "node:fs"
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

// The site's own wheels.js, as the browser gets it; imported from a data: URL because Node
// would first read a .js file outside a "type": "module" package as CommonJS, and warn.
const wheelsJS = fs.readFileSync(path.join(site, "assets", "javascripts", "workers", "wheels.js"), "utf-8")
const { closure, putOnPath } = await import("data:text/javascript," + encodeURIComponent(wheelsJS))

// A lock entry's wheel from the folder, checked against its sha256 as the browser's
// integrity check does.
function wheel(entry) {
  const data = fs.readFileSync(dir + entry.file_name)
  const digest = createHash("sha256").update(data).digest("hex")
  if (digest !== entry.sha256) throw new Error(`${entry.file_name}: sha256 ${digest}, not the lock's ${entry.sha256}`)
  return [entry.file_name, new Uint8Array(data)]
}

let answer
let pyodideRef
try {
  const lock = JSON.parse(fs.readFileSync(dir + "pyodide-lock.json", "utf-8"))
  let sitePackages
  const pyodide = await loadPyodide({
    indexURL: dir,
    lockFileURL: dir + "pyodide-lock.json",
    packageBaseUrl: dir,
    stdout: log,
    stderr: log,
    fsInit: async (FS, info) => {
      sitePackages = info.sitePackages
    },
  })
  const core = closure(lock, "service-norms")
  putOnPath(pyodide, sitePackages, core.map(wheel))
  // A request asking for a calendar file needs the `calendar` extra, as in the browser worker.
  if (requests.some((r) => "ics" in JSON.parse(r))) {
    const installed = new Set(core.map((e) => e.name))
    putOnPath(pyodide, sitePackages, closure(lock, "icalendar").filter((e) => !installed.has(e.name)).map(wheel))
  }
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
