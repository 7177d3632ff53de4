"""What the reader chose for each note's transcript: the language shown and how far its times
are shifted, kept between runs.

A small JSON file beside the places file in the user's state folder
(``$XDG_STATE_HOME/viewer/transcripts.json``), never in the notes folder: the subtitle files
themselves are never written. It keeps the choices of the :data:`MAX_NOTES` notes changed most
recently. A damaged file is set aside and replaced, never fatal; one that cannot be written is
reported once and the app goes on without remembering.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

from viewer.core.places import default_places_path

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
        self._choices = self._read()
        self._unwritable = False

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
        """Write the file atomically: a crash leaves the old one."""
        if self._unwritable:
            return
        data = {
            "version": _VERSION,
            "notes": [[key, c.language, c.offset] for key, c in self._choices.items()],
        }
        import tempfile  # only here: the app's start reads choices, and writes none

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
                "%s cannot be written (%s); transcript choices are not kept", self.path, error
            )
            self._unwritable = True

    def _read(self) -> dict[str, TranscriptChoice]:
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
            rows = data["notes"] if data.get("version") == _VERSION else None
            if not isinstance(rows, list):
                raise ValueError("no list of notes")
            choices = {
                row[0]: _choice(row[1], row[2])
                for row in rows
                if isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
            }
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return self._damaged(str(error))
        return dict(list(choices.items())[-self.limit :])

    def _damaged(self, why: str) -> dict[str, TranscriptChoice]:
        log.warning("%s is damaged (%s); starting afresh", self.path, why[:200])
        with contextlib.suppress(OSError):
            self.path.replace(self.path.with_suffix(".damaged"))
        return {}
