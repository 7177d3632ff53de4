"""The notes navigator: the folder's notes as a tree of its subfolders, with a filter box.

A tree rather than flat groups: a big folder is organised by its owner into subfolders
(people, talks, years), and a tree keeps that shape, folds away what is not being read, and
shows each title once, without its folder repeated. Subfolders come first, as in a file manager.

The tree is drawn as one list of rows (:mod:`viewer.core.note_tree`): a folder row, then, when
it is open, its rows. A list view lays out 50,000 rows in C++ without asking Python about each
one, so opening a folder of thousands of notes, filtering or sorting changes the list's length
at once and Python is asked only about the rows on screen. The tree of a folder read again, a
filter typed and another order are worked out in slices between the reader's events
(:mod:`viewer.app.slices`); for a folder of a few hundred notes or fewer, at once.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QShortcut,
    QStandardItemModel,
    QStaticText,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from viewer.app.batched_list import BatchedList
from viewer.app.settings import Settings
from viewer.app.slices import Job, Slices
from viewer.core.folder import NotesFolder
from viewer.core.note_table import NoteEntry
from viewer.core.note_tree import (
    BY_MODIFIED,
    BY_TITLE,
    Folder,
    Haystack,
    NoteTree,
    Placed,
    Row,
    filter_words,
    filtered,
    narrows,
)
from viewer.core.stepwise import Steps, finish

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # a note's folder-relative path; None for a folder
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2  # a subfolder's relative path; None for a note
VIDEO_ROLE = Qt.ItemDataRole.UserRole + 4
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 5

SORT_TITLE = BY_TITLE
SORT_MODIFIED = BY_MODIFIED
SORTS = ((SORT_TITLE, "Title"), (SORT_MODIFIED, "Date"))

VIDEO_MARK = "▶"
PROBLEM_MARK = "⚠"
#: Arrow keys move through the list; the note shows once the selection rests this long, so
#: holding an arrow down does not render every note it passes.
PREVIEW_DELAY_MS = 150
#: Rows the notes list lays out in one turn (see NotesList).
LAYOUT_BATCH = 2_000
#: A folder with this many notes or fewer is sorted and filtered at once, not in slices.
AT_ONCE = 300
#: How far a level of the tree is indented, and the room for a folder's arrow.
INDENT = 14

_Index = QModelIndex | QPersistentModelIndex


def _tooltip(entry: NoteEntry) -> str:
    lines = [entry.title, entry.path]
    if entry.has_video:
        lines.append(f"{VIDEO_MARK} has a video")
    if entry.problems:
        count = entry.problems
        lines.append(f"{PROBLEM_MARK} {count} problem{'s' * (count != 1)} (shown in the note)")
    return "\n".join(lines)


class NotesModel(QStandardItemModel):
    """The rows on screen: folders and notes, one list.

    A :class:`QStandardItemModel` for its row count alone (rows without items cost a
    pointer, and the view asks C++, not Python, for each one's index); what each row shows
    comes from :attr:`rows`, asked for the rows on screen only.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(1)
        #: Folders, and notes by their places in ``tree.notes``: an entry is made for the
        #: rows on screen alone (:meth:`row_item`).
        self.rows: list[Placed] = []
        self.tree = NoteTree(BY_TITLE)
        #: The tree the rows are of: where another's, a note's place may hold another note.
        self._rows_tree: NoteTree | None = None
        #: The folders the reader opened (by path), and those closed while a filter is on.
        self.opened: set[str] = set()
        self.closed_by_filter: set[str] = set()
        #: The places in ``tree.notes`` a filter keeps; None without a filter.
        self.matched: list[int] | None = None

    @property
    def folders(self) -> dict[str, Folder]:
        return self.tree.folders

    def is_open(self, folder: Folder) -> bool:
        if self.matched is not None:  # a filter opens every folder on the way to a match
            return folder.path not in self.closed_by_filter
        return folder.path in self.opened

    def all_rows(self) -> list[Placed]:
        return self.tree.placed_rows(self.tree.top, self.is_open, self.matched)

    def set_rows(self, rows: list[Placed]) -> None:
        """Show ``rows`` in place of the rows shown (the selection goes with them). As many
        rows as shown (a folder read again, a title changed): the rows that differ are said
        to have changed (``dataChanged``), and the view repaints them; every row removed and
        inserted again made it lay out the whole list (50,000 rows) in the same turn."""
        old, same_tree = self.rows, self._rows_tree is self.tree
        self._rows_tree = self.tree
        if old and len(old) == len(rows):
            self.rows = rows
            # Each tree made has its own folder rows: they differ too, and are repainted;
            # so are its notes, whose places may now hold other entries.
            changed = map(operator.ne, old, rows) if same_tree else itertools.repeat(True)
            differing = [*itertools.compress(range(len(rows)), changed)]
            if differing:
                self.dataChanged.emit(self.index(differing[0], 0), self.index(differing[-1], 0))
            return
        if old:
            self.removeRows(0, len(old))
        self.rows = rows
        if rows:
            self.insertRows(0, len(rows))

    def open_row(self, row: int) -> bool:
        """Open the folder at ``row``: its rows follow it. Whether it was closed."""
        folder = self.rows[row]
        if not isinstance(folder, Folder) or self.is_open(folder):
            return False
        self._mark(folder, True)
        under = self.tree.placed_rows(folder, self.is_open, self.matched)
        self.rows[row + 1 : row + 1] = under
        if under:
            self.insertRows(row + 1, len(under))
        return True

    def close_row(self, row: int) -> bool:
        """Close the folder at ``row``: its rows go. Whether it was open."""
        folder = self.rows[row]
        if not isinstance(folder, Folder) or not self.is_open(folder):
            return False
        count = len(self.tree.placed_rows(folder, self.is_open, self.matched))
        self._mark(folder, False)
        del self.rows[row + 1 : row + 1 + count]
        if count:
            self.removeRows(row + 1, count)
        return True

    def _mark(self, folder: Folder, open_: bool) -> None:
        if self.matched is not None:
            (self.closed_by_filter.discard if open_ else self.closed_by_filter.add)(folder.path)
        else:
            (self.opened.add if open_ else self.opened.discard)(folder.path)

    def row_of(self, placed: Placed) -> int | None:
        try:
            return self.rows.index(placed)  # a scan in C: about a millisecond for 50,000
        except ValueError:
            return None

    def index_of(self, path: str) -> QModelIndex:
        place = self.tree.place_of(path)
        row = self.row_of(place) if place is not None else None
        return QModelIndex() if row is None else self.index(row, 0)

    def folder_index(self, path: str) -> QModelIndex:
        folder = self.tree.folders.get(path)
        row = self.row_of(folder) if folder is not None else None
        return QModelIndex() if row is None else self.index(row, 0)

    def row_at(self, index: _Index) -> Row | None:
        row = index.row()
        return self.row_item(row) if index.isValid() and 0 <= row < len(self.rows) else None

    def row_item(self, row: int) -> Row:
        """The folder or the note's entry at ``row`` (of the tree the rows were made of)."""
        return (self._rows_tree or self.tree).row(self.rows[row])

    # Qt's model interface: the rows on screen only

    def flags(self, index: _Index) -> Qt.ItemFlag:
        # Asked for each row painted: told from the row kept, no note's entry made.
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.rows):
            return _NO_FLAGS
        return _FOLDER_FLAGS if isinstance(self.rows[row], Folder) else _NOTE_FLAGS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.row_at(index)
        if item is None:
            return None
        role = int(role)
        if isinstance(item, Folder):
            if role == _DISPLAY:
                return item.name
            return item.path if role in (_FOLDER_PATH, _TOOLTIP) else None
        if role == _DISPLAY:
            return item.title
        if role in (_PATH, _DESCRIPTION):
            return item.path
        if role == _TOOLTIP:
            return _tooltip(item)
        if role == _VIDEO:
            return item.has_video
        if role == _PROBLEMS:
            return item.problems
        return None


