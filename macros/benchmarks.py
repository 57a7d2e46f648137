"""docs/benchmarks.md: what `make bench` (bench/) measured, from data/benchmarks.json.

Rendering only: tables of the numbers, and an inline SVG chart per measurement drawn from
the same numbers by macros/charts.py; the table above each chart is its text alternative.
"""
from __future__ import annotations

from html import escape

from handbook.data_files import benchmark_results
from handbook.labels import label

from .charts import bar_chart, line_chart, pct as _pct, share_chart

PARTS = ("machine", "build", "bytes", "widget", "search", "class", "mobile")


def _l(key: str, lang: str, **fmt) -> str:
    text = label("benchmarks." + key, lang)
    return text.format(**fmt) if fmt else text


def _sep(kind: str, lang: str) -> str:
    """", " / "; " / ": " in English, "，" / "；" / "：" in Chinese (data/labels.yml)."""
    return label(kind, lang)


def _difference(seconds: float, lang: str) -> str:
    """How much more or less time, in words: two medians of a noisy machine may come out
    either way round, and "-0.36 s more" says it badly."""
    return _l("more_s" if round(seconds, 2) >= 0 else "less_s", lang, s=f"{abs(seconds):.2f}")


def _table(head: list[str], rows: list[list[str]]) -> str:
    cell = lambda v: str(v).replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _kb(n: int) -> str:
    return f"{n / 1024:.1f}"


# --- the parts of the page --------------------------------------------------------------------

def _machine(data: dict, lang: str) -> str:
    m = data["machine"]
    dates = {data[k]["date"] for k in PARTS if k in data and isinstance(data[k], dict) and "date" in data[k]}
    when = data["date"] if len(dates) <= 1 else _sep("semicolon", lang).join(
        f"{_l('part_' + k, lang)} {data[k]['date']}" for k in PARTS if k in data and "date" in data.get(k, {}))
    rows = [[_l("date", lang), when],
            [_l("run", lang), _l("run_quick" if data.get("quick") else "run_full", lang)],
            [_l("cpu", lang), m["cpu"]], [_l("cpus", lang), m["cpus"]],
            [_l("memory", lang), f"{m['memory_mb'] / 1024:.1f} GB"], [_l("os", lang), m["os"]],
            [_l("software", lang), f"Python {m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs_material']}, "
                                   f"Node {m['node']}, {m['chromium']}"]]
    return _table([_l("item", lang), _l("value", lang)], rows)


def _build(data: dict, lang: str) -> str:
    b = data["build"]
    rows = [[f"{r['scale']}×", r["pages"], f"{r['project_s']:.2f}", f"{r['plain_s']:.2f}", f"{r['ratio']:.2f}×",
             f"{r['project_wall_s']:.2f}", f"{r['plain_wall_s']:.2f}"] for r in b["sizes"]]
    out = [_table([_l(k, lang) for k in ("scale", "pages", "project_s", "plain_s", "ratio", "project_wall", "plain_wall")],
                  rows)]
    exp = lambda r, k: f"{r[k]:.2f}" if k in r else "—"  # noqa: E731
    growth = [[f"{r['scale']}×", f"{r['project_ms_per_page']:.1f}", f"{r['plain_ms_per_page']:.1f}",
               exp(r, "exponent_from_previous"), exp(r, "plain_exponent_from_previous"),
               f"{r['html_mb']:.1f}", f"{r['page_kb']:.1f}"] for r in b["sizes"]]
    out += ["", _table([_l(k, lang) for k in ("scale", "project_ms", "plain_ms", "growth_project", "growth_plain",
                                               "html_mb", "page_kb")], growth)]
    if "fit" in b:
        # A least-squares line through sizes whose build time grows faster than linearly
        # crosses 0 pages below 0 s: not a fixed cost, so the page shows "—" and says why.
        fixed = lambda f: f"{f['fixed_s']:.2f}" if f["fixed_s"] >= 0 else "—"  # noqa: E731
        out += ["", _table([_l("build_kind", lang), _l("ms_per_page", lang), _l("fixed_s", lang), _l("exponent", lang)],
                           [[_l(k, lang), f"{f['ms_per_page']:.1f}", fixed(f), f"{f['exponent']:.2f}"]
                            for k, f in b["fit"].items()])]
        if any(f["fixed_s"] < 0 for f in b["fit"].values()):
            out += ["", _l("fixed_none", lang)]
    xs = [r["pages"] for r in b["sizes"]]
    series = [(_l("project", lang), [r["project_s"] for r in b["sizes"]]),
              (_l("plain", lang), [r["plain_s"] for r in b["sizes"]])]
    desc = _l("build_desc", lang) + " " + _sep("semicolon", lang).join(
        name + _sep("colon", lang) + _sep("comma", lang).join(f"{x} → {v:.2f} {_l('cpu_seconds', lang)}" for x, v in zip(xs, values))
        for name, values in series)
    if "preview" in data:
        p = data["preview"]
        out += ["", _l("preview", lang, first=p["first_build_s"], edit=p["edit_s"], target=p["target_s"])]
    out += ["", line_chart("build", _l("build_chart", lang), desc, xs, series, _l("pages", lang), _l("cpu_seconds", lang))]
    return "\n".join(out)


