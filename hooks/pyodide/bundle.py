"""MkDocs hook: ship Pyodide and our rules package inside the site (assets/vendor/pyodide/).

What lands in site/assets/vendor/pyodide/, all served by the site itself:
- the Pyodide runtime from npm (node_modules/pyodide, pinned in package.json): only the
  files loading needs, see RUNTIME; python_stdlib.zip is npm's compiled to bytecode (.pyc
  instead of .py, by hooks/pyodide/compile_stdlib.mjs with Pyodide's own Python in
  Node), which takes Pyodide's start-up from ~2 s to ~0.7 s: npm ships sources only, and
  compiling them was most of the start-up. Cached in node_modules/.cache/ by input hash;
- the third-party wheels pinned and hashed in requirements-browser.txt (downloaded into
  .wheels/ by `make build`);
- our own wheel, service_norms-<version>-py3-none-any.whl: the service_norms package
  alone, built from the current source by setuptools through `build` at every build
  (reproducible: same source, same bytes);
- pyodide-lock.json: pyodide-lock's entries for the wheels (npm's lock, cut down to what is
  shipped), so `loadPackage("service-norms")` resolves everything from this folder.

overrides/assets/javascripts/workers/rules-worker.js loads it; hooks/pyodide/node_check.mjs
runs the same bundle in Node. No network: the wheel is built without build isolation
(setuptools is pinned in requirements.txt), and `pyodide build` is not used (it needs
GitHub or Python >= 3.12).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from hooks import nested_build, preview

log = logging.getLogger("mkdocs.hooks.pyodide_bundle")

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "service_norms"  # the import package shipped as our own wheel
TARGET = "assets/vendor/pyodide"  # under the built site
# What loadPyodide() fetches in a browser (module) worker and in Node, and nothing else:
# pyodide.mjs (the loader; pyodide.js refuses classic workers, so the worker is a module
# worker and the CommonJS build is not shipped), pyodide.asm.mjs (the Emscripten glue it
# import()s), pyodide.asm.wasm (the interpreter), python_stdlib.zip (the standard library,
# shipped compiled: see compiled_stdlib).
# pyodide-lock.json is written by this hook, not copied.
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
STDLIB = "python_stdlib.zip"  # shipped compiled to bytecode, see compiled_stdlib()
COMPILE_SCRIPT = "hooks/pyodide/compile_stdlib.mjs"
TRIM_SCRIPT = "hooks/pyodide/trim.mjs"
COMPILE_ZIP = "hooks/pyodide/compile_zip.py"  # the compiling both scripts run
WHEELS_JS = "overrides/assets/javascripts/workers/wheels.js"  # the worker's install, which trim.mjs runs


class BundleError(PluginError):
    pass


def canonical_name(name: str) -> str:
    """PEP 503 normalised name (the keys of pyodide-lock.json's packages)."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --- requirements-browser.txt -----------------------------------------------------------

def read_requirements(path: Path) -> list[dict]:
    """The pinned wheels: [{name, version, hashes}] from `name==version --hash=sha256:…` lines."""
    if not path.is_file():
        raise BundleError(f"{path.name} is missing (the browser's third-party wheels are pinned there)")
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)((?:\s+--hash=sha256:[0-9a-f]{64})*)", line)
        if not m:
            raise BundleError(f"{path.name}: cannot read {line!r}: write `name==version --hash=sha256:<hex>`")
        pins.append({"name": m[1], "version": m[2], "hashes": re.findall(r"sha256:([0-9a-f]{64})", m[3])})
    return pins


