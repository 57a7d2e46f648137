"""Flowcharts drawn at build time (macros/flowchart.py, flowchart.js) in headless Chromium: on
a 360 px phone they fit and read without pinching, the full-screen viewer opens, pans, zooms
and closes, and an open checklist run marks the steps done and the answers chosen."""
from __future__ import annotations

import pytest

from handbook.data_files import procedures
from site_pages import SITE, built_path, en_twin, zh_sources

pytestmark = pytest.mark.browser

FAULT = "/after-sales/fault-handling/"


def _flowchart_pages():
    for src in zh_sources():
        if "{{ flowchart(" in src.read_text(encoding="utf-8"):
            for lang, path in (("zh", src), ("en", en_twin(src))):
                url = "/" + built_path(path, lang).parent.relative_to(SITE).as_posix() + "/"
                yield pytest.param(url.replace("/./", "/"), id=url)


# Per diagram: steps drawn, the smallest label in CSS px as shown, and whether its box
# overflows (then it must scroll inside itself and take focus).
MEASURE = """() => [...document.querySelectorAll("figure.hb-flowchart")].map(f => {
  const svg = f.querySelector("svg.hb-fc"), box = f.querySelector(".hb-flowchart__scroll")
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
  const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(getComputedStyle(t).fontSize) * scale)
  return {pid: f.dataset.procedure, nodes: svg.querySelectorAll(".hb-fc-node").length, smallest: Math.min(...sizes),
          overflows: box.scrollWidth > box.clientWidth, focusable: box.tabIndex === 0,
          right: f.getBoundingClientRect().right}
})"""


@pytest.mark.parametrize("url", list(_flowchart_pages()))
def test_each_flowchart_reads_on_a_360_px_phone(phone, site_url, url):
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + url)
    page.locator("figure.hb-flowchart .hb-flowchart__open").first.wait_for()
    charts = page.evaluate(MEASURE)
    assert charts
    for chart in charts:
        assert chart["nodes"] == len(procedures()[chart["pid"]].steps)
        assert chart["smallest"] >= 12, chart  # drawn at its own size, never shrunk to fit
        assert chart["right"] <= 360
        assert not chart["overflows"] or chart["focusable"], chart
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert not errors


def test_the_viewer_opens_full_screen_zooms_pans_and_closes(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + "/en" + FAULT)
    opener = page.locator("#flowchart-fault-handling .hb-flowchart__open")
    opener.tap()
    dialog = page.locator("dialog.hb-fc-viewer[open]")
    dialog.wait_for()
    box = dialog.bounding_box()
    assert box["width"] == 360 and box["height"] == 740
    for button in dialog.locator("button").all():  # tap targets
        b = button.bounding_box()
        assert b["width"] >= 44 and b["height"] >= 44, button.get_attribute("aria-label")
    assert dialog.locator("button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))") == [
        "Zoom out", "Zoom in", "Fit to screen", "Close"]
    svg = dialog.locator("svg.hb-fc")
    width = lambda: svg.bounding_box()["width"]  # noqa: E731
    fitted = width()
    assert 300 <= fitted <= 360
    dialog.get_by_role("button", name="Zoom in").tap()
    assert width() > fitted * 1.2
    # The keyboard: zoom out, pan, fit; focus stays in the dialog.
    stage = dialog.locator(".hb-fc-viewer__stage")
    stage.focus()
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert width() < fitted
    x = svg.bounding_box()["x"]
    page.keyboard.press("ArrowLeft")
    assert svg.bounding_box()["x"] > x
    page.keyboard.press("0")
    assert abs(width() - fitted) < 1
    # A drag pans.
    y = svg.bounding_box()["y"]
    page.mouse.move(180, 400)
    page.mouse.down()
    page.mouse.move(180, 250, steps=4)
    page.mouse.up()
    assert svg.bounding_box()["y"] < y - 100
    page.mouse.wheel(0, -200)
    assert width() > fitted
    # Esc closes it and gives the focus back to the button; the copy is gone (unique ids).
    page.keyboard.press("Escape")
    assert page.locator("dialog.hb-fc-viewer").count() == 0
    assert page.evaluate("() => document.activeElement.classList.contains('hb-flowchart__open')")
    # A tap on the diagram opens it too; the close button closes it.
    page.locator("#flowchart-fault-handling svg.hb-fc").tap()
    dialog.get_by_role("button", name="Close").tap()
    assert page.locator("dialog.hb-fc-viewer").count() == 0


def test_an_open_run_marks_the_diagram(phone, site_url):
    page = phone.new_page()
    page.goto(site_url + FAULT)
    page.wait_for_selector("#checklist-fault-handling.is-ready")
    chart = page.locator("#flowchart-fault-handling svg.hb-fc")
    assert chart.locator(".is-done, .is-chosen").count() == 0
    page.locator("#step-fault-handling-receive-report .hb-checklist__label input").tap()
    # Step 2: "Major or minor" (the second answer) leads on to step 3.
    page.locator("#step-fault-handling-classify-severity input[type=radio]").nth(1).check()
    done = chart.locator(".hb-fc-node.is-done")
    done.first.wait_for()
    assert done.evaluate_all("ns => ns.map(n => n.dataset.step)") == ["receive-report", "classify-severity"]
    chosen = chart.locator('.hb-fc-branch[data-step="classify-severity"]')
    assert chosen.evaluate_all("cs => cs.map(c => [c.dataset.next, c.classList.contains('is-chosen'),"
                               " c.classList.contains('is-not-chosen')])") == [
        ["switch-to-emergency", False, True], ["call-customer", True, False]]
    # The tick shows: the mark is drawn (opaque), and the edge of the chosen answer is marked.
    assert chart.locator('.hb-fc-node[data-step="receive-report"] .hb-fc-done').evaluate(
        "g => getComputedStyle(g).opacity") == "1"
    assert chart.locator('.hb-fc-edge.is-chosen[data-step="classify-severity"]').count() == 2
    # Unticked: the mark goes.
    page.locator("#step-fault-handling-receive-report .hb-checklist__label input").tap()
    page.wait_for_function("() => !document.querySelector('#flowchart-fault-handling "
                           "[data-step=\"receive-report\"].hb-fc-node').classList.contains('is-done')")


def test_a_long_flowchart_prints_on_one_sheet(desktop, site_url):
    """procedures.css's print rules: the diagram shrinks to fit an A4 sheet (215 mm of height
    left by the margins, heading and caption), and the viewer's button and run marks are not
    printed."""
    page = desktop.new_page()
    page.goto(site_url + "/en/conduct/telephone/")
    svg = page.locator("#flowchart-telephone-call svg.hb-fc")
    assert svg.bounding_box()["height"] > 215 * 96 / 25.4  # the phone-sized drawing is taller than a sheet
    page.emulate_media(media="print")
    box = svg.bounding_box()
    assert box["height"] <= 215 * 96 / 25.4 + 1
    ratio = float(svg.get_attribute("width")) / float(svg.get_attribute("height"))
    assert abs(box["width"] / box["height"] - ratio) < 0.01  # shrunk, not squeezed
    assert not page.locator("#flowchart-telephone-call .hb-flowchart__open").is_visible()
