"""A link to a moment of a note's video, to copy and paste elsewhere.

For YouTube it is the short watch link with its time (``https://youtu.be/ID?t=163``). For a
local file or a media URL there is no address a browser could open at a time, so it is a
timestamp anchor in the notes' own format, written in the note's own convention (see
docs/FORMAT.md), ready to paste into the note: ``<a class="yt-timestamp" data-t="02:43:00">``.
"""

from __future__ import annotations

from viewer.core.passages import read_body
from viewer.core.timecode import Convention
from viewer.core.video import VideoSource


def moment_link(video: VideoSource, seconds: float, body: str) -> str:
    """The link to ``seconds`` into ``video``, for a note whose Markdown is ``body``."""
    whole = max(0, int(seconds))
    if video.kind == "youtube":
        return f"https://youtu.be/{video.value}?t={whole}"
    return timestamp_anchor(whole, read_body(body).convention)


def timestamp_anchor(seconds: float, convention: Convention) -> str:
    """The timestamp anchor for ``seconds`` as a note of ``convention`` writes it (the seed's
    form: ``<a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a>``). Capture, "Copy as
    Markdown" and "Copy Link to Current Moment" all write anchors with this."""
    value = three_fields(max(0, int(seconds)), convention)
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def three_fields(seconds: int, convention: Convention) -> str:
    """``seconds`` as the note would write it, read back as the same time under its
    ``convention``.

    In true hours it is hours:minutes:seconds. In the generator's minutes:seconds:00 habit it
    is that, under an hour; past it, hours:minutes:seconds reads right only when the seconds
    are not ``00`` (``01:00:00`` is one minute there), so a whole minute past the hour is
    written as minutes:seconds (``60:00``), which has one reading only.
    """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if convention.true_hours or (hours and secs):
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if hours:
        return f"{hours * 60 + minutes}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}:00"
