"""The checklist runs a page's origin holds in IndexedDB (overrides/assets/javascripts/runs-store.js)."""
from __future__ import annotations


def stored_runs(page) -> list[dict]:
    return page.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("handbook-records")
      req.onsuccess = () => { const all = req.result.transaction("runs").objectStore("runs").getAll()
                              all.onsuccess = () => resolve(all.result); all.onerror = () => reject(all.error) }
      req.onerror = () => reject(req.error)
    })""")


def wait_for_ticks(page, ticks: list[str], timeout_ms: int = 10_000) -> None:
    """Until the page's one run holds exactly `ticks`: a tick is saved a moment after the tap,
    and a reload sooner would show the state before it."""
    for _ in range(timeout_ms // 100):
        runs = stored_runs(page)
        if len(runs) == 1 and sorted(runs[0]["ticks"]) == sorted(ticks):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the stored run never held the ticks {sorted(ticks)}: {stored_runs(page)}")
