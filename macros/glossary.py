"""The glossary page: every term in both languages, with its definition and clause."""
from __future__ import annotations

from html import escape

from handbook.citations import clause_label
from handbook.data_files import glossary
from handbook.labels import label
from handbook.links import link_from

from .escaping import md_text


def glossary_table(lang: str, src: str) -> str:
    h = lambda k: label("headers." + k, lang)  # noqa: E731
    first, second = ("zh", "en") if lang == "zh" else ("en", "zh")
    out = [f"| {h(first)} | {h(second)} | {h('definition')} | {h('clause')} |", "|---|---|---|---|"]
    # Data order in both languages (related terms stay together), so both pages match.
    for t in glossary().terms:
        clause = f"[{md_text(clause_label(t.clause, lang))}]({link_from(src, t.clause)})" if t.clause else ""
        # The term's own anchor lets other pages link to a glossary entry.
        out.append(f'| <span id="term-{_slug(t.en)}">{escape(getattr(t, first))}</span> | '
                   f"{escape(getattr(t, second))} | {escape(t.definition[lang])} | {clause} |")
    return "\n".join(out)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
