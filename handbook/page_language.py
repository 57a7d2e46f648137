"""Which language a page is in (mkdocs-static-i18n suffix layout: `page.en.md` is English)."""


def page_language(page) -> str:
    # i18n sets `file.locale`; the suffix is the fallback when the plugin is absent (tests).
    locale = getattr(page.file, "locale", None)
    if locale:
        return locale
    return "en" if page.file.src_uri.endswith(".en.md") else "zh"
