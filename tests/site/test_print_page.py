"""The print-all page, /print/ and /en/print/ (hooks/print_all.py): every handbook page in nav
order, in the page's language, ids unique, links kept inside the page, nothing interactive."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from handbook.data_files import load
from hooks import print_all as hook
from handbook.models import Handbook
from site_pages import DOCS, ROOT, SITE, built_path, read_built, resolve_href

LANGS = ["zh", "en"]
# Not on the print page: the interactive pages, the site's benchmarks, the print page itself.
LEFT_OUT = {"tools.md", "quiz.md", "exam.md", "benchmarks.md", "print.md", "runs.md", "study.md", "acknowledgements.md"}


class _AnyTagLoader(yaml.SafeLoader):
    pass


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name: …


def _nav_files(items) -> list[str]:
    out = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out += _nav_files(value) if isinstance(value, list) else [value]
    return out


NAV = _nav_files(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)["nav"])
PRINTED = [f for f in NAV if f not in LEFT_OUT]


def _slug(doc: str) -> str:
    parts = doc[:-3].split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "-".join(parts) or "cover"


def _print_path(lang: str) -> Path:
    return SITE / ("en" if lang == "en" else "") / "print" / "index.html"


@lru_cache(maxsize=None)
def _read_print(lang: str):
    path = _print_path(lang)
    assert path.exists(), f"{path.relative_to(SITE)} is not built"
    return read_built(path)


@pytest.fixture(params=LANGS)
def printed(request, built_site):
    return request.param, _read_print(request.param)


def _source(doc: str, lang: str) -> Path:
    src = DOCS / doc
    return src.with_name(src.name[:-3] + ".en.md") if lang == "en" else src


@lru_cache(maxsize=None)  # parsed once; the tests only read them
def _own_page(doc: str, lang: str):
    return read_built(built_path(_source(doc, lang), lang))


def test_the_print_page_is_in_the_nav_under_reference():
    assert "print.md" in NAV
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)["nav"]
    reference = next(v for item in nav if isinstance(item, dict) for k, v in item.items() if k == "参考")
    assert "print.md" in reference


def test_every_page_in_nav_order_under_its_own_heading_in_its_language(printed):
    lang, page = printed
    assert page.soup.html["lang"] == lang
    sections = page.article.select("section.hb-print-page")
    assert [s["id"] for s in sections] == [_slug(f) for f in PRINTED]
    for doc, section in zip(PRINTED, sections):
        own_h1 = _own_page(doc, lang).article.find("h1")
        h1 = section.find("h1")
        assert h1 is not None and section.find(re.compile("^h[1-6]$")) is h1, f"{doc}: no heading first"
        assert h1.get_text(" ", strip=True) == own_h1.get_text(" ", strip=True), doc


def test_every_chapter_and_section_with_a_page_is_there_by_title(printed):
    lang, page = printed
    book = load("handbook.yml", Handbook)
    parts = [*book.front_matter, *book.chapters, *book.sections()]
    with_page = [p for p in parts if p.page]
    assert len(with_page) >= 3 + 16
    for part in with_page:
        section = page.article.select_one(f"section#{_slug(part.page)}")
        assert section is not None, part.page
        assert part.title[lang] in section.get_text(" "), f"{part.page}: {part.title[lang]}"


def _clause_ids(src: Path) -> list[str]:
    return re.findall(r"\{\s*#([A-Za-z0-9_-]+)\s*\}", src.read_text(encoding="utf-8"))


@pytest.mark.parametrize("src", sorted(p for p in (DOCS / "conduct").glob("*.md") if not p.name.endswith(".en.md")),
                         ids=lambda p: p.name)
def test_every_chapter_1_clause_is_there_prefixed_with_its_text(built_site, src):
    """Every id the zh source gives (headings, clauses), in both languages' print pages."""
    doc = src.relative_to(DOCS).as_posix()
    ids = _clause_ids(src)
    assert ids
    for lang in LANGS:
        page = _read_print(lang)
        own = _own_page(doc, lang)
        for anchor in ids:
            if own.soup.find(id=anchor).find_parent(class_="hb-quiz") or anchor == "quiz":
                continue  # the section's quiz is left out
            el = page.soup.find(id=f"{_slug(doc)}--{anchor}")
            assert el is not None, f"{lang}: #{anchor} of {doc} is not on the print page"
            assert el.get_text(" ", strip=True) == own.soup.find(id=anchor).get_text(" ", strip=True)


