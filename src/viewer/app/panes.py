"""The window's three panes side by side: the side pane, the note, the player's column (the
video, and the note's transcript under it). The note is there from the first paint; the other
two take the places kept for them once they are made."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
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
    screen at once. The transcript pane is shown only when there is one to show.

    The video may leave for a window of its own (:mod:`.pop_out`) and come back: the column
    then holds the transcript alone, and is hidden while it has nothing to show, so the note
    takes its room."""

    def __init__(self, player: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("playerColumn")
        self.setChildrenCollapsible(False)
        self.addWidget(player)
        self.setStretchFactor(0, 3)
        player.installEventFilter(self)

    def add_transcript(self, pane: QWidget, sizes: QByteArray | None) -> None:
        """Put the transcript pane under the video, at the ``sizes`` kept from the last run."""
        pane.setMinimumHeight(max(pane.minimumHeight(), 120))
        self.addWidget(pane)
        self.setStretchFactor(1, 2)
        if not sizes or not self.restoreState(sizes):
            self.setSizes(list(_COLUMN))
        pane.installEventFilter(self)

    def take_back(self, player: QWidget, sizes: QByteArray | None) -> None:
        """The video is back from its own window: above the transcript, at ``sizes``."""
        self.insertWidget(0, player)
        self.setStretchFactor(0, 3)
        player.show()
        if sizes:
            self.restoreState(sizes)
        self.tidy()

    def tidy(self) -> None:
        """Shown while something in it is (the video, the transcript), else hidden."""
        shown = any(
            (widget := self.widget(index)) is not None and not widget.isHidden()
            for index in range(self.count())
        )
        if shown != (not self.isHidden()):
            self.setVisible(shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.tidy()
        return super().eventFilter(watched, event)
