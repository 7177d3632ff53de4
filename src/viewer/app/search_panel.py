"""The search panel (Ctrl+Shift+F): search the whole folder as you type; hits are moments.

A query box, a line for what the reader must know (a query that cannot be read, no results,
the index still being built) and the hits grouped by note (:mod:`viewer.app.search_results`).
The panel takes the place of the notes list while it is open, as the search of Obsidian and of
VS Code does: the list and the hits are both ways to pick a note, the reader wants one or the
other, and a separate dock would take width from the note and the video, which the hits lead to.

The query is sent ~200 ms after the last key (:data:`DEBOUNCE_MS`), with the last word read as
a prefix (:func:`as_typed`), so "sourd" already finds sourdough. Enter or a click opens the hit
and plays the video from its time; Ctrl+Enter or Ctrl+click (Cmd on a Mac) opens it without
touching the video. Up and Down move through the hits from the box; Esc goes back to the list.
The hits come a page at a time: the line above them says how many there are in all, and the
next page is asked for as the reader nears the end of the list. The panel only shows:
:class:`viewer.app.folder_search.FolderSearch` asks the index and opens what is chosen.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.app.search_results import HIT_ROLE, HitList

if TYPE_CHECKING:
    # Loaded with the first search, not with the window (see viewer.app.folder_search).
    from viewer.core.search import SearchCounts, SearchResults

DEBOUNCE_MS = 200
#: The last word is read as a prefix from this many characters: a shorter prefix matches
#: much of the folder and costs a quarter of a second on 10,000 notes.
PREFIX_FROM = 3
SYNTAX = (
    'Words, "a phrase", prefix*, lstm OR transformer, NOT word (or -word), '
    "title:word, tag:word; in:notes or in:transcript for only the notes' text or only what "
    "was said in their videos. Case and accents do not matter."
)
#: Said while a first look at the hits is listed, and the whole page is on its way.
SEARCHING = "Searching…"
_LAST_WORD = re.compile(r"(?:^|\s)([^\s\"()*:-][^\s\"()*:]*)$")


def as_typed(text: str) -> str:
    """The query for what is typed so far: the last word as a prefix, if it is a plain word
    being typed (not an operator, a phrase, a filter, a word left out, or unspaced script,
    which is matched inside words already)."""
    from viewer.core.search.query import UNSPACED

    if text.count('"') % 2 or not text or text[-1].isspace():
        return text
    match = _LAST_WORD.search(text)
    if match is None:
        return text
    word = match.group(1)
    if (
        len(word) < PREFIX_FROM
        or word in ("OR", "NOT", "AND")
        or UNSPACED.search(word)
        or not word[-1].isalnum()
    ):
        return text
    return text + "*"


class _QueryBox(QLineEdit):
    """Enter chooses a hit (with Ctrl, without seeking); Up and Down move through the hits."""

    entered = Signal(bool)  # seek?
    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            self.entered.emit(not control)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.moved.emit(1 if key == Qt.Key.Key_Down else -1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class SearchPanel(QWidget):
    """A query box, a message line and the hits; what it shows comes from outside."""

    #: Search for this (what :func:`as_typed` made of the box), after the reader paused.
    searchRequested = Signal(str)
    #: The next page of hits of the query shown (as sent), from this offset.
    moreRequested = Signal(str, int)
    #: A hit was chosen: the :class:`~viewer.core.search.Hit`, and whether to seek to it.
    hitChosen = Signal(object, bool)
    #: Esc or the close button: back to the notes list.
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        heading = QLabel("<b>Search notes</b>", self)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Back to the list of notes (Esc)")
        self.close_button.setAccessibleName("Close search")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.closeRequested)
        self.box = _QueryBox(self)
        self.box.setPlaceholderText("Search all notes")
        self.box.setAccessibleName("Search all notes")
        self.box.setToolTip(SYNTAX)
        self.box.setClearButtonEnabled(True)
        #: Why there is nothing to show, or how many hits there are.
        self.message = QLabel("", self)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        #: Said while the index is being built: the hits may not be all there are.
        self.building = QLabel("", self)
        self.building.setObjectName("searchBuilding")
        self.building.setWordWrap(True)
        self.building.setTextFormat(Qt.TextFormat.PlainText)
        self.building.setEnabled(False)
        self.building.hide()
        self.results = HitList(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(heading, 1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addWidget(self.building)
        layout.addWidget(self.results, 1)

        #: What the list shows the hits of (as sent), and what was last sent.
        self.shown = ""
        self.asked = ""
        #: The list holds the whole first page of what is shown, not a first look at it.
        self.complete = False
        #: Enter was pressed before the hits of what is typed came: choose the first then.
        self._enter: bool | None = None
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self.box.textChanged.connect(self._text_changed)
        self.box.entered.connect(self._entered)
        self.box.moved.connect(self.results.step)
        self.results.chosen.connect(self._chosen)
        self.results.moreWanted.connect(lambda offset: self.moreRequested.emit(self.shown, offset))
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.closeRequested)
        self._show_message("")

    def focus_box(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def search_again(self) -> None:
        """Ask again for what the box holds (the index changed)."""
        if self.box.text().strip():
            self._send()

    # Typing

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._timer.start()
            return
        self._timer.stop()
        self.shown = self.asked = ""
        self.results.hits.set_results(None, None)
        self._show_message("")

    def _send(self) -> None:
        self._timer.stop()
        self.asked = as_typed(self.box.text())
        self.searchRequested.emit(self.asked)

    # What came back

    def show_results(self, query: str, results: SearchResults, counts: SearchCounts | None) -> None:
        """The first page of hits of ``query`` (as it was sent), and how many there are in all;
        ignored if the reader typed on since. Without counts, a first look at them (a big
        folder's first notes ranked alone): the whole page follows, with its counts."""
        if query != self.asked:
            return
        self.shown = query
        self.complete = counts is not None
        self.results.hits.set_results(results, counts)
        if counts is None:
            self._show_message(SEARCHING)
        elif not counts.hits:
            self._show_message("No results")
        else:
            notes, hits = counts.notes, counts.hits
            self._show_message(
                f"{hits:,} hit{'s' * (hits != 1)} in {notes:,} note{'s' * (notes != 1)}"
            )
        self.results.step(1)  # the best hit is the one Enter opens
        if self._enter is not None and self.complete:
            seek, self._enter = self._enter, None
            self._choose_current(seek)

    def add_results(self, query: str, offset: int, results: SearchResults | None) -> None:
        """The page of hits of ``query`` from ``offset`` on (None: it could not be had), after
        those shown; ignored unless it is the page the list waits for."""
        hits = self.results.hits
        if query != self.shown or offset != hits.loaded:
            return
        if results is None:
            hits.total = hits.loaded  # the list ends here, rather than ask again and again
        else:
            hits.add_results(results)
        self.results.page_came()

    def show_error(self, query: str, sentence: str) -> None:
        """``query`` cannot be read: say why, in the words of :class:`QueryError`."""
        if query != self.asked:
            return
        self.shown = query
        self.complete = True
        self._enter = None
        self.results.hits.set_results(None, None)
        self._show_message(sentence)

    def set_building(self, done: int, total: int, transcripts: bool = False) -> None:
        """The index is being built (``total`` 0: it is complete); ``transcripts``: the count
        is of notes and transcripts."""
        what = "notes and transcripts" if transcripts else "notes"
        self.building.setText(
            f"The index is still being built ({done:,} of {total:,} {what} read): "
            "some hits may be missing."
            if total > 0
            else ""
        )
        self.building.setVisible(total > 0)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # Choosing

    def _entered(self, seek: bool) -> None:
        if not self.box.text().strip():
            return
        if self._timer.isActive() or self.shown != as_typed(self.box.text()) or not self.complete:
            self._enter = seek  # the hits of what is typed are not there yet
            if self._timer.isActive():
                self._send()
            return
        self._choose_current(seek)

    def _choose_current(self, seek: bool) -> None:
        row = self.results.currentIndex().row()
        if row < 0 and self.results.hits.rowCount():
            row = 1 if self.results.hits.is_title(0) and self.results.hits.rowCount() > 1 else 0
        if row >= 0:
            self._chosen(row, seek)

    def _chosen(self, row: int, seek: bool) -> None:
        hit = self.results.hits.index(row).data(HIT_ROLE)
        if hit is not None:
            self.results.select_row(row)
            self.hitChosen.emit(hit, seek and not self.results.hits.is_title(row))
