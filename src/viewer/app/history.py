"""Back and forward through visited notes, as in a browser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Visit:
    path: str
    scroll: float = 0.0
    #: Where the video was when the reader left this visit.
    time: float = 0.0


@dataclass(slots=True)
class History:
    """Visits with a cursor; visiting a new note drops whatever was forward of it."""

    _visits: list[Visit] = field(default_factory=list)
    _index: int = -1

    @property
    def current(self) -> Visit | None:
        return self._visits[self._index] if self._visits else None

    def visit(self, path: str) -> None:
        if self.current is not None and self.current.path == path:
            return
        del self._visits[self._index + 1 :]
        self._visits.append(Visit(path))
        self._index = len(self._visits) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._visits) - 1

    def back(self) -> Visit | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self._visits[self._index]

    def forward(self) -> Visit | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self._visits[self._index]

    def clear(self) -> None:
        self._visits.clear()
        self._index = -1

    def forget(self, path: str) -> None:
        """Drop visits of a note that no longer exists."""
        current = self.current
        self._visits = [visit for visit in self._visits if visit.path != path]
        # The same visit, not an equal one: an earlier visit of the note at the same place.
        kept = [index for index, visit in enumerate(self._visits) if visit is current]
        self._index = kept[0] if kept else len(self._visits) - 1

    def rename(self, old: str, new: str) -> None:
        """A note was renamed or moved: its visits follow it."""
        for visit in self._visits:
            if visit.path == old:
                visit.path = new
