"""A procedure drawn as a vertical flowchart in SVG, at build time, in pure Python.

Why our own layout (README, "Flowcharts"): a procedure is mostly a vertical sequence with a
few decisions, and a phone is narrow. Every diagram is at most WIDTH px wide, drawn at its
natural size (never shrunk to fit), so its labels are FONT px on a 360 px phone:

- the steps go down one column in file order, numbered as in the checklist, their text
  wrapped to the column (a conservative width table, so any sans-serif font fits);
- a decision's answers hang under it as chips; the answer that leads to the next step in
  the file goes straight down, the others leave to the right and run up or down a lane
  beside the column to the step they lead to (and say "→ step N" in the chip);
- a step that ends the procedure points at an "End" marker under it.

Every label is text (escaped), never markup. What the layout cannot draw (a character XML
cannot hold, a word wider than the column, a label of more than MAX_LINES lines) raises
FlowchartError naming the procedure file and the step.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from html import escape

from handbook.procedures import Procedure

WIDTH = 320          # px: the diagram's width; a 360 px phone's content column is 328 px
FONT = 13            # px: labels, at the diagram's natural size
CHIP_FONT = 12       # px: a decision's answers
LINE = 17            # px between text lines (CHIP_LINE for chips)
CHIP_LINE = 16
PAD_X, PAD_Y = 8, 7  # inside a box
GAP = 22             # px between one box and the next (room for an arrow)
LANE_GAP = 9         # px between lanes on the right
MARGIN = 2
CHIP_INDENT = 22     # a decision's chips hang this far right of its box, on a spine
MAX_LINES = 14
POINT = 9            # a decision box's pointed ends
OFF_END = 4          # px from a box's top to the first lane entry, then ENTRY_STEP apart
ENTRY_STEP = 8
CHIP_GAP = 8         # px between a decision and its answers, and between answers
DONE_MARK = 16       # px kept free at a step's right for the mark of a step done

# Light fills with dark text: readable in print and on both Material colour schemes.
ROLE_COLOURS = ["#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fffde7", "#e0f7fa", "#fbe9e7", "#eceff1"]
TERMINAL_FILL = "#eceff1"
CHIP_FILL = "#ffffff"

# Width of ASCII characters in em, close to DejaVu Sans (the widest common sans-serif), so a
# label measured here fits in Arial, Helvetica, Roboto or Noto Sans as well.
_NARROW = {" ": .32, "i": .28, "j": .28, "l": .28, "f": .36, "t": .40, "r": .42, "I": .30, ".": .32, ",": .32,
           ":": .34, ";": .34, "'": .28, '"': .46, "(": .40, ")": .40, "!": .40, "|": .34, "-": .36, "/": .34}
_WIDE = {"m": .98, "w": .82, "M": .87, "W": 1.0, "@": 1.0, "%": .95}
# Closing punctuation never starts a line; opening punctuation never ends one (CJK rules).
_NO_START = set("，。；：、）」』》〉！？,.;:!?)]}%”’")
_NO_END = set("（「『《〈([{“‘")


class FlowchartError(ValueError):
    """The layout cannot draw a label: names the file and the step."""


def char_width(ch: str) -> float:
    """A character's advance in em (an upper bound for common sans-serif fonts)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in _NARROW:
        return _NARROW[ch]
    if ch in _WIDE:
        return _WIDE[ch]
    if ch.isupper() or ch.isdigit():
        return .70 if ch.isupper() else .64
    return .64


def text_width(text: str, size: float) -> float:
    return sum(char_width(c) for c in text) * size


