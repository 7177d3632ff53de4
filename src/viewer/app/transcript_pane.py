"""The transcript pane, under the video: the words said, cue by cue, each with its time; the one
the video is at highlighted and kept in view while it plays.

    pane = TranscriptPane()
    pane.set_transcript(transcript, files, offset=0.5)     # or pane.show_message("…")
    pane.show_time(163.0, playing=True, follow=True)       # the player's time, as it goes
    pane.seekRequested.connect(playback.seek)              # a cue clicked, or Enter on it

It keeps the note's follow rules (:mod:`.follow`): a scroll by hand (the wheel, the keys that
scroll, a drag) pauses following for a few seconds, and a find holds it while it has words to
find. Lines selected copy as Markdown (Ctrl+C, or the pane's menu): a quote with a timestamp
anchor in the note's own convention, ready to paste into the note.

A plain list view, light on memory (no web view): its delegate wraps each cue's words itself,
from the width of each word measured once, and the list lays its rows out a batch at a time
between other events, so a three-hour transcript (about 10,000 cues) never holds the window up.
The cue played and the match found are repainted, never announced as changed data: a list view
lays every row out again for that.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSizePolicy,
    QStackedLayout,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.app.find_button import find_button
from viewer.app.follow import PAUSE_AFTER_HAND_SCROLL
from viewer.core.moments import timestamp_anchor
from viewer.core.timecode import Convention, format_seconds
from viewer.core.transcripts import Cue, Transcript, TranscriptFile

_ItemIndex = QModelIndex | QPersistentModelIndex

#: A quick glide to the cue the video is at, rather than a jump the eye loses.
GLIDE_MS = 180
#: Rows laid out between two turns of the event loop.
LAYOUT_BATCH = 250


def _dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def now_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The tint and the edge of the cue the video is at: those of the passage it is at in the
    note (note.css, ``[data-playing]``), in the light or the dark theme."""
    if _dark(palette):
        return QColor(255, 200, 60, 36), QColor("#d4a017")
    return QColor(255, 196, 0, 41), QColor("#e0a800")


def find_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """A find's matches, and the one it is at: the colours of a web page's find, fainter in
    the dark theme, where the words over them are light."""
    if _dark(palette):
        return QColor(255, 235, 0, 95), QColor(255, 150, 50, 140)
    return QColor(255, 235, 0, 170), QColor(255, 150, 50, 210)


def quote(cues: Sequence[Cue], rows: Sequence[int], convention: Convention) -> str:
    """The cues at ``rows`` as a Markdown quote to paste into a note: each run of rows that
    follow one another is a paragraph that starts with a timestamp anchor to its first cue,
    written in the note's ``convention``."""
    paragraphs: list[str] = []
    run: list[Cue] = []
    last = -2
    for row in sorted(rows):
        if run and row != last + 1:
            paragraphs.append(_quoted(run, convention))
            run = []
        run.append(cues[row])
        last = row
    if run:
        paragraphs.append(_quoted(run, convention))
    return "\n>\n".join(paragraphs)


def _quoted(run: Sequence[Cue], convention: Convention) -> str:
    words = " ".join(" ".join(cue.text.split()) for cue in run)
    return f"> {timestamp_anchor(run[0].start, convention)} {words}"


def wrap(words: Sequence[str], width: float, advance: Callable[[str], float]) -> list[str]:
    """``words`` in lines no wider than ``width``, as ``advance`` measures text; a word wider
    than a line on its own is broken between characters."""
    lines: list[str] = []
    line: list[str] = []
    space = advance(" ")
    x = 0.0
    for word in words:
        wide = advance(word)
        if line and x + space + wide > width:
            lines.append(" ".join(line))
            line, x = [], 0.0
        if not line and wide > width:
            pieces = _broken(word, width, advance)
            lines += pieces[:-1]
            word = pieces[-1]
            wide = advance(word)
        x = x + space + wide if line else wide
        line.append(word)
    if line or not lines:
        lines.append(" ".join(line))
    return lines


