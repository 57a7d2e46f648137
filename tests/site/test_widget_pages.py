"""Calculator forms on the built pages: where the issue wants them, in both languages, computing
with the same service-level data the page's tables show."""
from __future__ import annotations

import json
import re

import pytest

from rule_data import LEVELS
from service_norms.vocabulary import MAX_AMOUNT
from site_pages import DOCS, built_path, read_built

PAGES = ["after-sales/fault-handling.md", "after-sales/emergency-procedure.md",
         "after-sales/complaint-handling.md", "tools.md"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("src", PAGES)
def test_both_calculators_are_on_the_page_with_the_page_data(built_site, src, lang):
    page = read_built(built_path(DOCS / src, lang))
    for fn in ("deadline", "escalate"):
        form = page.soup.select_one(f"form#widget-{fn}")
        assert form is not None, f"{src} ({lang}) has no {fn} calculator"
        assert form["data-lang"] == lang and form["data-fn"] == fn
        assert json.loads(form["data-levels"]) == LEVELS
        assert json.loads(form["data-labels"])["ready"]
    options = page.soup.select("form#widget-deadline select[name=limit] option")
    limits = [o["value"] for o in options]
    known = {t["id"]: t for t in LEVELS["time_limits"]}
    # The data's limits, then a rule of the reader's own.
    assert limits[-1] == "custom" and limits[:-1] and set(limits[:-1]) <= set(known)
    for option in options[:-1]:  # an "in advance" limit says so, for the form to ask for the planned time
        assert option["data-direction"] == known[option["value"]]["rule"]["direction"]
    if src == "tools.md":
        assert limits[:-1] == list(known)  # the tools page offers every time limit
    kinds = page.soup.select("form#widget-deadline select[name='rule.kind'] option")
    assert {k["value"]: int(k["data-max"]) for k in kinds} == MAX_AMOUNT  # the rules' own bounds


def test_calculator_scripts_load_only_on_calculator_pages(built_site):
    with_widget = read_built(built_path(DOCS / "tools.md", "zh")).soup
    without = read_built(built_path(DOCS / "conduct" / "telephone.md", "zh")).soup
    src = lambda soup: [s.get("src", "") for s in soup.select("script")]  # noqa: E731
    assert any(s.endswith("rules-widget.js") for s in src(with_widget))
    assert not any(s.endswith("rules-widget.js") for s in src(without))
    # The trainer's quiz form borrows the calculators' field style (hb-widget__field) but is
    # not a calculator: no worker starter there, which would find no calculator form.
    for page in (DOCS / "quiz.md", DOCS / "conduct" / "telephone.md"):
        soup = read_built(built_path(page, "zh")).soup
        assert not any("hbRulesWorker" in (s.string or "") for s in soup.select("script")), page.name
        assert not any(s.endswith("rules-widget.js") for s in src(soup)), page.name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_python_starts_in_the_head_on_the_calculators_page_and_on_screen_elsewhere(built_site, lang):
    """The tools page (front matter start_python) starts the worker in the head, before the
    stylesheets; a page with a calculator further down defines the starter there and calls
    it at the end of its content only if a calculator is on screen."""
    def head_and_body(page):
        soup = read_built(built_path(DOCS / page, lang)).soup
        head = [(t.name, t.get("rel"), t) for t in soup.head.find_all(["script", "link"])]
        body = [s.get("src") or "" for s in soup.body.find_all("script")]
        return head, body

    def starter_of(head):
        # A file, not an inline script (the Content-Security-Policy allows none): rules-starter.js.
        return next(i for i, (name, _, tag) in enumerate(head) if (tag.get("src") or "").endswith("rules-starter.js"))

    head, body = head_and_body("tools.md")
    starter = starter_of(head)
    first_style = next(i for i, (name, rel, _) in enumerate(head) if name == "link" and rel == ["stylesheet"])
    assert starter < first_style
    tag = head[starter][2]
    assert tag.has_attr("data-start")  # start_python: the worker starts at once
    assert tag["data-worker"].endswith("assets/javascripts/workers/rules-worker.js")
    assert tag["data-pyodide"].endswith("assets/vendor/pyodide/")
    assert not any(src.endswith("rules-near.js") for src in body)

    head, body = head_and_body("after-sales/fault-handling.md")
    assert not head[starter_of(head)][2].has_attr("data-start")
    assert any(src.endswith("rules-near.js") for src in body)  # starts it if a calculator is on screen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_calculator_script_starts_before_the_rest_of_the_page(built_site, lang):
    """Python's start-up is the longest wait on a calculator page: its script is async and comes
    right after the content (the forms are parsed by then), not after Material's bundle."""
    path = built_path(DOCS / "tools.md", lang)
    tag = next(s for s in read_built(path).soup.select("script[src]") if s["src"].endswith("rules-widget.js"))
    assert tag.get("type") == "module" and tag.has_attr("async")
    html = path.read_text(encoding="utf-8")
    at, last_form, bundle = html.index("rules-widget.js"), html.rindex('<form class="hb-widget'), html.index("javascripts/bundle.")
    assert last_form < at < bundle, "the calculators' script should follow the forms and precede Material's bundle"
