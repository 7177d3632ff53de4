"""The window's three panes side by side: the side pane, the note, the player. The note is
there from the first paint; the other two take the places kept for them once they are made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget

#: How the room is shared, and the least width of each: the side pane, the note, the player.
_STRETCH = (0, 3, 4)
_LEAST = (160, 280, 280)


class Panes(QSplitter):
    def __init__(self, note: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        for index, pane in enumerate((QWidget(), note, QWidget())):
            self.addWidget(pane)
            self._fit(index, pane)

    def place(self, index: int, pane: QWidget) -> None:
        """Put ``pane`` in the place kept for it (0: the side pane, 2: the player)."""
        kept = self.replaceWidget(index, pane)
        self._fit(index, pane)
        if kept is not None:
            kept.deleteLater()

    def _fit(self, index: int, pane: QWidget) -> None:
        self.setStretchFactor(index, _STRETCH[index])
        pane.setMinimumWidth(max(pane.minimumWidth(), _LEAST[index]))