_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_FOLDER_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_NOTE_FLAGS = _FOLDER_FLAGS | Qt.ItemFlag.ItemIsSelectable
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_PATH, _FOLDER_PATH, _VIDEO, _PROBLEMS = (
    int(PATH_ROLE),
    int(FOLDER_ROLE),
    int(VIDEO_ROLE),
    int(PROBLEMS_ROLE),
)


class NoteDelegate(QStyledItemDelegate):
    """Draws a row: indented by its depth, a folder with its arrow, a note's title elided to
    the width and its marks at the right edge (one for a note with a video, one for a note
    with problems). Never wider than the view.

    It reads the row itself, not the model's data: a repaint draws every row on screen, and
    each question to the model is a call from C++ into Python. A title is elided and laid out
    once for the paints after (:class:`QStaticText`): a screenful of rows painted again is a
    third of the time it was when each paint elided and laid out its text (2.8 ms, was 9.7).
    """

    def __init__(self, view: NotesList) -> None:
        super().__init__(view)
        self.view = view
        self._drawn: dict[tuple[str, str, int, int], tuple[str, QStaticText, int]] = {}
        self._drawn_marks: dict[str, tuple[QStaticText, int]] = {}

    def marks(self, index: _Index) -> str:
        return _marks(self.view.notes_model.row_at(index))

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        height = option.fontMetrics.height() + 2 * self.view.padding
        return QSize(max(1, self.view.viewport().width()), height)

    def shown_title(self, option: QStyleOptionViewItem, index: _Index) -> str:
        """The title as drawn in ``option.rect``: elided if it does not fit."""
        item = self.view.notes_model.row_at(index)
        rect = option.rect
        right = min(rect.right(), self.view.viewport().width() - 1)
        return self._text(option.fontMetrics, item, _marks(item), right - rect.left())[0]

    def _text(
        self, metrics: QFontMetrics, item: Row | None, marks: str, width: int
    ) -> tuple[str, QStaticText, int]:
        """How a row ``width`` wide draws ``item``: its title elided to the room its marks
        leave, laid out once for every paint, and where it starts."""
        depth = _depth(item)
        name = item.name if isinstance(item, Folder) else item.title if item is not None else ""
        key = (name, marks, depth, width)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) >= _DRAWN_KEPT:
                self._drawn.clear()
            left = 2 + INDENT * (depth + 1)
            marks_width = metrics.horizontalAdvance(f" {marks} ") if marks else 0
            room = width - 2 - marks_width - left + 1
            title = metrics.elidedText(name, _ELIDE_RIGHT, room)
            text = QStaticText(title)
            text.setTextFormat(_PLAIN)
            drawn = self._drawn[key] = (title, text, left)
        return drawn

    def _marks_text(self, metrics: QFontMetrics, marks: str) -> tuple[QStaticText, int]:
        """``marks`` laid out once, and how wide they are (drawn flush with the right edge)."""
        drawn = self._drawn_marks.get(marks)
        if drawn is None:
            text = QStaticText(marks)
            text.setTextFormat(_PLAIN)
            drawn = self._drawn_marks[marks] = (text, metrics.horizontalAdvance(marks))
        return drawn

    def forget_texts(self) -> None:
        """Lay the titles out again (the font changed)."""
        self._drawn.clear()
        self._drawn_marks.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        view = self.view
        item = view.notes_model.row_at(index)
        rect = option.rect
        right = view.viewport().width() - 1
        if rect.right() > right:
            option = QStyleOptionViewItem(option)
            rect.setRight(right)
            option.rect = rect
        else:
            right = rect.right()
        style = view.style()
        style.drawControl(_ITEM, option, painter, view)
        marks = _marks(item)
        metrics = option.fontMetrics
        top, height = rect.top(), rect.height()
        _title, text, left = self._text(metrics, item, marks, right - rect.left())
        left += rect.left()
        palette = option.palette
        if isinstance(item, Folder):
            arrow = QStyleOption()
            arrow.rect = QRect(left - INDENT, top, INDENT, height)
            arrow.palette = palette
            arrow.state = _OPEN_FOLDER if view.notes_model.is_open(item) else _FOLDER
            style.drawPrimitive(_BRANCH, arrow, painter, view)
        selected = option.state & _SELECTED
        painter.setFont(option.font)
        painter.setPen(palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT))
        # Centred as a line of the font is (as Qt.AlignVCenter centres it).
        line_top = top + (height - metrics.height()) // 2
        painter.drawStaticText(left, line_top, text)
        if marks:
            if not selected:
                painter.setPen(palette.color(_PLACEHOLDER_TEXT))
            drawn_marks, marks_advance = self._marks_text(metrics, marks)
            painter.drawStaticText(right - 2 - marks_advance, line_top, drawn_marks)


