// Compile Pyodide's standard library zip to bytecode, with Pyodide's own Python, in Node.
//
//   node hooks/pyodide/compile_stdlib.mjs <pyodide dir> <input zip> <output zip>
//
// npm's python_stdlib.zip holds .py sources only, so a browser compiles every module it
// imports at start-up: most of the ~2 s Pyodide needs to boot (Pyodide's CDN offers a
// /pyc/ build for this; npm does not). This writes the same zip with each `x.py` replaced
// by `x.pyc`, compiled by the very interpreter that will load it (the host has no Python
// 3.14), so the magic number and bytecode always match the runtime. zipimport loads a
// .pyc with no .py beside it as is. Files that are not .py, or do not compile, are kept.
// The compiling is compile_zip.py's (trim.mjs compiles the wheels with it too).
//
// Deterministic: unchecked-hash pycs (no timestamps), PYTHONHASHSEED=0 (constant sets
// marshal in a fixed order), fixed zip dates: same input, same bytes.
// PYTHONNODEBUGRANGES=1 (python -X no_debug_ranges): the code objects keep each
// instruction's line but not its columns, which only place the ^^^ under a traceback's
// line. Python documents the option for smaller code objects and .pyc files: the trimmed
// zip is 0.89 → 0.66 MB of brotli, the largest cut of a calculator page's download.
// hooks/pyodide/bundle.py runs this and caches the result. No network: fetch is refused.
import fs from "node:fs"
import path from "node:path"
import process from "node:process"
import { pathToFileURL } from "node:url"

const [dirArg, input, output] = process.argv.slice(2)
if (!dirArg || !input || !output) {
  console.error("usage: node hooks/pyodide/compile_stdlib.mjs <pyodide dir> <input zip> <output zip>")
  process.exit(64)
}
globalThis.fetch = async (url) => {
  throw new Error(`pyodide_compile_stdlib: refused to fetch ${url}`)
}

const dir = path.resolve(dirArg) + path.sep
const { loadPyodide } = await import(pathToFileURL(dir + "pyodide.mjs").href)
const log = (msg) => process.stderr.write(msg + "\n")
const pyodide = await loadPyodide({
  indexURL: dir,
  lockFileURL: dir + "pyodide-lock.json",
  packageBaseUrl: dir,
  env: { PYTHONHASHSEED: "0", PYTHONNODEBUGRANGES: "1" },
  stdout: log,
  stderr: log,
})
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(fs.readFileSync(input)))
pyodide.runPython(fs.readFileSync(new URL("./compile_zip.py", import.meta.url), "utf-8"))
const report = pyodide.runPython(`
import sys
# The file name zipimport gives a module it compiles from this zip, so tracebacks read the same.
# optimize=2: without docstrings (and asserts): ~10 % less to download, nothing the rules use.
compiled, kept = compile_zip("/tmp/in.zip", "/tmp/out.zip", "/lib/python%d%d.zip/" % sys.version_info[:2],
                             compress=True, optimize=2)
"Python %d.%d.%d: %d modules compiled, kept as source: %s" % (*sys.version_info[:3], compiled, ", ".join(kept) or "none")
`)
fs.writeFileSync(output, pyodide.FS.readFile("/tmp/out.zip"))
// One line for the build log.
console.log(report)
