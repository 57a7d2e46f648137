// Checklist runs in IndexedDB (database "handbook-records", store "runs", one record per run,
// key `id`): kept across reloads, offline visits and new builds of the site (a service
// worker update replaces cached files, never this database).
//
// openStore() resolves to a store, or to null where the browser refuses storage (disabled,
// private mode, blocked): the page then says so before anything is ticked and keeps the
// run in memory for export. `room()` tells whether the origin's quota is nearly used up.
//
// A write outlives the page that made it: a tick tapped and the page left at once (a link,
// back, the tab closed) must be kept, but Chromium aborts every IndexedDB transaction of a
// document that has not committed when the document unloads (a tick then a navigation lost
// the tick 3 of 20 times on a busy machine, 6 of 20 with the CPU slowed 4x, while the page
// showed it ticked). So each run put is first written to localStorage, which is synchronous
// and kept when the page goes, under JOURNAL + id, and taken out once its transaction has
// committed; openStore() writes back what is left before it answers (replay below).
var DB = "handbook-records"
var STORE = "runs"
var LOW_BYTES = 1024 * 1024 // less free room than this: warn before ticking
const JOURNAL = "handbook-records:pending:" // + run id: a put not yet known to be on disk

function request(req) {
  return new Promise(function (resolve, reject) {
    req.onsuccess = function () { resolve(req.result) }
    req.onerror = function () { reject(req.error) }
  })
}

export function openStore() {
  return new Promise(function (resolve) {
    var req
    try {
      req = indexedDB.open(DB, 1)
    } catch (err) {
      resolve(null)
      return
    }
    var timer = setTimeout(function () { resolve(null) }, 5000) // a browser that never answers
    req.onupgradeneeded = function () {
      var store = req.result.createObjectStore(STORE, { keyPath: "id" })
      store.createIndex("procedure", "procedure")
    }
    req.onsuccess = function () {
      clearTimeout(timer)
      // The page waits for the write-back, so it shows the tick it left; not for ever (another
      // tab's long write holds it up): after 5 s it goes on, and the write-back lands later.
      var late = new Promise(function (go) { setTimeout(go, 5000) })
      Promise.race([replay(req.result), late]).then(function () { resolve(wrap(req.result)) })
    }
    req.onerror = function () { clearTimeout(timer); resolve(null) }
    req.onblocked = function () { clearTimeout(timer); resolve(null) }
  })
}

function wrap(db) {
  function tx(mode) {
    return db.transaction(STORE, mode).objectStore(STORE)
  }
  function done(t) {
    return new Promise(function (resolve, reject) {
      t.oncomplete = function () { resolve() }
      t.onerror = function () { reject(t.error) }
      t.onabort = function () { reject(t.error || new DOMException("aborted", "AbortError")) }
    })
  }
  return {
    all: function () { return request(tx("readonly").getAll()) },
    get: function (id) { return request(tx("readonly").get(id)) },
    // Resolves once the run is on disk (the transaction completed), rejects if it is not
    // (QuotaExceededError when storage is full).
    put: function (run) {
      return this.putAll([run])
    },
    putAll: function (runs) {
      try {
        var texts = runs.map(journal)
        var store = tx("readwrite")
        runs.forEach(function (r) { store.put(r) })
        return done(store.transaction).then(function () {
          runs.forEach(function (r, i) { settle(r.id, texts[i]) })
        })
      } catch (err) {
        return Promise.reject(err) // e.g. a closed database: the caller says so
      }
    },
    remove: function (id) {
      settle(id, null)
      var store = tx("readwrite")
      store.delete(id)
      return done(store.transaction)
    }
  }
}

// The run as the journal holds it (its text), or null where localStorage refuses it (full,
// disabled): the put then goes on without a journal, as before.
const journal = (run) => {
  try {
    const text = JSON.stringify(run)
    localStorage.setItem(JOURNAL + run.id, text)
    return text
  } catch (err) {
    return null
  }
}

// The put of `text` has committed: its journal entry goes, unless a later put of the same
// run has replaced it meanwhile (null: whatever is there, for a deleted run).
const settle = (id, text) => {
  try {
    if (text === null || localStorage.getItem(JOURNAL + id) === text) localStorage.removeItem(JOURNAL + id)
  } catch (err) { /* no localStorage: nothing was journaled */ }
}

// Puts that a page left before they committed, written back. A run stored since (another
// tab, a later visit) with a later updated_at wins; the entry goes once the write-back has
// committed (or at once, if it is not a run). Never rejects: a page must open either way.
const replay = async (db) => {
  let keys
  try {
    keys = Object.keys(localStorage).filter((k) => k.startsWith(JOURNAL))
  } catch (err) {
    return
  }
  for (const key of keys) {
    const text = localStorage.getItem(key)
    let run = null
    try { run = JSON.parse(text) } catch (err) { /* damaged: dropped below */ }
    if (!run || typeof run !== "object" || JOURNAL + run.id !== key) {
      localStorage.removeItem(key)
      continue
    }
    try {
      await new Promise((resolve, reject) => {
        const t = db.transaction(STORE, "readwrite")
        const store = t.objectStore(STORE)
        const old = store.get(run.id)
        old.onsuccess = () => {
          if (!old.result || !(old.result.updated_at > run.updated_at)) store.put(run)
        }
        t.oncomplete = resolve
        t.onerror = t.onabort = () => reject(t.error)
      })
      settle(run.id, text)
    } catch (err) { /* kept for the next visit */ }
  }
}

// {low: true} when the origin has less than LOW_BYTES left of its quota; {low: false} when
// it has more or the browser does not say. Also asks the browser to keep the data (persist).
export function room() {
  var storage = navigator.storage
  if (!storage || !storage.estimate) return Promise.resolve({ low: false })
  if (storage.persist) storage.persist().catch(function () {})
  return storage.estimate().then(function (e) {
    return { low: typeof e.quota === "number" && e.quota - (e.usage || 0) < LOW_BYTES }
  }, function () { return { low: false } })
}

export function isQuotaError(err) {
  return Boolean(err && (err.name === "QuotaExceededError" || err.name === "NS_ERROR_DOM_QUOTA_REACHED"))
}
