"""mkdocs hook: a page's provenance wherever a reader meets it, from its front matter `status`.

A reader who follows a deep link to a clause of a reference draft skips the page's warning
box, and a nav entry or a browser tab shows only the title. So a draft page says so
- in its title (nav entry, browser tab, print contents) and its H1: 「1. 故障处理（参考草案）」;
  so does a site page whose every number is a draft's: one holding a calculator that computes
  with reference-draft values (the calculator macros set `uses_draft_data` in its meta);
- at every clause (a list item with its own anchor), with an inline mark that stays in view
  when the anchor is highlighted;
and Material's page-status icon (front matter `status`) gets a title in the page's language
saying what it means: V4 text, reference draft, site page. All words come from
data/labels.yml.
"""
from __future__ import annotations

import re
from html import escape

from handbook.labels import label
from handbook.page_language import page_language

DRAFT = "reference-draft"
STATUSES = ("converted", DRAFT, "site")
_H1 = re.compile(r"^(# .*?)(\s*\{[^}]*\})?\s*$", re.MULTILINE)
# A clause: a list item that carries its own anchor (attr_list puts the id on the <li>); not
# a checklist step, nor an entry of a chapter's list of sections (each has its own badge).
_CLAUSE = re.compile(r'<li id="(?!step-|section-)([\w-]+)">')


def _is_draft(page) -> bool:
    return page.meta.get("status") == DRAFT


def _title_marked(page) -> bool:
    """A draft page, or a site page (tools) whose calculators compute with draft values."""
    return _is_draft(page) or (page.meta.get("status") == "site" and bool(page.meta.get("uses_draft_data")))


def on_page_markdown(markdown: str, page, config, files):
    if not _title_marked(page):
        return markdown
    suffix = label("provenance.suffix", page_language(page))
    if "title" in page.meta and not page.meta["title"].endswith(suffix):
        page.meta["title"] += suffix
    return _H1.sub(lambda m: m.group(1) + suffix + (m.group(2) or ""), markdown, count=1)


def on_page_content(html: str, page, config, files):
    if not _is_draft(page):
        return html
    mark = (f'<span class="hb-draft-mark" data-provenance="{DRAFT}">'
            f'{escape(label("provenance.mark", page_language(page)))}</span> ')
    return _CLAUSE.sub(lambda m: m.group(0) + mark, html)


def on_page_context(context, page, config, nav):
    # Material titles the status icons of every nav entry from config.extra.status; the page
    # being rendered decides the language.
    lang = page_language(page)
    config.extra["status"] = {s: label(f"status_help.{s}", lang) for s in STATUSES}
    return context
