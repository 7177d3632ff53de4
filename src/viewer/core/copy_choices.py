"""Which notes the reader plays from their local copy rather than from YouTube, kept between
runs.

A small JSON file beside the places file in the user's state folder
(``$XDG_STATE_HOME/viewer/local-copies.json``), never in the notes folder. Only the choice of
the copy is kept: YouTube is what a note with a copy plays otherwise. It keeps the
:data:`MAX_NOTES` notes chosen most recently. A damaged file is set aside and replaced, never
fatal; one that cannot be written is reported once and the app goes on without remembering.
"""

from __future__ import annotations

import logging
from pathlib import Path

from viewer.core.places import default_places_path
from viewer.core.state_file import StateFile

log = logging.getLogger("viewer.local_copy")

MAX_NOTES = 1000
_VERSION = 1


def default_choices_path() -> Path:
    """``local-copies.json`` in the folder of the places file."""
    return default_places_path().with_name("local-copies.json")


class CopyChoices:
    """The notes (absolute paths) that play their local copy, most recently chosen last; each
    change is written."""

    def __init__(self, path: Path | None = None, limit: int = MAX_NOTES) -> None:
        self.path = path or default_choices_path()
        self.limit = limit
        self._file = StateFile(self.path, "copy", log, "the choice of local copies is not kept")
        self._notes: dict[str, None] = self._read()  # ordered, as a set with an order

    def plays_copy(self, note: Path) -> bool:
        return str(note) in self._notes

    def choose(self, note: Path, copy: bool) -> None:
        """Play ``note``'s local copy (``copy``) or its YouTube video, from now on."""
        key = str(note)
        if not copy and key not in self._notes:
            return
        self._notes.pop(key, None)
        if copy:
            self._notes[key] = None  # to the end: the most recent
            while len(self._notes) > self.limit:
                del self._notes[next(iter(self._notes))]
        self._save()

    def rename(self, old: Path, new: Path) -> None:
        """The note's file was renamed or moved: its choice goes with it."""
        if str(old) in self._notes:
            self._notes.pop(str(old))
            self.choose(new, True)

    def __len__(self) -> int:
        return len(self._notes)

    def _save(self) -> None:
        self._file.write(_VERSION, list(self._notes))

    def _read(self) -> dict[str, None]:
        _version, rows = self._file.read((_VERSION,))
        notes = {row: None for row in rows if isinstance(row, str) and row}
        return dict(list(notes.items())[-self.limit :])
