"""A procedure as a Mermaid flowchart, generated from the same data as its checklist.

Decisions (steps with branches) are diamonds labelled with their conditions; each role
has a colour, explained in a legend under the chart (lanes made the charts too wide for
a phone). Material renders `pre.mermaid` with the Mermaid copy served by this site.
"""
from __future__ import annotations

from html import escape

from handbook.data_files import procedure
from handbook.labels import label
from handbook.procedures import Procedure

# Light fills with dark text: readable in print and on both Material colour schemes.
ROLE_COLOURS = ["#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fffde7", "#e0f7fa", "#fbe9e7", "#eceff1"]

# Mermaid entity codes: a label stays text whatever the data says (quotes, tags, #).
_MERMAID_ESCAPES = [("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")]


def mermaid_text(text: str) -> str:
    for char, code in _MERMAID_ESCAPES:
        text = text.replace(char, code)
    return f'"{text}"'


def mermaid_source(p: Procedure, lang: str) -> str:
    node = {s.id: f"n{k}" for k, s in enumerate(p.steps, 1)}
    role_class = {r.id: f"r{k}" for k, r in enumerate(p.roles)}
    # Charts keep their natural size and scroll inside their box on a narrow screen, so
    # text stays legible instead of shrinking to fit 360 px.
    lines = ['%%{init: {"flowchart": {"useMaxWidth": false, "wrappingWidth": 180}}}%%',
             "flowchart TD",
             f"  start([{mermaid_text(label('flowchart.start', lang))}])",
             f"  stop([{mermaid_text(label('flowchart.end', lang))}])",
             f"  start --> {node[p.steps[0].id]}"]
    for k, step in enumerate(p.steps, 1):
        text = mermaid_text(f"{k}. {step.text[lang]}")
        shape = f"{{{text}}}" if step.branches else f"[{text}]"
        lines.append(f"  {node[step.id]}{shape}")
    for i, step in enumerate(p.steps):
        if step.branches:
            for b in step.branches:
                lines.append(f"  {node[step.id]} -->|{mermaid_text(b.when[lang])}| {node[b.next]}")
        else:
            successors = p.successors(i)
            targets = [node[p.steps[j].id] for j in successors] or ["stop"]
            lines += [f"  {node[step.id]} --> {t}" for t in targets]
    for k, role in enumerate(p.roles):
        colour = ROLE_COLOURS[k % len(ROLE_COLOURS)]
        lines.append(f"  classDef {role_class[role.id]} fill:{colour},stroke:#455a64,color:#000")
        members = [node[s.id] for s in p.steps if s.role == role.id]
        if members:
            lines.append(f"  class {','.join(members)} {role_class[role.id]}")
    return "\n".join(lines)


def flowchart(procedure_id: str, lang: str) -> str:
    return render(procedure(procedure_id), lang)


def render(p: Procedure, lang: str) -> str:
    used = {s.role for s in p.steps}
    legend = "".join(
        f'<li><span class="hb-swatch" style="background:{ROLE_COLOURS[k % len(ROLE_COLOURS)]}"></span>'
        f"{escape(r.name[lang])}</li>"
        for k, r in enumerate(p.roles) if r.id in used)
    # data-search-exclude: the diagram's source is not something to search for; the
    # checklist on the same page carries the same words. A wide chart scrolls inside its
    # own box, which takes keyboard focus so it can be scrolled without a pointer (Material
    # replaces the <pre> with a fresh <div>, so the box is ours, around it).
    status = p.source.status  # compiled from V4 clauses, or a reference draft
    colon = escape(label("colon", lang))
    return "\n".join([
        f'<figure class="hb-flowchart" id="flowchart-{p.id}" data-procedure="{p.id}" data-status="{status}">',
        f'<div class="hb-flowchart__scroll" tabindex="0" role="group" aria-labelledby="flowchart-{p.id}-caption">',
        f'<pre class="mermaid" data-search-exclude><code>{escape(mermaid_source(p, lang))}</code></pre>',
        "</div>",
        f'<figcaption id="flowchart-{p.id}-caption">'
        f'<span class="hb-provenance hb-provenance--{status}">{escape(label("provenance." + status, lang))}</span> '
        f'{escape(label("flowchart.caption", lang))}{colon}{escape(p.title[lang])}'
        f' <span class="hb-legend-title">{escape(label("flowchart.roles", lang))}{colon}</span>'
        f' <ul class="hb-legend">{legend}</ul></figcaption>',
        "</figure>"])
