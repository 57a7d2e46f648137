// The rules worker: runs service_norms.browser.answer() under Pyodide, served from this site.
//
// A MODULE worker (Pyodide 314's loader refuses classic workers):
//   new Worker(".../assets/javascripts/workers/rules-worker.js?pyodide=" +
//              encodeURIComponent(<absolute URL of assets/vendor/pyodide/>), { type: "module" })
// Without ?pyodide= it uses ../../vendor/pyodide/ next to itself. Everything (runtime,
// pyodide-lock.json, wheels) comes from that folder; hooks/pyodide/bundle.py fills it.
//
// Protocol
//   page → worker  {id, request,      request: a JSON string
//                   needs?}           needs: lock packages to install first (e.g. ["icalendar"]
//                                     for a calendar file): fetched, checked and unpacked the
//                                     first time one is asked for, never at start-up
//   worker → page  {id, answer}       answer: the JSON string service_norms.browser.answer returned
//                  {id, error}        Python raised (or the runtime never loaded): the text
//                  {progress}         "runtime" first; then either "packages" (a full load:
//                                     the wheels are being put on sys.path) or "snapshot" (restored
//                                     from a saved memory snapshot, packages already in);
//                                     then "ready". Each at most once.
//                  {failed}           loading failed: every later request gets {id, error}
//                  {download: {plan, files}}  the start's downloads (downloads.js), at most
//                                     every 100 ms: plan, the names (in the Pyodide folder) of
//                                     the files this start fetches (the wheels join once the
//                                     lock is read); files, {name: {loaded, total, waiting,
//                                     done}} for each begun (loaded: bytes received; total:
//                                     the file's length if the response says it, else null;
//                                     waiting: "offline" or "retrying" while a lost connection
//                                     pauses it). The two modules the loader imports
//                                     (pyodide.mjs, pyodide.asm.mjs) report done only.
// Requests sent before "ready" are queued and answered once Python is up. No wait is
// unbounded: a download with no data for 20 s is tried again, and given up (with its
// reason, as {failed}) after 4 attempts while the browser is online (downloads.js).
//
// Memory snapshot (Pyodide's _makeSnapshot / makeMemorySnapshot / _loadSnapshot, marked
// private in Pyodide 314: the version is pinned in package.json, and
// tests/browser/test_rules_worker.py covers save, reuse and fallback)
//   A full load boots Pyodide, puts the wheels of pyodide-lock.json's closure of
//   service-norms on sys.path (downloaded while the runtime boots, each checked against its
//   sha256 by the browser; loadPackage is not used: a snapshot cannot be made after it) and
//   imports service_norms.browser. Once the requests that waited for it are answered (the
//   ~50 ms copy does not delay the first answer), it copies the interpreter's memory and
//   site-packages (Emscripten keeps files in JS, outside the wasm memory) and stores both in
//   IndexedDB (database "handbook-rules", snapshot-cache.js), replacing any older snapshot.
//   The copy holds what those answers warmed (modules imported on first use, the zones
//   read) and what is left of them in freed memory, on the reader's own device. The next
//   load restores it: no Python start-up, no install, no import. A snapshot is used only
//   if its key matches this build (SNAPSHOT_FORMAT, the Pyodide version, the sha256 of
//   pyodide-lock.json, which holds every wheel's sha256), its memory image hashes to what
//   was saved, python_stdlib.zip is the one it was made with, and the restored runtime
//   answers ping. Otherwise (stale, corrupt, IndexedDB unavailable or not answering within
//   seconds, restoring throws) it is deleted and the worker does a full load, which stores
//   a fresh one. Storing takes ~0.2 s after the first answer; a page closed sooner just
//   leaves no snapshot.

import { deleteSnapshot, heapDigest, openDB, readRecord, saveSnapshot, sha256, unpackHeap, HEAP, META } from "./snapshot-cache.js"
import { closure, putOnPath } from "./wheels.js"
import { watchedFetch } from "./downloads.js"

const SNAPSHOT_FORMAT = 3 // 2: the wheels on sys.path as zips, not unpacked; 3: the image packed. Bump when what a snapshot holds or assumes changes
const PACKAGE = "service-norms"
const MODULE = "service_norms.browser"

