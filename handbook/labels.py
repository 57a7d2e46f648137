"""Words the macros put on pages (data/labels.yml), looked up by path and language."""
from __future__ import annotations

from functools import lru_cache

from .data_files import DATA, safe_load


@lru_cache(maxsize=None)
def _labels() -> dict:
    return safe_load((DATA / "labels.yml").read_text(encoding="utf-8"))


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
