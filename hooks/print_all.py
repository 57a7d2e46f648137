"""MkDocs hook: the print-all page, one per language (docs/print.md → /print/, docs/print.en.md
→ /en/print/), holding every page of the handbook in nav order.

The stub page holds a placeholder, `<div class="hb-print-all" data-print-all></div>`. MkDocs
renders every page's Markdown to HTML before it applies any template, so when the stub's
`on_page_context` runs, each page of the language being built (the outer zh build and
mkdocs-static-i18n's nested en build alike) has its `page.content`. The hook replaces the
placeholder with those pages, in nav order, each in `<section class="hb-print-page"
id="<slug>">` under its own <h1> (slug: the page's path, `conduct/office/` → `conduct-office`,
the home page → `cover`), and:

- leaves out the pages that are not handbook text (SKIP: the tools and the trainer's quiz,
  which are interactive, a reader's runs and study progress, the manager's acknowledgements
  page, and the benchmarks) and the stub
  itself;
- drops the calculators (`form.hb-widget`), quizzes (`div.hb-quiz`), the flowcharts' viewer
  button and the checklists' runs,
  buttons and record (a checklist prints as a blank form), and any heading left with nothing
  under it;
- prefixes every element id with the page's slug (`office--office-hygiene`), and the
  attributes that name ids (`for`, `aria-*`, …), so ids are unique on the print page;
- points internal links at the print page itself when the target page is on it (`#slug` or
  `#slug--anchor`; an anchor that was dropped falls back to the page), and rewrites the
  others (the tools, the quiz, files) relative to the print page's own URL;
- gives the page a table of contents: each page, and its second-level headings;
Because the filled page's `page.content` carries the checklists and flowcharts (SVG drawn at
build time), overrides/main.html loads procedures.css, checklist.js and flowchart.js for it;
procedures.css's print rules fit each flowchart on one sheet.
"""
from __future__ import annotations

import logging
import posixpath
import re
from html import escape
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.print_all")

PLACEHOLDER = re.compile(r'<div class="hb-print-all" data-print-all(?:="")?>\s*</div>')
# Pages that are not the handbook's text, by slug: the calculators and the trainer's exam
# set-up (interactive, nothing to print), and the site's own benchmarks.
SKIP = {"tools", "quiz", "exam", "benchmarks", "runs", "study", "acknowledgements"}  # runs, study: the reader's own records; acknowledgements: a manager's tool
# Interactive elements inside pages: dropped from the print page.
# Paper gets blank checklists: the boxes and answers, without the runs, buttons and record.
DROP = ("form.hb-widget, div.hb-quiz, .hb-checklist__runs, .hb-checklist__actions, .hb-checklist__record, "
        ".hb-checklist__format, .hb-checklist__notice, button.hb-flowchart__open")


def _simple_selectors(selectors: str) -> list[tuple[str | None, str]]:
    """DROP as (tag or None, class) pairs. The hook matches these itself, on the one list of
    the page's elements it walks anyway: a CSS engine's select() was a third of its time.
    DROP stays a CSS selector (the tests select with it), of `tag.class` and `.class` only."""
    pairs = []
    for part in selectors.split(","):
        m = re.fullmatch(r"\s*([a-z][a-z0-9]*)?\.([\w-]+)\s*", part)
        if not m:
            raise ValueError(f"hooks/print_all.py DROP: {part.strip()!r} is not `tag.class` or `.class`")
        pairs.append((m[1], m[2]))
    return pairs


