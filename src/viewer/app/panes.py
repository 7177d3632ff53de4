"""The window's three panes side by side: the side pane, the note, the player's column (the
video, and the note's transcript under it). The note is there from the first paint; the other
two take the places kept for them once they are made."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
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


#: How the player's column is shared at first: the video, the transcript.
_COLUMN = (440, 300)


class PlayerColumn(QSplitter):
    """The video above, the transcript of its note under it: note, video and words all on
    screen at once. The transcript pane is shown only when there is one to show."""

    def __init__(self, player: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("playerColumn")
        self.setChildrenCollapsible(False)
        self.addWidget(player)
        self.setStretchFactor(0, 3)

    def add_transcript(self, pane: QWidget, sizes: QByteArray | None) -> None:
        """Put the transcript pane under the video, at the ``sizes`` kept from the last run."""
        pane.setMinimumHeight(max(pane.minimumHeight(), 120))
        self.addWidget(pane)
        self.setStretchFactor(1, 2)
        if not sizes or not self.restoreState(sizes):
            self.setSizes(list(_COLUMN))
