// Checklist runs in IndexedDB (database "handbook-records", store "runs", one record per run,
// key `id`): kept across reloads, offline visits and new builds of the site (a service
// worker update replaces cached files, never this database).
//
// openStore() resolves to a store, or to null where the browser refuses storage (disabled,
// private mode, blocked): the page then says so before anything is ticked and keeps the
// run in memory for export. `room()` tells whether the origin's quota is nearly used up.
// A browser may clear an origin's storage when the device runs short of space, unless the
// origin's storage is persistent: the first run asks for that once (askPersistOnce), the
// answer is remembered in localStorage, and My job records says what the browser decided
// (persistence()).
//
// A write outlives the page that made it: a tick tapped and the page left at once (a link,
// back, the tab closed) must be kept, but Chromium aborts every IndexedDB transaction of a
// document that has not committed when the document unloads (a tick then a navigation lost
// the tick 3 of 20 times on a busy machine, 6 of 20 with the CPU slowed 4x, while the page
// showed it ticked). So each run put is first written to localStorage, which is synchronous
// and kept when the page goes, under JOURNAL + id, and taken out once its transaction has
// committed; openStore() writes back what is left before it answers (replay below).
//
// A signed run is evidence: once stored signed, a put that would change it is refused here,
// whatever page asks (the pages also offer no way to), with an error isLockedError names;
// the put's transaction is aborted, so nothing of it is written.
import { canonicalJson } from "./record-fingerprint.js"

const DB = "handbook-records"
const STORE = "runs"
// Photos taken at a step (run-photos.js): one record per photo, {id, run, step, blob}, apart
// from the runs so a run stays small enough for the localStorage journal (about 5 MB in
// all): the run holds only references (run.photos). Added in version 2 of the database.
const PHOTOS = "photos"
const VERSION = 2
const LOW_BYTES = 1024 * 1024 // less free room than this: warn before ticking
const PERSIST_KEY = "service-norms:persist" // {granted, at}: the browser's answer, asked once
const JOURNAL = "handbook-records:pending:" // + run id: a put not yet known to be on disk

/** The name of the error a put that would change a signed run is refused with. */
export const LOCKED = "SignedRunLocked"

/**
 * Whether a put of `run` would change `stored`, a signed run (the same content again is not a change).
 * @param {object|undefined} stored
 * @param {object} run
 * @returns {boolean}
 */
export const changesSigned = (stored, run) => Boolean(stored && stored.signed) && canonicalJson(stored) !== canonicalJson(run)

/**
 * Whether an error is the store's refusal to change a signed run.
 * @param {unknown} err
 * @returns {boolean}
 */
export const isLockedError = (err) => Boolean(err && err.name === LOCKED)

const request = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result)
  req.onerror = () => reject(req.error)
})

/**
 * The runs store, or null where the browser refuses storage or never answers (5 s).
 * @returns {Promise<{all: Function, get: Function, put: Function, putAll: Function, remove: Function,
 *   putPhoto: Function, getPhoto: Function, removePhoto: Function}|null>}
 */
export function openStore() {
  return new Promise((resolve) => {
    let req
    try {
      req = indexedDB.open(DB, VERSION)
    } catch (err) {
      resolve(null)
      return
    }
    const timer = setTimeout(() => resolve(null), 5000) // a browser that never answers
    // From nothing, or from version 1 (runs only): the runs and their data stay as they are.
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: "id" }).createIndex("procedure", "procedure")
      if (!db.objectStoreNames.contains(PHOTOS)) db.createObjectStore(PHOTOS, { keyPath: "id" }).createIndex("run", "run")
    }
    req.onsuccess = () => {
      clearTimeout(timer)
      // A later build's page asks for a newer version: this page lets go, so that one is not
      // blocked (its writes from now on fail and say so, as a refused save does).
      req.result.onversionchange = () => req.result.close()
      // The page waits for the write-back, so it shows the tick it left; not for ever (another
      // tab's long write holds it up): after 5 s it goes on, and the write-back lands later.
      const late = new Promise((go) => setTimeout(go, 5000))
      Promise.race([replay(req.result), late]).then(() => resolve(wrap(req.result)))
    }
    req.onerror = () => { clearTimeout(timer); resolve(null) }
    req.onblocked = () => { clearTimeout(timer); resolve(null) }
  })
}

