"""Typing into the search box finds the right page in the top 3, in both languages."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from handbook.data_files import page_statuses, search_queries

pytestmark = pytest.mark.browser

QUERIES = search_queries()
ZH_QUERIES, EN_QUERIES = QUERIES["zh"], QUERIES["en"]


def top_pages(page, query: str, n: int = 3) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.type(query)
    # Material searches on keyup; typing CJK through fill/type fires none, so press a key.
    page.keyboard.press("End")
    # The entries load when search is first used: until its first result comes the box says
    # "Type to start searching" (Material's placeholder), which is no answer yet.
    page.wait_for_function(
        "q => { const meta = document.querySelector('.md-search-result__meta')?.textContent.trim();"
        " const placeholder = JSON.parse(document.getElementById('__config').textContent)"
        ".translations['search.result.placeholder'];"
        " return meta && meta !== placeholder && document.querySelector('input.md-search__input').value === q }",
        arg=query)
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in pages:
            pages.append(path)
    return pages[:n]


@pytest.fixture
def search_page(desktop, site_url):
    def open_(path: str):
        page = desktop.new_page()
        page.goto(site_url + path)
        # The search index is loaded in the worker when search is first opened.
        return page
    return open_


@pytest.mark.parametrize("home,queries", [("/", ZH_QUERIES), ("/en/", EN_QUERIES)], ids=["zh", "en"])
def test_queries_find_the_right_page(search_page, home, queries):
    page = search_page(home)
    misses = []
    # Pages of the site itself (tools, quizzes, glossary, contents, benchmarks, print), from
    # their front matter: none may rank above the handbook page that states the rule.
    site = {("/en/" if home == "/en/" else "/") + p.removesuffix(".md").removesuffix("index") + "/"
            for p, status in page_statuses().items() if status == "site"}
    site = {p.replace("//", "/") for p in site}
    for query, expected in queries:
        top = top_pages(page, query, n=10)
        if expected not in top[:3]:
            misses.append(f"{query}: expected {expected} in the top 3, got {top[:3]}")
        elif [p for p in top[:top.index(expected)] if p in site]:
            misses.append(f"{query}: site pages rank above {expected}: {top[:top.index(expected)]}")
    assert not misses, "\n".join(misses)


def test_english_readers_get_english_results_and_chinese_readers_chinese(search_page):
    en = search_page("/en/conduct/office/")
    assert all(p.startswith("/en/") for p in top_pages(en, "equipment room", n=10))
    zh = search_page("/conduct/office/")
    assert not any(p.startswith("/en/") for p in top_pages(zh, "机房", n=10))


@pytest.mark.parametrize("home,query,expected", [("/conduct/office/", "首问负责制", "/conduct/first-contact/"),
                                                 ("/en/conduct/office/", "first-contact accountability",
                                                  "/en/conduct/first-contact/")], ids=["zh", "en"])
def test_the_index_is_fetched_when_search_is_first_used(desktop, site_url, home, query, expected):
    """A page load fetches the search config only (a few hundred bytes); the entries come
    when the search box gets focus, fetched by the search worker, and give the same results."""
    fetched: list[str] = []
    desktop.on("request", lambda r: fetched.append(urlsplit(r.url).path) if "/search/" in r.url else None)
    page = desktop.new_page()
    page.goto(site_url + home)
    page.wait_for_load_state("networkidle")
    prefix = "/en" if home.startswith("/en/") else ""
    assert fetched == [f"{prefix}/search/search_index.json"]
    page.locator("input.md-search__input").focus()
    page.wait_for_timeout(500)
    assert f"{prefix}/search/search_docs.json" in fetched, fetched
    assert expected in top_pages(page, query)


def test_the_search_key_starts_the_fetch_too(desktop, site_url):
    fetched: list[str] = []
    desktop.on("request", lambda r: fetched.append(urlsplit(r.url).path) if "search_docs" in r.url else None)
    page = desktop.new_page()
    page.goto(site_url + "/en/conduct/office/")
    page.wait_for_load_state("networkidle")
    assert not fetched
    page.keyboard.press("/")
    page.wait_for_timeout(500)
    assert fetched == ["/en/search/search_docs.json"]
