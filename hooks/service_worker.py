"""MkDocs hook: write the service worker, site/sw.js, once the whole site is in site/.

Offline by choice. The worker (hooks/sw.js, our own code, with this build's manifest put in
front of it) sorts the site's files into two tiers:

- text: every page of both languages (the flowcharts are SVG in their pages, drawn at build
  time), both search indexes, styles, scripts, icons, and the small QR-code library of the
  quiz pages (11 KB gzip; a class's hand-in works offline). Cached when the worker
  installs, i.e. on the first visit: about 1.3 MB gzip (of Material's lunr/, only
  the search languages this site uses: search_scripts);
- calculators: Pyodide, the wheels and the rules worker (assets/vendor/pyodide/,
  workers/rules-worker.js and the modules it imports), cached the first time a calculator
  is used, as one set from one build.

"Keep the whole handbook offline" (overrides/assets/javascripts/offline.js, on the home page
and in the footer) asks the worker to fetch the tiers still missing; it shows their size
first, from this manifest, and what is available offline now.

The calculators' own figures, for a page whose service worker is not there yet (a first
visit: rules-widget.js states the size before the first start, and counts a start's
download against it), are written beside it as assets/calculators.json, from the same
sizes: {"bytes": the tier's download size, "pyodide": {file name: [bytes sent, bytes]}}.
It belongs to the text tier, so it is offline from the first visit.

Each file carries its revision (the start of its sha256) and the bytes it costs to fetch
(its .gz twin, as nginx sends it); the build id is a hash of them all. A new build's worker
copies the unchanged files of the tiers a reader has from the old caches, fetches the
rest, and then waits: a page of the old build that is open keeps being served the old
files, and is offered a reload (offline.js). Its old caches go when it activates.

Runs after precompress (-250), whose twins give the download sizes, and writes sw.js's own
twins itself.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from hooks import nested_build, preview
from hooks.precompress import write_twins

log = logging.getLogger("mkdocs.hooks.service_worker")
ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "hooks" / "sw.js"

# What a browser may fetch from the site; twins, source maps and sw.js itself are not cached.
CACHED_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".whl", ".svg", ".png", ".ico",
                   ".webmanifest", ".woff2"}
NEVER = {"sw.js", "sitemap.xml"}
TIERS = ("text", "calculators")
RULES_WORKER = "assets/javascripts/workers/rules-worker.js"
CALCULATOR_SIZES = "assets/calculators.json"
PYODIDE = "assets/vendor/pyodide/"


def module_graph(site: Path, entry: str) -> set[str]:
    """entry and every module it imports (`from "./x.js"`), recursively: the rules worker's
    files, read from the worker itself so that a module it gains cannot be left out."""
    import posixpath
    import re

    found, todo = set(), [entry]
    while todo:
        path = todo.pop()
        if path in found:
            continue
        found.add(path)
        source = (site / path).read_text(encoding="utf-8")
        todo += [posixpath.normpath(posixpath.join(posixpath.dirname(path), m))
                 for m in re.findall(r"""^import\b[^"']*from\s*["'](\.{1,2}/[^"']+)["']""", source, re.M)]
    return found


LUNR = "assets/javascripts/lunr/"


def search_scripts(site: Path) -> set[str]:
    """The lunr files Material's search worker imports for the languages of this site's search
    indexes, by its own rule (its worker's `importScripts`: the stemmer support; a file per
    language but English; the multi-language plugin for more than one; tinyseg for ja; wordcut
    for hi and th). The rest of lunr/ (some 30 languages, wordcut.js alone 157 KB gzip) is
    never asked for: left out of the worker's tiers, it costs a first visit nothing."""
    langs: set[str] = set()
    for index in site.rglob("search/search_index.json"):
        langs.update(json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"]))
    needed = {LUNR + "min/lunr.stemmer.support.min.js"} if langs - {"en"} or len(langs) > 1 else set()
    needed |= {f"{LUNR}min/lunr.{lang}.min.js" for lang in langs - {"en"}}
    if len(langs) > 1:
        needed.add(LUNR + "min/lunr.multi.min.js")
    if "ja" in langs:
        needed.add(LUNR + "tinyseg.js")
    if langs & {"hi", "th"}:
        needed.add(LUNR + "wordcut.js")
    return needed


def tier_of(path: str, rules_worker: set[str]) -> str:
    if path.startswith("assets/vendor/pyodide/") or path in rules_worker:
        return "calculators"
    return "text"


def sent_size(file: Path) -> int:
    twin = file.with_name(file.name + ".gz")
    return (twin if twin.is_file() else file).stat().st_size


def manifest(site: Path) -> dict:
    """{build, tiers: {tier: [[path, revision, bytes], …]}} of every file the worker serves."""
    tiers: dict[str, list] = {t: [] for t in TIERS}
    rules_worker = module_graph(site, RULES_WORKER)
    search = search_scripts(site)
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or file.suffix not in CACHED_SUFFIXES or rel in NEVER:
            continue
        if rel.startswith(LUNR) and rel not in search:
            continue
        revision = hashlib.sha256(file.read_bytes()).hexdigest()[:16]
        tiers[tier_of(rel, rules_worker)].append([rel, revision, sent_size(file)])
    build = hashlib.sha256(json.dumps(tiers, sort_keys=True).encode()).hexdigest()[:12]
    return {"build": build, "tiers": tiers}


# What the rules worker's loader fetches before the wheels (rules-worker.js `plan`, which then
# adds the wheels of service-norms' closure in pyodide-lock.json).
LOADER_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]


