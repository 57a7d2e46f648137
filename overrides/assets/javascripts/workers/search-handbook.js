/*
 * The site's search worker: Material's own worker, plus one fix for Chinese queries.
 *
 * Material segments a Chinese query greedily against the index vocabulary, but its loop
 * stops one character short of the whole query, so 工程服务处 is searched as 工程 服务 处
 * and pages that merely say 工程 often outrank the page about 工程服务处. When a Chinese
 * run of the query is itself a word of the index, a sentinel character is appended so
 * the whole run is tried as one word. Runs that are not words are left as they are.
 *
 * overrides/main.html points the page at this file. The name of Material's worker (it
 * carries a content hash) is written in by hooks/search_index.py at build time: a
 * ?worker= parameter would not survive the service worker, which answers from its
 * precache with the URL it stored, and a worker's location is its response's URL.
 */
(function () {
  var SETUP = 0, QUERY = 2
  var SENTINEL = "\u3007"  // a Han character (〇) the text never uses
  var words = new Set()

  function learn(data) {
    var separator = new RegExp(data.config.separator)
    data.docs.forEach(function (doc) {
      [doc.title, doc.text, doc.parts].forEach(function (field) {
        if (!field) return
        field.replace(/<[^>]+>/g, " ").split(separator).forEach(function (token) {
          if (token) words.add(token.toLowerCase())
        })
      })
    })
  }

  function widen(query) {
    return query.replace(/\p{sc=Han}{2,}/gu, function (run) {
      return words.has(run) ? run + SENTINEL : run
    })
  }

  // Registered before Material's worker, so this listener sees each message first.
  self.addEventListener("message", function (ev) {
    var message = ev.data
    if (message && message.type === SETUP) learn(message.data)
    if (message && message.type === QUERY && typeof message.data === "string")
      message.data = widen(message.data)
  })

  importScripts(new URL("__MATERIAL_SEARCH_WORKER__", self.location.href).href)
})()
