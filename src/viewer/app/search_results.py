"""The search panel's list: hits grouped under their note's title, each with its time and its
highlighted snippet; a hit in what was said in the note's video (its transcript) says so, with
a small "transcript" label before the words of its cue.

One flat list, a row for each note followed by a row for each of its hits: the panel is
narrow, and a tree's indentation and branch arrows would take width from the snippets. The
hits come a page at a time, note after note (:mod:`viewer.app.search_queries`): a page
appends its rows, under the last note's title when it goes on with that note, and as the
reader nears the end of the list, :attr:`HitList.moreWanted` asks for the next one. The
snippets are rich text drawn by a delegate with :class:`QTextDocument`, from
:meth:`viewer.core.search.Snippet.html`, which escapes the note's text and adds only
``<mark>``: nothing of a note is read as markup.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from viewer.app.batched_list import BatchedList
from viewer.core.timecode import format_seconds

if TYPE_CHECKING:
    from viewer.core.search import Hit, SearchCounts, SearchResults

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Hit of a row; the note's best one for a title
HTML_ROLE = Qt.ItemDataRole.UserRole + 2  # a hit's snippet as HTML
TIME_ROLE = Qt.ItemDataRole.UserRole + 3  # a hit's time as shown ("2:43"), "" for none
TITLE_ROLE = Qt.ItemDataRole.UserRole + 4  # True for a note's title row
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5  # a title row's hits in the text (not title:/tag:)
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 6  # a hit's source: "note" or "transcript"
#: Before the snippet of a hit in a transcript (the delegate draws it in the note pane's
#: quieter colour).
TRANSCRIPT_LABEL = '<span class="source">transcript</span> '
#: The source label's colour: quieter than the text (the selection's text colour on a
#: selected row).
_SOURCE_COLOUR = "#6e7781"


def _style(source_colour: str) -> str:
    """The list's rich text: <mark> as in the note pane, and the source label."""
    return (
        "mark { background-color: #fde68a; color: #1f2328; }"
        f" .source {{ color: {source_colour}; font-size: small; }}"
    )


_PAD = 6
_TIME_GAP = 8
#: Rows laid out between two turns of the event loop.
LAYOUT_BATCH = 8
#: Snippets kept laid out, to be drawn without laying them out again (the last used).
DOCUMENTS_KEPT = 300
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class _Row:
    #: The note's first hit (what its title row opens).
    first: Hit
    hit: Hit | None  # None: the note's title row


def time_text(hit: Hit) -> str:
    """The time a hit belongs to, as the note pane shows timestamps ("2:43"); "" for none."""
    return format_seconds(hit.seconds) if hit.seconds is not None else ""


