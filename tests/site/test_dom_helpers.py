"""The page modules build their elements with dom.js's el and fill, not with copies of their own."""
from __future__ import annotations

import re

from site_pages import SITE

SCRIPTS = SITE / "assets" / "javascripts"
HELPERS = ("el", "fill")
# A definition: `function el(`, or the name bound to a function or to another module's helper
# (`var el = ui.el`, as quiz-trainer.js had it). quiz-export.js's `var el = E(…)` is an XML
# element, not a helper.
DEFINED = re.compile(r"\bfunction\s+(el|fill)\s*\(|\b(?:var|let|const)\s+(el|fill)\s*=\s*"
                     r"(?:function\b|\([^)]*\)\s*=>|[\w$]+\.(?:el|fill)\b)")
CALLED = re.compile(r"(?<![\w$.])(el|fill)\(")
FROM_DOM = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*\"\./dom\.js\"", re.M)


def modules() -> dict[str, str]:
    return {p.relative_to(SCRIPTS).as_posix(): p.read_text(encoding="utf-8") for p in sorted(SCRIPTS.rglob("*.js"))}


def test_el_and_fill_are_defined_in_dom_js_only(built_site):
    found = {(name, m[1] or m[2]) for name, text in modules().items() for m in DEFINED.finditer(text)}
    assert found == {("dom.js", "el"), ("dom.js", "fill")}


def test_every_module_that_calls_them_imports_them_from_dom_js(built_site):
    users = {}
    for name, text in modules().items():
        called = {m[1] for m in CALLED.finditer(text)}
        if name == "dom.js" or not called:
            continue
        imported = {n.strip() for m in FROM_DOM.finditer(text) for n in m[1].split(",")}
        assert called <= imported, f"{name} calls {sorted(called - imported)} without importing it from ./dom.js"
        users[name] = called
    # The modules that had a copy each (not a pass over no files).
    assert {"checklist.js", "run-record.js", "runs-page.js", "study.js", "rules-widget.js", "quiz.js",
            "quiz-study.js", "quiz-trainer.js", "class-results.js"} <= set(users)


def test_files_are_saved_through_dom_js_save_file(built_site):
    """One way to hand the reader a file (a link made, clicked and let go): runs, study
    progress, the trainer's exports and the calendar file had a copy each, two never letting go."""
    saving = {name for name, text in modules().items() if "createObjectURL(" in text and ".click()" in text}
    assert saving == {"dom.js"}
    callers = {name for name, text in modules().items() if re.search(r"(?<![\w$.])saveFile\(", text)} - {"dom.js"}
    assert callers == {"run-record.js", "run-photos.js", "quiz-trainer.js", "class-results-view.js", "study.js",
                       "rules-widget.js", "acknowledgements-page.js"}
