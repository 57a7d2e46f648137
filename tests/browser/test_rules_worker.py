"""The rules worker runs service_norms under the site's own Pyodide in Chromium.

overrides/assets/javascripts/workers/rules-worker.js, served from site/, is given the
vendored Pyodide folder in its URL; the `desktop` fixture fails the test on any request
off 127.0.0.1, so loading really comes from the site.
"""
from __future__ import annotations

import json

import pytest

from site_pages import SITE

from service_norms.browser import answer as cpython_answer

# The Pyodide release package.json pins, as npm installed it: the snapshot's key names it.
PYODIDE_VERSION = json.loads((SITE.parent / "node_modules" / "pyodide" / "package.json").read_text())["version"]

pytestmark = pytest.mark.browser

# Creates the worker as a page would, posts one request at once (before "ready": the worker
# queues it) and collects every message until the answer, a failure or a timeout.
RUN_WORKER = """async ({request, timeoutMs}) => {
  const pyodideURL = new URL("assets/vendor/pyodide/", location.href).href
  const workerURL = new URL("assets/javascripts/workers/rules-worker.js?pyodide=" +
                            encodeURIComponent(pyodideURL), location.href)
  const t0 = performance.now()
  const worker = new Worker(workerURL, {type: "module"})
  const messages = []
  const result = await new Promise((resolve) => {
    const done = (outcome) => resolve({outcome, messages, ms: Math.round(performance.now() - t0)})
    const timer = setTimeout(() => done("timeout"), timeoutMs)
    worker.onerror = (e) => { clearTimeout(timer); done("onerror: " + (e.message || e.type)) }
    worker.onmessage = (e) => {
      messages.push({...e.data, ms: Math.round(performance.now() - t0)})
      if (e.data.failed !== undefined || e.data.id === 1) { clearTimeout(timer); done("message") }
    }
    worker.postMessage({id: 1, request})
  })
  worker.terminate()
  return result
}"""


def run_worker(page, request, timeout_ms=60_000):
    return page.evaluate(RUN_WORKER, {"request": request, "timeoutMs": timeout_ms})


