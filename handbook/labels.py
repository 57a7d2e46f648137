"""Words the macros put on pages (data/labels.yml), looked up by path and language.

Every label is a pair `{zh: …, en: …}` of strings, and a group holds labels or groups. The
loader refuses anything else, naming the line: in a YAML flow mapping an unquoted value ends
at its first ", ", and the rest becomes a key of its own (`{en: Likely, though not …}` loads
as "Likely"), so a label cut at a comma fails the build instead of reaching a page.
"""
from __future__ import annotations

from functools import lru_cache

import yaml

from .data_files import DATA, DataFileError, _compose_and_load

LANGS = ("zh", "en")
FILE = "data/labels.yml"


def _is_label(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        k.value in LANGS and isinstance(v, yaml.ScalarNode) for k, v in node.value)


def check_labels(root: yaml.Node | None, filename: str = FILE) -> None:
    """Raise DataFileError (file, line, label path, what is wrong) unless every label is
    exactly `{zh: <text>, en: <text>}`, both strings, inside groups of labels."""
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(f"{filename}:1: expected a mapping of label groups")
    todo = [((), root)]
    while todo:
        path, node = todo.pop()
        where = ".".join(path)
        if _is_label(node):
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value not in LANGS:
                    hint = ('; a value with ", " in it must be quoted, or it is cut at the comma'
                            if value.tag.endswith(":null") else "")
                    raise DataFileError(f"{filename}:{line}: {where}: unexpected key {key.value!r} beside zh and en{hint}")
                if value.tag != "tag:yaml.org,2002:str":
                    raise DataFileError(f"{filename}:{line}: {where}.{key.value}: expected text, got {value.value!r}"
                                        " (quote it)")
            keys = [k.value for k, _ in node.value]
            missing = [lang for lang in LANGS if lang not in keys]
            if missing:
                raise DataFileError(f"{filename}:{node.start_mark.line + 1}: {where}: no {missing[0]!r} text")
            continue
        for key, value in node.value:
            if not isinstance(value, yaml.MappingNode):
                raise DataFileError(f"{filename}:{key.start_mark.line + 1}: {'.'.join((*path, key.value))}: expected a "
                                    "label {zh: …, en: …} or a group of labels")
            todo.append(((*path, key.value), value))


@lru_cache(maxsize=None)
def _labels() -> dict:
    root, data = _compose_and_load((DATA / "labels.yml").read_text(encoding="utf-8"))
    check_labels(root)
    return data


def all_labels() -> dict[str, dict[str, str]]:
    """Every label by its dotted path: {"certainty_help.likely": {"zh": …, "en": …}, …}."""
    out, todo = {}, [((), _labels())]
    while todo:
        path, node = todo.pop()
        if isinstance(node.get("zh"), str):
            out[".".join(path)] = node
        else:
            todo.extend(((*path, k), v) for k, v in node.items())
    return out


def counted(path: str, lang: str, n: int) -> str:
    """A label with a number: its `<path>_one` twin when there is one and n is 1 (English
    singular), the label itself otherwise."""
    if n == 1:
        try:
            return label(path + "_one", lang)
        except KeyError:
            pass
    return label(path, lang)


def label(path: str, lang: str) -> str:
    node = _labels()
    for key in path.split("."):
        try:
            node = node[key]
        except (KeyError, TypeError):
            raise KeyError(f"data/labels.yml has no label {path!r}") from None
    try:
        return node[lang]
    except (KeyError, TypeError):
        raise KeyError(f"data/labels.yml: label {path!r} has no {lang!r} text") from None


def labels_under(path: str, lang: str) -> dict[str, str]:
    """Every label of a group (e.g. "quiz.class") in one language, by key."""
    node = _labels()
    for key in path.split("."):
        node = node[key]
    return {k: label(f"{path}.{k}", lang) for k in node}
