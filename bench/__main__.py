"""`make bench`: the site measured against its peers, printed and written to data/benchmarks.json
(rendered on docs/benchmarks.md by macros/benchmarks.py). Prints numbers; asserts nothing.

    .venv/bin/python scripts/bench.py [--quick] [--only build,bytes,widget,search] [--no-write]

Four measurements, each a function below, all in one run on one machine:

1. build   `mkdocs build --strict` of a copy of this project, and of the same copy grown to
           5x, 10x and 20x the pages with a generated corpus (section pages in both
           languages, procedures with checklist + flowchart, quiz questions), against a
           plain Material build of the same Markdown (macro calls replaced by static text;
           only `theme: material`, the same markdown_extensions and nav; no i18n, no hooks).
           Three rounds (one with --quick), each building every size; the median CPU time
           (user + sys of the build and its children, which other load hardly changes) is
           the build time, wall time beside it. A least-squares line through (pages, CPU s)
           gives the cost per page; each size against the one before, a growth exponent.
2. bytes   Bytes a first visit transfers, gzip as nginx's gzip_static sends it (the .gz
           twins scripts/precompress.py writes), per page type, in headless Chromium with
           the service worker blocked: every URL the page and its workers requested, summed
           at the size the server sends (the .gz twin, or the file). Shares: Pyodide,
           Mermaid, the search index. Also what the service worker then precaches.
3. widget  Page load -> first calculator answer, cold (fresh profile) and warm (same profile
           on disk, after the cold page has stored its Pyodide memory snapshot and the
           service worker has installed), our widget (scripts/bench_widgets.py's probe;
           also with the service worker blocked) against a minimal
           PyScript page (@pyscript/core from npm, pinned, self-hosted in a temp dir, never
           shipped) computing the same deadline with the same wheels and the same Pyodide.
4. search  Material search in Chromium: last keystroke -> results shown, median and p90,
           for the Chinese and English queries of tests/browser/test_search.py, on the
           real site and on the 20x corpus.

Machines are noisy: compare ratios measured in the same run, not numbers across runs.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import email.utils
import functools
import hashlib
import html
import http.server
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "benchmarks.json"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
STEPS = ("build", "bytes", "widget", "search")

# The PyScript release the widget is compared with: fetched with `npm pack` into the temp
# dir, checked against the registry's integrity, never shipped in the site.
PYSCRIPT_VERSION = "0.7.31"
PYSCRIPT_INTEGRITY = "sha512-GqM1aonc1N4RTkNZ1zJ8jJk8+i2cqeztZslPsAiQtn+wHHkUX9Z1FgIg4HjCvhBylB68UKmbTVTzOobpgPIMVQ=="

TEXT_PAGE_TARGET_KB = 300
SCALES = (1, 5, 10, 20)
GEN_DIR = "bench-gen"
GEN_GROUP = "基准测试生成"


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Debian's chromium is not installed: `apt-get install chromium`")
    return path


# --- a static server like nginx's gzip_static -----------------------------------------------

class GzipStaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `file.gz` with `Content-Encoding: gzip` when the browser accepts gzip and the
    twin exists (deploy/nginx/handbook.conf: gzip_static on); otherwise the file.
    Last-Modified / If-Modified-Since as SimpleHTTPRequestHandler; no Cache-Control."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        twin = path + ".gz"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not (os.path.isfile(twin) and os.path.isfile(path)):
            return super().send_head()
        st = os.stat(twin)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if int(st.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        f = open(twin, "rb")
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(st.st_size))
        self.send_header("Last-Modified", self.date_time_string(st.st_mtime))
        self.end_headers()
        return f


GzipStaticHandler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                                    ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
                                    ".webmanifest": "application/manifest+json"}


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipStaticHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def sent_size(site: Path, url_path: str) -> int:
    """Bytes the server sends for a URL path: the .gz twin if there is one, else the file."""
    path = site / unquote(url_path).lstrip("/")
    if path.is_dir() or url_path.endswith("/"):
        path = path / "index.html"
    twin = path.with_name(path.name + ".gz")
    if twin.is_file():
        return twin.stat().st_size
    return path.stat().st_size if path.is_file() else 0


# --- 1. build time ----------------------------------------------------------------------------

PROJECT = ["mkdocs.yml", "docs", "data", "checklists", "questions", "macros", "scripts", "overrides",
           "service_norms", "pyproject.toml", "requirements-browser.txt"]
_CLAUSE = re.compile(r"^- (?P<text>[^\n]+)\n  \{ #(?P<id>[a-z0-9-]+) \}$", re.M)
_MACRO = re.compile(r"\{\{.*?\}\}", re.S)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    # Read-only inputs: linked, not copied (as tests/project_copy.py does).
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / ".wheels").symlink_to(ROOT / ".wheels")
    return dest


def zh_pages(docs: Path) -> list[Path]:
    return sorted(p for p in docs.rglob("*.md") if not p.name.endswith(".en.md"))


def clause_pool(docs: Path) -> list[tuple[str, str]]:
    """(zh, en) clause texts of the real pages, to give generated pages real words to index."""
    pool = []
    for zh in zh_pages(docs):
        en = zh.with_name(zh.name[:-3] + ".en.md")
        if not en.exists():
            continue
        en_by_id = {m["id"]: m["text"] for m in _CLAUSE.finditer(en.read_text(encoding="utf-8"))}
        for m in _CLAUSE.finditer(zh.read_text(encoding="utf-8")):
            text_en = en_by_id.get(m["id"])
            # Links are relative to their page; keep only self-contained sentences.
            if text_en and "](" not in m["text"] + text_en and "{{" not in m["text"] + text_en:
                pool.append((m["text"], text_en))
    if len(pool) < 12:
        raise SystemExit(f"only {len(pool)} clauses found in docs/ to build the synthetic corpus from")
    return pool


def _page(gid: str, n: int, lang: str, clauses: list[tuple[str, str]], procedure: bool) -> str:
    zh = lang == "zh"
    k = 0 if zh else 1
    head = [
        "---",
        f"title: G{n}. {'生成章节' if zh else 'Generated section'} {n}",
        f"section: {gid}",
        "status: converted",
        f"source: {'基准测试生成' if zh else 'Generated by scripts/bench.py'}",
        f"owner: {'基准测试' if zh else 'Benchmark'}",
        "last_reviewed: 2026-11-25",
        "---",
        "",
        f"# G{n}. {'生成章节' if zh else 'Generated section'} {n} {{ #{gid} }}",
        "",
        clauses[0][k] + " " + clauses[1][k],
        "",
        f"## {'条款' if zh else 'Clauses'} {{ #{gid}-clauses }}",
        "",
    ]
    for i, c in enumerate(clauses, 1):
        head += [f"- {c[k]}", f"  {{ #{gid}-c{i} }}"]
    if procedure:
        head += ["", f"## {'检查清单' if zh else 'Checklist'} {{ #checklist }}", "", f'{{{{ checklist("{gid}") }}}}',
                 "", f"## {'流程图' if zh else 'Flowchart'} {{ #flowchart }}", "", f'{{{{ flowchart("{gid}") }}}}']
    head += ["", f"## {'自测' if zh else 'Self-test'} {{ #quiz }}", "", f'{{{{ quiz("{gid}") }}}}', ""]
    return "\n".join(head)


def _text(pair: tuple[str, str]) -> dict:
    return {"zh": pair[0], "en": pair[1]}


def _procedure(gid: str, n: int, clauses: list[tuple[str, str]]) -> dict:
    page = f"{GEN_DIR}/{gid}.md"
    steps = [{"id": f"s{i}", "role": "engineer" if i % 2 else "duty-staff", "clause": f"{page}#{gid}-c{i}",
              "text": _text(clauses[i - 1])} for i in range(1, 7)]
    steps[2]["branches"] = [{"when": {"zh": "是", "en": "Yes"}, "next": "s4"},
                            {"when": {"zh": "否", "en": "No"}, "next": "s6"}]
    steps[5]["end"] = True
    return {"schema_version": 1, "id": gid, "version": 1,
            "title": {"zh": f"生成流程 {n}", "en": f"Generated procedure {n}"},
            "source": {"clause": f"{page}#{gid}"},
            "roles": [{"id": "engineer", "name": {"zh": "现场工程师", "en": "Field engineer"}},
                      {"id": "duty-staff", "name": {"zh": "机房值班人员", "en": "Equipment-room duty staff"}}],
            "steps": steps}


def _questions(gid: str, clauses: list[tuple[str, str]], others: list[tuple[str, str]], procedure: bool) -> dict:
    page = f"{GEN_DIR}/{gid}.md"
    qs = [
        {"id": f"{gid}-true-false", "type": "true_false", "section": gid, "clause": f"{page}#{gid}-c1",
         "prompt": _text(clauses[0]), "answer": True, "explanation": _text(clauses[0])},
        {"id": f"{gid}-single", "type": "single", "section": gid, "clause": f"{page}#{gid}-c2",
         "prompt": {"zh": "下列哪一条出自本节？", "en": "Which of these is a clause of this section?"},
         "choices": [{"text": _text(clauses[1]), "correct": True}] + [{"text": _text(o)} for o in others[:3]],
         "explanation": _text(clauses[1])},
    ]
    if procedure:
        qs.append({"id": f"{gid}-order", "type": "ordering", "section": gid, "clause": f"{page}#{gid}-c1",
                   "prompt": {"zh": "请按流程排列以下步骤。", "en": "Put these steps in the order of the procedure."},
                   "procedure": gid, "steps": ["s1", "s2", "s3"], "explanation": _text(clauses[0])})
    return {"schema_version": 1, "questions": qs}


def _dump(data, path: Path) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def generate_corpus(project: Path, count: int, pool: list[tuple[str, str]]) -> None:
    """Add `count` generated sections (zh + en pages, every other one with a procedure shown
    as checklist + flowchart, each with 2-3 quiz questions), listed in handbook.yml and nav."""
    if count == 0:
        return
    docs = project / "docs" / GEN_DIR
    docs.mkdir()
    sections, nav = [], []
    for n in range(1, count + 1):
        gid = f"gen-{n:04d}"
        start = (n * 7) % len(pool)
        # Distinct texts: a clause may repeat across pages, never within one.
        picked = list(dict.fromkeys(pool[(start + i) % len(pool)] for i in range(len(pool))))
        clauses, others = picked[:8], picked[8:11]
        procedure = n % 2 == 1
        for lang, suffix in (("zh", ".md"), ("en", ".en.md")):
            (docs / f"{gid}{suffix}").write_text(_page(gid, n, lang, clauses, procedure), encoding="utf-8")
        if procedure:
            _dump(_procedure(gid, n, clauses), project / "checklists" / f"{gid}.yml")
        _dump(_questions(gid, clauses, others, procedure), project / "questions" / f"{gid}.yml")
        sections.append({"id": gid, "number": str(n), "page": f"{GEN_DIR}/{gid}.md",
                         "title": {"zh": f"生成章节 {n}", "en": f"Generated section {n}"}})
        nav.append(f"{GEN_DIR}/{gid}.md")
    handbook = yaml.safe_load((project / "data" / "handbook.yml").read_text(encoding="utf-8"))
    handbook["chapters"].append({"id": GEN_DIR, "number": "基准", "source_page": 999,
                                 "title": {"zh": "基准测试生成章节", "en": "Generated for the benchmark"},
                                 "sections": sections})
    _dump(handbook, project / "data" / "handbook.yml")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"].append({GEN_GROUP: nav})
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for lang in plugin["i18n"]["languages"]:
                if lang["locale"] == "en":
                    lang.setdefault("nav_translations", {})[GEN_GROUP] = "Generated for the benchmark"
    _dump(config, project / "mkdocs.yml")


def _en_nav(item):
    """The nav with every page replaced by its English twin (page.en.md)."""
    if isinstance(item, str):
        return item[:-3] + ".en.md"
    if isinstance(item, list):
        return [_en_nav(i) for i in item]
    return {k: _en_nav(v) for k, v in item.items()}


def plain_project(project: Path, dest: Path) -> Path:
    """The same Markdown as a plain Material site: macro calls replaced by static text, no
    i18n (both languages' files built as pages), no hooks, no custom theme, no extra plugins."""
    dest.mkdir(parents=True)
    shutil.copytree(project / "docs", dest / "docs")
    for md in (dest / "docs").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        md.write_text(_MACRO.sub("*[macro output]*", text), encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = {"site_name": "plain", "docs_dir": "docs", "theme": "material",
             "markdown_extensions": config["markdown_extensions"],
             "nav": config["nav"] + [{"English": _en_nav(config["nav"])}]}
    _dump(plain, dest / "mkdocs.yml")
    return dest


def timed_build(project: Path, out: Path, strict: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build`. CPU = user + sys of the build and the
    processes it waited for (node for the service worker): what the build costs, nearly
    untouched by other work on the machine, which only stretches the wall time."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)] + (["--strict"] if strict else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{result.stderr[-4000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fit(xs: list[float], ys: list[float]) -> dict:
    """Least squares y = a + b x, and the exponent k of y ~ x^k (1 = linear growth)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mlx, mly = statistics.fmean(lx), statistics.fmean(ly)
    k = sum((u - mlx) * (v - mly) for u, v in zip(lx, ly)) / sum((u - mlx) ** 2 for u in lx)
    return {"ms_per_page": round(b * 1000, 2), "fixed_s": round(a, 2), "exponent": round(k, 2)}


def _growth(rows: list[dict], key: str) -> list[float | None]:
    """Exponent from each size to the next: log(t2/t1) / log(n2/n1); 1 = linear, 2 = quadratic."""
    return [None] + [round(math.log(b[key] / a[key]) / math.log(b["pages"] / a["pages"]), 2)
                     for a, b in zip(rows, rows[1:])]


def bench_build(tmp: Path, runs: int, scales=SCALES) -> tuple[dict, dict[int, Path]]:
    """`runs` rounds, each building every size (this project, then plain, or the other way
    round): a busy spell of the machine then falls on all sizes rather than on one.
    Build time = median CPU seconds; wall seconds shown beside it."""
    pool = clause_pool(ROOT / "docs")
    real = len(zh_pages(ROOT / "docs"))
    projects = {}
    for scale in scales:
        project = copy_project(tmp / f"project-{scale}x")
        generate_corpus(project, (scale - 1) * real, pool)
        projects[scale] = {"project": project, "plain": plain_project(project, tmp / f"plain-{scale}x"),
                           "pages": len(list((project / "docs").rglob("*.md")))}
    times = {(scale, kind): {"wall": [], "cpu": []} for scale in scales for kind in ("project", "plain")}
    html: dict[int, dict] = {}
    for run in range(runs):
        for scale in scales:
            order = ("project", "plain") if (run + scale) % 2 == 0 else ("plain", "project")
            for kind in order:
                out = tmp / f"out-{kind}-{scale}x"
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu = timed_build(projects[scale][kind], out, strict=kind == "project")
                times[scale, kind]["wall"].append(wall)
                times[scale, kind]["cpu"].append(cpu)
                # Every page carries the whole nav: the HTML written grows faster than the pages.
                sizes = [f.stat().st_size for f in out.rglob("*.html")]
                html.setdefault(scale, {})[kind] = (round(sum(sizes) / 1e6, 1), round(statistics.median(sizes) / 1024, 1))
                log(f"  build round {run + 1} {kind:7} {scale:2}x ({projects[scale]['pages']} pages):"
                    f" {wall:6.2f} s wall, {cpu:6.2f} s CPU")
    rows, sites = [], {}
    for scale in scales:
        pages = projects[scale]["pages"]
        med = {(kind, m): statistics.median(times[scale, kind][m]) for kind in ("project", "plain") for m in ("wall", "cpu")}
        rows.append({"scale": scale, "pages": pages,
                     "project_s": round(med["project", "cpu"], 2), "plain_s": round(med["plain", "cpu"], 2),
                     "ratio": round(med["project", "cpu"] / med["plain", "cpu"], 2),
                     "project_wall_s": round(med["project", "wall"], 2), "plain_wall_s": round(med["plain", "wall"], 2),
                     "wall_ratio": round(med["project", "wall"] / med["plain", "wall"], 2),
                     "project_ms_per_page": round(med["project", "cpu"] / pages * 1000, 1),
                     "plain_ms_per_page": round(med["plain", "cpu"] / pages * 1000, 1),
                     "html_mb": html[scale]["project"][0], "page_kb": html[scale]["project"][1],
                     "plain_html_mb": html[scale]["plain"][0],
                     **{f"{kind}_{m}_runs": [round(t, 2) for t in times[scale, kind][m]]
                        for kind in ("project", "plain") for m in ("wall", "cpu")}})
        shutil.rmtree(tmp / f"out-plain-{scale}x", ignore_errors=True)
        if scale in (1, max(scales)):  # the browser steps use the real size and the largest
            sites[scale] = tmp / f"out-project-{scale}x"
        else:
            shutil.rmtree(tmp / f"out-project-{scale}x", ignore_errors=True)
    for row, g, h in zip(rows, _growth(rows, "project_s"), _growth(rows, "plain_s")):
        if g is not None:
            row["exponent_from_previous"], row["plain_exponent_from_previous"] = g, h
    xs = [r["pages"] for r in rows]
    result = {"runs": runs, "measure": "median CPU seconds (user + sys, the build and its child processes)",
              "real_pages": rows[0]["pages"], "sizes": rows}
    if len(rows) >= 2:
        result["fit"] = {"project": fit(xs, [r["project_s"] for r in rows]),
                         "plain": fit(xs, [r["plain_s"] for r in rows])}
    return result, sites


# --- 2. bytes transferred ---------------------------------------------------------------------

PAGE_TYPES = [
    # (type, path, what it holds)
    ("text", "/preface/", "text only"),
    ("checklist", "/conduct/telephone/", "checklist + quiz; the page's Mermaid requests left out"),
    ("flowchart", "/conduct/telephone/", "checklist + flowchart (Mermaid) + quiz"),
    ("calculator", "/tools/", "both calculators, Pyodide loaded, first answer shown"),
    ("quiz", "/quiz/", "quiz trainer (the whole question bank inline)"),
]


def category(url_path: str) -> str:
    if "/assets/vendor/pyodide/" in url_path:
        return "pyodide"
    if "/assets/vendor/mermaid/" in url_path:
        return "mermaid"
    if url_path.endswith("/search/search_index.json"):
        return "search_index"
    return "other"


def load_page(context, base: str, path: str, calculator: bool = False) -> list[tuple[str, int]]:
    """(URL path, status) of every request the page and its workers made, until quiet."""
    page = context.new_page()
    seen: list[tuple[str, int]] = []

    def done(request):
        response = request.response()
        if request.url.startswith(base):
            seen.append((urlsplit(request.url).path, response.status if response else 0))
    page.on("requestfinished", done)
    page.goto(base + path, wait_until="load")
    if calculator:
        page.fill("#deadline-start", "2025-09-30T16:00")
        page.eval_on_selector("#widget-deadline", "f => f.requestSubmit()")
        page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=180_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.close()
    return seen


def _summary(site: Path, requests: list[tuple[str, int]], leave_out: str | None = None) -> dict:
    totals = {"pyodide": 0, "mermaid": 0, "search_index": 0, "other": 0}
    urls = set()
    missing = []
    for path, status in requests:
        if path in urls:
            continue
        urls.add(path)
        if status >= 400:
            missing.append(path)
            continue
        kind = category(path)
        if kind == leave_out:
            continue
        totals[kind] += sent_size(site, path)
    total = sum(totals.values())
    return {"total": total, **totals, "requests": len(urls), "not_found": sorted(missing)}


def precache_size(site: Path) -> dict:
    """What the service worker downloads after the first page: its precache list, at the size
    the server sends each file."""
    sw = (site / "sw.js").read_text(encoding="utf-8")
    urls = re.findall(r'url:"([^"]+)"', sw)
    return {"files": len(urls), "bytes": sum(sent_size(site, "/" + u) for u in urls),
            "raw_bytes": sum((site / u).stat().st_size for u in urls if (site / u).is_file())}


def bench_bytes(browser, site: Path, big_site: Path | None) -> dict:
    server, base = serve(site)
    rows = []
    try:
        for kind, path, note in PAGE_TYPES:
            context = browser.new_context(service_workers="block")
            requests = load_page(context, base, path, calculator=kind == "calculator")
            context.close()
            row = {"type": kind, "path": path, "note": note,
                   **_summary(site, requests, leave_out="mermaid" if kind == "checklist" else None)}
            rows.append(row)
            log(f"  bytes {kind:10} {path:22} {row['total'] / 1024:8.1f} KB ({row['requests']} requests)")
    finally:
        server.shutdown()
    result = {"target_text_kb": TEXT_PAGE_TARGET_KB, "pages": rows, "precache": precache_size(site)}
    if big_site is not None:
        server, base = serve(big_site)
        try:
            context = browser.new_context(service_workers="block")
            requests = load_page(context, base, "/preface/")
            context.close()
        finally:
            server.shutdown()
        result["text_page_20x"] = {"type": "text", "path": "/preface/", **_summary(big_site, requests)}
        log(f"  bytes text at 20x {result['text_page_20x']['total'] / 1024:8.1f} KB")
    return result


# --- 3. widget vs PyScript --------------------------------------------------------------------

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
    (root / "pyodide").symlink_to(site / "assets" / "vendor" / "pyodide")
    lock = json.loads((site / "assets" / "vendor" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheels = [e["file_name"] for k, e in lock["packages"].items() if k in ("service-norms", "chinesecalendar", "tzdata")]
    pages = {
        # Pyodide from this site, the three wheels unpacked into ./wheels: no network needed.
        "index.html": {"interpreter": "./pyodide/pyodide.mjs", "files": {f"./pyodide/{w}": "./wheels/*" for w in wheels}},
        # PyScript as its docs show it: Pyodide from its default CDN ...
        "default.html": {"files": {f"./pyodide/{w}": "./wheels/*" for w in wheels}},
        # ... and packages installed through micropip.
        "packages.html": {"interpreter": "./pyodide/pyodide.mjs", "packages": [f"./pyodide/{w}" for w in wheels]},
    }
    for name, config in pages.items():
        (root / name).write_text(PYSCRIPT_PAGE.format(version=PYSCRIPT_VERSION, request=request.replace("</", "<\\/"),
                                                      config=json.dumps(config)), encoding="utf-8")
    return root


# When the widget's status line changes (rules-widget.js): worker started ("runtime"), Python
# booted and the wheels being unpacked ("packages", full loads only), ready to answer.
PHASES = """
window.__phases = {};
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("#widget-deadline .hb-widget__status");
  new MutationObserver(() => {
    const state = status.dataset.state;
    if (state && !(state in __phases)) __phases[state] = performance.now();
  }).observe(status, {attributes: true, attributeFilter: ["data-state"]});
});
"""

# After a cold answer the reader stays on the page: the rules worker stores its memory
# snapshot in IndexedDB just after the first answer, and the service worker finishes
# precaching. Closing the page at once would lose both and make "warm" a second cold load.
SETTLE = """async (withServiceWorker) => {
  const saved = () => new Promise(resolve => {
    const open = indexedDB.open("handbook-rules", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("snapshots");
    open.onerror = () => resolve(false);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const get = db.transaction("snapshots").objectStore("snapshots").getKey("service-norms");
        get.onsuccess = () => { db.close(); resolve(get.result !== undefined) };
        get.onerror = () => { db.close(); resolve(false) };
      } catch (e) { db.close(); resolve(false) }
    };
  });
  const start = performance.now();
  let snapshot = true;
  while (!(await saved())) {
    if (performance.now() - start > 60000) { snapshot = false; break }
    await new Promise(r => setTimeout(r, 250));
  }
  let sw = null;
  if (withServiceWorker && navigator.serviceWorker)
    sw = await Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise(r => setTimeout(() => r(false), 120000))]);
  return {snapshot, sw};
}"""


def _answer_run(context, url: str, probe: str, settle: bool | None = None) -> dict:
    """Open `url`, wait for the first answer; `settle` (None: don't) waits for the snapshot and,
    if True, for the service worker too, before the page is closed."""
    page = context.new_page()
    page.add_init_script(probe)
    page.goto(url)
    page.wait_for_function("() => window.__bench && __bench.answer !== null", timeout=180_000)
    result = page.evaluate("() => ({answer: __bench.answer, longest: Math.max(0, ...__bench.longtasks)})")
    result["phases"] = page.evaluate("() => window.__phases || {}")
    result["text"] = page.evaluate("() => (document.querySelector('#widget-deadline') || {dataset: {}}).dataset.answer"
                                   " || document.querySelector('#answer')?.textContent")
    if settle is not None:
        result["settled"] = page.evaluate(SETTLE, settle)
    page.close()
    return result


def _persistent(p, profile: Path, block_sw: bool = False):
    return p.chromium.launch_persistent_context(str(profile), executable_path=chromium_path(), args=ARGS, headless=True,
                                                service_workers="block" if block_sw else "allow")


def _offsite_guard(context, base: str, offsite: list[str]) -> None:
    def route(r):
        if r.request.url.startswith(base) or r.request.url.startswith("data:") or r.request.url.startswith("blob:"):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()
    context.route("**/*", route)


def pyscript_probe(p, base: str, page_name: str, tmp: Path) -> dict:
    """Run one of the PyScript variants briefly: does it answer, and what did it try to fetch?"""
    profile = Path(tempfile.mkdtemp(prefix="bench-probe-", dir=tmp))
    context = _persistent(p, profile)
    offsite, missing, errors = [], [], []
    _offsite_guard(context, base, offsite)
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


def bench_widget(p, tmp: Path, site: Path, runs: int) -> dict:
    from bench_widgets import PROBE

    server, base = serve(site)
    tools = (site / "tools" / "index.html").read_text(encoding="utf-8")
    levels = json.loads(html.unescape(re.search(r'id="widget-deadline"[^>]*data-levels="([^"]*)"', tools)[1]))
    limit = re.search(r'<select id="deadline-limit" name="limit"><option value="([^"]+)"', tools)[1]
    # What the widget sends for the same form (rules-widget.js argsOf): the same answer is expected.
    request = json.dumps({"fn": "deadline", "lang": "zh", "levels": levels,
                          "args": {"start": "2025-09-30T16:00", "zone": "Asia/Shanghai", "limit": limit}},
                         ensure_ascii=False)
    ps_root = pyscript_dir(tmp, site, request)
    ps_server, ps_base = serve(ps_root)
    stores = {name: {"cold": [], "warm": []} for name in ("widget", "widget_no_sw", "pyscript")}
    offsite: list[str] = []
    texts = set()
    try:
        variants = [("widget", base + "/tools/", PROBE + PHASES), ("widget_no_sw", base + "/tools/", PROBE + PHASES),
                    ("pyscript", ps_base + "/index.html", PYSCRIPT_PROBE)]
        for run in range(runs):
            # A different variant first in each run: a busy spell of the machine hits each alike.
            for name, url, probe in variants[run % 3:] + variants[:run % 3]:
                store = stores[name]
                profile = Path(tempfile.mkdtemp(prefix="bench-profile-", dir=tmp))
                # widget_no_sw: the same page with the service worker blocked (no background precache).
                context = _persistent(p, profile, block_sw=name == "widget_no_sw")
                _offsite_guard(context, ps_base if name == "pyscript" else base, offsite)
                for temp in ("cold", "warm"):
                    settle = (name == "widget") if name != "pyscript" and temp == "cold" else None
                    r = _answer_run(context, url, probe, settle)
                    store[temp].append(r)
                    log(f"  widget {name:12} {temp} run {run + 1}: {r['answer'] / 1000:6.2f} s"
                        f"  longest main-thread block {r['longest']:.0f} ms {r.get('settled', '')}")
                    texts.add((name, r["text"]))
                context.close()
                shutil.rmtree(profile, ignore_errors=True)
        probes = [pyscript_probe(p, ps_base, page, tmp) for page in ("default.html", "packages.html")]
    finally:
        server.shutdown()
        ps_server.shutdown()

    def side(store: dict, **extra) -> dict:
        cold = [r["answer"] / 1000 for r in store["cold"]]
        warm = [r["answer"] / 1000 for r in store["warm"]]
        phases = {temp: {k: round(statistics.median(r["phases"][k] for r in store[temp] if k in r["phases"]))
                         for k in ("runtime", "packages", "ready") if any(k in r["phases"] for r in store[temp])}
                  for temp in ("cold", "warm")}
        return {"cold_s": round(statistics.median(cold), 2), "warm_s": round(statistics.median(warm), 2),
                **({"phases_ms": phases} if any(phases.values()) else {}),
                "cold_runs": [round(x, 2) for x in cold], "warm_runs": [round(x, 2) for x in warm],
                "longest_block_ms": round(max(r["longest"] for r in store["cold"] + store["warm"])), **extra}

    answers = {t for _, t in texts}
    return {"runs": runs, "start": "2025-09-30T16:00", "limit": limit,
            "widget": side(stores["widget"], how="Pyodide in a module Web Worker; warm restores a memory snapshot"
                                                 " (IndexedDB) and reads the service worker's precache"),
            "widget_no_sw": side(stores["widget_no_sw"], how="the same with the service worker blocked: warm = HTTP"
                                                             " cache + the memory snapshot"),
            "pyscript": side(stores["pyscript"], version=PYSCRIPT_VERSION,
                             how="<script type=\"py\"> on the main thread; interpreter = the site's Pyodide,"
                                 " wheels unpacked with `files`; warm = HTTP cache"),
            "same_answer": len(answers) == 1, "offsite_requests": sorted(set(offsite)), "pyscript_probes": probes}


# --- 4. search latency ------------------------------------------------------------------------

SEARCH_PROBE = """
window.__search = {t0: null, t1: null};
document.addEventListener("keydown", e => {
  if (e.key === "End" && e.target.matches("input.md-search__input")) { __search.t0 = performance.now(); __search.t1 = null }
}, true);
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver(() => {
    if (__search.t0 !== null && __search.t1 === null && list.querySelector(".md-search-result__item"))
      requestAnimationFrame(() => { if (__search.t1 === null) __search.t1 = performance.now() });
  }).observe(list, {childList: true, subtree: true});
});
"""


def search_queries() -> tuple[list[str], list[str]]:
    from test_search import EN_QUERIES, ZH_QUERIES
    return [q for q, _ in ZH_QUERIES], [q for q, _ in EN_QUERIES]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _search_times(context, base: str, home: str, queries: list[str], reps: int) -> list[float]:
    page = context.new_page()
    page.add_init_script(SEARCH_PROBE)
    page.goto(base + home)
    box = page.locator("input.md-search__input")
    box.click()
    times = []
    for rep in range(reps + 1):  # the first round warms the index and the worker up, not counted
        for query in queries:
            box.fill("")
            page.keyboard.press("End")
            page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
            box.fill(query)
            page.keyboard.press("End")
            page.wait_for_function("() => __search.t1 !== null", timeout=30_000)
            if rep:
                times.append(page.evaluate("() => __search.t1 - __search.t0"))
    page.close()
    return times


def bench_search(browser, sites: dict[str, Path], reps: int) -> dict:
    zh, en = search_queries()
    rows = []
    for label, site in sites.items():
        server, base = serve(site)
        try:
            for lang, home, queries in (("zh", "/", zh), ("en", "/en/", en)):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
                times = _search_times(context, base, home, queries, reps)
                context.close()
                index = site / ("search" if lang == "zh" else "en/search") / "search_index.json"
                rows.append({"site": label, "lang": lang, "queries": len(queries), "samples": len(times),
                             "median_ms": round(statistics.median(times), 1), "p90_ms": round(percentile(times, 0.9), 1),
                             "index_kb": round(sent_size(site, "/" + index.relative_to(site).as_posix()) / 1024, 1)})
                log(f"  search {label:4} {lang}: median {rows[-1]['median_ms']} ms, p90 {rows[-1]['p90_ms']} ms")
        finally:
            server.shutdown()
    return {"reps": reps, "rows": rows}


# --- the run ----------------------------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    chromium = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version
    return {"cpu": cpu, "cpus": os.cpu_count(), "memory_mb": mem, "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "chromium": chromium, "mkdocs": version("mkdocs"),
            "mkdocs_material": version("mkdocs-material"), "node": subprocess.run(["node", "--version"],
                                                                                  capture_output=True, text=True).stdout.strip()}


def report(data: dict) -> None:
    print(f"\nBenchmarks {data['date']}  ({data['machine']['cpus']} CPUs, {data['machine']['cpu']}; "
          f"{'quick' if data['quick'] else 'full'} run)")
    if "build" in data:
        b = data["build"]
        print(f"\n1. Build time, median of {b['runs']} rounds: this project vs plain Material on the same Markdown")
        print(f"  {'size':>5} {'pages':>6} {'CPU s':>7} {'plain':>7} {'ratio':>6} {'wall s':>7} {'plain':>7} {'ratio':>6}"
              f" {'ms/page':>8} {'plain':>6} {'growth':>7} {'plain':>6} {'HTML MB':>8} {'page KB':>8}")
        for r in b["sizes"]:
            print(f"  {r['scale']:>4}x {r['pages']:>6} {r['project_s']:>7.2f} {r['plain_s']:>7.2f} {r['ratio']:>5.2f}x"
                  f" {r['project_wall_s']:>7.2f} {r['plain_wall_s']:>7.2f} {r['wall_ratio']:>5.2f}x"
                  f" {r['project_ms_per_page']:>8.1f} {r['plain_ms_per_page']:>6.1f}"
                  f" {r.get('exponent_from_previous', ''):>7} {r.get('plain_exponent_from_previous', ''):>6}"
                  f" {r['html_mb']:>8} {r['page_kb']:>8}")
        for kind, f in b.get("fit", {}).items():
            print(f"  fit {kind:7}: {f['ms_per_page']} ms per page + {f['fixed_s']} s fixed; time ~ pages^{f['exponent']}")
    if "bytes" in data:
        b = data["bytes"]
        print("\n2. First visit, gzip bytes transferred (service worker blocked)")
        print(f"  {'page':11} {'path':22} {'total KB':>9} {'Pyodide':>8} {'Mermaid':>8} {'search':>7} {'other':>7} {'req':>4}")
        rows = b["pages"] + ([{**b["text_page_20x"], "type": "text@20x"}] if "text_page_20x" in b else [])
        for r in rows:
            t = r["total"] or 1
            print(f"  {r['type']:11} {r['path']:22} {r['total'] / 1024:9.1f} {r['pyodide'] / t:8.0%} {r['mermaid'] / t:8.0%}"
                  f" {r['search_index'] / t:7.0%} {r['other'] / t:7.0%} {r['requests']:>4}")
        text = b["pages"][0]["total"] / 1024
        print(f"  text page {text:.1f} KB: target < {b['target_text_kb']} KB {'met' if text < b['target_text_kb'] else 'NOT met'}")
        pc = b["precache"]
        print(f"  then the service worker precaches {pc['files']} files: {pc['bytes'] / 1e6:.1f} MB gzip ({pc['raw_bytes'] / 1e6:.1f} MB raw)")
    if "widget" in data:
        w = data["widget"]
        print(f"\n3. Page load -> first deadline answer (median of {w['runs']})")
        for name in ("widget", "widget_no_sw", "pyscript"):
            s = w[name]
            print(f"  {name:12} cold {s['cold_s']:6.2f} s  warm {s['warm_s']:6.2f} s  longest main-thread block "
                  f"{s['longest_block_ms']} ms   (cold runs {s['cold_runs']}, warm runs {s['warm_runs']})")
        for name in ("widget", "widget_no_sw"):
            for temp, ph in w[name].get("phases_ms", {}).items():
                print(f"  {name:12} {temp} phases (ms after navigation): {ph}")
        print(f"  PyScript / widget: cold {w['pyscript']['cold_s'] / w['widget']['cold_s']:.2f}x, "
              f"warm {w['pyscript']['warm_s'] / w['widget']['warm_s']:.2f}x; same answer: {w['same_answer']}")
        for probe in w["pyscript_probes"]:
            print(f"  PyScript {probe['page']}: answered={probe['answered']} offsite={probe['offsite']} "
                  f"not found={probe['not_found']}")
    if "search" in data:
        print(f"\n4. Search, last keystroke -> results shown ({data['search']['reps']} rounds of every query)")
        for r in data["search"]["rows"]:
            print(f"  {r['site']:5} {r['lang']}  median {r['median_ms']:6.1f} ms  p90 {r['p90_ms']:6.1f} ms"
                  f"  ({r['samples']} samples, index {r['index_kb']} KB gzip)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Writes data/benchmarks.json (unless --no-write); rebuild to see docs/benchmarks.md.")
    parser.add_argument("--quick", action="store_true", help="one build per size, one widget run, one search round")
    parser.add_argument("--only", default=",".join(STEPS), help=f"comma-separated steps of {','.join(STEPS)}")
    parser.add_argument("--no-write", action="store_true", help="print only; leave data/benchmarks.json alone")
    parser.add_argument("--json", type=Path, default=DATA_FILE, help="where to write the results")
    ns = parser.parse_args(argv)
    steps = [s for s in ns.only.split(",") if s]
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps {sorted(unknown)}; expected some of {list(STEPS)}")

    from playwright.sync_api import sync_playwright

    data = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "quick": ns.quick,
            "machine": machine()}
    if ns.json.exists():
        # Steps not run this time keep their last numbers.
        old = json.loads(ns.json.read_text(encoding="utf-8"))
        data.update({k: old[k] for k in STEPS if k in old and k not in steps})
    tmp = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        sites: dict[int, Path] = {}
        if "build" in steps:
            log("1. build time")
            data["build"], sites = bench_build(tmp, runs=1 if ns.quick else 3)
        if 1 not in sites and set(steps) - {"build"}:
            # The browser measures a build of its own (site/ may be rebuilt meanwhile by others).
            log("building a copy of the site")
            timed_build(copy_project(tmp / "project-1x"), tmp / "out-project-1x", strict=True)
            sites[1] = tmp / "out-project-1x"
        site = sites.get(1)
        big = sites.get(max(sites)) if sites and max(sites) > 1 else None
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS, headless=True)
            if "bytes" in steps:
                log("2. bytes")
                data["bytes"] = bench_bytes(browser, site, big)
            if "search" in steps:
                log("4. search")
                data["search"] = bench_search(browser, {"real": site, **({"20x": big} if big else {})},
                                              reps=1 if ns.quick else 5)
            browser.close()
            if "widget" in steps:
                log("3. widget vs PyScript")
                data["widget"] = bench_widget(p, tmp, site, runs=1 if ns.quick else 3)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for step in steps:
        data[step]["date"] = data["date"]  # steps kept from an earlier run keep their own date
    data = {k: data[k] for k in ("date", "quick", "machine", *STEPS) if k in data}
    report(data)
    if not ns.no_write:
        ns.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {ns.json.relative_to(ROOT) if ns.json.is_relative_to(ROOT) else ns.json}")


if __name__ == "__main__":
    main()
