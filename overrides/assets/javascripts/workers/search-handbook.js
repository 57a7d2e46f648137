/*
 * The site's search worker: Material's own worker, plus two changes.
 *
 * 1. The index is fetched when search is first used, here, off the page's main thread.
 *    Material's page fetches search/search_index.json at every page load and hands it to
 *    this worker (SETUP). hooks/search_index.py makes that file the index's config only,
 *    naming in `config.handbook_docs` the file with the entries (search_docs.json). This
 *    wrapper answers that SETUP itself (READY), and fetches the entries when the page says
 *    the search box got focus (a BroadcastChannel message from overrides/main.html) or when
 *    the first non-empty query comes; then it hands Material's worker the whole index and
 *    the latest query. Results are Material's, as before.
 * 2. Whole-word Chinese queries. Material segments a Chinese query greedily against the
 *    index vocabulary, but its loop stops one character short of the whole query, so
 *    工程服务处 is searched as 工程 服务 处 and pages that merely say 工程 often outrank the
 *    page about 工程服务处. When a Chinese run of the query is itself a word of the index, a
 *    sentinel character is appended so the whole run is tried as one word.
 *
 * overrides/main.html points the page at this file. The name of Material's worker (it
 * carries a content hash) is written in by hooks/search_index.py at build time: a
 * ?worker= parameter would not survive the service worker, which answers from its cache
 * with the URL it stored, and a worker's location is its response's URL.
 */
// An arrow function called at once, not a block: Material's worker, loaded into this same
// global scope by importScripts below, must not see these names.
(() => {
  const SETUP = 0
  const READY = 1
  const QUERY = 2
  const RESULT = 3
  const SENTINEL = "\u3007"  // a Han character (〇) the text never uses
  const words = new Set()

  let docsURL = null      // where this page's entries are, once the page's SETUP named them
  let options = null      // Material's setup options (search.suggest …), handed on
  let ready = false       // Material's worker holds the whole index
  let loading = null      // the fetch and setup under way
  let latest = null       // the newest query that came while loading
  let readyForSetup = null

  const learn = (data) => {
    const separator = new RegExp(data.config.separator)
    for (const doc of data.docs) {
      for (const field of [doc.title, doc.text, doc.parts]) {
        if (!field) continue
        for (const token of field.replace(/<[^>]+>/g, " ").split(separator)) {
          if (token) words.add(token.toLowerCase())
        }
      }
    }
  }

  const widen = (query) => query.replace(/\p{sc=Han}{2,}/gu, (run) => (words.has(run) ? run + SENTINEL : run))

  // Material's worker answers with the global postMessage: the READY of the SETUP handed on
  // here is not the page's business (it had its READY from the stub).
  const post = self.postMessage.bind(self)
  self.postMessage = (...args) => {
    const [message] = args
    if (readyForSetup && message && message.type === READY) {
      const done = readyForSetup
      readyForSetup = null
      return done()
    }
    return post(...args)
  }

  const hand = (message) => self.dispatchEvent(new MessageEvent("message", { data: message }))

  // The entries fetched and handed to Material's worker, once; a failure answers the waiting
  // query with no results, and the next query tries again.
  const load = () => {
    loading ??= (async () => {
      try {
        const response = await fetch(docsURL)
        if (!response.ok) throw new Error(`HTTP ${response.status} for ${docsURL}`)
        const index = await response.json()
        await new Promise((resolve) => {
          readyForSetup = resolve
          hand({ type: SETUP, data: { config: index.config, docs: index.docs, options } })
        })
        ready = true
        if (latest !== null) hand({ type: QUERY, data: latest })
        latest = null
      } catch (err) {
        console.warn("search: the index did not load:", err)
        loading = null  // the next query tries again
        latest = null
        post({ type: RESULT, data: { items: [] } })
      }
    })()
    return loading
  }

  // Registered before Material's worker, so this listener sees each message first.
  self.addEventListener("message", (ev) => {
    const message = ev.data
    if (!message) return
    if (message.type === SETUP && message.data && message.data.config && message.data.config.handbook_docs) {
      ev.stopImmediatePropagation()
      docsURL = new URL(message.data.config.handbook_docs, self.location.href).href
      options = message.data.options
      post({ type: READY })
      return
    }
    if (message.type === SETUP) learn(message.data)
    if (message.type === QUERY && typeof message.data === "string") {
      if (docsURL && !ready) {
        ev.stopImmediatePropagation()
        if (!message.data.trim()) {
          post({ type: RESULT, data: { items: [] } })
        } else {
          latest = message.data
          load()
        }
        return
      }
      message.data = widen(message.data)
    }
  })

  // The page's search box got focus: load now, so the first query finds the index ready.
  if (typeof BroadcastChannel !== "undefined") {
    new BroadcastChannel("handbook-search").onmessage = (ev) => {
      if (docsURL && ev.data && ev.data.load === docsURL) load()
    }
  }

  importScripts(new URL("__MATERIAL_SEARCH_WORKER__", self.location.href).href)
})()