def _bytes_rows(b: dict) -> list[tuple[str, dict]]:
    rows = [(r["type"], r) for r in b["pages"]]
    if "text_page_20x" in b:
        rows.append(("text_20x", b["text_page_20x"]))
    return rows


def _bytes(data: dict, lang: str) -> str:
    b = data["bytes"]
    parts = ("pyodide", "mermaid", "search_index", "other")
    new = "first_visit" in b["pages"][0]
    extra = lambda r: ([_kb(r["first_visit"]) if "first_visit" in r else "—", r.get("longest_task_ms", "—")]  # noqa: E731
                       if new else [])
    rows = [[_l("types." + kind, lang), f"`{r['path']}`", _kb(r["total"]),
             *(_pct(r[p], r["total"]) for p in parts), r["requests"], *extra(r)] for kind, r in _bytes_rows(b)]
    head = ("page_type", "path", "total_kb", *parts, "requests", *(("first_visit_kb", "longest_task") if new else ()))
    out = [_table([_l(k, lang) for k in head], rows), ""]
    text_kb = b["pages"][0]["total"] / 1024
    key = "target_met" if text_kb < b["target_text_kb"] else "target_missed"
    out.append(_l(key, lang, kb=f"{text_kb:.1f}", target=b["target_text_kb"]))
    if new:
        out += ["", _l("first_visit", lang, mb=f"{b['pages'][0]['first_visit'] / 1e6:.2f}",
                       target=b.get("target_first_visit_mb", 1.5))]
    if "service_worker" in b:
        out += ["", _l("tiers", lang, **{t: f"{v['bytes'] / 1e6:.2f}" for t, v in b["service_worker"].items()})]
    elif "precache" in b:
        pc = b["precache"]
        out += ["", _l("precache", lang, files=pc["files"], mb=f"{pc['bytes'] / 1e6:.1f}")]
    blamed = [(kind, r["long_tasks"][0]) for kind, r in _bytes_rows(b) if r.get("long_tasks")]
    if blamed:
        # A table, not a list: list items on a page are the handbook's clauses, each anchored.
        out += ["", _l("blame", lang), "",
                _table([_l(k, lang) for k in ("page_type", "task_ms", "spent_on")],
                       [[_l("types." + kind, lang), t["ms"], _sep("semicolon", lang).join(f"`{x}`" for x in t["by"])]
                        for kind, t in blamed])]
    out.append("")
    chart_rows = [(f"{_l('types.' + kind, lang)} · {_kb(r['total'])} KB", [r[p] for p in parts]) for kind, r in _bytes_rows(b)]
    desc = _l("bytes_desc", lang) + " " + _sep("semicolon", lang).join(
        name + _sep("colon", lang) + _sep("comma", lang).join(f"{_l(p, lang)} {_pct(v, sum(vals))}" for p, v in zip(parts, vals))
        for name, vals in chart_rows)
    out.append(share_chart("bytes", _l("bytes_chart", lang), desc, chart_rows, [_l(p, lang) for p in parts]))
    return "\n".join(out)


