"""The length of a video file, read from its container's header without decoding anything.

``viewer check`` compares a note's local copy with the video it copies, and the core reads no
media library: the length a container writes down is enough. Two families are read, the
formats videos are downloaded and recorded in:

* MP4, MOV, M4V, M4A (ISO base media): the movie header (``moov/mvhd``), or for a fragmented
  file the fragments' total (``moov/mvex/mehd``);
* Matroska and WebM: the segment's ``Info`` (``Duration`` times ``TimestampScale``).

Anything else, a file that does not say (a live recording's WebM has no ``Duration``), or a
file cut short or damaged gives ``None``: the length is unknown, never guessed. Only headers
are read, box by box and element by element, so a file of gigabytes costs a few small reads.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import BinaryIO

#: At most this many boxes or elements are looked at in one file: a damaged one ends here.
_MAX_STEPS = 10_000
#: The longest length believed (a week): more is a damaged header.
_MAX_SECONDS = 7 * 24 * 3600.0

_EBML = 0x1A45DFA3
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMESTAMP_SCALE = 0x2AD7B1
_DURATION = 0x4489
_CLUSTER = 0x1F43B675


def media_length(path: Path) -> float | None:
    """The length of the video (or sound) in ``path``, in seconds; None when its container
    does not say or is not one of those read here."""
    try:
        with path.open("rb") as file:
            head = file.read(12)
            file.seek(0)
            if head[:4] == b"\x1a\x45\xdf\xa3":
                seconds = _matroska(file)
            elif head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
                seconds = _mp4(file, _size(file))
            else:
                return None
    except (OSError, ValueError, struct.error):
        return None
    if seconds is None or not math.isfinite(seconds) or not 0 < seconds <= _MAX_SECONDS:
        return None
    return seconds


def _size(file: BinaryIO) -> int:
    end = file.seek(0, 2)
    file.seek(0)
    return end


# --- MP4 ------------------------------------------------------------------------------------


def _boxes(file: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """The boxes between ``start`` and ``end``: their type, where their content starts and
    where they end."""
    found: list[tuple[bytes, int, int]] = []
    at = start
    while at + 8 <= end and len(found) < _MAX_STEPS:
        file.seek(at)
        header = file.read(8)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header)
        content = at + 8
        if size == 1:
            size = struct.unpack(">Q", file.read(8))[0]
            content = at + 16
        elif size == 0:  # to the end of the file
            size = end - at
        if size < content - at or at + size > end:
            break  # cut short, or not a box
        found.append((kind, content, at + size))
        at += size
    return found


def _child(file: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for found, content, stop in _boxes(file, start, end):
        if found == kind:
            return content, stop
    return None


def _mp4(file: BinaryIO, size: int) -> float | None:
    moov = _child(file, 0, size, b"moov")
    if moov is None:
        return None
    header = _child(file, *moov, b"mvhd")
    if header is None:
        return None
    file.seek(header[0])
    version = file.read(1)[0]
    if version == 1:
        file.seek(header[0] + 4 + 16)
        scale, duration = struct.unpack(">IQ", file.read(12))
        unknown = duration == 0xFFFFFFFFFFFFFFFF
    else:
        file.seek(header[0] + 4 + 8)
        scale, duration = struct.unpack(">II", file.read(8))
        unknown = duration == 0xFFFFFFFF
    if scale == 0:
        return None
    if duration and not unknown:
        return float(duration / scale)
    return _fragments(file, moov, scale)


def _fragments(file: BinaryIO, moov: tuple[int, int], scale: int) -> float | None:
    """A fragmented file's length: ``mvex/mehd``, in the movie's time scale."""
    extends = _child(file, *moov, b"mvex")
    header = _child(file, *extends, b"mehd") if extends is not None else None
    if header is None:
        return None
    file.seek(header[0])
    version = file.read(1)[0]
    file.seek(header[0] + 4)
    (duration,) = struct.unpack(">Q" if version == 1 else ">I", file.read(8 if version else 4))
    return float(duration / scale) if duration else None


# --- Matroska and WebM -----------------------------------------------------------------------


def _vint(file: BinaryIO, keep_marker: bool) -> tuple[int, int] | None:
    """A variable-length integer: its value and its length in bytes. An element's id keeps its
    length marker; a size does not, and all of its bits set means "unknown" (-1)."""
    first = file.read(1)
    if not first:
        return None
    byte = first[0]
    length = 1
    while length <= 8 and not byte & (0x80 >> (length - 1)):
        length += 1
    if length > 8:
        return None
    rest = file.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = byte if keep_marker else byte & (0xFF >> length)
    for more in rest:
        value = (value << 8) | more
    if not keep_marker and value == (1 << (7 * length)) - 1:
        return -1, length
    return value, length


def _element(file: BinaryIO) -> tuple[int, int, int] | None:
    """The next element's id, its content's start and its size (-1: unknown)."""
    element = _vint(file, keep_marker=True)
    size = _vint(file, keep_marker=False) if element is not None else None
    if element is None or size is None:
        return None
    return element[0], file.tell(), size[0]


def _matroska(file: BinaryIO) -> float | None:
    end = _size(file)
    header = _element(file)
    if header is None or header[0] != _EBML or header[2] < 0:
        return None
    file.seek(header[1] + header[2])
    segment = _element(file)
    if segment is None or segment[0] != _SEGMENT:
        return None
    at = segment[1]
    stop = end if segment[2] < 0 else min(end, segment[1] + segment[2])
    for _ in range(_MAX_STEPS):
        if at >= stop:
            return None
        file.seek(at)
        element = _element(file)
        if element is None:
            return None
        kind, content, size = element
        if kind == _INFO and size >= 0:
            return _info(file, content, min(stop, content + size))
        if kind == _CLUSTER or size < 0:
            return None  # the media begins (or runs to the end) before any Info
        at = content + size
    return None


def _info(file: BinaryIO, start: int, end: int) -> float | None:
    scale, duration = 1_000_000, None
    at = start
    for _ in range(_MAX_STEPS):
        if at >= end:
            break
        file.seek(at)
        element = _element(file)
        if element is None or element[2] < 0:
            break
        kind, content, size = element
        data = file.read(size) if size <= 8 else b""
        if kind == _TIMESTAMP_SCALE and 1 <= size <= 8:
            scale = int.from_bytes(data, "big")
        elif kind == _DURATION and size in (4, 8):
            duration = struct.unpack(">f" if size == 4 else ">d", data)[0]
        at = content + size
    if duration is None or scale <= 0:
        return None
    return float(duration * scale / 1e9)
