// The handbook's service worker: offline by choice, one build at a time.
// hooks/service_worker.py writes site/sw.js as `const MANIFEST = {build, tiers}` + this file;
// MANIFEST.tiers maps "text" and "calculators" to [path, revision, bytes] rows.
//
// - install: caches the text tier (every page, both search indexes, styles, scripts, icons)
//   and, after an update, every other tier the reader already had. Unchanged files are copied
//   from the old build's caches; the rest are fetched and checked against their revision.
//   The first install takes control at once; an update waits (skipWaiting only on request
//   from offline.js), so a page of the old build that is open keeps its own files.
// - activate: drops every cache of another build.
// - fetch: a page that is neither here nor on the network (offline) is the 404 page of its
//   language; a file of this build is served from its tier's cache; a miss is fetched and, if
//   it is this build's file, cached. A calculators miss goes straight to the network, and the
//   whole tier is cached when the page says a calculator answered ({type: "fill"}). Anything
//   else: the network.
// - message: {type: "status"} → what each tier holds; {type: "keep-all", tiers?} → fetch every
//   tier (or those named), with {type: "progress", tier, done, total, bytes, totalBytes}
//   replies (bytes: the manifest's sizes of the files done); {type: "fill", tier: "calculators"}; {type:
//   "skip-waiting"}. Replies go to event.ports[0].
/* global MANIFEST */
const PREFIX = "handbook-"
const BUILD = MANIFEST.build
const TIERS = Object.keys(MANIFEST.tiers)
const SCOPE = new URL("./", self.location.href) // sw.js sits at the site's root, wherever that is
const REVISION = "x-handbook-revision"
const ENTRIES = new Map() // absolute URL -> {tier, rev, size}
for (const tier of TIERS) {
  for (const [path, rev, size] of MANIFEST.tiers[tier]) ENTRIES.set(new URL(path, SCOPE).href, { tier, rev, size })
}

const cacheName = (tier) => `${PREFIX}${tier}-${BUILD}`
const ofTier = (tier) => [...ENTRIES].filter(([, e]) => e.tier === tier)

// Whether the calculators tier is cached whole: null until known (each time this worker
// starts), then a fetch can be let through to the network without a look at the cache.
let calculatorsCached = null
async function checkCalculators() {
  const has = await caches.has(cacheName("calculators"))
  const keys = has ? await (await caches.open(cacheName("calculators"))).keys() : []
  calculatorsCached = keys.length === ofTier("calculators").length
}
checkCalculators().catch(() => {})

// /conduct/telephone/ is conduct/telephone/index.html; ?seed=… and #… name the same file.
function keyOf(url) {
  const u = new URL(url)
  u.search = ""
  u.hash = ""
  if (u.pathname.endsWith("/")) u.pathname += "index.html"
  return u.href
}

async function revisionOf(body) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body))
  return Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("")
}

function stored(body, entry, contentType) {
  const headers = { [REVISION]: entry.rev }
  if (contentType) headers["content-type"] = contentType
  return new Response(body, { status: 200, headers })
}

