// The rules worker's snapshot cache (rules-worker.js): a Pyodide memory snapshot in IndexedDB.
//
// Database "handbook-rules", object store "snapshots", two records replaced together by each
// save: META {key, size, stdlib, heapHash, files, saved} (small; size: the memory image's
// bytes) and HEAP, the memory image packed (see packHeap). The worker decides what a
// snapshot is valid for (its key) and checks it when restoring; this module stores, reads
// and deletes, and packs and unpacks the image. Every function rejects when IndexedDB is
// missing or refuses, and the worker then loads Python normally.
const DB_NAME = "handbook-rules"
const STORE = "snapshots"
export const META = "service-norms"
export const HEAP = "service-norms:heap"

/** The snapshots' database, created on first use. @returns {Promise<IDBDatabase>} */
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

/** The record `name` (META or HEAP), or null. @returns {Promise<Object|null>} */
export async function readRecord(db, name) {
  return (await withStore(db, "readonly", (store) => store.get(name))) || null
}

/** Both records deleted, in one transaction. @returns {Promise<void>} */
export function deleteSnapshot(db) {
  return withStore(db, "readwrite", (store) => {
    store.delete(META)
    store.delete(HEAP)
  })
}

/**
 * A snapshot stored: the memory image packed (HEAP) and what it is valid for (META).
 * @param {IDBDatabase|Promise<IDBDatabase>} db
 * @param {string} key what the snapshot is valid for (the worker's format, version and lock)
 * @param {{heap: Uint8Array, files: Array, stdlib: Uint8Array}} snapshot
 */
export async function saveSnapshot(db, key, { heap, files, stdlib }) {
  const packed = packHeap(heap)
  const [stdlibHash, heapHash] = await Promise.all([sha256(stdlib), heapDigest(packed)])
  const meta = { key, size: heap.length, stdlib: stdlibHash, heapHash, files, saved: new Date().toISOString() }
  // One transaction: a reader sees both new records or neither.
  await withStore(db, "readwrite", (store) => {
    store.put(packed, HEAP)
    store.put(meta, META)
  })
}

// The memory image (~31 MB) is mostly pages Python never wrote: ~12 MB hold anything. It is
// stored as {size, pages, data}: the numbers of the 4 KiB pages that are not all zero, and
// those pages one after another (the image's last page may be short). Reading the image from
// IndexedDB is the first thing a warm start waits for, so it reads, and hashes, a third.
const PAGE = 4096

/** The memory image as {size, pages, data}: its pages that are not all zero (above). */
export function packHeap(heap) {
  const pages = []
  const words = heap.byteOffset % 4 === 0 ? new Uint32Array(heap.buffer, heap.byteOffset, heap.byteLength >> 2) : null
  for (let start = 0; start < heap.length; start += PAGE) {
    const end = Math.min(start + PAGE, heap.length)
    if (!allZero(heap, words, start, end)) pages.push(start / PAGE)
  }
  const data = new Uint8Array(pages.reduce((n, page) => n + Math.min(PAGE, heap.length - page * PAGE), 0))
  let at = 0
  for (const page of pages) {
    const bytes = heap.subarray(page * PAGE, Math.min((page + 1) * PAGE, heap.length))
    data.set(bytes, at)
    at += bytes.length
  }
  return { size: heap.length, pages: Uint32Array.from(pages), data }
}

/** A packed image back into `heap` if given (zeroed, of the image's size), else a new array. */
export function unpackHeap({ size, pages, data }, heap = new Uint8Array(size)) {
  if (heap.length !== size) throw new Error(`the memory image has ${size} bytes, not the ${heap.length} expected`)
  let at = 0
  for (const page of pages) {
    const length = Math.min(PAGE, size - page * PAGE)
    heap.set(data.subarray(at, at + length), page * PAGE)
    at += length
  }
  if (at !== data.length) throw new Error(`the memory image has ${data.length} bytes for pages of ${at}`)
  return heap
}

/** What META.heapHash holds for a packed image: its pages' bytes and their places. */
export async function heapDigest({ size, pages, data }) {
  const [where, what] = await Promise.all([sha256(new Uint8Array(pages.buffer, pages.byteOffset, pages.byteLength)), sha256(data)])
  return `${size} ${where} ${what}`
}

function allZero(heap, words, start, end) {
  if (words && end - start === PAGE) {
    for (let i = start >> 2, stop = end >> 2; i < stop; i++) if (words[i] !== 0) return false
    return true
  }
  for (let i = start; i < end; i++) if (heap[i] !== 0) return false
  return true
}

/** The SHA-256 of the bytes, in hex. @returns {Promise<string>} */
export async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
}
