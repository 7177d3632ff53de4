"""Which notes the reader plays from their local copy rather than from YouTube, kept between
runs.

A small JSON file beside the places file in the user's state folder
(``$XDG_STATE_HOME/viewer/local-copies.json``), never in the notes folder. Only the choice of
the copy is kept: YouTube is what a note with a copy plays otherwise. It keeps the
:data:`MAX_NOTES` notes chosen most recently. A damaged file is set aside and replaced, never
fatal; one that cannot be written is reported once and the app goes on without remembering.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from viewer.core.places import default_places_path

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
        self._notes: dict[str, None] = self._read()  # ordered, as a set with an order
        self._unwritable = False

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
        """Write the file atomically: a crash leaves the old one."""
        if self._unwritable:
            return
        data = {"version": _VERSION, "copy": list(self._notes)}
        import tempfile  # only here: the app's start reads the choices, and writes none

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump(data, file, ensure_ascii=False)
                os.replace(temporary, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            log.warning(
                "%s cannot be written (%s); the choice of local copies is not kept",
                self.path,
                error,
            )
            self._unwritable = True

    def _read(self) -> dict[str, None]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return {}
        except OSError as error:
            log.warning("%s cannot be read (%s); starting afresh", self.path, error)
            return {}
        except UnicodeDecodeError as error:
            return self._damaged(str(error))
        try:
            data = json.loads(text)
            rows = data["copy"] if data.get("version") == _VERSION else None
            if not isinstance(rows, list):
                raise ValueError("no list of notes")
            notes = {row: None for row in rows if isinstance(row, str) and row}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return self._damaged(str(error))
        return dict(list(notes.items())[-self.limit :])

    def _damaged(self, why: str) -> dict[str, None]:
        log.warning("%s is damaged (%s); starting afresh", self.path, why[:200])
        with contextlib.suppress(OSError):
            self.path.replace(self.path.with_suffix(".damaged"))
        return {}
