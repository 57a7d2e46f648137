"""Phones: no horizontal scroll on any text page at 360×740, nothing wider than the screen
outside a box that scrolls with a hint, every control at least 44 × 44 px, one offline box a
page; the language switch keeps the page."""
from __future__ import annotations

import pytest

from phone_fit import MEASURE
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


# The offline box and the calculators' keep line show once a service worker answers (blocked
# in this context): shown here with their words, to be measured as a reader sees them.
SHOW_OFFLINE = """([keep, calculators]) => {
  for (const box of document.querySelectorAll(".hb-offline")) {
    box.hidden = false
    box.querySelector(".hb-offline__status").textContent = "·"
    box.querySelector(".hb-offline__keep").textContent = keep
  }
  for (const line of document.querySelectorAll(".hb-widget__offline")) {
    line.hidden = false
    line.querySelector(".hb-widget__keep").hidden = false
    line.querySelector(".hb-widget__keep").textContent = calculators
  }
  return document.querySelectorAll(".hb-offline").length
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_fits_a_phone_with_controls_big_enough_to_tap(phone, site_url, lang):
    """At 360 px: nothing wider than the screen unless inside a box that scrolls sideways with
    its hint; every button, input, select, summary and header control ≥ 44 × 44 px (the keep
    buttons included); one offline box a page."""
    from handbook.labels import label

    paths = ["/" + path.parent.relative_to(SITE).as_posix() + "/" if path.parent != SITE else "/"
             for path in built_pages(lang)]
    words = [label("offline.keep", lang).replace("{mb}", "6.6"), label("widgets.keep", lang).replace("{mb}", "5.6")]
    problems, measured = [], []
    for tab, url_path in side_by_side(phone, site_url, paths, "load"):
        boxes = tab.evaluate(SHOW_OFFLINE, words)
        # Two frames: what was laid out at load (a diagram drawn late) has been observed.
        tab.evaluate("() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))")
        found = tab.evaluate(MEASURE)
        measured.append(url_path)
        problems += [f"{url_path}: wider than the screen: {w}" for w in found["wide"]]
        problems += [f"{url_path}: under 44 × 44 px: {s}" for s in found["small"]]
        problems += [f"{url_path}: scrolls sideways without a hint: {u}" for u in found["unhinted"]]
        if boxes != 1:
            problems.append(f"{url_path}: {boxes} offline boxes")
    assert measured == paths and len(paths) > 20
    assert not problems, "\n".join(problems)


def test_the_escalation_ladder_scrolls_in_its_box_with_a_hint(phone, site_url):
    """The widest table (the escalation ladder, 734 px) is not cut: it scrolls inside its box,
    the hint above it says so, and the box scrolls to its last column."""
    from handbook.labels import label

    page = phone.new_page()
    page.goto(site_url + "/after-sales/fault-handling/#escalation")
    box = page.locator(".md-typeset__scrollwrap.hb-scrolls").last
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    hint = box.locator("xpath=preceding-sibling::*[1]")
    assert hint.inner_text() == label("layout.scroll_hint", "zh") and hint.is_visible()
    assert "hb-scrolls--right" in box.get_attribute("class")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth }")
    page.wait_for_function("b => b.classList.contains('hb-scrolls--left') && !b.classList.contains('hb-scrolls--right')",
                           arg=box.element_handle())


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
