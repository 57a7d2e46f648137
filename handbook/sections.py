"""The handbook's sections: each one's status, derived from which page carries it and what
that page declares, and the clause number of a link to a section's page."""
from __future__ import annotations

from typing import Literal

from .models import Handbook

Status = Literal["converted", "reference-draft", "not-in-source"]


def section_status(page: str | None, page_statuses: dict[str, str]) -> Status:
    """A section without a page is not in the source yet; otherwise its page says.

    `page_statuses` maps docs-relative page paths to the `status` of their front matter.
    A section naming a page that does not exist is a data error, not a status.
    """
    if page is None:
        return "not-in-source"
    try:
        status = page_statuses[page]
    except KeyError:
        raise ValueError(f"section page {page!r} does not exist in docs/") from None
    if status not in ("converted", "reference-draft"):
        raise ValueError(f"page {page!r} has status {status!r}; a handbook section is converted or reference-draft")
    return status  # type: ignore[return-value]


def clause_number(clause: str, book: Handbook) -> str:
    """"1.3" for a clause on chapter 1 section 3's page; the chapter's number for its own page."""
    page = clause.split("#")[0]
    for position, chapter in enumerate(book.chapters, start=1):
        if chapter.page == page:
            return str(position)
        for s in chapter.sections:
            if s.page == page:
                return f"{position}.{s.number}"
    raise ValueError(f"clause {clause!r} is not on the page of any section in data/handbook.yml")
