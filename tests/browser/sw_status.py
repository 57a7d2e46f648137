"""What the service worker (hooks/sw.js) says it holds, asked as offline.js asks it
({type: "status"}), and a wait on it."""
from __future__ import annotations

STATUS = """() => new Promise((resolve) => {
  const worker = navigator.serviceWorker.controller
  if (!worker) return resolve(null)
  const channel = new MessageChannel()
  channel.port1.onmessage = (e) => resolve(e.data)
  worker.postMessage({type: "status"}, [channel.port2])
})"""


def missing(page, tier: str) -> int | None:
    """How many files of `tier` the service worker lacks; None while no worker controls the page."""
    status = page.evaluate(STATUS)
    return None if status is None else status["tiers"][tier]["missing"]


def wait_until_cached(page, tier: str, timeout_ms: int = 60_000) -> None:
    """Until the service worker holds every file of `tier`. Polled with page.evaluate: a
    wait_for_function on a promise does not wait for its value (tests/browser/test_waits.py)."""
    for _ in range(timeout_ms // 250):
        if missing(page, tier) == 0:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the service worker still lacks {missing(page, tier)} {tier} file(s) after {timeout_ms} ms")
