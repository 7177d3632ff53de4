"""The search index's SQLite file: its tables, opening it, writing a note and its transcripts.

What is damage, how a damaged file is replaced and how the file says who wrote it are the
app's cache files' own (:mod:`viewer.core.sqlite_cache`).

The tables:

* ``notes``: one row a note: its path, size and time, title, tags, its timestamps (labels
  joined by newlines, :func:`viewer.core.search.rows.moment_of`) and their convention, its
  YouTube id and whether its front matter names a video or transcript file (to know whose
  transcripts to look for again when the folder's subtitle files change), and the transcript
  files its transcript rows were read from (:func:`transcripts_text`).
* ``names``: FTS5 of title and tags, folded, for ``title:`` and ``tag:``.
* ``passages``: FTS5, one row per passage of a note (or piece of a long one) and per half
  minute or so of a transcript. A note's rowids are its id times 2**20 plus the row's number;
  its transcripts' rows are numbered from 2**19 (:data:`viewer.core.search.rows.TRANSCRIPT_BIT`),
  so a note's rows, its own or its transcripts', are one rowid range each. The unindexed
  columns say, for a note's row: the passage's index, where the row starts in it, the note's
  first and last timestamps it may belong to, its section; for a transcript's row: the file's
  number (in ``notes.transcripts``), its first cue's number, -1, -1, and the cues' places
  and times (:func:`viewer.core.search.spoken.cue_times`). ``shown`` is the text as written
  where the text indexed is folded.
* ``unspaced``: FTS5 ``trigram``, the same rows for text of scripts written without spaces.
* ``subtitles``: the folder's subtitle files at the last build, with their size and time.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path

from viewer.core.code_digest import code_digest, reached_modules
from viewer.core.fold import fold
from viewer.core.note_table import FileStamp
from viewer.core.search.rows import ROWID_BITS, TRANSCRIPT_BIT, NoteRows, Row
from viewer.core.search.spoken import TranscriptFiles
from viewer.core.sqlite_cache import Schema, ensure_schema, open_cache, write_transaction

#: The tables' version. A file written by other code (another version, a changed passage
#: reader, other tables) is emptied and rebuilt anyway: it is keyed on the code (:func:`code_key`).
SCHEMA_VERSION = 2
#: How long a writer waits for another one (another window building the same folder).
BUSY_TIMEOUT_S = 5.0
_TOKENIZER = "unicode61 remove_diacritics 2"

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, title TEXT NOT NULL, tags TEXT NOT NULL,"
    " stamps TEXT NOT NULL, hours INTEGER NOT NULL, video TEXT, named INTEGER NOT NULL,"
    " transcripts TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE names USING fts5(title, tags, tokenize='{_TOKENIZER}')",
    # ``text`` is indexed, folded where folding does more than SQLite's (viewer.core.fold);
    # ``shown`` is the text as written where that differs.
    "CREATE VIRTUAL TABLE passages USING fts5(text, passage UNINDEXED, start UNINDEXED,"
    " first UNINDEXED, last UNINDEXED, section UNINDEXED, shown UNINDEXED,"
    f" tokenize='{_TOKENIZER}')",
    "CREATE VIRTUAL TABLE unspaced USING fts5(text, tokenize='trigram')",
    "CREATE TABLE subtitles (path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL)",
)

_INSERT_ROWS = (
    "INSERT INTO passages (rowid, text, passage, start, first, last, section, shown)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_UNSPACED = "INSERT INTO unspaced (rowid, text) VALUES (?, ?)"


def _range(note_id: int, transcripts_only: bool = False) -> tuple[int, int]:
    base = note_id << ROWID_BITS
    return (base | TRANSCRIPT_BIT if transcripts_only else base), base + (1 << ROWID_BITS) - 1


def delete_note(connection: sqlite3.Connection, path: str) -> int:
    row = connection.execute("SELECT id FROM notes WHERE path = ?", (path,)).fetchone()
    if row is None:
        return 0
    low, high = _range(row[0])
    for table in ("passages", "unspaced"):
        connection.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (low, high))
    connection.execute("DELETE FROM names WHERE rowid = ?", (row[0],))
    connection.execute("DELETE FROM notes WHERE id = ?", (row[0],))
    return 1


class Pending:
    """Rows to insert, gathered over the notes of one transaction and written at its end
    with one statement per table (:meth:`write`), not one per note."""

    __slots__ = ("passages", "unspaced")

    def __init__(self) -> None:
        self.passages: list[tuple[object, ...]] = []
        self.unspaced: list[tuple[int, str]] = []

    def add(self, base: int, rows: Sequence[Row]) -> None:
        """The rows of one note, or of its transcripts, numbered from ``base``."""
        rows = rows[: TRANSCRIPT_BIT - 1]
        self.passages.extend([(base + number, *row[:7]) for number, row in enumerate(rows)])
        self.unspaced.extend(
            [(base + number, row[7]) for number, row in enumerate(rows) if row[7] is not None]
        )

    def write(self, connection: sqlite3.Connection) -> None:
        if self.passages:
            connection.executemany(_INSERT_ROWS, self.passages)
        if self.unspaced:
            connection.executemany(_INSERT_UNSPACED, self.unspaced)
        self.passages, self.unspaced = [], []


def store_note(
    connection: sqlite3.Connection,
    note: NoteRows,
    transcripts: TranscriptFiles | None,
    pending: Pending | None = None,
) -> None:
    """Store a note's rows, and its transcripts' (``None``: keep those stored, if any).
    Given ``pending``, the rows are added to it, for the caller to write in the same
    transaction; else written now."""
    rows = pending if pending is not None else Pending()
    _store_note(connection, note, transcripts, rows)
    if pending is None:
        rows.write(connection)


def _store_note(
    connection: sqlite3.Connection,
    note: NoteRows,
    transcripts: TranscriptFiles | None,
    pending: Pending,
) -> None:
    if note.new:
        # Most of a first build: stored at once, unless another window stored it meanwhile
        # (then its path is taken, and nothing of it was written yet).
        try:
            note_id = _insert_note(connection, note, transcripts)
        except sqlite3.IntegrityError:
            note.new = False
            _store_note(connection, note, transcripts, pending)
            return
    else:
        old = connection.execute(
            "SELECT id, transcripts FROM notes WHERE path = ?", (note.path,)
        ).fetchone()
        if old is not None and transcripts is None and old[1]:
            _replace_own_rows(connection, old[0], note, pending)
            return
        if old is not None:
            delete_note(connection, note.path)
        note_id = _insert_note(connection, note, transcripts)
    pending.add(note_id << ROWID_BITS, note.rows)
    if transcripts is not None:
        pending.add((note_id << ROWID_BITS) | TRANSCRIPT_BIT, transcripts.rows)


_INSERT_NOTE = (
    "INSERT INTO notes (path, size, mtime_ns, title, tags, stamps, hours, video, named,"
    " transcripts, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_NAMES = "INSERT INTO names (rowid, title, tags) VALUES (?, ?, ?)"


def _note_values(
    note: NoteRows, transcripts: TranscriptFiles | None, note_id: int | None = None
) -> tuple[object, ...]:
    """A note's row of ``notes`` (its id last: ``None``, the next one)."""
    return (
        note.path,
        note.stamp.size,
        note.stamp.mtime_ns,
        note.title,
        note.tags,
        note.stamps,
        int(note.true_hours),
        note.video_id,
        int(note.named),
        transcripts.text() if transcripts is not None else "",
        note_id,
    )


