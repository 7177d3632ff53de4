"""Where a note's video comes from: a YouTube id, a local media file or a media URL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.timecode import is_video_id, parse_youtube_url

VideoKind = Literal["youtube", "file", "url"]


@dataclass(frozen=True, slots=True)
class VideoSource:
    kind: VideoKind
    #: The 11-character id (youtube), the absolute resolved path (file) or the URL (url).
    value: str

    @property
    def name(self) -> str:
        """What the reader calls the video: a file's name, else the URL or the YouTube id."""
        return Path(self.value).name if self.kind == "file" else self.value

    def watch_url(self, at: float | None = None) -> str | None:
        """The page to open in a browser for this video, at a time if given."""
        if self.kind == "youtube":
            time = f"&t={int(at)}s" if at else ""
            return f"https://www.youtube.com/watch?v={self.value}{time}"
        if self.kind == "url":
            return self.value
        return None


def youtube_id(video: VideoSource | None) -> str | None:
    """The YouTube id of a note's video; ``None`` for a file, a URL or no video."""
    return video.value if video is not None and video.kind == "youtube" else None


def video_from_front_matter(
    meta: dict[str, Any], note_folder: Path, root: Path
) -> tuple[VideoSource | None, list[str]]:
    """The video a note names, and why a named one is not used."""
    problems: list[str] = []
    if "videoId" in meta:
        value = meta["videoId"]
        # An id of eleven digits is a number to YAML; as text it is still the id.
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if isinstance(text, str) and is_video_id(text.strip()):
            return VideoSource("youtube", text.strip()), []
        shown = repr(value) if not isinstance(value, str) else f"'{value[:40]}'"
        problems.append(
            f"videoId {shown} is not a YouTube video id "
            "(11 letters, digits, '-' or '_'); "
            + ("the 'video' field is used instead." if "video" in meta else "no video is shown.")
        )
    value = meta.get("video")
    if value is None:
        return None, problems
    if not isinstance(value, str) or not value.strip():
        return None, [
            *problems,
            "'video' should be a YouTube link, a media URL or a file path; it is ignored.",
        ]
    video, video_problems = video_from_text(value.strip(), note_folder, root)
    return video, [*problems, *video_problems]


def video_from_text(
    text: str, note_folder: Path, root: Path
) -> tuple[VideoSource | None, list[str]]:
    if youtube := parse_youtube_url(text):
        return VideoSource("youtube", youtube.video_id), []
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:  # e.g. "http://[x": a bracket the URL parser cannot make sense of
        return None, [f"The video address '{text[:80]}' is not a valid address; it is ignored."]
    if scheme in ("http", "https"):
        return VideoSource("url", text), []
    if scheme and len(scheme) > 1:  # a one-letter "scheme" is a Windows drive letter
        return None, [f"The video address '{text[:80]}' is not http(s) or a file; it is ignored."]
    try:
        if text.startswith(("/", "\\")) or scheme:  # absolute, or a drive letter
            relative = text  # refused below, with the reason
        else:
            relative = (note_folder.relative_to(root) / text).as_posix()
        path = resolve_inside(root, relative)
    except (PathRefused, ValueError) as refused:
        return None, [f"The video file is refused: {refused}"]
    try:
        exists = path.is_file()
    except OSError:  # a name too long for the system, a link loop on the way
        exists = False
    if not exists:
        return None, [f"The video file '{text}' does not exist."]
    return VideoSource("file", str(path)), []
