"""Which transcript files belong to a note, and which of them to show.

A local video's ``.vtt`` / ``.srt`` with the same stem; the file named by ``transcript:`` (or
``subtitles:``) in the front matter; for a YouTube note, any subtitle file of the folder whose
name holds ``[VIDEOID]`` (yt-dlp's ``%(title)s [%(id)s].%(lang)s.%(ext)s``) or starts with
``VIDEOID.``. The language is the part between the stem and the extension (``.en.vtt``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.folder import SUBTITLE_SUFFIXES
from viewer.core.paths import PathRefused, resolve_inside

if TYPE_CHECKING:  # the player reads subtitles without the note reader (and YAML) loaded
    from viewer.core.note import Note

SUFFIXES = SUBTITLE_SUFFIXES


@dataclass(frozen=True, slots=True, order=True)
class TranscriptFile:
    """A transcript file of a note: its path and its language (``None`` when the name has
    none)."""

    path: Path
    language: str | None = None


def is_transcript_file(name: str) -> bool:
    """Whether ``name`` is a subtitle file's name (``.vtt`` or ``.srt``, any case)."""
    return name.lower().endswith(SUFFIXES)


def transcript_files(
    note: Note, root: Path, folder_files: Iterable[str] = ()
) -> tuple[list[TranscriptFile], list[str]]:
    """The transcript files of ``note`` in the folder at ``root``, and why a named one is not
    used. ``folder_files`` are the folder's subtitle files (folder-relative, as
    :func:`viewer.core.folder.scan` lists them), searched for a YouTube note's id."""
    if note.video is not None and note.video.kind == "file":
        path, problems = subtitles_of(note, root)
        return ([TranscriptFile(path)] if path is not None else []), problems
    named = note.properties.get("transcript", note.properties.get("subtitles"))
    if named is not None:
        path, problems = find_subtitles(None, {"subtitles": named}, note.path.parent, root)
        return ([TranscriptFile(path)] if path is not None else []), problems
    if note.video is None or note.video.kind != "youtube":
        return [], []
    video_id = note.video.value
    found = [
        TranscriptFile(root / name)
        for name in folder_files
        if f"[{video_id}]" in name or Path(name).name.startswith(f"{video_id}.")
    ]
    return sorted(found), []


def choose_file(
    files: Sequence[TranscriptFile], languages: Sequence[str] = ()
) -> TranscriptFile | None:
    """The file to show: the first of ``languages`` (the reader's choice for the note, then
    the system's) that one has, else the first."""
    for language in languages:
        for file in files:
            if file.language == language:
                return file
    return files[0] if files else None


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


def subtitles_of(note: Note, root: Path) -> tuple[Path | None, list[str]]:
    """The subtitle file of ``note``'s local video (named in its front matter, or beside the
    video) in the folder at ``root``, and why a named one is not used."""
    if note.video is None or note.video.kind != "file":
        return None, []
    named = {"subtitles": note.properties["subtitles"]} if "subtitles" in note.properties else {}
    return find_subtitles(Path(note.video.value), named, note.path.parent, root)
