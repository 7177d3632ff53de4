"""The notes navigator: the folder's notes as a tree of its subfolders, with a filter box.

A tree rather than flat groups: a big folder is organised by its owner into subfolders
(people, talks, years), and a tree keeps that shape, folds away what is not being read, and
shows each title once, without its folder repeated. Subfolders come first, as in a file manager.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.app.settings import Settings
from viewer.core.folder import NoteEntry, NotesFolder

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # a note's folder-relative path; None for a folder
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2  # a subfolder's relative path; None for a note
VIDEO_ROLE = Qt.ItemDataRole.UserRole + 4
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 5

SORT_TITLE = "title"
SORT_MODIFIED = "modified"
SORTS = ((SORT_TITLE, "Title"), (SORT_MODIFIED, "Date"))

VIDEO_MARK = "▶"
PROBLEM_MARK = "⚠"
#: Arrow keys move through the list; the note shows once the selection rests this long, so
#: holding an arrow down does not render every note it passes.
PREVIEW_DELAY_MS = 150

_Index = QModelIndex | QPersistentModelIndex


def _tooltip(entry: NoteEntry) -> str:
    lines = [entry.title, entry.path]
    if entry.has_video:
        lines.append(f"{VIDEO_MARK} has a video")
    if entry.problems:
        count = entry.problems
        lines.append(f"{PROBLEM_MARK} {count} problem{'s' * (count != 1)} (shown in the note)")
    return "\n".join(lines)


@dataclass(slots=True)
class _Node:
    """A row of the tree: a subfolder (``entry`` None) or a note."""

    name: str  # the title of a note, the last part of a folder's path
    path: str  # folder-relative
    parent: int  # the parent's place in NotesModel.nodes; -1 for the top
    entry: NoteEntry | None = None
    row: int = 0
    children: list[int] = field(default_factory=list)
    #: What the filter looks in: the title and the path, case folded.
    haystack: str = ""


class NotesModel(QAbstractItemModel):
    """The folder's notes under rows for their subfolders, in the chosen order.

    Rows are made from the folder's entries when asked for, not stored as items: a folder of
    10,000 notes is read again on every change on disk, and must not stall the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nodes: list[_Node] = []
        self.top: list[int] = []
        self.notes: dict[str, int] = {}
        self.folders: dict[str, int] = {}
        self.order = SORT_TITLE
        self._entries: list[NoteEntry] = []

    def set_folder(self, folder: NotesFolder | None) -> None:
        self._entries = list(folder) if folder is not None else []
        self._rebuild()

    def set_order(self, order: str) -> None:
        self.order = order
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.nodes, self.top, self.notes, self.folders = [], [], {}, {}
        if self.order == SORT_MODIFIED:
            entries = sorted(self._entries, key=lambda entry: -entry.stamp.mtime_ns)
        else:
            entries = sorted(self._entries, key=lambda entry: (entry.title.casefold(), entry.path))
        for entry in entries:
            parent = self._folder(entry.path.rpartition("/")[0])
            haystack = f"{entry.title} {entry.path}".casefold()
            node = _Node(entry.title, entry.path, parent, entry, haystack=haystack)
            self.notes[entry.path] = self._add(node)
        # Subfolders first, by name; the notes after them keep the order they were added in.
        for children in (self.top, *(self.nodes[i].children for i in self.folders.values())):
            folders = sorted(
                (i for i in children if self.nodes[i].entry is None),
                key=lambda i: self.nodes[i].name.casefold(),
            )
            notes = [i for i in children if self.nodes[i].entry is not None]
            children[:] = folders + notes
            for row, i in enumerate(children):
                self.nodes[i].row = row
        self.endResetModel()

    def _add(self, node: _Node) -> int:
        self.nodes.append(node)
        place = len(self.nodes) - 1
        (self.nodes[node.parent].children if node.parent >= 0 else self.top).append(place)
        return place

    def _folder(self, path: str) -> int:
        if not path:
            return -1
        if (found := self.folders.get(path)) is not None:
            return found
        parent = self._folder(path.rpartition("/")[0])
        place = self.folders[path] = self._add(_Node(path.rpartition("/")[2], path, parent))
        return place

    # Qt's model interface

    def rows_under(self, parent: _Index) -> list[int]:
        return self.nodes[parent.internalId()].children if parent.isValid() else self.top

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self.rows_under(parent)
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self.nodes[index.internalId()].parent
        return QModelIndex() if up < 0 else self.createIndex(self.nodes[up].row, 0, up)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.rows_under(parent)) if parent.column() <= 0 else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return bool(self.rows_under(parent))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.nodes[index.internalId()].entry is None:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.nodes[index.internalId()]
        entry = node.entry
        if role == Qt.ItemDataRole.DisplayRole:
            return node.name
        if entry is None:
            return node.path if role in (FOLDER_ROLE, Qt.ItemDataRole.ToolTipRole) else None
        if role in (PATH_ROLE, Qt.ItemDataRole.AccessibleDescriptionRole):
            return entry.path
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(entry)
        if role == VIDEO_ROLE:
            return entry.has_video
        if role == PROBLEMS_ROLE:
            return entry.problems
        return None

    def index_of(self, path: str) -> QModelIndex:
        place = self.notes.get(path)
        return QModelIndex() if place is None else self._index(place)

    def folder_index(self, path: str) -> QModelIndex:
        place = self.folders.get(path)
        return QModelIndex() if place is None else self._index(place)

    def _index(self, place: int) -> QModelIndex:
        return self.createIndex(self.nodes[place].row, 0, place)