def line_count(words: Sequence[str], width: float, advance: Callable[[str], float]) -> int:
    """``len(wrap(words, width, advance))``, sooner: the count of a three-hour transcript's
    lines is worked out whenever the list's width changes."""
    space = advance(" ")
    count, x, empty = 1, 0.0, True
    for word in words:
        wide = advance(word)
        if wide > width:
            return len(wrap(words, width, advance))  # broken between characters
        if not empty and x + space + wide > width:
            count, x = count + 1, wide
        else:
            x, empty = (wide, False) if empty else (x + space + wide, False)
    return count


def _broken(word: str, width: float, advance: Callable[[str], float]) -> list[str]:
    pieces: list[str] = []
    start = 0
    for end in range(1, len(word) + 1):
        if end - start > 1 and advance(word[start:end]) > width:
            pieces.append(word[start : end - 1])
            start = end - 1
    pieces.append(word[start:])
    return pieces


class CueModel(QAbstractListModel):
    """The cues of the transcript on screen, the one the video is at, and what the find box
    looks for (the delegate marks them; the pane repaints their rows when they change)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cues: tuple[Cue, ...] = ()
        #: Each cue's words, one space between them (how it is shown and searched).
        self.texts: list[str] = []
        #: The row of the cue the video is at (through the gap after it, too).
        self.now: int | None = None
        #: What the find box looks for, and the row of the match it is at.
        self.pattern: re.Pattern[str] | None = None
        self.found: int | None = None

    def rowCount(self, parent: _ItemIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cues)

    def data(self, index: _ItemIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        row = index.row()
        return f"{format_seconds(self.cues[row].start)} {self.texts[row]}"

    def set_cues(self, cues: tuple[Cue, ...]) -> None:
        """Other cues: the list starts again."""
        self.beginResetModel()
        self.cues = cues
        self.texts = [" ".join(cue.text.split()) for cue in cues]
        self.now = self.found = None
        self.endResetModel()

    def set_times(self, cues: tuple[Cue, ...]) -> None:
        """The same cues at other times (the transcript shifted): the rows, their selection
        and the place in the list stay. (No ``dataChanged``: a list view lays every row out
        again for it; the view repaints instead.)"""
        assert len(cues) == len(self.cues)
        self.cues = cues


class CueDelegate(QStyledItemDelegate):
    """Draws a cue: its time in a column of its own, then its words wrapped to the width."""

    PAD_X, PAD_Y, GAP, BAR = 8, 4, 10, 3

    def __init__(self, model: CueModel, view: QListView) -> None:
        super().__init__(view)
        self.model, self.view = model, view
        self._advances: dict[str, float] = {}
        #: Each row's size once measured, for the width of text :attr:`_width`.
        self._sizes: list[QSize | None] = []
        #: The sizes of rows of one line, two lines…: rows of as many lines share one.
        self._by_count: dict[int, QSize] = {}
        self._width = 0.0
        self._time_width = 0.0
        self._metrics = QFontMetricsF(view.font())
        model.modelReset.connect(self.reset)

    def reset(self) -> None:
        """New cues (or a new font): sizes are measured again."""
        self._metrics = QFontMetricsF(self.view.font())
        self._advances.clear()
        self.refit_times()
        self._forget_sizes()

    def refit_times(self) -> bool:
        """Fit the column of times to the latest; whether its width changed (and the rows
        are to be measured again)."""
        longest = format_seconds(max((cue.start for cue in self.model.cues), default=0.0))
        # Digits are as wide as each other in nearly every font: the widest time, in zeros.
        wide = self._metrics.horizontalAdvance(re.sub(r"\d", "0", longest))
        if wide == self._time_width:
            return False
        self._time_width = wide
        self._forget_sizes()
        return True

    def width_changed(self) -> bool:
        """The list is wider or narrower: rows are measured again as they are laid out again.
        Whether the text's width changed."""
        if self._text_width() == self._width:
            return False
        self._forget_sizes()
        return True

    def _forget_sizes(self) -> None:
        self._width = self._text_width()
        self._sizes = [None] * len(self.model.texts)
        self._by_count.clear()

    def _text_width(self) -> float:
        # The room of a scroll bar is kept whether it shows or not: its coming would measure
        # every row again. And a pixel to spare: a line is drawn as one run, which may kern a
        # little wider than its words.
        view = self.view
        bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
        room = view.width() - 2 * view.frameWidth() - bar
        return max(40.0, room - self._text_left() - self.PAD_X - 2)

    def advance(self, text: str) -> float:
        wide = self._advances.get(text)
        if wide is None:
            wide = self._advances[text] = self._metrics.horizontalAdvance(text)
        return wide

    def _text_left(self) -> float:
        return self.PAD_X + self._time_width + self.GAP

    def lines(self, row: int) -> list[str]:
        """Cue ``row``'s words, in the lines it is drawn in."""
        return wrap(self.model.texts[row].split(" "), self._width, self.advance)

    def sizeHint(self, option: QStyleOptionViewItem, index: _ItemIndex) -> QSize:
        # Asked for each row as the list lays them out, a batch at a time (so a long
        # transcript never holds the window up): each row is measured then, once.
        row = index.row()
        size = self._sizes[row]
        if size is None:
            count = line_count(self.model.texts[row].split(" "), self._width, self.advance)
            size = self._by_count.get(count)
            if size is None:
                full = round(self._text_left() + self._width + self.PAD_X)
                spacing = self._metrics.lineSpacing()
                size = QSize(full, round(2 * self.PAD_Y + count * spacing))
                self._by_count[count] = size
            self._sizes[row] = size
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ItemIndex) -> None:
        row = index.row()
        model, metrics = self.model, self._metrics
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        tint, edge = now_colours(palette)
        painter.save()
        painter.setFont(self.view.font())
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif row == model.now:
            painter.fillRect(rect, tint)
        if row == model.now:
            painter.fillRect(QRect(rect.left(), rect.top(), self.BAR, rect.height()), edge)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        time_role = text_role if selected else QPalette.ColorRole.PlaceholderText
        baseline = rect.top() + self.PAD_Y + metrics.ascent()
        painter.setPen(palette.color(time_role))
        time_text = format_seconds(model.cues[row].start)
        painter.drawText(QPointF(rect.left() + self.PAD_X, baseline), time_text)
        painter.setPen(palette.color(text_role))
        left = rect.left() + self._text_left()
        others, this = find_colours(palette)
        mark = this if row == model.found else others
        for number, line in enumerate(self.lines(row)):
            y = baseline + number * metrics.lineSpacing()
            if model.pattern is not None:
                for match in model.pattern.finditer(line):
                    x = left + metrics.horizontalAdvance(line[: match.start()])
                    wide = metrics.horizontalAdvance(match.group())
                    painter.fillRect(QRectF(x, y - metrics.ascent(), wide, metrics.height()), mark)
            painter.drawText(QPointF(left, y), line)
        if state & QStyle.StateFlag.State_HasFocus and self.view.hasFocus():
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.restore()