def find_pinned_wheels(pins: list[dict], wheel_dir: Path) -> list[Path]:
    """The .whl in wheel_dir for each pin, checked against the pinned hash."""
    found = []
    for pin in pins:
        candidates = [
            p for p in sorted(wheel_dir.glob("*.whl")) if
            canonical_name(p.name.split("-")[0]) == canonical_name(pin["name"]) and p.name.split("-")[1] == pin["version"]
        ] if wheel_dir.is_dir() else []
        if not candidates:
            raise BundleError(
                f"no wheel for {pin['name']}=={pin['version']} in {wheel_dir.name}/: run `make build` (it runs "
                f"`pip download --no-deps --only-binary=:all: -r requirements-browser.txt -d .wheels`)")
        wheel = candidates[0]
        if not wheel.name.endswith("-none-any.whl"):
            raise BundleError(f"{wheel.name} is not a pure-Python (none-any) wheel: Pyodide cannot use it as is")
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if pin["hashes"] and digest not in pin["hashes"]:
            raise BundleError(f"{wheel_dir.name}/{wheel.name} has sha256 {digest}, not the one pinned in "
                              "requirements-browser.txt: delete .wheels/ and run `make build`")
        found.append(wheel)
    return found


# --- our own wheel ------------------------------------------------------------------------

# 1980-01-01, the earliest time a zip can store: setuptools' bdist_wheel dates every member
# with it (SOURCE_DATE_EPOCH) instead of the build's clock.
SOURCE_DATE_EPOCH = "315532800"


def project_metadata(root: Path) -> dict:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if "version" not in project:
        raise BundleError("pyproject.toml: [project] version must be static (the wheel's file name uses it)")
    return project


