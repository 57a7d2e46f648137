"""Keyboard only, at phone and desktop size: no mouse, no tap.

A checklist is ticked with Space and its branch links and buttons are reached with Tab and
used with Enter; the deadline calculator is filled in (the date-time typed segment by
segment), submitted with Enter, and answers or shows an error that is announced and
marks the field; a seeded exam is answered (radio, boxes, ordering selects) and handed in.
Every control reached shows a focus outline.
"""
from __future__ import annotations

import pytest

from handbook.data_files import procedures
from handbook.questions import compiled
from handbook.quiz import draw_exam

pytestmark = pytest.mark.browser

VIEWPORTS = ["phone", "desktop"]
ROOM = "/conduct/equipment-room/"
# Steps counted on the path taken before the first decision is answered (tests/browser/test_runs_in_browser.py).
ROOM_STEPS = 9
RADIO_TYPES = ("single", "true_false", "scenario")


def _open(request, viewport, url):
    page = request.getfixturevalue(viewport).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def _active(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, back: bool = False, limit: int = 80):
    """Press Tab (Shift+Tab) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if _active(page, selector):
            return
    pytest.fail(f"{selector} not reached with {'Shift+Tab' if back else 'Tab'} in {limit} presses; "
                f"focus is on {page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}")


def assert_focus_visible(page):
    """The focused control, or the label of a focused box or radio, has an outline."""
    style = page.evaluate("""() => {
        const a = document.activeElement
        const el = /^(checkbox|radio)$/.test(a.type) && a.closest('label') || a
        const s = getComputedStyle(el)
        return {visible: a.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                what: a.outerHTML.slice(0, 100)}
    }""")
    assert style["visible"] and style["style"] != "none" and style["width"] >= 1, style


def type_datetime(page, iso_local: str):
    """Type a date-time into the focused datetime-local, segment by segment, as a person does.

    Chromium lays the segments out in the browser's locale (en-US: mm/dd/yyyy, hh:mm AM);
    two-digit segments move on by themselves, the year (up to 6 digits) needs ArrowRight.
    """
    parts = page.evaluate("""iso => {
        const [d, t] = iso.split('T'); const [y, mo, da] = d.split('-').map(Number); const [h, mi] = t.split(':').map(Number)
        return new Intl.DateTimeFormat(navigator.language, {year: 'numeric', month: '2-digit', day: '2-digit',
            hour: '2-digit', minute: '2-digit'}).formatToParts(new Date(y, mo - 1, da, h, mi))
            .filter(p => p.type !== 'literal').map(p => [p.type, p.value])
    }""", iso_local)
    for kind, value in parts:
        if kind == "dayPeriod":
            page.keyboard.type(value[0])
        else:
            page.keyboard.type(value)
            if kind == "year":
                page.keyboard.press("ArrowRight")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_checklist_by_keyboard(request, site_url, viewport):
    page, errors = _open(request, viewport, site_url + ROOM + "#checklist-equipment-room-work")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1 } }")
    page.on("dialog", lambda d: d.accept())  # the reset confirmation
    checklist = page.locator("#checklist-equipment-room-work")
    count = checklist.locator(".hb-checklist__count")
    # From the checklist's anchor, Tab passes the run's fields (run, label, new, finish, My
    # runs) and reaches the first step's box; Space ticks it.
    checklist.locator(".hb-checklist__runs").wait_for()
    tab_to(page, "#run-label-equipment-room-work", limit=5)
    assert_focus_visible(page)
    page.keyboard.type("WO-5")
    tab_to(page, "#checklist-equipment-room-work .hb-checklist__label input", limit=10)
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert checklist.locator(".hb-checklist__label input").first.is_checked()
    assert count.inner_text() == f"1 / {ROOM_STEPS}"
    # The next box, and a branch link, which Enter follows.
    tab_to(page, "#checklist-equipment-room-work .hb-checklist__label input")
    page.keyboard.press("Space")
    assert count.inner_text() == f"2 / {ROOM_STEPS}"
    # A decision is answered with the keyboard: Tab to its first answer, Space picks it.
    tab_to(page, "#checklist-equipment-room-work .hb-checklist__answer input")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert checklist.locator(".hb-checklist__answer input").first.is_checked()
    assert count.inner_text() == f"3 / {ROOM_STEPS + 1}"  # "yes" adds the supervisor's consent
    tab_to(page, "#checklist-equipment-room-work .hb-checklist__branches a")
    assert_focus_visible(page)
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_function("h => location.hash === h", arg=target)
    # The buttons: copy, print, reset, each with Enter.
    tab_to(page, '#checklist-equipment-room-work button[data-action="copy"]')
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    notice = checklist.locator(".hb-checklist__notice")
    notice.wait_for(state="visible")
    assert notice.inner_text()
    assert page.evaluate("() => document.activeElement !== document.body")
    direction = _active(page, ".hb-checklist__record")  # no clipboard: the record box has focus
    tab_to(page, '#checklist-equipment-room-work button[data-action="print"]', back=direction)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1
    tab_to(page, '#checklist-equipment-room-work button[data-action="reset"]')
    page.keyboard.press("Enter")
    assert count.inner_text() == f"0 / {ROOM_STEPS}"
    assert not errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deadline_calculator_by_keyboard(request, site_url, viewport, lang):
    prefix = "/en" if lang == "en" else ""
    page, errors = _open(request, viewport, site_url + prefix + "/tools/#widget-deadline")
    form = page.locator("#widget-deadline")
    # Tab reaches the start field; its date-time is typed segment by segment.
    tab_to(page, "#deadline-start", limit=5)
    assert_focus_visible(page)
    type_datetime(page, "2025-09-30T16:00")
    assert form.locator("#deadline-start").input_value() == "2025-09-30T16:00"
    # Tab goes on through the form in reading order, every field with a visible focus.
    for selector in ["#deadline-zone", "#deadline-limit", "#deadline-other-zone", "#deadline-finished",
                     "#widget-deadline button[type=submit]"]:
        tab_to(page, selector, limit=8)  # a datetime-local takes a Tab per segment
        assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    assert form.locator(".hb-widget__answer").is_visible()
    assert _active(page, "#widget-deadline button[type=submit]"), "focus left the button after the answer"
    # A zone that does not exist, submitted with Enter in the field: the error is an
    # alert, the field is marked and described by it, and keeps the focus.
    tab_to(page, "#deadline-zone", back=True, limit=20)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Mars/Olympus")
    page.evaluate("() => { delete document.querySelector('#widget-deadline').dataset.answer }")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    error = form.locator(".hb-widget__error")
    assert error.is_visible() and error.get_attribute("role") == "alert" and error.inner_text()
    zone = form.locator("#deadline-zone")
    assert zone.get_attribute("aria-invalid") == "true"
    assert zone.get_attribute("aria-describedby") == error.get_attribute("id")
    assert _active(page, "#deadline-zone"), "focus left the field after the error"
    # Put right and submitted again: the answer comes and the mark goes.
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Asia/Shanghai")
    page.evaluate("() => { delete document.querySelector('#widget-deadline').dataset.answer }")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#widget-deadline').dataset.answer", timeout=90_000)
    assert form.locator(".hb-widget__answer").is_visible() and not error.is_visible()
    assert zone.get_attribute("aria-invalid") is None and zone.get_attribute("aria-describedby") is None
    assert _active(page, "#deadline-zone")
    assert not errors


def _exam_seed(bank):
    """The first seed whose 5-question exam has a radio, a checkbox and an ordering question."""
    types = {q["id"]: q["type"] for q in bank}
    for seed in range(1, 1000):
        exam = draw_exam(bank, seed, count=5)
        kinds = {types[e["id"]] for e in exam}
        if kinds & set(RADIO_TYPES) and {"multiple", "ordering"} <= kinds:
            return seed, exam
    pytest.fail("no seed below 1000 gives an exam with radio, checkbox and ordering questions")


def _answer_by_keyboard(page, li_selector, q, order):
    """Answer one question rightly with the keyboard; focus starts before the question."""
    if q["type"] == "ordering":
        for orig in order:
            tab_to(page, f"{li_selector} select", limit=5)
            assert_focus_visible(page)
            page.keyboard.type(str(orig + 1))  # a closed select picks the option typed
        return
    if q["type"] == "true_false":
        shown, wanted = ["true", "false"], ["true" if q["answer"] else "false"]
    else:
        shown = [str(o) for o in order]
        wanted = [str(i) for i, o in enumerate(q["options"]) if o["correct"]]
    if q["type"] == "multiple":
        for value in shown:
            tab_to(page, f"{li_selector} input", limit=5)
            assert_focus_visible(page)
            assert page.evaluate("() => document.activeElement.value") == value
            if value in wanted:
                page.keyboard.press("Space")
        return
    # Radios: Tab enters the group at its first radio; arrows move and select.
    tab_to(page, f"{li_selector} input", limit=5)
    assert_focus_visible(page)
    steps = shown.index(wanted[0])
    if steps == 0:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_seeded_exam_by_keyboard(request, site_url, viewport, lang):
    bank = sorted(compiled(lang), key=lambda q: q["id"])
    by_id = {q["id"]: q for q in bank}
    seed, exam = _exam_seed(bank)
    prefix = "/en" if lang == "en" else ""
    page, errors = _open(request, viewport, f"{site_url}{prefix}/exam/?seed={seed}&count=5#quiz-exam")
    page.locator(".hb-quiz__question").first.wait_for()
    for n, e in enumerate(exam, 1):
        _answer_by_keyboard(page, f".hb-quiz__question:nth-child({n})", by_id[e["id"]], e["order"])
    # The name, then the hand-in button: both by Tab.
    tab_to(page, "#quiz-name", limit=10)
    assert_focus_visible(page)
    page.keyboard.type("键盘 Keyboard")
    hand_in = ".hb-quiz__exam-actions .md-button--primary"
    tab_to(page, hand_in, limit=10)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    score = page.locator("#quiz-exam .hb-quiz__score")
    assert score.inner_text().startswith("已交卷" if lang == "zh" else "Handed in"), score.inner_text()
    assert page.locator(".hb-quiz__code").is_visible()
    # Handing in disables the button: focus goes to the message, not back to the page's top.
    assert _active(page, "#quiz-exam .hb-quiz__score"), "focus was lost when the exam was handed in"
    assert not errors
