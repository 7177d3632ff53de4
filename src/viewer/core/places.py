"""Where the reader was in each note: the video's time and how far down the note they had read,
kept between runs.

A small JSON file in the user's state folder (``$XDG_STATE_HOME/viewer/places.json``, by
default ``~/.local/state/viewer/places.json``), never in the notes folder. It keeps the
:data:`MAX_PLACES` notes read most recently; older ones are dropped. A damaged file is set
aside and replaced, never fatal; one that cannot be written is reported once and the app goes
on without remembering.

The scroll position is a fraction of the note's height, not a number of pixels: pixels land
somewhere else once the note is zoomed or the window is narrower. A file of the first version
(pixels) keeps its times and loses its scroll positions.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

from viewer.core.state_file import StateFile

log = logging.getLogger("viewer.places")

MAX_PLACES = 1000
_VERSION = 2


@dataclass(frozen=True, slots=True)
class Place:
    #: Seconds into the note's video.
    time: float = 0.0
    #: How far down the note was scrolled: 0 at the top, 1 at the bottom of the document.
    scroll: float = 0.0


def default_places_path() -> Path:
    """``$XDG_STATE_HOME/viewer/places.json``, by default ``~/.local/state/viewer/places.json``."""
    base = os.environ.get("XDG_STATE_HOME", "")
    # The XDG rule: a relative value is invalid and ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "viewer" / "places.json"


def _number(value: object, most: float = 1e9) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if math.isfinite(value) and 0 <= value <= most else 0.0


def _place(time: object, scroll: object) -> Place:
    return Place(_number(time), _number(scroll, most=1.0))


class Places:
    """Places by note (absolute path), most recent last; read once, written on :meth:`save`."""

    def __init__(self, path: Path | None = None, limit: int = MAX_PLACES) -> None:
        self.path = path or default_places_path()
        self.limit = limit
        self._file = StateFile(self.path, "places", log, "places are not remembered")
        self._places: dict[str, Place] = self._read()
        self._dirty = False

    def get(self, note: Path) -> Place | None:
        return self._places.get(str(note))

    def remember(self, note: Path, place: Place) -> None:
        key = str(note)
        self._places.pop(key, None)  # to the end: the most recent
        self._places[key] = _place(place.time, place.scroll)
        while len(self._places) > self.limit:
            del self._places[next(iter(self._places))]
        self._dirty = True

    def __len__(self) -> int:
        return len(self._places)

    def save(self) -> None:
        """Write the file if anything changed (atomically: a crash leaves the old one)."""
        if not self._dirty:
            return
        rows: list[object] = [[key, p.time, p.scroll] for key, p in self._places.items()]
        if self._file.write(_VERSION, rows):
            self._dirty = False

    def _read(self) -> dict[str, Place]:
        version, rows = self._file.read((1, _VERSION))
        places = {
            # The first version kept pixels: the times hold, the scroll positions do not.
            row[0]: _place(row[1], row[2] if version == _VERSION else 0.0)
            for row in rows
            if isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
        }
        return dict(list(places.items())[-self.limit :])