class HitsModel(QAbstractListModel):
    """The rows of one query: a note's title, then its hits, note after note, best first; the
    pages of hits given so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        #: Each hit row's snippet as HTML, made when first asked for (each row's size and
        #: paint asks for it).
        self._html: dict[int, str] = {}
        #: Hits of the query in all, and of each note listed so far (by path).
        self.total = 0
        self.counts: dict[str, int] = {}
        #: Hits given so far (the offset of the next page).
        self.loaded = 0

    def set_results(self, results: SearchResults | None, counts: SearchCounts | None) -> None:
        """The first page of a query's hits (None: no query), with its counts."""
        hits = results.hits if results is not None else ()
        self.beginResetModel()
        self.counts = dict(results.note_hits) if results is not None else {}
        self.total = counts.hits if counts is not None else 0
        self.rows = self._rows(hits, None)
        self._html = {}
        self.loaded = len(hits)
        self.endResetModel()

    def add_results(self, results: SearchResults) -> None:
        """The next page of hits: under the last note's title if they go on with that note."""
        rows = self._rows(results.hits, self.rows[-1].first if self.rows else None)
        self.counts.update(results.note_hits)
        self.loaded += len(results.hits)
        if not results.hits:
            self.total = self.loaded  # fewer than counted: the index changed meanwhile
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows += rows
            self.endInsertRows()

    def has_more(self) -> bool:
        return self.loaded < self.total

    @staticmethod
    def _rows(hits: tuple[Hit, ...], last: Hit | None) -> list[_Row]:
        """Rows for ``hits``, after the rows of the note whose first hit is ``last``."""
        rows: list[_Row] = []
        for hit in hits:
            if last is None or last.path != hit.path:
                last = hit
                rows.append(_Row(hit, None))
            if hit.in_text:
                rows.append(_Row(last, hit))
        return rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  # Qt's default
        return 0 if parent.isValid() else len(self.rows)

    def is_title(self, row: int) -> bool:
        return 0 <= row < len(self.rows) and self.rows[row].hit is None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        first, hit = row.first, row.hit
        if role == HIT_ROLE:
            return hit if hit is not None else first
        if role == TITLE_ROLE:
            return hit is None
        if hit is None:
            # Hits in the text (a note found by title: or tag: alone has none).
            count = self.counts.get(first.path, 0) if first.in_text else 0
            if role == COUNT_ROLE:
                return count
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{first.title} ({count} hit{'s' * (count != 1)})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return first.path
            return None
        spoken = hit.in_transcript
        if role == Qt.ItemDataRole.DisplayRole:
            said = "transcript " if spoken else ""
            return f"{time_text(hit)} {said}{hit.snippet.text}".strip()
        if role == HTML_ROLE:
            html = self._html.get(index.row())
            if html is None:
                html = self._html[index.row()] = (
                    TRANSCRIPT_LABEL if spoken else ""
                ) + hit.snippet.html()
            return html
        if role == TIME_ROLE:
            return time_text(hit)
        if role == SOURCE_ROLE:
            return hit.source
        if role == Qt.ItemDataRole.ToolTipRole:
            if spoken:
                language = f" ({hit.language})" if hit.language else ""
                where = f"{first.title} › said in the video{language}"
            else:
                where = f"{first.title} › {hit.section}" if hit.section else first.title
            time = time_text(hit)
            return f"{where}\n{f'Play from {time}' if time else 'No time in the video'}"
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a title row (bold, with its count) or a hit row (time, snippet) at any width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        #: Each snippet's height, by its text, width and font: the list asks for a row's
        #: size hint more than once (each layout, each scroll to a row).
        self._heights: dict[tuple[str, int, str], int] = {}
        #: The snippets laid out last, by the same key and the selection's text colour (empty
        #: for a row not selected), to be drawn as they were measured: a row laid out again at
        #: each paint took a millisecond (a screenful, 12 ms).
        self._documents: OrderedDict[tuple[str, int, str, str], QTextDocument] = OrderedDict()
        #: The last font asked about, and its key.
        self._font: QFont | None = None
        self._key = ""
        #: The time column's width, and the key of the font it was measured in.
        self._time_font: str | None = None
        self._time = 0

    def _font_key(self, font: QFont) -> str:
        """``font.key()``, worked out again only when the font changes: it takes a tenth of
        a millisecond, and each row's size and paint asks for it."""
        if self._font is None or font != self._font:
            self._font, self._key = QFont(font), font.key()
        return self._key

    def forget(self) -> None:
        """Let go of the heights and the snippets kept (the hits were replaced)."""
        self._heights.clear()
        self._documents.clear()

    def _laid_out(
        self, html: str, width: int, option: QStyleOptionViewItem, selected: bool = False
    ) -> QTextDocument:
        """The snippet ``html`` laid out at ``width`` (in the selection's colours if
        ``selected``), kept for the next asking."""
        colour = option.palette.color(QPalette.ColorRole.HighlightedText).name() if selected else ""
        key = (html, width, self._font_key(option.font), colour)
        document = self._documents.get(key)
        if document is None:
            document = self._documents[key] = self._document(html, width, option, selected)
            if len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
        else:
            self._documents.move_to_end(key)
        return document

    def _document(
        self, html: str, width: int, option: QStyleOptionViewItem, selected: bool = False
    ) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(option.font)
        # The note pane's <mark> colours: dark text on amber, readable in light and dark. The
        # rest of the text takes the palette's colour when drawn (see paint), the source
        # label its own, which must stay readable on a selected row.
        colour = (
            option.palette.color(QPalette.ColorRole.HighlightedText).name()
            if selected
            else _SOURCE_COLOUR
        )
        document.setDefaultStyleSheet(_style(colour))
        document.setHtml(html)
        document.setTextWidth(max(40, width))
        return document

    def _time_width(self, option: QStyleOptionViewItem) -> int:
        """The width of the time column (the same for each row of a font: measured once)."""
        key = self._font_key(option.font)
        if key != self._time_font:
            self._time_font, self._time = key, option.fontMetrics.horizontalAdvance("0:00:00")
        return self._time

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = self.view.viewport().width()
        return width - 2 * _PAD - self._time_width(option) - _TIME_GAP

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        # The view's option as it is: the model gives no font or other look of its own, and
        # the list asks each row's size at each layout (asking the model each of its roles
        # first was a third of the time a panel took to come back).
        line = option.fontMetrics.height()
        if index.data(TITLE_ROLE):
            first = index.row() == 0
            return QSize(self.view.viewport().width(), line + _PAD * (2 if first else 3))
        html, width = str(index.data(HTML_ROLE)), self._text_width(option)
        key = (html, width, self._font_key(option.font))
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self._measure(html, width, option)
        return QSize(self.view.viewport().width(), height + _PAD)

    def _measure(self, html: str, width: int, option: QStyleOptionViewItem) -> int:
        """The height of a snippet laid out as rich text at ``width``."""
        return round(self._laid_out(html, width, option).size().height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # The row's background (selected, hovered) as the style draws it; its text drawn
        # here. Not filled in from the model's roles first: each is asked of the model in
        # Python (a tenth of a millisecond a row), and none but the text, drawn here, is set.
        style = self.view.style()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, self.view)
        palette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(_PAD, 0, -_PAD, 0)
        painter.save()
        if index.data(TITLE_ROLE):
            count = int(index.data(COUNT_ROLE))
            top = 0 if index.row() == 0 else _PAD
            rect = rect.adjusted(0, top, 0, 0)
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(palette.color(role))
            number = str(count) if count else ""
            number_width = painter.fontMetrics().horizontalAdvance(number) + 2 * _PAD
            title = str(index.data(HIT_ROLE).title)
            elided = painter.fontMetrics().elidedText(
                title, Qt.TextElideMode.ElideRight, rect.width() - number_width
            )
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter), elided)
            if not selected:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setFont(option.font)
            painter.drawText(
                rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), number
            )
            painter.restore()
            return
        time_width = self._time_width(option)
        time_rect = QRect(
            rect.left(), rect.top() + _PAD // 2, time_width, option.fontMetrics.height()
        )
        link = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link
        painter.setPen(palette.color(link))
        painter.drawText(
            time_rect,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            index.data(TIME_ROLE),
        )
        left = rect.left() + time_width + _TIME_GAP
        # At the width it was measured at (the same as the row's, but for a pixel).
        html, width = str(index.data(HTML_ROLE)), self._text_width(option)
        document = self._laid_out(html, width, option, selected)
        painter.translate(left, rect.top() + _PAD // 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(role))
        document.documentLayout().draw(painter, context)
        painter.restore()


class HitList(BatchedList):
    """The list of hits: Enter or a click chooses one; with Ctrl (Cmd on a Mac), without
    seeking the video. Nearing its end asks for the next page of hits."""

    #: The row chosen, and whether to seek the video to its time.
    chosen = Signal(int, bool)
    #: The reader is near the end of the hits given and there are more: the offset of the
    #: next page. Asked once per page (:meth:`page_came` allows the next).
    moreWanted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        # A row's height lays its snippet out as rich text (a millisecond or so): a page of
        # hits laid out at once held the window 40 ms. A few rows at a time, between events;
        # with the scroll bar always there (a bar that came and went as the rows grew would
        # change the width, and start the layout over, again and again).
        super().__init__(LAYOUT_BATCH, parent)
        self._pressed = -1
        #: The offset of the page asked for and not come yet, else None.
        self._asked: int | None = None
        self.hits = HitsModel(self)
        self.setModel(self.hits)
        self.delegate = HitDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Rows are as tall as their snippets at the list's width: laid out again on a resize.
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setWordWrap(True)
        self.setAccessibleName("Search results")
        self.verticalScrollBar().valueChanged.connect(self._near_end)
        self.hits.modelReset.connect(self.page_came)
        self.hits.modelReset.connect(self.delegate.forget)

    def page_came(self) -> None:
        """The page asked for is here (or the hits were replaced): the next may be asked, once
        the list is laid out again (:meth:`updateGeometries`)."""
        self._asked = None

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._near_end()

    def _near_end(self, *_args: int) -> None:
        """Ask for the next page when less than a screenful of the list is left below."""
        if self._asked is not None or not self.hits.has_more():
            return
        last = self.hits.index(self.hits.rowCount() - 1, 0)
        if last.isValid() and not self.visualRect(last).isValid():
            return  # still being laid out, a batch at a time: the list is longer than it seems
        bar = self.verticalScrollBar()
        if bar.maximum() - bar.value() <= self.viewport().height():
            self._asked = self.hits.loaded
            self.moreWanted.emit(self._asked)

    def step(self, delta: int) -> None:
        """Move the selection ``delta`` hits down (up if negative), over the title rows."""
        rows = [row for row in range(self.hits.rowCount()) if not self.hits.is_title(row)]
        if not rows:
            return
        current = self.currentIndex().row()
        if current in rows:
            place = rows.index(current) + delta
        else:
            later = [i for i, row in enumerate(rows) if row > current]
            place = (later[0] if later else len(rows)) + (delta - 1 if delta > 0 else delta)
        self.select_row(rows[max(0, min(len(rows) - 1, place))])

    def select_row(self, row: int) -> None:
        index = self.hits.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.chosen.emit(self.currentIndex().row(), not _without_seeking(event))
            event.accept()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step(1 if key == Qt.Key.Key_Down else -1)
            event.accept()
        else:
            super().keyPressEvent(event)

    def selectionCommand(
        self, index: _Index, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        # Ctrl+click opens without seeking: it must not take the row out of the selection.
        if isinstance(event, QMouseEvent):
            return QItemSelectionModel.SelectionFlag.ClearAndSelect
        return super().selectionCommand(index, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._pressed = self.indexAt(event.position().toPoint()).row()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        row = self.indexAt(event.position().toPoint()).row()
        if event.button() == Qt.MouseButton.LeftButton and row >= 0 and row == self._pressed:
            self.chosen.emit(row, not _without_seeking(event))
        self._pressed = -1


def _without_seeking(event: QKeyEvent | QMouseEvent) -> bool:
    return bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
