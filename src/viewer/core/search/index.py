"""The full-text index of a notes folder: SQLite FTS5, one row per passage, hits as moments.

Where it lives. One SQLite file per folder, beside the folder index in the user's cache folder
(``$XDG_CACHE_HOME/viewer/search/<digest of the folder's path>.sqlite3``), never in the notes
folder. A file of its own, not tables in ``index.sqlite3``: building it writes tens of
megabytes, which must not hold the lock the folder index waits on for at most 0.25 s, and a
damaged search index is then replaced without touching the folder index. The file is a cache:
a damaged, deleted or outdated one is replaced and rebuilt, with a notice
(:meth:`SearchIndex.take_notices`), never an error.

What it holds. ``notes`` (path, size, mtime, title, tags), ``names`` (FTS5 of title and tags,
for ``title:`` and ``tag:``), ``passages`` (FTS5, ``unicode61 remove_diacritics 2``: one row per
passage of :mod:`viewer.core.passages`, with its note, index, section and timestamps as
unindexed columns; a passage longer than :data:`CHUNK_CHARS` is stored in pieces, so a
snippet never needs the whole of a 100,000-word paragraph), and ``unspaced`` (FTS5,
``trigram``: the same rows, only for passages with text of a script written without spaces).
A passage's rowid is its note's id times 2**20 plus its piece number, so a note's rows are
one rowid range: removing a note is a range delete, not a scan of an unindexed column.

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
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from viewer import __version__
from viewer.core.folder import FileStamp, scan
from viewer.core.index_cache import default_cache_path
from viewer.core.note import note_from_bytes, readable_stem
from viewer.core.passages import Moment, Passage, moment_at, passages_of
from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.search.query import UNSPACED, Clause, Query, Term, parse_query
from viewer.core.search.snippets import Snippet, find_spans, snippet
from viewer.core.text import read_note_bytes

log = logging.getLogger("viewer.search")

#: Bump when the tables or what goes into them change; an app update rebuilds too.
SCHEMA_VERSION = 1
#: Longest piece of a passage stored in one row (cut between words).
CHUNK_CHARS = 2000
#: Rows per note: a note's rowids are ``id << ROWID_BITS`` plus the row's number.
ROWID_BITS = 20
#: Notes read between two writes: each write holds the lock for milliseconds, and progress is
#: reported after each.
BATCH_NOTES = 100
#: How often a build lets another thread of the process (the UI's) have the interpreter.
YIELD_EVERY_S = 0.01
#: How long a writer waits for another one (another window building the same folder).
BUSY_TIMEOUT_S = 5.0
#: A file changed less than this long ago is indexed with no stamp, so it is read again next
#: time (it may change again within the same tick of a coarse clock; see index_cache.RACY_NS).
RACY_NS = 2_000_000_000
DEFAULT_LIMIT = 50
#: A build that read this many notes (or a tenth of the folder) merges the index's segments.
OPTIMIZE_AFTER = 500
_TOKENIZER = "unicode61 remove_diacritics 2"

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, title TEXT NOT NULL, tags TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE names USING fts5(title, tags, tokenize='{_TOKENIZER}')",
    "CREATE VIRTUAL TABLE passages USING fts5(text, note UNINDEXED, passage UNINDEXED,"
    f" start UNINDEXED, section UNINDEXED, times UNINDEXED, tokenize='{_TOKENIZER}')",
    "CREATE VIRTUAL TABLE unspaced USING fts5(text, tokenize='trigram')",
)
#: What a damaged file gives: not a database, or corrupt pages (see also :func:`_damaged`).
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_T = TypeVar("_T")
_DROP = ("unspaced", "passages", "names", "notes", "meta")


def search_index_path(root: Path, cache_folder: Path | None = None) -> Path:
    """The index file of the folder ``root`` in ``cache_folder`` (the user's by default)."""
    folder = cache_folder if cache_folder is not None else default_cache_path().parent
    digest = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape"))
    return folder / "search" / f"{digest.hexdigest()[:24]}.sqlite3"


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage that matches: where it is, what it says, and the moment it belongs to."""

    path: str
    title: str
    #: Index of the passage in the note (:attr:`viewer.core.passages.Passage.index`);
    #: ``None`` for a note found by ``title:`` or ``tag:`` alone.
    passage: int | None
    section: str | None
    snippet: Snippet
    #: The timestamp the first match belongs to; ``None`` when none does.
    moment: Moment | None
    #: The first match, as offsets into the passage's text (to highlight it in the note).
    match: tuple[int, int] | None = None

    @property
    def seconds(self) -> float | None:
        return self.moment.seconds if self.moment else None

    @property
    def label(self) -> str | None:
        return self.moment.label if self.moment else None


@dataclass(frozen=True, slots=True)
class NoteHits:
    path: str
    title: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    #: Best first.
    hits: tuple[Hit, ...]

    @property
    def notes(self) -> tuple[NoteHits, ...]:
        """The hits grouped by note; notes in the order of their best hit."""
        grouped: dict[str, list[Hit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.path, []).append(hit)
        return tuple(NoteHits(path, hits[0].title, tuple(hits)) for path, hits in grouped.items())


@dataclass(slots=True)
class BuildReport:
    total: int = 0  # notes in the folder
    indexed: int = 0  # read and (re)indexed
    removed: int = 0  # gone from the folder, or vanished while indexing
    cancelled: bool = False
    problems: list[str] = field(default_factory=list)


Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class SearchIndex:
    """The search index of one folder, on one connection (use it from one thread)."""

    def __init__(self, root: Path, cache_folder: Path | None = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.path = search_index_path(self.root, cache_folder)
        self._notices: list[str] = []
        self._memory = _inside(self.path, self.root)
        if self._memory:
            self._notice(
                "The cache folder is inside the notes folder, so the search index is kept in "
                "memory only."
            )
        self._inode: int | None = None
        self._connection = self._open()

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
        _ensure_schema(connection, str(self.root))
        return connection

    def _open_file(self) -> sqlite3.Connection:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            connection = _connect(self.path, str(self.root))
        except sqlite3.DatabaseError as error:
            if _busy(error):
                raise
            self._notice(f"The search index was damaged ({error}); it is rebuilt.")
            _remove_files(self.path)
            connection = _connect(self.path, str(self.root))
        self._inode = _inode(self.path)
        return connection

    def _check_file(self) -> None:
        """Reopen the file if it was deleted or replaced since it was opened."""
        if self._memory or _inode(self.path) == self._inode:
            return
        self._notice("The search index file was removed; it is rebuilt.")
        self._connection.close()
        self._connection = self._open()

    def _replace_damaged(self, error: sqlite3.DatabaseError) -> None:
        self._notice(f"The search index was damaged ({error}); it is rebuilt.")
        self._connection.close()
        if not self._memory:
            _remove_files(self.path)
        self._connection = self._open()

    def _guarded(self, work: Callable[[], _T], fallback: _T) -> _T:
        """``work()``; if the file turns out damaged it is replaced and ``fallback`` returned,
        and a file that cannot be written now (busy, full, read-only) is reported the same way.
        """
        self._check_file()
        try:
            return work()
        except sqlite3.DatabaseError as error:
            if _damaged(error):
                self._replace_damaged(error)
            else:
                self._notice(f"The search index cannot be used just now ({error}).")
            return fallback

    def close(self) -> None:
        self._connection.close()

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
        gone. For a folder watcher; returns whether the index changed."""
        parts = path.split("/")
        if not path.lower().endswith(".md") or any(part.startswith(".") for part in parts):
            return False  # what a scan of the folder leaves out
        try:
            resolve_inside(self.root, path)
        except PathRefused:
            return False
        return self._guarded(lambda: self._update(path), False)

    def _update(self, path: str) -> bool:
        stamp = _stamp(self.root / path)
        if stamp is None:
            return self._remove([path]) > 0
        known = self._connection.execute(
            "SELECT size, mtime_ns FROM notes WHERE path = ?", (path,)
        ).fetchone()
        if known is not None and FileStamp(*known) == stamp:
            return False
        read = _read_note(self.root, path)
        with _transaction(self._connection):
            if read is None:
                _delete(self._connection, path)
            else:
                _store(self._connection, read)
        return True

    def remove(self, path: str) -> bool:
        """Forget the note at ``path`` (the watcher saw it go)."""
        return self._guarded(lambda: self._remove([path]) > 0, False)

    def _remove(self, paths: Sequence[str]) -> int:
        with _transaction(self._connection):
            return sum(_delete(self._connection, path) for path in paths)

    def build(
        self, progress: Progress | None = None, cancelled: Cancelled | None = None
    ) -> BuildReport:
        """Bring the index up to date with the folder: read what changed, forget what went.

        ``progress(done, total)`` is called as notes are read (``total`` counts only those to
        read); ``cancelled()`` is asked between notes, and a cancelled build keeps what it
        stored so far. Notes that change or vanish meanwhile are read as found, or forgotten.
        """
        report = BuildReport()
        if self._guarded(lambda: self._build(report, progress, cancelled), False):
            return report
        report.problems.append("The search index could not be built; build again.")
        return report

    def _build(
        self, report: BuildReport, progress: Progress | None, cancelled: Cancelled | None
    ) -> bool:
        found = scan(self.root)
        report.total = len(found.files)
        report.problems.extend(found.problems)
        known = self._stamps()
        report.removed += self._remove([path for path in known if path not in found.files])
        todo = [path for path, stamp in found.files.items() if known.get(path) != stamp]
        done = 0
        next_yield = time.monotonic() + YIELD_EVERY_S
        if progress:
            progress(0, len(todo))
        for start in range(0, len(todo), BATCH_NOTES):
            batch: list[_NoteRows | str] = []
            for path in todo[start : start + BATCH_NOTES]:
                if cancelled is not None and cancelled():
                    report.cancelled = True
                    break
                batch.append(_read_note(self.root, path) or path)
                if time.monotonic() >= next_yield:
                    # Let the UI thread run now if it waits: handing the interpreter over on
                    # Python's own schedule (5 ms) can leave it waiting for a whole time slice
                    # of a busy machine; after every note, it costs the build a third.
                    time.sleep(0)
                    next_yield = time.monotonic() + YIELD_EVERY_S
            with _transaction(self._connection):
                for item in batch:
                    if isinstance(item, str):
                        report.removed += _delete(self._connection, item)
                    else:
                        _store(self._connection, item)
                        report.indexed += 1
            done += len(batch)
            if progress:
                progress(done, len(todo))
            if report.cancelled:
                break
        if report.indexed >= OPTIMIZE_AFTER or report.indexed * 10 >= report.total > 0:
            # Batched writes leave the index in many segments, which every query then merges:
            # one segment makes common words several times faster (a second for 10,000 notes).
            with _transaction(self._connection):
                for table in ("passages", "names", "unspaced"):
                    self._connection.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        return True

    # Searching

    def search(self, query: str | Query, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """The passages that match, best first. Raises :class:`~viewer.core.search.query
        .QueryError` for a query that cannot be read, and nothing else."""
        parsed = query if isinstance(query, Query) else parse_query(query)
        limit = max(1, min(int(limit), 10_000))
        no_hits: list[Hit] = []
        hits = self._guarded(lambda: self._search(parsed, limit), no_hits)
        return SearchResults(parsed.text, tuple(hits))

    def _search(self, query: Query, limit: int) -> list[Hit]:
        notes_sql, notes_args = _filter_sql(query.filters)
        body = query.body
        if not body:
            rows = self._connection.execute(
                f"SELECT path, title FROM notes WHERE {notes_sql} ORDER BY path LIMIT ?",
                (*notes_args, limit),
            ).fetchall()
            return [Hit(path, title, None, None, Snippet(title), None) for path, title in rows]
        ranked, args = _body_sql(body, notes_sql if query.filters else None)
        connection = self._connection
        rows = connection.execute(ranked, (*args, *notes_args, limit)).fetchall()
        if rows and len(rows[0]) == 1:  # rowids only: their passages in the same order
            marks = ", ".join("?" * len(rows))
            found = {
                row[0]: row
                for row in connection.execute(
                    f"SELECT {_PASSAGE_COLUMNS} FROM passages WHERE rowid IN ({marks})",
                    [row[0] for row in rows],
                )
            }
            rows = [found[rowid] for (rowid,) in rows if rowid in found]
        if not rows:
            return []
        ids = sorted({row[1] for row in rows})
        notes = {
            note_id: (path, title)
            for note_id, path, title in connection.execute(
                f"SELECT id, path, title FROM notes WHERE id IN ({', '.join('?' * len(ids))})",
                ids,
            )
        }
        unspaced: dict[int, str] = {}
        if connection.execute("SELECT rowid FROM unspaced LIMIT 1").fetchone():
            marks = ", ".join("?" * len(rows))
            unspaced = dict(
                connection.execute(
                    f"SELECT rowid, text FROM unspaced WHERE rowid IN ({marks})",
                    [row[0] for row in rows],
                ).fetchall()
            )
        details = {
            rowid: (*notes[note], passage, start, section, times, unspaced.get(rowid, text))
            for rowid, note, passage, start, section, times, text in rows
            if note in notes  # a note removed by another window between the statements
        }
        rowids = [row[0] for row in rows]
        terms = query.positive_terms
        hits = []
        for rowid in rowids:
            if rowid not in details:
                continue  # removed by another window between the two statements
            path, title, passage, start, section, times, text = details[rowid]
            spans = find_spans(text, terms)
            first = spans[0] if spans else None
            moment = moment_at(_times(times), first[0] if first else 0)
            match = (first[0] + start, first[1] + start) if first else None
            hits.append(
                Hit(path, title, passage, section or None, snippet(text, spans), moment, match)
            )
        return hits


def build_index(
    root: Path,
    cache_folder: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[BuildReport, list[str]]:
    """Build the index of ``root`` on a connection of its own (safe in a worker thread):
    the report and the notices about the index file."""
    with SearchIndex(root, cache_folder) as index:
        report = index.build(progress, cancelled)
        return report, index.take_notices()


# Reading notes


@dataclass(slots=True)
class _NoteRows:
    path: str
    stamp: FileStamp
    title: str
    tags: str
    #: (text, passage index, start, section, times JSON, unspaced text or None) per row.
    rows: list[tuple[str, int, int, str, str, str | None]]


def _stamp(path: Path) -> FileStamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return FileStamp(info.st_size, info.st_mtime_ns)


def _read_note(root: Path, path: str) -> _NoteRows | None:
    """A note's rows; ``None`` when the file is gone. The stamp is taken before reading, so a
    change while reading leaves a stamp that differs from the file's: read again next time."""
    absolute = root / path
    stamp = _stamp(absolute)
    if stamp is None:
        return None
    if stamp.mtime_ns > time.time_ns() - RACY_NS:
        stamp = FileStamp(stamp.size, -1)
    try:
        data, size = read_note_bytes(absolute)
    except FileNotFoundError:
        return None
    except OSError:  # unreadable now (permissions): read again next time
        return _NoteRows(path, FileStamp(stamp.size, -1), readable_stem(absolute), "", [])
    note = note_from_bytes(data, absolute, root, size)
    tags = note.properties.get("tags", note.properties.get("tag", ""))
    tags = " ".join(tag.strip().lstrip("#") for tag in tags.replace(",", " ").split())
    rows: list[tuple[str, int, int, str, str, str | None]] = []
    for passage in passages_of(note):
        for start, text, times in _chunks(passage):
            unspaced = None if text.isascii() or not UNSPACED.search(text) else text
            spaced = UNSPACED.sub(" ", text) if unspaced else text
            rows.append((spaced, passage.index, start, passage.section or "", times, unspaced))
    return _NoteRows(path, stamp, note.title, tags, rows)


def _chunks(passage: Passage) -> Iterator[tuple[int, str, str]]:
    """``(start, text, timestamps JSON)`` of each stored piece of a passage."""
    text = passage.text
    stamps = passage.timestamps
    if len(text) <= CHUNK_CHARS:
        yield 0, text, _times_json(stamps, passage.before)
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            space = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = space if space > 0 else end
        inside = [(at - start, m) for at, m in stamps if start <= at <= end]
        after = next(((end - start, m) for at, m in stamps if at > end), None)
        earlier = [m for at, m in stamps if at < start]
        fallback = earlier[-1] if earlier else passage.before
        own = inside + ([after] if after else [])
        yield start, text[start:end], _times_json(tuple(own), fallback)
        start = end


def _times_json(stamps: Sequence[tuple[int, Moment]], before: Moment | None) -> str:
    """Timestamps as stored: ``offset seconds label`` joined by ``;`` (a few times faster than
    JSON, and a row is written for every passage), or JSON where a label would not survive."""
    if not stamps:
        if before is None:
            return ""
        stamps = ((0, before),)
    text = ";".join(f"{at} {moment.seconds!r} {moment.label}" for at, moment in stamps)
    if text.count(";") != len(stamps) - 1 or text.count(" ") != 2 * len(stamps) or "\n" in text:
        return "[" + json.dumps([[at, m.seconds, m.label] for at, m in stamps])
    return text


def _times(text: str) -> list[tuple[int, Moment]]:
    if not text:
        return []
    if text.startswith("["):
        rows = json.loads(text[1:])
        return [(int(at), Moment(float(seconds), str(label))) for at, seconds, label in rows]
    found = []
    for item in text.split(";"):
        at, seconds, label = item.split(" ")
        found.append((int(at), Moment(float(seconds), label)))
    return found


# Writing


def _delete(connection: sqlite3.Connection, path: str) -> int:
    row = connection.execute("SELECT id FROM notes WHERE path = ?", (path,)).fetchone()
    if row is None:
        return 0
    low, high = row[0] << ROWID_BITS, ((row[0] + 1) << ROWID_BITS) - 1
    for table in ("passages", "unspaced"):
        connection.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (low, high))
    connection.execute("DELETE FROM names WHERE rowid = ?", (row[0],))
    connection.execute("DELETE FROM notes WHERE id = ?", (row[0],))
    return 1


def _store(connection: sqlite3.Connection, note: _NoteRows) -> None:
    # Even a note this build found new: another window may have stored it meanwhile.
    _delete(connection, note.path)
    cursor = connection.execute(
        "INSERT INTO notes (path, size, mtime_ns, title, tags) VALUES (?, ?, ?, ?, ?)",
        (note.path, note.stamp.size, note.stamp.mtime_ns, note.title, note.tags),
    )
    note_id = int(cursor.lastrowid or 0)
    connection.execute(
        "INSERT INTO names (rowid, title, tags) VALUES (?, ?, ?)", (note_id, note.title, note.tags)
    )
    base = note_id << ROWID_BITS
    rows = note.rows[: (1 << ROWID_BITS) - 1]
    connection.executemany(
        "INSERT INTO passages (rowid, text, note, passage, start, section, times)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (base + number, text, note_id, index, start, section, times)
            for number, (text, index, start, section, times, _) in enumerate(rows)
        ],
    )
    unspaced = [(base + number, row[5]) for number, row in enumerate(rows) if row[5] is not None]
    if unspaced:
        connection.executemany("INSERT INTO unspaced (rowid, text) VALUES (?, ?)", unspaced)


# The query as SQL: every user text is a bound parameter, built from our tokens only.


def _fts_expression(clauses: Sequence[Clause], render: Callable[[Term], str]) -> str:
    positive = [c for c in clauses if not c.negated]
    negative = [c for c in clauses if c.negated]
    expression = " AND ".join(
        "(" + " OR ".join(render(term) for term in clause.terms) + ")" for clause in positive
    )
    for clause in negative:
        expression += " NOT (" + " OR ".join(render(term) for term in clause.terms) + ")"
    return expression


def _piece_fts(term: Term) -> str:
    return " AND ".join('"' + piece.replace('"', '""') + '"' for piece in term.pieces)


_PASSAGE_COLUMNS = "rowid, note, passage, start, section, times, text"


def _body_sql(clauses: Sequence[Clause], notes_sql: str | None) -> tuple[str, list[object]]:
    """A statement of the matching passages, best first (all of :data:`_PASSAGE_COLUMNS`, or
    their rowids only), and its arguments; its last parameters are those of ``notes_sql`` (a
    condition on ``notes``, if any) and the limit."""
    terms = [term for clause in clauses for term in clause.terms]
    # A row's note is its rowid >> ROWID_BITS: a filter needs no join.
    within = (
        f" AND (rowid >> {ROWID_BITS}) IN (SELECT id FROM notes WHERE {notes_sql})"
        if notes_sql
        else ""
    )
    if all(not term.unspaced for term in terms):
        sql = (
            f"SELECT {_PASSAGE_COLUMNS} FROM passages"
            f" WHERE passages MATCH ?{within} ORDER BY rank LIMIT ?"
        )
        return sql, [_fts_expression(clauses, Term.fts)]
    trigram_ready = all(len(piece) >= 3 for term in terms for piece in term.pieces)
    if all(term.unspaced for term in terms) and trigram_ready:
        sql = f"SELECT rowid FROM unspaced WHERE unspaced MATCH ?{within} ORDER BY rank LIMIT ?"
        return sql, [_fts_expression(clauses, _piece_fts)]
    # Mixed, or pieces too short for trigrams: sets of rowids, one per term.
    args: list[object] = []

    def term_set(term: Term) -> str:
        if not term.unspaced:
            args.append(term.fts())
            return "SELECT rowid FROM passages WHERE passages MATCH ?"
        parts = []
        for piece in term.pieces:
            if len(piece) >= 3:
                args.append('"' + piece.replace('"', '""') + '"')
                parts.append("SELECT rowid FROM unspaced WHERE unspaced MATCH ?")
            else:
                args.append("%" + _like_escape(piece) + "%")
                parts.append("SELECT rowid FROM unspaced WHERE text LIKE ? ESCAPE '\\'")
        return " INTERSECT ".join(parts)

    def clause_set(clause: Clause) -> str:
        return " UNION ".join(f"SELECT rowid FROM ({term_set(term)})" for term in clause.terms)

    positive = [clause for clause in clauses if not clause.negated]
    negative = [clause for clause in clauses if clause.negated]
    sets = " INTERSECT ".join(f"SELECT rowid FROM ({clause_set(c)})" for c in positive)
    for clause in negative:
        sets += f" EXCEPT SELECT rowid FROM ({clause_set(clause)})"
    sql = f"SELECT rowid FROM ({sets}) WHERE 1{within} ORDER BY rowid LIMIT ?"
    return sql, args


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filter_sql(clauses: Sequence[Clause]) -> tuple[str, list[object]]:
    """The condition on ``notes`` that ``title:`` and ``tag:`` filters make."""
    conditions: list[str] = ["1"]
    args: list[object] = []
    for clause in clauses:
        options = []
        for term in clause.terms:
            column = term.field or "title"
            if term.unspaced:
                likes = []
                for piece in term.pieces:
                    likes.append(f"{column} LIKE ? ESCAPE '\\'")
                    args.append("%" + _like_escape(piece) + "%")
                options.append("(" + " AND ".join(likes) + ")")
            else:
                options.append("id IN (SELECT rowid FROM names WHERE names MATCH ?)")
                args.append(f"{column} : {term.fts()}")
        condition = "(" + " OR ".join(options) + ")"
        conditions.append(f"NOT {condition}" if clause.negated else condition)
    return " AND ".join(conditions), args


# The file


def _connect(path: Path, root: str) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        connection.execute("PRAGMA synchronous=NORMAL")
        _ensure_schema(connection, root)
    except BaseException:
        connection.close()
        raise
    return connection


def _current(connection: sqlite3.Connection, root: str) -> bool:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version != SCHEMA_VERSION:
        return False
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("app_version") == __version__ and meta.get("root") == root


def _ensure_schema(connection: sqlite3.Connection, root: str) -> None:
    if _current(connection, root):
        return
    with _transaction(connection):
        if _current(connection, root):  # another window has just done it
            return
        for table in _DROP:
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _TABLES:
            connection.execute(statement)
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("app_version", __version__), ("root", root)]
        )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one


def _damaged(error: sqlite3.Error) -> bool:
    """Whether the file is past using: corrupt, not a database, or its tables are not ours.
    (Any other error leaves the file alone: it is reported, not answered by deleting it.)"""
    if _code(error) in _DAMAGED:
        return True
    return _code(error) == sqlite3.SQLITE_ERROR and str(error).startswith(
        ("no such table", "no such column")
    )


def _busy(error: sqlite3.Error) -> bool:
    return _code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        damaged = path.with_name(path.name + suffix)
        with suppress(FileNotFoundError):
            damaged.unlink()


def _inside(cache: Path, root: Path) -> bool:
    real_root = os.path.realpath(root)
    real_cache = os.path.realpath(cache)
    return os.path.commonpath([real_root, real_cache]) == real_root
