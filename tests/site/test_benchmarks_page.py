"""The benchmarks page (docs/benchmarks.md): rendered in both languages from data/benchmarks.json,
tables and SVG charts, the numbers on the page equal to the data; and `python -m bench --help`.
Nothing here runs the benchmark or checks a timing."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from handbook.labels import label
from macros.benchmarks import PARTS, benchmarks
from site_pages import DOCS, ROOT, built_path, read_built

DATA = json.loads((ROOT / "data" / "benchmarks.json").read_text(encoding="utf-8"))
SVG = "http://www.w3.org/2000/svg"
SECTIONS = {"machine": "machine", "build": "build-time", "bytes": "bytes", "widget": "widget", "search": "search",
            "class": "class-results", "mobile": "mobile"}


def test_bench_script_has_help():
    result = subprocess.run([sys.executable, "-m", "bench", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout and "benchmarks.json" in result.stdout


def test_the_data_file_has_every_measurement_and_the_machine():
    assert set(PARTS) - {"machine"} <= set(DATA), f"data/benchmarks.json lacks {set(PARTS) - set(DATA)}"
    assert DATA["date"] and DATA["machine"]["cpus"] and DATA["machine"]["cpu"]


def _section(soup, heading_id: str) -> list:
    """The elements under the h2 with this id, up to the next h2."""
    h2 = soup.select_one(f"h2#{heading_id}")
    assert h2 is not None, f"no heading #{heading_id}"
    out = []
    for el in h2.find_next_siblings():
        if el.name == "h2":
            break
        out.append(el)
    return out


def _tables(elements) -> list[list[list[str]]]:
    tables = []
    for el in elements:
        for table in ([el] if el.name == "table" else el.select("table")):
            tables.append([[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in table.select("tbody tr")])
    return tables


def _close(cell: str, value: float) -> bool:
    """The cell shows `value` rounded to the decimals it shows."""
    text = re.sub(r"[×%,\s]", "", cell)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= 0.5 * 10 ** -decimals + 1e-9


@pytest.fixture(params=["zh", "en"])
def page(request, built_site):
    return read_built(built_path(DOCS / "benchmarks.md", request.param))


def test_every_part_has_tables_and_a_chart_with_a_text_alternative(page):
    for part, heading in SECTIONS.items():
        elements = _section(page.soup, heading)
        assert _tables(elements), f"#{heading}: no table"
        svgs = [svg for el in elements for svg in el.select("svg")]
        if part == "machine":
            continue
        assert len(svgs) == 1, f"#{heading}: expected one chart, found {len(svgs)}"
        svg = svgs[0]
        assert svg.get("role") == "img"
        ids = svg["aria-labelledby"].split()
        assert all(page.soup.find(id=i) and page.soup.find(id=i).get_text(strip=True) for i in ids)
        assert svg.select_one("title") and svg.select_one("desc").get_text(strip=True)
        assert svg.get("width") == "100%" and (svg.get("viewBox") or svg.get("viewbox")).split()[2] == "360"  # a phone's width, scaled


def test_build_numbers_equal_the_data(page):
    sizes, growth, fit = _tables(_section(page.soup, "build-time"))[:3]
    data = DATA["build"]["sizes"]
    assert len(sizes) == len(growth) == len(data)
    for row, d in zip(sizes, data):
        assert row[0] == f"{d['scale']}×" and int(row[1]) == d["pages"]
        for cell, key in zip(row[2:], ("project_s", "plain_s", "ratio", "project_wall_s", "plain_wall_s")):
            assert _close(cell, d[key]), f"{key}: page shows {cell}, data has {d[key]}"
    for row, d in zip(growth, data):
        assert row[0] == f"{d['scale']}×"
        for cell, key in zip(row[1:], ("project_ms_per_page", "plain_ms_per_page", "exponent_from_previous",
                                       "plain_exponent_from_previous", "html_mb", "page_kb")):
            assert cell == "—" if key not in d else _close(cell, d[key]), f"{key}: page shows {cell}, data has {d.get(key)}"
    for row, f in zip(fit, DATA["build"]["fit"].values()):
        assert _close(row[1], f["ms_per_page"]) and _close(row[3], f["exponent"])
        # A negative intercept is no fixed cost: the page shows "—" and says why.
        assert row[2] == "—" if f["fixed_s"] < 0 else _close(row[2], f["fixed_s"]), f"fixed cost: {row[2]} for {f}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_negative_fixed_cost_is_not_shown_as_a_number_but_explained(lang):
    data = json.loads(json.dumps(DATA))
    data["build"]["fit"] = {"project": {"ms_per_page": 39.18, "fixed_s": -2.16, "exponent": 0.91},
                            "plain": {"ms_per_page": 47.99, "fixed_s": 0.84, "exponent": 1.16}}
    build = benchmarks("build", lang, data)
    assert "-2.16" not in build and "| — |" in build and "| 0.84 |" in build
    assert label("benchmarks.fixed_none", lang) in build
    data["build"]["fit"]["project"]["fixed_s"] = 1.25
    build = benchmarks("build", lang, data)
    assert "| 1.25 |" in build and label("benchmarks.fixed_none", lang) not in build


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_shows_its_numbers_as_the_table_above_it_does(lang):
    """2.10 in the table is 2.10 on its bar, not 2.1."""
    data = json.loads(json.dumps(DATA))
    data["widget"]["widget_no_sw"].update(cold_s=2.1, warm_s=1.0)
    widget = benchmarks("widget", lang, data)
    table_values = re.findall(r"^\| [^|]+ \| (\d+\.\d\d) \| (\d+\.\d\d) \|", widget, re.M)
    bar_values = re.findall(r">([\d.,]+) " + re.escape(label("benchmarks.seconds", lang)) + "</text>", widget)
    assert ("2.10", "1.00") in table_values
    assert bar_values == [v for pair in table_values for v in pair]
    search = benchmarks("search", lang, data)
    medians = [f"{r['median_ms']:.1f}" for r in data["search"]["rows"]]
    bars = re.findall(r">([\d.,]+) " + re.escape(label("benchmarks.ms", lang)) + "</text>", search)
    assert bars[::2] == medians


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_two_longest_task_measurements_have_different_names_and_are_explained(lang):
    """The page's Long Tasks observer and the Chromium trace measure the same load differently
    (the committed text page: 73 ms and 350 ms): each table names its own measurement."""
    part = benchmarks("bytes", lang, DATA)
    first, blame = label("benchmarks.longest_task", lang), label("benchmarks.task_ms", lang)
    assert first != blame and f"| {first} |" in part and f"| {blame} |" in part
    assert label("benchmarks.blame", lang) in part


def test_bytes_equal_the_data(page):
    rows = _tables(_section(page.soup, "bytes"))[0]
    b = DATA["bytes"]
    data_rows = b["pages"] + ([b["text_page_20x"]] if "text_page_20x" in b else [])
    assert len(rows) == len(data_rows)
    for row, d in zip(rows, data_rows):
        assert row[1] == d["path"]
        assert _close(row[2], d["total"] / 1024), f"{d['path']}: page shows {row[2]} KB, data has {d['total']} bytes"
        for cell, key in zip(row[3:7], ("pyodide", "mermaid", "search_index", "other")):
            assert _close(cell, 100 * d[key] / d["total"])
        assert int(row[7]) == d["requests"]
    text = page.text()
    assert f"{b['pages'][0]['total'] / 1024:.1f}" in text and str(b["target_text_kb"]) in text


def test_widget_and_search_numbers_equal_the_data(page):
    w = DATA["widget"]
    rows = _tables(_section(page.soup, "widget"))[0]
    variants = [k for k in ("widget", "widget_no_sw", "worker_only", "pyscript", "bare") if k in w]
    assert len(rows) == len(variants)
    for row, key in zip(rows, variants):
        assert _close(row[1], w[key]["cold_s"]) and _close(row[2], w[key]["warm_s"])
        assert int(row[3]) == w[key]["longest_block_ms"]
    chart = _section(page.soup, "widget")[-1].select_one("svg desc").get_text()
    assert f"{w['widget']['cold_s']:.2f}" in chart and f"{w['pyscript']['warm_s']:.2f}" in chart
    rows = _tables(_section(page.soup, "search"))[0]
    assert len(rows) == len(DATA["search"]["rows"])
    for row, d in zip(rows, DATA["search"]["rows"]):
        assert int(row[2]) == d["queries"] and int(row[3]) == d["samples"]
        assert _close(row[4], d["median_ms"]) and _close(row[5], d["p90_ms"])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("part", PARTS)
def test_the_macro_renders_well_formed_svg(part, lang):
    out = benchmarks(part, lang, DATA)
    figures = re.findall(r"<figure.*?</figure>", out, re.S)
    # One chart per measurement; the machine part is a table only.
    assert len(figures) == (0 if part == "machine" else 1), f"{part}: {len(figures)} charts"
    for figure in figures:
        root = ET.fromstring(figure)  # well-formed: no chart library needed to read it
        svg = root.find(f"{{{SVG}}}svg")
        assert svg is not None, "the figure holds no <svg>"
        assert svg.find(f"{{{SVG}}}title").text.strip() and svg.find(f"{{{SVG}}}desc").text.strip()
        marks = [el for el in svg.iter() if el.tag in (f"{{{SVG}}}rect", f"{{{SVG}}}polyline")]
        assert marks, "a chart with nothing drawn"


def test_without_data_the_page_says_how_to_measure():
    assert "make bench" in benchmarks("build", "en", {})


def _new_format(data: dict) -> dict:
    """DATA as `make bench` writes it since the service worker caches by tier: first visits
    with the background downloads, long tasks and what caused them, bare Pyodide, the preview."""
    new = json.loads(json.dumps(data))
    b = new["bytes"]
    for i, row in enumerate(b["pages"]):
        row.update(first_visit=row["total"] + 900_000 + i, longest_task_ms=40 + i,
                   long_tasks=[{"ms": 60 + i, "by": ["EvaluateScript /assets/vendor/mermaid/mermaid.min.js (55 ms)"]}])
    b.pop("precache", None)
    b.update(target_first_visit_mb=1.5, service_worker={"text": {"files": 113, "bytes": 1_030_000},
                                                        "flowcharts": {"files": 1, "bytes": 980_000},
                                                        "calculators": {"files": 10, "bytes": 4_300_000}})
    new["widget"]["bare"] = {**new["widget"]["pyscript"], "cold_s": 1.23, "warm_s": 0.87}
    new["preview"] = {"first_build_s": 6.5, "edit_s": 1.4, "edit_runs": [1.4], "target_s": 2}
    return new


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_shows_the_new_measurements(lang):
    data = _new_format(DATA)
    bytes_part = benchmarks("bytes", lang, data)
    first = data["bytes"]["pages"][0]
    assert f"{first['first_visit'] / 1024:.1f}" in bytes_part and "| 40 |" in bytes_part
    assert f"{first['first_visit'] / 1e6:.2f}" in bytes_part and "1.03" in bytes_part and "4.30" in bytes_part
    assert "mermaid.min.js" in bytes_part
    widget = benchmarks("widget", lang, data)
    assert "1.23" in widget and "0.87" in widget
    assert f"{data['widget']['widget']['cold_s'] - 1.23:.2f}" in widget
    build = benchmarks("build", lang, data)
    assert "1.4" in build and "6.5" in build


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_rules_worker_alone_is_a_row_and_the_page_s_share_is_said(lang):
    """The floor the calculator page stands on: the same worker on an empty page, a row of the
    table and a sentence with what the page adds, in the page's language."""
    data = json.loads(json.dumps(DATA))
    data["widget"]["widget"].update(cold_s=2.0, warm_s=0.5)
    data["widget"]["worker_only"] = {**data["widget"]["widget"], "cold_s": 1.41, "warm_s": 0.58, "longest_block_ms": 7}
    widget = benchmarks("widget", lang, data)
    names = [line.split("|")[1].strip() for line in widget.splitlines() if line.startswith("| ")]
    assert label("benchmarks.worker_only", lang) in names
    row = next(line for line in widget.splitlines() if line.startswith("| " + label("benchmarks.worker_only", lang)))
    assert "| 1.41 | 0.58 | 7 |" in row
    # The page is 0.59 s slower cold and, in this made-up run, 0.08 s quicker warm.
    said = label("benchmarks.worker_only_gap", lang).format(
        cold="1.41", warm="0.58", page_cold=label("benchmarks.more_s", lang).format(s="0.59"),
        page_warm=label("benchmarks.less_s", lang).format(s="0.08"))
    assert said in widget


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_difference_either_way_round_is_said_without_a_minus_sign(lang):
    """Two medians of a noisy machine: the calculator's warm start beat bare Pyodide's (the
    committed data has it so), which the page says as less time, not as "-0.36 s more"."""
    data = json.loads(json.dumps(DATA))
    data["widget"]["widget"].update(cold_s=2.06, warm_s=0.83)
    data["widget"]["bare"] = {**data["widget"]["pyscript"], "cold_s": 1.52, "warm_s": 1.19}
    sentence = next(line for line in benchmarks("widget", lang, data).splitlines()
                    if line.startswith(label("benchmarks.bare_ratio", lang)[:8]))
    assert sentence == label("benchmarks.bare_ratio", lang).format(
        cold=label("benchmarks.more_s", lang).format(s="0.54"), warm=label("benchmarks.less_s", lang).format(s="0.36"))
    assert "-0" not in sentence


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_tasks_are_a_table_not_list_items(lang):
    """A list item on a page is a handbook clause (each has an anchor): the longest tasks of a
    measured run are shown as a table row per page type."""
    data = json.loads((ROOT / "data" / "benchmarks.json").read_text(encoding="utf-8"))
    blamed = [r for r in data["bytes"]["pages"] if r.get("long_tasks")]
    assert blamed, "the committed benchmarks have no long tasks to show"
    part = benchmarks("bytes", lang, data)
    assert not re.search(r"^- ", part, re.M)
    for row in blamed:
        task = row["long_tasks"][0]
        assert re.search(rf"^\| [^|]+ \| {task['ms']} \| `{re.escape(task['by'][0])}`", part, re.M), task


def test_the_phone_profile_numbers_equal_the_data(page):
    """bench/mobile.py's first visits under Lighthouse's mobile profile; Mermaid is 0 bytes."""
    m = DATA["mobile"]
    [table, *_] = _tables(_section(page.soup, "mobile"))
    assert len(table) == len(m["pages"])
    for row, r in zip(table, m["pages"]):
        assert r["path"] in row[0]
        assert [int(row[1]), int(row[2]), int(row[4]), int(row[5])] == [
            r["mobile"]["dcl_ms"], r["mobile"]["longest_task_ms"], r["mobile"]["mermaid_bytes"], r["unthrottled"]["longest_task_ms"]]
        assert _close(row[3], r["mobile"]["bytes"] / 1024)
        assert r["mobile"]["mermaid_bytes"] == 0 and not r["mobile"]["offsite_requests"]
