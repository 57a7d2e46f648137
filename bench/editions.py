"""8. editions: what the editions cost the build (handbook/editions.py, hooks/editions.py,
macros/changes.py), at the real size and at 20x (the generated corpus of build.py: its
sections, clauses, procedures and steps are all snapshotted).

In a copy of the project, grown to the size, the generated text is made the first edition
(`python -m handbook edition`); then, in one process, the work the editions add to a build is
timed in CPU seconds: reading and checking the editions (the current text's snapshot, the
snapshot files, the comparison), a second edition that changes every tenth item compared with
the first, and the what-changed page rendered in both languages from it. Against the CPU
seconds of the same copy's whole `mkdocs build --strict` (build.py's timed_build), as a share:
the target is 10 % or less at 20x."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import yaml

from scripts.project_copy import copy_project

from . import ROOT, log
from .build import timed_build
from .corpus import clause_pool, generate_corpus, zh_pages

# Run inside the copy (its handbook/ and macros/ first on the path).
_PROBE = r"""
import json, resource, sys
from handbook import editions
from macros.changes import change_list

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

t0 = cpu()
h = editions.history()
t1 = cpu()
snap = h["snapshot"]
changed = {k: ({**v, "text": {l: t + "（改）" for l, t in v["text"].items()}} if i % 10 == 0 else v)
           for i, (k, v) in enumerate(sorted(snap.items()))}
changes = editions.compare(snap, changed)
editions.fingerprint(changes)
t2 = cpu()
for lang in ("zh", "en"):
    change_list(changes, lang, "changes/", changed)
t3 = cpu()
print(json.dumps({"items": len(snap), "changes": len(changes), "history_s": t1 - t0, "compare_s": t2 - t1,
                  "render_s": t3 - t2}))
"""


def _probe(project: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(project)}
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=project, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _fit_flowcharts(project: Path) -> None:
    """The generated procedures' step texts cut short: a long English clause of the pool can
    need more lines than a phone's flowchart allows (the flowchart layout refuses it), and
    this measurement is about the editions, not the flowcharts."""
    for path in (project / "checklists").glob("gen-*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for step in data["steps"]:
            step["text"] = {"zh": step["text"]["zh"][:40], "en": step["text"]["en"][:100]}
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def bench_editions(tmp: Path, runs: int, scales=(1, 20)) -> dict:
    pool = clause_pool(ROOT / "docs")
    real = len(zh_pages(ROOT / "docs"))
    rows = []
    for scale in scales:
        project = copy_project(tmp / f"editions-{scale}x")
        if scale > 1:
            generate_corpus(project, (scale - 1) * real, pool)
            _fit_flowcharts(project)
        env = {**os.environ, "PYTHONPATH": str(project)}
        subprocess.run([sys.executable, "-m", "handbook", "edition", "2026-12"], cwd=project, env=env, check=True,
                       capture_output=True)
        probes, builds = [], []
        for run in range(runs):
            probes.append(_probe(project))
            _, cpu = timed_build(project, tmp / f"editions-out-{scale}x", strict=True)
            builds.append(cpu)
            log(f"  editions {scale:2}x round {run + 1}: {probes[-1]['items']} items, editions "
                f"{sum(probes[-1][k] for k in ('history_s', 'compare_s', 'render_s')):.2f} s CPU, build {cpu:.2f} s CPU")
        med = {k: statistics.median(p[k] for p in probes) for k in ("history_s", "compare_s", "render_s")}
        editions_s = sum(med.values())
        build_s = statistics.median(builds)
        rows.append({"scale": scale, "pages": len(list((project / "docs").rglob("*.md"))), "items": probes[0]["items"],
                     "changes": probes[0]["changes"], **{k: round(v, 3) for k, v in med.items()},
                     "editions_s": round(editions_s, 2), "build_s": round(build_s, 2),
                     "share": round(editions_s / build_s, 3)})
    return {"runs": runs, "measure": "median CPU seconds; share = the editions' work / the whole build", "sizes": rows}
