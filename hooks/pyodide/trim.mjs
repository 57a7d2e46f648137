// The Python the browser gets, trimmed and compiled, with Pyodide's own Python in Node.
//
//   node hooks/pyodide/trim.mjs <npm pyodide dir> <compiled stdlib zip> <requests.json> <out dir> <wheel>...
//
// 1. Each wheel is rewritten with its modules compiled to .pyc (as compile_stdlib.mjs does for
//    the standard library): the rules worker puts the wheels on sys.path as they are
//    (zipimport), so nothing is unpacked and nothing is compiled in the browser.
// 2. The rules run as the rules worker runs them (Pyodide booted for a memory snapshot, the
//    wheels on sys.path by the worker's own wheels.js, service_norms.browser imported, every
//    request of requests.json answered, a Python error turned into a JavaScript one, the
//    snapshot taken), and every standard-library module that is then in sys.modules is
//    recorded: Pyodide's own loader, the rules and what they import. Pyodide's package
//    loader (loadPackage) is not run: neither the worker nor node_check.mjs uses it, and
//    its unpacking alone needs tarfile (35 KB of brotli).
// 3. python_stdlib.zip is written with those modules only (and their packages' __init__),
//    still as bytecode; a fresh Pyodide on the trimmed zip must give the very same answers,
//    or this fails.
// STORED: the zips hold their members uncompressed, so that the server's gzip or brotli over
// the whole file finds what files have in common (tzdata's 600 zone files, the bytecode of
// 146 modules): a third to a half less to download than members deflated one by one.
// Writes <out dir>/python_stdlib.zip, <out dir>/<each wheel> and <out dir>/report.json.
// No network: fetch is refused. hooks/pyodide/bundle.py runs this and caches the result.
import fs from "node:fs"
import path from "node:path"
import process from "node:process"
import { pathToFileURL } from "node:url"

const [npmArg, stdlib, requestsFile, outDir, ...wheels] = process.argv.slice(2)
if (!npmArg || !stdlib || !requestsFile || !outDir || !wheels.length) {
  console.error("usage: node hooks/pyodide/trim.mjs <npm pyodide dir> <stdlib zip> <requests.json> <out dir> <wheel>...")
  process.exit(64)
}
globalThis.fetch = async (url) => {
  throw new Error(`pyodide trim: refused to fetch ${url}`)
}
const npm = path.resolve(npmArg) + path.sep
const requests = JSON.parse(fs.readFileSync(requestsFile, "utf-8"))
const { loadPyodide } = await import(pathToFileURL(npm + "pyodide.mjs").href)
const log = (msg) => process.stderr.write(msg + "\n")

async function boot(stdLibURL) {
  let sitePackages = null
  const pyodide = await loadPyodide({
    indexURL: npm,
    stdLibURL,
    lockFileURL: npm + "pyodide-lock.json",
    packageBaseUrl: npm,
    // As compile_stdlib.mjs compiles (the wheels are compiled by this interpreter): lines
    // but no columns in the code objects.
    env: { PYTHONHASHSEED: "0", PYTHONNODEBUGRANGES: "1" },
    _makeSnapshot: true,
    stdout: log,
    stderr: log,
    fsInit: async (FS, info) => {
      sitePackages = info.sitePackages
    },
  })
  return { pyodide, sitePackages }
}

// The worker's own install (a data: URL: Node would first read this .js file as CommonJS).
const wheelsJS = fs.readFileSync(new URL("../../overrides/assets/javascripts/workers/wheels.js", import.meta.url), "utf-8")
const { putOnPath } = await import("data:text/javascript," + encodeURIComponent(wheelsJS))

