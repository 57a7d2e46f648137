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
//
// Deterministic: unchecked-hash pycs (no timestamps), PYTHONHASHSEED=0 (constant sets
// marshal in a fixed order), fixed zip dates: same input, same bytes.
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
  env: { PYTHONHASHSEED: "0" },
  stdout: log,
  stderr: log,
})
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(fs.readFileSync(input)))
const report = pyodide.runPython(`
import importlib.util, marshal, sys, zipfile

# The file name zipimport gives a module it compiles from this zip, so tracebacks read the same.
PREFIX = "/lib/python%d%d.zip/" % sys.version_info[:2]
FLAGS = (0b01).to_bytes(4, "little")  # hash-based, unchecked: no timestamp, never re-validated
compiled, kept = 0, []
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for info in src.infolist():
        name, data = info.filename, src.read(info)
        if name.endswith(".py"):
            try:
                code = compile(data, PREFIX + name, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                kept.append(name)
            else:
                name += "c"
                data = importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)
                compiled += 1
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        entry.external_attr = info.external_attr
        entry.create_system = 3
        entry.compress_type = zipfile.ZIP_DEFLATED if data else zipfile.ZIP_STORED
        out.writestr(entry, data, compresslevel=9)
"Python %d.%d.%d: %d modules compiled, kept as source: %s" % (*sys.version_info[:3], compiled, ", ".join(kept) or "none")
`)
fs.writeFileSync(output, pyodide.FS.readFile("/tmp/out.zip"))
// One line for the build log.
console.log(report)