def _widget(data: dict, lang: str) -> str:
    w = data["widget"]
    variants = [k for k in ("widget", "widget_no_sw", "worker_only", "pyscript", "bare") if k in w]
    names = {"widget": _l("widget", lang), "widget_no_sw": _l("widget_no_sw", lang), "worker_only": _l("worker_only", lang),
             "pyscript": _l("pyscript", lang, version=w["pyscript"]["version"]), "bare": _l("bare", lang)}
    rows = [[names[k], f"{w[k]['cold_s']:.2f}", f"{w[k]['warm_s']:.2f}", w[k]["longest_block_ms"], _l(k + "_how", lang)]
            for k in variants]
    out = [_table([_l(k, lang) for k in ("variant", "cold_s", "warm_s", "longest_ms", "how")], rows), ""]
    out.append(_l("widget_ratio", lang, cold=f"{w['pyscript']['cold_s'] / w['widget']['cold_s']:.2f}",
                  warm=f"{w['pyscript']['warm_s'] / w['widget']['warm_s']:.2f}",
                  same=_l("same" if w["same_answer"] else "different", lang)))
    if "bare" in w:
        out += ["", _l("bare_ratio", lang, cold=_difference(w["widget"]["cold_s"] - w["bare"]["cold_s"], lang),
                       warm=_difference(w["widget"]["warm_s"] - w["bare"]["warm_s"], lang))]
    if "worker_only" in w:
        alone, page = w["worker_only"], w["widget"]
        out += ["", _l("worker_only_gap", lang, cold=f"{alone['cold_s']:.2f}", warm=f"{alone['warm_s']:.2f}",
                       page_cold=_difference(page["cold_s"] - alone["cold_s"], lang),
                       page_warm=_difference(page["warm_s"] - alone["warm_s"], lang))]
    phases = w["widget"].get("phases_ms", {}).get("cold", {})
    if {"runtime", "packages", "ready"} <= set(phases):
        out += ["", _l("phases", lang, **{k: f"{v / 1000:.2f}" for k, v in phases.items()},
                       answer=f"{w['widget']['cold_s']:.2f}")]
    probes = [[_l("probes." + p["page"].removesuffix(".html"), lang), _l("answer_yes" if p["answered"] else "answer_no", lang),
               "<br>".join(f"`{u}`" for u in p["offsite"]) or _l("none", lang),
               "<br>".join(f"`{u}`" for u in p["not_found"]) or _l("none", lang)] for p in w["pyscript_probes"]]
    out += ["", _table([_l(k, lang) for k in ("probe", "answered", "offsite", "not_found")], probes), ""]
    groups = [(names[k], [w[k]["cold_s"], w[k]["warm_s"]]) for k in variants]
    desc = _l("widget_desc", lang) + " " + _sep("semicolon", lang).join(
        n + _sep("colon", lang) + f"{_l('cold', lang)} {c:.2f} {_l('seconds', lang)}" + _sep("comma", lang)
        + f"{_l('warm', lang)} {v:.2f} {_l('seconds', lang)}" for n, (c, v) in groups)
    out.append(bar_chart("widget", _l("widget_chart", lang), desc, groups, [_l("cold", lang), _l("warm", lang)],
                         _l("seconds", lang), digits=2))
    return "\n".join(out)


def _search(data: dict, lang: str) -> str:
    s = data["search"]
    name = lambda r: f"{_l('site_' + r['site'], lang)} · {_l('lang_' + r['lang'], lang)}"  # noqa: E731
    rows = [[_l("site_" + r["site"], lang), _l("lang_" + r["lang"], lang), r["queries"], r["samples"],
             f"{r['median_ms']:.1f}", f"{r['p90_ms']:.1f}", f"{r['index_kb']:.1f}"] for r in s["rows"]]
    out = [_table([_l(k, lang) for k in ("site", "lang", "queries", "samples", "median_ms", "p90_ms", "index_kb")], rows), ""]
    groups = [(name(r), [r["median_ms"], r["p90_ms"]]) for r in s["rows"]]
    desc = _l("search_desc", lang) + " " + _sep("semicolon", lang).join(
        n + _sep("colon", lang) + f"{_l('median', lang)} {m:.1f} {_l('ms', lang)}" + _sep("comma", lang)
        + f"{_l('p90', lang)} {p:.1f} {_l('ms', lang)}" for n, (m, p) in groups)
    out.append(bar_chart("search", _l("search_chart", lang), desc, groups, [_l("median", lang), _l("p90", lang)],
                         _l("ms", lang), digits=1))
    return "\n".join(out)


