"""5. The authors' preview (`make preview`: mkdocs serve --dirty with live reload): save one
page, time until the served page shows the edit. Run on a copy of the project."""
from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from scripts.project_copy import copy_project

from . import log

PAGE = "docs/preface.md"
URL_PATH = "/preface/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return ""


def bench_preview(tmp: Path, edits: int = 3) -> dict:
    project = copy_project(tmp / "project-preview")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PREVIEW": "1", "HANDBOOK_STRICT": "false",
           "PYTHONPATH": os.pathsep.join([str(project), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload",
                             "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}{URL_PATH}"
    times = []
    try:
        t0 = time.perf_counter()
        while "</html>" not in _get(url):
            if proc.poll() is not None or time.perf_counter() - t0 > 600:
                raise SystemExit("make preview did not come up")
            time.sleep(0.2)
        first = time.perf_counter() - t0
        page = project / PAGE
        for i in range(edits):
            time.sleep(1.5)  # the watcher settles after the last build
            marker = f"preview-edit-{i}-{time.time_ns()}"
            t0 = time.perf_counter()
            page.write_text(page.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in _get(url):
                if time.perf_counter() - t0 > 120:
                    raise SystemExit("an edit did not show in the preview within 120 s")
                time.sleep(0.05)
            times.append(time.perf_counter() - t0)
            log(f"  preview: edit {i + 1} shown after {times[-1]:.2f} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return {"first_build_s": round(first, 2), "edit_s": round(statistics.median(times), 2),
            "edit_runs": [round(t, 2) for t in times], "target_s": 2}