def start_files(site: Path) -> list[str]:
    """The files a first start of the calculators fetches: the loader's and the wheels of the
    closure of service-norms in the built lock (what wheels.js puts on sys.path)."""
    lock = site / PYODIDE / "pyodide-lock.json"
    if not lock.is_file():
        return []
    packages = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    names, todo = set(), ["service-norms"]
    while todo:
        name = todo.pop()
        if name in packages and name not in names:
            names.add(name)
            todo += packages[name].get("depends", [])
    return LOADER_FILES + sorted(packages[n]["file_name"] for n in names)


def calculator_sizes(site: Path) -> dict:
    """{"bytes": the calculators tier's download size, "pyodide": {name: [sent, size]}, "start":
    [names]}: the one figure every page states for the calculators (the same sums as the
    manifest's), each Pyodide file's, which rules-widget.js counts a first start's download
    against, and the files of that start, so its total is known from the first byte (not only
    once the lock has been read and the wheels join)."""
    rules_worker = module_graph(site, RULES_WORKER)
    files = [f for f in sorted(site.rglob("*")) if f.is_file() and f.suffix in CACHED_SUFFIXES
             and tier_of(f.relative_to(site).as_posix(), rules_worker) == "calculators"]
    return {"bytes": sum(sent_size(f) for f in files),
            "pyodide": {f.name: [sent_size(f), f.stat().st_size] for f in files
                        if f.relative_to(site).as_posix().startswith(PYODIDE)},
            "start": start_files(site)}


def write_calculator_sizes(site: Path) -> None:
    """site/assets/calculators.json (and its twins), before the manifest that lists it."""
    path = site / CALCULATOR_SIZES
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(calculator_sizes(site), sort_keys=True, separators=(",", ":")), encoding="utf-8")
    write_twins(path)


def write_service_worker(site: Path) -> dict:
    """site/sw.js (and its twins) for the site as it is now; returns the manifest."""
    write_calculator_sizes(site)
    data = manifest(site)
    text = ("// Written by hooks/service_worker.py from hooks/sw.js: this build's files, by tier.\n"
            f"const MANIFEST = {json.dumps(data, separators=(',', ':'))}\n" + TEMPLATE.read_text(encoding="utf-8"))
    sw = site / "sw.js"
    sw.write_text(text, encoding="utf-8")
    write_twins(sw)
    return data


def manifest_of(site: Path) -> dict:
    """The manifest in a built site's sw.js."""
    import re

    return json.loads(re.search(r"^const MANIFEST = (\{.*\})$", (site / "sw.js").read_text(encoding="utf-8"), re.M)[1])


def tier_sizes(data: dict) -> dict[str, tuple[int, int]]:
    return {t: (len(files), sum(f[2] for f in files)) for t, files in data["tiers"].items()}


def on_page_context(context, page, config, **kwargs):
    """The words of the offline box and the update notice, in the page's language, for main.html."""
    from handbook.labels import label

    lang = getattr(page.file, "locale", None) or ("en" if page.file.src_uri.endswith(".en.md") else "zh")
    keys = ("title", "now", "none", "all", "join", "keep", "working", "done", "failed", "update", "reload",
            "tiers.text", "tiers.calculators")
    words = {k: label("offline." + k, lang) for k in keys}
    context["offline_labels"] = json.dumps(words, ensure_ascii=False)
    context["offline_title"], context["offline_update"], context["offline_reload"] = (
        words["title"], words["update"], words["reload"])
    return context


@event_priority(-300)
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the worker covers the whole site at the root
    if preview():
        return  # make preview: no twins, no service worker (every save would replace it)
    data = write_service_worker(Path(config.site_dir))
    sizes = ", ".join(f"{t} {n} files {b / 1e6:.2f} MB" for t, (n, b) in tier_sizes(data).items())
    log.info("service worker %s: %s (gzip)", data["build"], sizes)
