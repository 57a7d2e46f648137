"""Clause labels in the handbook's own numbering, so a reader finds the clause in the printed V4.

V4 numbers chapters 一、二、三, sections 1.–8. inside a chapter and subsections 1.1, 1.2 …
inside a section. A link to `conduct/basic-conduct.md#style-daily-closure` is therefore
cited as 「第一章 1. 基本行为准则 · 1.3 工作作风」 / "Ch. 1, §1 Basic code of conduct, 1.3 Work
style": the chapter and section from data/handbook.yml, the subsection from the numbered
heading the anchor stands under on the page (in the page's language). A clause on a
reference-draft page says so in its label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data_files import DOCS, page_statuses, structure
from .labels import label

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{\s*#([\w-]+)[^}]*\}\s*$")
_ANCHOR = re.compile(r"\{\s*#([\w-]+)\s*\}")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$")  # "1.3 工作作风"; a section's own "1." is not a subsection


@dataclass(frozen=True)
class Place:
    """Where a clause stands in the handbook."""
    part: str            # "chapter" or "front_matter"
    chapter: int | None  # 1, 2, 3 (V4 writes 一、二、三)
    chapter_number: str | None
    section: str | None  # "3" (a section inside its chapter), None on a chapter's own page
    title: dict          # the section's (or chapter's, or front-matter page's) title, zh and en
    subsection: dict | None  # {"zh": ("1.3", "工作作风"), "en": ("1.3", "Work style")}
    draft: bool


def _page_file(page: str, lang: str):
    return DOCS / (page if lang == "zh" else page.removesuffix(".md") + ".en.md")


@lru_cache(maxsize=None)
def _subsections(page: str, lang: str) -> dict[str, tuple[str, str] | None]:
    """Every anchor on a page → the numbered subsection heading it stands under (or None)."""
    current: tuple[int, tuple[str, str]] | None = None
    anchors: dict[str, tuple[str, str] | None] = {}
    for line in _page_file(page, lang).read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            level, text, anchor = len(heading.group(1)), heading.group(2), heading.group(3)
            numbered = _NUMBERED.match(text)
            if numbered:
                current = (level, (numbered.group(1), numbered.group(2)))
            elif current is None or level <= current[0]:
                current = None  # an unnumbered heading at the same depth ends the subsection
            anchors[anchor] = current[1] if current else None
            continue
        for anchor in _ANCHOR.findall(line):
            anchors[anchor] = current[1] if current else None
    return anchors


@lru_cache(maxsize=None)
def place(clause: str) -> Place:
    page, _, anchor = clause.partition("#")
    draft = page_statuses().get(page) == "reference-draft"
    found = _part_of(page)
    if found is None:
        raise ValueError(f"clause {clause!r}: {page} is not the page of any part of data/handbook.yml")
    subsection = None
    if anchor:
        by_lang = {}
        for lang in ("zh", "en"):
            anchors = _subsections(page, lang)
            if anchor not in anchors:
                raise ValueError(f"clause {clause!r}: no {{ #{anchor} }} on {_page_file(page, lang).relative_to(DOCS)}")
            by_lang[lang] = anchors[anchor]
        if by_lang["zh"] or by_lang["en"]:
            subsection = by_lang
    return Place(**found, subsection=subsection, draft=draft)


@lru_cache(maxsize=None)
def _part_of(page: str) -> dict | None:
    """The part of data/handbook.yml a page is (front matter, a chapter or a section), once a page."""
    book = structure()
    found = None
    for part in book.front_matter:
        if part.page == page:
            found = dict(part="front_matter", chapter=None, chapter_number=None, section=None,
                         title=part.title.model_dump())
    for position, chapter in enumerate(book.chapters, start=1):
        if chapter.page == page:
            found = dict(part="chapter", chapter=position, chapter_number=chapter.number, section=None,
                         title=chapter.title.model_dump())
        for s in chapter.sections:
            if s.page == page:
                found = dict(part="chapter", chapter=position, chapter_number=chapter.number, section=s.number,
                             title=s.title.model_dump())
    return found


def clause_label(clause: str, lang: str) -> str:
    """The clause as the handbook numbers it, in `lang`, marked when it is a reference draft."""
    p = place(clause)
    title = p.title[lang]
    if p.part == "front_matter":
        text = label("citation.front_matter", lang).format(title=title)
    elif p.section is None:
        text = label("citation.chapter", lang).format(zh_number=p.chapter_number, number=p.chapter, title=title)
    else:
        text = label("citation.section", lang).format(zh_number=p.chapter_number, number=p.chapter,
                                                      section=p.section, title=title)
    if p.subsection and p.subsection[lang]:
        number, sub_title = p.subsection[lang]
        text += label("citation.subsection", lang).format(number=number, title=sub_title)
    if p.draft:
        text += label("provenance.suffix", lang)
    return text
