"""Subtitles for a local video: finding the file, and reading WebVTT and SubRip cues.

A subtitle file is whatever a person downloaded or typed, so nothing here raises on bad
input: a cue that cannot be read is skipped and named in ``problems``, and the rest is shown.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.paths import PathRefused, resolve_inside

if TYPE_CHECKING:  # the player reads subtitles without the note reader (and YAML) loaded
    from viewer.core.note import Note

SUFFIXES = (".vtt", ".srt")
#: Larger than any real subtitle file (a three-hour film is about 200 KB); refused above.
MAX_BYTES = 5_000_000
#: Problems listed one by one; past this, one line counts the rest.
MAX_PROBLEMS = 10

_TIME = r"(?:(\d+):)?([0-5]?\d):([0-5]?\d)(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s.*)?$")
# Markup inside a cue: <i>, <b>, <v Speaker>, <c.class>, inline <00:01.000> times; and SubRip's
# {\an8}-style position codes, which some editors write.
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(frozen=True, slots=True)
class Subtitles:
    cues: tuple[Cue, ...] = ()
    problems: tuple[str, ...] = ()
    _starts: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(cue.start for cue in self.cues))

    def at(self, seconds: float) -> Cue | None:
        """The cue shown at ``seconds`` (the latest to start, if several overlap)."""
        index = bisect.bisect_right(self._starts, seconds)
        for cue in reversed(self.cues[max(0, index - 8) : index]):
            if cue.start <= seconds < cue.end:
                return cue
        return None


def parse_subtitles(text: str) -> Subtitles:
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
    return Subtitles(tuple(cues), tuple(problems))


def read_subtitles(path: Path) -> Subtitles:
    """The cues of the subtitle file at ``path``; a file that cannot be read gives a problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Subtitles(
                problems=(f"The subtitle file '{path.name}' is too large ({size:,} bytes).",)
            )
        data = path.read_bytes()
    except OSError as error:
        return Subtitles(
            problems=(f"The subtitle file '{path.name}' cannot be read: {error.strerror}.",)
        )
    if b"\x00" in data[:4096]:
        return Subtitles(problems=(f"'{path.name}' is not a text file.",))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older SubRip files are often Windows-1252; cp1252 leaves five bytes undefined.
        text = data.decode("cp1252", errors="replace")
    return parse_subtitles(text)


def find_subtitles(
    video: Path | None, meta: Mapping[str, Any], note_folder: Path, root: Path
) -> tuple[Path | None, list[str]]:
    """The subtitle file for a note's video, and why a named one is not used.

    ``subtitles:`` in the front matter names a file relative to the note (inside ``root``,
    refused like a video path otherwise); without it, a ``.vtt`` or ``.srt`` file beside a
    local ``video`` with the same stem is used.
    """
    named = meta.get("subtitles")
    if named is not None:
        if not isinstance(named, str) or not named.strip():
            return None, ["'subtitles' should be the path of a .vtt or .srt file; it is ignored."]
        try:
            relative = (note_folder.relative_to(root) / named.strip()).as_posix()
            if named.strip().startswith(("/", "\\")):
                relative = named.strip()
            path = resolve_inside(root, relative)
        except (PathRefused, ValueError) as refused:
            return None, [f"The subtitle file is refused: {refused}"]
        if path.suffix.lower() not in SUFFIXES:
            return None, [f"The subtitle file '{named.strip()}' is not a .vtt or .srt file."]
        if not _is_file(path):
            return None, [f"The subtitle file '{named.strip()}' does not exist."]
        return path, []
    if video is None:
        return None, []
    for suffix in (*SUFFIXES, *(suffix.upper() for suffix in SUFFIXES)):
        beside = video.with_suffix(suffix)
        if _is_file(beside):
            return beside, []
    return None, []


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _seconds(groups: Sequence[str | None]) -> float:
    hours, minutes, seconds, fraction = groups
    millis = int((fraction or "0").ljust(3, "0"))
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0) + millis / 1000


def _plain(line: str) -> str:
    return html.unescape(_TAG.sub("", line)).strip()


def subtitles_of(note: Note, root: Path) -> tuple[Path | None, list[str]]:
    """The subtitle file of ``note``'s local video (named in its front matter, or beside the
    video) in the folder at ``root``, and why a named one is not used."""
    if note.video is None or note.video.kind != "file":
        return None, []
    named = {"subtitles": note.properties["subtitles"]} if "subtitles" in note.properties else {}
    return find_subtitles(Path(note.video.value), named, note.path.parent, root)
