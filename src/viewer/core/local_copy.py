"""A note's local copy beside its YouTube video: which file it is, which of the two plays, and
whether the two are the same length.

A note may name both a YouTube video (``videoId``) and a file (``video: media/talk.mp4``):
the file is then the video's local copy. YouTube plays; the copy plays when YouTube cannot
(offline, embedding refused, the video removed) or when the reader chooses it. Both are the
same video, so the note's timestamps, marks and resume times hold in either.

Whether the copy is the same length as the video is for ``viewer check`` to say. The YouTube
video's length is not known without a network, so the check compares what the folder holds:
the copy's length (read from its file) against the note's ``duration`` when it has one, and
else against its last timestamp, which a copy cut short ends before.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from viewer.core.timecode import format_seconds, is_video_id, parse
from viewer.core.video import VideoSource, video_from_text

#: How far apart the copy's length and the video's may be before the check says so: a copy
#: downloaded whole differs by a fraction of a second, one cut or re-edited by more.
TOLERANCE_S = 3.0

#: Which of a note's two videos plays.
Which = Literal["youtube", "copy"]

#: Why the copy plays instead, by the failure the YouTube player reported
#: (:class:`viewer.app.player.base.Failure` values).
_WHY = {
    "offline": "YouTube can't be reached",
    "embed-blocked": "YouTube doesn't allow this video to play here",
    "identity": "YouTube refused to play this video here",
    "not-found": "YouTube no longer has this video",
}
_WHY_ELSE = "YouTube can't play this video here"


@dataclass(frozen=True, slots=True)
class LocalCopy:
    """The file a note names as its YouTube video's copy."""

    #: The file (kind ``file``, its absolute resolved path).
    source: VideoSource
    #: The path as the note writes it: what the reader is told (``media/talk.mp4``).
    written: str
    #: The video's length in seconds as the note's ``duration`` gives it, if it does.
    duration: float | None = None


def local_copy_from_front_matter(
    meta: dict[str, Any], note_folder: Path, root: Path
) -> tuple[LocalCopy | None, list[tuple[str, str]]]:
    """The local copy a note names beside a valid ``videoId``, and what is wrong with it: each
    problem as the field it is on and a sentence (a copy that cannot be used, a ``duration``
    that is not a length).

    Without a valid ``videoId``, ``video`` is the note's video itself, not a copy: nothing is
    read here. A YouTube link in ``video`` to the same video is the id said twice, and a media
    URL is not a copy (the id comes first, as it always did): neither is a problem.
    """
    if not _has_video_id(meta) or "video" not in meta:
        return None, []
    value = meta["video"]
    if not isinstance(value, str) or not value.strip():
        return None, [
            ("video", "'video' beside a videoId should be the path of a local copy; it is ignored.")
        ]
    text = value.strip()
    video, problems = video_from_text(text, note_folder, root)
    if problems:
        why = f"{problems[0].rstrip('.')}; the YouTube video plays without a local copy."
        return None, [("video", why)]
    assert video is not None
    if video.kind == "youtube":
        video_id = str(meta["videoId"]).strip()
        if video.value == video_id:
            return None, []
        return None, [
            (
                "video",
                f"'video' names another YouTube video ({video.value}) than videoId "
                f"({video_id}); the videoId is played.",
            )
        ]
    if video.kind == "url":
        return None, []  # an address beside the id: ignored, as it always was
    duration, unread = duration_of(meta)
    return LocalCopy(video, text, duration), [("duration", unread)] if unread else []


def _has_video_id(meta: dict[str, Any]) -> bool:
    value = meta.get("videoId")
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return isinstance(text, str) and is_video_id(text.strip())


def duration_of(meta: dict[str, Any]) -> tuple[float | None, str | None]:
    """The note's ``duration`` in seconds (``2533``, ``42:13``, ``1:02:33``, ``PT42M13S``),
    and why it cannot be read when it is there but is not a length."""
    if "duration" not in meta or meta["duration"] is None:
        return None, None
    value = meta["duration"]
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # YAML reads 42:13 as the number 2533 (base 60): a length in seconds either way.
        seconds = float(value) if math.isfinite(value) and value > 0 else None
    elif isinstance(value, str):
        text = value.strip().lower()
        text = text[2:] if text.startswith("pt") else text  # ISO 8601, as YouTube's API gives
        timecode = parse(text)
        seconds = timecode.seconds if timecode is not None and timecode.seconds > 0 else None
    if seconds is None:
        # A list or a mapping is not shown: made of YAML aliases, it may be huge as text.
        shown = f" ({str(value)[:40]})" if isinstance(value, str | int | float) else ""
        return None, (
            f"'duration'{shown} is not a length such as 42:13 or 2533 (seconds); "
            "the local copy's length is not compared with it."
        )
    return seconds, None


def which_plays(copy_chosen: bool, youtube_failure: str | None) -> Which:
    """The copy when the reader chose it or YouTube failed (for any reason: each means the
    video does not play from YouTube here); else YouTube."""
    return "copy" if copy_chosen or youtube_failure is not None else "youtube"


def fallback_notice(failure: str, copy: LocalCopy) -> str:
    """What the video pane says when the copy plays because YouTube failed:
    "YouTube can't be reached — playing the local copy media/talk.mp4"."""
    return f"{_WHY.get(failure, _WHY_ELSE)} — playing the local copy {copy.written}"


def length_problems(
    copy: LocalCopy, copy_length: float | None, last_timestamp: float | None
) -> list[str]:
    """What the check says about the copy's length (``copy_length`` seconds, None when its file
    does not say): against the note's ``duration`` if it has one, else against its last
    timestamp (``last_timestamp`` seconds, None for a note without any)."""
    if copy_length is None:
        return []
    length = format_seconds(copy_length)
    if copy.duration is not None:
        apart = abs(copy_length - copy.duration)
        if apart <= TOLERANCE_S:
            return []
        return [
            f"The local copy {copy.written} is {length} long, the video "
            f"{format_seconds(copy.duration)} (its duration): {apart:.0f} s apart, so the "
            "note's times may land elsewhere in the copy."
        ]
    if last_timestamp is not None and last_timestamp > copy_length + TOLERANCE_S:
        return [
            f"The note's last timestamp, {format_seconds(last_timestamp)}, is past the end of "
            f"the local copy {copy.written} ({length}): the copy may be cut short, or of "
            "another cut of the video."
        ]
    return []