def test_everything_of_each_page_is_there_except_calculators_and_quizzes(printed):
    """Every id'd element outside a calculator or quiz is on the print page, with the same text."""
    lang, page = printed
    by_id = {e["id"]: e for e in page.soup.select("[id]")}
    for doc in PRINTED:
        own = _own_page(doc, lang)
        # What the print page leaves out (hooks/print_all.py DROP): calculators, quizzes and the
        # checklists' runs, buttons and record.
        dropped = own.article.select(hook.DROP)
        for el in own.article.select("[id]"):
            if el in dropped or any(el in d.descendants for d in dropped):
                continue
            copy = by_id.get(f"{_slug(doc)}--{el['id']}")
            if copy is None and re.fullmatch(r"h[2-6]", el.name):
                continue  # a heading over nothing but a calculator or quiz is dropped
            assert copy is not None, f"{lang}: {doc}#{el['id']} missing"
            expected = BeautifulSoup(str(el), "html.parser")
            for gone in expected.select(hook.DROP):
                gone.decompose()
            assert copy.get_text(" ", strip=True) == expected.get_text(" ", strip=True), f"{lang}: {doc}#{el['id']}"


def test_no_calculators_or_quizzes_and_the_intro_says_so(printed):
    lang, page = printed
    assert not page.soup.select("form.hb-widget, div.hb-quiz, .hb-quiz")
    # Blank forms: boxes to tick and decisions to answer, no runs, buttons or record.
    assert not page.article.select("form, input:not([type=checkbox]):not([type=radio]), select, textarea, button")
    scripts = [s["src"] for s in page.soup.select("script[src]")]
    assert not any(s.endswith(("quiz.js", "rules-widget.js")) for s in scripts)
    intro = page.article.select_one("h1#print-all").find_next_siblings("p")
    links = {a["href"] for p in intro for a in p.select("a[href]")}
    assert {"../tools/", "../quiz/"} <= links


def test_checklists_and_flowcharts_are_there_with_their_scripts(printed):
    lang, page = printed
    checklists = sum(len(_own_page(d, lang).article.select(".hb-checklist")) for d in PRINTED)
    flowcharts = sum(len(_own_page(d, lang).article.select("figure.hb-flowchart svg.hb-fc")) for d in PRINTED)
    assert checklists >= 10 and flowcharts >= 10
    assert len(page.article.select(".hb-checklist")) == checklists
    assert len(page.article.select("figure.hb-flowchart svg.hb-fc")) == flowcharts
    # Each SVG survives the print hook's HTML round trip: its viewBox, text and the ids its
    # title and description are named by (prefixed with the page, like every id).
    for chart in page.article.select("figure.hb-flowchart svg.hb-fc"):
        assert chart.get("viewbox") or chart.get("viewBox")
        assert chart.select("g.hb-fc-node text tspan")
        for ref in chart["aria-labelledby"].split():
            assert chart.select_one(f'[id="{ref}"]') is not None, ref
    # Checkboxes with nothing ticked in the HTML; procedures.css prints them as empty squares.
    assert not page.article.select(".hb-checklist input[checked]")
    scripts = [s["src"] for s in page.soup.select("script[src]")]
    styles = [s["href"] for s in page.soup.select("link[rel=stylesheet]")]
    assert not any("mermaid" in s for s in scripts)
    for name in ("assets/javascripts/checklist.js", "assets/javascripts/flowchart.js"):
        assert any(s.endswith(name) for s in scripts), name
        assert resolve_href(_print_path(lang), next(s for s in scripts if s.endswith(name))).is_file()
    assert any(s.endswith("assets/stylesheets/procedures.css") for s in styles)


def test_ids_are_unique(printed):
    _, page = printed
    dupes = [i for i, n in Counter(e["id"] for e in page.soup.select("[id]")).items() if n > 1]
    assert not dupes


