"""The quick switcher (Ctrl+P): type a few letters of a note's title, alias or path, Enter.

Typing never waits for the ranking. The folder's names are prepared once per read of the
folder, in slices between the reader's events (:mod:`viewer.app.slices`), with what did not
change kept from the last time. Each key starts a ranking of its own
(:mod:`viewer.core.ranking`), run in slices too, and cancels the one before it, whose results
are then never shown. The first results (the best of a first look) come 15 ms after the key
if the ranking has not ended by then, the final ones as soon as they are final: what the
ranking keeps for the next key is worked out after them, and a key typed meanwhile lets it
finish before its own ranking narrows it. Finished rankings are kept
for the queries typed since the switcher opened: a letter typed narrows the last one, a letter
taken back shows its results again at once. A folder of a few hundred notes or fewer is
prepared and ranked at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Generator, Sequence

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

from viewer.app.slices import Job, Slices
from viewer.core.candidates import Candidates, CandidatesBuilder
from viewer.core.folder import NotesFolder
from viewer.core.note_table import NoteEntry, title_order
from viewer.core.ranking import Ranking, narrows, words_of
from viewer.core.stepwise import Steps, finish, sorted_stepwise

MAX_SHOWN = 50
#: A path matches less well than the title or an alias spelling the same letters.
PATH_PENALTY = 2.0
#: Finished rankings kept, for the letters typed and taken back while the switcher is open.
KEPT = 32
#: Of those, the last this many keep their bounds, for a letter typed after them.
KEPT_BOUNDS = 2
#: A ranking still going this long after its key shows its first look (the best so far).
FIRST_AFTER_S = 0.015
#: Names prepared between two steps: a note's names folded take about 30 µs, so a step stays
#: well within a slice (at 50,000 notes, 500 a step took 18 ms, over a frame; 100 a step took
#: 2.9 ms, at most 6.3, and ran the slices of 4 ms to 6 to 10).
PREPARE_STEP = 25
#: A folder with this many notes or fewer is prepared and ranked at once, not in slices.
AT_ONCE = 300
_PATH = Qt.ItemDataRole.UserRole + 1
_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 8,
    Qt.Key.Key_PageUp: -8,
}


def names(entry: NoteEntry) -> list[tuple[str, float]]:
    """A note's names, each with what is taken off its score: its title, aliases and path."""
    return [
        (entry.title, 0.0),
        *((alias, 0.0) for alias in entry.aliases),
        (entry.path.removesuffix(".md"), PATH_PENALTY),
    ]


def label(entry: NoteEntry, matched: int | None = None) -> str:
    """A match as the list shows it: its title, the alias that matched when one did better
    than the title (else a title may seem to match nothing typed), and its folder.
    ``matched`` is which of its :func:`names` scored best."""
    shown = entry.title
    if matched is not None and 0 < matched <= len(entry.aliases):
        shown = f"{shown}  ({entry.aliases[matched - 1]})"
    where = entry.path.rpartition("/")[0]
    return f"{shown}  —  {where}" if where else shown


def prepare(
    entries: Sequence[NoteEntry],
    before: Candidates[NoteEntry] | None = None,
    ordered: bool = False,
) -> Steps[Candidates[NoteEntry]]:
    """The candidates of ``entries``, in title order (which breaks ties in a ranking), in
    steps; ``ordered``: they are in it (:meth:`NotesFolder.in_title_order`). A note unchanged
    since ``before`` keeps its folded names. The candidates' items are ``entries`` itself:
    a folder's notes by title keep their places, not 50,000 entries
    (:class:`~viewer.core.note_table.Picked`)."""
    if not ordered:
        entries = yield from sorted_stepwise(entries, title_order)
    # The notes of ``before`` are in the same order: walked alongside, an unchanged note is
    # found without a table of every note's place (50,000 numbers made and let go, which left
    # as many holes in the memory the process kept).
    old_items: Sequence[NoteEntry] = before.items if before is not None else ()

    old = 0
    # The old note walked alongside, made once (as is its key, when asked for).
    was: NoteEntry | None = old_items[0] if old_items else None
    was_key: str | None = None
    prepared = CandidatesBuilder[NoteEntry]()
    for start in range(0, len(entries), PREPARE_STEP):
        for at in range(start, min(len(entries), start + PREPARE_STEP)):
            entry = entries[at]
            key: str | None = None
            while was is not None and was != entry:
                key = key if key is not None else title_order(entry)
                was_key = was_key if was_key is not None else title_order(was)
                if was_key >= key:
                    break
                old += 1
                was, was_key = (old_items[old] if old < len(old_items) else None), None
            if was is not None and was == entry and before is not None:
                prepared.copy_names(before, old)
                old += 1
                was, was_key = (old_items[old] if old < len(old_items) else None), None
            else:
                prepared.add_names(names(entry))
        yield
    return prepared.build(entries)


