"""A procedure's flowchart: an SVG drawn at build time from the same data as its checklist.

The layout is macros/flowchart_layout.py (pure Python, no browser, no Node). Each role has a
colour, explained in a legend under the chart. flowchart.js adds the full-screen viewer and
marks the steps of the open checklist run.

A diagram is cached by content hash in node_modules/.cache/handbook-flowcharts/ (the key
covers the procedure, the language, the words and the layout code), so a rebuild with
unchanged procedures does no layout work.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from html import escape
from pathlib import Path

from handbook.data_files import procedure
from handbook.labels import label
from handbook.procedures import Procedure

from . import flowchart_layout
# Each role's colour: ROLE_COLOURS, light fills with dark text. The legend's swatches take them from
# procedures.css (.hb-swatch--0 …), as no page may carry a style="" (a test holds the two equal).
from .flowchart_layout import ROLE_COLOURS, FlowchartError, layout

__all__ = ["FlowchartError", "flowchart", "render", "svg"]

log = logging.getLogger("mkdocs.macros.flowchart")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "node_modules" / ".cache" / "handbook-flowcharts"
# The layout's own code is part of every key: changing how diagrams are drawn redraws them.
_CODE = hashlib.sha256(Path(flowchart_layout.__file__).read_bytes()).hexdigest()
STATS = {"drawn": 0, "cached": 0}

_WORDS = ("start", "end", "goto", "branch", "paren", "list_sep")
_VIEWER = ("open", "close", "zoom_in", "zoom_out", "reset", "help")


def _words(p: Procedure, lang: str) -> dict[str, str]:
    words = {k: label(f"flowchart.{k}", lang) for k in _WORDS}
    words["colon"] = label("colon", lang)
    words["title"] = label("flowchart.title", lang).format(title=p.title[lang])
    return words


def svg(p: Procedure, lang: str, source: str | None = None) -> str:
    """The <svg> of a procedure in a language, from the cache when nothing it depends on changed."""
    source = source or f"checklists/{p.id}.yml"
    words = _words(p, lang)
    key = hashlib.sha256(json.dumps([_CODE, p.model_dump(mode="json"), lang, words, source],
                                    ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    path = CACHE / f"{key}.svg"
    try:
        out = path.read_text(encoding="utf-8")
        STATS["cached"] += 1
        return out
    except OSError:
        pass
    out = layout(p, lang, words, source)
    STATS["drawn"] += 1
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(out, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache only makes the build slower
    return out


def flowchart(procedure_id: str, lang: str) -> str:
    return render(procedure(procedure_id), lang)


def render(p: Procedure, lang: str) -> str:
    used = {s.role for s in p.steps}
    legend = "".join(
        f'<li><span class="hb-swatch hb-swatch--{k % len(ROLE_COLOURS)}"></span>'
        f"{escape(r.name[lang])}</li>"
        for k, r in enumerate(p.roles) if r.id in used)
    status = p.source.status  # compiled from V4 clauses, or a reference draft
    colon = escape(label("colon", lang))
    viewer = escape(json.dumps({k: label(f"flowchart.{k}", lang) for k in _VIEWER}, ensure_ascii=False))
    # data-search-exclude: the diagram's words are the checklist's on the same page. The box
    # scrolls sideways only on a screen narrower than the diagram (flowchart.js then makes it
    # focusable); the button opens the full-screen viewer (hidden until flowchart.js runs).
    return "\n".join([
        f'<figure class="hb-flowchart" id="flowchart-{p.id}" data-procedure="{p.id}" data-status="{status}"'
        f' data-labels="{viewer}">',
        f'<div class="hb-flowchart__scroll" data-search-exclude>{svg(p, lang)}</div>',
        f'<button type="button" class="md-button hb-flowchart__open" hidden>{escape(label("flowchart.open", lang))}</button>',
        f'<figcaption id="flowchart-{p.id}-caption">'
        f'<span class="hb-provenance hb-provenance--{status}">{escape(label("provenance." + status, lang))}</span> '
        f'{escape(label("flowchart.caption", lang))}{colon}{escape(p.title[lang])}'
        f' <span class="hb-legend-title">{escape(label("flowchart.roles", lang))}{colon}</span>'
        f' <ul class="hb-legend">{legend}</ul></figcaption>',
        "</figure>"])
