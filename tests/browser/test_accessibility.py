"""axe-core on every kind of page, in both languages, at desktop and phone width.

axe-core is pinned in package.json (npm) and only ever injected here, from node_modules:
the site does not ship it. A violation of impact `serious` or `critical` fails the test,
named with its rule, impact, the elements and axe's help text. Pages are checked in the
states a reader brings them to: a calculator's answer and error, a quiz taken and handed
in, a self-test checked, the search overlay with results.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.questions import compiled
from handbook.result_codes import encode

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

def axe_violations(page) -> list[str]:
    """The page's serious and critical axe violations: rule, impact, help, then each element and why."""
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make build does)")
    # Colours are measured as shown: let fades (search overlay, back-to-top button) finish.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Through the debugger, not a <script> tag: the page's Content-Security-Policy refuses
        # inline scripts, and a test tool must not need an exception in it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>\n"
            + "\n".join(f"    {json.dumps(n['target'], ensure_ascii=False)}: {_why(n)}" for n in v["nodes"])
            for v in result["violations"] if v["impact"] in BLOCKING]


def _why(node) -> str:
    checks = node.get("any") or node.get("all") or node.get("none") or []
    return checks[0]["message"] if checks else ""


def _wait_for_worker_answer(page, form_id):
    page.wait_for_function(f"() => document.querySelector('#{form_id}').dataset.answer", timeout=90_000)


# Each case brings a page to its states and calls check(state) in each.
def _plain(page, check):
    check("loaded")


def _flowchart(page, check):
    page.locator("figure.hb-flowchart .hb-flowchart__open").first.wait_for()
    check("diagram shown")
    page.locator("figure.hb-flowchart .hb-flowchart__open").first.click()
    page.locator("dialog.hb-fc-viewer[open]").wait_for()
    check("full-screen viewer open")
    page.keyboard.press("Escape")


def _calculators(page, check):
    check("loaded")
    form = page.locator("#widget-deadline")
    form.locator("#deadline-start").fill("2025-09-30T16:00")
    form.locator("button[type=submit]").click()
    _wait_for_worker_answer(page, "widget-deadline")
    assert form.locator(".hb-widget__answer").is_visible()
    check("after an answer")
    page.evaluate("() => { delete document.querySelector('#widget-deadline').dataset.answer }")
    form.locator("#deadline-zone").fill("Mars/Olympus")
    form.locator("button[type=submit]").click()
    _wait_for_worker_answer(page, "widget-deadline")
    assert form.locator(".hb-widget__error").is_visible()
    check("after an error")


def _trainer_setup(page, check):
    page.locator("#quiz-trainer[data-ready]").wait_for(state="attached")
    check("set-up form")


def _exam(page, check):
    page.locator(".hb-quiz__question").first.wait_for()
    check("exam drawn")
    for li in page.locator(".hb-quiz__question").all():
        selects = li.locator("select")
        if selects.count():
            for i in range(selects.count()):
                selects.nth(i).select_option(str(i + 1))
        else:
            li.locator("input").first.check()
    page.locator(".hb-quiz__exam-actions .md-button--primary").click()
    assert page.locator("#quiz-name-error").is_visible()
    check("name missing")
    page.locator("#quiz-name").fill("<b>Ann</b>")
    page.locator(".hb-quiz__exam-actions .md-button--primary").click()
    page.wait_for_function("() => document.querySelector('#quiz-exam').classList.contains('is-handed-in')")
    page.locator(".hb-quiz__qr svg").wait_for()
    check("handed in, with the result code")


def _class_results(page, check):
    """The trainer's exam, its key, and a class pasted with a refused line."""
    page.locator("#quiz-seed").fill("7")
    page.locator("#quiz-count").fill("3")
    page.locator(".hb-quiz__setup button[type=submit]").click()
    page.locator(".hb-quiz__key-toggle").click()
    check("exam link and answer key")
    lang = "en" if "/en/" in page.url else "zh"
    bank = sorted(compiled(lang), key=lambda q: q["id"])
    codes = [encode(bank, lang, 7, 3, None, None, [None, None, None], name) for name in ("A", "<i>B</i>")]
    page.locator("#quiz-codes").fill("\n".join(codes + ["not a code"]))
    page.locator(".hb-class__actions .md-button--primary").click()
    page.locator(".hb-class__table").wait_for()
    check("class results")


def _self_test(page, check):
    first = page.locator(".hb-quiz__question").first
    if first.locator("select").count():
        first.locator("select").first.select_option("1")
    else:
        first.locator("input").first.check()
    first.locator(".hb-quiz__actions button").click()
    assert first.locator(".hb-quiz__verdict").is_visible()
    check("answer checked")


