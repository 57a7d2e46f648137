"""The page the widget is compared with: the same deadline computed under PyScript
(@pyscript/core from npm, pinned and checked against the registry's integrity, unpacked in a
temp dir, never shipped), with this site's Pyodide and wheels."""
from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from scripts.local_browser import guard_offsite

from . import ROOT

PYSCRIPT_VERSION = "0.7.31"
PYSCRIPT_INTEGRITY = "sha512-GqM1aonc1N4RTkNZ1zJ8jJk8+i2cqeztZslPsAiQtn+wHHkUX9Z1FgIg4HjCvhBylB68UKmbTVTzOobpgPIMVQ=="

PYSCRIPT_PROBE = """
window.__bench = {longtasks: [], answer: null};
new PerformanceObserver(list => { for (const e of list.getEntries()) __bench.longtasks.push(e.duration) })
  .observe({type: "longtask", buffered: true});
document.addEventListener("DOMContentLoaded", () => {
  const out = document.querySelector("#answer");
  new MutationObserver(() => {
    if (out.textContent && __bench.answer === null) __bench.answer = performance.now();
  }).observe(out, {childList: true, characterData: true, subtree: true});
});
"""

PYSCRIPT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>service_norms under PyScript {version}</title>
<script type="module" src="./pyscript/core.js"></script>
</head><body>
<script type="application/json" id="request">{request}</script>
<output id="answer"></output>
<script type="py" config='{config}'>
import os, sys
sys.path.insert(0, os.path.abspath("wheels"))
from pyscript import document
from service_norms.browser import answer
document.getElementById("answer").textContent = answer(document.getElementById("request").textContent)
</script>
</body></html>
"""


# The same function with Pyodide alone, on the page's main thread: loadPyodide() from the
# site's folder, the same three wheels put on sys.path as the rules worker does, the import,
# the answer. What our widget adds on top of this (a worker, messages, the snapshot check,
# the page's own scripts) is its overhead.
BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>service_norms under bare Pyodide</title></head><body>
<script type="application/json" id="request">{request}</script>
<output id="answer"></output>
<script type="module">
const dir = new URL("./pyodide/", location.href).href
const wheels = {wheels}
const files = wheels.map((name) => fetch(dir + name).then((r) => r.arrayBuffer()))
const {{ loadPyodide }} = await import(dir + "pyodide.mjs")
let sitePackages
const pyodide = await loadPyodide({{ indexURL: dir, packageBaseUrl: dir,
  fsInit: async (FS, info) => {{ sitePackages = info.sitePackages }} }})
const paths = []
for (const [i, name] of wheels.entries()) {{
  pyodide.FS.writeFile(sitePackages + "/" + name, new Uint8Array(await files[i]))
  paths.push(sitePackages + "/" + name)
}}
pyodide.runPython(`import importlib, sys; sys.path[1:1] = ${{JSON.stringify(paths)}}; importlib.invalidate_caches()`)
const answer = pyodide.pyimport("service_norms.browser").answer
document.getElementById("answer").textContent = answer(document.getElementById("request").textContent)
</script>
</body></html>
"""


def fetch_pyscript(dest: Path) -> Path:
    """@pyscript/core, pinned, from the npm registry with npm's own client; its dist/ only."""
    result = subprocess.run(["npm", "pack", f"@pyscript/core@{PYSCRIPT_VERSION}", "--pack-destination", str(dest),
                             "--silent"], capture_output=True, text=True, timeout=300, cwd=dest)
    if result.returncode != 0:
        raise SystemExit(f"npm pack @pyscript/core@{PYSCRIPT_VERSION} failed:\n{result.stderr[-2000:]}")
    tgz = dest / result.stdout.strip().splitlines()[-1]
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != PYSCRIPT_INTEGRITY:
        raise SystemExit(f"{tgz.name}: integrity {digest} is not the pinned {PYSCRIPT_INTEGRITY}")
    with tarfile.open(tgz) as tar:
        tar.extractall(dest / "npm", filter="data")
    return dest / "npm" / "package" / "dist"


