"""Time ranges in links: W3C media fragments (``#t=90,120``) and YouTube's ``?t=90&end=120``.

A note may link to a stretch of its video rather than a moment: a link to the video's file
or URL with a media fragment (``media/talk.mp4#t=90,120``), a link to the fragment alone
(``#t=90,120``, the note's own video), or a YouTube link with an end (``?t=90&end=120``,
``?start=90&end=120``). The note pane plays that stretch once: from its start, pausing at its
end (as a browser does with a media fragment). A start without an end is a plain seek.

Times are those of the W3C Media Fragments URI 1.0 "npt" form (``90``, ``90.5``, ``1:30``,
``0:01:30``, an optional ``npt:`` prefix; an empty start is 0: ``t=,120``) and, for YouTube,
what its own links write (``90``, ``1m30s``). Three fields are hours, minutes, seconds, never
the notes' ``minutes:seconds:00`` habit: these are URLs, written by players, not by the note
generator. A range that ends at or before its start is no range.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from viewer.core.timecode import parse, parse_youtube_url


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A stretch of a video: from ``start`` to ``end`` seconds (``None``: to its end)."""

    start: float
    end: float | None = None


def _seconds(text: str) -> float | None:
    found = parse(text)
    return found.seconds if found is not None else None


def media_fragment(fragment: str) -> TimeRange | None:
    """The time range of a media fragment (the part of a URL after ``#``), if it names one.

    ``t=90,120``, ``t=npt:1:30,2:00``, ``t=,120`` (from the start), ``t=90`` (from 90 s on);
    other dimensions (``xywh=…``) are ignored; a malformed or empty range gives ``None``.
    """
    for part in fragment.lstrip("#").split("&"):
        name, equals, value = part.partition("=")
        if name.strip() != "t" or not equals:
            continue
        value = value.strip()
        if value.startswith("npt:"):
            value = value[4:]
        first, comma, second = value.partition(",")
        if not first.strip() and not comma:
            return None  # ``t=``: no time at all
        start = _seconds(first) if first.strip() else 0.0
        end = _seconds(second) if comma else None
        if start is None or (comma and end is None):
            return None
        if end is not None and end <= start:
            return None
        return TimeRange(start, end)
    return None


def youtube_range(url: str) -> tuple[str, TimeRange] | None:
    """The video id and time range of a YouTube link with a start (``t``, ``start`` or a
    ``#t=`` fragment) and maybe an ``end``; ``None`` for any other link, or one without a
    start and without an end."""
    link = parse_youtube_url(url)
    if link is None:
        return None
    try:
        query = parse_qs(urlsplit(url.strip()).query)
    except ValueError:
        return None
    end = next(
        (seconds for raw in query.get("end", []) if (seconds := _seconds(raw)) is not None),
        None,
    )
    start = link.start
    if start is None and end is None:
        return None
    start = start or 0.0
    if end is not None and end <= start:
        end = None  # an end before the start: the link still plays from its start
    return link.video_id, TimeRange(start, end)


def without_fragment(url: str) -> str:
    """``url`` without its ``#…`` part."""
    return url.partition("#")[0]
