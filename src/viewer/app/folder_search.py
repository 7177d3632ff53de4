"""The window's full-text search: the open folder's index kept current, the panel's queries
answered, and a chosen hit opened at its moment.

* The index is built in the background (:class:`~viewer.app.indexer.SearchIndexer`) shortly
  after a folder is opened, with its progress in the status bar, and built again each time the
  session reads the folder again after a change on disk, or the open note changes. A build
  reads only the notes whose size or time changed, and forgets those gone, so one way covers
  notes added, edited, renamed and removed, in any subfolder, off the UI thread.
* Queries run in their own thread (:mod:`viewer.app.search_queries`), and so do the pages of
  hits the panel asks for as the reader scrolls. While the index is being built they search
  what is in it, and the panel says so; when a build ends, the panel's query is asked again.
* A damaged or removed index file is replaced by the index itself; its notices go to the
  status bar, and a build fills the new file.
* A chosen hit opens its note (or stays in it, if it is open), is marked and scrolled to once
  the page is there (:mod:`viewer.app.hit_mark`), and the video plays from its time. A hit in
  what was said (the note's transcript) is not in the note's text: its note opens, the video
  plays from the cue's start, and :attr:`FolderSearch.transcriptHitOpened` tells the
  transcript's pane which moment to show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from viewer.app.search_queries import Answer, QueryThread
from viewer.app.session import Session
from viewer.app.side_pane import SidePane
from viewer.app.status_bar import StatusBar
from viewer.core.folder import NotesFolder
from viewer.core.in_child import APART_AT

if TYPE_CHECKING:
    # The search code (SQLite FTS5, passages) is loaded when the first build starts, after
    # the first note is on screen, not with the window.
    from viewer.app.indexer import BuildOutcome, SearchIndexer
    from viewer.app.note_display import NoteDisplay
    from viewer.core.search import Hit

log = logging.getLogger("viewer.search")

#: A build starts this long after the folder is read: the first note goes on screen first,
#: and a burst of changes is one build.
BUILD_DELAY_MS = 300
NOTICE_MS = 10_000
#: As :class:`~viewer.core.search.SearchIndex` says it when it finds its file gone.
REMOVED = "The search index file was removed; it is rebuilt."


class FolderSearch(QObject):
    """Owns the search of the session's open folder, in the side pane's search panel; a hit
    opens with ``open_note``, is marked in the note display and played from with ``seek``."""

    #: ``(done, total)`` of a build, after the status bar and the panel have shown it.
    progress = Signal(int, int)
    #: A build ended and what it changed is shown: its :class:`~viewer.app.indexer.BuildOutcome`.
    indexed = Signal(object)
    #: A hit in a note's transcript was opened: the seconds its cue starts at (the note is
    #: the session's current one by then), for the transcript's pane to show that cue.
    transcriptHitOpened = Signal(float)

    def __init__(
        self,
        session: Session,
        side: SidePane,
        display: NoteDisplay,
        open_note: Callable[[str], None],
        seek: Callable[[float], None],
        status: StatusBar,
        cache_folder: Path,
    ) -> None:
        super().__init__(side)
        self.session, self.side, self.display = session, side, display
        self._open_note, self._seek, self.status = open_note, seek, status
        self.panel = side.panel
        #: Where the search index lives: beside the folder index (a scratch one, for the
        #: smoke test, keeps both out of the user's cache).
        self.cache_folder = cache_folder
        self.root: Path | None = None
        self.indexer: SearchIndexer | None = None
        #: ``(done, total)`` of the build running, else None.
        self.building: tuple[int, int] | None = None
        #: The folder whose index a build has filled (a new, empty index file then means
        #: the file was removed).
        self._built: Path | None = None
        self.queries = QueryThread(self.cache_folder, self)
        self.queries.answered.connect(self._answered, Qt.ConnectionType.QueuedConnection)
        self._generation = 0
        #: The hit to mark once the note's page has loaded.
        self._pending: Hit | None = None
        self._stopped = False
        self.progress_label = QLabel("", status)
        self.progress_label.setObjectName("indexProgress")
        self.progress_label.hide()
        status.addPermanentWidget(self.progress_label)
        self._build_timer = QTimer(self, singleShot=True, interval=BUILD_DELAY_MS)
        self._build_timer.timeout.connect(self._build)

        session.folderChanged.connect(self._folder_changed)
        session.noteReloaded.connect(self._build_timer.start)
        display.pageLoaded.connect(self._page_loaded)
        self.panel.searchRequested.connect(self.search)
        self.panel.moreRequested.connect(self.more)
        self.panel.hitChosen.connect(self.open_hit)
        self.panel.closeRequested.connect(self.close_panel)
        if (app := QCoreApplication.instance()) is not None:
            app.aboutToQuit.connect(self.stop)

    # The panel

    def idle(self) -> bool:
        """No build runs or waits to start (the index file is as the last build left it)."""
        return (
            self.building is None
            and not self._build_timer.isActive()
            and (self.indexer is None or not self.indexer.is_running())
        )

    def is_open(self) -> bool:
        return self.side.searching()

    def open_panel(self) -> None:
        """Ctrl+Shift+F: the panel in place of the notes list, its query selected."""
        self.side.show_search()

    def close_panel(self) -> None:
        """Back to the notes list, and the keys to the note."""
        if self.is_open():
            self.side.show_list()
            self.display.focus_note()

    # The index

    def _folder_changed(self, folder: NotesFolder) -> None:
        if folder.root != self.root:
            self._stop_indexer()
            self.root = folder.root
            self._built = None
            self.panel.search_again()
        # A folder listed by name is still being read: build once it is, rather than read
        # every note twice at once (twice the memory at the peak, one interpreter shared).
        if folder.complete:
            self._build_timer.start()
        else:  # the panel says so, as during a build: a query now finds only part of it
            self.building = (0, len(folder))
            self.panel.set_building(0, len(folder))

    def _build(self) -> None:
        if self.root is None or self._stopped:
            return
        if self.indexer is None:
            from viewer.app.indexer import SearchIndexer

            self.indexer = SearchIndexer(self.root, self.cache_folder, self)
            self.indexer.progress.connect(self._progress)
            self.indexer.finished.connect(self._indexed)
        shown = self.session.folder
        self.indexer.start(apart=shown is not None and len(shown) >= APART_AT)

    def _progress(self, done: int, total: int) -> None:
        if total <= 0:
            return  # nothing changed since the last build
        self.building = (done, total)
        spoken = self.indexer is not None and self.indexer.transcripts > 0
        what = "notes and transcripts" if spoken else "notes"
        self.progress_label.setText(f"Indexing {what}… {done:,} of {total:,}")
        self.progress_label.show()
        self.panel.set_building(done, total, spoken)
        self.progress.emit(done, total)

    def _indexed(self, outcome: BuildOutcome) -> None:
        if self._stopped:
            return
        was_building, self.building = self.building is not None, None
        self.progress_label.hide()
        self.panel.set_building(0, 0)
        for problem in outcome.report.problems:
            log.info("search index of %s: %s", self.root, problem)
        self._notify(outcome.notices)
        if not outcome.report.cancelled:
            self._built = self.root
        # Open the index for queries (if no query did): a file removed from now on is noticed.
        # Not before the build: a damaged file is replaced by one of them only.
        if self.root is not None:
            self.queries.ask(0, self.root, None)
        if was_building or outcome.report.removed:
            self.panel.search_again()
        self.indexed.emit(outcome)

    def _notify(self, notices: list[str]) -> None:
        if notices:
            self.status.say(" ".join(notices), NOTICE_MS)

    def _stop_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.cancel()
            self.indexer.wait()
            self.indexer.progress.disconnect(self._progress)
            self.indexer.finished.disconnect(self._indexed)
            self.indexer = None
            self.building = None
            self.progress_label.hide()
            self.panel.set_building(0, 0)

    def stop(self) -> None:
        """End the build and the query running (the window closes; the side pane goes back
        to its width before the window keeps its layout)."""
        self.close_panel()
        self._stopped = True
        self._build_timer.stop()
        self._stop_indexer()
        self.queries.stop()

    # Queries

    def search(self, query: str) -> None:
        if self.root is None or self._stopped:
            self.panel.show_error(query, "Open a folder of notes to search it.")
            return
        self._generation += 1
        self.queries.ask(self._generation, self.root, query)

    def more(self, query: str, offset: int) -> None:
        """The page of ``query``'s hits from ``offset`` on (the query the panel shows)."""
        if self.root is not None and not self._stopped:
            self.queries.ask(self._generation, self.root, query, offset)

    def _answered(self, answer: Answer) -> None:
        if self._stopped or answer.root != self.root:
            return  # the window closes, or another folder was opened meanwhile
        notices = list(answer.notices)
        if answer.created and answer.root == self._built and not notices:
            log.warning("%s", REMOVED)
            notices.append(REMOVED)
        if notices:
            self._notify(notices)
            self._build_timer.start()  # the index was replaced: fill it again
        if answer.query is None or answer.generation != self._generation:
            return  # only opened, or overtaken by a later query
        log.debug(
            "searched %r from %d in %.1f ms", answer.query, answer.offset, answer.milliseconds
        )
        if answer.offset:
            self.panel.add_results(answer.query, answer.offset, answer.results)
        elif answer.error is not None:
            self.panel.show_error(answer.query, answer.error)
        elif answer.results is not None and (answer.counts is not None or answer.early):
            self.panel.show_results(answer.query, answer.results, answer.counts)

    # Opening a hit

    def open_hit(self, hit: Hit, seek: bool) -> None:
        """Show ``hit`` in its note, marked and in view; play the video from its time if
        ``seek`` and it has one. A hit in the note's transcript is not in the note's text:
        the note opens, and :attr:`transcriptHitOpened` says the moment."""
        session = self.session
        spoken = hit.in_transcript
        if hit.path != session.current:
            self._open_note(hit.path)
            if session.current != hit.path:
                return  # gone from the folder: the session said so
            self._pending = None if spoken else hit
        elif spoken:
            self._pending = None
        elif self.display.is_loading():
            self._pending = hit
        else:
            self._pending = None
            self.display.mark_hit(hit)
        note = session.note
        if seek and hit.seconds is not None and note is not None and note.video is not None:
            self._seek(hit.seconds)
        if spoken and hit.seconds is not None:
            self.transcriptHitOpened.emit(hit.seconds)

    def _page_loaded(self, _ok: bool) -> None:
        # Chromium may report a load that follows a refused click as failed though the page
        # is there: mark once the view stops loading, whatever it said.
        if self._pending is None or self.display.is_loading():
            return
        hit, self._pending = self._pending, None
        if hit is not None and hit.path == self.session.current:
            self.display.mark_hit(hit)
