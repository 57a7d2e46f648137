"""Schemas of the data files (data/*.yml), as pydantic models.

Build side only (handbook/ is never shipped to the browser, which gets no pydantic); ids
and clause links follow the patterns the rules define (service_norms.vocabulary).
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from service_norms.vocabulary import CLAUSE, ID

from .restoration import Replacement

LANGUAGES = ("zh", "en")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages; neither may be empty."""
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# --- the restoration record (data/restorations.yml) ----------------------------------

Certainty = Literal["sure", "likely", "uncertain"]


class SourceLayout(Strict):
    drop_line_pattern: str
    appended_from: str


class Restoration(Strict):
    source: str = Field(min_length=1)
    restored: str = Field(min_length=1)
    count: int = Field(default=1, ge=1)
    kind: str
    certainty: Certainty
    note: Text | None = None


class EditorialNote(Strict):
    id: str
    where: str
    zh: str
    en: str


class RestorationRecord(Strict):
    layout: SourceLayout
    kinds: dict[str, Text]
    restorations: list[Restoration]
    notes: list[EditorialNote]

    @model_validator(mode="after")
    def _kinds_known(self):
        for i, r in enumerate(self.restorations):
            if r.kind not in self.kinds:
                raise ValueError(
                    f"restorations[{i}].kind {r.kind!r} is not one of the kinds: {sorted(self.kinds)}"
                )
        return self

    def replacements(self) -> list[Replacement]:
        return [Replacement(r.source, r.restored, r.count) for r in self.restorations]


# --- the handbook's structure (data/handbook.yml) ------------------------------------

class Section(Strict):
    id: str = Field(pattern=ID)
    number: str
    title: Text
    source_page: int | None = None
    page: str | None = None
    # The title itself is damaged (a masked word) and shown as uncertain.
    uncertain: bool = False


class Chapter(Strict):
    id: str = Field(pattern=ID)
    number: str
    title: Text
    source_page: int
    page: str | None = None
    sections: list[Section]


class FrontPart(Strict):
    id: str
    title: Text
    source_page: int | None = None
    page: str


class Handbook(Strict):
    front_matter: list[FrontPart]
    chapters: list[Chapter]

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for s in [*self.front_matter, *self.chapters, *self.sections()]:
            if s.id in seen:
                raise ValueError(f"duplicate section id {s.id!r}")
            seen.add(s.id)
        return self

    def sections(self) -> list[Section]:
        return [s for c in self.chapters for s in c.sections]


# --- glossary (data/glossary.yml) ----------------------------------------------------

class Term(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    en_variants: list[str] = []
    clause: str | None = Field(default=None, pattern=CLAUSE)
    definition: Text

    def english_forms(self) -> list[str]:
        return [self.en, *self.en_variants]


class Glossary(Strict):
    terms: list[Term]

    @field_validator("terms")
    @classmethod
    def _unique(cls, terms: list[Term]):
        for lang in LANGUAGES:
            seen: set[str] = set()
            for t in terms:
                key = getattr(t, lang).lower()
                if key in seen:
                    raise ValueError(f"duplicate {lang} term {getattr(t, lang)!r}")
                seen.add(key)
        return terms


# --- page front matter (docs/**/*.md) ------------------------------------------------

PageStatus = Literal["converted", "reference-draft", "site"]


class PageMeta(BaseModel):
    """What every page declares (GOV.UK style): tests check it, the contents page reads it."""
    model_config = ConfigDict(extra="allow")

    title: str = Field(min_length=1)
    section: str = Field(pattern=ID)
    status: PageStatus
    owner: str = Field(min_length=1)
    last_reviewed: object
    source: str | None = None
    # The page's point is its calculators: Python starts as the page starts to load
    # (overrides/main.html), not once a calculator is on screen. Only with a calculator.
    start_python: bool = False

    @model_validator(mode="after")
    def _source_for_handbook_text(self):
        if self.status != "site" and not self.source:
            raise ValueError(f"status {self.status!r} needs a `source` (the V4 clause or draft basis)")
        return self
