"""The notes list: every note of the folder by title, with a filter box."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from viewer.core.folder import NoteEntry, NotesFolder

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class NotesModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[NoteEntry] = []

    def set_folder(self, folder: NotesFolder | None) -> None:
        self.beginResetModel()
        entries = list(folder) if folder is not None else []
        self._entries = sorted(entries, key=lambda entry: (entry.title.casefold(), entry.path))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            extras = [entry.path]
            if entry.problems:
                extras.append(f"{entry.problems} problem{'s' * (entry.problems != 1)}")
            return " · ".join(extras)
        if role == PATH_ROLE:
            return entry.path
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return entry.path
        return None

    def row_of(self, path: str) -> int:
        for row, entry in enumerate(self._entries):
            if entry.path == path:
                return row
        return -1


class _TitleOrPathFilter(QSortFilterProxyModel):
    """Keeps notes whose title or path contains every word typed, in any case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(row, 0, parent)
        haystack = f"{index.data()} {index.data(PATH_ROLE)}".casefold()
        return all(word in haystack for word in self._words)


class Navigator(QWidget):
    """Emits :attr:`noteActivated` with a folder-relative path when a note is chosen."""

    noteActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter notes")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter notes")
        self.model = NotesModel(self)
        self.proxy = _TitleOrPathFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Notes")
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setStyleSheet("QListView::item { padding: 5px 8px; }")
        self.empty = QLabel("No notes match", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.setSpacing(6)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        self.filter_box.textChanged.connect(self._filter)
        self.filter_box.returnPressed.connect(self._open_first)
        self.list.activated.connect(self._activate)
        self.list.clicked.connect(self._activate)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.filter_box.clear)

    def set_folder(self, folder: NotesFolder | None) -> None:
        self.model.set_folder(folder)
        self._filter(self.filter_box.text())

    def select(self, path: str) -> None:
        """Highlight ``path`` without activating it again."""
        row = self.model.row_of(path)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if index.isValid():
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)
        else:
            self.list.clearSelection()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        nothing = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        self.empty.setVisible(nothing)

    def _open_first(self) -> None:
        if self.proxy.rowCount():
            self._activate(self.proxy.index(0, 0))

    def _activate(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if isinstance(path, str):
            self.noteActivated.emit(path)
