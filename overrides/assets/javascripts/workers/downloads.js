// The rules worker's downloads, watched (imported by rules-worker.js; a module of the
// calculators tier, as every module the worker imports).
//
// - Every wait has a bound: an attempt that gets no headers, or no new bytes, for STALL_MS
//   is given up.
// - A lost connection pauses a download; it goes on when the connection returns (the
//   `online` event, or a retry every RETRY_MS, whichever comes first), from the byte it had
//   reached: the bytes already received are kept, and the same count is skipped in the new
//   response. While the browser says it is online, a file is given up after ATTEMPTS failed
//   attempts, with the reason.
// - The bytes received are reported as they arrive: report(name, {loaded, total, waiting, done}),
//   `total` the file's length when the response says it (Content-Length of an unencoded
//   body), else null; `waiting` "offline" or "retrying" while paused, else null.
//
// Two ways to hand a response over:
// - buffered (the default): the whole body is read here, with the resumes above, and the
//   caller gets a Response of those bytes;
// - streamed (`stream: true`, for pyodide.asm.wasm): the network's own response is handed
//   over at once (compiling streams while it downloads, and the browser's wasm code cache
//   keys on its URL), and a clone is read here only to count and to watch for a stall. A
//   connection lost mid-body then fails the caller's stream; the caller fetches again
//   (compileEarly's fallback in rules-worker.js), which waits for the connection here.

export const STALL_MS = 20000
const RETRY_MS = 3000
const ATTEMPTS = 4

/** A promise that settles when the connection may be back: `online`, or RETRY_MS. */
function connection() {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      self.removeEventListener("online", done)
      resolve()
    }
    const timer = setTimeout(done, RETRY_MS)
    self.addEventListener("online", done)
  })
}

function text(err) {
  return (err && err.message) || String(err)
}

/**
 * A fetch that watches the downloads of URLs under `folder` and passes the rest to `nativeFetch`.
 * @param {typeof fetch} nativeFetch the fetch to wrap
 * @param {string} folder absolute URL; files under it are watched, by their name in it
 * @param {(name: string, state: {loaded: number, total: number|null, waiting: string|null}) => void} report
 * @param {(url: string) => boolean} [streamed] which files are handed over streamed
 * @returns {typeof fetch}
 */
export function watchedFetch(nativeFetch, folder, report, streamed = () => false) {
  // A function, not an arrow: the browser's fetch is called with the `this` it was called with.
  return async function watched(input, init) {
    const url = String(input instanceof Request ? input.url : input)
    if (!url.startsWith(folder)) return nativeFetch.call(this, input, init)
    const name = url.slice(folder.length).split(/[?#]/)[0]
    const chunks = []
    let loaded = 0
    let total = null
    let failures = 0
    for (;;) {
      const controller = new AbortController()
      let timer = null
      const arm = () => {
        clearTimeout(timer)
        timer = setTimeout(() => controller.abort(new Error(`no data for ${STALL_MS / 1000} s`)), STALL_MS)
      }
      arm()
      try {
        const response = await nativeFetch(url, { ...init, signal: controller.signal })
        if (!response.ok) {
          clearTimeout(timer)
          return response // an HTTP error is the caller's to report, with its status
        }
        total = response.headers.get("content-encoding") ? null : Number(response.headers.get("content-length")) || null
        report(name, { loaded, total, waiting: null })
        if (streamed(url)) {
          count(response.clone(), name, total, report, arm).finally(() => clearTimeout(timer))
          return response
        }
        const reader = response.body.getReader()
        let skip = loaded // the bytes this attempt repeats
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          arm()
          const chunk = skip ? value.subarray(Math.min(skip, value.length)) : value
          skip -= value.length - chunk.length
          if (!chunk.length) continue
          chunks.push(chunk)
          loaded += chunk.length
          report(name, { loaded, total, waiting: null })
        }
        clearTimeout(timer)
        report(name, { loaded, total, waiting: null, done: true })
        return new Response(new Blob(chunks), { status: response.status, statusText: response.statusText, headers: response.headers })
      } catch (err) {
        clearTimeout(timer)
        if (navigator.onLine && ++failures >= ATTEMPTS) throw new Error(`${name}: ${text(err)} (${ATTEMPTS} attempts)`)
        report(name, { loaded, total, waiting: navigator.onLine ? "retrying" : "offline" })
        await connection()
      }
    }
  }
}

// The bytes of a streamed response, counted from its clone; a stall aborts both.
async function count(clone, name, total, report, arm) {
  let loaded = 0
  try {
    const reader = clone.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return report(name, { loaded, total, waiting: null, done: true })
      arm()
      loaded += value.length
      report(name, { loaded, total, waiting: null })
    }
  } catch (err) {
    report(name, { loaded, total, waiting: navigator.onLine ? "retrying" : "offline" })
  }
}
