"""Draw the app icons (a white tick on the theme's indigo) as PNG, with the stdlib only.

Run once after changing the design; the PNGs are committed under docs/assets/icons/.
    .venv/bin/python scripts/make_icons.py
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "icons"
INDIGO, WHITE = (0x40, 0x51, 0xB5), (0xFF, 0xFF, 0xFF)


def _near_segment(x, y, ax, ay, bx, by, width) -> bool:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= (width / 2) ** 2


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """Colour at (x, y) in a unit square: the tick keeps inside the maskable safe zone (80 %)."""
    tick = _near_segment(x, y, .30, .52, .44, .66, .09) or _near_segment(x, y, .44, .66, .72, .36, .09)
    return WHITE if tick else INDIGO


def png(size: int) -> bytes:
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel((x + .5) / size, (y + .5) / size))
                    for y in range(size))
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512, 180):
        name = "apple-touch-icon.png" if size == 180 else f"icon-{size}.png"
        (OUT / name).write_bytes(png(size))
        print(OUT / name)
