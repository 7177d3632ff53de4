"""``viewer check``: a report on a notes folder, for people who generate notes.

The report is plain values (:class:`Report`, :class:`NoteReport`); :func:`report_json` is the
one place that gives them the ``--json`` shape, :func:`report_text` the readable one. Besides
what the app says about each note, the check reads every transcript file of a note (see
:mod:`viewer.core.transcripts`) and says what in it cannot be read, and names the subtitle
files of the folder that are named for a YouTube video no note has, and whether a note's local
copy is as long as its video (:mod:`viewer.core.local_copy`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.core.folder import NotesFolder
from viewer.core.local_copy import LocalCopy, length_problems
from viewer.core.media_length import media_length
from viewer.core.note import Note
from viewer.core.problems import Kind, Problem
from viewer.core.render import NoteRenderer, RenderedTimestamp
from viewer.core.timecode import format_seconds
from viewer.core.transcripts import (
    Transcript,
    TranscriptFile,
    read_transcript,
    transcript_files,
    video_id_of,
)
from viewer.core.video import VideoSource


@dataclass(frozen=True, slots=True)
class CheckedLink:
    target: str
    #: The note it leads to, folder-relative; ``None`` for a link to a missing note.
    path: str | None


@dataclass(frozen=True, slots=True)
class NoteReport:
    path: str
    title: str
    video: VideoSource | None
    timestamps: tuple[RenderedTimestamp, ...]
    links: tuple[CheckedLink, ...]
    problems: tuple[Problem, ...]
    #: The note's transcript files, each with its language.
    transcripts: tuple[TranscriptFile, ...] = ()
    #: The local copy beside its YouTube video, and the copy's length (None: not known).
    local_copy: LocalCopy | None = None
    copy_length: float | None = None


@dataclass(frozen=True, slots=True)
class Report:
    folder: Path
    notes: tuple[NoteReport, ...]
    #: Problems of the folder itself (unreadable sub-folders, links leading out, link loops):
    #: they belong to no note, so the JSON shape has no place for them; the command prints
    #: them on stderr, and they count as errors for the exit status.
    folder_problems: tuple[str, ...] = ()
    #: Slips of the folder that belong to no note (a subtitle file named for a video no note
    #: has): printed as the folder's problems are, and counted as warnings.
    folder_warnings: tuple[str, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [problem for note in self.notes for problem in note.problems]

    @property
    def errors(self) -> int:
        return sum(problem.is_error for problem in self.problems) + len(self.folder_problems)

    @property
    def warnings(self) -> int:
        return sum(not problem.is_error for problem in self.problems) + len(self.folder_warnings)

    def exit_status(self, strict: bool = False) -> int:
        """0 when nothing is wrong, or only warnings are and ``strict`` is off; else 1."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def with_problems_only(self) -> Report:
        noted = tuple(note for note in self.notes if note.problems)
        return Report(self.folder, noted, self.folder_problems, self.folder_warnings)


def check_folder(root: Path, only: str | None = None) -> Report:
    """Read every note of ``root`` as the app would, and collect what is wrong.

    ``only`` (a folder-relative path) checks that one note, its links still resolved
    against the whole folder; the folder's own slips are left out then.
    """
    folder = NotesFolder.open(root)
    renderer = NoteRenderer()
    transcripts = _Transcripts(folder)
    notes = []
    for entry in folder:
        if only is not None and entry.path != only:
            continue
        note = folder.load(entry.path)
        rendered = renderer.render(note, entry.path, folder.resolve)
        files, problems = transcripts.of(note)
        copy = note.local_copy
        length = media_length(Path(copy.source.value)) if copy is not None else None
        if copy is not None:
            last = max((stamp.seconds for stamp in rendered.timestamps), default=None)
            problems += [
                Problem(Kind.LOCAL_COPY, message) for message in length_problems(copy, length, last)
            ]
        notes.append(
            NoteReport(
                path=entry.path,
                title=note.title,
                video=note.video,
                timestamps=tuple(rendered.timestamps),
                links=tuple(CheckedLink(link.target, link.path) for link in rendered.links),
                problems=(*rendered.problems, *problems),
                transcripts=tuple(files),
                local_copy=copy,
                copy_length=length,
            )
        )
    warnings = () if only is not None else tuple(transcripts.unclaimed())
    return Report(folder.root, tuple(notes), tuple(folder.problems), warnings)


class _Transcripts:
    """The notes' transcript files as the check meets them: each read once, and which of the
    folder's subtitle files some note has."""

    def __init__(self, folder: NotesFolder) -> None:
        self.folder = folder
        self.read: dict[Path, Transcript] = {}
        self.claimed: set[str] = set()
        self.video_ids: set[str] = set()
        # The subtitle files by the YouTube id they are named for: a note looks at its own.
        self.named_for: dict[str, list[str]] = {}
        for name in folder.subtitle_files:
            if (video_id := video_id_of(name)) is not None:
                self.named_for.setdefault(video_id, []).append(name)

    def of(self, note: Note) -> tuple[list[TranscriptFile], list[Problem]]:
        """The transcript files of ``note``, and what is wrong with them as warnings."""
        root = self.folder.root
        candidates: list[str] = []
        if note.video is not None and note.video.kind == "youtube":
            self.video_ids.add(note.video.value)
            candidates = self.named_for.get(note.video.value, [])
        files, named = transcript_files(note, root, candidates)
        problems = [Problem(Kind.TRANSCRIPT, message) for message in named]
        for file in files:
            shown = self.folder.relative(file.path) or file.path.name
            self.claimed.add(shown)
            if file.path not in self.read:
                self.read[file.path] = read_transcript(file.path, file.language)
            problems.extend(
                Problem(Kind.TRANSCRIPT, f"The transcript '{shown}': {problem}")
                for problem in self.read[file.path].problems
            )
        return files, problems

    def unclaimed(self) -> list[str]:
        """A sentence for each subtitle file of the folder named for a YouTube video that no
        note has (and that no note names otherwise)."""
        found = []
        for name in self.folder.subtitle_files:
            video_id = video_id_of(name)
            if video_id is None or video_id in self.video_ids or name in self.claimed:
                continue
            found.append(
                f"'{name}' is named for the YouTube video {video_id}, but no note has that videoId."
            )
        return found


