"""``viewer check``: a report on a notes folder, for people who generate notes.

The report is plain values (:class:`Report`, :class:`NoteReport`); :func:`report_json` is the
one place that gives them the ``--json`` shape, :func:`report_text` the readable one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.core.folder import NotesFolder
from viewer.core.problems import Problem
from viewer.core.render import NoteRenderer, RenderedTimestamp
from viewer.core.timecode import format_seconds
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


@dataclass(frozen=True, slots=True)
class Report:
    folder: Path
    notes: tuple[NoteReport, ...]
    #: Problems of the folder itself (unreadable sub-folders, links leading out, link loops):
    #: they belong to no note, so the JSON shape has no place for them; the command prints
    #: them on stderr, and they count as errors for the exit status.
    folder_problems: tuple[str, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [problem for note in self.notes for problem in note.problems]

    @property
    def errors(self) -> int:
        return sum(problem.is_error for problem in self.problems) + len(self.folder_problems)

    @property
    def warnings(self) -> int:
        return sum(not problem.is_error for problem in self.problems)

    def exit_status(self, strict: bool = False) -> int:
        """0 when nothing is wrong, or only warnings are and ``strict`` is off; else 1."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def with_problems_only(self) -> Report:
        noted = tuple(note for note in self.notes if note.problems)
        return Report(self.folder, noted, self.folder_problems)


def check_folder(root: Path, only: str | None = None) -> Report:
    """Read every note of ``root`` as the app would, and collect what is wrong.

    ``only`` (a folder-relative path) checks that one note, its links still resolved
    against the whole folder.
    """
    folder = NotesFolder.open(root)
    renderer = NoteRenderer()
    notes = []
    for entry in folder:
        if only is not None and entry.path != only:
            continue
        note = folder.load(entry.path)
        rendered = renderer.render(note, entry.path, folder.resolve)
        notes.append(
            NoteReport(
                path=entry.path,
                title=note.title,
                video=note.video,
                timestamps=tuple(rendered.timestamps),
                links=tuple(CheckedLink(link.target, link.path) for link in rendered.links),
                problems=tuple(rendered.problems),
            )
        )
    return Report(folder.root, tuple(notes), tuple(folder.problems))


# --- the JSON shape -------------------------------------------------------------------------


def report_json(report: Report) -> str:
    """The ``--json`` report: every note, and counts of what its notes list."""
    problems = report.problems
    data = {
        "folder": str(report.folder),
        "notes": [_note_json(note, report.folder) for note in report.notes],
        "problems": len(problems),
        "errors": sum(problem.is_error for problem in problems),
        "warnings": sum(not problem.is_error for problem in problems),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _note_json(note: NoteReport, root: Path) -> dict[str, Any]:
    return {
        "path": note.path,
        "title": note.title,
        "video": _video_json(note.video, root),
        "timestamps": [
            {"label": stamp.label, "seconds": _number(stamp.seconds)} for stamp in note.timestamps
        ],
        "links": [{"target": link.target, "path": link.path} for link in note.links],
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
    if note.timestamps:
        parts.append(_count(len(note.timestamps), "timestamp"))
    if note.links:
        missing = sum(link.path is None for link in note.links)
        links = _count(len(note.links), "link")
        if missing:
            links += f", {missing} to {'a missing note' if missing == 1 else 'missing notes'}"
        parts.append(links)
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