#: What changes how a title is laid out.
_RELAID_BY = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
#: Titles laid out, kept for the next paints (a screenful is a few dozen).
_DRAWN_KEPT = 4096
# Qt's enums, looked up once: each look-up and each operation on one is a Python call.
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_ITEM = QStyle.ControlElement.CE_ItemViewItem
_BRANCH = QStyle.PrimitiveElement.PE_IndicatorBranch
_FOLDER = QStyle.StateFlag.State_Children | QStyle.StateFlag.State_Item
_OPEN_FOLDER = _FOLDER | QStyle.StateFlag.State_Open
_SELECTED = QStyle.StateFlag.State_Selected
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_PLACEHOLDER_TEXT = QPalette.ColorRole.PlaceholderText
_PLAIN = Qt.TextFormat.PlainText


def _same_row(one: Row | None, other: Row | None) -> bool:
    """Two rows for the same folder or note (each tree made has its own folders, and each
    row asked for its own entry)."""
    return (
        one is not None
        and other is not None
        and isinstance(one, Folder) == isinstance(other, Folder)
        and one.path == other.path
    )


def _marks(item: Row | None) -> str:
    if item is None or isinstance(item, Folder):
        return ""
    return (VIDEO_MARK if item.has_video else "") + (PROBLEM_MARK if item.problems else "")


