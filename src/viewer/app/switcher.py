"""The quick switcher (Ctrl+P): type a few letters of a note's title, alias or path, Enter."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.folder import NoteEntry, NotesFolder
from viewer.core.fuzzy import Candidate, rank

MAX_SHOWN = 50
#: A path matches less well than the title or an alias spelling the same letters.
PATH_PENALTY = 2.0
_PATH = Qt.ItemDataRole.UserRole + 1
_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 8,
    Qt.Key.Key_PageUp: -8,
}


def candidates(folder: NotesFolder) -> list[Candidate[NoteEntry]]:
    """The folder's notes by their title, aliases and path, in title order."""
    entries = sorted(folder, key=lambda entry: (entry.title.casefold(), entry.path))
    return [
        Candidate.of(
            entry,
            [
                (entry.title, 0.0),
                *((alias, 0.0) for alias in entry.aliases),
                (entry.path.removesuffix(".md"), PATH_PENALTY),
            ],
        )
        for entry in entries
    ]


class QuickSwitcher(QFrame):
    """A popup over the window: a line to type in and the best matches under it.

    Enter opens the highlighted note, the arrows move, Esc or a click elsewhere closes it.
    """

    noteChosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self._window = parent
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Go to note")
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Go to note: type part of a title, alias or path")
        self.query.setAccessibleName("Go to note")
        self.results = QListWidget(self)
        self.results.setAccessibleName("Matching notes")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel("No notes match", self)
        self.empty.setEnabled(False)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.query)
        layout.addWidget(self.empty)
        layout.addWidget(self.results)
        self._folder: NotesFolder | None = None
        self._candidates: list[Candidate[NoteEntry]] | None = None
        #: Where the keyboard was before the popup took it; it goes back there after.
        self._return_to: QWidget | None = None
        self.query.textChanged.connect(self._update)
        self.query.returnPressed.connect(self._choose_current)
        self.query.installEventFilter(self)
        self.results.itemClicked.connect(self._choose)

    def set_folder(self, folder: NotesFolder | None) -> None:
        # Prepared when the switcher opens: the folder may be read many times before that.
        self._folder = folder
        self._candidates = None
        if self.isVisible():
            self._update(self.query.text())

    def popup(self) -> None:
        """Show over the top of the parent window, empty and ready to type in."""
        parent = self._window
        width = min(640, max(360, parent.width() // 2))
        self.resize(width, min(420, max(200, parent.height() // 2)))
        self.move(parent.mapToGlobal(QPoint((parent.width() - width) // 2, 48)))
        self._return_to = QApplication.focusWidget()
        self.query.clear()
        self._update("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.PopupFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        back, self._return_to = self._return_to, None
        self._window.activateWindow()
        if back is not None and shiboken6.isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.PopupFocusReason)

    def shown_paths(self) -> list[str]:
        return [str(self.results.item(row).data(_PATH)) for row in range(self.results.count())]

    def _update(self, text: str) -> None:
        self.results.clear()
        if self._candidates is None:
            self._candidates = candidates(self._folder) if self._folder is not None else []
        for entry in rank(text, self._candidates, MAX_SHOWN):
            where = entry.path.rpartition("/")[0]
            item = QListWidgetItem(f"{entry.title}  —  {where}" if where else entry.title)
            item.setData(_PATH, entry.path)
            item.setToolTip(entry.path)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.empty.setVisible(bool(text.strip()) and not self.results.count())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query and isinstance(event, QKeyEvent):
            step = _MOVES.get(Qt.Key(event.key()))
            if step is not None and event.type() == QEvent.Type.KeyPress:
                count = self.results.count()
                if count:
                    row = min(count - 1, max(0, self.results.currentRow() + step))
                    self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _choose_current(self) -> None:
        if (item := self.results.currentItem()) is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        path = item.data(_PATH)
        self.hide()
        if isinstance(path, str):
            self.noteChosen.emit(path)