// The file of this build, from the network: a newer build's file (the site was updated
// meanwhile) is refused, so a cache never mixes two builds.
async function fetchEntry(url, entry) {
  const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" })
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`)
  const body = await response.arrayBuffer()
  if ((await revisionOf(body)) !== entry.rev) throw new Error(`${url} is not the file of build ${BUILD}`)
  return stored(body, entry, response.headers.get("content-type"))
}

async function oldCaches(tier) {
  const names = (await caches.keys()).filter((n) => n.startsWith(`${PREFIX}${tier}-`) && n !== cacheName(tier))
  return Promise.all(names.map((n) => caches.open(n)))
}

// Fill one tier: copy what an older build's cache holds at the same revision, fetch the rest.
async function fill(tier, progress) {
  const cache = await caches.open(cacheName(tier))
  const olds = await oldCaches(tier)
  const todo = ofTier(tier)
  const totalBytes = todo.reduce((n, [, e]) => n + e.size, 0)
  let done = 0
  let bytes = 0
  let next = 0
  async function one() {
    while (next < todo.length) {
      const [url, entry] = todo[next++]
      if (!(await cache.match(url))) {
        let response = null
        for (const old of olds) {
          const hit = await old.match(url)
          if (hit && hit.headers.get(REVISION) === entry.rev) {
            response = hit
            break
          }
        }
        await cache.put(url, response || (await fetchEntry(url, entry)))
      }
      done++
      bytes += entry.size
      if (progress) progress(done, todo.length, bytes, totalBytes)
    }
  }
  await Promise.all(Array.from({ length: 6 }, one))
}

async function hasTier(tier, build = BUILD) {
  return caches.has(`${PREFIX}${tier}-${build}`)
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const had = []
    for (const tier of TIERS) if (tier !== "text" && (await oldCaches(tier)).length) had.push(tier)
    await fill("text")
    // What a reader had offline stays offline across an update.
    for (const tier of had) await fill(tier)
    if (!self.registration.active) await self.skipWaiting() // first install: no page to keep
  })())
})

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && !name.endsWith("-" + BUILD)) await caches.delete(name)
    }
    await self.clients.claim()
  })())
})

self.addEventListener("fetch", (event) => {
  const request = event.request
  if (request.method !== "GET" || !request.url.startsWith(SCOPE.href)) return
  const url = keyOf(request.url)
  const entry = ENTRIES.get(url)
  if (entry && entry.tier === "calculators" && calculatorsCached === false) {
    // Not cached (yet): the rules worker's fetches go straight to the network, without a
    // detour through this worker while a cold start waits for them.
  } else if (entry) {
    event.respondWith(serve(event, url, entry))
  } else if (request.mode === "navigate") {
    // A server's own bare 404 (a host without the error_page of deploy/nginx) is the site's too.
    event.respondWith(navigate(request))
  }
})

// A page not in the manifest, from the network: the server's own bare 404, or no network at
// all, is the site's 404 page.
async function navigate(request) {
  let response
  try {
    response = await fetch(request)
  } catch {
    return notFound(request.url)
  }
  return response.status === 404 ? notFound(request.url, response) : response
}

async function serve(event, url, entry) {
  const cache = await caches.open(cacheName(entry.tier))
  const hit = await cache.match(url)
  if (hit) return hit
  let response
  try {
    response = await fetch(event.request)
  } catch (err) {
    if (event.request.mode === "navigate") return notFound(url)
    throw err
  }
  // A calculator's files pass straight through: hashing and storing 13 MB here, while a cold
  // start waits for them, would slow it down; the whole tier is cached when rules-widget.js
  // says the first answer is shown ({type: "fill"}).
  if (response.ok && response.type === "basic" && entry.tier !== "calculators") {
    const copy = response.clone()
    event.waitUntil((async () => {
      const body = await copy.arrayBuffer()
      if ((await revisionOf(body)) === entry.rev) await cache.put(url, stored(body, entry, copy.headers.get("content-type")))
    })().catch(() => {}))
  }
  return response
}

// The "not found" page of the URL's language (en/404.html under en/, else the Chinese one).
async function notFound(url, response) {
  const en = new URL(url).href.startsWith(new URL("en/", SCOPE).href)
  const page = await caches.match(new URL(en ? "en/404.html" : "404.html", SCOPE).href, { cacheName: cacheName("text") })
  return page ? new Response(await page.arrayBuffer(), { status: 404, headers: { "content-type": "text/html" } })
    : response || Response.error()
}

async function status() {
  const tiers = {}
  for (const tier of TIERS) {
    const entries = ofTier(tier)
    const cached = (await hasTier(tier))
      ? new Set((await (await caches.open(cacheName(tier))).keys()).map((r) => r.url)) : new Set()
    const missing = entries.filter(([url]) => !cached.has(url))
    tiers[tier] = {
      files: entries.length,
      missing: missing.length,
      bytes: entries.reduce((n, [, e]) => n + e.size, 0),
      missingBytes: missing.reduce((n, [, e]) => n + e.size, 0),
    }
  }
  return { type: "status", build: BUILD, tiers }
}

self.addEventListener("message", (event) => {
  const message = event.data || {}
  const port = event.ports && event.ports[0]
  const reply = (data) => port && port.postMessage(data)
  if (message.type === "skip-waiting") {
    self.skipWaiting()
  } else if (message.type === "fill" && message.tier === "calculators") {
    event.waitUntil(fill("calculators").then(checkCalculators).catch(() => {}))
  } else if (message.type === "status") {
    event.waitUntil(status().then(reply))
  } else if (message.type === "keep-all") {
    event.waitUntil((async () => {
      try {
        // message.tiers: only these (rules-widget.js keeps the calculators alone).
        const tiers = TIERS.filter((t) => !message.tiers || message.tiers.includes(t))
        for (const tier of tiers) {
          await fill(tier, (done, total, bytes, totalBytes) => reply({ type: "progress", tier, done, total, bytes, totalBytes }))
        }
        await checkCalculators()
        reply({ ...(await status()), type: "done" })
      } catch (err) {
        reply({ type: "failed", message: String((err && err.message) || err) })
      }
    })())
  }
})
