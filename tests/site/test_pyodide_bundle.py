"""The Pyodide bundle in site/assets/vendor/pyodide/ (hooks/pyodide/bundle.py) is complete,
self-contained and reproducible, ships the browser core alone, and runs the same rules as
CPython (Node check)."""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks.pyodide import bundle as hook
from scripts.project_copy import copy_project
from service_norms.browser import answer as cpython_answer
from site_pages import ROOT

OURS = "service-norms"


@pytest.fixture(scope="module")
def bundle_dir(built_site) -> Path:
    return built_site / "assets" / "vendor" / "pyodide"


@pytest.fixture(scope="module")
def lock(bundle_dir) -> dict:
    return json.loads((bundle_dir / "pyodide-lock.json").read_text(encoding="utf-8"))


def shipped_names() -> list[str]:
    """Lock keys of the wheels we ship: requirements-browser.txt's pins and our own."""
    return [hook.canonical_name(p["name"]) for p in hook.read_requirements(ROOT / "requirements-browser.txt")] + [OURS]


def our_wheel(bundle_dir: Path, lock: dict) -> Path:
    return bundle_dir / lock["packages"][OURS]["file_name"]


# The `calendar` extra (icalendar and python-dateutil): shipped and locked, but installed by
# the worker only when a calendar file is asked for.
CALENDAR = ["icalendar", "python-dateutil"]


def closure_of(lock: dict, name: str) -> set[str]:
    todo, seen = [name], set()
    while todo:
        key = hook.canonical_name(todo.pop())
        if key not in seen:
            seen.add(key)
            todo += lock["packages"][key]["depends"]
    return seen


def test_the_shipped_wheels_are_in_the_lock_with_files_and_hashes(bundle_dir, lock):
    names = shipped_names()
    assert sorted(names) == ["chinesecalendar", "icalendar", "python-dateutil", OURS, "tzdata"]
    pins = {hook.canonical_name(p["name"]): p for p in hook.read_requirements(ROOT / "requirements-browser.txt")}
    for name in names:
        entry = lock["packages"][name]
        path = bundle_dir / entry["file_name"]
        assert path.is_file(), f"{name}: {entry['file_name']} is not in {bundle_dir}"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], name
        assert entry["install_dir"] == "site" and entry["package_type"] == "package"
        assert entry["imports"], name
        if name in pins:
            assert entry["version"] == pins[name]["version"]
            source = ROOT / ".wheels" / entry["file_name"]
            assert hashlib.sha256(source.read_bytes()).hexdigest() in pins[name]["hashes"], \
                f"{name}: not the wheel pinned in requirements-browser.txt"
            assert_compiled_from(source, path)
    ours = lock["packages"][OURS]
    assert ours["imports"] == ["service_norms"]
    assert sorted(hook.canonical_name(d) for d in ours["depends"]) == ["chinesecalendar", "tzdata"]