def _prepare_folder(
    folder: NotesFolder | None, before: Candidates[NoteEntry] | None
) -> Steps[Candidates[NoteEntry]]:
    entries = (yield from folder.in_title_order()) if folder is not None else []
    return (yield from prepare(entries, before, ordered=True))


class QuickSwitcher(QFrame):
    """A popup over the window: a line to type in and the best matches under it.

    Enter opens the highlighted note, the arrows move, Esc or a click elsewhere closes it.
    """

    noteChosen = Signal(str)
    #: The list now shows results for a query: ``(query, final)``, final once its ranking
    #: has ended (before that, the best of a first look).
    resultsShown = Signal(str, bool)

    def __init__(self, parent: QWidget, slices: Slices | None = None) -> None:
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
        self.results.setUniformItemSizes(True)
        self.empty = QLabel("No notes match", self)
        self.empty.setEnabled(False)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.query)
        layout.addWidget(self.empty)
        layout.addWidget(self.results)
        self.slices = slices if slices is not None else Slices(self)
        self._folder: NotesFolder | None = None
        #: The folder's notes ready to rank; None until prepared.
        self._candidates: Candidates[NoteEntry] | None = None
        self._preparing: Job | None = None
        self._job: Job | None = None
        #: The ranking ``_job`` runs, once it has begun.
        self._ranking: Ranking[NoteEntry] | None = None
        #: The steps left of a ranking whose results are in (see _update).
        self._rest: Steps[None] | None = None
        self._kept: OrderedDict[tuple[str, ...], Ranking[NoteEntry]] = OrderedDict()
        #: What the list shows: the query, and whether the results are final.
        self.shown: tuple[str, bool] | None = None
        #: Where the keyboard was before the popup took it; it goes back there after.
        self._return_to: QWidget | None = None
        self.query.textChanged.connect(self._update)
        self.query.returnPressed.connect(self._choose_current)
        self.query.installEventFilter(self)
        self.results.itemClicked.connect(self._choose)

    # What the window tells it

    def set_folder(self, folder: NotesFolder | None) -> None:
        """Prepare the names of ``folder`` (in slices, from the next turn of the event loop);
        the list follows once they are ready."""
        self._folder = folder
        if self._preparing is not None:
            self._preparing.cancel()
        steps = _prepare_folder(folder, self._candidates)
        if folder is None or len(folder) <= AT_ONCE:
            self._preparing = None
            self._prepared(finish(steps))
        else:
            self._preparing = self.slices.start(steps, done=self._prepared)

    def popup(self) -> None:
        """Show over the top of the parent window, empty and ready to type in."""
        parent = self._window
        width = min(640, max(360, parent.width() // 2))
        self.resize(width, min(420, max(200, parent.height() // 2)))
        self.move(parent.mapToGlobal(QPoint((parent.width() - width) // 2, 48)))
        self._return_to = QApplication.focusWidget()
        self.query.blockSignals(True)
        self.query.clear()
        self.query.blockSignals(False)
        self._update("")
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.PopupFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self._rest is not None:
            self._rest.close()
            self._rest = None
        # Only the empty query's ranking is worth keeping until the next time.
        self._kept = OrderedDict((words, kept) for words, kept in self._kept.items() if not words)
        back, self._return_to = self._return_to, None
        self._window.activateWindow()
        if back is not None and shiboken6.isValid(back) and back.isVisible():
            back.setFocus(Qt.FocusReason.PopupFocusReason)

    # What tests and the benchmarks read

    def shown_paths(self) -> list[str]:
        return [str(self.results.item(row).data(_PATH)) for row in range(self.results.count())]

    def settled(self) -> bool:
        """The names are prepared and the list shows the final results for the query typed."""
        return (
            self._candidates is not None
            and self._preparing is None
            and self.shown == (self.query.text(), True)
        )

    # Ranking

    def _prepared(self, candidates: Candidates[NoteEntry]) -> None:
        self._preparing = None
        self._candidates = candidates
        self._kept.clear()
        if self.isVisible():
            self._update(self.query.text())

    def _update(self, text: str) -> None:
        if self._job is not None:
            if self._ranking is not None and self._ranking.settled:
                # Its results are in, and what it keeps for the query after it is being
                # worked out: that goes on first, then this query is ranked (narrowing it).
                self._rest = self.slices.take(self._job)
            else:
                self._job.cancel()  # its results would be stale
            self._job = None
        self._ranking = None
        candidates = self._candidates
        if candidates is None:
            return  # ranked once the names are prepared (see _prepared)
        words = tuple(words_of(text))
        if (kept := self._kept.get(words)) is not None:
            self._kept.move_to_end(words)
            self._show(text, kept, final=True)
            if self._rest is not None:
                self._job = self.slices.start(self._rest_of_ranking())
            return
        if len(candidates) <= AT_ONCE:
            self._ranking = ranking = self._new_ranking(candidates, text)
            finish(self._rank(ranking))
        else:
            self._job = self.slices.start(self._rank_after_rest(candidates, text))

    def _rest_of_ranking(self) -> Steps[None]:
        """The steps left of the ranking before, a step at a time (a key typed meanwhile
        stops this job, not them: the next job goes on with them)."""
        while (rest := self._rest) is not None:
            try:
                next(rest)
            except StopIteration:
                self._rest = None
                return
            yield

    def _rank_after_rest(self, candidates: Candidates[NoteEntry], text: str) -> Steps[None]:
        yield from self._rest_of_ranking()
        self._ranking = ranking = self._new_ranking(candidates, text)
        yield from self._rank(ranking)

    def _new_ranking(self, candidates: Candidates[NoteEntry], text: str) -> Ranking[NoteEntry]:
        """A ranking of ``text``, narrowing the kept one that lets the fewest through."""
        return Ranking(candidates, text, MAX_SHOWN, self._narrowest(tuple(words_of(text))))

    def _narrowest(self, words: tuple[str, ...]) -> Ranking[NoteEntry] | None:
        """The kept ranking that lets the fewest through, of those ``words`` narrow; the
        latest of those that let as many through (its bounds count the most letters)."""
        fitting = [
            kept
            for kept in reversed(self._kept.values())
            if kept.passed is not None and narrows(kept.words, words)
        ]
        return min(fitting, key=lambda kept: len(kept.passed or ()), default=None)

    def _rank(self, ranking: Ranking[NoteEntry]) -> Generator[None, None, None]:
        # The first look is shown only if the ranking is still going a while after the key:
        # a list filled twice in one slice would hold the window for nothing.
        started = time.perf_counter()
        first = final = False
        for _ in ranking.steps():
            if not final and ranking.settled:
                # The results are final; what the ranking keeps for the next key is worked
                # out in the steps after.
                final = True
                yield from self._show_in_turn(ranking, final=True)
            elif (
                not first
                and ranking.started
                and not ranking.settled
                and time.perf_counter() - started >= FIRST_AFTER_S
                and ranking.results  # made only now: a note's entry is made when asked for
            ):
                first = True
                yield from self._show_in_turn(ranking, final=False)
            yield
        if ranking.candidates is not self._candidates:
            return  # the folder's names were prepared again meanwhile
        self._kept[tuple(ranking.words)] = ranking
        while len(self._kept) > KEPT:
            self._kept.popitem(last=False)
        # What a ranking keeps for narrowing (its bounds: about 2 MiB at 50,000 notes) only
        # of the last two.
        for older in list(self._kept.values())[:-KEPT_BOUNDS]:
            older.forget_bounds()
        if not final:
            self._show(ranking.query, ranking, final=True)

    def _show_in_turn(self, ranking: Ranking[NoteEntry], final: bool) -> Steps[None]:
        """Show ``ranking``'s results in a slice of their own, the list painted after it: the
        slice that ranked them ends first (a list filled at the end of a slice, then painted,
        held the window for both). Not if another query was typed meanwhile."""
        self.slices.give_way()
        yield
        if self._ranking is ranking:
            self._show(ranking.query, ranking, final)

    def _settle(self) -> None:
        """Finish now what the list is waiting for (Enter was pressed before it came)."""
        if self._preparing is not None:
            self.slices.finish_now(self._preparing)
        if self._job is not None:
            self.slices.finish_now(self._job)

    def _show(self, query: str, ranking: Ranking[NoteEntry], final: bool) -> None:
        entries = ranking.results
        labels = [
            label(entry, ranking.matched_name(row) if entry.aliases else None)
            for row, entry in enumerate(entries)
        ]
        shown = [self.results.item(row).text() for row in range(self.results.count())]
        if labels != shown or [entry.path for entry in entries] != self.shown_paths():
            self.results.clear()
            for entry, text in zip(entries, labels, strict=True):
                item = QListWidgetItem(text)
                item.setData(_PATH, entry.path)
                item.setToolTip(entry.path)
                self.results.addItem(item)
            if self.results.count():
                self.results.setCurrentRow(0)
        self.empty.setVisible(final and bool(query.strip()) and not entries)
        self.slices.give_way()  # the list is painted before the ranking goes on
        self.shown = (query, final)
        self.resultsShown.emit(query, final)

    # Keys

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
        if self.shown != (self.query.text(), True):
            self._settle()  # the best for what was typed, not for what was typed before
        if (item := self.results.currentItem()) is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        path = item.data(_PATH)
        self.hide()
        if isinstance(path, str):
            self.noteChosen.emit(path)
