"""Words the macros put on pages (data/labels.yml), looked up by path and language."""
from __future__ import annotations

from functools import lru_cache

from .data_files import DATA, safe_load


@lru_cache(maxsize=None)
def _labels() -> dict:
    return safe_load((DATA / "labels.yml").read_text(encoding="utf-8"))


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
