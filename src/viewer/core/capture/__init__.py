"""Capture: a line written into a note at a moment of its video, and nothing else changed.

The app writes into the notes folder only what the reader asked, and only that
(docs/CAPTURE.md): one list item with a timestamp anchor, in the note's own convention and
encoding, where the note's time order puts it, by an atomic replace of the file, only if the
file is still what the reader was shown; and the bytes from before put back on undo.

:mod:`.lines` makes the item's lines, :mod:`.place` finds where they go, :mod:`.note_bytes`
puts them among the note's bytes, :mod:`.atomic` replaces the file, :mod:`.writer` does the
checks and ties these together; :mod:`.result` holds what comes back.
"""

from viewer.core.capture.place import NOTES_HEADING
from viewer.core.capture.result import CaptureRefused, Conflict, Restored, Stamp, Written
from viewer.core.capture.writer import capture, undo

__all__ = [
    "NOTES_HEADING",
    "CaptureRefused",
    "Conflict",
    "Restored",
    "Stamp",
    "Written",
    "capture",
    "undo",
]
