"""The checklist runs a page's origin holds in IndexedDB (overrides/assets/javascripts/runs-store.js)."""
from __future__ import annotations


def stored_runs(page) -> list[dict]:
    return page.evaluate("""() => new Promise((resolve, reject) => {
      const req = indexedDB.open("handbook-records", 1)
      req.onsuccess = () => { const all = req.result.transaction("runs").objectStore("runs").getAll()
                              all.onsuccess = () => resolve(all.result); all.onerror = () => reject(all.error) }
      req.onerror = () => reject(req.error)
    })""")
