"""Status of each handbook section, derived from which page carries it and what that page declares."""
from __future__ import annotations

from typing import Literal

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