def test_worker_answers_ping_after_runtime_packages_ready(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/")
    request = json.dumps({"fn": "ping"})
    result = run_worker(page, request)
    assert result["outcome"] == "message", result
    progress = [m["progress"] for m in result["messages"] if "progress" in m]
    assert progress == ["runtime", "packages", "ready"], result
    final = result["messages"][-1]
    assert "error" not in final and "failed" not in final, final
    assert final["id"] == 1
    assert json.loads(final["answer"]) == {"ok": True, "result": "pong"}
    assert final["answer"] == cpython_answer(request)
    ready_ms = next(m["ms"] for m in result["messages"] if m.get("progress") == "ready")
    print(f"\nrules worker (cold): ready after {ready_ms} ms, first answer after {final['ms']} ms")


def test_worker_from_an_english_page_and_a_request_that_is_not_a_string(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/en/")
    result = page.evaluate("""async () => {
      const pyodideURL = new URL("../assets/vendor/pyodide/", location.href).href
      const worker = new Worker(new URL("../assets/javascripts/workers/rules-worker.js?pyodide=" +
                                        encodeURIComponent(pyodideURL), location.href), {type: "module"})
      const answers = {}
      await new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error("timeout")), 60000)
        worker.onmessage = (e) => {
          if (e.data.failed !== undefined) reject(new Error(e.data.failed))
          if (e.data.id !== undefined) answers[e.data.id] = e.data
          if (answers[1] && answers[2]) resolve()
        }
        worker.postMessage({id: 1, request: {fn: "ping"}})
        worker.postMessage({id: 2, request: '{"fn": "ping"}'})
      })
      worker.terminate()
      return answers
    }""")
    assert "request must be a JSON string" in result["1"]["error"]
    assert json.loads(result["2"]["answer"]) == {"ok": True, "result": "pong"}


def test_a_missing_wheel_is_reported_as_failed_not_ignored(desktop, site_url):
    """loadPackage only calls errorCallback on a 404: the worker must turn that into {failed}."""
    page = desktop.new_page()
    page.route("**/assets/vendor/pyodide/service_norms-*.whl", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(site_url + "/")
    result = run_worker(page, json.dumps({"fn": "ping"}))
    assert result["outcome"] == "message", result
    failed = [m["failed"] for m in result["messages"] if "failed" in m]
    assert failed and "service" in failed[0].lower(), result
    assert not any(m.get("progress") == "ready" for m in result["messages"]), result


def test_a_pyodide_folder_on_another_host_is_refused_without_a_request(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/")
    failed = page.evaluate("""async () => {
      const worker = new Worker(new URL("assets/javascripts/workers/rules-worker.js?pyodide=" +
                                        encodeURIComponent("https://cdn.example.org/pyodide/"), location.href),
                                {type: "module"})
      const failed = await new Promise((resolve) => {
        setTimeout(() => resolve("timeout"), 20000)
        worker.onmessage = (e) => { if (e.data.failed !== undefined) resolve(e.data.failed) }
      })
      worker.terminate()
      return failed
    }""")
    assert "must be on this site" in failed  # and the fixture checks nothing was requested off the site


# --- memory snapshot: stored after a full load, restored by the next worker -----------------

# The rules worker keeps its snapshot in IndexedDB: database "handbook-rules", store
# "snapshots", records "service-norms" (key, hashes, site-packages files) and
# "service-norms:heap" (the memory image). These run in the page, same origin as the worker.
SNAPSHOT_STORE = """async ({op, text}) => {
  const cache = await import(new URL("assets/javascripts/workers/snapshot-cache.js", location.href))
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open("handbook-rules")
    open.onsuccess = () => resolve(open.result)
    open.onerror = () => reject(open.error)
  })
  if (!db.objectStoreNames.contains("snapshots")) { db.close(); return null }
  const tx = (mode, use) => new Promise((resolve, reject) => {
    const t = db.transaction("snapshots", mode)
    const req = use(t.objectStore("snapshots"))
    t.oncomplete = () => resolve(req && req.result)
    t.onerror = () => reject(t.error)
  })
  try {
    const meta = await tx("readonly", (s) => s.get("service-norms"))
    const heap = await tx("readonly", (s) => s.get("service-norms:heap"))
    if (op === "read") {
      return meta && {key: meta.key, saved: meta.saved, files: meta.files.map(([path]) => path),
                      heapBytes: heap ? heap.size : 0, storedBytes: heap ? heap.data.length : 0, size: meta.size,
                      heapIntact: !!heap && (await cache.heapDigest(heap)) === meta.heapHash}
    }
    if (op === "contains") {  // is this text, as UTF-8, anywhere in the memory image?
      const image = cache.unpackHeap(heap), needle = new TextEncoder().encode(text)
      for (let i = image.indexOf(needle[0]); i >= 0; i = image.indexOf(needle[0], i + 1)) {
        if (needle.every((b, j) => image[i + j] === b)) return true
      }
      return false
    }
    if (op === "stale") { meta.key = "0 " + meta.key; await tx("readwrite", (s) => s.put(meta, "service-norms")) }
    if (op === "corrupt") {  // one byte in the middle of the memory image
      heap.data[heap.data.length >> 1] ^= 0xff
      await tx("readwrite", (s) => s.put(heap, "service-norms:heap"))
    }
    if (op === "foreign") {  // consistent hashes, but not a Pyodide memory image: restoring throws
      const junk = {...heap, data: new Uint8Array(heap.data.length).fill(7)}
      meta.heapHash = await cache.heapDigest(junk)
      await tx("readwrite", (s) => { s.put(junk, "service-norms:heap"); s.put(meta, "service-norms") })
    }
    if (op === "other-stdlib") { meta.stdlib = "0".repeat(64); await tx("readwrite", (s) => s.put(meta, "service-norms")) }
    if (op === "missing-image") await tx("readwrite", (s) => s.delete("service-norms:heap"))
    return op
  } finally {
    db.close()
  }
}"""

# Starts a worker, posts every request at once and collects all messages until each is answered.
# With keep, the worker is left running: it stores its snapshot after answering.
RUN_REQUESTS = """async ({requests, timeoutMs, keep}) => {
  const pyodideURL = new URL("assets/vendor/pyodide/", location.href).href
  const worker = new Worker(new URL("assets/javascripts/workers/rules-worker.js?pyodide=" +
                                    encodeURIComponent(pyodideURL), location.href), {type: "module"})
  const messages = [], answers = {}
  const outcome = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), timeoutMs)
    worker.onerror = (e) => { clearTimeout(timer); resolve("onerror: " + (e.message || e.type)) }
    worker.onmessage = (e) => {
      messages.push(e.data)
      if (e.data.failed !== undefined) { clearTimeout(timer); resolve("failed") }
      if (e.data.id !== undefined) answers[e.data.id] = e.data
      if (Object.keys(answers).length === requests.length) { clearTimeout(timer); resolve("answered") }
    }
    requests.forEach((request, i) => worker.postMessage({id: i + 1, request}))
  })
  if (!keep) worker.terminate()
  return {outcome, progress: messages.filter((m) => m.progress).map((m) => m.progress),
          answers: requests.map((_, i) => answers[i + 1] || null)}
}"""


def _requests() -> list[str]:
    from rule_data import LEVELS
    # Time zones (tzdata's files in site-packages), holidays (chinesecalendar), both languages, an error.
    return [json.dumps(r, ensure_ascii=False) for r in [
        {"fn": "ping"},
        {"fn": "deadline", "lang": "zh", "levels": LEVELS,
         "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": "complaint-resolve", "other_zone": "Europe/Berlin"}},
        {"fn": "deadline", "lang": "en", "levels": LEVELS,
         "args": {"start": "2025-03-30T01:30", "zone": "Europe/Berlin", "limit": "onsite-same-city", "other_zone": "America/New_York"}},
        {"fn": "deadline", "lang": "en", "levels": LEVELS,
         "args": {"start": "2025-03-30T02:30", "zone": "Europe/Berlin", "limit": "phone-contact"}},
        {"fn": "escalate", "lang": "zh", "levels": LEVELS,
         "args": {"severity": "major", "elapsed_minutes": 500, "restored_at_minutes": 300, "key_customer": True}},
    ]]


def _run(page, requests, keep=False):
    result = page.evaluate(RUN_REQUESTS, {"requests": requests, "timeoutMs": 90_000, "keep": keep})
    assert result["outcome"] == "answered", result
    for request, message in zip(requests, result["answers"]):
        assert "error" not in message, message
        assert message["answer"] == cpython_answer(request), request
    return result["progress"]


def _stored(page, replacing=None, timeout_s=30):
    """The snapshot record once it is in IndexedDB (the worker stores it after its first
    answers); with `replacing`, a record saved after that one, under the same key."""
    for _ in range(timeout_s * 10):
        record = page.evaluate(SNAPSHOT_STORE, {"op": "read", "text": ""})
        if record and record["heapIntact"] and (
                replacing is None or (record["saved"] != replacing["saved"] and record["key"] == replacing["key"])):
            return record
        page.wait_for_timeout(100)
    pytest.fail(f"no snapshot stored within {timeout_s} s: {record}")


def test_the_next_worker_restores_the_snapshot_and_answers_like_cpython(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/")
    requests = _requests()
    assert _run(page, requests, keep=True) == ["runtime", "packages", "ready"]
    record = _stored(page)
    # format, the Pyodide version pinned in package.json, the lock's hash
    assert record["key"].startswith(f"3 {PYODIDE_VERSION} "), record["key"]
    assert record["heapBytes"] > 10_000_000
    # Stored packed: the pages Python never wrote are left out (about 12 of 31 MB are kept).
    assert record["storedBytes"] < 0.6 * record["heapBytes"], record
    # The image's size is in the small record: a restore sizes Pyodide's memory by it while
    # the image itself is still being read.
    assert record["size"] == record["heapBytes"], record
    # site-packages as the worker left it: the three wheels, each on sys.path as it is.
    lock = json.loads((SITE / "assets/vendor/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    assert sorted(record["files"]) == sorted(lock["packages"][n]["file_name"]
                                             for n in ("chinesecalendar", "service-norms", "tzdata"))
    # A new worker (as on the next visit) restores it: no start-up, no install, same answers.
    assert _run(page, requests) == ["runtime", "snapshot", "ready"]
    # And again from an English page: the same site, the same snapshot.
    page.goto(site_url + "/en/")
    result = page.evaluate(RUN_REQUESTS.replace('"assets/', '"../assets/'),
                           {"requests": requests[:2], "timeoutMs": 90_000, "keep": False})
    assert result["progress"] == ["runtime", "snapshot", "ready"], result
    assert [m["answer"] for m in result["answers"]] == [cpython_answer(r) for r in requests[:2]]


@pytest.mark.parametrize("damage", ["stale", "corrupt", "foreign", "other-stdlib", "missing-image"])
def test_a_stale_or_damaged_snapshot_falls_back_to_a_full_load_and_is_replaced(desktop, site_url, damage):
    """stale: another build's key; corrupt: one byte of the image flipped; foreign: an image
    with matching hashes that is not Pyodide's (restoring throws); other-stdlib: made with
    another python_stdlib.zip (found after restoring); missing-image: half a record."""
    page = desktop.new_page()
    warnings = []
    page.on("worker", lambda w: w.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None))
    page.goto(site_url + "/")
    requests = _requests()
    _run(page, requests[:1], keep=True)
    good = _stored(page)
    assert page.evaluate(SNAPSHOT_STORE, {"op": damage, "text": ""}) == damage
    assert _run(page, requests, keep=True) == ["runtime", "packages", "ready"]
    if damage != "stale":  # a stale key is simply not tried
        assert any("snapshot was not used" in w for w in warnings), warnings
    # The full load stored a fresh, intact snapshot for this build, which the next worker uses.
    _stored(page, replacing=good)
    assert _run(page, requests) == ["runtime", "snapshot", "ready"]


def test_where_indexeddb_refuses_the_worker_loads_fully_every_time(desktop, site_url):
    """As in private modes that refuse IndexedDB: no snapshot is made or read, nothing fails."""
    def refuse_indexeddb(route):
        body = route.fetch().text()
        route.fulfill(content_type="text/javascript", body=(
            'IDBFactory.prototype.open = function () { throw new DOMException("refused", "InvalidStateError") }\n'
            + body))
    page = desktop.new_page()
    page.route("**/workers/rules-worker.js*", refuse_indexeddb)
    warnings = []
    page.on("worker", lambda w: w.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None))
    page.goto(site_url + "/")
    requests = _requests()[:2]
    for _ in range(2):
        assert _run(page, requests, keep=True) == ["runtime", "packages", "ready"]
        page.wait_for_timeout(1000)  # time enough to store a snapshot, had one been made
    assert not warnings, warnings


def test_the_snapshot_is_taken_after_the_first_answers(desktop, site_url):
    """The copy is made once the queued requests are answered (not before, which delayed the
    first answer by the copy): a marker only the first request carried is in the image."""
    page = desktop.new_page()
    page.goto(site_url + "/")
    from rule_data import LEVELS
    marker = "Snapshot/Marker_q7Xv"
    first = json.dumps({"fn": "deadline", "lang": "en", "levels": LEVELS,
                        "args": {"start": "2025-09-30T16:00", "zone": marker, "limit": "phone-contact"}})
    assert marker in cpython_answer(first)  # the rules name the zone they cannot find
    assert _run(page, [first], keep=True) == ["runtime", "packages", "ready"]
    _stored(page)
    assert page.evaluate(SNAPSHOT_STORE, {"op": "contains", "text": marker}) is True
    assert page.evaluate(SNAPSHOT_STORE, {"op": "contains", "text": marker[::-1]}) is False  # the search can say no


PACK_ROUND_TRIP = """async () => {
  const cache = await import(new URL("assets/javascripts/workers/snapshot-cache.js", location.href))
  // Four pages and a short fifth: page 1 and 3 empty, a byte at each end of page 2, a tail.
  const image = new Uint8Array(4 * 4096 + 100)
  image[0] = 1; image[2 * 4096] = 2; image[3 * 4096 - 1] = 3; image[image.length - 1] = 4
  const packed = cache.packHeap(image)
  const back = cache.unpackHeap(packed)
  // An image that does not start on a 4-byte boundary is packed the same.
  const shifted = new Uint8Array(image.length + 1); shifted.set(image, 1)
  const again = cache.packHeap(shifted.subarray(1))
  let error = null
  try { cache.unpackHeap({...packed, data: packed.data.subarray(1)}) } catch (e) { error = e.message }
  return {pages: Array.from(packed.pages), stored: packed.data.length, same: back.length === image.length && back.every((b, i) => b === image[i]),
          shiftedPages: Array.from(again.pages), digestsMatch: (await cache.heapDigest(packed)) === (await cache.heapDigest(again)),
          error}
}"""


def test_the_memory_image_packs_to_its_written_pages_and_back(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/")
    result = page.evaluate(PACK_ROUND_TRIP)
    assert result["pages"] == [0, 2, 4] and result["stored"] == 2 * 4096 + 100, result
    assert result["same"] and result["shiftedPages"] == [0, 2, 4] and result["digestsMatch"], result
    assert "bytes for pages of" in result["error"], result


def test_the_wasm_is_fetched_once_and_before_the_loader_asks_for_it(desktop, site_url):
    """The worker compiles Pyodide's wasm from its first moment (compileEarly), not once
    loadPyodide gets to it, and hands Pyodide that download: one request for the file."""
    page = desktop.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url.split("?")[0].rsplit("/", 1)[-1]))
    page.goto(site_url + "/")
    result = run_worker(page, json.dumps({"fn": "ping"}))
    assert json.loads(result["messages"][-1]["answer"]) == {"ok": True, "result": "pong"}, result
    assert requested.count("pyodide.asm.wasm") == 1, requested
    assert requested.index("pyodide.asm.wasm") < requested.index("pyodide.mjs"), requested
