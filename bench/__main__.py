"""`make bench` (`python -m bench`): run the measurements, print the report, write data/benchmarks.json.
See bench/__init__.py for what each one measures."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

from scripts.local_browser import CHROMIUM_ARGS, chromium_path
from scripts.project_copy import copy_project

from . import ROOT, __doc__ as OVERVIEW, log
from .build import bench_build, timed_build
from .class_results import bench_class
from .photos import bench_photos
from .editions import bench_editions
from .preview import bench_preview
from .mobile import bench_mobile
from .report import report
from .search import bench_search
from .transfer import bench_bytes
from .widget import bench_widget

DATA_FILE = ROOT / "data" / "benchmarks.json"
STEPS = ("build", "bytes", "widget", "search", "class", "preview", "mobile", "photos", "editions")


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=OVERVIEW.split("\n\n")[0],
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
        if "editions" in steps:
            log("8. editions")
            data["editions"] = bench_editions(tmp, runs=1 if ns.quick else 3)
        if "preview" in steps:
            log("5. make preview")
            data["preview"] = bench_preview(tmp, edits=1 if ns.quick else 5)
        if 1 not in sites and set(steps) - {"build", "preview", "editions"}:
            # The browser measures a build of its own (site/ may be rebuilt meanwhile by others).
            log("building a copy of the site")
            timed_build(copy_project(tmp / "project-1x"), tmp / "out-project-1x", strict=True)
            sites[1] = tmp / "out-project-1x"
        site = sites.get(1)
        big = sites.get(max(sites)) if sites and max(sites) > 1 else None
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
            if "bytes" in steps:
                log("2. bytes")
                data["bytes"] = bench_bytes(browser, site, big)
            if "search" in steps:
                log("4. search")
                data["search"] = bench_search(browser, {"real": site, **({"20x": big} if big else {})},
                                              reps=1 if ns.quick else 5)
            if "mobile" in steps:
                log("7. Lighthouse's mobile profile")
                data["mobile"] = bench_mobile(browser, site)
            if "photos" in steps:
                log("8. a 12-megapixel photo at a checklist step, phone profile")
                data["photos"] = bench_photos(browser, site, runs=1 if ns.quick else 5)
            if "class" in steps:
                log("5. class results")
                data["class"] = bench_class(browser, site, runs=1 if ns.quick else 5)
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
