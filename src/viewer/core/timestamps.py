"""What a timestamp is: a ``yt-timestamp`` anchor, or a link to the note's own video.

A note's timestamps are found where its passages are read (:mod:`viewer.core.passages`), and
resolved once for the note (:mod:`viewer.core.timeline`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from viewer.core.timecode import Timecode, parse, parse_youtube_url

#: An ``<a …>label</a>`` element; its attributes are read by :data:`ATTRIBUTE`.
ANCHOR = re.compile(r"<a\b(?P<attrs>[^<>]{0,2000})>(?P<label>[^<]{0,200})</a\s*>", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"""(?P<name>[\w:-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'=<>`]+))"""
)


def attributes(text: str) -> dict[str, str]:
    return {
        match.group("name").lower(): html.unescape(
            match.group("dq") or match.group("sq") or match.group("bare") or ""
        )
        for match in ATTRIBUTE.finditer(text)
    }


@dataclass(frozen=True, slots=True)
class TimestampAnchor:
    """A ``yt-timestamp`` anchor: the ``data-t`` value (the truth) and its written label."""

    value: Timecode | None
    data_t: str
    label: str


def anchor_timestamp(attrs: dict[str, str], label: str) -> TimestampAnchor | None:
    """The timestamp an anchor's attributes describe, if it is a ``yt-timestamp`` anchor."""
    if "yt-timestamp" not in attrs.get("class", "").split():
        return None
    data_t = attrs.get("data-t", "").strip()
    written = html.unescape(label).strip().strip("[]").strip()
    return TimestampAnchor(parse(data_t) or parse(written), data_t or written, written)


@dataclass(frozen=True, slots=True)
class FoundTimestamp:
    label: str
    value: Timecode


def own_video_start(url: str, video_id: str) -> FoundTimestamp | None:
    """A YouTube link to ``video_id`` with a start time, as a timestamp."""
    link = parse_youtube_url(url)
    if link is None or link.video_id != video_id or link.start is None:
        return None
    label = f"{link.start:g}"
    return FoundTimestamp(label, Timecode(label, link.start))
