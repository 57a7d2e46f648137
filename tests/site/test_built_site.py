"""The built site: contents and statuses, glossary page, links and anchors, nothing off the site."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from handbook.data_files import load, page_statuses
from handbook.data_files import glossary
from handbook.models import Handbook
from site_pages import DOCS, ROOT, SITE, built_pages, built_path, read_built, resolve_href


def _all_html() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_contents_page_lists_all_33_sections_with_status_from_data(built_site, lang):
    page = read_built(built_site / ("en" if lang == "en" else "") / "contents" / "index.html")
    # The status column's badges (the checklists column has its own, tested with provenance).
    badges = [b["class"][1] for b in page.article.select("table .status-badge")
              if not (b.find_previous_sibling("a") and "#checklist-" in b.find_previous_sibling("a")["href"])]
    book = load("handbook.yml", Handbook)
    assert len(badges) == len(book.front_matter) + 33
    # Each badge is the status its page declares, or "not in the source" without a page.
    declared = page_statuses()
    expected = [f"status-{declared[p.page]}" for p in book.front_matter] + \
               [f"status-{declared[s.page] if s.page else 'not-in-source'}" for s in book.sections()]
    assert badges == expected
    # Chapter 1 sections 1-7 are converted; chapter 3 has 8 reference drafts.
    assert badges.count("status-converted") == len(book.front_matter) + 7
    assert badges.count("status-reference-draft") == 8
    for section in book.sections():
        assert section.title[lang] in page.text()
    assert page.article.select_one(".uncertain"), "the masked title 货物** is flagged as uncertain"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_page_lists_every_term_in_both_languages(built_site, lang):
    page = read_built(built_site / ("en" if lang == "en" else "") / "glossary" / "index.html")
    text = page.text()
    for term in glossary().terms:
        assert term.zh in text and term.en in text, term.zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_terms_have_tooltips_in_the_text(built_site, lang):
    page = read_built(built_site / ("en" if lang == "en" else "") / "conduct" / "equipment-room" / "index.html")
    titles = {a.get_text(): a["title"] for a in page.article.select("abbr[title]")}
    if lang == "zh":
        assert titles["机房值班人员"].startswith("equipment-room duty staff")
    else:
        assert titles["equipment-room duty staff"].startswith("机房值班人员")


def test_every_handbook_clause_has_a_stable_anchor(built_site):
    for lang in ("zh", "en"):
        for path in built_pages(lang):
            page = read_built(path)
            for li in page.article.select("ul > li, ol > li"):
                # Generated navigation inside a checklist or a diagram legend is not a clause.
                if li.find_parent("table") or li.find_parent(class_=["admonition", "hb-checklist__branches", "hb-legend", "hb-quiz__choices"]):
                    continue
                assert li.get("id"), f"{path.relative_to(SITE)}: list item without an anchor: {li.get_text()[:40]}"
            for h in page.article.select("h1, h2, h3"):
                assert not re.fullmatch(r"_\d*", h["id"]), f"{path.relative_to(SITE)}: unstable heading id {h['id']}"


def test_zh_and_en_pages_have_the_same_anchors(built_site):
    for zh, en in zip(built_pages("zh"), built_pages("en")):
        ids = lambda p: [e["id"] for e in read_built(p).article.select("[id]")]  # noqa: E731
        assert ids(zh) == ids(en), f"{en.relative_to(SITE)} and {zh.relative_to(SITE)} anchors differ"


def test_internal_links_and_anchors_resolve(built_site):
    broken = []
    # Each page's ids, read once: the print pages alone hold thousands of links into
    # themselves, and parsing the target again for each link took minutes.
    ids: dict[Path, set[str]] = {}

    def ids_of(target: Path) -> set[str]:
        if target not in ids:
            ids[target] = {e["id"] for e in read_built(target).soup.find_all(id=True)}
        return ids[target]

    for path in _all_html():
        page = read_built(path)
        ids[path.resolve()] = {e["id"] for e in page.soup.find_all(id=True)}
        for a in page.soup.select("article a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            target = resolve_href(path, unquote(parts.path)) if parts.path else path.resolve()
            if not target.exists():
                broken.append(f"{path.relative_to(SITE)}: {href} (no such page)")
                continue
            if parts.fragment and parts.fragment not in ids_of(target):
                broken.append(f"{path.relative_to(SITE)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken)


_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def test_no_page_loads_anything_from_another_host(built_site):
    offenders = []
    for path in _all_html():
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            if _EXTERNAL.search(tag) and 'rel="alternate"' not in tag and 'rel="canonical"' not in tag:
                offenders.append(f"{path.relative_to(SITE)}: {tag[:120]}")
        assert "fonts.googleapis" not in html and "unpkg.com" not in html, path
    assert not offenders, "\n".join(offenders)


def _switch_target(page: Path, lang: str) -> Path:
    href = {a.get("hreflang"): a["href"] for a in read_built(page).soup.select("a[hreflang]")}[lang]
    # i18n writes site-absolute links ("/en/conduct/office/"); the site is served at the root.
    return resolve_href(page, href)


def test_language_switch_points_at_the_same_page(built_site):
    for zh, en in zip(built_pages("zh"), built_pages("en")):
        assert _switch_target(zh, "en") == en.resolve(), f"{zh.relative_to(SITE)}: English switch goes elsewhere"
        assert _switch_target(en, "zh") == zh.resolve(), f"{en.relative_to(SITE)}: Chinese switch goes elsewhere"


def test_site_name_and_search_labels_are_translated(built_site):
    en = read_built(built_site / "en" / "index.html").soup
    zh = read_built(built_site / "index.html").soup
    assert "After-Sales Service Basic Norms V4" in en.title.get_text()
    assert en.select_one("html")["lang"] == "en" and zh.select_one("html")["lang"] == "zh"
    assert en.select_one("input.md-search__input")["placeholder"] == "Search"
    assert zh.select_one("input.md-search__input")["placeholder"] == "搜索"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_nav_heading_over_culture_and_preface_is_front_matter_as_on_the_contents_page(built_site, lang):
    from handbook.labels import label

    page = read_built(built_path(DOCS / "index.md", lang))
    sections = [s.get_text(" ", strip=True) for s in page.soup.select("nav.md-nav--primary label.md-nav__link")]
    assert label("front_matter", lang) in " ".join(sections), sections


def test_the_browser_modules_are_served_as_written(built_site):
    """The Node layer (tests/js/, tests/twins/) imports the modules from overrides/: they must be
    the files the site serves. Only the search worker is written into (the name of Material's
    worker, hooks/search_index.py)."""
    scripts = ROOT / "overrides" / "assets" / "javascripts"
    differ = [p.relative_to(scripts).as_posix() for p in sorted(scripts.rglob("*.js"))
              if (built_site / "assets" / "javascripts" / p.relative_to(scripts)).read_bytes() != p.read_bytes()]
    assert differ == ["workers/search-handbook.js"]