class NotesFilter(QSortFilterProxyModel):
    """Keeps notes whose title or path holds every word typed, and the folders on the way to
    them. The order is the model's own: sorting in Python here would be slower."""

    def __init__(self, model: NotesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._model = model
        self.setRecursiveFilteringEnabled(True)
        self.setSourceModel(model)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        if not self._words:
            return True
        # Straight to the rows, not through index.data(): this runs for every note per key.
        node = self._model.nodes[self._model.rows_under(parent)[row]]
        # A folder (no haystack) shows when one of its notes does (recursive filtering).
        return bool(node.haystack) and all(word in node.haystack for word in self._words)


class NoteDelegate(QStyledItemDelegate):
    """Draws a note's title elided to the width, and its marks at the right edge: one for a
    note with a video, one for a note with problems. Never wider than the view."""

    def marks(self, index: _Index) -> str:
        marks = VIDEO_MARK if index.data(VIDEO_ROLE) else ""
        return marks + (PROBLEM_MARK if index.data(PROBLEMS_ROLE) else "")

    def shown_title(self, option: QStyleOptionViewItem, index: _Index) -> str:
        """The title as drawn in ``option.rect``: elided if it does not fit."""
        return self._layout(option, index)[1]

    def _layout(self, option: QStyleOptionViewItem, index: _Index) -> tuple[QRect, str, QRect]:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        text_rect = (
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
            if style
            else QRect(opt.rect)
        )
        metrics = opt.fontMetrics
        marks = self.marks(index)
        marks_width = metrics.horizontalAdvance(f" {marks} ") if marks else 0
        marks_rect = QRect(text_rect)
        marks_rect.setLeft(text_rect.right() - marks_width)
        text_rect.setRight(text_rect.right() - marks_width)
        title = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, text_rect.width())
        return text_rect, title, marks_rect

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text_rect, title, marks_rect = self._layout(option, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is None:
            return
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(text_rect, align, title)
        if marks := self.marks(index):
            if not selected:
                painter.setPen(opt.palette.color(opt.palette.ColorRole.PlaceholderText))
            right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            painter.drawText(marks_rect, right, marks)
        painter.restore()


class NotesTree(QTreeView):
    """A tree exactly as wide as its viewport: titles are elided, never scrolled sideways."""

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # A hidden header gets no resize events, so its stretch mode would never shrink.
        width = self.viewport().width()
        if self.header().sectionSize(0) != width:
            self.header().resizeSection(0, width)

    def selectionCommand(
        self, index: _Index, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        # A click on a folder folds it: the note on screen stays selected.
        if isinstance(index.data(FOLDER_ROLE), str):
            return QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)


class Navigator(QWidget):
    """Emits :attr:`noteActivated` with a folder-relative path when a note is chosen: clicked,
    Enter, or rested on with the arrow keys.

    The subfolders the reader opens are remembered per notes folder (in ``settings``, the
    app's own if none is given) and open again with the folder, in this run or the next.
    """

    noteActivated = Signal(str)
    #: The reader chose another order ("title" or "modified").
    orderChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._root: Path | None = None
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter notes")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter notes")
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("Sort notes")
        self.sort_box.setToolTip("Sort notes by title, or by date modified (newest first)")
        for key, text in SORTS:
            self.sort_box.addItem(text, key)
        self.sort_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model = NotesModel(self)
        self.proxy = NotesFilter(self.model, self)
        self.tree = NotesTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Notes")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setFrameShape(QTreeView.Shape.NoFrame)
        self.tree.setStyleSheet("QTreeView::item { padding: 4px 2px; }")
        self.tree.setIndentation(14)
        self.tree.setExpandsOnDoubleClick(False)  # a single click opens and folds a folder
        self.delegate = NoteDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        self.empty = QLabel("No notes match", self)
        self.empty.setEnabled(False)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.filter_box, 1)
        row.addWidget(self.sort_box)
        layout.addLayout(row)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        #: The note the window shows, so that resting on it does not open it again.
        self._shown: str | None = None
        self._expanded: set[str] = set()
        self._restoring = False
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview.timeout.connect(self._show_current)
        self.filter_box.textChanged.connect(self._filter)
        self.filter_box.returnPressed.connect(self._open_first)
        self.sort_box.currentIndexChanged.connect(self._sort_chosen)
        self.tree.activated.connect(self._activate)
        self.tree.clicked.connect(self._clicked)
        self.tree.expanded.connect(lambda index: self._remember_expanded(index, True))
        self.tree.collapsed.connect(lambda index: self._remember_expanded(index, False))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter_box)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(self.filter_box.clear)

    # What the window tells it

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = Settings()
        return self._settings

    def set_folder(self, folder: NotesFolder | None) -> None:
        root = folder.root if folder is not None else None
        if root != self._root:  # another folder: its own open subfolders
            self._root = root
            self._expanded = set(self.settings.expanded_folders(root)) if root else set()
        self.model.set_folder(folder)
        self._restore_view()

    def set_order(self, order: str) -> None:
        """Sort by ``order`` (a key of :data:`SORTS`) without announcing it."""
        found = self.sort_box.findData(order)
        if found >= 0 and found != self.sort_box.currentIndex():
            self.sort_box.blockSignals(True)
            self.sort_box.setCurrentIndex(found)
            self.sort_box.blockSignals(False)
            self.model.set_order(order)
            self._restore_view()

    def select(self, path: str) -> None:
        """Highlight ``path``, the note on screen, without activating it again."""
        self._shown = path
        index = self.proxy.mapFromSource(self.model.index_of(path))
        if not index.isValid():
            self.tree.clearSelection()
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        self.tree.setCurrentIndex(index)
        self._preview.stop()  # set by the window: the note is already on screen
        self.tree.scrollTo(index)

    # What tests and the window read

    def visible_paths(self) -> list[str]:
        """The notes the tree holds under the filter, in order (folded folders included)."""
        paths: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                path = index.data(PATH_ROLE)
                if isinstance(path, str):
                    paths.append(path)
                else:
                    walk(index)

        walk(QModelIndex())
        return paths

    def index_of(self, path: str) -> QModelIndex:
        """The tree's index of the note at ``path`` (invalid if filtered out)."""
        return self.proxy.mapFromSource(self.model.index_of(path))

    # Reacting

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        filtering = bool(text.strip())
        if filtering:
            self.tree.expandAll()
        else:
            # The filter is cleared: the reader's open folders, and the note on screen
            # selected and in view, as before the filter.
            self._restore_expanded()
            self._select_shown()
        nothing = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        self.empty.setVisible(nothing)

    def _restore_view(self) -> None:
        """After the rows were made again: the filter, the open folders, the selection."""
        self._filter(self.filter_box.text())
        self._select_shown()

    def _select_shown(self) -> None:
        """Select the note on screen, if the tree shows it, and scroll it into view."""
        if self._shown and (index := self.index_of(self._shown)).isValid():
            self._restoring = True  # the selection is put back, not moved by the reader
            self.tree.setCurrentIndex(index)
            self._restoring = False
            self.tree.scrollTo(index)

    def _restore_expanded(self) -> None:
        self.tree.blockSignals(True)
        self.tree.collapseAll()
        for path in self._expanded:
            if (index := self.model.folder_index(path)).isValid():
                self.tree.expand(self.proxy.mapFromSource(index))
        self.tree.blockSignals(False)

    def _remember_expanded(self, index: QModelIndex, expanded: bool) -> None:
        if self.filter_box.text().strip():
            return  # opened by the filter, not by the reader
        path = index.data(FOLDER_ROLE)
        if isinstance(path, str):
            (self._expanded.add if expanded else self._expanded.discard)(path)
            if self._root is not None:
                self.settings.set_expanded_folders(self._root, sorted(self._expanded))

    def _sort_chosen(self, _row: int) -> None:
        order = self.sort_box.currentData()
        if isinstance(order, str):
            self.model.set_order(order)
            self._restore_view()
            self.settings.note_order = order  # remembered for the next start
            self.orderChanged.emit(order)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Only the reader's own moves in the tree: not a filter or a sort moving the rows.
        moved = self.tree.hasFocus() and not self._restoring
        if moved and isinstance(current.data(PATH_ROLE), str):
            self._preview.start()

    def _show_current(self) -> None:
        path = self.tree.currentIndex().data(PATH_ROLE)
        if isinstance(path, str) and path != self._shown:
            self._shown = path
            self.noteActivated.emit(path)

    def _open_first(self) -> None:
        paths = self.visible_paths()
        if paths:
            self._shown = paths[0]
            self.noteActivated.emit(paths[0])

    def _clicked(self, index: QModelIndex) -> None:
        if isinstance(index.data(FOLDER_ROLE), str):
            self.tree.setExpanded(index, not self.tree.isExpanded(index))
        else:
            self._activate(index)

    def _activate(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        self._preview.stop()
        if isinstance(path, str) and path != self._shown:
            self._shown = path
            self.noteActivated.emit(path)
