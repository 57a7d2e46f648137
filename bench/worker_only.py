"""The rules worker alone: the calculator page's own worker and service worker on an empty page
of the same site, so the benchmark shows how much of a start is the page and how much is
Pyodide's (its loader's start-up, the memory snapshot's restore), which no page can go below."""
from __future__ import annotations

from pathlib import Path

PAGE_NAME = "bench-worker-only.html"

# What overrides/main.html's hbRulesWorker() and rules-widget.js do, and nothing else (no
# styles, no layout, no other script): the rules worker at once with the request; after its
# answer, the service worker registered and asked to cache the calculators, as
# offline.js and keepCalculatorsOffline() do after a first answer.
PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>the rules worker alone</title></head><body>
<script type="application/json" id="request">{request}</script>
<output id="answer"></output>
<script>
const url = new URL("assets/javascripts/workers/rules-worker.js", location.href)
url.searchParams.set("pyodide", new URL("assets/vendor/pyodide/", location.href).href)
const worker = new Worker(url.href, {{ type: "module" }})
worker.onmessage = async (event) => {{
  if (event.data.id !== 1) return
  document.getElementById("answer").textContent = event.data.answer ?? "error: " + event.data.error
  await navigator.serviceWorker.register("sw.js")
  ;(await navigator.serviceWorker.ready).active.postMessage({{ type: "fill", tier: "calculators" }})
}}
worker.postMessage({{ id: 1, request: document.getElementById("request").textContent }})
</script>
</body></html>
"""


def worker_only_root(tmp: Path, site: Path, request: str) -> Path:
    """A temp web root: the built site (each of its top-level entries linked, not copied) and
    the empty page beside its sw.js, so the page is the service worker's and the worker's
    folder is on its own host."""
    root = tmp / "worker-only-root"
    root.mkdir()
    for item in site.iterdir():
        (root / item.name).symlink_to(item)
    (root / PAGE_NAME).write_text(PAGE.format(request=request.replace("</", "<\\/")), encoding="utf-8")
    return root
