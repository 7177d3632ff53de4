"""The app's cache files: SQLite files that hold what can always be worked out again.

Two of them, the folder index (:mod:`viewer.core.index_cache`) and the search index
(:mod:`viewer.core.search`), share what is here: how a file is opened, how it says who wrote
it, what went wrong with it, and how a damaged one is replaced.

Where. In a cache folder the caller gives; :func:`default_cache_folder` is the user's
(``$XDG_CACHE_HOME/viewer``), for the app's entry points to pass on. Nothing here decides
where a file lives.

Keyed. A file carries its :class:`Schema`: a version (``PRAGMA user_version``) and rows of a
``meta`` table, among them a digest of the code that fills it (:mod:`viewer.core.code_digest`).
Opened by code with another schema, it is emptied and its tables are made anew: rows that other
code wrote are never read.

Trouble. :func:`trouble` sorts an error into what to do about it:

* :attr:`Trouble.DAMAGED`, the file is past using (not a database, corrupt pages, tables that
  are not ours, rows that fail their check): replace it, side files included
  (:func:`remove_damaged`), and fill it again;
* :attr:`Trouble.BUSY`, another process holds the lock: leave the file alone, try later;
* :attr:`Trouble.UNWRITABLE`, anything else (read-only, full, a folder where the file should
  be, a path that cannot be made): leave the file alone and work without it.

Connections are in WAL mode (readers never wait for the writer, which holds its lock briefly)
and write in ``BEGIN IMMEDIATE`` transactions (:func:`write_transaction`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from viewer.core.paths import is_inside, user_cache_folder

log = logging.getLogger("viewer.cache")

#: What SQLite keeps beside a database file: removed with it, or the new file would read them.
SIDE_FILES = ("-wal", "-shm", "-journal")


def default_cache_folder() -> Path:
    """``$XDG_CACHE_HOME/viewer``, by default ``~/.cache/viewer``."""
    return user_cache_folder()


def inside(path: Path, root: Path) -> bool:
    """Whether the cache file ``path`` would be inside the notes folder ``root``, which the app
    never writes into (links followed)."""
    return is_inside(os.path.realpath(path), os.path.realpath(root))


class Trouble(Enum):
    DAMAGED = "damaged"
    BUSY = "busy"
    UNWRITABLE = "unwritable"


class Damaged(Exception):
    """What a cache file holds is not what this code wrote (a row that fails its check)."""


#: Primary result codes (an extended code's low byte).
_DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def error_code(error: BaseException) -> int:
    """SQLite's primary result code of ``error``; 0 for an error that has none."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF


def trouble(error: BaseException) -> Trouble:
    """What ``error``, met while using a cache file, says about the file."""
    if isinstance(error, Damaged):
        return Trouble.DAMAGED
    code = error_code(error)
    if code in _DAMAGED_CODES:
        return Trouble.DAMAGED
    if code == sqlite3.SQLITE_ERROR and str(error).startswith(("no such table", "no such column")):
        return Trouble.DAMAGED  # the tables are not those this code made
    if code in _BUSY_CODES:
        return Trouble.BUSY
    return Trouble.UNWRITABLE


@dataclass(frozen=True, slots=True)
class Schema:
    """What a cache file holds and who wrote it."""

    #: The ``CREATE TABLE`` statements, ``meta (key TEXT PRIMARY KEY, value TEXT)`` first.
    tables: tuple[str, ...]
    #: Rows of ``meta`` that the file must hold to be used: the code's digest, and anything
    #: else the rows depend on.
    stamp: tuple[tuple[str, str], ...]
    #: ``PRAGMA user_version``: changes with the tables.
    version: int = 0


def _current(connection: sqlite3.Connection, schema: Schema) -> bool:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if version != schema.version:
        return False
    meta = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    if connection.execute(meta).fetchone() is None:
        return False
    rows = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    return all(rows.get(key) == value for key, value in schema.stamp)


def ensure_schema(connection: sqlite3.Connection, schema: Schema) -> None:
    """Empty the file and make ``schema``'s tables, unless it already holds them."""
    if _current(connection, schema):
        return
    with write_transaction(connection):
        if _current(connection, schema):  # another process has just done it
            return
        tables = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        # Virtual tables first: dropping one drops the tables it keeps its data in.
        tables.sort(key=lambda table: not str(table[1]).upper().startswith("CREATE VIRTUAL"))
        for name, _sql in tables:
            connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        for statement in schema.tables:
            connection.execute(statement)
        connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", schema.stamp)
        connection.execute(f"PRAGMA user_version = {schema.version:d}")


def connect_wal(
    path: Path | str,
    prepare: Callable[[sqlite3.Connection], None],
    *,
    busy_timeout: float,
    any_thread: bool = False,
    uri: bool = False,
) -> sqlite3.Connection:
    """A connection in autocommit mode and WAL journaling, made ready by ``prepare``; closed
    again if that fails."""
    connection = sqlite3.connect(
        path,
        timeout=busy_timeout,
        isolation_level=None,
        check_same_thread=not any_thread,
        uri=uri,
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        connection.execute("PRAGMA synchronous=NORMAL")
        prepare(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def open_cache(
    path: Path,
    schema: Schema,
    *,
    busy_timeout: float,
    any_thread: bool = False,
    damaged: Callable[[BaseException], None] | None = None,
) -> sqlite3.Connection:
    """A connection to the cache file at ``path`` holding ``schema`` (its folder made if need
    be). A damaged file is told to ``damaged`` (given: it is replaced, and opened anew; not
    given: the error is raised); any other error is raised as it is."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)

    def connect() -> sqlite3.Connection:
        return connect_wal(
            path,
            lambda connection: ensure_schema(connection, schema),
            busy_timeout=busy_timeout,
            any_thread=any_thread,
        )

    try:
        return connect()
    except sqlite3.Error as error:
        if damaged is None or trouble(error) is not Trouble.DAMAGED:
            raise
        damaged(error)
    remove_damaged(path)
    return connect()


def remove_damaged(path: Path) -> None:
    """Remove the damaged cache file ``path`` and its side files (``-wal``, ``-shm``,
    ``-journal``: left behind, they would be read into the new file). Raises ``OSError`` when
    one cannot be removed; a folder in the file's place is left alone."""
    removed = []
    for suffix in ("", *SIDE_FILES):
        file = path.with_name(path.name + suffix)
        if file.is_symlink() or file.is_file():
            file.unlink()
            removed.append(file.name)
    if removed:
        log.info("removed the damaged cache file %s (%s)", path, ", ".join(removed))


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """A transaction that takes the write lock at once (IMMEDIATE), so waiting for it happens
    here, not half-way; rolled back if anything in it fails."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def inode(path: Path) -> int | None:
    """The file's inode number (it changes when the file is replaced); ``None`` without one."""
    try:
        return os.stat(path).st_ino
    except OSError:
        return None
