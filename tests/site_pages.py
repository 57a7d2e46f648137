"""Reading the docs sources and the built site in tests."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Comment

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SITE = ROOT / "site"


def zh_sources() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".en.md"))


def en_twin(zh: Path) -> Path:
    return zh.with_name(zh.name[:-3] + ".en.md")


def built_path(src: Path, lang: str) -> Path:
    """site/ path of the page built from docs source `src` (use_directory_urls)."""
    rel = src.relative_to(DOCS).with_suffix("")
    if rel.name.endswith(".en"):
        rel = rel.with_name(rel.name[:-3])
    parts = list(rel.parts)
    if parts[-1] == "index":
        parts = parts[:-1]
    base = SITE / "en" if lang == "en" else SITE
    return base.joinpath(*parts, "index.html")


def resolve_href(page: Path, path: str) -> Path:
    """The built file a link's path points to from `page` (site-absolute or relative)."""
    target = (SITE / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() or not target.suffix else target


def built_pages(lang: str) -> list[Path]:
    return [built_path(p, lang) for p in zh_sources()]


@dataclass
class BuiltPage:
    path: Path
    soup: BeautifulSoup

    @property
    def article(self):
        return self.soup.select_one("article.md-content__inner")

    def text(self) -> str:
        """The article's visible text, whitespace collapsed, permalink signs removed."""
        article = self.article
        for a in article.select("a.headerlink"):
            a.decompose()
        return re.sub(r"\s+", " ", article.get_text(" ")).strip()

    def compact(self) -> str:
        """The article's text without any whitespace: Chinese sentences compare against it."""
        return re.sub(r"\s+", "", self.text())


def read_built(path: Path) -> BuiltPage:
    return BuiltPage(path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))


# A character reference a reader would see as text: "&#x27;", "&#35;", "&amp;", "&lt;" …
VISIBLE_REFERENCE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def visible_references(html: str) -> list[str]:
    """Character references left in a page's text after the browser has decoded it once."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for node in soup.find_all(string=True):
        if node.parent.name in ("script", "style") or isinstance(node, Comment):
            continue
        found += [node[max(0, m.start() - 30):m.end()] for m in VISIBLE_REFERENCE.finditer(node)]
    return found
