"""A throw-away copy of the project, to build with an edit the real tree must not carry
(tests/site/test_build_failures.py, test_escaping.py) or with a generated corpus (bench/)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What `mkdocs build` reads: the site's sources and data, the code that renders them,
# pyproject.toml, requirements-browser.txt and service_norms/, from which the Pyodide bundle
# hook builds the rules wheel and the lock at every build, and deploy/ (the nginx configs'
# Content-Security-Policy, which hooks/content_security_policy.py holds every page to).
PROJECT = ["mkdocs.yml", "docs", "data", "checklists", "questions", "overrides", "macros", "hooks",
           "handbook", "service_norms", "pyproject.toml", "requirements-browser.txt", "deploy"]


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
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


def build(project: Path, out: Path | None = None, strict: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build` of the copy into `out` (default: <project>/out), from the copy's folder.

    PYTHONPATH puts the copy first, so its macros/, hooks/ and handbook/ are the ones that
    run, not the development install's (which maps those names to the checkout)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join([str(project), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out or project / "out")]
    return subprocess.run(cmd + (["--strict"] if strict else []), cwd=project, env=env,
                          capture_output=True, text=True, timeout=3600)
