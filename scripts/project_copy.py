"""A throw-away copy of the project, to build with an edit the real tree must not carry."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from site_pages import ROOT

# service_norms/, pyproject.toml and requirements-browser.txt: scripts/pyodide_bundle.py builds
# the rules wheel and the Pyodide lock from them at every build.
PROJECT = ["mkdocs.yml", "docs", "data", "checklists", "questions", "macros", "scripts", "overrides",
           "service_norms", "pyproject.toml", "requirements-browser.txt"]


def copy_project(dest: Path) -> Path:
    for name in PROJECT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, dest / name)
    # Browser libraries and downloaded wheels are only read: link them instead of copying megabytes.
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    (dest / ".wheels").symlink_to(ROOT / ".wheels")
    return dest


def build(project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "out")],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)