def pyscript_dir(tmp: Path, site: Path, request: str) -> Path:
    """A temp web root: PyScript's dist/, the site's Pyodide folder and the test page."""
    root = tmp / "pyscript-root"
    root.mkdir()
    shutil.copytree(fetch_pyscript(tmp), root / "pyscript")
    vendor = site / "assets" / "vendor" / "pyodide"
    (root / "pyodide").symlink_to(vendor)
    # PyScript's own Python needs standard-library modules the site's trimmed zip leaves out
    # (it does not boot on it): PyScript gets the same folder with the whole standard
    # library, compiled to bytecode as the site's is (hooks/pyodide/bundle.py's cache).
    from hooks.pyodide.bundle import STDLIB, compiled_stdlib
    full = root / "pyodide-full"
    full.mkdir()
    for item in vendor.iterdir():
        if item.name.startswith(STDLIB + "."):
            continue  # the trimmed zip's .gz/.br twins: the server would send those
        (full / item.name).symlink_to(compiled_stdlib(ROOT) if item.name == STDLIB else item)
    lock = json.loads((site / "assets" / "vendor" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheels = [e["file_name"] for k, e in lock["packages"].items() if k in ("service-norms", "chinesecalendar", "tzdata")]
    pages = {
        # Pyodide from this site, the three wheels unpacked into ./wheels: no network needed.
        "index.html": {"interpreter": "./pyodide-full/pyodide.mjs", "files": {f"./pyodide-full/{w}": "./wheels/*" for w in wheels}},
        # PyScript as its docs show it: Pyodide from its default CDN ...
        "default.html": {"files": {f"./pyodide-full/{w}": "./wheels/*" for w in wheels}},
        # ... and packages installed through micropip.
        "packages.html": {"interpreter": "./pyodide-full/pyodide.mjs", "packages": [f"./pyodide-full/{w}" for w in wheels]},
    }
    for name, config in pages.items():
        (root / name).write_text(PYSCRIPT_PAGE.format(version=PYSCRIPT_VERSION, request=request.replace("</", "<\\/"),
                                                      config=json.dumps(config)), encoding="utf-8")
    (root / "bare.html").write_text(BARE_PAGE.format(request=request.replace("</", "<\\/"), wheels=json.dumps(wheels)),
                                    encoding="utf-8")
    return root


def pyscript_probe(p, base: str, page_name: str, tmp: Path) -> dict:
    """Run one of the PyScript variants briefly: does it answer, and what did it try to fetch?"""
    profile = Path(tempfile.mkdtemp(prefix="bench-probe-", dir=tmp))
    context = persistent(p, profile)
    offsite, missing, errors = [], [], []
    guard_offsite(context, offsite)
    page = context.new_page()
    page.on("response", lambda r: missing.append(urlsplit(r.url).path) if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)[:200]))
    page.on("console", lambda m: errors.append(m.text.splitlines()[0][:200]) if m.type == "error" else None)
    page.goto(base + "/" + page_name)
    try:
        page.wait_for_function("() => document.querySelector('#answer').textContent", timeout=20_000)
        answered = True
    except Exception:  # noqa: BLE001 - a timeout is the finding
        answered = False
    context.close()
    shutil.rmtree(profile, ignore_errors=True)
    return {"page": page_name, "answered": answered, "offsite": sorted(set(offsite)), "not_found": sorted(set(missing)),
            "errors": list(dict.fromkeys(errors))[:3]}




def persistent(p, profile: Path, block_sw: bool = False):
    """A Chromium context on a profile on disk (Playwright's default has only an in-memory
    cache, so "warm" needs one)."""
    from scripts.local_browser import CHROMIUM_ARGS, chromium_path
    return p.chromium.launch_persistent_context(str(profile), executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                                headless=True, service_workers="block" if block_sw else "allow")
