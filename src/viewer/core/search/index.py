"""The full-text index of a notes folder: SQLite FTS5, one row per passage, hits as moments.

Where it lives. One SQLite file per folder, in the cache folder it is given, beside the folder
index (``<cache folder>/search/<digest of the folder's path>.sqlite3``; the user's cache folder
is ``$XDG_CACHE_HOME/viewer``), never in the notes folder. A file of its own, not tables in
``index.sqlite3``: building it writes tens of megabytes, which must not hold the lock the
folder index waits on for at most 0.25 s, and a damaged search index is then replaced without
touching the folder index. The file is a cache (:mod:`viewer.core.sqlite_cache`): a damaged,
deleted or outdated one is replaced and rebuilt, with a notice
(:meth:`SearchIndex.take_notices`), never an error.

What it holds (:mod:`viewer.core.search.store` has the tables). ``notes`` (path, size, mtime,
title, tags, timestamps, transcript files), ``names`` (FTS5 of title and tags, folded, for
``title:`` and ``tag:``), ``passages`` (FTS5, ``unicode61 remove_diacritics 2``: one row per
passage of :mod:`viewer.core.passages`, its text folded as queries are
(:mod:`viewer.core.fold`; the text as written beside it where that differs), with a mark where
each timestamp stands (:mod:`viewer.core.search.plain_notes`), its index and section as
unindexed columns; a passage longer than :data:`~viewer.core.search.rows.CHUNK_CHARS` is
stored in pieces, so a snippet never needs the whole of a 100,000-word paragraph; and one row
per half minute or so of each of the note's transcripts, :mod:`viewer.core.search.spoken`),
and ``unspaced`` (FTS5, ``trigram``: the same rows, only for text of a script written without
spaces). A row's rowid is its note's id times 2**20 plus its number (a transcript's rows
numbered from 2**19), so a note's rows are one rowid range: removing a note is a range
delete, not a scan of an unindexed column; and ``in:notes`` is one bit of the rowid.

Languages written without spaces. ``unicode61`` splits words at spaces and punctuation only,
so a Japanese sentence is one "word" and 東京 is not found inside 東京タワーに行きました.
Measured with SQLite 3.40 on this machine (the passages of 2,000 generated English notes:
30,397 rows, 5.4 MB of text; and as many rows, 5.2 MB, of Japanese made of common words):

* ``trigram`` alone for everything: any substring matches, Japanese included; but building
  took 4.6 times the CPU of ``unicode61`` (0.63 s against 0.14 s) and the file is 2.9 times
  larger (24 MB against 8.3 MB); a term of fewer than three characters cannot use the index
  ("AI", "O1", 日本: a scan, 13 ms per 30,000 rows against 0.3 ms); bm25 ranks trigrams, not
  words; and ``archi*`` means nothing.
* ``unicode61`` alone, with Japanese split into characters in Python before indexing: one
  index, but a Python pass over every passage, and stored text that is not the note's.
* ``unicode61`` for every passage, plus a second ``trigram`` table holding only passages with
  text of an unspaced script (chosen). A folder without such text pays nothing for it (a
  ``str.isascii`` and at most one regex search per passage). Japanese terms of three
  characters or more use the trigram index (6 ms for a term in every row of the Japanese
  set); shorter ones are a ``LIKE`` scan of the unspaced rows only (46 ms per 30,000 rows).
  That ``LIKE`` always carries an ``ESCAPE`` clause: without one FTS5 takes the pattern over
  and, in 3.40, answers a pattern of fewer than three characters with no rows at all. Text of
  unspaced scripts is blanked (same length) in the ``unicode61`` copy, so "Transformerは"
  still gives the word "transformer". A query whose terms are all spaced or all unspaced is
  one MATCH ranked by bm25; a mixed one combines rowid sets and is ordered by note and
  passage.

Threads. A :class:`SearchIndex` holds one connection and belongs to the thread that made it.
:func:`build_index` makes its own, so it can run in a worker thread while the window's index
answers queries: the file is in WAL mode, readers never wait, and the builder writes in short
transactions. Two windows on one folder share the file the same way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from viewer.core.folder import SUBTITLE_SUFFIXES
from viewer.core.note_table import FileStamp
from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.search.build import BATCH_NOTES, Builder, BuildReport, Cancelled, Progress
from viewer.core.search.grouped import NoteOrder, NoteRow, note_rows
from viewer.core.search.halves import ALL, SecondReader, first_look, halves
from viewer.core.search.hits import (
    Hit,
    NoteHits,
    SearchCounts,
    SearchResults,
    StoredRow,
    make_hits,
)
from viewer.core.search.query import Query, parse_query
from viewer.core.search.rows import ROWID_BITS, read_note, stamp_of
from viewer.core.search.snippets import Snippet
from viewer.core.search.statements import (
    PASSAGE_COLUMNS,
    body_sql,
    filter_sql,
    note_rows_sql,
    ranked_notes_sql,
    ranks_sql,
)
from viewer.core.search.store import connect, delete_note, prepare, store_note, transaction
from viewer.core.sqlite_cache import (
    Trouble,
    default_cache_folder,
    inode,
    inside,
    remove_damaged,
    trouble,
)

__all__ = [
    "BATCH_NOTES",
    "BuildReport",
    "Hit",
    "NoteHits",
    "SearchCounts",
    "SearchIndex",
    "SearchResults",
    "build_index",
    "search_index_path",
]

log = logging.getLogger("viewer.search")

DEFAULT_LIMIT = 50
#: A query grouped by note keeps its best notes for this many pages (as the first asked for).
KEPT_PAGES = 4
#: Passages that match, each its rowid and rank (None when unranked).
Ranks = list[tuple[int, "float | None"]]
#: A first look at a big folder's hits gives this many at most: a screenful, quick to show.
FIRST_LOOK_HITS = 20
_T = TypeVar("_T")


def search_index_path(root: Path, cache_folder: Path | None = None) -> Path:
    """The index file of the folder ``root`` in ``cache_folder`` (the user's by default)."""
    folder = cache_folder if cache_folder is not None else default_cache_folder()
    digest = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape"))
    return folder / "search" / f"{digest.hexdigest()[:24]}.sqlite3"


class SearchIndex:
    """The search index of one folder, on one connection (use it from one thread)."""

    def __init__(self, root: Path, cache_folder: Path | None = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.path = search_index_path(self.root, cache_folder)
        self._notices: list[str] = []
        self._memory = inside(self.path, self.root)
        if self._memory:
            self._notice(
                "The cache folder is inside the notes folder, so the search index is kept in "
                "memory only."
            )
        self._inode: int | None = None
        self._connection = self._open()
        #: The last query grouped by note: its notes in order, while the file is unchanged.
        self._order: tuple[tuple[Query, int, int], NoteOrder] | None = None
        #: Ranks half the notes of a big folder's queries (made when first needed).
        self._second: SecondReader | None = None

    # The file

    def _notice(self, message: str) -> None:
        log.warning("%s", message)
        self._notices.append(message)

    def take_notices(self) -> list[str]:
        """What went wrong with the index file since the last call, in sentences."""
        notices, self._notices = self._notices, []
        return notices

    def _open(self) -> sqlite3.Connection:
        if not self._memory:
            try:
                return self._open_file()
            except (sqlite3.Error, OSError) as error:
                self._notice(
                    f"The search index {self.path} cannot be used ({error}); "
                    "it is kept in memory for now."
                )
                self._memory = True
        digest = self.path.stem
        # Shared: every SearchIndex of this folder in this process sees the same memory.
        connection = sqlite3.connect(
            f"file:viewer-search-{digest}?mode=memory&cache=shared",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        prepare(connection, str(self.root))
        return connection

    def _open_file(self) -> sqlite3.Connection:
        connection = connect(self.path, str(self.root), self._damaged)
        self._inode = inode(self.path)
        return connection

    def _damaged(self, error: BaseException) -> None:
        self._notice(f"The search index was damaged ({error}); it is rebuilt.")

    def _check_file(self) -> None:
        """Reopen the file if it was deleted or replaced since it was opened."""
        if self._memory or inode(self.path) == self._inode:
            return
        self._notice("The search index file was removed; it is rebuilt.")
        self.close()
        self._connection = self._open()

    def _replace_damaged(self, error: sqlite3.DatabaseError) -> None:
        self._damaged(error)
        self.close()
        if not self._memory:
            with suppress(OSError):  # then opening it finds it damaged, and says so
                remove_damaged(self.path)
        self._connection = self._open()

    def _guarded(self, work: Callable[[], _T], fallback: _T) -> _T:
        """``work()``; if the file turns out damaged it is replaced and ``fallback`` returned,
        and a file that cannot be written now (busy, full, read-only) is reported the same way.
        """
        self._check_file()
        try:
            return work()
        except sqlite3.DatabaseError as error:
            if trouble(error) is Trouble.DAMAGED:
                self._replace_damaged(error)
            else:
                self._notice(f"The search index cannot be used just now ({error}).")
            return fallback

    def close(self) -> None:
        self._connection.close()
        if self._second is not None:
            self._second.close()
            self._second = None

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Keeping it current

    def stamps(self) -> dict[str, FileStamp]:
        """The size and time each indexed note had when it was read."""
        return self._guarded(self._stamps, {})

    def _stamps(self) -> dict[str, FileStamp]:
        rows = self._connection.execute("SELECT path, size, mtime_ns FROM notes").fetchall()
        return {path: FileStamp(size, mtime_ns) for path, size, mtime_ns in rows}

    def update(self, path: str) -> bool:
        """Index the note at folder-relative ``path`` again if it changed; forget it if it is
        gone. A subtitle file's path brings the index up to date with the folder (its note's
        transcript, whichever note that is). For a folder watcher; returns whether the index
        changed."""
        parts = path.split("/")
        lower = path.lower()
        if not lower.endswith((".md", *SUBTITLE_SUFFIXES)) or any(
            part.startswith(".") for part in parts
        ):
            return False  # what a scan of the folder leaves out
        try:
            resolve_inside(self.root, path)
        except PathRefused:
            return False
        if not lower.endswith(".md"):
            report = self.build()
            return bool(report.indexed or report.removed or report.transcripts)
        return self._guarded(lambda: self._update(path), False)

    def _update(self, path: str) -> bool:
        stamp = stamp_of(self.root / path)
        if stamp is None:
            return self._remove([path]) > 0
        known = self._connection.execute(
            "SELECT size, mtime_ns FROM notes WHERE path = ?", (path,)
        ).fetchone()
        if known is not None and FileStamp(*known) == stamp:
            return False
        read = read_note(self.root, path)
        with transaction(self._connection):
            if read is None:
                delete_note(self._connection, path)
            else:
                # Its transcripts as they are: the next build looks at them again if the
                # note's video changed.
                store_note(self._connection, read, None)
        return True

    def remove(self, path: str) -> bool:
        """Forget the note at ``path`` (the watcher saw it go)."""
        return self._guarded(lambda: self._remove([path]) > 0, False)

    def _remove(self, paths: Sequence[str]) -> int:
        with transaction(self._connection):
            return sum(delete_note(self._connection, path) for path in paths)

    def build(
        self,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        report: BuildReport | None = None,
    ) -> BuildReport:
        """Bring the index up to date with the folder: read what changed, forget what went
        (:mod:`viewer.core.search.build`).

        ``progress(done, total)`` is called as notes and transcript files are read (``total``
        counts only those to read: ``report.counted_transcripts`` of them are transcripts);
        ``cancelled()`` is asked between notes, and a cancelled build keeps what it stored so
        far. Notes that change or vanish meanwhile are read as found, or forgotten. The report
        is filled as the build goes (``report``, if given, is the one filled).
        """
        report = report if report is not None else BuildReport()

        def run() -> bool:
            Builder(self._connection, self.root, report, progress, cancelled).run()
            return True

        if self._guarded(run, False):
            return report
        report.problems.append("The search index could not be built; build again.")
        return report

    # Searching

    def search(
        self,
        query: str | Query,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        by_note: bool = False,
        early: Callable[[SearchResults], None] | None = None,
    ) -> SearchResults:
        """The passages that match, best first, from the ``offset``-th on; ``by_note``: note
        after note, in the order of each note's best passage (so that pages of a list grouped
        by note follow on from each other). A note found by ``title:`` or ``tag:`` alone is one
        hit, in the order of the paths. Raises :class:`~viewer.core.search.query.QueryError`
        for a query that cannot be read, and nothing else.

        ``early`` (``by_note`` only): in a big folder, whose every note is not ranked at
        once, it is first given the page as its first notes alone have it, each note with its
        hits in all, for a first look while the others are ranked."""
        parsed = query if isinstance(query, Query) else parse_query(query)
        limit = max(1, min(int(limit), 10_000))
        offset = max(0, int(offset))
        nothing = SearchResults(parsed.text, ())
        return self._guarded(lambda: self._search(parsed, limit, offset, by_note, early), nothing)

    def count(self, query: str | Query) -> SearchCounts:
        """How many hits :meth:`search` has for ``query`` in all, and in how many notes. Raises
        :class:`~viewer.core.search.query.QueryError` as :meth:`search` does."""
        parsed = query if isinstance(query, Query) else parse_query(query)
        return self._guarded(lambda: self._count(parsed), SearchCounts(0, 0))

    def _count(self, query: Query) -> SearchCounts:
        if not query.body:
            notes_sql, notes_args = filter_sql(query.filters)
            (found,) = self._connection.execute(
                f"SELECT count(*) FROM notes WHERE {notes_sql}", notes_args
            ).fetchone()
            return SearchCounts(found, found)
        order = self._note_order(query, 0)
        return SearchCounts(order.hits_in_all, order.notes_in_all)

    def _note_order(
        self, query: Query, end: int, early: Callable[[NoteOrder, Ranks], None] | None = None
    ) -> NoteOrder:
        """The best notes ``query`` finds, enough for every hit before the ``end``-th: kept for
        the next page and the counts until the file changes (another connection's commit, or
        this one's). In a big folder, ``early`` is first given the order of its first notes
        alone (:func:`~viewer.core.search.halves.first_look`), and their passages' ranks."""
        connection = self._connection
        (version,) = connection.execute("PRAGMA data_version").fetchone()
        key = (query, version, connection.total_changes)
        if self._order is not None and self._order[0] == key and self._order[1].covers(end):
            return self._order[1]
        notes_sql, notes_args = filter_sql(query.filters)
        within = notes_sql if query.filters else None
        sql, args = ranked_notes_sql(query.body, within, query.sources)
        keep = KEPT_PAGES * max(end, DEFAULT_LIMIT)
        (last,) = connection.execute("SELECT coalesce(max(id), 0) FROM notes").fetchone()
        # Kept in memory, the index is one shared cache: a second reader would only wait.
        mine, *more = [ALL] if self._memory else halves(last)
        second = self._second_reader() if more else None
        later = [second.fetch(sql, (*args, *notes_args, *part, keep)) for part in more if second]
        rows: list[list[NoteRow]] = []
        if early is not None and more and len(parts := first_look(mine)) > 1:
            # The first notes' passages, ranked one by one: their order, and the first look's
            # page, without a second search.
            look, mine = parts
            ranks_of, ranks_args = ranks_sql(query.body, within, query.sources)
            ranks = connection.execute(ranks_of, (*ranks_args, *notes_args, *look)).fetchall()
            rows.append(note_rows(ranks)[:keep])
            early(NoteOrder.merged(rows, keep), ranks)
        rows.append(connection.execute(sql, (*args, *notes_args, *mine, keep)).fetchall())
        rows += [future.result() for future in later]
        order = NoteOrder.merged(rows, keep)
        self._order = (key, order)
        return order

    def _second_reader(self) -> SecondReader:
        if self._second is None:
            self._second = SecondReader(self.path)
        return self._second

    def _search(
        self,
        query: Query,
        limit: int,
        offset: int,
        by_note: bool,
        early: Callable[[SearchResults], None] | None = None,
    ) -> SearchResults:
        notes_sql, notes_args = filter_sql(query.filters)
        body = query.body
        connection = self._connection
        if not body:
            rows = connection.execute(
                f"SELECT path, title FROM notes WHERE {notes_sql} ORDER BY path LIMIT ? OFFSET ?",
                (*notes_args, limit, offset),
            ).fetchall()
            hits = [Hit(path, title, None, None, Snippet(title), None) for path, title in rows]
            found = {path: 1 for path, _title in rows} if by_note else {}
            return SearchResults(query.text, tuple(hits), found)
        if by_note:
            return self._search_by_note(query, limit, offset, early)
        ranked, args = body_sql(body, notes_sql if query.filters else None, query.sources)
        rows = connection.execute(ranked, (*args, *notes_args, limit, offset)).fetchall()
        if rows and len(rows[0]) == 1:  # rowids only: their passages in the same order
            rows = self._passages([rowid for (rowid,) in rows])
        return SearchResults(query.text, tuple(make_hits(connection, rows, query)))

    def _search_by_note(
        self,
        query: Query,
        limit: int,
        offset: int,
        early: Callable[[SearchResults], None] | None = None,
    ) -> SearchResults:
        def first_look(order: NoteOrder, ranks: Ranks) -> None:
            if early is not None:
                early(self._page(query, order, offset, min(limit, FIRST_LOOK_HITS), ranks))

        order = self._note_order(query, offset + limit, first_look if early else None)
        return self._page(query, order, offset, limit)

    def _page(
        self,
        query: Query,
        order: NoteOrder,
        offset: int,
        limit: int,
        ranks: Ranks | None = None,
    ) -> SearchResults:
        """The hits of ``order`` from the ``offset``-th, at most ``limit``, note by note; from
        ``ranks`` (rowids and ranks of passages that match) if they hold the notes', else
        searched for."""
        first, notes, skip = order.page(offset, limit)
        if not notes:
            return SearchResults(query.text, ())
        place = {note: at for at, note in enumerate(notes)}
        found: list[Any]  # rowid, then PASSAGE_COLUMNS or not, then rank
        if ranks is not None:
            found = [row for row in ranks if row[0] >> ROWID_BITS in place]
        else:
            notes_sql, notes_args = filter_sql(query.filters)
            sql, args = note_rows_sql(
                query.body, notes_sql if query.filters else None, len(notes), query.sources
            )
            bounds = (min(notes) << ROWID_BITS, ((max(notes) + 1) << ROWID_BITS) - 1)
            found = self._connection.execute(sql, (*args, *notes_args, *bounds, *notes)).fetchall()
        # Note after note, best first within a note (unranked: in the order stored).
        found.sort(key=lambda row: (place[row[0] >> ROWID_BITS], row[-1] or 0, row[0]))
        rows = [row[:-1] for row in found[skip : skip + limit]]
        if rows and len(rows[0]) == 1:  # rowids only: their passages in the same order
            rows = self._passages([rowid for (rowid,) in rows])
        hits = make_hits(self._connection, rows, query)
        paths = self._connection.execute(
            f"SELECT id, path FROM notes WHERE id IN ({', '.join('?' * len(notes))})", notes
        )
        counts = {path: order.counts[first + place[note]] for note, path in paths}
        return SearchResults(query.text, tuple(hits), counts)

    def _passages(self, rowids: list[int]) -> list[StoredRow]:
        """The rows of ``rowids`` (as :data:`PASSAGE_COLUMNS` reads them), in the same order."""
        marks = ", ".join("?" * len(rowids))
        found = {
            row[0]: row
            for row in self._connection.execute(
                f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE rowid IN ({marks})", rowids
            )
        }
        return [found[rowid] for rowid in rowids if rowid in found]


def build_index(
    root: Path,
    cache_folder: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    report: BuildReport | None = None,
) -> tuple[BuildReport, list[str]]:
    """Build the index of ``root`` on a connection of its own (safe in a worker thread):
    the report and the notices about the index file."""
    with SearchIndex(root, cache_folder) as index:
        report = index.build(progress, cancelled, report)
        return report, index.take_notices()