_DROP = _simple_selectors(DROP)
# Attributes whose value names ids in the same document (space-separated).
ID_REFS = ("for", "list", "form", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
_HEADING = re.compile(r"^h([1-6])$")


def language_base(print_url: str) -> str:
    """'' for the zh print page (`print/`), 'en/' for the en one (`en/print/`)."""
    parent = posixpath.dirname(print_url.rstrip("/"))
    return parent + "/" if parent else ""


def _key(url: str) -> str:
    """A page URL as the nav gives it: site-relative, no leading slash, no index.html."""
    url = url.lstrip("/")
    return url[: -len("index.html")] if url.endswith("index.html") else url


def slug_for(url: str, base: str) -> str:
    rel = _key(url)
    if base and rel.startswith(base):
        rel = rel[len(base):]
    return rel.strip("/").replace("/", "-") or "cover"


def _level(el) -> int:
    m = _HEADING.match(el.tag) if isinstance(el.tag, str) else None
    return int(m.group(1)) if m else 0


def _drop_marked(parent) -> None:
    """Remove the elements DROP names, with what they hold (their tail text stays)."""
    for child in list(parent):
        if not isinstance(child.tag, str):
            continue  # a comment
        classes = (child.get("class") or "").split()
        if any(c in classes and (t is None or t == child.tag) for t, c in _DROP):
            child.drop_tree()
        else:
            _drop_marked(child)


def _drop_empty_headings(body) -> None:
    """Remove a heading with nothing under it before the next heading of its level or higher."""
    for h in reversed([el for el in body if _level(el)]):
        level = _level(h)
        if level == 1:
            continue
        following = h.getnext()
        if h.tail and h.tail.strip():
            empty = False  # text follows it
        elif following is None:
            empty = True
        else:  # a comment counts as something under it
            empty = isinstance(following.tag, str) and 0 < _level(following) <= level
        if empty:
            h.drop_tree()


class _Page:
    def __init__(self, page, slug: str):
        from lxml import html as lxml_html  # imported lazily: only builds need it

        self.page, self.slug = page, slug
        # lxml's own tree (a BeautifulSoup tree over the same parser took a fifth of the build):
        # the page's HTML as the children of a <body>.
        self.body = lxml_html.fragment_fromstring(page.content or "", create_parent="body")
        _drop_marked(self.body)
        _drop_empty_headings(self.body)
        if self.body.find(".//h1") is None:  # Material adds the title to such a page; so do we
            h1 = lxml_html.Element("h1")
            h1.text = page.title or ""
            h1.tail, self.body.text = self.body.text, None
            self.body.insert(0, h1)
        self.tags = [el for el in self.body.iter() if isinstance(el.tag, str) and el is not self.body]
        self.own_ids = set()
        for el in self.tags:
            if el.get("id") is not None:
                self.own_ids.add(el.get("id"))
                el.set("id", self.prefixed(el.get("id")))
        for el in self.tags:  # after all ids are known: a reference may come before its id
            for attr in ID_REFS:
                value = el.get(attr)
                if value is not None:
                    el.set(attr, " ".join(self.prefixed(w) if w in self.own_ids else w for w in value.split()))

    def prefixed(self, anchor: str) -> str:
        return f"{self.slug}--{anchor}"

    def rewrite_links(self, included: dict[str, "_Page"], print_url: str) -> None:
        for el in self.tags:
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None:
                    el.set(attr, self._rewrite(value, included, print_url))

    def _rewrite(self, href: str, included: dict[str, "_Page"], print_url: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            return href  # another site, mailto:, data: …
        if parts.path:
            target_url = _key(urljoin("/" + self.page.url, parts.path))
        else:
            target_url = _key(self.page.url)
        target = included.get(target_url)
        if target is not None:
            if parts.fragment and parts.fragment in target.own_ids:
                return "#" + target.prefixed(parts.fragment)
            return "#" + target.slug
        # Not on the print page: the same file, from the print page's directory.
        out = get_relative_url(target_url, print_url)
        if parts.query:
            out += "?" + parts.query
        if parts.fragment:
            out += "#" + parts.fragment
        return out

    def html(self) -> str:
        from lxml import html as lxml_html

        inner = escape(self.body.text or "", quote=False) + "".join(
            lxml_html.tostring(el, encoding="unicode") for el in self.body)
        return f'<section class="hb-print-page" id="{self.slug}">\n{inner}\n</section>'

    def toc_entry(self) -> AnchorLink:
        entry = AnchorLink(self.page.title or self.slug, self.slug, 2)
        present = {self.prefixed(i) for i in self.own_ids}
        for top in self.page.toc.items if self.page.toc else []:
            # A page's TOC is its <h1> holding its <h2>s (or, without an h1, the h2s themselves).
            for item in (top.children if top.level == 1 else [top]):
                if self.prefixed(item.id) in present:
                    entry.children.append(AnchorLink(item.title, self.prefixed(item.id), item.level + 1))
        return entry


def on_page_context(context, page, config, nav, **kwargs):
    if not page.content or not PLACEHOLDER.search(page.content):
        return context
    base = language_base(page.url)
    pages: list[_Page] = []
    for other in nav.pages:
        if other is page or other.file.src_uri == page.file.src_uri:
            continue
        slug = slug_for(other.url, base)
        if slug in SKIP:
            continue
        if other.content is None:
            log.warning(f"print page: {other.file.src_uri} has no rendered content; left out")
            continue
        pages.append(_Page(other, slug))
    included = {_key(p.page.url): p for p in pages}
    for p in pages:
        p.rewrite_links(included, page.url)
    body = "\n".join(p.html() for p in pages)
    page.content = PLACEHOLDER.sub(lambda _: f'<div class="hb-print-all">\n{body}\n</div>', page.content, count=1)
    # The page's own <h1> holds one entry per included page.
    entries = [p.toc_entry() for p in pages]
    if page.toc and page.toc.items and page.toc.items[0].level == 1:
        root = page.toc.items[0]
        root.children = [*root.children, *entries]
    else:
        page.toc = TableOfContents(entries)
    log.info(f"print page {page.url}: {len(pages)} pages")
    return context
