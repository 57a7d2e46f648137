"""Relative Markdown links between docs pages (the i18n plugin maps them to each language)."""
import posixpath


def link_from(current_src: str, target: str) -> str:
    """Link to docs-relative `target` (may carry #anchor) from the page at `current_src`."""
    path, _, anchor = target.partition("#")
    # The en twin `x.en.md` lives in the same folder as `x.md`.
    rel = posixpath.relpath(path, posixpath.dirname(current_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")