function wrap(db) {
  const tx = (mode) => db.transaction(STORE, mode).objectStore(STORE)
  const done = (t) => new Promise((resolve, reject) => {
    t.oncomplete = () => resolve()
    t.onerror = () => reject(t.error)
    t.onabort = () => reject(t.error || new DOMException("aborted", "AbortError"))
  })
  const putAll = (runs) => {
    try {
      const texts = runs.map(journal)
      const store = tx("readwrite")
      let locked = null
      // Each run is read first, in the same transaction: a signed one that would change aborts it all.
      runs.forEach((r) => {
        const old = store.get(r.id)
        old.onsuccess = () => {
          if (locked) return
          if (changesSigned(old.result, r)) {
            locked = r.id
            store.transaction.abort()
          } else store.put(r)
        }
      })
      return done(store.transaction).then(() => runs.forEach((r, i) => settle(r.id, texts[i])), (err) => {
        if (!locked) throw err
        runs.forEach((r, i) => settle(r.id, texts[i])) // the refused put is not written back later either
        const refused = new Error("job record " + locked + " is signed and cannot be changed")
        refused.name = LOCKED
        throw refused
      })
    } catch (err) {
      return Promise.reject(err) // e.g. a closed database or a full disk: the caller says so
    }
  }
  return {
    all: () => request(tx("readonly").getAll()),
    get: (id) => request(tx("readonly").get(id)),
    // Resolves once the run is on disk (the transaction completed), rejects if it is not
    // (QuotaExceededError when storage is full).
    put: (run) => putAll([run]),
    putAll,
    // A run removed takes its photos with it, in the same transaction.
    remove: (id) => {
      settle(id, null)
      const t = db.transaction([STORE, PHOTOS], "readwrite")
      t.objectStore(STORE).delete(id)
      const photos = t.objectStore(PHOTOS)
      photos.index("run").openKeyCursor(IDBKeyRange.only(id)).onsuccess = (ev) => {
        const cursor = ev.target.result
        if (cursor) { photos.delete(cursor.primaryKey); cursor.continue() }
      }
      return done(t)
    },
    // A photo's image: {id, run, step, blob}. Resolves once it is on disk; rejects with the
    // browser's error (QuotaExceededError when storage is full). Written before the run's
    // reference to it, so a run never names a photo that is not there.
    putPhoto: (photo) => {
      try {
        const t = db.transaction(PHOTOS, "readwrite")
        t.objectStore(PHOTOS).put(photo)
        return done(t)
      } catch (err) {
        return Promise.reject(err)
      }
    },
    getPhoto: (id) => request(db.transaction(PHOTOS, "readonly").objectStore(PHOTOS).get(id)),
    removePhoto: (id) => {
      const t = db.transaction(PHOTOS, "readwrite")
      t.objectStore(PHOTOS).delete(id)
      return done(t)
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
          if ((!old.result || !(old.result.updated_at > run.updated_at)) && !changesSigned(old.result, run)) store.put(run)
        }
        t.oncomplete = resolve
        t.onerror = t.onabort = () => reject(t.error)
      })
      settle(run.id, text)
    } catch (err) { /* kept for the next visit */ }
  }
}

/**
 * {low: true} when the origin has less than LOW_BYTES left of its quota; {low: false} when it
 * has more or the browser does not say.
 * @returns {Promise<{low: boolean}>}
 */
export async function room() {
  const storage = navigator.storage
  if (!storage || !storage.estimate) return { low: false }
  try {
    const e = await storage.estimate()
    return { low: typeof e.quota === "number" && e.quota - (e.usage || 0) < LOW_BYTES }
  } catch (err) {
    return { low: false }
  }
}

/**
 * The bytes the origin has left of its quota, or null where the browser does not say.
 * @returns {Promise<number|null>}
 */
export async function spaceLeft() {
  const storage = navigator.storage
  if (!storage || !storage.estimate) return null
  try {
    const e = await storage.estimate()
    return typeof e.quota === "number" ? Math.max(0, e.quota - (e.usage || 0)) : null
  } catch (err) {
    return null
  }
}

/**
 * The browser's remembered answer to the request for persistent storage, or null if never asked.
 * @returns {{granted: boolean, at: string}|null}
 */
export function persistAnswer() {
  try {
    const answer = JSON.parse(localStorage.getItem(PERSIST_KEY) || "null")
    return answer && typeof answer.granted === "boolean" ? answer : null
  } catch (err) {
    return null
  }
}

/**
 * Ask the browser once to keep this origin's storage (navigator.storage.persist), and remember
 * its answer: called when a run starts; later runs find the answer and do not ask again.
 * @returns {Promise<{granted: boolean, at: string}|null>} null where the browser cannot be asked
 */
export async function askPersistOnce() {
  const known = persistAnswer()
  if (known) return known
  const storage = navigator.storage
  if (!storage || typeof storage.persist !== "function") return null
  let granted = false
  try {
    granted = Boolean(await storage.persist())
  } catch (err) { /* refused: not granted */ }
  const answer = { granted, at: new Date().toISOString() }
  try {
    localStorage.setItem(PERSIST_KEY, JSON.stringify(answer))
  } catch (err) { /* not remembered: asked again at the next run */ }
  return answer
}

/**
 * What the browser does with this origin's storage now: "granted" (persistent), "refused"
 * (asked, not granted: it may be cleared), "not_asked" (no run started yet) or "unsupported".
 * The browser's current word (persisted()) wins over the remembered answer: a browser may
 * grant later, or the reader may have cleared the site's data.
 * @returns {Promise<"granted"|"refused"|"not_asked"|"unsupported">}
 */
export async function persistence() {
  const storage = navigator.storage
  if (!storage || typeof storage.persist !== "function") return "unsupported"
  let now = null
  try {
    if (typeof storage.persisted === "function") now = Boolean(await storage.persisted())
  } catch (err) { /* unknown: the remembered answer says */ }
  if (now) return "granted"
  const answer = persistAnswer()
  if (!answer) return "not_asked"
  return answer.granted && now === null ? "granted" : "refused"
}

/**
 * Whether an error is the browser's "storage is full".
 * @param {unknown} err
 * @returns {boolean}
 */
export const isQuotaError = (err) =>
  Boolean(err && (err.name === "QuotaExceededError" || err.name === "NS_ERROR_DOM_QUOTA_REACHED"))
