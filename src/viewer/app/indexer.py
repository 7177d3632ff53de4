"""Building a folder's search index off the UI thread, with progress and a result as signals.

    indexer = SearchIndexer(folder.root, parent=window)
    indexer.progress.connect(lambda done, total: status_bar.showMessage(...))
    indexer.finished.connect(on_indexed)      # a BuildOutcome
    indexer.start()                           # again later, e.g. after the folder changed
    indexer.cancel()                          # the build stops between two notes

The build (:func:`viewer.core.search.build_index`) runs in a ``QThread`` on a connection of
its own; the window keeps its own :class:`~viewer.core.search.SearchIndex` for queries and
sees the new rows as each batch is committed. Progress counts notes and transcript files read
(:attr:`SearchIndexer.transcripts` says how many of the total are transcripts, for the words
the window shows). Reading a note is Python, which holds the GIL,
but the interpreter hands it over every few milliseconds and SQLite releases it while it
writes, so the UI thread's event loop keeps turning.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from viewer.core.background import give_way
from viewer.core.in_child import build_in_child
from viewer.core.search import BuildReport, build_index

log = logging.getLogger("viewer.search")


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    report: BuildReport
    #: What went wrong with the index file (damaged and replaced, …), in sentences.
    notices: list[str] = field(default_factory=list)


class _Build(QThread):
    #: done, total, and how many of the total are transcript files.
    progressed = Signal(int, int, int)
    built = Signal(object)

    def __init__(
        self,
        root: Path,
        cache_folder: Path | None,
        apart: bool,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.root = root
        self.cache_folder = cache_folder
        #: Built in a child process (:func:`build_in_child`), if it can be.
        self.apart = apart
        self.stop = threading.Event()

    def run(self) -> None:
        give_way()
        report = BuildReport()

        def progress(done: int, total: int) -> None:
            self.progressed.emit(done, total, report.counted_transcripts)

        try:
            built = None
            if self.apart:
                built = build_in_child(
                    self.root, self.cache_folder, progress, self.stop.is_set, report
                )
            report, notices = built or build_index(
                self.root, self.cache_folder, progress, self.stop.is_set, report
            )
        except Exception as error:  # a bug: said, and the indexer goes on working
            log.exception("building the search index of %s failed", self.root)
            report = BuildReport(cancelled=True)
            notices = [f"The search index could not be built ({type(error).__name__}: {error})."]
        self.built.emit(BuildOutcome(report, notices))


class SearchIndexer(QObject):
    """Runs one build of a folder's search index at a time in a worker thread."""

    #: ``(done, total)``: notes and transcript files read so far, of those that changed.
    progress = Signal(int, int)
    #: A :class:`BuildOutcome`, also after a cancelled build.
    finished = Signal(object)

    def __init__(
        self, root: Path, cache_folder: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.root = root
        self.cache_folder = cache_folder
        self._build: _Build | None = None
        self._again = False
        self._apart = False
        #: How many of the last progress' total are transcript files (0: notes only).
        self.transcripts = 0

    def is_running(self) -> bool:
        return self._build is not None

    def start(self, apart: bool = False) -> None:
        """Start a build; during one, start another when it ends (the folder changed).
        ``apart``: in a child process (a big folder's, :mod:`viewer.core.in_child`)."""
        self._apart = apart
        if self._build is not None:
            self._again = True
            return
        build = _Build(self.root, self.cache_folder, apart, self)
        build.progressed.connect(self._progressed)
        build.built.connect(self._built)
        self._build = build
        build.start()

    def _progressed(self, done: int, total: int, transcripts: int) -> None:
        self.transcripts = transcripts
        self.progress.emit(done, total)

    def cancel(self) -> None:
        self._again = False
        if self._build is not None:
            self._build.stop.set()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the running build ends (for closing the window)."""
        return self._build is None or self._build.wait(milliseconds)

    def _built(self, outcome: BuildOutcome) -> None:
        build, self._build = self._build, None
        if build is not None:
            build.wait()
            build.deleteLater()
        self.finished.emit(outcome)
        if self._again:
            self._again = False
            self.start(self._apart)
