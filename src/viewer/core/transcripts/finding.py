"""Which transcript files belong to a note, their languages, and which of them to show.

A note's transcripts are: the file named by ``transcript:`` (or the older ``subtitles:``) in
its front matter, for any note; for a local video, the ``.vtt`` / ``.srt`` files with the
video's stem (``talk.vtt``, ``talk.en.vtt``, ``talk.ja.srt``), and the same beside a YouTube
video's local copy (:mod:`viewer.core.local_copy`); for a YouTube note, the
subtitle files of the folder whose name holds ``[VIDEOID]`` as its last bracketed
11-character id (yt-dlp's ``%(title)s [%(id)s].%(lang)s.%(ext)s``) or, without one, starts
with ``VIDEOID.``. The language is the part between the stem and the extension (``.en.vtt``,
``.en-orig.vtt``, ``.pt-BR.srt``); a name without one has none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.folder import SUBTITLE_SUFFIXES
from viewer.core.paths import PathRefused, is_inside, resolve_inside

if TYPE_CHECKING:  # the player reads subtitles without the note reader (and YAML) loaded
    from viewer.core.note import Note

SUFFIXES = SUBTITLE_SUFFIXES

#: A language tag as file names carry it: ``en``, ``ja``, ``en-orig``, ``pt-BR``, ``zh-Hans``.
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_BRACKETED_ID = re.compile(r"\[([A-Za-z0-9_-]{11})\]")
_LEADING_ID = re.compile(r"([A-Za-z0-9_-]{11})\.")
#: The language chosen when none of the reader's is there.
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True, slots=True, order=True)
class TranscriptFile:
    """A transcript file of a note: its path and its language (``None`` when the name has
    none)."""

    path: Path
    language: str | None = None


def is_transcript_file(name: str) -> bool:
    """Whether ``name`` is a subtitle file's name (``.vtt`` or ``.srt``, any case)."""
    return name.lower().endswith(SUFFIXES)


def _stem_and_language(name: str) -> tuple[str, str | None]:
    """``Talk [id].en.vtt`` -> ``("Talk [id]", "en")``; ``talk.vtt`` -> ``("talk", None)``."""
    base = name[: name.rfind(".")] if "." in name else name
    stem, dot, last = base.rpartition(".")
    if dot and stem and _LANGUAGE.fullmatch(last):
        return stem, last
    return base, None


def language_of(name: str) -> str | None:
    """The language a subtitle file's name gives: ``Talk [id].en.vtt`` -> ``en``,
    ``talk.en-orig.vtt`` -> ``en-orig``, ``talk.vtt`` -> ``None``."""
    return _stem_and_language(Path(name).name)[1]


def video_id_of(name: str) -> str | None:
    """The YouTube id a subtitle file is named for: the last bracketed 11-character id
    (``Title [dQw4w9WgXcQ].en.vtt``), else one the name starts with (``dQw4w9WgXcQ.en.vtt``);
    ``None`` for any other name."""
    name = Path(name).name
    ids = _BRACKETED_ID.findall(name)
    if ids:
        return str(ids[-1])
    leading = _LEADING_ID.match(name)
    return leading.group(1) if leading is not None else None


def _is_for_video(name: str, video_id: str) -> bool:
    # Most names do not hold the id at all: that is found quickly.
    return video_id in name and video_id_of(name) == video_id


def transcript_files(
    note: Note, root: Path, folder_files: Iterable[str] = ()
) -> tuple[list[TranscriptFile], list[str]]:
    """Every transcript file of ``note`` in the folder at ``root`` (sorted, each once, with
    its language), and why a named one is not used. ``folder_files`` are the folder's
    subtitle files (folder-relative, as :func:`viewer.core.folder.scan` lists them and
    :attr:`viewer.core.folder.NotesFolder.subtitle_files` keeps them), searched for a
    YouTube note's id."""
    found: dict[str, TranscriptFile] = {}
    problems: list[str] = []

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in found:
            found[key] = TranscriptFile(path, language_of(path.name))

    for key in ("transcript", "subtitles"):
        if key in note.properties:
            path, why = _named_file(key, note.properties[key], note.path.parent, root)
            problems.extend(why)
            if path is not None:
                add(path)
    if note.video is not None and note.video.kind == "file":
        for path in _beside(Path(note.video.value), root):
            add(path)
    if note.local_copy is not None:  # a YouTube video's local copy: the files with its name
        for path in _beside(Path(note.local_copy.source.value), root):
            add(path)
    if note.video is not None and note.video.kind == "youtube":
        for name in folder_files:
            if _is_for_video(name, note.video.value):
                add(root / name)
    return sorted(found.values()), problems


