"""``viewer check``: a report on a notes folder, for people who generate notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.core.folder import NotesFolder
from viewer.core.render import NoteRenderer
from viewer.core.timecode import format_seconds
from viewer.core.video import VideoSource


def _video(video: VideoSource | None, root: Path) -> dict[str, str] | None:
    if video is None:
        return None
    if video.kind == "youtube":
        return {"kind": "youtube", "id": video.value}
    if video.kind == "file":
        try:
            shown = Path(video.value).relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = video.value
        return {"kind": "file", "path": shown}
    return {"kind": "url", "url": video.value}


@dataclass(frozen=True, slots=True)
class Report:
    #: Exactly the ``--json`` shape: the folder, its notes, the count of their problems.
    data: dict[str, Any]
    #: Problems of the folder itself (unreadable sub-folders, links leading out, link loops):
    #: they belong to no note, so the JSON shape has no place for them; the command prints
    #: them on stderr, and they count for the exit status.
    folder_problems: tuple[str, ...] = ()

    @property
    def problem_count(self) -> int:
        return int(self.data["problems"]) + len(self.folder_problems)

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"Notes folder: {self.data['folder']}", ""]
        for note in self.data["notes"]:
            video = note["video"]
            shown = "no video" if video is None else ": ".join(video.values())
            resolved = sum(1 for link in note["links"] if link["path"])
            lines.append(f"{note['path']}  —  {note['title']}")
            lines.append(
                f"    {shown}; {len(note['timestamps'])} timestamps; "
                f"{resolved} of {len(note['links'])} links resolved"
            )
            if note["timestamps"]:
                times = ", ".join(
                    f"{stamp['label']}={format_seconds(stamp['seconds'])}"
                    for stamp in note["timestamps"][:12]
                )
                more = len(note["timestamps"]) - 12
                lines.append(f"    times: {times}" + (f", … {more} more" if more > 0 else ""))
            lines.extend(f"    ! {problem}" for problem in note["problems"])
        lines.extend(f"! {problem}" for problem in self.folder_problems)
        count = self.problem_count
        notes = len(self.data["notes"])
        lines += ["", f"{notes} note{'s' * (notes != 1)}, {count} problem{'s' * (count != 1)}."]
        return "\n".join(lines)


def check_folder(root: Path) -> Report:
    """Read every note of ``root`` as the app would, and collect what is wrong."""
    folder = NotesFolder.open(root)
    renderer = NoteRenderer()
    notes = []
    total = 0
    for entry in folder:
        note = folder.load(entry.path)
        rendered = renderer.render(note, entry.path, folder.resolve)
        notes.append(
            {
                "path": entry.path,
                "title": note.title,
                "video": _video(note.video, folder.root),
                "timestamps": [
                    {"label": stamp.label, "seconds": _number(stamp.seconds)}
                    for stamp in rendered.timestamps
                ],
                "links": [{"target": link.target, "path": link.path} for link in rendered.links],
                "problems": rendered.problems,
            }
        )
        total += len(rendered.problems)
    data = {"folder": str(folder.root), "notes": notes, "problems": total}
    return Report(data, tuple(folder.problems))


def _number(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else round(seconds, 3)
