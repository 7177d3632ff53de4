"""Finding a note's timestamps: ``yt-timestamp`` anchors and links to its own video."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from viewer.core.text import without_code
from viewer.core.timecode import Convention, Timecode, parse, parse_youtube_url

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


def find_timestamps(body: str, video_id: str | None = None) -> list[FoundTimestamp]:
    """Timestamps in document order: anchors, and ``t=`` links to the note's own video.

    Those written as code are shown as code, so they are left out.
    """
    body = without_code(body)
    found: list[tuple[int, FoundTimestamp]] = []
    for match in ANCHOR.finditer(body):
        attrs = attributes(match.group("attrs"))
        if anchor := anchor_timestamp(attrs, match.group("label")):
            if anchor.value is not None:
                found.append((match.start(), FoundTimestamp(anchor.data_t, anchor.value)))
        elif video_id and (seek := own_video_start(attrs.get("href", ""), video_id)):
            found.append((match.start(), seek))
    if video_id:
        for match in MARKDOWN_LINK.finditer(body):
            if seek := own_video_start(match.group("url"), video_id):
                found.append((match.start(), seek))
    return [timestamp for _, timestamp in sorted(found, key=lambda pair: pair[0])]


def own_video_start(url: str, video_id: str) -> FoundTimestamp | None:
    """A YouTube link to ``video_id`` with a start time, as a timestamp."""
    link = parse_youtube_url(url)
    if link is None or link.video_id != video_id or link.start is None:
        return None
    label = f"{link.start:g}"
    return FoundTimestamp(label, Timecode(label, link.start))


MARKDOWN_LINK = re.compile(r"\]\(\s*<?(?P<url>https?://[^\s)>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def duration_changes_any(body: str, video_id: str | None, duration: float) -> bool:
    """Whether knowing the video's length changes the reading of any of the note's timestamps
    (docs/FORMAT.md rule 3: a reading past the end gives way to the other one)."""
    found = find_timestamps(body, video_id)
    convention = Convention.of(timestamp.value for timestamp in found)
    return any(
        convention.seconds(timestamp.value) != convention.seconds(timestamp.value, duration)
        for timestamp in found
    )
