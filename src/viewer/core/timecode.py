"""Timestamps: parse every written form and resolve it to seconds.

The awkward part is the three-field value ``A:B:C``. Note generators write it in two
conventions, sometimes inside one note (see docs/FORMAT.md):

* true ``hours:minutes:seconds`` (``00:00:33``, ``01:00:57``);
* ``minutes:seconds:00`` for times under an hour (``02:43:00`` is 2 min 43 s).

A value whose last field is not ``00`` can only be hours, minutes, seconds. A value that ends
in ``00`` is ambiguous, and the note as a whole decides: a note that contains some ``00:B:C``
with ``C`` not ``00`` is written in true hours. Once the video's duration is known, a reading
past the end of the video gives way to the other reading if that one fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

_NUMBER = r"\d+(?:\.\d+)?"
_THREE_FIELDS = re.compile(rf"^(\d{{1,3}}):(\d{{1,2}}):({_NUMBER})$")
_TWO_FIELDS = re.compile(rf"^(\d{{1,4}}):({_NUMBER})$")
_SECONDS = re.compile(rf"^{_NUMBER}s?$")
_UNITS = re.compile(rf"^(?:({_NUMBER})h)?(?:({_NUMBER})m)?(?:({_NUMBER})s)?$")

#: Longest value accepted, in seconds (a week): anything longer is a typo or an attack.
MAX_SECONDS = 7 * 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Timecode:
    """One parsed value: its reading as written, and for ambiguous ``A:B:00`` the other one."""

    text: str
    seconds: float
    #: ``A`` minutes ``B`` seconds, for a three-field value ending in ``00``; else ``None``.
    minutes_reading: float | None = None

    @property
    def marks_true_hours(self) -> bool:
        """``00:B:C`` with ``C`` not ``00``: proof that the note is written in true hours."""
        return self.minutes_reading is None and _is_zero_hour_three_field(self.text)


def _is_zero_hour_three_field(text: str) -> bool:
    match = _THREE_FIELDS.match(text)
    return match is not None and int(match.group(1)) == 0 and float(match.group(3)) != 0


def _bounded(seconds: float) -> float | None:
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_SECONDS:
        return None
    return seconds


@lru_cache(maxsize=4096)  # a note's timestamps are parsed when found and again when rendered
def parse(text: str) -> Timecode | None:
    """Parse ``HH:MM:SS``, ``MM:SS``, plain seconds or ``1h2m3s``; ``None`` if it is none."""
    value = text.strip().lower()
    if not value or len(value) > 32:
        return None
    if match := _THREE_FIELDS.match(value):
        a, b, c = int(match.group(1)), int(match.group(2)), float(match.group(3))
        if b >= 60 or c >= 60:
            return None
        hms = _bounded(a * 3600 + b * 60 + c)
        if hms is None:
            return None
        # The minutes:seconds:00 reading only exists where the seconds field is zero.
        minutes = a * 60 + b if c == 0 and a < 60 else None
        return Timecode(value, hms, None if minutes is None else float(minutes))
    if match := _TWO_FIELDS.match(value):
        minutes, seconds = int(match.group(1)), float(match.group(2))
        if seconds >= 60:
            return None
        total = _bounded(minutes * 60 + seconds)
        return None if total is None else Timecode(value, total)
    if _SECONDS.match(value):
        total = _bounded(float(value.rstrip("s")))
        return None if total is None else Timecode(value, total)
    if (match := _UNITS.match(value)) and any(match.groups()):
        h, m, s = (float(group) if group else 0.0 for group in match.groups())
        total = _bounded(h * 3600 + m * 60 + s)
        return None if total is None else Timecode(value, total)
    return None


#: :func:`parse`'s answers while a folder is read (:func:`parse_remembered`).
_REMEMBERED: dict[str, Timecode | None] = {}
#: The most answers kept: a folder of 50,000 notes holds about 10,000 distinct times.
_REMEMBERED_MOST = 100_000


def parse_remembered(text: str) -> Timecode | None:
    """:func:`parse`, remembered until :func:`forget_remembered`: a folder read for its index
    holds more distinct times than that function's own cache keeps."""
    try:
        return _REMEMBERED[text]
    except KeyError:
        if len(_REMEMBERED) >= _REMEMBERED_MOST:
            _REMEMBERED.clear()
        value = _REMEMBERED[text] = parse(text)
        return value


def parse_all_remembered(texts: list[str]) -> list[Timecode | None]:
    """:func:`parse_remembered` of each of ``texts``; in one call where all were met before."""
    values = list(map(_REMEMBERED.get, texts))
    if None in values:
        values = [parse_remembered(text) for text in texts]
    return values


def forget_remembered() -> None:
    """Let go of what :func:`parse_remembered` kept (a folder's read is over)."""
    _REMEMBERED.clear()


def note_uses_true_hours(values: Iterable[Timecode]) -> bool:
    """Rule 2 of docs/FORMAT.md: does some ``00:B:C`` value with ``C`` not ``00`` occur?"""
    return any(value.marks_true_hours for value in values)


def resolve(value: Timecode, *, true_hours: bool, duration: float | None = None) -> float:
    """The seconds a parsed value stands for, under the note's convention.

    ``duration`` (seconds, once the player knows it) applies rule 3: a reading past the end of
    the video gives way to the other reading when that one fits.
    """
    if value.minutes_reading is None:
        return value.seconds
    preferred, other = (
        (value.seconds, value.minutes_reading)
        if true_hours
        else (value.minutes_reading, value.seconds)
    )
    if duration is not None and duration > 0 and preferred > duration >= other:
        return other
    return preferred


@dataclass(frozen=True, slots=True)
class Convention:
    """The note-level reading of its timestamps, decided once from all of them."""

    true_hours: bool

    @classmethod
    def of(cls, values: Iterable[Timecode]) -> Convention:
        return cls(note_uses_true_hours(values))

    def seconds(self, value: Timecode, duration: float | None = None) -> float:
        return resolve(value, true_hours=self.true_hours, duration=duration)


def format_seconds(seconds: float) -> str:
    """``163`` -> ``2:43``; ``3723.5`` -> ``1:02:03``: how the app shows a resolved time."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


_YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "music.youtube.com",
        "youtu.be",
        "www.youtube-nocookie.com",
        "youtube-nocookie.com",
    }
)
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def is_video_id(text: str) -> bool:
    return bool(_VIDEO_ID.match(text))


@dataclass(frozen=True, slots=True)
class YouTubeLink:
    video_id: str
    start: float | None


def parse_youtube_url(url: str) -> YouTubeLink | None:
    """Video id and start time of a YouTube watch, youtu.be, embed, shorts or live URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in _YOUTUBE_HOSTS:
        return None
    query = parse_qs(parts.query)
    segments = [segment for segment in parts.path.split("/") if segment]
    if host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        candidate = query.get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v", "e"):
        candidate = segments[1]
    else:
        return None
    if not is_video_id(candidate):
        return None
    fragment = parse_qs(parts.fragment)
    start = None
    for raw in (*query.get("t", []), *query.get("start", []), *fragment.get("t", [])):
        if (parsed := parse(raw)) is not None:
            start = parsed.seconds
            break
    return YouTubeLink(candidate, start)