def _depth(item: Row | None) -> int:
    if isinstance(item, Folder):
        return item.depth
    return item.path.count("/") if item is not None else 0


class NotesList(BatchedList):
    """The tree as a list, as wide as its viewport: titles are elided, never scrolled
    sideways. Folders open and close as in a tree view: a click, or the Left and Right keys.
    Laid out :data:`LAYOUT_BATCH` rows at a time (50,000 rows in one pass held the window for
    5.5 to 7.6 ms; a list changed by a filter, a sort or a folder read again is laid out
    anew)."""

    expanded = Signal(QModelIndex)
    collapsed = Signal(QModelIndex)

    def __init__(self, model: NotesModel, parent: QWidget | None = None) -> None:
        super().__init__(LAYOUT_BATCH, parent)
        self.notes_model = model
        self.padding = 4
        self.setModel(model)
        self.setUniformItemSizes(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A list lays its rows out again when its height changes, not its width; every row
        # is as wide as the view.
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in _RELAID_BY:
            delegate = self.itemDelegate()
            if isinstance(delegate, NoteDelegate):
                delegate.forget_texts()

    def isExpanded(self, index: _Index) -> bool:  # named as QTreeView names it
        item = self.notes_model.row_at(index)
        return isinstance(item, Folder) and self.notes_model.is_open(item)

    def expand(self, index: _Index) -> None:
        if index.isValid() and self.notes_model.open_row(index.row()):
            self.expanded.emit(self.notes_model.index(index.row(), 0))

    def collapse(self, index: _Index) -> None:
        if index.isValid() and self.notes_model.close_row(index.row()):
            self.collapsed.emit(self.notes_model.index(index.row(), 0))

    def setExpanded(self, index: _Index, expanded: bool) -> None:
        (self.expand if expanded else self.collapse)(index)

    def selectionCommand(
        self, index: _Index, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        # A click on a folder folds it: the note on screen stays selected.
        if isinstance(index.data(FOLDER_ROLE), str):
            return QItemSelectionModel.SelectionFlag.NoUpdate
        return super().selectionCommand(index, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        index = self.currentIndex()
        item = self.notes_model.row_at(index)
        if key == Qt.Key.Key_Right and isinstance(item, Folder):
            if self.isExpanded(index):
                below = self.notes_model.index(index.row() + 1, 0)
                if below.isValid():
                    self.setCurrentIndex(below)
            else:
                self.expand(index)
            return
        if key == Qt.Key.Key_Left and item is not None:
            if isinstance(item, Folder) and self.isExpanded(index):
                self.collapse(index)
                return
            up = self._row_of_folder_above(index.row(), _depth(item))
            if up is not None:
                self.setCurrentIndex(self.notes_model.index(up, 0))
            return
        super().keyPressEvent(event)

    def _row_of_folder_above(self, row: int, depth: int) -> int | None:
        rows = self.notes_model.rows
        for above in range(row - 1, -1, -1):
            item = rows[above]
            if isinstance(item, Folder) and item.depth < depth:
                return above
        return None


class FilterBox(QLineEdit):
    """The filter's line: says when the reader comes to it (a shortcut, a click, Tab) and
    when they leave it."""

    entered = Signal()
    left = Signal()

    _READER = (
        Qt.FocusReason.ShortcutFocusReason,
        Qt.FocusReason.MouseFocusReason,
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
    )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in self._READER:
            self.entered.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class Navigator(QWidget):
    """Emits :attr:`noteActivated` with a folder-relative path when a note is chosen: clicked,
    Enter, or rested on with the arrow keys.

    The subfolders the reader opens are remembered per notes folder (in ``settings``, the
    app's own if none is given) and open again with the folder, in this run or the next.
    """

    noteActivated = Signal(str)
    #: The reader chose another order ("title" or "modified").
    orderChanged = Signal(str)
    #: The list shows the folder, filter and order asked for (work in slices has ended).
    settledChanged = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        slices: Slices | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._root: Path | None = None
        self.slices = slices if slices is not None else Slices(self)
        self.filter_box = FilterBox(self)
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
        self.tree = NotesList(self.model, self)
        self.tree.setAccessibleName("Notes")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setFrameShape(QListView.Shape.NoFrame)
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
        self.order = SORT_TITLE
        self._folder: NotesFolder | None = None
        self._entries: Mapping[str, NoteEntry] = {}
        #: The folder's trees, by order, as far as made.
        self._trees: dict[str, NoteTree] = {}
        #: The last filter worked out: its words and what it kept, in which tree.
        self._last_filter: tuple[NoteTree, list[str], list[int]] | None = None
        #: The folder's notes as the filter reads them, while there is a filter (made when
        #: the reader comes to the filter, in slices, so that the first key need not).
        self._haystack: Haystack | None = None
        self._haystack_job: Job | None = None
        self._job: Job | None = None
        #: What the list shows: the tree, and the filter's words ([] for none).
        self._showing: tuple[NoteTree, list[str]] | None = None
        #: The note the window shows, so that resting on it does not open it again.
        self._shown: str | None = None
        self._restoring = False
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview.timeout.connect(self._show_current)
        self.filter_box.textChanged.connect(self._filter)
        self.filter_box.entered.connect(self._prepare_filter)
        self.filter_box.left.connect(self._filter_left)
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
            self.model.opened = set(self.settings.expanded_folders(root)) if root else set()
        self._folder = folder
        self._entries = folder.entries if folder is not None else {}
        self._trees.clear()
        self._last_filter = None
        self._drop_haystack()
        self._update()

    def set_order(self, order: str) -> None:
        """Sort by ``order`` (a key of :data:`SORTS`) without announcing it."""
        found = self.sort_box.findData(order)
        if found >= 0 and found != self.sort_box.currentIndex():
            self.sort_box.blockSignals(True)
            self.sort_box.setCurrentIndex(found)
            self.sort_box.blockSignals(False)
            self.order = order
            self._update()

    def select(self, path: str) -> None:
        """Highlight ``path``, the note on screen, without activating it again; its folders
        open if it is in closed ones."""
        self._shown = path
        index = self._reveal(path)
        if not index.isValid():
            self.tree.clearSelection()
            return
        self.tree.setCurrentIndex(index)
        self._preview.stop()  # set by the window: the note is already on screen
        self.tree.scrollTo(index)

    def _reveal(self, path: str) -> QModelIndex:
        """The index of the note at ``path``, its folders opened if they were closed (and
        remembered so, as if the reader had opened them); invalid if filtered out."""
        index = self.index_of(path)
        if not index.isValid() and self.model.matched is None and path in self._entries:
            for folder in self.model.tree.ancestors(path):
                self.tree.expand(self.model.folder_index(folder.path))
            index = self.index_of(path)
        return index

    # What tests and the window read

    def settled(self) -> bool:
        """The list shows the folder as last given, in the order and under the filter asked
        for (nothing left to work out in slices)."""
        return self._job is None and self._showing == (
            self._trees.get(self.order),
            filter_words(self.filter_box.text()),
        )

    def filter_prepared(self) -> bool:
        """Whether the folder's notes are ready for a filter (made when the reader comes to
        the filter box, let go when they leave it empty)."""
        folder, haystack = self._folder, self._haystack
        return folder is not None and haystack is not None and haystack.table is folder.table

    def visible_paths(self) -> list[str]:
        """The notes the tree holds under the filter, in order (folded folders included)."""
        tree, matched = self.model.tree, self.model.matched
        return list(map(tree.path, range(len(tree.notes)) if matched is None else matched))

    def index_of(self, path: str) -> QModelIndex:
        """The list's index of the note at ``path`` (invalid if filtered out or folded)."""
        return self.model.index_of(path)

    # Working out what to show

    def _update(self) -> None:
        """Show the folder in the order and under the filter asked for: at once if the tree
        and filter are known or the folder is small, else in slices."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        steps = self._work_out()
        if len(self._entries) <= AT_ONCE:
            self._worked_out(finish(steps))
        else:
            self._job = self.slices.start(steps, done=self._worked_out)

    def _worked_out(self, _none: None = None) -> None:
        self._job = None
        self.settledChanged.emit()

    def _work_out(self) -> Steps[None]:
        order = self.order
        tree = self._trees.get(order)
        if tree is None:
            if order == BY_TITLE and self._folder is not None:
                entries = yield from self._folder.in_title_order()
                built = NoteTree.build(entries, order, ordered=True)
            else:
                notes = self._folder.table if self._folder is not None else ()
                built = NoteTree.build(notes, order)
            tree = self._trees[order] = yield from built
        words = filter_words(self.filter_box.text())
        matched: list[int] | None = None
        if words:
            last = self._last_filter
            if last is not None and last[0] is tree and last[1] == words:
                matched = last[2]
            else:
                within = (
                    last[2]
                    if last is not None and last[0] is tree and narrows(last[1], words)
                    else None
                )
                table = tree.notes.table
                while self._haystack_job is not None and self._haystack_job.running:
                    yield  # being made: its slices and these share the loop's turns
                if self._haystack is None or self._haystack.table is not table:
                    self._haystack = yield from Haystack.of(table)
                matched = yield from filtered(tree, words, within, self._haystack)
                self._last_filter = (tree, words, matched)
        elif not self.filter_box.hasFocus():
            self._drop_haystack()
        self._show(tree, words, matched)

    def _show(self, tree: NoteTree, words: list[str], matched: list[int] | None) -> None:
        model = self.model
        was_filtering = model.matched is not None
        model.tree = tree
        model.matched = matched
        if matched is not None and not was_filtering:
            model.closed_by_filter = set()
        self._restoring = True
        current = model.row_at(self.tree.currentIndex())
        model.set_rows(model.all_rows())
        now = model.row_at(self.tree.currentIndex())
        if current is not None and not (now is current or _same_row(now, current)):
            self.tree.selectionModel().clear()  # as when the rows were removed
        self._restoring = False
        self._showing = (tree, words)
        self.empty.setVisible(matched is not None and not matched and bool(self._entries))
        self._select_shown()

    def _select_shown(self) -> None:
        """Select the note on screen, if the list holds it, and scroll it into view."""
        if self._shown and (index := self._reveal(self._shown)).isValid():
            self._restoring = True  # the selection is put back, not moved by the reader
            self.tree.setCurrentIndex(index)
            self._restoring = False
            self.tree.scrollTo(index)

    # Reacting

    def _prepare_filter(self) -> None:
        folder = self._folder
        if (
            folder is None
            or len(folder.table) <= AT_ONCE
            or (self._haystack is not None and self._haystack.table is folder.table)
            or (self._haystack_job is not None and self._haystack_job.running)
        ):
            return
        self._haystack_job = self.slices.start(Haystack.of(folder.table), done=self._made)

    def _made(self, haystack: Haystack) -> None:
        self._haystack_job = None
        self._haystack = haystack

    def _filter_left(self) -> None:
        if not filter_words(self.filter_box.text()):
            self._drop_haystack()

    def _drop_haystack(self) -> None:
        if self._haystack_job is not None:
            self._haystack_job.cancel()
            self._haystack_job = None
        self._haystack = None

    def _filter(self, text: str) -> None:
        if not filter_words(text):
            self.model.closed_by_filter = set()
        self._update()

    def _remember_expanded(self, index: QModelIndex, expanded: bool) -> None:
        if self.model.matched is not None:
            return  # opened or closed under the filter, not the reader's own tree
        path = index.data(FOLDER_ROLE)
        if isinstance(path, str) and self._root is not None:
            self.settings.set_expanded_folders(self._root, sorted(self.model.opened))

    def _sort_chosen(self, _row: int) -> None:
        order = self.sort_box.currentData()
        if isinstance(order, str):
            self.order = order
            self._update()
            self.settings.note_order = order  # remembered for the next start
            self.orderChanged.emit(order)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Only the reader's own moves in the list: not a filter or a sort moving the rows.
        moved = self.tree.hasFocus() and not self._restoring
        if moved and isinstance(current.data(PATH_ROLE), str):
            self._preview.start()

    def _show_current(self) -> None:
        path = self.tree.currentIndex().data(PATH_ROLE)
        if isinstance(path, str) and path != self._shown:
            self._shown = path
            self.noteActivated.emit(path)

    def _open_first(self) -> None:
        if self._job is not None:  # the first for what was typed, not for what was before
            self.slices.finish_now(self._job)
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
