"""The search index's SQLite file: its tables, opening it, writing a note, what is damage."""

from __future__ import annotations

import os
import sqlite3
import sys
from contextlib import suppress
from functools import cache
from pathlib import Path

from viewer.core.code_digest import code_digest, reached_modules
from viewer.core.search.rows import ROWID_BITS, NoteRows
from viewer.core.sqlite_files import connect_wal, write_transaction

#: Bump when the tables change. What goes into them is the code's (:func:`code_key`): a file
#: written by other code (another version, a changed passage reader) is emptied and rebuilt.
SCHEMA_VERSION = 1
#: How long a writer waits for another one (another window building the same folder).
BUSY_TIMEOUT_S = 5.0
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
#: What a damaged file gives: not a database, or corrupt pages (see also :func:`damaged`).
_DAMAGED_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_DROP = ("unspaced", "passages", "names", "notes", "meta")


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


def connect(path: Path, root: str) -> sqlite3.Connection:
    return connect_wal(
        path,
        lambda connection: ensure_schema(connection, root),
        busy_timeout=BUSY_TIMEOUT_S,
        any_thread=True,
    )


@cache
def code_key() -> str:
    """The digest of the code that reads a note into rows and stores them: the passages and
    their ids, which the note pane finds hits by, must be those the app computes now."""
    # The query module's too: its UNSPACED decides which rows go in the trigram table.
    starts = (sys.modules[__name__], sys.modules["viewer.core.search.query"])
    modules = {module.__name__: module for start in starts for module in reached_modules(start)}
    return code_digest(modules[name] for name in sorted(modules))


def _current(connection: sqlite3.Connection, root: str) -> bool:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version != SCHEMA_VERSION:
        return False
    meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    return meta.get("code") == code_key() and meta.get("root") == root


def ensure_schema(connection: sqlite3.Connection, root: str) -> None:
    if _current(connection, root):
        return
    with transaction(connection):
        if _current(connection, root):  # another window has just done it
            return
        for table in _DROP:
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _TABLES:
            connection.execute(statement)
        connection.executemany(
            "INSERT INTO meta VALUES (?, ?)", [("code", code_key()), ("root", root)]
        )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


#: Writes in one transaction, the write lock taken at once.
transaction = write_transaction


def error_code(error: sqlite3.Error) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one


def damaged(error: sqlite3.Error) -> bool:
    """Whether the file is past using: corrupt, not a database, or its tables are not ours.
    (Any other error leaves the file alone: it is reported, not answered by deleting it.)"""
    if error_code(error) in _DAMAGED_CODES:
        return True
    return error_code(error) == sqlite3.SQLITE_ERROR and str(error).startswith(
        ("no such table", "no such column")
    )


def busy(error: sqlite3.Error) -> bool:
    return error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        damaged = path.with_name(path.name + suffix)
        with suppress(FileNotFoundError):
            damaged.unlink()


def inside(cache: Path, root: Path) -> bool:
    real_root = os.path.realpath(root)
    real_cache = os.path.realpath(cache)
    return os.path.commonpath([real_root, real_cache]) == real_root
