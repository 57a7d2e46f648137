"""Phones: no horizontal scroll on any text page at 360×740; the language switch keeps the page."""
from __future__ import annotations

import pytest

from side_by_side import side_by_side
from site_pages import SITE, built_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_pages_have_no_horizontal_scroll_on_a_phone(phone, site_url, lang):
    paths = ["/" + path.parent.relative_to(SITE).as_posix() + "/" if path.parent != SITE else "/"
             for path in built_pages(lang)]
    wide, measured = [], []
    for tab, url_path in side_by_side(phone, site_url, paths, "load"):
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        measured.append(url_path)
        if overflow > 0:
            wide.append(f"{url_path}: {overflow}px wider than the screen")
    assert measured == paths and len(paths) > 20
    assert not wide, "\n".join(wide)


def test_language_switch_lands_on_the_same_page(desktop, site_url):
    page = desktop.new_page()
    page.goto(site_url + "/conduct/telephone/")
    page.hover(".md-header__option .md-select")
    page.click("a[hreflang=en]")
    page.wait_for_url("**/en/conduct/telephone/")
    assert page.locator("h1").inner_text().startswith("5. Telephone")
    page.hover(".md-header__option .md-select")
    page.click("a[hreflang=zh]")
    page.wait_for_url("**/conduct/telephone/")
    assert "/en/" not in page.url
    assert page.locator("h1").inner_text().startswith("5. 电话使用行为规范")


def test_clause_anchor_lands_on_the_rule(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/conduct/equipment-room/#room-entry")
    box = page.locator("#room-entry").bounding_box()
    assert box and 0 <= box["y"] < 740, "the linked clause is on screen"
    assert page.evaluate("getComputedStyle(document.getElementById('room-entry')).outlineStyle") == "solid"


@pytest.mark.parametrize("lang, path", [("zh", "/after-sales/fault-handling/"),
                                        ("en", "/en/after-sales/complaint-handling/")])
def test_a_deep_link_to_a_draft_clause_shows_its_mark_on_the_first_screen(phone, site_url, lang, path):
    from handbook.labels import label

    page = phone.new_page()
    # The first clause with an anchor on the page, found in the built HTML rather than named here.
    page.goto(site_url + path)
    anchor = page.eval_on_selector("article li[id]:not([id^=step-])", "li => li.id")
    page.goto(site_url + path + "#" + anchor)
    page.wait_for_timeout(300)
    mark = page.locator(f"li#{anchor} > .hb-draft-mark")
    assert mark.inner_text() == label("provenance.mark", lang)
    box = mark.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 740, box  # within the phone's first screen
