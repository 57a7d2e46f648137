"""Inline SVG charts drawn from numbers: horizontal bars, 100 % bars, lines. No chart library,
nothing fetched. Each chart is 360 units wide so it reads at 1:1 on a 360-px phone and
scales down with the column; its <title>/<desc> (and the table the page puts above it)
are the text alternative. Used by the benchmarks page (macros/benchmarks.py).
"""
from __future__ import annotations

from html import escape

W = 360                                     # chart width in SVG units (= CSS px on a phone)
COLORS = ("#3949ab", "#bf360c", "#00695c", "#757575")  # indigo, deep orange, teal, grey: white text on each >= 4.5:1
FONT = 'font-size="12" fill="currentColor"'


def pct(part: int, total: int) -> str:
    return f"{100 * part / total:.0f} %" if total else "0 %"


def _svg(uid: str, title: str, desc: str, height: int, body: list[str]) -> str:
    """A <figure> whose lines all start with "<": Markdown keeps it as raw HTML, tooltips skip it."""
    return "\n".join([
        f'<figure class="hb-chart" id="chart-{uid}">',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="100%"'
        f' role="img" aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f"<title id=\"chart-{uid}-title\">{escape(title)}</title>",
        f"<desc id=\"chart-{uid}-desc\">{escape(desc)}</desc>",
        *body,
        "</svg>",
        f"<figcaption>{escape(title)}</figcaption>",
        "</figure>"])


def _legend(names: list[str], y: int = 12) -> list[str]:
    out, x = [], 0
    for i, name in enumerate(names):
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLORS[i]}"/>'
                   f'<text x="{x + 14}" y="{y}" {FONT}>{escape(name)}</text>')
        x += 22 + 7 * len(name) if name.isascii() else 22 + 12 * len(name)
    return out


def _ticks(top: float) -> list[float]:
    """About four round steps from 0 to at least `top`."""
    raw = top / 4 or 1
    mag = 10 ** int(f"{raw:e}".split("e")[1])
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [step * i for i in range(int(top / step) + 2) if step * (i - 1) < top]


def _num(v: float) -> str:
    return f"{v:g}" if v < 1000 else f"{v:,.0f}"


def bar_chart(uid: str, title: str, desc: str, groups: list[tuple[str, list[float]]], series: list[str],
              unit: str, digits: int = 1) -> str:
    """Horizontal bars, one group per row: the group's name above, one bar per series. Each
    bar's value has `digits` decimals, as the table above the chart shows it (2.10, not 2.1)."""
    top = max((v for _, vals in groups for v in vals), default=1) or 1
    span = W - 70                            # room right of the longest bar for its value
    y, body = 28, _legend(series)
    for name, values in groups:
        body.append(f'<text x="0" y="{y + 10}" {FONT} font-weight="bold">{escape(name)}</text>')
        y += 16
        for i, v in enumerate(values):
            width = max(1.0, span * v / top)
            body.append(f'<rect x="0" y="{y}" width="{width:.1f}" height="12" fill="{COLORS[i]}"/>'
                        f'<text x="{width + 4:.1f}" y="{y + 10}" {FONT}>{v:,.{digits}f} {escape(unit)}</text>')
            y += 15
        y += 8
    return _svg(uid, title, desc, y, body)


def share_chart(uid: str, title: str, desc: str, rows: list[tuple[str, list[int]]], parts: list[str]) -> str:
    """One 100 % bar per row, split into `parts`; the row's label carries the total."""
    y, body = 28, _legend(parts)
    for name, values in rows:
        total = sum(values) or 1
        body.append(f'<text x="0" y="{y + 10}" {FONT}>{escape(name)}</text>')
        y += 14
        x = 0.0
        for i, v in enumerate(values):
            width = W * v / total
            if width > 0:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="14" fill="{COLORS[i]}"/>')
                if width > 34:
                    body.append(f'<text x="{x + 3:.1f}" y="{y + 11}" font-size="11" fill="#fff">{pct(v, total)}</text>')
            x += width
        y += 24
    return _svg(uid, title, desc, y, body)


def line_chart(uid: str, title: str, desc: str, xs: list[float], series: list[tuple[str, list[float]]],
               x_unit: str, y_unit: str) -> str:
    left, right, top, bottom, height = 34, 14, 42, 38, 240
    x_ticks = _ticks(max(xs))
    y_ticks = _ticks(max(max(v) for _, v in series))
    px = lambda x: left + (W - left - right) * x / x_ticks[-1]  # noqa: E731
    py = lambda y: height - bottom - (height - bottom - top) * y / y_ticks[-1]  # noqa: E731
    body = _legend([name for name, _ in series])
    for t in y_ticks:
        body.append(f'<line x1="{left}" x2="{W - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="currentColor" stroke-opacity="0.15"/>'
                    f'<text x="{left - 4}" y="{py(t) + 4:.1f}" {FONT} text-anchor="end">{_num(t)}</text>')
    for t in x_ticks:
        anchor = "end" if t == x_ticks[-1] else "start" if t == 0 else "middle"
        body.append(f'<text x="{px(t):.1f}" y="{height - bottom + 15}" {FONT} text-anchor="{anchor}">{_num(t)}</text>')
    body.append(f'<line x1="{left}" x2="{W - right}" y1="{py(0):.1f}" y2="{py(0):.1f}" stroke="currentColor" stroke-opacity="0.5"/>'
                f'<text x="{W - right}" y="{height - 3}" {FONT} text-anchor="end">{escape(x_unit)} →</text>'
                f'<text x="0" y="{top - 10}" {FONT}>↑ {escape(y_unit)}</text>')
    for i, (_, values) in enumerate(series):
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{COLORS[i]}" stroke-width="2"/>')
        body += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{COLORS[i]}"/>' for x, y in zip(xs, values)]
    return _svg(uid, title, desc, height, body)
