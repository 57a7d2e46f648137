// The rules worker's snapshot cache (rules-worker.js): a Pyodide memory snapshot in IndexedDB.
//
// Database "handbook-rules", object store "snapshots", two records replaced together by each
// save: META {key, stdlib, heapHash, files, saved} (small) and HEAP, the memory image (~31 MB).
// The worker decides what a snapshot is valid for (its key) and checks it when restoring;
// this module only stores, reads and deletes. Every function rejects when IndexedDB is
// missing or refuses, and the worker then loads Python normally.
const DB_NAME = "handbook-rules"
const STORE = "snapshots"
export const META = "service-norms"
export const HEAP = "service-norms:heap"

export function openDB() {
  return new Promise((resolve, reject) => {
    const req = self.indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => req.result.createObjectStore(STORE)
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close()
      resolve(req.result)
    }
    req.onerror = () => reject(req.error)
    req.onblocked = () => reject(new Error("IndexedDB blocked"))
  })
}

async function withStore(db, mode, use) {
  const conn = await db
  if (!conn) throw new Error("IndexedDB is not available")
  return new Promise((resolve, reject) => {
    const tx = conn.transaction(STORE, mode)
    const req = use(tx.objectStore(STORE))
    tx.oncomplete = () => resolve(req && req.result)
    tx.onerror = tx.onabort = () => reject(tx.error || new Error("IndexedDB transaction aborted"))
  })
}

export async function readRecord(db, name) {
  return (await withStore(db, "readonly", (store) => store.get(name))) || null
}

export function deleteSnapshot(db) {
  return withStore(db, "readwrite", (store) => {
    store.delete(META)
    store.delete(HEAP)
  })
}

export async function saveSnapshot(db, key, { heap, files, stdlib }) {
  const [stdlibHash, heapHash] = await Promise.all([sha256(stdlib), sha256(heap)])
  const meta = { key, stdlib: stdlibHash, heapHash, files, saved: new Date().toISOString() }
  // One transaction: a reader sees both new records or neither.
  await withStore(db, "readwrite", (store) => {
    store.put(heap, HEAP)
    store.put(meta, META)
  })
}

export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
}
