"""Data text into pages as text, never as markup.

Raw HTML gets `html.escape`. Text placed in Markdown (tables, admonitions) has `<`, `>`
and `&` escaped and the characters Markdown would act on replaced by character
references, so a `|` cannot split a table cell and `*` or `_` cannot turn into emphasis.
md_text's output is for Markdown text, never for an HTML attribute.
"""
from html import escape

_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|#!~"}


def md_text(text: str) -> str:
    # Quotes stay as they are: they mean nothing to Markdown, and an escaped one (&#x27;)
    # would have its # escaped again and show as "&#x27;" on the page.
    return escape(text, quote=False).translate(str.maketrans(_MARKDOWN))