def _staging(root: Path, into: Path) -> Path:
    """pyproject.toml and service_norms/ alone, each file 0644: what the wheel is built from.

    A folder of its own, so the wheel holds nothing but the browser core whatever else the
    checkout's pyproject installs for development, no stale build/ or *.egg-info of the
    checkout can slip in, and the files' modes (which a zip stores) are the same on every
    machine, whatever its umask.
    """
    sources = sorted(p for p in (root / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts)
    if not sources:
        raise BundleError(f"{PACKAGE}/ has no .py files under {root}")
    for path in [root / "pyproject.toml", *sources]:
        target = into / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        target.chmod(0o644)
    return into


def build_wheel(root: Path, out_dir: Path) -> Path:
    """service_norms-<version>-py3-none-any.whl, built by setuptools (through `build`) from
    the current source; same source, same bytes (file dates from SOURCE_DATE_EPOCH, members in
    sorted order, modes fixed by _staging)."""
    from build import ProjectBuilder
    from pyproject_hooks import quiet_subprocess_runner

    def runner(cmd, cwd=None, extra_environ=None):
        quiet_subprocess_runner(cmd, cwd, {**(extra_environ or {}), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="service-norms-wheel-") as tmp:
        staging = _staging(root, Path(tmp) / "src")
        try:
            built = ProjectBuilder(staging, runner=runner).build("wheel", Path(tmp) / "dist")
        except Exception as err:  # build's errors carry the backend's output
            raise BundleError(f"building the {PACKAGE} wheel failed: {err}") from None
        return Path(shutil.copyfile(built, out_dir / Path(built).name))


def cached_wheel(root: Path, out_dir: Path) -> Path:
    """build_wheel, cached in node_modules/.cache/handbook-pyodide/ by a hash of what the wheel
    is built from (pyproject.toml, service_norms/*.py, setuptools' version): building it runs
    setuptools in a subprocess, about a second a build."""
    from importlib.metadata import version

    key = hashlib.sha256(f"{SOURCE_DATE_EPOCH} setuptools {version('setuptools')}".encode())
    for path in [root / "pyproject.toml", *sorted((root / PACKAGE).rglob("*.py"))]:
        if "__pycache__" not in path.parts:
            key.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    cache = root / "node_modules" / ".cache" / "handbook-pyodide" / f"wheel-{key.hexdigest()[:20]}"
    wheels = sorted(cache.glob("*.whl"))
    if len(wheels) != 1:
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        shutil.rmtree(partial, ignore_errors=True)
        build_wheel(root, partial)
        shutil.rmtree(cache, ignore_errors=True)
        partial.replace(cache)
        wheels = sorted(cache.glob("*.whl"))
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(wheels[0], out_dir / wheels[0].name))


# --- pyodide-lock.json --------------------------------------------------------------------

def add_wheels_to_lock(lock: dict, wheels: list[Path], pyodide_version: str) -> dict:
    """npm's lock with an entry per wheel (replacing a same-named one, e.g. npm's tzdata).

    The entries are pyodide-lock's (name, version, sha256, imports, and the dependencies
    whose markers hold on Pyodide's platform). pyodide-lock 0.1 predates Pyodide 314's lock
    format (entries carry a `tool` field it refuses; `info` no longer has the Pyodide
    `version` it requires), so it is handed the lock's `info` with the version from npm's
    package.json and no packages, and its entries are merged into npm's lock as they are.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.spec import InfoSpec
    from pyodide_lock.utils import add_wheels_to_spec

    base = PyodideLockSpec(info=InfoSpec(**{"version": pyodide_version, **lock["info"]}), packages={})
    if not wheels:
        return lock
    try:
        added = add_wheels_to_spec(base, wheels, base_path=wheels[0].parent).packages
    except RuntimeError as err:  # a dependency neither the lock nor the wheels provide
        raise BundleError(f"{err}: pin it in requirements-browser.txt") from None
    packages = {**lock["packages"], **{name: spec.model_dump() for name, spec in added.items()}}
    for name, spec in added.items():
        missing = [d for d in spec.depends if d not in packages]
        if missing:
            raise BundleError(f"{name} depends on {missing}, which neither the Pyodide lock nor "
                              "requirements-browser.txt provides: pin them in requirements-browser.txt")
    return {**lock, "packages": dict(sorted(packages.items()))}


# --- the standard library, compiled --------------------------------------------------------

def compiled_stdlib(root: Path) -> Path:
    """npm's python_stdlib.zip with every module compiled to .pyc by Pyodide's own Python.

    Cached in node_modules/.cache/handbook-pyodide/ under a hash of everything the result
    depends on (npm's zip, the interpreter, the compile scripts): compiling takes Node
    ~6 s, so only the first build after `npm ci` or a Pyodide upgrade pays for it.
    """
    npm = root / "node_modules" / "pyodide"
    script = root / COMPILE_SCRIPT
    key = hashlib.sha256()
    for part in (npm / STDLIB, npm / "pyodide.asm.wasm", npm / "pyodide.asm.mjs", script, root / COMPILE_ZIP):
        key.update(hashlib.sha256(part.read_bytes()).digest())
    cache = root / "node_modules" / ".cache" / "handbook-pyodide"
    target = cache / f"python_stdlib-{key.hexdigest()[:20]}.zip"
    if target.is_file():
        return target
    node = shutil.which("node")
    if node is None:
        raise BundleError("node is needed to compile Pyodide's standard library: install it and run `make build`")
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        result = subprocess.run([node, str(script), str(npm), str(npm / STDLIB), str(partial)],
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise BundleError(f"{COMPILE_SCRIPT} failed:\n{result.stderr[-2000:]}")
        check_compiled_stdlib(npm / STDLIB, partial)
        partial.replace(target)  # atomic: a parallel build sees the old state or the whole file
    finally:
        partial.unlink(missing_ok=True)
    log.info("Pyodide standard library compiled to bytecode: %s", result.stdout.strip())
    return target


def check_compiled_stdlib(source: Path, compiled: Path) -> None:
    """Every file of npm's zip is in the compiled one, each .py as .pyc (or kept as is)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(compiled) as out:
        names = set(out.namelist())
        if out.testzip() is not None:
            raise BundleError(f"{compiled.name}: a corrupt member")
        magics = {out.read(n)[:4] for n in names if n.endswith(".pyc")}
        missing = [n for n in src.namelist() if n not in names and not (n.endswith(".py") and n + "c" in names)]
    if missing or len(magics) != 1:
        raise BundleError(f"{COMPILE_SCRIPT} wrote an incomplete zip: missing {missing[:5]}, magic numbers {magics}")


# --- trimmed to what the rules use ---------------------------------------------------------

def trimmed(root: Path, stdlib: Path, wheels: list[Path]) -> Path:
    """A folder with python_stdlib.zip cut down to the modules Pyodide's loader and the rules
    import (recorded by running the rules under Pyodide in Node, hooks/pyodide/trim.mjs),
    the wheels with their modules compiled to .pyc, and report.json.

    Cached in node_modules/.cache/handbook-pyodide/ by a hash of every input: the compiled
    stdlib, the wheels, the requests, the scripts and the interpreter; a change of the rules
    records their imports again (a few seconds of Node)."""
    from handbook.data_files import service_levels

    from hooks.pyodide.rule_requests import rule_requests

    npm = root / "node_modules" / "pyodide"
    script = root / TRIM_SCRIPT
    requests = json.dumps(rule_requests(service_levels().model_dump()), ensure_ascii=False)
    key = hashlib.sha256(requests.encode())
    for part in (stdlib, npm / "pyodide.asm.wasm", npm / "pyodide.asm.mjs", script, root / COMPILE_ZIP, root / WHEELS_JS,
                 *wheels):
        key.update(part.name.encode() + hashlib.sha256(part.read_bytes()).digest())
    cache = root / "node_modules" / ".cache" / "handbook-pyodide" / f"trim-{key.hexdigest()[:20]}"
    if (cache / "report.json").is_file():
        return cache
    node = shutil.which("node")
    if node is None:
        raise BundleError("node is needed to trim Pyodide's standard library: install it and run `make build`")
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        (partial / "requests.json").write_text(requests, encoding="utf-8")
        result = subprocess.run([node, str(script), str(npm), str(stdlib), str(partial / "requests.json"), str(partial),
                                 *map(str, wheels)], capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise BundleError(f"{TRIM_SCRIPT} failed:\n{result.stderr[-3000:]}")
        shutil.rmtree(cache, ignore_errors=True)
        partial.replace(cache)  # atomic: a parallel build sees the old state or the whole folder
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    log.info("Pyodide: %s", result.stdout.strip())
    return cache


# --- the hook -----------------------------------------------------------------------------

def bundle(root: Path, dest: Path) -> list[Path]:
    """Fill dest (site/assets/vendor/pyodide) from node_modules/pyodide, .wheels/ and the source."""
    npm = root / "node_modules" / "pyodide"
    for name in (*RUNTIME, "pyodide-lock.json"):
        if not (npm / name).is_file():
            raise BundleError(f"node_modules/pyodide/{name} is missing: run `npm ci` (or `make build`, which runs it)")
    third_party = find_pinned_wheels(read_requirements(root / "requirements-browser.txt"), root / ".wheels")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="handbook-wheels-") as tmp:
        wheels = [Path(shutil.copyfile(w, Path(tmp) / w.name)) for w in third_party]
        wheels.append(cached_wheel(root, Path(tmp)))
        version = json.loads((npm / "package.json").read_text(encoding="utf-8"))["version"]
        # The lock's entries (imports, dependencies) are read from the wheels as published ...
        lock = add_wheels_to_lock(json.loads((npm / "pyodide-lock.json").read_text(encoding="utf-8")), wheels, version)
        trim = trimmed(root, compiled_stdlib(root), wheels)
    # ... and the files shipped are the trimmed standard library and the compiled wheels.
    for name in RUNTIME:
        shutil.copyfile(trim / STDLIB if name == STDLIB else npm / name, dest / name)
    shipped = [Path(shutil.copyfile(trim / w.name, dest / w.name)) for w in wheels]
    # The lock names only what is shipped: npm's lists Pyodide's ~360 packages, whose files are
    # not here (and a calculator page downloads the lock: 120 KB raw, 28 KB brotli, against ~2 KB).
    lock["packages"] = {name: entry for name, entry in lock["packages"].items() if (dest / entry["file_name"]).is_file()}
    for entry in lock["packages"].values():
        if entry["file_name"].endswith(".whl"):
            entry["sha256"] = hashlib.sha256((dest / entry["file_name"]).read_bytes()).hexdigest()
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, ensure_ascii=False), encoding="utf-8")
    return shipped


@event_priority(-200)  # once, after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs):
    if nested_build(config):
        return  # a nested per-language build; the bundle is shared at the site root
    if preview() and (Path(config.site_dir) / TARGET / "pyodide-lock.json").is_file():
        return  # make preview: written by the first build; a page edit does not change it
    wheels = bundle(ROOT, Path(config.site_dir) / TARGET)
    log.debug("Pyodide bundle: %s", ", ".join(w.name for w in wheels))