def _runs(page, check):
    # A run with a label, a tick, an answer and a note, then the runs page with its record open.
    room = page.url.replace("/runs/", "/conduct/equipment-room/")
    page.goto(room)
    page.wait_for_selector("#checklist-equipment-room-work.is-ready")
    page.locator("#run-label-equipment-room-work").fill("WO-1 <site>")
    page.locator("#step-equipment-room-work-enter-with-consent .hb-checklist__label input").check()
    page.locator("#step-equipment-room-work-removable-media-needed input[type=radio]").first.check()
    note = page.locator("#step-equipment-room-work-anti-static .hb-checklist__note")
    note.locator("summary").click()
    note.locator("textarea").fill("strap")
    # A photo at the clean-up step: its thumbnail, open and remove buttons, and the record's grid.
    png = page.evaluate("""async () => { const c = new OffscreenCanvas(64, 48); c.getContext("2d").fillRect(0, 0, 32, 24)
      return Array.from(new Uint8Array(await (await c.convertToBlob()).arrayBuffer())) }""")
    page.locator("#step-equipment-room-work-clean-up .hb-step-photos__take input").set_input_files(
        files=[{"name": "site.png", "mimeType": "image/png", "buffer": bytes(png)}])
    page.wait_for_selector("#step-equipment-room-work-clean-up .hb-step-photos__item img[src^='data:']")
    check("a run in progress")
    # The sign-off: refused without a name (its message shown), then drawn and signed.
    page.locator(".hb-signoff__sign").click()
    page.locator(".hb-signoff__message").wait_for()
    check("sign-off refused")
    page.locator(".hb-signoff__name").fill("王小明")
    canvas = page.locator(".hb-signoff__canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 100, steps=8)
    page.mouse.up()
    page.once("dialog", lambda d: d.accept())
    page.locator(".hb-signoff__sign").click()
    page.wait_for_selector("#checklist-equipment-room-work .hb-checklist__notice:not([hidden])")
    page.wait_for_timeout(600)
    page.goto(room.replace("/conduct/equipment-room/", "/runs/"))
    page.wait_for_selector(".hb-runs__run")
    page.locator(".hb-runs__run summary").first.click()
    page.wait_for_selector(".hb-runs__run .hb-photo-grid__item img")
    page.locator(".hb-runs__run .hb-signoff-record__image").wait_for()
    check("my runs, a signed record open")


def _study(page, check):
    page.wait_for_selector(".hb-study__grid")
    check("study progress")


def _search(page, check, query):
    box = page.locator("input.md-search__input")
    opener = page.locator('label.md-header__button[for="__search"]')  # the phone's search button
    (opener if opener.is_visible() else box).click()
    box.type(query)
    page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length")
    check("search results")


CASES = {
    "text": ("/conduct/telephone/", _plain),
    "contents": ("/contents/", _plain),
    "glossary": ("/glossary/", _plain),
    "restorations": ("/restorations/", _plain),
    "checklist-flowchart": ("/conduct/equipment-room/", _flowchart),
    "reference-draft": ("/after-sales/fault-handling/", _plain),
    "tools": ("/tools/", _calculators),
    "quiz-setup": ("/quiz/", _trainer_setup),
    "quiz-exam": ("/exam/?seed=7&count=5", _exam),
    "quiz-class": ("/quiz/", _class_results),
    "self-test": ("/conduct/first-contact/", _self_test),
    "runs": ("/runs/", _runs),
    "study": ("/study/", _study),
    "search": ("/", lambda page, check: _search(page, check, "机房")),
    "home": ("/", _plain),
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_no_serious_axe_violations(request, site_url, case, lang, viewport):
    context = request.getfixturevalue(viewport)
    path, run = CASES[case]
    if case == "search" and lang == "en":
        run = lambda page, check: _search(page, check, "equipment room")  # noqa: E731
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + ("/en" if lang == "en" else "") + path)
    found: list[str] = []

    def check(state):
        found.extend(f"[{state}] {line}" for line in axe_violations(page))

    run(page, check)
    assert not found, f"{lang}{path} ({viewport}):\n" + "\n".join(found)
    assert not errors


def test_axe_is_a_test_tool_not_part_of_the_site(built_site):
    assert AXE.exists(), "node_modules/axe-core is missing: run `npm ci` (make build does)"
    assert not [p for p in built_site.rglob("*") if p.name.startswith("axe")], "axe-core was copied into site/"