#: Keys that move through the list (and scroll it): the reader is reading elsewhere.
_SCROLL_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
     Qt.Key.Key_End}
)  # fmt: skip


class CueList(QListView):
    """The list of cues: a plain click or Enter on a cue plays from it, Ctrl+C copies the
    lines selected, and it tells a scroll by the reader from one of the app's own."""

    #: A cue clicked (without Shift or Ctrl, which select) or Enter on it: its row.
    cueActivated = Signal(int)
    copyRequested = Signal()
    #: The reader scrolled the list: the wheel, a key that moves through it, a drag.
    handScrolled = Signal()
    #: The list is wider or narrower: its rows are wrapped again, and laid out again.
    rewrapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(False)
        # Laid out a batch of rows at a time between other events: a three-hour transcript
        # (10,000 cues) never holds the window up, when it comes or when the pane is resized.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self.setAccessibleName("Transcript")
        #: The row pressed without Shift or Ctrl, and where: a click on it plays from it.
        self._pressed: tuple[int, QPoint] | None = None
        self.viewport().installEventFilter(self)
        self.verticalScrollBar().actionTriggered.connect(lambda _action: self.handScrolled.emit())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Wrapped rows change height with the width (and only with it): laid out again then,
        # a moment later. (A scroll area's handlers get its viewport's events.)
        super().resizeEvent(event)
        delegate = self.itemDelegate()
        if isinstance(delegate, CueDelegate) and delegate.width_changed():
            self.rewrapped.emit()
            self.scheduleDelayedItemsLayout()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.cueActivated.emit(self.currentIndex().row())
            event.accept()
            return
        if event.key() in _SCROLL_KEYS:
            self.handScrolled.emit()
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        at = event.position().toPoint()
        index = self.indexAt(at)
        left = event.button() == Qt.MouseButton.LeftButton
        self._pressed = (index.row(), at) if plain and left and index.isValid() else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        pressed, self._pressed = self._pressed, None
        if pressed is not None and index.isValid() and index.row() == pressed[0]:
            self.cueActivated.emit(pressed[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            kind = event.type()
            if kind == QEvent.Type.Wheel:
                self.handScrolled.emit()
            elif (
                kind == QEvent.Type.MouseMove
                and isinstance(event, QMouseEvent)
                and event.buttons() & Qt.MouseButton.LeftButton
                and self._dragged(event.position().toPoint())
            ):
                self._pressed = None  # a drag selects: it does not play
                self.handScrolled.emit()
        return super().eventFilter(watched, event)

    def _dragged(self, at: QPoint) -> bool:
        """Has the pointer gone far enough from where it was pressed to be a drag?"""
        if self._pressed is None:
            return True
        return (at - self._pressed[1]).manhattanLength() >= QApplication.startDragDistance()


class _FindBox(QLineEdit):
    """Enter finds the next match, Shift+Enter the previous one, Esc leaves the find."""

    stepRequested = Signal(bool)  # backwards?
    leaveRequested = Signal()
    focused = Signal(bool)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepRequested.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.leaveRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: object) -> None:
        super().focusInEvent(event)  # type: ignore[arg-type]
        self.focused.emit(True)

    def focusOutEvent(self, event: object) -> None:
        super().focusOutEvent(event)  # type: ignore[arg-type]
        self.focused.emit(False)


class TranscriptPane(QWidget):
    """The transcript of the note on screen, under the video (see the module's description)."""

    #: The keys the pane handles itself, as Help › Keyboard Shortcuts lists them.
    KEYS = (
        ("Play from the cue", "Enter"),
        ("Copy the lines selected as Markdown", "Ctrl+C"),
        ("Find in the transcript", "Ctrl+F"),
        ("Next match, previous match", "Enter, Shift+Enter"),
    )

    #: Play the video from these seconds (a cue was clicked).
    seekRequested = Signal(float)
    #: The reader chose another of the note's transcript files (its :class:`TranscriptFile`).
    fileChosen = Signal(object)
    #: Markdown was copied: how many cues it quotes.
    copied = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptPane")
        self.transcript: Transcript | None = None
        #: The convention of the note's timestamps, which copied anchors are written in.
        self.convention: Callable[[], Convention] = lambda: Convention(true_hours=True)
        self.files: tuple[TranscriptFile, ...] = ()
        self.chosen: TranscriptFile | None = None
        #: Following waits until then (a scroll by hand), or while a find is going on.
        self.paused_until = 0.0
        self._held = False
        #: The cue the video is at has changed since it was last brought into view.
        self._unseen = False
        #: A row to bring into view once the list has laid it out (and whether to the middle).
        self._waiting: tuple[int, bool] | None = None
        self._matches: list[int] = []
        self._match = -1

        self.title = QLabel(self)
        self.title.setObjectName("transcriptTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.language = QToolButton(self)
        self.language.setObjectName("transcriptLanguage")
        self.language.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.language.setToolTip("The transcript's language")
        self.language.setAccessibleName("Transcript language")
        self.language.setMenu(QMenu(self.language))
        self.offset = QLabel(self)
        self.offset.setObjectName("transcriptOffset")
        self.find_box = _FindBox(self)
        self.find_box.setPlaceholderText("Find in transcript")
        self.find_box.setAccessibleName("Find in transcript")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(120)
        self.count = QLabel("", self)
        self.count.setObjectName("transcriptFindCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("9999 of 9999"))
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.previous = find_button(
            self, "▲", "Previous match (Shift+Enter)", lambda: self.step(True)
        )
        self.next = find_button(self, "▼", "Next match (Enter)", lambda: self.step(False))
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 6, 4)
        header.setSpacing(6)
        header.addWidget(self.title, 1)
        header.addWidget(self.language)
        header.addWidget(self.offset)
        header.addWidget(self.find_box, 1)
        header.addWidget(self.count)
        header.addWidget(self.previous)
        header.addWidget(self.next)
        #: What could not be read, above cues that could.
        self.notice = QLabel(self)
        self.notice.setObjectName("transcriptNotice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(8, 2, 8, 4)

        self.model = CueModel(self)
        self.list = CueList(self)
        self.list.setModel(self.model)
        self.delegate = CueDelegate(self.model, self.list)
        self.list.setItemDelegate(self.delegate)
        #: Instead of the list: no transcript, or one that could not be read.
        self.message = QLabel(self)
        self.message.setObjectName("transcriptMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setContentsMargins(16, 16, 16, 16)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.list)
        self._stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.notice)
        layout.addLayout(self._stack, 1)
        #: The glide to the cue the video is at, when it changes while followed.
        self.glide = QVariantAnimation(self)
        self.glide.setDuration(GLIDE_MS)
        self.glide.valueChanged.connect(lambda value: self.list.verticalScrollBar().setValue(value))
        self._connect()
        self.show_message("No transcript for this note.")

    def _connect(self) -> None:
        self.list.cueActivated.connect(self._play_from)
        self.list.copyRequested.connect(self.copy_selection)
        self.list.handScrolled.connect(self.pause)
        self.list.rewrapped.connect(self._rewrapped)
        # The list's height is known once its rows are laid out (a batch at a time).
        self.list.verticalScrollBar().rangeChanged.connect(self._laid_out)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.find_box.textChanged.connect(self._find)
        self.find_box.stepRequested.connect(self.step)
        self.find_box.leaveRequested.connect(self.leave_find)
        self.find_box.focused.connect(self._hold)
        self.find_box.textChanged.connect(self._hold)

    # What is shown

    def set_transcript(
        self,
        transcript: Transcript,
        files: Sequence[TranscriptFile] = (),
        offset: float = 0.0,
        at: float = 0.0,
    ) -> None:
        """Show ``transcript`` (already shifted by ``offset``), read from one of ``files``,
        the video at ``at``: a transcript new to the pane opens at the cue said then. The same
        cues at other times (a new offset) keep the selection and the place in the list."""
        before = self.transcript
        self.transcript = transcript
        self.files = tuple(files)
        self.chosen = next((file for file in files if file.path == transcript.file), None)
        same = (
            before is not None
            and before.file == transcript.file
            and [cue.text for cue in before.cues] == [cue.text for cue in transcript.cues]
        )
        # The list on screen first: its rows are measured for its width.
        self._stack.setCurrentWidget(self.list if transcript.cues else self.message)
        if same:
            self.model.set_times(transcript.cues)
            if self.delegate.refit_times():  # an hour more or less: a wider or narrower column
                self.list.scheduleDelayedItemsLayout()
            self.list.viewport().update()
        else:
            self.model.set_cues(transcript.cues)
            self._find(self.find_box.text())
        if not transcript.cues:
            self.message.setText(" ".join(transcript.problems) or "This transcript has no cues.")
        self._show_header(offset)
        self._show_problems(transcript.problems if transcript.cues else ())
        self.show_time(at)
        if not same and self.model.now is not None:
            self.bring_into_view(self.model.now, glide=False)
            self._unseen = False

    def show_message(self, sentence: str, file: TranscriptFile | None = None) -> None:
        """No cues to show: ``sentence`` says why (no transcript, or one that cannot be read)."""
        self.transcript = None
        self.files, self.chosen = ((file,), file) if file else ((), None)
        self.model.set_cues(())
        self._find(self.find_box.text())
        self.message.setText(sentence)
        self._stack.setCurrentWidget(self.message)
        self._show_header(0.0)
        self._show_problems(())

    def _show_header(self, offset: float) -> None:
        chosen = self.chosen
        self.title.setText(chosen.path.name if chosen else "Transcript")
        self.title.setToolTip(str(chosen.path) if chosen else "")
        menu = self.language.menu()
        menu.clear()
        for file in self.files:
            action = menu.addAction(file.language or file.path.name)
            action.setCheckable(True)
            action.setChecked(file == chosen)
            action.triggered.connect(lambda _on=False, file=file: self.fileChosen.emit(file))
        self.language.setText((chosen.language or "Language") if chosen else "")
        self.language.setVisible(len(self.files) > 1)
        self.offset.setText(offset_text(offset))
        self.offset.setToolTip(
            f"The transcript's times are shifted by {offset_text(offset)} "
            "(Playback › Reset Transcript Timing)"
        )
        self.offset.setVisible(bool(offset))

    def _show_problems(self, problems: Sequence[str]) -> None:
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.notice.setText(f"Some of this file could not be read: {problems[0]}{more}")
            self.notice.setToolTip("\n".join(problems))
        self.notice.setVisible(bool(problems))

    # Following the video

    @property
    def following(self) -> bool:
        """Would the cue the video is at be brought into view now?"""
        return not self._held and time.monotonic() >= self.paused_until

    def pause(self) -> None:
        """The reader scrolled by hand: following waits a few seconds."""
        self.glide.stop()
        self.paused_until = time.monotonic() + PAUSE_AFTER_HAND_SCROLL

    def _hold(self, _focused: object = None) -> None:
        """Following waits while a find is going on (the find box has the keyboard and words
        to find), then as after a scroll by hand."""
        held = self.find_box.hasFocus() and bool(self.find_box.text().strip())
        if self._held and not held:
            self.pause()
        self._held = held

    def show_time(self, seconds: float, playing: bool = False, follow: bool = True) -> None:
        """The video is at ``seconds``: highlight the cue said last, and bring it into view
        once it has changed, while the video plays and following is on (a paused video leaves
        the reader's place alone)."""
        transcript = self.transcript
        row = transcript.latest_at(seconds) if transcript is not None else None
        if row != self.model.now:
            before, self.model.now = self.model.now, row
            self._repaint(before, row)
            self._unseen = row is not None
        if self._unseen and row is not None and playing and follow and self.following:
            self._unseen = False
            self.bring_into_view(row)

    def bring_into_view(self, row: int, glide: bool = True, middle: bool = True) -> None:
        """Scroll so that cue ``row`` is in the middle of the list (or at its top), once the
        list has laid it out, if it has not yet."""
        rect = self.list.visualRect(self.model.index(row))
        if not rect.isValid():
            self._waiting = (row, middle)
            return
        self._waiting = None
        bar = self.list.verticalScrollBar()
        y = rect.center().y() - self.list.viewport().height() // 2 if middle else rect.top()
        target = max(bar.minimum(), min(bar.maximum(), bar.value() + y))
        self.glide.stop()
        if not glide or target == bar.value():
            bar.setValue(target)
            return
        self.glide.setStartValue(bar.value())
        self.glide.setEndValue(target)
        self.glide.start()

    def _repaint(self, *rows: int | None) -> None:
        """Draw ``rows`` again (the cue played or the match found moved). Only repaint: a
        model's ``dataChanged`` has a list view lay every row out again."""
        for row in rows:
            if row is not None and 0 <= row < self.model.rowCount():
                self.list.update(self.model.index(row))

    def _laid_out(self) -> None:
        if self._waiting is not None:
            row, middle = self._waiting
            self.bring_into_view(row, glide=False, middle=middle)

    def _rewrapped(self) -> None:
        # The rows' heights change with the width: once they are laid out again, the cue
        # followed is found again, or the row the reader had at the top.
        self.glide.stop()
        if self.model.now is not None and self.following:
            self._waiting = (self.model.now, True)
        elif (top := self.list.indexAt(QPoint(0, 0))).isValid():
            self._waiting = (top.row(), False)

    def is_in_view(self, row: int) -> bool:
        """Is cue ``row`` wholly inside the list's visible part?"""
        rect = self.list.visualRect(self.model.index(row))
        return rect.isValid() and self.list.viewport().rect().contains(rect)

    # Reading, playing and copying

    def _play_from(self, row: int) -> None:
        self.seekRequested.emit(self.model.cues[row].start)

    def selected_rows(self) -> list[int]:
        """The rows selected, in order; the keyboard's row when none is."""
        rows = sorted(index.row() for index in self.list.selectionModel().selectedIndexes())
        if not rows and self.list.currentIndex().isValid():
            rows = [self.list.currentIndex().row()]
        return rows

    def selected_markdown(self) -> str:
        """The lines selected as a Markdown quote ("" when none is)."""
        return quote(self.model.cues, self.selected_rows(), self.convention())

    def copy_selection(self) -> None:
        """Ctrl+C: the lines selected to the clipboard, as Markdown."""
        if text := self.selected_markdown():
            QGuiApplication.clipboard().setText(text)
            self.copied.emit(len(self.selected_rows()))

    def _context_menu(self, position: QPoint) -> None:
        """The list's menu, at ``position`` in its viewport: a cue right-clicked outside the
        selection becomes the selection, as in a file manager."""
        index = self.list.indexAt(position)
        selection = self.list.selectionModel()
        if index.isValid() and not selection.isSelected(index):
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            selection.setCurrentIndex(index, flags)
        menu = self.menu(index.row() if index.isValid() else None)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(position))

    def menu(self, row: int | None) -> QMenu:
        """The list's menu, for cue ``row`` (None: right-clicked below the cues)."""
        menu = QMenu(self)
        copy = menu.addAction("Copy as Markdown")
        copy.setObjectName("copyAsMarkdown")
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setEnabled(bool(self.selected_rows()))
        copy.triggered.connect(self.copy_selection)
        if row is not None:
            start = self.model.cues[row].start
            play = menu.addAction(f"Play from {format_seconds(start)}")
            play.triggered.connect(lambda: self.seekRequested.emit(start))
        menu.addSeparator()
        menu.addAction("Select All", self.list.selectAll)
        return menu

    # Finding

    def has_focus_within(self) -> bool:
        focus = QGuiApplication.focusObject()
        return isinstance(focus, QWidget) and (focus is self or self.isAncestorOf(focus))

    def open_find(self) -> None:
        """Ctrl+F in the pane: the find box, its text selected."""
        self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_box.selectAll()

    def leave_find(self) -> None:
        """Esc: the find is over; the keyboard goes back to the list."""
        self.find_box.clear()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def result(self) -> tuple[int, int]:
        """The match the find is at (from 1) and how many there are."""
        return (self._match + 1 if self._matches else 0), len(self._matches)

    def _find(self, text: str) -> None:
        words = " ".join(text.split())
        pattern = re.compile(re.escape(words), re.IGNORECASE) if words else None
        self.model.pattern = pattern
        texts = self.model.texts
        self._matches = (
            [row for row, said in enumerate(texts) if pattern.search(said)] if pattern else []
        )
        self._match = -1
        self._repaint(self.model.found)
        self.model.found = None
        if self._matches:
            # The first match from the top of what is on screen, as a page's find does.
            top = self.list.indexAt(QPoint(0, 0)).row()
            self._match = next((n for n, row in enumerate(self._matches) if row >= top), 0)
            self._go_to_match()
        self._show_count(bool(pattern))
        self.list.viewport().update()

    def step(self, backwards: bool) -> None:
        if not self._matches:
            return
        self._match = (self._match + (-1 if backwards else 1)) % len(self._matches)
        self._go_to_match()
        self._show_count(True)

    def _go_to_match(self) -> None:
        row = self._matches[self._match]
        self._repaint(self.model.found, row)
        self.model.found = row
        self.list.setCurrentIndex(self.model.index(row))
        self.bring_into_view(row, glide=False)

    def _show_count(self, looking: bool) -> None:
        at, total = self.result
        self.count.setText(f"{at} of {total}" if total else "No matches" if looking else "")


def offset_text(seconds: float) -> str:
    """``+0.5 s``, ``−1.5 s``: how far a transcript's times are shifted."""
    sign = "+" if seconds > 0 else "−" if seconds < 0 else ""
    return f"{sign}{abs(seconds):g} s"