def assert_compiled_from(source: Path, shipped: Path) -> None:
    """The shipped wheel is the source wheel with each module compiled to .pyc (hash-based,
    unchecked, for Pyodide's Python), every other member as it is, all stored uncompressed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(shipped) as out:
        expected = [n + "c" if n.endswith(".py") else n for n in src.namelist()]
        assert out.namelist() == expected, shipped.name
        for name in src.namelist():
            if name.endswith(".py"):
                assert out.read(name + "c")[4:8] == b"\x01\x00\x00\x00", name
            else:
                assert out.read(name) == src.read(name), name
        assert {i.compress_type for i in out.infolist()} == {zipfile.ZIP_STORED}


def test_loading_service_norms_needs_only_shipped_files(bundle_dir, lock):
    """Everything loadPackage('service-norms') pulls in (its closure) is in the folder: no 404."""
    todo, seen = [OURS], set()
    while todo:
        name = hook.canonical_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        entry = lock["packages"][name]
        assert (bundle_dir / entry["file_name"]).is_file(), f"{name} is loaded but {entry['file_name']} is not shipped"
        todo += entry["depends"]
    assert seen == set(shipped_names()) - set(CALENDAR)
    # The calendar extra loads on demand from shipped files too, needing nothing else.
    for name in closure_of(lock, "icalendar"):
        assert (bundle_dir / lock["packages"][name]["file_name"]).is_file(), name
    assert closure_of(lock, "icalendar") | seen == set(shipped_names())


def test_the_folder_holds_the_runtime_the_wheels_and_the_lock_only(bundle_dir, lock):
    expected = set(hook.RUNTIME) | {"pyodide-lock.json"} | {lock["packages"][n]["file_name"] for n in shipped_names()}
    # hooks/precompress.py adds gzip and brotli twins (`name.gz`, `name.br`: nginx's
    # gzip_static, brotli_static) of some of them.
    names = {p.name for p in bundle_dir.iterdir()}
    twins = {n for n in names if n.endswith((".gz", ".br"))}
    assert names - twins == expected
    assert {n[:-3] for n in twins} <= expected, "a twin in the bundle that is no twin of a bundle file"
    assert lock["info"]["python"].startswith("3.14"), "the rules must run on the Python Pyodide embeds"


# The browser's wheel holds service_norms, the rules the browser runs, and nothing else: no
# build side (handbook/), no macros, no pydantic schemas. A new module here is a decision.
BROWSER_CORE = ["service_norms/__init__.py", "service_norms/__main__.py", "service_norms/browser.py",
                "service_norms/calendar_event.py", "service_norms/deadlines.py", "service_norms/escalation.py", "service_norms/explain.py",
                "service_norms/holiday_list.py",
                "service_norms/messages.py", "service_norms/rule_error.py", "service_norms/vocabulary.py",
                "service_norms/working_calendar.py"]


@pytest.fixture(scope="module")
def source_wheel(tmp_path_factory) -> Path:
    """Our wheel as setuptools builds it (the build's cache), before its modules are compiled."""
    return hook.cached_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_the_browser_core_only(bundle_dir, lock, source_wheel):
    version = hook.project_metadata(ROOT)["version"]
    dist_info = f"service_norms-{version}.dist-info"
    assert_compiled_from(source_wheel, our_wheel(bundle_dir, lock))
    with zipfile.ZipFile(source_wheel) as zf:
        names = zf.namelist()
    assert sorted(n for n in names if not n.startswith(dist_info + "/")) == BROWSER_CORE
    assert sorted(names) == sorted(BROWSER_CORE + [f"{dist_info}/{n}" for n in ("METADATA", "RECORD", "WHEEL", "top_level.txt")])


def test_the_browser_core_imports_nothing_of_the_build_side():
    """service_norms imports only itself, the standard library, chinesecalendar and (for
    calendar files, inside the function that writes one) icalendar."""
    import ast
    import sys
    allowed = set(sys.stdlib_module_names) | {"service_norms", "chinese_calendar", "yaml", "icalendar"}  # yaml: the CLI only
    for rel in BROWSER_CORE:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [] if node.level else [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{rel} imports {name}"
    tree = ast.parse((ROOT / "service_norms" / "__main__.py").read_text(encoding="utf-8"))
    top_level = {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    assert "yaml" not in top_level, "the command line imports yaml only when it reads a YAML file"
    for rel in BROWSER_CORE:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        top = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)} | {
            a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
        assert "icalendar" not in top, f"{rel}: icalendar is imported only when a calendar file is made"


def test_our_wheel_is_valid_and_holds_the_current_source(bundle_dir, lock, source_wheel):
    wheel = source_wheel
    assert wheel.name == our_wheel(bundle_dir, lock).name
    version = hook.project_metadata(ROOT)["version"]
    assert wheel.name == f"service_norms-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        dist_info = f"service_norms-{version}.dist-info"
        record = list(csv.reader(io.StringIO(zf.read(f"{dist_info}/RECORD").decode("utf-8"))))
        listed = {row[0] for row in record}
        assert listed == set(names), "RECORD must list every file in the wheel, and only those"
        for path, digest, size in record:
            if path == f"{dist_info}/RECORD":
                assert digest == "" and size == ""
                continue
            data = zf.read(path)
            expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == expected and int(size) == len(data), path
        wheel_meta = HeaderParser().parsestr(zf.read(f"{dist_info}/WHEEL").decode())
        assert wheel_meta["Wheel-Version"] == "1.0" and wheel_meta["Root-Is-Purelib"] == "true"
        assert wheel_meta.get_all("Tag") == ["py3-none-any"]
        meta = HeaderParser().parsestr(zf.read(f"{dist_info}/METADATA").decode())
        assert (meta["Name"], meta["Version"]) == ("service-norms", version)
        # Each browser pin of requirements-browser.txt is a dependency of the wheel, at the same
        # version (tzdata for Pyodide only: CPython has the system's zone database).
        requires = {hook.canonical_name(re.match(r"[\w.-]+", r)[0]): r for r in meta.get_all("Requires-Dist")}
        assert sorted(requires) == ["chinesecalendar", "icalendar", "python-dateutil", "tzdata"]
        for name in CALENDAR:
            assert 'extra == "calendar"' in requires[name], requires[name]
        for pin in hook.read_requirements(ROOT / "requirements-browser.txt"):
            assert f"=={pin['version']}" in requires[hook.canonical_name(pin["name"])], pin
        sources = sorted(p for p in (ROOT / "service_norms").rglob("*.py") if "__pycache__" not in p.parts)
        assert sources
        for src in sources:
            rel = src.relative_to(ROOT).as_posix()
            assert rel in names, f"{rel} is not in {wheel.name}"
            assert zf.read(rel) == src.read_bytes(), f"{rel} in the wheel is not the current source: run `make build`"
        assert not [n for n in names if not (n.startswith("service_norms/") or n.startswith(dist_info + "/"))]


def test_no_url_pyodide_would_fetch_from(bundle_dir, lock):
    # The lock names files only: Pyodide resolves them against packageBaseUrl (our folder).
    assert not re.search(r"https?://", json.dumps(lock))
    assert all("/" not in e["file_name"] for e in lock["packages"].values())
    # The loader JS holds exactly two URLs: the CDN Pyodide falls back to when
    # packageBaseUrl is unset (the worker and the Node check always set it), and the
    # `https://${host}` template of the socket shim (never used to load). A new one after
    # an upgrade must be looked at. (The .wasm and python_stdlib.zip hold URLs in error
    # messages and docstrings only; the browser test fails on any off-site request.)
    found = {name: sorted(set(re.findall(r"https?://[^\s\"'`)]*", (bundle_dir / name).read_text(encoding="utf-8"))))
             for name in ("pyodide.mjs", "pyodide.asm.mjs")}
    assert found == {"pyodide.mjs": ["https://cdn.jsdelivr.net/pyodide/v${U}/full/"],
                     "pyodide.asm.mjs": ["https://${t}"]}
    for caller in ("overrides/assets/javascripts/workers/rules-worker.js", "hooks/pyodide/node_check.mjs"):
        assert re.search(r"\bpackageBaseUrl:", (ROOT / caller).read_text(encoding="utf-8")), caller


def test_our_wheel_is_byte_identical_across_builds(tmp_path):
    first = hook.build_wheel(ROOT, tmp_path / "one").read_bytes()
    again = hook.build_wheel(ROOT, tmp_path / "two").read_bytes()
    assert first == again
    # Another checkout of the same source, with other file times and modes: still the same bytes.
    copy = copy_project(tmp_path / "copy")
    for path in copy.rglob("*"):
        if not path.is_symlink():
            os.utime(path, (1_900_000_000, 1_900_000_000))
            path.chmod(0o775 if path.is_dir() else 0o664)
    assert hook.build_wheel(copy, tmp_path / "three").read_bytes() == first


def test_missing_npm_files_or_wheels_name_the_command_to_run(tmp_path):
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("service_norms", "pyproject.toml", "requirements-browser.txt"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, copy / name)
    with pytest.raises(PluginError, match=r"node_modules/pyodide/.*`npm ci`"):
        hook.bundle(copy, tmp_path / "out")
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    with pytest.raises(PluginError, match=r"no wheel for chinesecalendar==.*`make build`.*pip download"):
        hook.bundle(copy, tmp_path / "out")


def test_node_runs_the_vendored_bundle_like_cpython(bundle_dir):
    node = shutil.which("node")
    assert node, "node is needed (it also installs the npm packages)"
    # Python 3.14 under Pyodide and the host's CPython give the same answers, rules and
    # errors included (time zones from the shipped tzdata, holidays from chinesecalendar).
    from rule_data import LEVELS
    requests = [json.dumps({"fn": "ping"})] + [
        json.dumps({"fn": fn, "lang": lang, "levels": LEVELS, "args": args})
        for lang in ("zh", "en")
        for fn, args in [
            ("deadline", {"start": "2025-09-30T16:00", "limit": "complaint-resolve", "other_zone": "Europe/Berlin"}),
            ("deadline", {"start": "2025-01-24T10:00", "rule": {"kind": "working_hours", "amount": 20}}),
            ("deadline", {"start": "2026-12-30T10:00", "limit": "complaint-resolve"}),
            ("deadline", {"start": "2025-03-30T02:30", "zone": "Europe/Berlin", "limit": "phone-contact"}),
            ("escalate", {"impact": "high", "urgency": "medium", "elapsed_minutes": 130, "complaint": True}),
            ("escalate", {"severity": "major", "elapsed_minutes": 20, "restored_at_minutes": 30}),
        ]] + [
        # A calendar file: the same bytes (icalendar loaded on demand, as the worker does).
        json.dumps({"fn": "deadline", "lang": "zh", "levels": LEVELS, "ics": {"stamp": "2025-01-02T03:04:05Z"},
                    "args": {"start": "2024-10-11T16:00", "zone": "Europe/Berlin",
                             "rule": {"kind": "working_days", "amount": 12}}})]
    result = subprocess.run([node, str(ROOT / "hooks" / "pyodide" / "node_check.mjs"), *requests],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [cpython_answer(r) for r in requests]


def test_the_standard_library_is_trimmed_and_shipped_as_bytecode(bundle_dir):
    """npm's python_stdlib.zip compiled to .pyc by Pyodide's own Python (booting compiles
    nothing), cut down to the modules the loader and the rules use; members stored, so the
    server's compression works over the whole file."""
    npm = ROOT / "node_modules" / "pyodide" / hook.STDLIB
    compiled = hook.compiled_stdlib(ROOT)  # cached: the full zip compiled
    with zipfile.ZipFile(npm) as src, zipfile.ZipFile(compiled) as full, \
            zipfile.ZipFile(bundle_dir / hook.STDLIB) as shipped:
        names = shipped.namelist()
        assert not [n for n in names if n.endswith(".py")], "modules left as source (they compile at every boot)"
        assert 50 < len(names) < len(src.namelist()) / 2, "the standard library is not trimmed"
        for name in names:
            assert shipped.read(name) == full.read(name), name
            assert shipped.getinfo(name).compress_type == zipfile.ZIP_STORED, name
        headers = {shipped.read(n)[:8] for n in names if n.endswith(".pyc")}
        for needed in ("json/__init__.pyc", "zoneinfo/__init__.pyc", "datetime.pyc", "pyodide/__init__.pyc"):
            assert needed in names, needed
        assert "decimal.pyc" not in names and "tkinter/__init__.pyc" not in names
        # Only Pyodide's package loader needs tarfile (to unpack); the worker and node_check
        # put wheels on sys.path instead (workers/wheels.js).
        assert "tarfile.pyc" not in names
    # One magic number (the embedded Python's) and flags 0b01: hash-based, unchecked.
    assert len(headers) == 1 and next(iter(headers))[4:8] == b"\x01\x00\x00\x00"


# Loads the site's Pyodide in Node, our wheel on sys.path as the worker puts it, and prints
# what each module's code object keeps of its positions: {"lines": bool, "columns": bool}.
POSITIONS_IN_NODE = """
import fs from "node:fs"
const dir = process.argv[1]
const { loadPyodide } = await import(dir + "pyodide.mjs")
let sitePackages
const pyodide = await loadPyodide({ indexURL: dir, packageBaseUrl: dir, fsInit: async (FS, info) => { sitePackages = info.sitePackages } })
const lock = JSON.parse(fs.readFileSync(dir + "pyodide-lock.json", "utf-8"))
const ours = lock.packages["service-norms"].file_name
pyodide.FS.writeFile(sitePackages + "/" + ours, new Uint8Array(fs.readFileSync(dir + ours)))
console.log(pyodide.runPython(`
import importlib.util, json, sys
sys.path.insert(1, "${sitePackages}/${ours}")
def positions(name):
    code = importlib.util.find_spec(name).loader.get_code(name)
    found = list(code.co_positions())
    return {"lines": any(p[0] is not None for p in found), "columns": any(p[2] is not None for p in found)}
json.dumps({name: positions(name) for name in ("json.decoder", "zoneinfo._common", "service_norms.deadlines")})
`))
"""


def test_shipped_bytecode_keeps_lines_but_not_columns(bundle_dir):
    """Compiled as `python -X no_debug_ranges`: a traceback still names each line, without
    the ^^^ under it, and the standard library is a quarter smaller to download."""
    result = subprocess.run(["node", "--input-type=module", "-e", POSITIONS_IN_NODE, str(bundle_dir) + "/"],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {name: {"lines": True, "columns": False}
                     for name in ("json.decoder", "zoneinfo._common", "service_norms.deadlines")}, found


def _stdlib_imports(folder: Path) -> set[str]:
    """Every standard-library module the rules import, anywhere in their code."""
    import ast
    import sys

    found: set[str] = set()
    for path in folder.rglob("*.py"):
        if path.name == "__main__.py":
            continue  # the command line (argparse, yaml): never run in the browser
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            found.update(n for n in names if n.split(".")[0] in sys.stdlib_module_names)
    return found


def _import_in_node(bundle_dir: Path, modules: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(ROOT / "hooks" / "pyodide" / "node_check.mjs"), "--import", ",".join(modules),
                           "--site", str(bundle_dir.parents[2])], capture_output=True, text=True, timeout=180)


def test_every_module_the_rules_import_is_shipped(bundle_dir):
    """The standard library is trimmed to what the rules used when the bundle was built: an
    import anywhere in service_norms/ (even on a path the build's requests never took) must
    still find its module under Pyodide."""
    modules = sorted(_stdlib_imports(ROOT / "service_norms"))
    assert {"json", "zoneinfo", "datetime"} <= set(modules)
    result = _import_in_node(bundle_dir, modules)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert result.stdout.splitlines() == [f"ok {m}" for m in modules]


def test_a_module_the_rules_do_not_use_is_not_shipped_and_the_check_says_so(bundle_dir):
    result = _import_in_node(bundle_dir, ["json", "decimal"])
    assert result.returncode == 3
    assert result.stdout.splitlines()[0] == "ok json"
    assert result.stdout.splitlines()[1].startswith("missing decimal: ModuleNotFoundError")


def test_compiling_the_standard_library_is_reproducible(bundle_dir, tmp_path):
    node = shutil.which("node")
    assert node
    npm = ROOT / "node_modules" / "pyodide"
    out = tmp_path / "python_stdlib.zip"
    result = subprocess.run([node, str(ROOT / hook.COMPILE_SCRIPT), str(npm), str(npm / hook.STDLIB), str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert re.fullmatch(r"Python 3\.14\.\d+: \d+ modules compiled, kept as source: none\n", result.stdout)
    assert out.read_bytes() == hook.compiled_stdlib(ROOT).read_bytes()


def test_one_compile_step_for_the_standard_library_and_the_wheels(tmp_path):
    """hooks/pyodide/compile_zip.py, which both Node scripts run under Pyodide, run here by the
    host's Python: .py members become unchecked-hash .pyc, the rest is kept as it is, a file
    that does not compile stays source, and the same zip gives the same bytes."""
    import importlib.util as iu
    import marshal
    namespace: dict = {}
    exec((ROOT / hook.COMPILE_ZIP).read_text(encoding="utf-8"), namespace)
    for script in (hook.COMPILE_SCRIPT, hook.TRIM_SCRIPT):  # neither has a compile loop of its own
        text = (ROOT / script).read_text(encoding="utf-8")
        assert "compile_zip.py" in text and "marshal.dumps" not in text, script
    src = tmp_path / "in.zip"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("pkg/__init__.py", "'''doc'''\nVALUE = 42\n")
        z.writestr("pkg/broken.py", "def (:\n")
        z.writestr("pkg/data.txt", "kept")
    outs = []
    for compress in (True, True, False):
        out = tmp_path / f"out-{len(outs)}.zip"
        compiled, kept = namespace["compile_zip"](str(src), str(out), "/lib/x.zip/", compress)
        assert (compiled, kept) == (1, ["pkg/broken.py"])
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    with zipfile.ZipFile(outs[0]) as z, zipfile.ZipFile(outs[2]) as stored:
        assert z.namelist() == ["pkg/__init__.pyc", "pkg/broken.py", "pkg/data.txt"]
        pyc = z.read("pkg/__init__.pyc")
        assert pyc[:4] == iu.MAGIC_NUMBER and pyc[4:8] == (1).to_bytes(4, "little")  # unchecked hash
        scope: dict = {}
        exec(marshal.loads(pyc[16:]), scope)
        assert scope["VALUE"] == 42 and scope["__doc__"] == "doc"
        assert z.getinfo("pkg/__init__.pyc").compress_type == zipfile.ZIP_DEFLATED
        assert {i.compress_type for i in stored.infolist()} == {zipfile.ZIP_STORED}


def test_the_lock_names_only_what_is_shipped(bundle_dir, lock):
    """npm's lock lists Pyodide's ~360 packages; the calculator page downloads the lock, so it
    holds the shipped wheels only (and every one of them)."""
    assert sorted(lock["packages"]) == sorted(shipped_names())
    assert all((bundle_dir / e["file_name"]).is_file() for e in lock["packages"].values())


def test_the_standard_library_ships_without_docstrings(bundle_dir):
    """Compiled as `python -OO` would (compile_stdlib.mjs, optimize=2): the docstrings are
    npm's source text, not in the shipped bytecode; the modules' own strings are."""
    npm = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / hook.STDLIB)
    shipped = zipfile.ZipFile(bundle_dir / hook.STDLIB)
    for module, doc, code in [("json/decoder", "Implementation of JSONDecoder", "Expecting value"),
                              ("enum", "Create a collection of name/value pairs.", "_missing_")]:
        source, pyc = npm.read(module + ".py"), shipped.read(module + ".pyc")
        assert doc.encode() in source and code.encode() in source
        assert doc.encode() not in pyc, f"{module}.pyc still holds its docstring"
        assert code.encode() in pyc, f"{module}.pyc lost a string its code uses"
