"""The rules worker runs service_norms under the site's own Pyodide in Chromium.

overrides/assets/javascripts/workers/rules-worker.js, served from site/, is given the
vendored Pyodide folder in its URL; the `desktop` fixture fails the test on any request
off 127.0.0.1, so loading really comes from the site.
"""
from __future__ import annotations

import json

import pytest

from service_norms.browser import answer as cpython_answer

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
