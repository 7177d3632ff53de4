"""The search index's SQLite file: its tables, opening it, writing a note.

What is damage, how a damaged file is replaced and how the file says who wrote it are the
app's cache files' own (:mod:`viewer.core.sqlite_cache`).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from viewer.core.code_digest import code_digest, reached_modules
from viewer.core.fold import fold
from viewer.core.search.rows import ROWID_BITS, NoteRows
from viewer.core.sqlite_cache import Schema, ensure_schema, open_cache, write_transaction

#: The tables' version. A file written by other code (another version, a changed passage
#: reader, other tables) is emptied and rebuilt anyway: it is keyed on the code (:func:`code_key`).
SCHEMA_VERSION = 1
#: How long a writer waits for another one (another window building the same folder).
BUSY_TIMEOUT_S = 5.0
_TOKENIZER = "unicode61 remove_diacritics 2"

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, title TEXT NOT NULL, tags TEXT NOT NULL)",
    f"CREATE VIRTUAL TABLE names USING fts5(title, tags, tokenize='{_TOKENIZER}')",
    # ``text`` is indexed, folded where folding does more than SQLite's (viewer.core.fold);
    # ``shown`` is the text as written where that differs.
    "CREATE VIRTUAL TABLE passages USING fts5(text, note UNINDEXED, passage UNINDEXED,"
    " start UNINDEXED, section UNINDEXED, times UNINDEXED, shown UNINDEXED,"
    f" tokenize='{_TOKENIZER}')",
    "CREATE VIRTUAL TABLE unspaced USING fts5(text, tokenize='trigram')",
)


def delete_note(connection: sqlite3.Connection, path: str) -> int:
    row = connection.execute("SELECT id FROM notes WHERE path = ?", (path,)).fetchone()
    if row is None:
        return 0
    low, high = row[0] << ROWID_BITS, ((row[0] + 1) << ROWID_BITS) - 1
    for table in ("passages", "unspaced"):
        connection.execute(f"DELETE FROM {table} WHERE rowid BETWEEN ? AND ?", (low, high))
    connection.execute("DELETE FROM names WHERE rowid = ?", (row[0],))
    connection.execute("DELETE FROM notes WHERE id = ?", (row[0],))
    return 1


def store_note(connection: sqlite3.Connection, note: NoteRows) -> None:
    # Even a note this build found new: another window may have stored it meanwhile.
    delete_note(connection, note.path)
    cursor = connection.execute(
        "INSERT INTO notes (path, size, mtime_ns, title, tags) VALUES (?, ?, ?, ?, ?)",
        (note.path, note.stamp.size, note.stamp.mtime_ns, note.title, note.tags),
    )
    note_id = int(cursor.lastrowid or 0)
    connection.execute(
        "INSERT INTO names (rowid, title, tags) VALUES (?, ?, ?)",
        (note_id, fold(note.title), fold(note.tags)),
    )
    base = note_id << ROWID_BITS
    rows = note.rows[: (1 << ROWID_BITS) - 1]
    connection.executemany(
        "INSERT INTO passages (rowid, text, note, passage, start, section, times, shown)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (base + number, text, note_id, index, start, section, times, shown)
            for number, (text, index, start, section, times, shown, _) in enumerate(rows)
        ],
    )
    unspaced = [(base + number, row[6]) for number, row in enumerate(rows) if row[6] is not None]
    if unspaced:
        connection.executemany("INSERT INTO unspaced (rowid, text) VALUES (?, ?)", unspaced)


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
    """The digest of the code that reads a note into rows and stores them: the passages and
    their ids, which the note pane finds hits by, must be those the app computes now."""
    # The query module's too: its UNSPACED decides which rows go in the trigram table.
    starts = (sys.modules[__name__], sys.modules["viewer.core.search.query"])
    modules = {module.__name__: module for start in starts for module in reached_modules(start)}
    return code_digest(modules[name] for name in sorted(modules))


#: Writes in one transaction, the write lock taken at once.
transaction = write_transaction
