"""Draws the extension's icon (images/icon.png, 128×128): a plan as a checklist, two
items ticked and one open, on a rounded dark-blue tile. Standard library only.

    python3 scripts/make-icon.py
"""

import pathlib
import struct
import zlib

SIZE = 128
TILE = (0x1F, 0x3A, 0x5F, 255)
PAPER = (0xF4, 0xF1, 0xE8, 255)
INK = (0x1F, 0x3A, 0x5F, 255)
TICK = (0x2E, 0x9E, 0x5B, 255)
CLEAR = (0, 0, 0, 0)


def inside_rounded(x, y, left, top, right, bottom, radius):
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def near_segment(x, y, a, b, width):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= (width / 2) ** 2


def pixel(x, y):
    x, y = x + 0.5, y + 0.5
    if not inside_rounded(x, y, 2, 2, 126, 126, 22):
        return CLEAR
    colour = TILE
    if inside_rounded(x, y, 22, 14, 106, 114, 8):
        colour = PAPER
    for row in range(3):
        top = 28 + row * 28
        box = (30, top, 48, top + 18)
        on_border = (box[0] <= x <= box[2] and box[1] <= y <= box[3]) and not (
            box[0] + 3 < x < box[2] - 3 and box[1] + 3 < y < box[3] - 3)
        if on_border:
            colour = INK
        if 56 <= x <= 96 and top + 7 <= y <= top + 11:
            colour = INK if row < 2 else (0x9A, 0xA5, 0xB1, 255)
        if row < 2 and (near_segment(x, y, (33, top + 9), (39, top + 15), 4.5)
                        or near_segment(x, y, (39, top + 15), (52, top - 2), 4.5)):
            colour = TICK
    return colour


def png(width, height, rows):
    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parent.parent / "images" / "icon.png"
    out.write_bytes(png(SIZE, SIZE, [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]))
    print(f"wrote {out}")