// What the rules worker does after loadPyodide: the wheels on sys.path, the module, the answers.
function run({ pyodide, sitePackages }, wheelFiles) {
  putOnPath(pyodide, sitePackages, wheelFiles)
  const answer = pyodide.pyimport("service_norms.browser").answer
  const answers = requests.map((r) => answer(r))
  try {
    pyodide.runPython("raise ValueError('an error the worker reports')")
  } catch (err) {
    if (!String(err.message).includes("an error the worker reports")) throw err
  }
  pyodide.makeMemorySnapshot()
  return answers
}

const first = await boot(pathToFileURL(path.resolve(stdlib)).href)
const { pyodide } = first
pyodide.FS.writeFile("/tmp/stdlib.zip", new Uint8Array(fs.readFileSync(stdlib)))

// 1. The wheels, compiled (compile_zip.py; stored, see STORED below).
pyodide.runPython(fs.readFileSync(new URL("./compile_zip.py", import.meta.url), "utf-8"))
const compileZip = pyodide.globals.get("compile_zip")
const compiled = []
for (const wheel of wheels) {
  const name = path.basename(wheel)
  pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(fs.readFileSync(wheel)))
  compileZip("/tmp/in.whl", "/tmp/out.whl", `${first.sitePackages}/${name}/`, false)
  compiled.push([name, pyodide.FS.readFile("/tmp/out.whl")])
}

// 2. The rules, run as the worker runs them; the standard library they used.
const answers = run(first, compiled)
const used = pyodide.runPython(`
import sys
zip_path = next(p for p in sys.path if p.endswith(".zip") and p.startswith("/lib/python"))
used = set()
for module in list(sys.modules.values()):
    file = getattr(module, "__file__", None) or ""
    if getattr(getattr(module, "__spec__", None), "origin", None) == "frozen":
        continue  # built into the interpreter (os, io, codecs …): not read from the zip
    if file.startswith(zip_path + "/"):
        name = file[len(zip_path) + 1:]
        used.add(name)
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):  # the packages it sits in
            used.add("/".join(parts[:i]) + "/__init__.pyc")
sorted(used)
`).toJs()

// 3. The trimmed zip, checked by a fresh interpreter.
pyodide.globals.set("__used", pyodide.toPy(used))
const report = pyodide.runPython(`
import zipfile
keep = set(__used)
kept = skipped = 0
with zipfile.ZipFile("/tmp/stdlib.zip") as src, zipfile.ZipFile("/tmp/trimmed.zip", "w") as out:
    present = set(src.namelist())
    missing = sorted(keep - present)
    for info in src.infolist():
        if info.filename in keep:
            data = src.read(info)
            info.compress_type = zipfile.ZIP_STORED
            out.writestr(info, data)
            kept += 1
        elif not info.filename.endswith("/"):
            skipped += 1
{"kept": kept, "left_out": skipped, "missing": missing}
`).toJs({ dict_converter: Object.fromEntries })
if (report.missing.length) {
  console.error("pyodide trim: modules in use but not in the zip: " + report.missing.join(", "))
  process.exit(1)
}
fs.mkdirSync(outDir, { recursive: true })
fs.writeFileSync(path.join(outDir, "python_stdlib.zip"), pyodide.FS.readFile("/tmp/trimmed.zip"))
for (const [name, data] of compiled) fs.writeFileSync(path.join(outDir, name), data)

const again = run(await boot(pathToFileURL(path.join(outDir, "python_stdlib.zip")).href), compiled)
const differ = again.map((a, i) => [a, answers[i]]).findIndex(([a, b]) => a !== b)
if (differ >= 0) {
  console.error(`pyodide trim: the trimmed standard library answers request ${differ} differently:\n${again[differ]}\n${answers[differ]}`)
  process.exit(1)
}
const version = pyodide.runPython("import sys; '%d.%d.%d' % sys.version_info[:3]")
fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify({ python: version, modules: used, ...report, requests: requests.length }, null, 1))
console.log(`Python ${version}: standard library trimmed to ${report.kept} of ${report.kept + report.left_out} files ` +
  `(${used.length} modules the rules and the loader use); ${requests.length} requests answered alike`)