# --- the JSON shape -------------------------------------------------------------------------


def report_json(report: Report) -> str:
    """The ``--json`` report: every note, and counts of what its notes list."""
    problems = report.problems
    data = {
        "folder": str(report.folder),
        "notes": [_note_json(note, report.folder) for note in report.notes],
        "problems": len(problems),
        "errors": sum(problem.is_error for problem in problems),
        "warnings": sum(not problem.is_error for problem in problems) + len(report.folder_warnings),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _note_json(note: NoteReport, root: Path) -> dict[str, Any]:
    return {
        "path": note.path,
        "title": note.title,
        "video": _video_json(note.video, root),
        "local_copy": _copy_json(note, root),
        "timestamps": [
            {"label": stamp.label, "seconds": _number(stamp.seconds)} for stamp in note.timestamps
        ],
        "links": [{"target": link.target, "path": link.path} for link in note.links],
        "transcripts": [
            {"path": _shown_path(str(file.path), root), "language": file.language}
            for file in note.transcripts
        ],
        "problems": [_problem_json(problem) for problem in note.problems],
    }


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "kind": problem.kind.value,
        "severity": problem.severity.value,
        "message": problem.message,
        "line": problem.line,
    }


def _video_json(video: VideoSource | None, root: Path) -> dict[str, str] | None:
    if video is None:
        return None
    if video.kind == "youtube":
        return {"kind": "youtube", "id": video.value}
    if video.kind == "file":
        return {"kind": "file", "path": _shown_path(video.value, root)}
    return {"kind": "url", "url": video.value}


def _copy_json(note: NoteReport, root: Path) -> dict[str, Any] | None:
    if note.local_copy is None:
        return None
    length = None if note.copy_length is None else round(note.copy_length, 3)
    return {"path": _shown_path(note.local_copy.source.value, root), "length": length}


def _shown_path(value: str, root: Path) -> str:
    try:
        return Path(value).relative_to(root.resolve()).as_posix()
    except ValueError:
        return value


def _number(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else round(seconds, 3)


# --- the readable report --------------------------------------------------------------------


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _summary_of(note: NoteReport, root: Path) -> str:
    """``youtube: 7-3IxVvWoxc; 22 timestamps; 4 links, 3 to missing notes``: no empty counts."""
    video = note.video
    if video is None:
        parts = ["no video"]
    else:
        value = _shown_path(video.value, root) if video.kind == "file" else video.value
        parts = [f"{video.kind}: {value}"]
    if (copy := note.local_copy) is not None:
        length = f" ({format_seconds(note.copy_length)})" if note.copy_length else ""
        parts.append(f"local copy: {_shown_path(copy.source.value, root)}{length}")
    if note.timestamps:
        parts.append(_count(len(note.timestamps), "timestamp"))
    if note.links:
        missing = sum(link.path is None for link in note.links)
        links = _count(len(note.links), "link")
        if missing:
            links += f", {missing} to {'a missing note' if missing == 1 else 'missing notes'}"
        parts.append(links)
    if note.transcripts:
        languages = ", ".join(file.language or "no language" for file in note.transcripts)
        parts.append(f"{_count(len(note.transcripts), 'transcript')} ({languages})")
    return "; ".join(parts)


def _problem_text(problem: Problem) -> str:
    where = f" (line {problem.line})" if problem.line is not None else ""
    return f"{problem.severity.value}{where}: {problem.message}"


def report_text(report: Report, problems_only: bool = False) -> str:
    """The readable report; ``problems_only`` leaves out what is right with each note."""
    lines = []
    for note in report.notes:
        lines.append(f"{note.path}  —  {note.title}")
        if not problems_only:
            lines.append(f"    {_summary_of(note, report.folder)}")
            if note.timestamps:
                times = ", ".join(
                    f"{stamp.label}={format_seconds(stamp.seconds)}"
                    for stamp in note.timestamps[:12]
                )
                more = len(note.timestamps) - 12
                lines.append(f"    times: {times}" + (f", … {more} more" if more > 0 else ""))
        lines.extend(f"    {_problem_text(problem)}" for problem in note.problems)
    lines.extend(f"error: {problem}" for problem in report.folder_problems)
    lines.extend(f"warning: {problem}" for problem in report.folder_warnings)
    if lines:
        lines.append("")
    header = [f"Notes folder: {report.folder}", ""]
    return "\n".join([*header, *lines, _totals(report, problems_only)])


def _totals(report: Report, problems_only: bool) -> str:
    counts = [
        _count(number, noun)
        for number, noun in ((report.errors, "error"), (report.warnings, "warning"))
        if number
    ]
    problems = ", ".join(counts) if counts else "no problems"
    if problems_only:
        return (
            f"{_count(len(report.notes), 'note')} with problems; {problems}."
            if counts
            else ("No problems.")
        )
    return f"{_count(len(report.notes), 'note')}, {problems}."
