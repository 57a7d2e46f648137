"""MkDocs hook: ship Pyodide and our rules package inside the site (assets/vendor/pyodide/).

What lands in site/assets/vendor/pyodide/, all served by the site itself:
- the Pyodide runtime from npm (node_modules/pyodide, pinned in package.json): only the
  files loading needs, see RUNTIME; python_stdlib.zip is npm's compiled to bytecode (.pyc
  instead of .py, by scripts/pyodide_compile_stdlib.mjs with Pyodide's own Python in
  Node), which takes Pyodide's start-up from ~2 s to ~0.7 s: npm ships sources only, and
  compiling them was most of the start-up. Cached in node_modules/.cache/ by input hash;
- the third-party wheels pinned and hashed in requirements-browser.txt (downloaded into
  .wheels/ by `make build`);
- our own wheel, service_norms-<version>-py3-none-any.whl, written here from the current
  source with the stdlib at every build (deterministic: same source, same bytes);
- pyodide-lock.json: npm's lock plus entries for the three wheels, so
  `loadPackage("service-norms")` resolves everything from this folder.

overrides/assets/javascripts/workers/rules-worker.js loads it; scripts/pyodide_node_check.mjs
runs the same bundle in Node. No network: `pyodide build` / `pyodide lockfile add-wheels`
are not used (they need GitHub or Python >= 3.12).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.pyodide_bundle")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "service_norms"  # the import package shipped as our own wheel
TARGET = "assets/vendor/pyodide"  # under the built site
# What loadPyodide() fetches in a browser (module) worker and in Node, and nothing else:
# pyodide.mjs (the loader; pyodide.js refuses classic workers, so the worker is a module
# worker and the CommonJS build is not shipped), pyodide.asm.mjs (the Emscripten glue it
# import()s), pyodide.asm.wasm (the interpreter), python_stdlib.zip (the standard library,
# shipped compiled: see compiled_stdlib).
# pyodide-lock.json is written by this hook, not copied.
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can store: fixed, so builds are reproducible
STDLIB = "python_stdlib.zip"  # shipped compiled to bytecode, see compiled_stdlib()
COMPILE_SCRIPT = "scripts/pyodide_compile_stdlib.mjs"


class BundleError(PluginError):
    pass


def canonical_name(name: str) -> str:
    """PEP 503 normalised name (the keys of pyodide-lock.json's packages)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _b64_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")


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

def project_metadata(root: Path) -> dict:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if "version" not in project:
        raise BundleError("pyproject.toml: [project] version must be static (the wheel's file name uses it)")
    return project


def wheel_requirements(root: Path) -> list[str]:
    """Requires-Dist of our wheel: pyproject's dependencies plus every browser pin, one per name."""
    project = project_metadata(root)
    reqs = {}
    for req in project.get("dependencies", []):
        reqs[canonical_name(re.match(r"[A-Za-z0-9._-]+", req)[0])] = req
    for pin in read_requirements(root / "requirements-browser.txt"):
        reqs.setdefault(canonical_name(pin["name"]), f"{pin['name']}=={pin['version']}")
    return [reqs[k] for k in sorted(reqs)]


def build_wheel(root: Path, out_dir: Path) -> Path:
    """Write service_norms-<version>-py3-none-any.whl from root/service_norms; same source, same bytes."""
    project = project_metadata(root)
    name, version = project["name"], project["version"]
    dist = f"{re.sub(r'[-_.]+', '_', name)}-{version}"
    sources = sorted(p for p in (root / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts)
    if not sources:
        raise BundleError(f"{PACKAGE}/ has no .py files under {root}")
    files: list[tuple[str, bytes]] = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in sources]

    meta = [
        "Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
        f"Summary: {project.get('description', '')}",
    ]
    if "requires-python" in project:
        meta.append(f"Requires-Python: {project['requires-python']}")
    meta += [f"Requires-Dist: {req}" for req in wheel_requirements(root)]
    files.append((f"{dist}.dist-info/METADATA", ("\n".join(meta) + "\n").encode("utf-8")))
    files.append((f"{dist}.dist-info/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: scripts/pyodide_bundle.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    ).encode("ascii")))
    files.append((f"{dist}.dist-info/top_level.txt", f"{PACKAGE}\n".encode("ascii")))
    record_name = f"{dist}.dist-info/RECORD"
    record = "".join(f"{path},sha256={_b64_sha256(data)},{len(data)}\n" for path, data in files) + f"{record_name},,\n"
    files.append((record_name, record.encode("utf-8")))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{dist}-py3-none-any.whl"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, whatever the build machine
            zf.writestr(info, data, compresslevel=9)
    target.write_bytes(buffer.getvalue())
    return target


# --- pyodide-lock.json --------------------------------------------------------------------

def wheel_info(wheel: Path) -> dict:
    """Name, version, Requires-Dist (no extras) and top-level imports, read from the wheel itself."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        dist_info = sorted({n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")})
        if len(dist_info) != 1:
            raise BundleError(f"{wheel.name}: expected one .dist-info folder, found {dist_info}")
        meta = HeaderParser().parsestr(zf.read(f"{dist_info[0]}/METADATA").decode("utf-8"))
        try:
            top_level = zf.read(f"{dist_info[0]}/top_level.txt").decode("utf-8").split()
        except KeyError:
            top_level = sorted({n.split("/")[0].removesuffix(".py") for n in names
                                if not n.split("/")[0].endswith((".dist-info", ".data"))
                                and (n.endswith("/__init__.py") and n.count("/") == 1 or "/" not in n and n.endswith(".py"))})
    depends = []
    for req in meta.get_all("Requires-Dist") or []:
        req_name, _, marker = req.partition(";")
        if "extra" in marker:
            continue  # optional extras are never installed by loadPackage
        if marker.strip():
            raise BundleError(f"{wheel.name}: Requires-Dist {req!r} has an environment marker; "
                              "scripts/pyodide_bundle.py only handles plain requirements and extras")
        depends.append(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req_name)[1])
    return {"name": meta["Name"], "version": meta["Version"], "depends": depends, "imports": top_level}


def lock_entry(wheel: Path) -> dict:
    info = wheel_info(wheel)
    return {
        "depends": info["depends"],
        "file_name": wheel.name,
        "imports": info["imports"],
        "install_dir": "site",
        "name": info["name"],
        "package_type": "package",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "tool": {},
        "unvendored_tests": False,
        "version": info["version"],
    }


def add_wheels_to_lock(lock: dict, wheels: list[Path]) -> dict:
    """npm's lock with an entry per wheel (replacing a same-named one, e.g. npm's tzdata)."""
    packages = dict(lock["packages"])
    for wheel in wheels:
        entry = lock_entry(wheel)
        packages[canonical_name(entry["name"])] = entry
    for wheel in wheels:
        entry = packages[canonical_name(wheel_info(wheel)["name"])]
        missing = [d for d in entry["depends"] if canonical_name(d) not in packages]
        if missing:
            raise BundleError(f"{wheel.name} depends on {missing}, which neither the Pyodide lock nor "
                              "requirements-browser.txt provides: pin them in requirements-browser.txt")
    return {**lock, "packages": dict(sorted(packages.items()))}


# --- the standard library, compiled --------------------------------------------------------

def compiled_stdlib(root: Path) -> Path:
    """npm's python_stdlib.zip with every module compiled to .pyc by Pyodide's own Python.

    Cached in node_modules/.cache/handbook-pyodide/ under a hash of everything the result
    depends on (npm's zip, the interpreter, the compile script): compiling takes Node
    ~6 s, so only the first build after `npm ci` or a Pyodide upgrade pays for it.
    """
    npm = root / "node_modules" / "pyodide"
    script = root / COMPILE_SCRIPT
    key = hashlib.sha256()
    for part in (npm / STDLIB, npm / "pyodide.asm.wasm", npm / "pyodide.asm.mjs", script):
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
    stdlib = compiled_stdlib(root)
    for name in RUNTIME:
        shutil.copyfile(stdlib if name == STDLIB else npm / name, dest / name)
    wheels = [Path(shutil.copyfile(w, dest / w.name)) for w in third_party]
    wheels.append(build_wheel(root, dest))
    lock = add_wheels_to_lock(json.loads((npm / "pyodide-lock.json").read_text(encoding="utf-8")), wheels)
    (dest / "pyodide-lock.json").write_text(json.dumps(lock, ensure_ascii=False), encoding="utf-8")
    return wheels


@event_priority(-200)  # once, after mkdocs-static-i18n (-100) has built every language
def on_post_build(config, **kwargs):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build; the bundle is shared at the site root
    wheels = bundle(ROOT, Path(config.site_dir) / TARGET)
    log.debug("Pyodide bundle: %s", ", ".join(w.name for w in wheels))
