"""Opening the app's SQLite files (the folder index, the search index) the one way they share."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def connect_wal(
    path: Path,
    prepare: Callable[[sqlite3.Connection], None],
    *,
    busy_timeout: float,
    any_thread: bool = False,
) -> sqlite3.Connection:
    """A connection in autocommit mode and WAL journaling (readers never wait for a writer, and
    a writer holds its lock briefly), made ready by ``prepare``; closed again if that fails."""
    connection = sqlite3.connect(
        path, timeout=busy_timeout, isolation_level=None, check_same_thread=not any_thread
    )
    try:
        connection.execute("PRAGMA journal_mode=WAL").fetchall()
        connection.execute("PRAGMA synchronous=NORMAL")
        prepare(connection)
    except BaseException:
        connection.close()
        raise
    return connection


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
