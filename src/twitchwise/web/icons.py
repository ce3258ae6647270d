"""The app's icon as a PNG of any size, drawn here (numpy and zlib: no image library, no file to
download): the favicon's zigzag, a twitch on a trace, white on the accent colour, with a margin
so a "maskable" crop keeps it whole."""

from __future__ import annotations

import itertools
import struct
import zlib
from functools import cache

import numpy as np

# The favicon's line (static/favicon.svg), in its 32-unit square.
TRACE = [(4, 18), (10, 18), (13, 10), (17, 24), (20, 15), (22, 18), (28, 18)]
STROKE = 2.5


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _distance(px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Each pixel's distance to the trace, in the 32-unit square's units."""
    best = np.full(px.shape, np.inf)
    for (ax, ay), (bx, by) in itertools.pairwise(TRACE):
        dx, dy = bx - ax, by - ay
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0, 1)
        best = np.minimum(best, np.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    return best


@cache
def icon_png(size: int, colour: str) -> bytes:
    """A ``size`` x ``size`` PNG: the trace, white, on ``colour`` (``#rrggbb``), edge to edge."""
    background = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    scale = 32 / size / 0.8  # the trace fills the middle 80 %, the safe zone of a maskable icon
    centre = (np.arange(size) + 0.5) * scale - (size * scale - 32) / 2
    px, py = np.meshgrid(centre, centre)
    # 1 inside the stroke, 0 outside, one pixel of smooth edge
    ink = np.clip((STROKE / 2 - _distance(px, py)) / scale + 0.5, 0, 1)[..., None]
    pixels = (background * (1 - ink) + 255 * ink).round().astype(np.uint8)
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )
