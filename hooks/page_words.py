"""MkDocs hook: words of data/labels.yml that the theme's templates show, in both languages.

Templates rendered without a page (the 404 page) and the page scripts in
overrides/main.html pick their language's words from these globals, by
`config.theme.language` (mkdocs-static-i18n sets it for each language's build).
"""
from __future__ import annotations

LANGS = ("zh", "en")


def on_env(env, config, files, **kwargs):
    from handbook.labels import label

    # overrides/404.html: the "not found" page.
    env.globals["not_found_words"] = {lang: {k: label("not_found." + k, lang) for k in ("title", "text", "home", "contents")}
                                      for lang in LANGS}
    # overrides/main.html: the hint above a table or diagram wider than the screen.
    env.globals["page_words"] = {lang: {"scroll_hint": label("layout.scroll_hint", lang)} for lang in LANGS}
    return env
