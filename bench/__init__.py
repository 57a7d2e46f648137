"""`make bench`: the site measured against its peers, printed and written to data/benchmarks.json
(rendered on docs/benchmarks.md by macros/benchmarks.py). Prints numbers; asserts nothing.

    .venv/bin/python -m bench [--quick] [--only build,bytes,widget,search,class,preview,mobile,photos,editions] [--no-write]

Nine measurements, one module each, all in one run on one machine (__main__ runs them,
report.py prints the table; serving.py serves a site as nginx's gzip_static would;
startup.py is the calculator's start-up alone, `python -m bench.startup`):

1. build   (build.py, corpus.py) `mkdocs build --strict` of a copy of this project, and of the same copy grown to
           5x, 10x and 20x the pages with a generated corpus (section pages in both
           languages, procedures with checklist + flowchart, quiz questions), against a
           plain Material build of the same Markdown (macro calls replaced by static text;
           only `theme: material`, the same markdown_extensions and nav; no i18n, no hooks).
           Three rounds (one with --quick), each building every size; the median CPU time
           (user + sys of the build and its children, which other load hardly changes) is
           the build time, wall time beside it. A least-squares line through (pages, CPU s)
           gives the cost per page; each size against the one before, a growth exponent.
2. bytes   (transfer.py) Bytes a first visit transfers, as a brotli_static/gzip_static server sends them
           (the .br/.gz twins hooks/precompress.py writes), per page type, in headless
           Chromium: with the service worker blocked (the page and its workers alone), and
           with it (plus what it fetches in the background in the first 30 s). Shares:
           Pyodide, Mermaid (none since the flowcharts are drawn at build time), the
           search index. The longest main-thread task while the page loads, and what a
           Chromium trace says it was spent on. The service worker's tiers.
3. widget  (widget.py, pyscript.py) Page load -> first calculator answer, cold (fresh profile) and warm (same profile
           on disk, after the cold page has stored its Pyodide memory snapshot and the
           service worker has installed), our widget (bench/startup.py's probe; also with
           the service worker blocked) against a minimal PyScript page (@pyscript/core from
           npm, pinned, self-hosted in a temp dir, never shipped; given the whole compiled
           standard library, which it needs) and against bare Pyodide (loadPyodide() from
           the site's folder, the same wheels on sys.path, the import), same answer; and the
           same rules worker alone on an empty page of the site (worker_only.py): the floor
           the calculator page stands on.
4. search  (search.py) Material search in Chromium: last keystroke -> results shown, median and p90,
           for the Chinese and English queries of data/search_queries.yml, on the
           real site and on the 20x corpus.
5. class   (class_results.py) The trainer page's class results: click -> tables drawn for 30,
           1,000 and 10,000 pasted result codes (the page is unresponsive that long), and
           `python -m handbook quiz-results` on the 10,000.
6. preview (preview.py) `make preview` on a copy of the project: one page saved -> the edit served.
7. mobile  (mobile.py) Lighthouse's mobile profile (1.6 Mbps down, 750 kbps up, 150 ms RTT,
           CPU 4x, through CDP) on a first visit to a text page, procedure pages and the
           tools page: DOMContentLoaded, the longest main-thread task (and its cause), the
           bytes, the bytes of Mermaid (0); the same pages unthrottled: the longest task.
8. photos  (photos.py) A 12-megapixel photo (4000 x 3000 JPEG, drawn in the page) added at a
           checklist step on the phone profile (CPU 4x): the file input's change -> the
           thumbnail shown (checked, decoded, reduced to 1600 px, stored); target <= 1.5 s.
9. editions (editions.py) What the editions add to a build (the snapshot of the current text, the
           comparison, the what-changed page), in CPU seconds at the real size and at 20x, as a
           share of the whole build's CPU seconds (target: 10 % or less at 20x).

Machines are noisy: compare ratios measured in the same run, not numbers across runs.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)
