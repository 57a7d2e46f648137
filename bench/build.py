"""1. Build time: this project against plain Material on the same Markdown, at 1x, 5x, 10x and 20x."""
from __future__ import annotations

import math
import resource
import shutil
import statistics
import time
from pathlib import Path

from scripts.project_copy import build as mkdocs_build, copy_project

from . import ROOT, log
from .corpus import clause_pool, generate_corpus, plain_project, zh_pages

SCALES = (1, 5, 10, 20)


def timed_build(project: Path, out: Path, strict: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `mkdocs build`. CPU = user + sys of the build and the
    processes it waited for (node for the service worker): what the build costs, nearly
    untouched by other work on the machine, which only stretches the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = mkdocs_build(project, out, strict)
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
