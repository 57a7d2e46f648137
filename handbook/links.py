"""Links between docs pages, as Markdown (the i18n plugin maps them) or as built URLs.

Raw HTML that a macro writes is not rewritten by MkDocs, so it needs the URL of the built
page: `x.md` and `x/index.md` are served at `x/`, and English pages under `en/`.
"""
import posixpath


def link_from(current_src: str, target: str) -> str:
    """Markdown link to docs-relative `target` (may carry #anchor) from the page at `current_src`."""
    path, _, anchor = target.partition("#")
    # The en twin `x.en.md` lives in the same folder as `x.md`.
    rel = posixpath.relpath(path, posixpath.dirname(current_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def built_url(target_src: str, lang: str) -> str:
    """Site-relative URL of the page built from docs-relative `target_src` in `lang`."""
    stem = target_src.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("en/" if lang == "en" else "") + stem


def href_from(page_url: str, target: str, lang: str) -> str:
    """Relative href for raw HTML on the page served at `page_url` to `target` (may carry #anchor)."""
    path, _, anchor = target.partition("#")
    url = built_url(path, lang)
    fragment = f"#{anchor}" if anchor else ""
    if url == page_url:
        return fragment or "./"
    rel = posixpath.relpath("/" + url, "/" + (page_url or ""))
    return (rel.rstrip("/") + "/" if rel != "." else "./") + fragment
