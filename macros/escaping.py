"""Data text into pages as text, never as markup.

Raw HTML gets `html.escape`. Text placed in Markdown (tables, admonitions) also has the
characters Markdown would act on replaced by character references, so a `|` cannot split
a table cell and `*` or `_` cannot turn into emphasis.
"""
from html import escape

_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|#!~"}


def md_text(text: str) -> str:
    return escape(text).translate(str.maketrans(_MARKDOWN))
