"""Restore the damaged V4 source: keep the handbook parts, then replay the restoration record.

The source was machine-converted to Traditional Chinese with Taiwan phrasing and had words
masked. Script conversion (OpenCC t2s) is done by the caller; this module applies the
recorded restorations on top and splits the result into sentences for comparison.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


class RestorationError(ValueError):
    """A restoration entry does not match the text it is meant to restore."""


@dataclass(frozen=True)
class Replacement:
    source: str
    restored: str
    count: int = 1


def handbook_parts(text: str, drop_line_pattern: str, appended_from: str) -> str:
    """The handbook's own text: without the publisher's metadata line and appended articles."""
    lines = text.splitlines()
    try:
        end = next(i for i, line in enumerate(lines) if line.strip() == appended_from)
    except StopIteration:
        raise RestorationError(f"appended_from {appended_from!r} is not a line of the source") from None
    drop = re.compile(drop_line_pattern)
    return "\n".join(line for line in lines[:end] if not drop.search(line))


def apply_restorations(text: str, replacements: list[Replacement]) -> str:
    """Apply each replacement in order; each must match exactly `count` times where it applies."""
    for number, r in enumerate(replacements, start=1):
        found = text.count(r.source)
        if found != r.count:
            raise RestorationError(
                f"restoration #{number} {r.source!r} → {r.restored!r}: expected {r.count} "
                f"occurrence(s), found {found}"
            )
        text = text.replace(r.source, r.restored)
    return text


# A clause number at the start of a line: "1.", "1.1.", "5.2 ", "1、", or a bullet.
_LEADER = re.compile(r"^(?:[●•]\s*|\d+(?:\.\d+)*[.、]?\s+|\d+、)")
_TOC_PAGE = re.compile(r"\s+\d+$")
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


def sentences(text: str, *, strip_page_numbers: bool = False) -> list[str]:
    """Sentences of restored text, with bullets, clause numbers and (optionally) TOC page numbers removed."""
    out: list[str] = []
    for line in text.splitlines():
        line = _LEADER.sub("", line.strip())
        if strip_page_numbers:
            line = _TOC_PAGE.sub("", line)
        for part in _SENTENCE_END.split(line):
            part = part.strip()
            if part:
                out.append(part)
    return out
