"""Reading a subtitle or transcript file (WebVTT, SubRip) into a :class:`Transcript`.

A subtitle file is whatever a person downloaded or typed, so nothing here raises on bad
input: a cue that cannot be read is skipped and named in ``problems``, and the rest is shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from viewer.core.transcripts.cues import Cue, Transcript

#: Larger than any real subtitle file (a three-hour film is about 200 KB); refused above.
MAX_BYTES = 5_000_000
#: Problems listed one by one; past this, one line counts the rest.
MAX_PROBLEMS = 10

_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]?\d)(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
# Markup inside a cue: <i>, <b>, <v Speaker>, <c.class>, inline <00:01.000> times; and SubRip's
# {\an8}-style position codes, which some editors write.
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")


def parse_transcript(text: str) -> Transcript:
    """The cues of a WebVTT or SubRip text, in time order, and what could not be read.

    Both formats are read by one loop: blocks separated by blank lines, each with a
    ``start --> end`` line; SubRip's comma before the milliseconds is accepted in WebVTT too.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    problems: list[str] = []
    cues: list[Cue] = []
    is_vtt = bool(lines) and lines[0].startswith("WEBVTT")
    index = 0
    while is_vtt and index < len(lines) and lines[index].strip():  # the header block
        index += 1
    body = index
    while index < len(lines):
        while index < len(lines) and not lines[index].strip():
            index += 1
        block_start = index
        while index < len(lines) and lines[index].strip():
            index += 1
        block = lines[block_start:index]
        if not block:
            break
        if is_vtt and block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((n for n, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            problems.append(
                f"Line {block_start + 1}: '{block[0][:60]}' has no 'start --> end' time; skipped."
            )
            continue
        match = _TIMING.match(block[timing_at])
        if not match:
            problems.append(
                f"Line {block_start + timing_at + 1}: '{block[timing_at][:60]}' is not a "
                "cue time (hh:mm:ss.mmm --> hh:mm:ss.mmm); skipped."
            )
            continue
        start, end = _seconds(match.groups()[:4]), _seconds(match.groups()[4:])
        if end <= start:
            problems.append(
                f"Line {block_start + timing_at + 1}: the cue ends before it starts; skipped."
            )
            continue
        words = [_plain(line) for line in block[timing_at + 1 :]]
        cues.append(Cue(start, end, "\n".join(word for word in words if word)))
    if not cues and not problems and any(line.strip() for line in lines[body:]):
        problems.append("No cue in this file could be read.")
    cues.sort(key=lambda cue: cue.start)
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], f"… and {more} more cues that could not be read."]
    return Transcript(tuple(cues), tuple(problems))


def read_transcript(path: Path, language: str | None = None) -> Transcript:
    """The cues of the subtitle file at ``path`` (in ``language``, if known); a file that
    cannot be read gives a problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Transcript(
                problems=(f"The subtitle file '{path.name}' is too large ({size:,} bytes).",)
            )
        data = path.read_bytes()
    except OSError as error:
        return Transcript(
            problems=(f"The subtitle file '{path.name}' cannot be read: {error.strerror}.",)
        )
    if b"\x00" in data[:4096]:
        return Transcript(problems=(f"'{path.name}' is not a text file.",))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older SubRip files are often Windows-1252; cp1252 leaves five bytes undefined.
        text = data.decode("cp1252", errors="replace")
    read = parse_transcript(text)
    return Transcript(read.cues, read.problems, path, language)


def _seconds(groups: Sequence[str | None]) -> float:
    hours, minutes, seconds, fraction = groups
    millis = int((fraction or "0").ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0) + millis / 1000


def _plain(line: str) -> str:
    return html.unescape(_TAG.sub("", line)).strip()
