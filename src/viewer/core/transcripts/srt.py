"""Reading SubRip (``.srt``): numbered cues, ``00:01:02,500 --> 00:01:04,000``, text lines.

SubRip has no specification, so this reads what players accept: a comma or a point before
the milliseconds (one to three digits), any number of hours, a cue number or none, a blank
line or just the next cue's number and time between two cues. ``<i>``, ``<b>``, ``<u>``,
``<font …>`` and ``{\\an8}``-style codes are left out of the text. A cue whose time cannot be
read, or that ends before it starts, is skipped; text outside any cue is named too.
"""

from __future__ import annotations

import re

from viewer.core.transcripts.cues import Cue

_TIME = r"([0-9]{1,9}):([0-9]{1,2}):([0-9]{1,2})(?:[,.]([0-9]{1,3}))?"
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}")
_NUMBER = re.compile(r"\s*[0-9]+\s*")
# Tags are a letter after < (a < b stays), and position codes such as {\an8}.
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>|\{\\[^}\n]*\}")


def parse_srt(text: str) -> tuple[list[Cue], list[str], bool]:
    """The cues of a SubRip text (line feeds only) with their text made plain, the problems
    met, and whether any line had a ``-->`` at all (a file without one is not SubRip)."""
    lines = text.split("\n")
    arrows = [at for at, line in enumerate(lines) if "-->" in line]
    cues: list[Cue] = []
    problems: list[str] = []
    covered = 0  # lines before this belong to a cue, or were looked at
    for index, at in enumerate(arrows):
        _stray_text(lines, covered, _cue_start(lines, at, covered), problems)
        following = arrows[index + 1] if index + 1 < len(arrows) else len(lines)
        end = _cue_start(lines, following, at + 1) if following < len(lines) else following
        body = []
        for line in lines[at + 1 : end]:
            if not line.strip():
                break
            body.append(line)
        covered = at + 1 + len(body)
        match = _TIMING.match(lines[at])
        if match is None:
            shown = lines[at] if len(lines[at]) <= 60 else lines[at][:59] + "…"
            problems.append(
                f"Line {at + 1}: '{shown.strip()}' is not a cue time "
                "(hh:mm:ss,mmm --> hh:mm:ss,mmm); the cue is skipped."
            )
            continue
        groups = match.groups()
        start, end_time = _seconds(groups[:4]), _seconds(groups[4:])
        if start is None or end_time is None:
            problems.append(
                f"Line {at + 1}: a time on it has 60 minutes or seconds or more; "
                "the cue is skipped."
            )
            continue
        if end_time < start:
            problems.append(f"Line {at + 1}: the cue ends before it starts; it is skipped.")
            continue
        if plain := _plain("\n".join(body)):
            cues.append(Cue(start, end_time, plain))
    _stray_text(lines, covered, len(lines), problems)
    return cues, problems, bool(arrows)


def _cue_start(lines: list[str], arrow: int, floor: int) -> int:
    """Where the cue whose time is on line ``arrow`` starts: its number's line, if it has
    one just above (and not before ``floor``)."""
    if arrow - 1 >= floor and _NUMBER.fullmatch(lines[arrow - 1]):
        return arrow - 1
    return arrow


def _stray_text(lines: list[str], start: int, end: int, problems: list[str]) -> None:
    """Names each run of text between ``start`` and ``end`` that belongs to no cue."""
    at = start
    while at < end:
        if lines[at].strip():
            shown = lines[at].strip()
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            problems.append(
                f"Line {at + 1}: '{shown}' has no 'start --> end' time before it; skipped."
            )
            while at < end and lines[at].strip():
                at += 1
        at += 1


def _seconds(groups: tuple[str | None, ...]) -> float | None:
    hours, minutes, seconds = (int(group or 0) for group in groups[:3])
    millis = int((groups[3] or "0").ljust(3, "0"))  # ,5 is half a second
    if minutes > 59 or seconds > 59:
        return None
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _plain(text: str) -> str:
    if "<" in text or "{" in text:
        text = _TAG.sub("", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
