"""What the reader chose for each note's transcript: the language shown and how far its times
are shifted, kept between runs.

A small JSON file beside the places file in the user's state folder
(``$XDG_STATE_HOME/viewer/transcripts.json``), never in the notes folder: the subtitle files
themselves are never written. It keeps the choices of the :data:`MAX_NOTES` notes changed most
recently. A damaged file is set aside and replaced, never fatal; one that cannot be written is
reported once and the app goes on without remembering.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

from viewer.core.places import default_places_path
from viewer.core.state_file import StateFile

log = logging.getLogger("viewer.transcripts")

MAX_NOTES = 1000
#: The largest shift kept, either way: a transcript of another cut of the video is out of reach.
MAX_OFFSET = 3600.0
_VERSION = 1


@dataclass(frozen=True, slots=True)
class TranscriptChoice:
    #: The language chosen from the note's transcript files (None: the system's).
    language: str | None = None
    #: Seconds added to every cue's time (negative: the words come earlier).
    offset: float = 0.0


def default_choices_path() -> Path:
    """``transcripts.json`` in the folder of the places file."""
    return default_places_path().with_name("transcripts.json")


def _offset(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return round(max(-MAX_OFFSET, min(MAX_OFFSET, float(value))), 3)


def _choice(language: object, offset: object) -> TranscriptChoice:
    kept = language if isinstance(language, str) and language else None
    return TranscriptChoice(kept, _offset(offset))


class TranscriptChoices:
    """Choices by note (absolute path), most recently changed last; each change is written."""

    def __init__(self, path: Path | None = None, limit: int = MAX_NOTES) -> None:
        self.path = path or default_choices_path()
        self.limit = limit
        self._file = StateFile(self.path, "notes", log, "transcript choices are not kept")
        self._choices = self._read()

    def get(self, note: Path) -> TranscriptChoice:
        return self._choices.get(str(note), TranscriptChoice())

    def set_offset(self, note: Path, seconds: float) -> TranscriptChoice:
        """Shift ``note``'s transcript by ``seconds``; the choice as kept (rounded, bounded)."""
        return self._set(note, _choice(self.get(note).language, seconds))

    def set_language(self, note: Path, language: str | None) -> TranscriptChoice:
        return self._set(note, _choice(language, self.get(note).offset))

    def rename(self, old: Path, new: Path) -> None:
        """The note's file was renamed or moved: its choices go with it."""
        if (choice := self._choices.pop(str(old), None)) is not None:
            self._set(new, choice)

    def __len__(self) -> int:
        return len(self._choices)

    def _set(self, note: Path, choice: TranscriptChoice) -> TranscriptChoice:
        key = str(note)
        self._choices.pop(key, None)  # to the end: the most recent
        if choice != TranscriptChoice():
            self._choices[key] = choice
        while len(self._choices) > self.limit:
            del self._choices[next(iter(self._choices))]
        self._save()
        return choice

    def _save(self) -> None:
        rows: list[object] = [[key, c.language, c.offset] for key, c in self._choices.items()]
        self._file.write(_VERSION, rows)

    def _read(self) -> dict[str, TranscriptChoice]:
        _version, rows = self._file.read((_VERSION,))
        choices = {
            row[0]: _choice(row[1], row[2])
            for row in rows
            if isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
        }
        return dict(list(choices.items())[-self.limit :])
