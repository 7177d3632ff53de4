"""Capture and undo: one line written into a note at a moment, and taken back.

:func:`capture` checks, in this order, that the text can be written, that the note lies
inside the opened folder (through any link), and that the file still holds what the reader
was shown; then it finds the place (:mod:`.place`), makes the lines (:mod:`.lines`), puts
them among the note's bytes (:mod:`.note_bytes`) and replaces the file
(:mod:`.atomic`). :func:`undo` puts the bytes from before back, only if the file still
holds what the capture wrote. Neither consumes the text typed: on a refusal or a conflict
the caller still has it, for another try.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from viewer.core.capture.atomic import Changed, replace_bytes
from viewer.core.capture.lines import check_text, item_lines
from viewer.core.capture.note_bytes import NoteBytes
from viewer.core.capture.place import NoteLines, place
from viewer.core.capture.result import CaptureRefused, Conflict, Restored, Stamp, Written
from viewer.core.front_matter import read_front_matter
from viewer.core.moments import timestamp_anchor
from viewer.core.passages import Passage
from viewer.core.paths import is_inside
from viewer.core.text import MAX_NOTE_BYTES, read_note_bytes
from viewer.core.timecode import MAX_SECONDS
from viewer.core.timeline import NoteTimeline
from viewer.core.video import VideoSource


def capture(
    root: Path,
    path: Path,
    shown: bytes | Stamp,
    seconds: float,
    text: str,
    *,
    quote: str | None = None,
    video: VideoSource | None = None,
    duration: float | None = None,
) -> Written | Conflict:
    """Write a list item for the moment ``seconds`` into the note ``path`` of the folder
    ``root``: ``text`` (its lines under the item) and, if given, ``quote`` (a cue's words).

    ``shown`` is what the reader was shown of the note: its bytes, or their :class:`Stamp`.
    ``video`` and ``duration`` are the note's video and its length, if known: links to the
    video count as timestamps, and the length settles how a value reads (docs/FORMAT.md).
    A :class:`Conflict` when the note is not what was shown; :class:`CaptureRefused` when
    the line cannot be written (read-only, outside the folder, an encoding that cannot hold
    the text). Nothing is written in either case.
    """
    check_text(text, quote)
    if not math.isfinite(seconds) or seconds > MAX_SECONDS:
        raise CaptureRefused("The moment is not a time; nothing was written.")
    name = _name(root, path)
    target = _target(root, path, name)
    data = _read(target, name)
    if data is None:
        return Conflict(path, f"“{name}” is no longer in the folder; nothing was written.")
    if not (shown.matches(data) if isinstance(shown, Stamp) else shown == data):
        return Conflict(
            path,
            f"“{name}” was changed on disk since it was shown; nothing was written.",
            _stamp(target, data),
        )
    after, lines = _with_capture(data, name, max(0, int(seconds)), text, quote, video, duration)
    try:
        info = replace_bytes(target, after, data, name)
    except Changed:
        return Conflict(
            path,
            f"“{name}” was changed on disk while the line was being added; nothing was written.",
        )
    return Written(path, target, lines, data, after, Stamp.of(after, info.st_mtime_ns))


def _with_capture(
    data: bytes,
    name: str,
    seconds: int,
    text: str,
    quote: str | None,
    video: VideoSource | None,
    duration: float | None,
) -> tuple[bytes, range]:
    """The note's bytes ``data`` with the capture in them, and the lines (from 1) its item
    takes; raises :class:`CaptureRefused` when it cannot be written there as it is."""
    note = NoteBytes.read(data, name)
    front = read_front_matter(note.text)
    # The body is the end of the text; its line 0 may be the rest of the front matter's
    # closing line (empty), so the first line wholly in it may be the next one.
    offset = len(note.text) - len(front.body)
    body_start = note.text.count("\n", 0, offset)
    first = body_start + (0 if offset == 0 or note.text[offset - 1] == "\n" else 1)
    timeline = NoteTimeline.of_body(front.body, video, duration)
    placement = place(NoteLines(note.lines, body_start, first), timeline, seconds)
    anchor = timestamp_anchor(seconds, timeline.convention)
    item = item_lines(anchor, text, quote, indent=placement.indent, marker=placement.marker)
    inserted = placement.around(item)
    after = note.with_lines(placement.index, inserted, name)
    lines = [*note.lines[: placement.index], *inserted, *note.lines[placement.index :]]
    at = range(placement.index, placement.index + len(inserted))
    if not _reads_as_before(timeline, lines, at, seconds, video, duration):
        raise CaptureRefused(
            f"The line cannot be added to “{name}” without changing how the text around it "
            "reads; nothing was written."
        )
    line = placement.index + placement.lines_before_item + 1
    return after, range(line, line + len(item))


def _reads_as_before(
    before: NoteTimeline,
    lines: list[str],
    inserted: range,
    seconds: int,
    video: VideoSource | None,
    duration: float | None,
) -> bool:
    """Whether the note's ``lines`` with the capture ``inserted`` among them read as the app
    read them before (the same passages, texts and times) and the capture as one timestamp
    at ``seconds``. A safety net: a capture never changes how the rest of a note reads."""
    text = "\n".join(lines)
    body = read_front_matter(text).body
    start = text.count("\n", 0, len(text) - len(body))
    after = NoteTimeline.of_body(body, video, duration)
    kept = [p for p in after.passages if start + p.line not in inserted]
    added = [p for p in after.passages if start + p.line in inserted]
    return [_as_read(p) for p in kept] == [_as_read(p) for p in before.passages] and [
        moment.seconds for p in added for _, moment in p.timestamps
    ] == [seconds]


def _as_read(passage: Passage) -> tuple[str, str, tuple[float, ...]]:
    """A passage as the reader meets it: its kind, its text and its times."""
    return passage.kind, passage.text, tuple(moment.seconds for _, moment in passage.timestamps)


def undo(root: Path, written: Written) -> Restored | Conflict:
    """Take ``written`` back: the note's bytes from before it, if the file still holds
    exactly what it wrote; else a :class:`Conflict`, and the file is left as it is."""
    name = _name(root, written.path)
    target = _target(root, written.path, name)
    changed = Conflict(
        written.path,
        f"“{name}” was changed since the line was added, so it is left as it is; "
        "the line can be removed in an editor.",
    )
    if target != written.target:
        return changed
    data = _read(target, name)
    if data != written.after:
        return (
            changed
            if data is None
            else Conflict(changed.path, changed.message, _stamp(target, data))
        )
    try:
        info = replace_bytes(target, written.before, written.after, name)
    except Changed:
        return changed
    return Restored(written.path, target, Stamp.of(written.before, info.st_mtime_ns))


def _name(root: Path, path: Path) -> str:
    """What the reader calls the note: its path in the folder, else the path given."""
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return str(path) if relative.startswith(os.pardir) else relative


def _target(root: Path, path: Path, name: str) -> Path:
    """The real file of ``path``: inside ``root`` as named, and through any links.

    (:func:`viewer.core.paths.resolve_inside` is for paths written in notes, which it
    URL-decodes; a file's own name is taken as it is.)
    """
    given = os.path.abspath(path)
    real_root = os.path.realpath(root)
    if not (is_inside(given, os.path.abspath(root)) or is_inside(given, real_root)):
        raise CaptureRefused(f"“{name}” is outside the opened folder; nothing was written.")
    real = os.path.realpath(given)
    if not is_inside(real, real_root):
        raise CaptureRefused(
            f"“{name}” is a link to a file outside the opened folder; nothing was written."
        )
    return Path(real)


def _read(target: Path, name: str) -> bytes | None:
    """The bytes of the note (``None`` when it is gone); raises :class:`CaptureRefused` when
    it cannot be read or is larger than the app shows."""
    try:
        data, size = read_note_bytes(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CaptureRefused(f"“{name}” cannot be read ({reason}); nothing was written.") from None
    if size > MAX_NOTE_BYTES:
        raise CaptureRefused(
            f"“{name}” is larger than the {MAX_NOTE_BYTES // 1_000_000} MB the app shows; "
            "nothing was written."
        )
    return data


def _stamp(target: Path, data: bytes) -> Stamp:
    try:
        mtime = target.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return Stamp.of(data, mtime)
