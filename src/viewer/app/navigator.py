"""The notes navigator: the folder's notes as a tree of its subfolders, with a filter box.

A tree rather than flat groups: a big folder is organised by its owner into subfolders
(people, talks, years), and a tree keeps that shape, folds away what is not being read, and
shows each title once, without its folder repeated. Subfolders come first, as in a file manager.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QPainter, QShortcut, QStandardItem, QStandardItemModel
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

from viewer.core.folder import NoteEntry, NotesFolder

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # a note's folder-relative path; None for a folder
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2  # a subfolder's relative path; None for a note
MTIME_ROLE = Qt.ItemDataRole.UserRole + 3
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


def _note_item(entry: NoteEntry) -> QStandardItem:
    item = QStandardItem(entry.title)
    item.setEditable(False)
    item.setData(entry.path, PATH_ROLE)
    item.setData(entry.stamp.mtime_ns, MTIME_ROLE)
    item.setData(entry.has_video, VIDEO_ROLE)
    item.setData(entry.problems, PROBLEMS_ROLE)
    item.setData(_tooltip(entry), Qt.ItemDataRole.ToolTipRole)
    item.setData(entry.path, Qt.ItemDataRole.AccessibleDescriptionRole)
    return item


def _folder_item(path: str) -> QStandardItem:
    item = QStandardItem(path.rsplit("/", 1)[-1])
    item.setEditable(False)
    item.setSelectable(False)
    item.setData(path, FOLDER_ROLE)
    item.setData(path, Qt.ItemDataRole.ToolTipRole)
    return item


class NotesModel(QStandardItemModel):
    """The folder's notes under items for their subfolders."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notes: dict[str, QStandardItem] = {}
        self.folders: dict[str, QStandardItem] = {}

    def set_folder(self, folder: NotesFolder | None) -> None:
        self.clear()
        self.notes, self.folders = {}, {}
        # Built apart from the model and added at once: one signal, not one per note.
        top: list[QStandardItem] = []
        for entry in folder or ():
            item = _note_item(entry)
            self.notes[entry.path] = item
            parent = entry.path.rpartition("/")[0]
            if parent:
                self._folder(parent, top).appendRow(item)
            else:
                top.append(item)
        if top:
            self.invisibleRootItem().appendRows(top)

    def _folder(self, path: str, top: list[QStandardItem]) -> QStandardItem:
        if (found := self.folders.get(path)) is not None:
            return found
        item = self.folders[path] = _folder_item(path)
        parent = path.rpartition("/")[0]
        if parent:
            self._folder(parent, top).appendRow(item)
        else:
            top.append(item)
        return item

    def index_of(self, path: str) -> QModelIndex:
        item = self.notes.get(path)
        return item.index() if item is not None else QModelIndex()


class NotesProxy(QSortFilterProxyModel):
    """Sorts folders first, then notes by title or newest first; keeps notes whose title or
    path holds every word typed, with the folders on the way to them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.order = SORT_TITLE
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_order(self, order: str) -> None:
        self.order = order
        self.invalidate()
        self.sort(0)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(row, 0, parent)
        path = index.data(PATH_ROLE)
        if not isinstance(path, str):
            return False  # a folder shows when one of its notes does (recursive filtering)
        haystack = f"{index.data()} {path}".casefold()
        return all(word in haystack for word in self._words)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        left_folder, right_folder = left.data(FOLDER_ROLE), right.data(FOLDER_ROLE)
        if (left_folder is None) != (right_folder is None):
            return left_folder is not None
        if left_folder is None and self.order == SORT_MODIFIED:
            left_time, right_time = left.data(MTIME_ROLE), right.data(MTIME_ROLE)
            if left_time != right_time:
                return bool(left_time > right_time)  # newest first
        left_key = (str(left.data()).casefold(), str(left.data(PATH_ROLE) or left_folder))
        right_key = (str(right.data()).casefold(), str(right.data(PATH_ROLE) or right_folder))
        return left_key < right_key


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


class Navigator(QWidget):
    """Emits :attr:`noteActivated` with a folder-relative path when a note is chosen: clicked,
    Enter, or rested on with the arrow keys."""

    noteActivated = Signal(str)
    #: The reader chose another order ("title" or "modified").
    orderChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.proxy = NotesProxy(self)
        self.proxy.setSourceModel(self.model)
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
        self.proxy.sort(0)

    # What the window tells it

    def set_folder(self, folder: NotesFolder | None) -> None:
        self.model.set_folder(folder)
        self.proxy.sort(0)
        self._filter(self.filter_box.text())

    def set_order(self, order: str) -> None:
        """Sort by ``order`` (a key of :data:`SORTS`) without announcing it."""
        found = self.sort_box.findData(order)
        if found >= 0 and found != self.sort_box.currentIndex():
            self.sort_box.blockSignals(True)
            self.sort_box.setCurrentIndex(found)
            self.sort_box.blockSignals(False)
            self.proxy.set_order(order)

    def select(self, path: str) -> None:
        """Highlight ``path``, the note on screen, without activating it again."""
        self._shown = path
        index = self.proxy.mapFromSource(self.model.index_of(path))
        self._preview.stop()
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
            self._restore_expanded()
        nothing = self.proxy.rowCount() == 0 and self.model.rowCount() > 0
        self.empty.setVisible(nothing)

    def _restore_expanded(self) -> None:
        self.tree.blockSignals(True)
        self.tree.collapseAll()
        for path in self._expanded:
            if (item := self.model.folders.get(path)) is not None:
                self.tree.expand(self.proxy.mapFromSource(item.index()))
        self.tree.blockSignals(False)

    def _remember_expanded(self, index: QModelIndex, expanded: bool) -> None:
        if self.filter_box.text().strip():
            return  # opened by the filter, not by the reader
        path = index.data(FOLDER_ROLE)
        if isinstance(path, str):
            (self._expanded.add if expanded else self._expanded.discard)(path)

    def _sort_chosen(self, _row: int) -> None:
        order = self.sort_box.currentData()
        if isinstance(order, str):
            self.proxy.set_order(order)
            if self._shown:
                self.tree.scrollTo(self.index_of(self._shown))
            self.orderChanged.emit(order)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Only the reader's own moves in the tree: not a filter or a sort moving the rows.
        if self.tree.hasFocus() and isinstance(current.data(PATH_ROLE), str):
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
