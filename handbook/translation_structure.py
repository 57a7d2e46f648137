"""Compare the structure of a page and its translation: headings, anchors, list items, admonitions, macros.

Anchors are fixed English IDs in both languages (`## 首问负责制 { #first-contact }`), so a
translation that drops, adds or renames a clause shows up as a different id sequence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .front_matter import split_front_matter

_HEADING = re.compile(r"^(#{1,6})\s+.*?(?:\{\s*#([\w-]+)\s*\})?\s*$")
_ID = re.compile(r"\{\s*:?\s*#([\w-]+)[^}]*\}")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*([\w-]+)")
_MACRO = re.compile(r"\{\{\s*(.*?)\s*\}\}")

# Paragraph counts may differ by this much: a translator may split or join a sentence.
PARAGRAPH_TOLERANCE = 1


@dataclass
class Structure:
    headings: list[tuple[int, str | None]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    list_items: int = 0
    admonitions: list[str] = field(default_factory=list)
    macros: list[str] = field(default_factory=list)
    paragraphs: int = 0


def structure(markdown: str) -> Structure:
    s = Structure()
    in_fence = False
    previous_blank = True
    for line in split_front_matter(markdown)[1].splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            s.headings.append((len(heading.group(1)), heading.group(2)))
        elif _ITEM.match(line):
            s.list_items += 1
        elif _ADMONITION.match(line):
            s.admonitions.append(_ADMONITION.match(line).group(1))
        elif line.strip() and previous_blank and not line.startswith((" ", "\t", "|", "{", ":")):
            s.paragraphs += 1
        s.ids += _ID.findall(line)
        s.macros += _MACRO.findall(line)
        previous_blank = not line.strip()
    return s


def compare_structure(original: str, translation: str) -> list[str]:
    """Differences between two pages' structures, each a readable sentence; [] if they agree."""
    a, b = structure(original), structure(translation)
    problems = []
    if a.headings != b.headings:
        problems.append(f"headings (level, #id): {_fmt(a.headings)} ≠ {_fmt(b.headings)}")
    if a.ids != b.ids:
        missing = [i for i in a.ids if i not in b.ids]
        extra = [i for i in b.ids if i not in a.ids]
        problems.append(f"anchors differ: missing {missing}, extra {extra}"
                        + ("" if missing or extra else " (order differs)"))
    if a.list_items != b.list_items:
        problems.append(f"list items: {a.list_items} ≠ {b.list_items}")
    if a.admonitions != b.admonitions:
        problems.append(f"admonitions: {a.admonitions} ≠ {b.admonitions}")
    if a.macros != b.macros:
        problems.append(f"macro calls: {a.macros} ≠ {b.macros}")
    if abs(a.paragraphs - b.paragraphs) > PARAGRAPH_TOLERANCE:
        problems.append(f"paragraphs: {a.paragraphs} vs {b.paragraphs} (tolerance {PARAGRAPH_TOLERANCE})")
    return problems


def _fmt(headings) -> str:
    return ", ".join(f"h{level}#{hid}" for level, hid in headings)