def _class(data: dict, lang: str) -> str:
    c = data["class"]
    rows = [[f"{r['lines']:,}", f"{r['page_ms']:.1f}"] for r in c["rows"]]
    out = [_table([_l("class_lines", lang), _l("class_page_ms", lang)], rows), "",
           _l("class_cli", lang, lines=f"{c['cli_lines']:,}", seconds=f"{c['cli_s']:.2f}"), ""]
    groups = [(_l("class_group", lang, lines=f"{r['lines']:,}"), [r["page_ms"]]) for r in c["rows"]]
    desc = _l("class_desc", lang) + " " + _sep("semicolon", lang).join(
        n + _sep("colon", lang) + f"{v[0]:.1f} {_l('ms', lang)}" for n, v in groups)
    out.append(bar_chart("class", _l("class_chart", lang), desc, groups, [_l("class_page_ms", lang)], _l("ms", lang),
                         digits=1))
    return "\n".join(out)


def _mobile(data: dict, lang: str) -> str:
    m = data["mobile"]
    page = lambda r: f"{_l('mobile_types.' + r['type'], lang)} `{r['path']}`"  # noqa: E731
    rows = [[page(r), r["mobile"]["dcl_ms"], r["mobile"]["longest_task_ms"], _kb(r["mobile"]["bytes"]),
             r["mobile"]["mermaid_bytes"], r["unthrottled"]["longest_task_ms"]] for r in m["pages"]]
    p, t = m["profile"], m["targets"]
    out = [_l("mobile_profile", lang, down=f"{p['down_kbps'] / 1000:g}", up=p["up_kbps"], rtt=p["rtt_ms"], cpu=p["cpu"]), "",
           _table([_l(k, lang) for k in ("mobile_page", "mobile_dcl", "mobile_task", "total_kb", "mobile_mermaid",
                                          "mobile_unthrottled")], rows), "",
           _l("mobile_targets", lang, dcl=t["procedure_dcl_s"], task=t["procedure_task_ms"], fast=t["unthrottled_task_ms"]),
           ""]
    blamed = [(r, r["mobile"]["long_tasks"][0]) for r in m["pages"] if r["mobile"].get("long_tasks")]
    if blamed:
        out += [_l("blame", lang), "", _table([_l(k, lang) for k in ("mobile_page", "task_ms", "spent_on")],
                                               [[page(r), x["ms"], _sep("semicolon", lang).join(f"`{b}`" for b in x["by"])] for r, x in blamed]), ""]
    groups = [(f"{_l('mobile_types.' + r['type'], lang)} {r['path']}", [r["mobile"]["dcl_ms"], r["mobile"]["longest_task_ms"]])
              for r in m["pages"]]
    colon, comma = label("colon", lang), _sep("comma", lang)
    desc = _l("mobile_desc", lang) + " " + _sep("semicolon", lang).join(
        f"{n}{colon}DOMContentLoaded {d} {_l('ms', lang)}{comma}{_l('mobile_task', lang)} {k} {_l('ms', lang)}"
        for n, (d, k) in groups)
    out.append(bar_chart("mobile", _l("mobile_chart", lang), desc, groups, ["DOMContentLoaded", _l("mobile_task", lang)],
                         _l("ms", lang)))
    return "\n".join(out)


RENDER = {"machine": _machine, "build": _build, "bytes": _bytes, "widget": _widget, "search": _search,
          "class": _class, "mobile": _mobile}


def benchmarks(part: str, lang: str, data: dict | None = None) -> str:
    if part not in RENDER:
        raise ValueError(f"benchmarks({part!r}): expected one of {list(RENDER)}")
    data = benchmark_results() if data is None else data
    if data is None or part not in data and part != "machine":
        return f"*{escape(_l('missing', lang))}*"
    # Figures and charts are not what a reader searches the handbook for.
    return f'<div class="hb-benchmarks" data-search-exclude markdown>\n\n{RENDER[part](data, lang)}\n\n</div>'
