"""Answering the search panel's queries in a thread of their own, the latest query only.

Measured on the generated folder of 10,000 notes, on a busy two-core machine: a query of whole
words takes 20 to 45 ms (``transformer``, ``the``, ``lstm OR transformer``), but a short prefix
takes 80 to 290 ms (``tr*``, ``a*``), and the panel reads the last word typed as a prefix. On
the UI thread that would freeze typing for a quarter of a second; here the window stays
responsive (the longest gap between ticks of a 5 ms timer on the UI thread, while those
queries ran here: 8 ms), SQLite releases the interpreter while it searches, and a query typed
while another runs replaces any still waiting, so a burst of typing costs at most one stale
query.

The panel lists the hits a page at a time (:data:`PAGE`), grouped by note: a query's first
page comes with its counts (how many hits in all, in how many notes), and the next pages are
asked for here too, as the reader scrolls down the list, so a long list never holds up the
window. The index keeps the order of the notes the first page was read from, so the counts
and the next pages do not rank every passage again.

The thread keeps one :class:`~viewer.core.search.SearchIndex` (an index belongs to the thread
that made it), opened again when the folder changes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from viewer.core.search import SearchCounts, SearchIndex, SearchResults

log = logging.getLogger("viewer.search")

#: Hits the panel is given at a time; more as the reader scrolls down the list.
PAGE = 100


@dataclass(frozen=True, slots=True)
class Answer:
    """What a query gave: hits, or the sentence saying why it cannot be read."""

    generation: int
    root: Path
    #: None when the index was only opened (a folder was opened).
    query: str | None
    #: Where in the query's list of hits (grouped by note) this page starts.
    offset: int = 0
    results: SearchResults | None = None
    #: How many hits there are in all, and in how many notes (with the first page only).
    counts: SearchCounts | None = None
    error: str | None = None
    #: What went wrong with the index file meanwhile (damaged, removed: it is rebuilt).
    notices: list[str] = field(default_factory=list)
    milliseconds: float = 0.0
    #: The index file was made new for this answer: there was none (or it was removed).
    created: bool = False
    #: A first look at the first page (a big folder's first notes ranked alone, without
    #: counts): the whole first page follows.
    early: bool = False


@dataclass(frozen=True, slots=True)
class _Job:
    generation: int
    root: Path
    query: str | None
    offset: int = 0


class QueryThread(QThread):
    """Runs queries one at a time, in the order asked, skipping those overtaken."""

    answered = Signal(object)  # an Answer

    def __init__(self, cache_folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache_folder = cache_folder
        self._wake = threading.Condition()
        self._job: _Job | None = None
        self._stopping = False

    def ask(self, generation: int, root: Path, query: str | None, offset: int = 0) -> None:
        """Search ``root`` for ``query``, the page of hits from ``offset`` on; replaces a query
        still waiting (a page is not asked for over a later query). Without a query, only open
        the folder's index: from then on, a removed index file is noticed."""
        with self._wake:
            waiting = self._job
            if offset and waiting is not None and waiting.query is not None and not waiting.offset:
                return  # a new query waits: the hits this is a page of are on their way out
            if query is not None or waiting is None:  # a query opens the index too
                self._job = _Job(generation, root, query, offset)
            self._wake.notify()
        if not self.isRunning():
            self.start()

    def stop(self) -> None:
        """Finish the query running, if any, and end the thread (for closing the window)."""
        with self._wake:
            self._stopping = True
            self._job = None
            self._wake.notify()
        self.wait()

    def run(self) -> None:
        # Imported here, in this thread: the window does not wait for the search code.
        from viewer.core.background import give_way
        from viewer.core.search import SearchIndex, search_index_path

        give_way()
        index: SearchIndex | None = None
        try:
            while True:
                with self._wake:
                    while self._job is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping:
                        return
                    job, self._job = self._job, None
                assert job is not None
                created = False
                if index is None or index.root != Path(job.root).resolve():
                    if index is not None:
                        index.close()
                    created = not search_index_path(job.root, self.cache_folder).exists()
                    index = SearchIndex(job.root, self.cache_folder)
                answer = _answer(index, job, self._early(job))
                self.answered.emit(replace(answer, created=created) if created else answer)
        finally:
            if index is not None:
                index.close()

    def _early(self, job: _Job) -> Callable[[SearchResults], None]:
        """What gives a first look at ``job``'s hits to the window (its answer follows, with
        what else there is to say)."""

        def early(results: SearchResults) -> None:
            self.answered.emit(
                Answer(job.generation, job.root, job.query, results=results, early=True)
            )

        return early


def _answer(
    index: SearchIndex, job: _Job, early: Callable[[SearchResults], None] | None = None
) -> Answer:
    from viewer.core.search import QueryError

    started = time.perf_counter()
    results: SearchResults | None = None
    counts: SearchCounts | None = None
    error: str | None = None
    if job.query is None:
        return Answer(job.generation, job.root, None, notices=index.take_notices())
    try:
        results = index.search(job.query, PAGE, job.offset, by_note=True, early=early)
        if job.offset == 0:  # read from the order of the notes the page was made from
            counts = index.count(job.query)
    except QueryError as problem:
        error = str(problem)
    except Exception as problem:  # a bug must not end the thread: say so, and go on
        log.exception("searching for %r failed", job.query)
        error = f"The search failed: {problem}"
    elapsed = (time.perf_counter() - started) * 1000
    return Answer(
        job.generation,
        job.root,
        job.query,
        job.offset,
        results,
        counts,
        error,
        index.take_notices(),
        elapsed,
    )