const base = new URL(self.location.href)
const indexURL = new URL(base.searchParams.get("pyodide") || "../../vendor/pyodide/", base).href.replace(/\/?$/, "/")

// The start's downloads, reported to the page (rules-widget.js shows them as a progress bar).
const plan = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
const files = {}
let reportTimer = null
function report(name, state) {
  files[name] = { ...files[name], ...state }
  if (reportTimer === null) {
    reportTimer = setTimeout(() => {
      reportTimer = null
      self.postMessage({ download: { plan, files } })
    }, 100)
  }
}

// Started at once, before anything is awaited (see compileEarly); never from another host,
// which start() refuses.
if (new URL(indexURL).origin === self.location.origin) {
  // Every fetch of the Pyodide folder (the loader's, compileEarly's, the wheels') watched:
  // the wasm streamed to its compiler, the rest buffered.
  self.fetch = watchedFetch(self.fetch, indexURL, report, (url) => url.endsWith(".wasm"))
  compileEarly(indexURL + "pyodide.asm.wasm")
}

// A module the loader imports: its bytes cannot be watched, only its arrival.
async function imported(name) {
  report(name, { loaded: 0, total: null, waiting: null })
  const module = await import(indexURL + name)
  report(name, { done: true })
  return module
}

const ready = start()
ready.catch((err) => self.postMessage({ failed: text(err) }))

async function start() {
  self.postMessage({ progress: "runtime" })
  // Everything comes from this site: refuse a Pyodide folder on another host.
  if (new URL(indexURL).origin !== self.location.origin) throw new Error("the Pyodide folder must be on this site: " + indexURL)
  // null where IndexedDB is missing, refuses (e.g. some private modes) or hangs: no snapshots.
  const db = deadline(openDB(), 3000).catch(() => null)
  // Both records are read at once, the memory image speculatively: reading it (~12 MB
  // packed) overlaps with fetching the loader and the lock. Neither read can fail or stall the load.
  const stored = deadline(readRecord(db, META), 3000).catch(() => null)
  const storedHeap = deadline(readRecord(db, HEAP), 10000).catch(() => null)
  // pyodide.asm.mjs is imported by the loader later; imported here meanwhile (it only
  // defines a function), the loader gets the same module and its arrival is seen.
  imported("pyodide.asm.mjs").catch(() => {}) // the loader's own import reports a failure
  const [{ loadPyodide, version }, lockText] = await Promise.all([
    imported("pyodide.mjs"),
    fetchOk(indexURL + "pyodide-lock.json").then((r) => r.text()),
  ])
  const key = `${SNAPSHOT_FORMAT} ${version} ${await sha256(new TextEncoder().encode(lockText))}`
  const meta = await stored
  if (meta && meta.key === key) {
    try {
      const { answer, pyodide } = await restore(loadPyodide, lockText, meta, storedHeap)
      self.postMessage({ progress: "snapshot" })
      self.postMessage({ progress: "ready" })
      return { answer, pyodide, lock: JSON.parse(lockText) }
    } catch (err) {
      console.warn("rules worker: the saved snapshot was not used, loading normally:", text(err))
      deleteSnapshot(db).catch(() => {})
    }
  }
  const snapshots = (await db) !== null
  const { answer, pyodide, sitePackages } = await fullLoad(loadPyodide, lockText, snapshots)
  self.postMessage({ progress: "ready" })
  // After the queued requests are answered: they wait on `ready`, a microtask away, and
  // answer() runs synchronously (a request needing an extra package may still be fetching
  // it; the snapshot is then taken without it, as it would have been before).
  if (snapshots) {
    setTimeout(() => {
      let snapshot
      try {
        snapshot = takeSnapshot(pyodide, sitePackages)
      } catch (err) {
        console.warn("rules worker: no snapshot:", text(err))
        return
      }
      saveSnapshot(db, key, snapshot).catch((err) => console.warn("rules worker: snapshot not saved:", text(err)))
    }, 0)
  }
  return { answer, pyodide, lock: JSON.parse(lockText) }
}

