"""A test edition that makes exactly three changes on a copy of the project: one clause
reworded (both languages), one procedure step removed, one draft time limit turned into V4
text; then its snapshot is made as `make edition` makes it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EDITION = "2027-01"
CLAUSE = "clause:conduct/basic-conduct.md#bearing-manner"
STEP = "step:customer-visit/take-offered-seat"
LIMIT = "limit:phone-contact"
OLD_ZH, NEW_ZH = "温文尔雅、落落大方", "温文尔雅、大方得体"
OLD_EN, NEW_EN = "courteous and at ease in appearance", "courteous and relaxed in appearance"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} is not there once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_test_edition(project: Path) -> None:
    _edit(project / "docs/conduct/basic-conduct.md", OLD_ZH, NEW_ZH)
    _edit(project / "docs/conduct/basic-conduct.en.md", OLD_EN, NEW_EN)
    visit = project / "checklists/customer-visit.yml"
    text = visit.read_text(encoding="utf-8")
    start = text.index("  - id: take-offered-seat\n")
    end = text.index("  - id: thank-for-hospitality\n")
    visit.write_text(text[:start] + text[end:], encoding="utf-8")
    _edit(visit, "\nversion: 1\n", "\nversion: 2\n")
    _edit(project / "data/service_levels.yml", "    rule: {kind: clock_minutes, amount: 15}\n",
          "    rule: {kind: clock_minutes, amount: 15}\n    status: converted\n")
    with (project / "data/editions.yml").open("a", encoding="utf-8") as f:
        f.write(f'  - id: "{EDITION}"\n    date: 2027-01-15\n'
                "    title: {zh: 测试版次, en: Test edition}\n"
                "    summary: {zh: 一条条款改写、一个步骤删除、一个时限确认为 V4 原文。, "
                "en: \"One clause reworded, one step removed, one time limit confirmed as V4 text.\"}\n"
                f'    removed: ["{STEP}"]\n')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(project), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, "-m", "handbook", "edition", EDITION], cwd=project, env=env, check=True,
                   capture_output=True, text=True)