def _insert_note(
    connection: sqlite3.Connection, note: NoteRows, transcripts: TranscriptFiles | None
) -> int:
    cursor = connection.execute(_INSERT_NOTE, _note_values(note, transcripts))
    note_id = int(cursor.lastrowid or 0)
    connection.execute(_INSERT_NAMES, (note_id, fold(note.title), fold(note.tags)))
    return note_id


def store_new_notes(
    connection: sqlite3.Connection,
    notes: Sequence[tuple[NoteRows, TranscriptFiles | None]],
    pending: Pending,
) -> None:
    """Store notes the index did not hold when the build began (:attr:`NoteRows.new`) with
    one statement per table for them all, their rows added to ``pending``; should another
    window have stored one of them meanwhile, each is stored as :func:`store_note` does."""
    if not notes:
        return
    (first,) = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM notes").fetchone()
    numbered = list(enumerate(notes, first))
    connection.execute("SAVEPOINT new_notes")
    try:
        connection.executemany(
            _INSERT_NOTE, [_note_values(note, files, id_) for id_, (note, files) in numbered]
        )
    except sqlite3.IntegrityError:
        connection.execute("ROLLBACK TO new_notes")
        connection.execute("RELEASE new_notes")
        for note, transcripts in notes:
            store_note(connection, note, transcripts, pending)
        return
    connection.execute("RELEASE new_notes")
    connection.executemany(
        _INSERT_NAMES, [(id_, fold(note.title), fold(note.tags)) for id_, (note, _) in numbered]
    )
    for note_id, (note, transcripts) in numbered:
        pending.add(note_id << ROWID_BITS, note.rows)
        if transcripts is not None:
            pending.add((note_id << ROWID_BITS) | TRANSCRIPT_BIT, transcripts.rows)


def _replace_own_rows(
    connection: sqlite3.Connection, old_id: int, note: NoteRows, pending: Pending
) -> None:
    """Replace a note's own rows, keeping its transcript rows (read again only when their
    files change): the note keeps its id."""
    low, _high = _range(old_id)
    transcripts_low, _ = _range(old_id, transcripts_only=True)
    for table in ("passages", "unspaced"):
        connection.execute(
            f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (low, transcripts_low - 1)
        )
    connection.execute(
        "UPDATE notes SET size = ?, mtime_ns = ?, title = ?, tags = ?, stamps = ?, hours = ?,"
        " video = ?, named = ? WHERE id = ?",
        (
            note.stamp.size,
            note.stamp.mtime_ns,
            note.title,
            note.tags,
            note.stamps,
            int(note.true_hours),
            note.video_id,
            int(note.named),
            old_id,
        ),
    )
    connection.execute(
        "UPDATE names SET title = ?, tags = ? WHERE rowid = ?",
        (fold(note.title), fold(note.tags), old_id),
    )
    pending.add(old_id << ROWID_BITS, note.rows)


