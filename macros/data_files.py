"""Load the data files and page front matter, validated, with errors that name file and line."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from service_norms.front_matter import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"

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


def parse(text: str, model: type[M], filename: str, context: dict | None = None) -> M:
    """Validate YAML text against `model`; a failure names file, line, field and expectation."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{filename}:{mark.line + 1}" if mark else filename
        raise DataFileError(f"{where}: not valid YAML: {getattr(err, 'problem', err)}") from None
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
    return yaml.safe_load(meta) or {}


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
