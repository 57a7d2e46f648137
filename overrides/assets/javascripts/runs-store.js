// Checklist runs in IndexedDB (database "handbook-records", store "runs", one record per run,
// key `id`): kept across reloads, offline visits and new builds of the site (a service
// worker update replaces cached files, never this database).
//
// openStore() resolves to a store, or to null where the browser refuses storage (disabled,
// private mode, blocked): the page then says so before anything is ticked and keeps the
// run in memory for export. `room()` tells whether the origin's quota is nearly used up.
var DB = "handbook-records"
var STORE = "runs"
var LOW_BYTES = 1024 * 1024 // less free room than this: warn before ticking

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
    req.onsuccess = function () { clearTimeout(timer); resolve(wrap(req.result)) }
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
        var store = tx("readwrite")
        runs.forEach(function (r) { store.put(r) })
        return done(store.transaction)
      } catch (err) {
        return Promise.reject(err) // e.g. a closed database: the caller says so
      }
    },
    remove: function (id) {
      var store = tx("readwrite")
      store.delete(id)
      return done(store.transaction)
    }
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