async function restore(loadPyodide, lockText, meta, storedHeap) {
  // Pyodide sets itself up while the memory image is still being read from IndexedDB (the
  // longest read of a warm start). loadPyodide needs only the image's size at first, to size
  // the interpreter's memory: it is given an image of that size (META.size) at once, and
  // copies it into memory only once the runtime is up, after fsInit, which it awaits. So
  // fsInit waits for the image to be filled in: compiling, instantiating and starting the
  // runtime (~0.2 s) overlap with the read instead of following it.
  // The image is hashed meanwhile too; nothing runs on the restored runtime until the hash
  // has matched.
  const image = new Uint8Array(meta.size)
  const packed = storedHeap.then((packed) => {
    if (!packed) throw new Error("the snapshot's memory image is missing")
    return packed
  })
  const filled = packed.then((packed) => unpackHeap(packed, image))
  const intact = packed.then(async (packed) => (await heapDigest(packed)) === meta.heapHash)
  filled.catch(() => {}) // awaited by fsInit, intact below; not unhandled rejections meanwhile
  intact.catch(() => {})
  let unfilled = null // why the image could not be filled: an empty one then fails to restore
  let pyodide
  try {
    pyodide = await loadPyodide({
      indexURL,
      lockFileContents: lockText,
      packageBaseUrl: indexURL,
      _loadSnapshot: image,
      fsInit: async (FS, { sitePackages }) => {
        // site-packages as it was: Emscripten's files live in JS, not in the memory image.
        for (const [path, data] of meta.files) {
          FS.mkdirTree((sitePackages + "/" + path).replace(/\/[^/]*$/, ""))
          FS.writeFile(sitePackages + "/" + path, data)
        }
        await filled.catch((err) => { unfilled = err })
      },
    })
  } catch (err) {
    throw unfilled || err
  }
  if (unfilled) throw unfilled
  if (!(await intact)) throw new Error("the snapshot's memory image is corrupt")
  // The memory image holds zipimport's index of the standard library zip: it must be the same zip.
  if ((await sha256(pyodide.FS.readFile(stdlibPath(pyodide)))) !== meta.stdlib) {
    throw new Error("python_stdlib.zip changed since the snapshot")
  }
  const answer = pyodide.pyimport(MODULE).answer
  const pong = JSON.parse(answer('{"fn": "ping"}'))
  if (!pong.ok || pong.result !== "pong") throw new Error("the restored runtime does not answer ping")
  return { answer, pyodide }
}

async function fullLoad(loadPyodide, lockText, snapshots) {
  // The wheels download while the runtime boots.
  const entries = closure(JSON.parse(lockText), PACKAGE)
  plan.push(...entries.map((e) => e.file_name))
  const wheels = entries.map(download)
  let sitePackages = null
  const pyodide = await loadPyodide({
    indexURL,
    lockFileContents: lockText,
    // Set explicitly: a missing file must fail here, never fall back to Pyodide's CDN.
    packageBaseUrl: indexURL,
    _makeSnapshot: snapshots,
    fsInit: async (FS, info) => {
      sitePackages = info.sitePackages
    },
  })
  self.postMessage({ progress: "packages" })
  await install(pyodide, wheels, PACKAGE, sitePackages)
  const answer = pyodide.pyimport(MODULE).answer
  return { answer, pyodide, sitePackages }
}

// A lock entry's wheel, fetched from this site and checked against its sha256 by the browser.
function download(entry) {
  const bytes = fetchBytes(indexURL + entry.file_name, { integrity: "sha256-" + hexToBase64(entry.sha256) })
  bytes.catch(() => {}) // awaited by install(); not an unhandled rejection meanwhile
  return { entry, bytes }
}

// Put downloaded wheels on sys.path: all of them, or none and an error naming each failure.
async function install(pyodide, wheels, what, sitePackages) {
  const problems = []
  const files = []
  for (const { entry, bytes } of wheels) {
    try {
      files.push([entry.file_name, await bytes])
    } catch (err) {
      problems.push(`${entry.file_name}: ${text(err)}`)
    }
  }
  if (problems.length) throw new Error(`loading ${what} failed: ${problems.join("; ")}`)
  putOnPath(pyodide, sitePackages, files)
}