def test_internal_links_stay_on_the_page_and_resolve(printed):
    lang, page = printed
    path = _print_path(lang)
    on_page = {built_path(_source(d, lang), lang).resolve() for d in PRINTED}
    in_page = 0
    for a in page.article.select("a[href]"):
        href = a["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("mailto:"):
            continue
        if not parts.path:
            assert page.soup.find(id=parts.fragment), f"{href}: no such anchor"
            in_page += 1
            continue
        target = resolve_href(path, unquote(parts.path))
        assert target.exists(), f"{href}: no such page"
        assert target.resolve() not in on_page, f"{href} leaves the print page for a page that is on it"
        if parts.fragment:
            assert read_built(target).soup.find(id=parts.fragment), f"{href}: no such anchor"
    assert in_page > 100


def test_table_of_contents_lists_every_page(printed):
    lang, page = printed
    toc = [a["href"] for a in page.soup.select(".md-sidebar--secondary nav.md-nav--secondary a.md-nav__link")]
    assert [h for h in toc if "--" not in h] == ["#" + _slug(f) for f in PRINTED]
    assert all(page.soup.find(id=h[1:]) for h in toc)


def test_the_print_page_is_not_in_search(built_site):
    for lang in LANGS:
        index = json.loads((SITE / ("en" if lang == "en" else "") / "search" / "search_index.json").read_text("utf-8"))
        assert not [d["location"] for d in index["docs"] if d["location"].startswith("print/")]


# --- the hook's helpers ------------------------------------------------------------

def test_slugs_and_language_base():
    assert hook.language_base("print/") == "" and hook.language_base("en/print/") == "en/"
    assert hook.slug_for("", "") == "cover" and hook.slug_for("en/", "en/") == "cover"
    assert hook.slug_for("en/conduct/office/", "en/") == "conduct-office"
    assert hook.slug_for("conduct/", "") == "conduct"


def test_headings_over_nothing_are_dropped():
    from lxml import html as lxml_html
    body = lxml_html.fragment_fromstring('<h1 id="t">T</h1><p>x</p><h2 id="a">A</h2>\n<h3 id="b">B</h3>\n'
                                         '<h2 id="c">C</h2><p>y</p><h2 id="e">E</h2><!-- a note -->\n'
                                         '<h2 id="f">F</h2> text<h2 id="d">D</h2>\n', create_parent="body")
    hook._drop_empty_headings(body)
    # e has a comment under it, f some text; a, b and d nothing.
    assert [h.get("id") for h in body if isinstance(h.tag, str) and re.match("^h", h.tag)] == ["t", "c", "e", "f"]


def test_the_drop_list_is_matched_as_css_would_and_refuses_what_it_cannot_match():
    """The hook matches DROP itself (tag.class, .class) rather than through a CSS engine: on a
    page with each case it removes what soupsieve's select(DROP) finds, and nothing else."""
    html = ('<body><form class="hb-widget x"><p class="hb-checklist__runs">in a dropped form</p></form>'
            '<div class="hb-widget">a div is not a form.hb-widget</div><p class="hb-checklist__record">r</p>'
            '<span class="hb-quiz">a span is not a div.hb-quiz</span><div class="hb-quiz"><b>q</b></div>'
            '<h2>kept</h2><p>text</p></body>')
    soup = BeautifulSoup(html, "lxml")
    expected = {str(el) for el in soup.select(hook.DROP)} - {str(el) for el in soup.select("form.hb-widget *")}

    class Stub:
        content, title, url, toc = html[6:-7], "t", "a/", None
    printed = BeautifulSoup(hook._Page(Stub(), "a").html(), "lxml")
    assert expected and not any(printed.find(string=el.get_text()) for el in BeautifulSoup(html, "lxml").select(hook.DROP))
    assert all(printed.find(string=lambda t: t and s in t) for s in ("a div is not", "a span is not", "kept", "text"))
    with pytest.raises(ValueError, match=r"DROP: 'div > p' is not `tag.class`"):
        hook._simple_selectors("form.hb-widget, div > p")
