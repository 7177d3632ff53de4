"""Windows .ico and macOS .icns files made from the committed PNG icons (no extra tools).

Both formats may hold PNG images as they are: an .ico entry can be a PNG (Windows Vista and
later), and the .icns types ic07-ic14 are PNGs (macOS 10.8 and later). viewer.spec calls these on
Windows and macOS; resources/icons/hicolor/<size>x<size>/apps/<app id>.png are the sources.
"""

from __future__ import annotations

import struct
from pathlib import Path

from viewer.identity import APP_ID

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns type -> pixel size of its PNG (the @2x types hold the next size up).
ICNS_TYPES = (
    (b"ic11", 32),  # 16x16@2x
    (b"ic12", 64),  # 32x32@2x
    (b"ic07", 128),
    (b"ic13", 256),  # 128x128@2x
    (b"ic08", 256),
    (b"ic14", 512),  # 256x256@2x
    (b"ic09", 512),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png(hicolor: Path, size: int) -> bytes:
    name = f"{size}x{size}/apps/{APP_ID}.png"
    data = (hicolor / name).read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError(f"not a PNG: {name}")
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != (size, size):
        raise ValueError(f"{name} is {width}x{height}")
    return data


def write_ico(hicolor: Path, out: Path) -> Path:
    images = [(size, _png(hicolor, size)) for size in ICO_SIZES]
    offset = 6 + 16 * len(images)
    header = struct.pack("<HHH", 0, 1, len(images))
    entries = b""
    for size, data in images:
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    out.write_bytes(header + entries + b"".join(data for _, data in images))
    return out


def write_icns(hicolor: Path, out: Path) -> Path:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data
        for kind, data in ((kind, _png(hicolor, size)) for kind, size in ICNS_TYPES)
    )
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return out