def _units(text: str) -> list[str]:
    """Pieces a line may break between: a Latin word with the space after it, or one CJK
    character; punctuation stays with its neighbour."""
    units: list[str] = []
    word = ""
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        if wide:
            if word:
                units.append(word)
                word = ""
            if ch in _NO_START and units:
                units[-1] += ch
            elif units and units[-1] and units[-1][-1] in _NO_END:
                units[-1] += ch
            else:
                units.append(ch)
        elif ch == " ":
            units.append(word + " ")
            word = ""
        else:
            if not word and ch in _NO_START and units:
                units[-1] += ch  # "。)" or ")": keep with what it closes
                continue
            if not word and units and units[-1] and units[-1][-1] in _NO_END:
                word = units.pop()
            word += ch
    if word:
        units.append(word)
    return [u for u in units if u]


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` px at font `size`; raises ValueError for a piece wider."""
    lines, line = [], ""
    for unit in _units(text):
        if text_width(unit.rstrip(), size) > width:
            raise ValueError(f"{unit.strip()!r} is wider than the diagram's column ({width:.0f} px at {size} px)")
        if text_width((line + unit).rstrip(), size) <= width or not line:
            line += unit
        else:
            lines.append(line.rstrip())
            line = unit
    if line.strip():
        lines.append(line.rstrip())
    return lines


@dataclass
class Box:
    kind: str                  # step, decision, chip, start, end
    lines: list[str]
    x: float
    width: float
    font: int
    step: str | None = None
    branch: int | None = None
    next: str | None = None
    fill: str = CHIP_FILL
    y: float = 0
    height: float = 0
    entries: int = 0           # lane edges already entering this box
    extra: dict = field(default_factory=dict)


def _check_text(text: str, where: str) -> None:
    for ch in text:
        if (ord(ch) < 0x20 and ch not in "\t\n\r") or 0xFFFE <= ord(ch) <= 0xFFFF or 0xD800 <= ord(ch) <= 0xDFFF:
            raise FlowchartError(f"{where}: character U+{ord(ch):04X} cannot be drawn in an SVG label")


def layout(p: Procedure, lang: str, words: dict[str, str], source: str) -> str:
    """The procedure's flowchart as one <svg> element (a string)."""
    index = {s.id: k for k, s in enumerate(p.steps)}
    colour = {r.id: ROLE_COLOURS[k % len(ROLE_COLOURS)] for k, r in enumerate(p.roles)}

    # Rows top to bottom: start, then per step its box, its chips, and an End after a last step.
    rows: list[Box] = [Box("start", [words["start"]], 0, 0, FONT, fill=TERMINAL_FILL)]
    lanes_wanted: list[tuple[int, str, Box]] = []  # (row of the chip, target step, chip)
    step_row: dict[str, int] = {}
    for k, step in enumerate(p.steps):
        where = f"{source}: steps.{k} ({step.id})"
        step_row[step.id] = len(rows)
        kind = "decision" if step.branches else "step"
        rows.append(Box(kind, [f"{k + 1}. {step.text[lang]}"], 0, 0, FONT, step=step.id,
                        fill=colour.get(step.role, ROLE_COLOURS[0]), extra={"where": where}))
        if step.branches:
            # The answer that leads to the next step in the file is drawn last, straight down.
            order = sorted(range(len(step.branches)), key=lambda j: step.branches[j].next == _next_id(p, k))
            falls = [j for j in order if step.branches[j].next == _next_id(p, k)][-1:]
            for j in order:
                b = step.branches[j]
                target = index[b.next] + 1
                text = b.when[lang] if j in falls else f"{b.when[lang]} {words['goto'].format(n=target)}"
                chip = Box("chip", [text], 0, 0, CHIP_FONT, step=step.id, branch=j, next=b.next,
                           extra={"where": f"{source}: steps.{k}.branches.{j} ({step.id})", "down": j in falls})
                if j not in falls:
                    lanes_wanted.append((len(rows), b.next, chip))
                rows.append(chip)
        elif not p.successors(k):
            rows.append(Box("end", [words["end"]], 0, 0, FONT, step=step.id, fill=TERMINAL_FILL))

    # Lanes: each jump gets the innermost lane free over its rows (shortest jumps innermost).
    jumps = []
    for row, target, chip in lanes_wanted:
        lo, hi = sorted((row, step_row[target]))
        jumps.append((hi - lo, lo, hi, row, target, chip))
    lane_spans: list[list[tuple[int, int]]] = []
    placed = []
    for _, lo, hi, row, target, chip in sorted(jumps, key=lambda j: (j[0], j[1])):
        for lane, spans in enumerate(lane_spans):
            if all(hi < a or lo > b for a, b in spans):
                spans.append((lo, hi))
                break
        else:
            lane = len(lane_spans)
            lane_spans.append([(lo, hi)])
        placed.append((lane, row, target, chip))
    column = WIDTH - 2 * MARGIN - LANE_GAP * len(lane_spans) - (4 if lane_spans else 0)

    # Sizes and positions.
    y = MARGIN
    for r, box in enumerate(rows):
        if box.kind == "chip":
            box.x, box.width = MARGIN + CHIP_INDENT, column - CHIP_INDENT
        elif box.kind in ("start", "end"):
            box.width = min(column, max(72, text_width(box.lines[0], FONT) + 2 * PAD_X + 16))
            box.x = MARGIN + (column - box.width) / 2
        else:
            box.x, box.width = MARGIN, column
        # A step leaves room on its right for the mark of a step done (flowchart.js).
        inner = box.width - 2 * PAD_X - (2 * POINT if box.kind == "decision" else 0) - (DONE_MARK if box.step and box.kind != "chip" else 0)
        where = box.extra.get("where", source)
        _check_text(box.lines[0], where)
        try:
            box.lines = wrap(box.lines[0], box.font, inner)
        except ValueError as err:
            raise FlowchartError(f"{where}: {err}") from None
        if len(box.lines) > MAX_LINES:
            raise FlowchartError(f"{where}: the label needs {len(box.lines)} lines at {WIDTH} px; at most {MAX_LINES} fit a"
                                 " phone: shorten the text")
        line = CHIP_LINE if box.kind == "chip" else LINE
        box.height = len(box.lines) * line + 2 * PAD_Y - 2
        box.y = y
        more_chips = r + 1 < len(rows) and rows[r + 1].kind == "chip"
        y += box.height + (CHIP_GAP if more_chips else GAP)
    height = y - GAP + MARGIN + 2

    out: list[str] = []
    arrows: list[str] = []

    def arrow_down(x: float, y0: float, y1: float, attrs: str = "") -> None:
        arrows.append(f'<g class="hb-fc-edge"{attrs}><path d="M{x:.1f} {y0:.1f}V{y1 - 5:.1f}"/>'
                      f'<path class="hb-fc-head" d="M{x - 4:.1f} {y1 - 6:.1f}L{x:.1f} {y1:.1f}L{x + 4:.1f} {y1 - 6:.1f}Z"/></g>')

    # Straight edges: box to the next row, a decision to its chips (a spine), an end marker.
    for r, box in enumerate(rows):
        nxt = rows[r + 1] if r + 1 < len(rows) else None
        if box.kind == "decision":
            chips = [c for c in rows[r + 1:] if c.kind == "chip" and c.step == box.step]
            spine = MARGIN + CHIP_INDENT / 2
            last = chips[-1]
            arrows.append(f'<path class="hb-fc-spine" d="M{spine:.1f} {box.y + box.height:.1f}'
                          f'V{last.y + last.height / 2:.1f}"/>')
            for c in chips:
                mid = c.y + c.height / 2
                arrows.append(f'<g class="hb-fc-edge" data-step="{escape(c.step)}" data-branch="{c.branch}">'
                              f'<path d="M{spine:.1f} {mid:.1f}H{c.x - 5:.1f}"/>'
                              f'<path class="hb-fc-head" d="M{c.x - 6:.1f} {mid - 4:.1f}L{c.x:.1f} {mid:.1f}'
                              f'L{c.x - 6:.1f} {mid + 4:.1f}Z"/></g>')
            continue
        if nxt is None:
            continue
        if box.kind in ("start", "step") and nxt.kind in ("decision", "step", "end"):
            if box.kind == "step" and nxt.kind != "end" and not p.successors(index[box.step]):
                continue
            cx = MARGIN + column / 2
            arrow_down(cx, box.y + box.height, nxt.y)
        elif box.kind == "chip" and box.extra["down"]:
            cx = box.x + box.width / 2
            # down to the next step, whose box starts after the chip
            target = rows[step_row[box.next]]
            arrow_down(cx, box.y + box.height, target.y,
                       f' data-step="{escape(box.step)}" data-branch="{box.branch}"')

    # Jumps along the lanes: from a chip's right side to its target's right side.
    right = MARGIN + column
    for lane, row, target, chip in placed:
        tbox = rows[step_row[target]]
        x = right + LANE_GAP * (lane + 1)
        y0 = chip.y + chip.height / 2
        y1 = min(tbox.y + OFF_END + 6 + ENTRY_STEP * tbox.entries, tbox.y + tbox.height - 4)
        tbox.entries += 1
        end_x = right
        if tbox.kind == "decision":  # on the slanted side of the pointed box
            half = tbox.height / 2
            end_x = right - POINT * min(abs(y1 - tbox.y - half), half) / half
        arrows.append(f'<g class="hb-fc-edge hb-fc-jump" data-step="{escape(chip.step)}" data-branch="{chip.branch}">'
                      f'<path d="M{right:.1f} {y0:.1f}H{x:.1f}V{y1:.1f}H{end_x + 5:.1f}"/>'
                      f'<path class="hb-fc-head" d="M{end_x + 6:.1f} {y1 - 4:.1f}L{end_x:.1f} {y1:.1f}'
                      f'L{end_x + 6:.1f} {y1 + 4:.1f}Z"/></g>')

    for box in rows:
        out.append(_box(box))

    title_id, desc_id = f"flowchart-{p.id}-title", f"flowchart-{p.id}-desc"
    return "".join([
        f'<svg class="hb-fc" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}"'
        f' viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(words["title"])}</title>',
        f'<desc id="{desc_id}">{escape(describe(p, lang, words))}</desc>',
        '<g class="hb-fc-edges" fill="none" stroke="currentColor" stroke-width="1.5">',
        *arrows,
        "</g>",
        *out,
        "</svg>"])


def _next_id(p: Procedure, k: int) -> str | None:
    return p.steps[k + 1].id if k + 1 < len(p.steps) else None


def _box(box: Box) -> str:
    x, y, w, h = box.x, box.y, box.width, box.height
    if box.kind == "decision":
        shape = (f'<path class="hb-fc-shape" d="M{x + POINT:.1f} {y:.1f}H{x + w - POINT:.1f}L{x + w:.1f} {y + h / 2:.1f}'
                 f'L{x + w - POINT:.1f} {y + h:.1f}H{x + POINT:.1f}L{x:.1f} {y + h / 2:.1f}Z"')
    else:
        radius = h / 2 if box.kind in ("start", "end") else (10 if box.kind == "chip" else 3)
        shape = f'<rect class="hb-fc-shape" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius:.0f}"'
    shape += f' fill="{box.fill}" stroke="#455a64" stroke-width="1.2"/>'
    line = CHIP_LINE if box.kind == "chip" else LINE
    anchor = box.kind in ("start", "end")
    tx = x + w / 2 if anchor else x + PAD_X + (POINT if box.kind == "decision" else 0)
    ty = y + PAD_Y + box.font - 1
    spans = "".join(f'<tspan x="{tx:.1f}" y="{ty + i * line:.1f}">{escape(t, quote=False)}</tspan>'
                    for i, t in enumerate(box.lines))
    middle = ' text-anchor="middle"' if anchor else ""
    text = f'<text font-size="{box.font}" fill="#000"{middle}>{spans}</text>'
    attrs = ""
    if box.kind in ("step", "decision"):
        attrs = f' class="hb-fc-node" data-step="{escape(box.step)}"'
        # The mark of a step done in the open run (hidden until checklist.js says so).
        cx, cy = x + w - 11, y + 11
        text += (f'<g class="hb-fc-done" opacity="0"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="8" fill="#2e7d32"/>'
                 f'<path d="M{cx - 4:.1f} {cy:.1f}l3 3l5-6" fill="none" stroke="#fff" stroke-width="2"/></g>')
    elif box.kind == "chip":
        attrs = f' class="hb-fc-branch" data-step="{escape(box.step)}" data-branch="{box.branch}" data-next="{escape(box.next)}"'
    else:
        attrs = f' class="hb-fc-terminal"'
    return f"<g{attrs}>{shape}{text}</g>"


def describe(p: Procedure, lang: str, words: dict[str, str]) -> str:
    """The text alternative: every step in order, each decision's answers and where they lead."""
    index = {s.id: k for k, s in enumerate(p.steps)}
    parts = []
    for k, step in enumerate(p.steps):
        part = f"{k + 1}. {step.text[lang]}"
        if step.branches:
            answers = words["list_sep"].join(words["branch"].format(when=b.when[lang], n=index[b.next] + 1)
                                             for b in step.branches)
            part += words["paren"].format(text=answers)
        elif not p.successors(k):
            part += words["paren"].format(text=words["end"])
        parts.append(part)
    return words["start"] + words["colon"] + " ".join(parts)