def _beside(video: Path, root: Path) -> list[Path]:
    """The subtitle files with the stem of a local video, in its folder: ``talk.vtt``,
    ``talk.en.vtt``, ``talk.ja.srt`` for ``talk.mp4``."""
    try:
        with os.scandir(video.parent) as listing:
            names = [entry.name for entry in listing if is_transcript_file(entry.name)]
    except OSError:
        return []
    real_root = os.path.realpath(root)
    beside = []
    for name in names:
        if _stem_and_language(name)[0] != video.stem:
            continue
        path = video.parent / name
        if _is_file(path) and is_inside(os.path.realpath(path), real_root):
            beside.append(path)
    return beside


def system_languages(environ: Mapping[str, str] | None = None) -> list[str]:
    """The reader's languages from the environment, most wanted first, as base languages:
    ``LANGUAGE`` (a list, ``ja:en``), then ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``;
    ``ja_JP.UTF-8`` -> ``ja``. ``C`` and ``POSIX`` name no language."""
    environ = os.environ if environ is None else environ
    languages: list[str] = []
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in environ.get(variable, "").split(":"):
            code = value.split(".")[0].split("@")[0].strip()
            if not code or code in ("C", "POSIX"):
                continue
            base = _base(code)
            if base and base not in languages:
                languages.append(base)
    return languages


def _base(language: str) -> str:
    """``en-US`` -> ``en``; ``pt_BR`` -> ``pt``."""
    return language.replace("_", "-").split("-")[0].lower()


def choose_file(
    files: Sequence[TranscriptFile], languages: Sequence[str] = ()
) -> TranscriptFile | None:
    """The file to show: for each of ``languages`` in turn (the reader's choice for the
    note, then the system's), one in that language, else one in its base language (``en``
    takes ``en`` first, then ``en-orig`` or ``en-US``); then English; then the first."""
    for language in (*languages, FALLBACK_LANGUAGE):
        if (file := _in_language(files, language)) is not None:
            return file
    return files[0] if files else None


def _in_language(files: Sequence[TranscriptFile], language: str) -> TranscriptFile | None:
    wanted = language.replace("_", "-").lower()
    base = _base(language)
    same_base = []
    for file in files:
        if file.language is None:
            continue
        theirs = file.language.replace("_", "-").lower()
        if theirs == wanted:
            return file
        if _base(theirs) == base:
            same_base.append(file)
    # The plain base language before its variants (``en`` before ``en-orig``).
    same_base.sort(key=lambda file: (file.language or "").lower() != base)
    return same_base[0] if same_base else None


def find_subtitles(
    video: Path | None, meta: Mapping[str, Any], note_folder: Path, root: Path
) -> tuple[Path | None, list[str]]:
    """The subtitle file for a note's video, and why a named one is not used.

    ``subtitles`` in the front matter names a file relative to the note (inside ``root``,
    refused like a video path otherwise); without it, a ``.vtt`` or ``.srt`` file beside a
    local ``video`` with the same stem is used.
    """
    if meta.get("subtitles") is not None:
        return _named_file("subtitles", meta["subtitles"], note_folder, root)
    if video is None:
        return None, []
    for suffix in (*SUFFIXES, *(suffix.upper() for suffix in SUFFIXES)):
        beside = video.with_suffix(suffix)
        if _is_file(beside):
            return beside, []
    return None, []


def _named_file(
    key: str, named: Any, note_folder: Path, root: Path
) -> tuple[Path | None, list[str]]:
    """The file the front matter's ``key`` names, relative to the note and inside ``root``,
    and why it is not used."""
    if not isinstance(named, str) or not named.strip():
        return None, [f"'{key}' should be the path of a .vtt or .srt file; it is ignored."]
    named = named.strip()
    try:
        relative = (note_folder.relative_to(root) / named).as_posix()
        if named.startswith(("/", "\\")):
            relative = named
        path = resolve_inside(root, relative)
    except (PathRefused, ValueError) as refused:
        return None, [f"The subtitle file is refused: {refused}"]
    if path.suffix.lower() not in SUFFIXES:
        return None, [f"The subtitle file '{named}' is not a .vtt or .srt file."]
    if not _is_file(path):
        return None, [f"The subtitle file '{named}' does not exist."]
    return path, []


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
