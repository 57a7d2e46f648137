"""The one loader: every data file and page front matter, validated, with errors that name
file, line and field. The macros, the hooks, the tests and `python -m handbook` all read
the data through here."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .front_matter import split_front_matter
from .holiday_notices import HolidayNotices
from .models import Glossary, Handbook, RestorationRecord
from .procedures import Procedure
from .service_levels import ServiceLevels

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"
CHECKLISTS = ROOT / "checklists"

M = TypeVar("M", bound=BaseModel)

_PATH_IN_MESSAGE = re.compile(r"^([a-z_]+(?:\.[\w-]+)*): ")


class DataFileError(ValueError):
    """Bad data: the message names the file, the line, the field and what was expected."""


def _node_at(node: yaml.Node, loc: tuple) -> yaml.Node:
    """The YAML node a pydantic error location points to, as deep as it can be followed."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node


# libyaml's parser (in PyYAML's wheel) where present: the pure-Python one was an eighth of the
# build's time. One parse gives both the node tree (for line numbers) and the data.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose_and_load(text: str):
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if _too_deep(root):
            raise RecursionError  # libyaml nests as deep as it is told; the constructor would not
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


MAX_DEPTH = 200  # far beyond any real data file


def _too_deep(root) -> bool:
    todo = [(root, 1)] if root is not None else []
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(node, yaml.SequenceNode):
            todo.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend((child, depth + 1) for pair in node.value for child in pair)
    return False


def safe_load(text: str):
    """yaml.safe_load with libyaml's parser."""
    return _compose_and_load(text)[1]


def parse(text: str, model: type[M], filename: str, context: dict | None = None) -> M:
    """Validate YAML text against `model`; a failure names file, line, field and expectation."""
    try:
        root, data = _compose_and_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{filename}:{mark.line + 1}" if mark else filename
        problem = getattr(err, "problem", err)
        if "maximum nesting depth" in str(problem):  # PyYAML 6.0.4 refuses deep nesting itself
            raise DataFileError(f"{where}: not valid data: nested too deeply (lists or mappings inside each other)") from None
        raise DataFileError(f"{where}: not valid YAML: {problem}") from None
    except RecursionError:
        raise DataFileError(f"{filename}: not valid data: nested too deeply (lists or mappings inside each other)") from None
    try:
        return model.model_validate(data, context=context)
    except ValidationError as err:
        lines = []
        for e in err.errors():
            loc = tuple(e["loc"])
            msg = e["msg"].removeprefix("Value error, ")
            # Whole-model checks (a step graph) put the path they mean at the start of the message.
            inner = _PATH_IN_MESSAGE.match(msg) if e["type"] == "value_error" else None
            if inner:
                loc += tuple(int(p) if p.isdigit() else p for p in inner.group(1).split("."))
                msg = msg[inner.end():]
            node = _node_at(root, loc) if root is not None else None
            line = node.start_mark.line + 1 if node is not None else 1
            field = ".".join(str(p) for p in loc) or "(top level)"
            lines.append(f"{filename}:{line}: {field}: {msg}")
        raise DataFileError("\n".join(lines)) from None


@lru_cache(maxsize=None)
def load(name: str, model: type[M]) -> M:
    path = DATA / name
    return parse(path.read_text(encoding="utf-8"), model, str(path.relative_to(ROOT)))


def read_front_matter(path: Path) -> dict:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return safe_load(meta) or {}


_CHECKLIST_CALL = re.compile(r"""\{\{\s*checklist\(\s*["']([a-z0-9-]+)["']\s*\)\s*\}\}""")


def page_checklists(docs: Path = DOCS) -> dict[str, list[str]]:
    """docs-relative path of each zh page → the procedures whose checklist it shows."""
    out = {}
    for path in sorted(docs.rglob("*.md")):
        if not path.name.endswith(".en.md"):
            found = _CHECKLIST_CALL.findall(path.read_text(encoding="utf-8"))
            if found:
                out[path.relative_to(docs).as_posix()] = found
    return out


@lru_cache(maxsize=None)  # one build reads each page's front matter once
def page_statuses(docs: Path = DOCS) -> dict[str, str]:
    """docs-relative path of each zh page → the `status` its front matter declares."""
    out = {}
    for path in sorted(docs.rglob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        meta = read_front_matter(path)
        out[path.relative_to(docs).as_posix()] = meta.get("status", "")
    return out


# --- the data files, each validated by its schema ---------------------------------------

def structure() -> Handbook:
    """data/handbook.yml: chapters and sections, with their original pages."""
    return load("handbook.yml", Handbook)


def glossary() -> Glossary:
    return load("glossary.yml", Glossary)


def restoration_record() -> RestorationRecord:
    return load("restorations.yml", RestorationRecord)


def service_levels() -> ServiceLevels:
    return load("service_levels.yml", ServiceLevels)


def holiday_notices() -> HolidayNotices:
    """data/holiday_notices.yml: the official holiday arrangements the department has entered."""
    return load("holiday_notices.yml", HolidayNotices)


def load_procedure(path: Path) -> Procedure:
    """Validate one file; a step's `time_limit` must name an entry of data/service_levels.yml."""
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    limits = {t.id for t in service_levels().time_limits}
    procedure = parse(path.read_text(encoding="utf-8"), Procedure, name, context={"time_limits": limits})
    if procedure.id != path.stem:
        raise DataFileError(f"{name}: id: {procedure.id!r} must equal the file name {path.stem!r}")
    return procedure


@lru_cache(maxsize=None)
def procedures() -> dict[str, Procedure]:
    """checklists/*.yml by id."""
    return {p.stem: load_procedure(p) for p in sorted(CHECKLISTS.glob("*.yml"))}


def procedure(procedure_id: str) -> Procedure:
    try:
        return procedures()[procedure_id]
    except KeyError:
        raise DataFileError(f"no procedure {procedure_id!r} in checklists/; expected one of "
                            f"{sorted(procedures())}") from None


def benchmark_results() -> dict | None:
    """data/benchmarks.json as `make bench` wrote it; None before the first run."""
    path = DATA / "benchmarks.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def search_queries() -> dict[str, list[tuple[str, str]]]:
    """data/search_queries.yml: per language, (query, the page it must find)."""
    data = safe_load((DATA / "search_queries.yml").read_text(encoding="utf-8"))
    return {lang: [(query, page) for query, page in rows] for lang, rows in data.items()}
