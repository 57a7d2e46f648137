"""mkdocs-macros module: thin render functions over validated data. No rules live here.

Every macro renders in the language of the page it is called from (zh or en).
"""
from __future__ import annotations

from . import contents, glossary, restorations, tooltips
from .page_language import page_language


def define_env(env):
    def lang() -> str:
        return page_language(env.page)

    def src() -> str:
        return env.page.file.src_uri

    @env.macro
    def status_legend():
        return contents.status_legend(lang())

    @env.macro
    def handbook_contents():
        return contents.contents_table(lang(), src())

    @env.macro
    def chapter_sections(chapter_id: str):
        return contents.chapter_sections(chapter_id, lang(), src())

    @env.macro
    def glossary_table():
        return glossary.glossary_table(lang(), src())

    @env.macro
    def restoration_table():
        return restorations.restoration_table(lang())

    @env.macro
    def certainty_legend():
        return restorations.certainty_legend(lang())

    @env.macro
    def editorial_notes():
        return restorations.editorial_notes(lang(), src())


def on_post_page_macros(env):
    """Glossary tooltips on the first use of each term in a page."""
    env.markdown = tooltips.annotate(env.markdown, page_language(env.page))