def store_transcripts(
    connection: sqlite3.Connection,
    path: str,
    transcripts: TranscriptFiles,
    pending: Pending | None = None,
) -> bool:
    """Replace the transcript rows of the note at ``path`` (still stored); whether it is.
    ``pending`` as for :func:`store_note`."""
    row = connection.execute("SELECT id FROM notes WHERE path = ?", (path,)).fetchone()
    if row is None:
        return False
    low, high = _range(row[0], transcripts_only=True)
    for table in ("passages", "unspaced"):
        connection.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (low, high))
    connection.execute(
        "UPDATE notes SET transcripts = ? WHERE id = ?", (transcripts.text(), row[0])
    )
    rows = pending if pending is not None else Pending()
    rows.add(low, transcripts.rows)
    if pending is None:
        rows.write(connection)
    return True


#: FTS5's own ``automerge``: segments of one level are merged as soon as there are this many.
AUTOMERGE = 4
_FTS_TABLES = ("passages", "names", "unspaced")


@contextmanager
def bulk_writes(connection: sqlite3.Connection) -> Iterator[None]:
    """A build that writes many batches, and merges the segments they leave at the end
    (:func:`merge_segments`): FTS5 does not merge them as they come (a build of 10,000 notes
    spent a fifth of its writing time merging segments it would merge again), and SQLite does
    not wait for the disk (``synchronous=OFF``: a build of 10,000 notes waited for it for half
    a second). The file is a cache: one that an operating system crash in the middle of a
    build left damaged is replaced and built again, as any damaged one is."""
    connection.execute("PRAGMA synchronous=OFF")
    try:
        _automerge(connection, 0)
        yield
    finally:
        # FTS5 merges again as it goes; should the file be damaged, the error that says so is
        # the one raised.
        with suppress(sqlite3.Error):
            _automerge(connection, AUTOMERGE)
        connection.execute("PRAGMA synchronous=NORMAL")


def _automerge(connection: sqlite3.Connection, segments: int) -> None:
    with write_transaction(connection):
        for table in _FTS_TABLES:
            connection.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (segments,)
            )


def merge_segments(connection: sqlite3.Connection) -> None:
    """Merge each FTS5 table's segments into one (in the caller's transaction)."""
    for table in _FTS_TABLES:
        connection.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def subtitle_stamps(connection: sqlite3.Connection) -> dict[str, FileStamp]:
    rows = connection.execute("SELECT path, size, mtime_ns FROM subtitles").fetchall()
    return {path: FileStamp(size, mtime_ns) for path, size, mtime_ns in rows}


def store_subtitles(connection: sqlite3.Connection, stamps: dict[str, FileStamp]) -> None:
    """Remember the folder's subtitle files as this build found them."""
    connection.execute("DELETE FROM subtitles")
    connection.executemany(
        "INSERT INTO subtitles (path, size, mtime_ns) VALUES (?, ?, ?)",
        [(path, stamp.size, stamp.mtime_ns) for path, stamp in stamps.items()],
    )


def schema(root: str) -> Schema:
    """The tables of the index of the folder ``root``, as this code writes them."""
    return Schema(_TABLES, (("code", code_key()), ("root", root)), SCHEMA_VERSION)


def connect(
    path: Path, root: str, damaged: Callable[[BaseException], None] | None = None
) -> sqlite3.Connection:
    """The index file at ``path`` of the folder ``root``; a damaged one is told to
    ``damaged``, then replaced (:func:`viewer.core.sqlite_cache.open_cache`)."""
    return open_cache(
        path, schema(root), busy_timeout=BUSY_TIMEOUT_S, any_thread=True, damaged=damaged
    )


def prepare(connection: sqlite3.Connection, root: str) -> None:
    """Make the tables on a connection opened otherwise (an index kept in memory)."""
    ensure_schema(connection, schema(root))


@cache
def code_key() -> str:
    """The digest of the code that reads a note and its transcripts into rows and stores them:
    the passages and their ids, which the note pane finds hits by, and the cues, which the
    transcript pane shows, must be those the app computes now."""
    # The query module's too: its UNSPACED decides which rows go in the trigram table.
    starts = (sys.modules[__name__], sys.modules["viewer.core.search.query"])
    modules = {module.__name__: module for start in starts for module in reached_modules(start)}
    return code_digest(modules[name] for name in sorted(modules))


#: Writes in one transaction, the write lock taken at once.
transaction = write_transaction