// Packages a request needs beyond service-norms (the `calendar` extra), installed once.
const extras = new Map()
function ensure(runtime, names) {
  return Promise.all((names || []).map((name) => {
    if (!extras.has(name)) {
      const installed = new Set(closure(runtime.lock, PACKAGE).map((e) => e.name))
      const missing = closure(runtime.lock, name).filter((e) => !installed.has(e.name))
      const sitePackages = runtime.pyodide.runPython("import site; site.getsitepackages()[0]")
      const done = install(runtime.pyodide, missing.map(download), name, sitePackages)
      done.catch(() => extras.delete(name)) // a failed download may be asked for again
      extras.set(name, done)
    }
    return extras.get(name)
  }))
}

function takeSnapshot(pyodide, sitePackages) {
  const heap = pyodide.makeMemorySnapshot()
  const files = []
  const walk = (dir, rel) => {
    for (const name of pyodide.FS.readdir(dir)) {
      if (name === "." || name === "..") continue
      const path = dir + "/" + name
      if (pyodide.FS.isDir(pyodide.FS.stat(path).mode)) walk(path, rel + name + "/")
      else files.push([rel + name, pyodide.FS.readFile(path)])
    }
  }
  walk(sitePackages, "")
  return { heap, files, stdlib: pyodide.FS.readFile(stdlibPath(pyodide)) }
}

// Where Pyodide put python_stdlib.zip: /lib/python<major><minor>.zip.
function stdlibPath(pyodide) {
  return "/lib/" + pyodide.FS.readdir("/lib").find((n) => /^python\d+\.zip$/.test(n))
}

// Pyodide's wasm (9.6 MB), fetched and compiled from the worker's first moment.
// loadPyodide fetches pyodide.asm.wasm as it starts, but compiles it only when it
// instantiates, once pyodide.asm.mjs has been loaded and run. Compiling takes ~0.15-0.4 s
// on a 2-CPU machine (more while the page itself loads) and needs none of that, so it
// starts here, and Pyodide is handed the same download: its fetch of this URL gets this
// response, and its instantiateStreaming of this response instantiates the module compiled
// from it. Every other call goes to the browser's own function, and a second load (a
// restore that failed) fetches and compiles as usual. If compiling fails here, Pyodide's
// instantiation fetches and compiles the file itself, as it would have.
function compileEarly(url) {
  const nativeFetch = self.fetch
  const nativeInstantiate = WebAssembly.instantiateStreaming
  const response = nativeFetch(url, { credentials: "same-origin" })
  const compiled = WebAssembly.compileStreaming(response)
  compiled.catch(() => {}) // awaited by the instantiation below; not an unhandled rejection meanwhile
  let handedOver = false
  // Functions, not arrows: the browser's own are called with the `this` they were called with.
  self.fetch = function handingOver(input, init) {
    if (!handedOver && String(input instanceof Request ? input.url : input) === url) {
      handedOver = true
      return response
    }
    return nativeFetch.call(this, input, init)
  }
  WebAssembly.instantiateStreaming = async function instantiatingEarly(source, imports) {
    if (source !== response) return nativeInstantiate.call(this, source, imports)
    let module
    try {
      module = await compiled
    } catch (err) {
      console.warn("rules worker: compiling ahead failed, Pyodide compiles:", text(err))
      return nativeInstantiate.call(WebAssembly, nativeFetch(url, { credentials: "same-origin" }), imports)
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) }
  }
}

// --- small helpers ----------------------------------------------------------------------

async function fetchOk(url, init) {
  const response = await fetch(url, init)
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`)
  return response
}

async function fetchBytes(url, init) {
  return new Uint8Array(await (await fetchOk(url, init)).arrayBuffer())
}

// `promise`, or a rejection after ms milliseconds.
function deadline(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))])
}

function hexToBase64(hex) {
  return btoa(String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16))))
}

function text(err) {
  return (err && err.message) || String(err)
}

self.onmessage = async (event) => {
  const { id, request, needs } = event.data || {}
  let runtime
  try {
    runtime = await ready
  } catch (err) {
    self.postMessage({ id, error: "the Python runtime did not load: " + text(err) })
    return
  }
  if (typeof request !== "string") {
    self.postMessage({ id, error: "request must be a JSON string, got " + typeof request })
    return
  }
  try {
    if (needs !== undefined && !Array.isArray(needs)) throw new Error("needs must be a list of package names")
    await ensure(runtime, needs)
    self.postMessage({ id, answer: runtime.answer(request) })
  } catch (err) {
    self.postMessage({ id, error: text(err) })
  }
}
