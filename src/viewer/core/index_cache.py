"""The folder index kept between runs, so opening a folder again reads only what changed.

An SQLite file in the user's cache folder (``$XDG_CACHE_HOME/viewer/index.sqlite3``) keeps the
:class:`~viewer.core.folder.NoteEntry` of every note of every folder opened, keyed by the
folder, the note's path, its size and its modification time. :class:`IndexCache` is an
:data:`~viewer.core.folder.EntryReader`: it answers unchanged files from the file, reads the
others with :func:`~viewer.core.folder.read_entries` and stores what it read::

    folder = NotesFolder.open(root, read=IndexCache())

Rows are kept only for the code that wrote them: the file is keyed on a digest of the code
that reads a note into an entry and stores it (:mod:`viewer.core.code_digest`), and a file
of any other key is emptied.

The cache is only ever a shortcut. Whatever goes wrong with it (a damaged file, a full disk,
another instance of the app writing at the same moment) the notes are read as if there were no
cache, and a damaged file is replaced. It never writes inside the notes folder.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from viewer.core.code_digest import code_digest, reached_modules
from viewer.core.folder import FileStamp, NoteEntry, read_entries
from viewer.core.paths import is_inside
from viewer.core.sqlite_files import connect_wal, write_transaction

log = logging.getLogger("viewer.index")

#: A file changed less than this long ago is not stored: on a coarse clock it could change again
#: within the same tick, keeping its size and time (git's "racily clean" entries). Two seconds
#: covers the coarsest file systems (FAT); such files are simply read again next time.
RACY_NS = 2_000_000_000
#: Folders not opened for this long are dropped, so the file does not grow for ever.
FORGET_AFTER_NS = 180 * 24 * 3600 * 1_000_000_000
#: How long to wait for another instance's write before giving up on the cache for this open.
BUSY_TIMEOUT_S = 0.25
#: Rows written per transaction: each lock is held for a few milliseconds at most.
WRITE_BATCH = 2000
_DAY_NS = 24 * 3600 * 1_000_000_000
#: Separators of packed names (ASCII unit and record separators).
_UNIT, _RECORD = "\x1f", "\x1e"

_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE roots ("
    " id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, opened_ns INTEGER NOT NULL)",
    "CREATE TABLE entries ("
    " root_id INTEGER NOT NULL, path TEXT NOT NULL,"
    " size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,"
    " title TEXT NOT NULL, aliases TEXT NOT NULL, links TEXT NOT NULL,"
    " has_video INTEGER NOT NULL, problems INTEGER NOT NULL,"
    " PRIMARY KEY (root_id, path)) WITHOUT ROWID",
)


def default_cache_path() -> Path:
    """``$XDG_CACHE_HOME/viewer/index.sqlite3``, by default ``~/.cache/viewer/index.sqlite3``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG rule: a relative value is invalid and ignored.
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return folder / "viewer" / "index.sqlite3"


class _Damaged(Exception):
    """The cache file holds something this code never wrote."""


class IndexCache:
    """An :data:`~viewer.core.folder.EntryReader` that remembers entries between runs.

    It keeps no connection open between calls, so one instance may serve every open of a
    window, and several processes may share the file.
    """

    def __init__(self, path: Path | None = None, key: str | None = None) -> None:
        self.path = path if path is not None else default_cache_path()
        #: Rows stored under another key are dropped; by default, the digest of the code.
        self.key = key if key is not None else code_key()

    def __call__(self, root: Path, files: dict[str, FileStamp]) -> dict[str, NoteEntry]:
        if not _encodable(str(root)):
            return read_entries(root, files)  # SQLite text is UTF-8; such a folder is just read
        if is_inside(os.path.realpath(self.path), os.path.realpath(root)):
            log.warning("the index cache %s is inside the notes folder; not used", self.path)
            return read_entries(root, files)
        try:
            connection = self._connect()
        except (sqlite3.Error, OSError) as error:
            log.warning(
                "the index cache %s cannot be used (%s); reading every note", self.path, error
            )
            return read_entries(root, files)
        try:
            known = _load(connection, str(root), files)
        except (sqlite3.Error, _Damaged) as error:
            connection.close()
            if _code(error) in _BUSY:
                log.warning("the index cache is busy (%s); reading every note", error)
                return read_entries(root, files)
            log.warning("the index cache %s is damaged (%s); replacing it", self.path, error)
            try:
                connection = self._replace()
            except (sqlite3.Error, OSError) as again:
                log.warning("the index cache cannot be replaced (%s); reading every note", again)
                return read_entries(root, files)
            known = _Known()
        try:
            return _update(connection, root, files, known)
        finally:
            connection.close()

    def _connect(self) -> sqlite3.Connection:
        try:
            return _connect(self.path, self.key)
        except sqlite3.DatabaseError as error:
            if _code(error) in _BUSY:
                raise
            log.warning("the index cache %s is damaged (%s); replacing it", self.path, error)
            return self._replace()

    def _replace(self) -> sqlite3.Connection:
        for suffix in ("", "-wal", "-shm", "-journal"):
            damaged = self.path.with_name(self.path.name + suffix)
            if damaged.is_file() or damaged.is_symlink():
                damaged.unlink()
        return _connect(self.path, self.key)


@cache
def code_key() -> str:
    """The digest of the code that reads notes into entries and stores them here."""
    return code_digest(reached_modules(sys.modules[__name__]))


@dataclass(slots=True)
class _Known:
    """What the cache holds of one folder."""

    root_id: int | None = None
    opened_ns: int = 0
    #: The entries whose file is unchanged.
    entries: dict[str, NoteEntry] = field(default_factory=dict)
    #: Paths with a row that is out of date: the file changed or is gone.
    stale: list[str] = field(default_factory=list)


def _update(
    connection: sqlite3.Connection, root: Path, files: dict[str, FileStamp], known: _Known
) -> dict[str, NoteEntry]:
    """Every entry: from the cache where it is up to date, else read now and stored."""
    cached = known.entries
    changed = {path: stamp for path, stamp in files.items() if path not in cached}
    entries = read_entries(root, changed)
    entries.update((path, cached[path]) for path in files if path in cached)
    now = time.time_ns()
    fresh = [
        entry for path, entry in entries.items() if path not in cached and _storable(entry, now)
    ]
    if fresh or known.stale or now - known.opened_ns > _DAY_NS:
        try:
            _store(connection, str(root), fresh, known.stale, now)
        except sqlite3.Error as error:
            # Busy, full or read-only: the entries are right, they just are not kept.
            log.info("the index cache was not updated (%s)", error)
    return entries


def _code(error: BaseException) -> int:
    return getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one


def _encodable(text: str) -> bool:
    """Whether SQLite can store ``text``: a file name that is not UTF-8 cannot be."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _storable(entry: NoteEntry, now: int) -> bool:
    if entry.stamp.mtime_ns > now - RACY_NS:
        return False
    if entry.problems and not entry.links and not entry.aliases and not entry.has_video:
        # What a file that could not be read gives: read it again next time, since a change
        # of permissions leaves the modification time alone. (An empty note too: it is cheap.)
        return False
    return _encodable(entry.path) and _encodable(entry.title)


def _connect(path: Path, key: str) -> sqlite3.Connection:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return connect_wal(
        path, lambda connection: _ensure_schema(connection, key), busy_timeout=BUSY_TIMEOUT_S
    )


def _current(connection: sqlite3.Connection, key: str) -> bool:
    meta = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    if connection.execute(meta).fetchone() is None:
        return False
    row = connection.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
    return row is not None and row[0] == key


def _ensure_schema(connection: sqlite3.Connection, key: str) -> None:
    if _current(connection, key):
        return
    with write_transaction(connection):
        if _current(connection, key):  # another instance has just done it
            return
        for table in ("entries", "roots", "meta"):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _TABLES:
            connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES ('code', ?)", (key,))


def _pack(names: tuple[str, ...]) -> str:
    """Names as one text: joined by a control character, or as JSON where one contains it.

    Splitting is several times faster than JSON, which matters for 10,000 rows; names never
    are empty (aliases and link targets are stripped and skipped when blank).
    """
    if not names:
        return ""
    text = _UNIT.join(names)
    if _RECORD in text or text.count(_UNIT) != len(names) - 1:
        return _RECORD + json.dumps(names)  # ASCII: any string survives, even a lone surrogate
    return text


def _unpack(text: Any) -> tuple[str, ...]:
    if type(text) is not str:
        raise _Damaged(f"names stored as {type(text).__name__}")
    if not text:
        return ()
    if not text.startswith(_RECORD):
        return tuple(text.split(_UNIT))
    names = json.loads(text[1:])
    if type(names) is not list or not all(type(name) is str for name in names):
        raise _Damaged(f"not a list of names: {text[:40]!r}")
    return tuple(names)


def _load(connection: sqlite3.Connection, root: str, files: dict[str, FileStamp]) -> _Known:
    row = connection.execute("SELECT id, opened_ns FROM roots WHERE path = ?", (root,)).fetchone()
    if row is None:
        return _Known()
    known = _Known(int(row[0]), int(row[1]))
    rows = connection.execute(
        "SELECT path, size, mtime_ns, title, aliases, links, has_video, problems"
        " FROM entries WHERE root_id = ?",
        (known.root_id,),
    ).fetchall()
    entries, stale = known.entries, known.stale
    try:
        for path, size, mtime_ns, title, aliases, links, has_video, problems in rows:
            stamp = files.get(path)
            if stamp is None or stamp.size != size or stamp.mtime_ns != mtime_ns:
                stale.append(path)
                continue
            if type(title) is not str or type(problems) is not int:
                raise _Damaged(f"the row of {path!r} has the wrong types")
            entries[path] = NoteEntry(
                path, title, _unpack(aliases), _unpack(links), bool(has_video), problems, stamp
            )
    except (ValueError, TypeError) as error:  # bad JSON, or a row of the wrong shape
        raise _Damaged(str(error)) from error
    return known


def _batches(items: Sequence[Any], size: int = WRITE_BATCH) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(
    connection: sqlite3.Connection, root: str, fresh: list[NoteEntry], stale: list[str], now: int
) -> None:
    """Keep ``fresh`` entries, forget ``stale`` paths: short transactions, one per batch."""
    with write_transaction(connection):
        connection.execute(
            "INSERT INTO roots (path, opened_ns) VALUES (?, ?)"
            " ON CONFLICT (path) DO UPDATE SET opened_ns = excluded.opened_ns",
            (root, now),
        )
        (root_id,) = connection.execute("SELECT id FROM roots WHERE path = ?", (root,)).fetchone()
        forgotten = connection.execute(
            "SELECT id FROM roots WHERE opened_ns < ?", (now - FORGET_AFTER_NS,)
        ).fetchall()
        connection.executemany("DELETE FROM entries WHERE root_id = ?", forgotten)
        connection.executemany("DELETE FROM roots WHERE id = ?", forgotten)
        connection.executemany(
            "DELETE FROM entries WHERE root_id = ? AND path = ?",
            [(root_id, path) for path in stale],
        )
    for batch in _batches(fresh):
        rows = [
            (
                root_id,
                entry.path,
                entry.stamp.size,
                entry.stamp.mtime_ns,
                entry.title,
                _pack(entry.aliases),
                _pack(entry.links),
                int(entry.has_video),
                entry.problems,
            )
            for entry in batch
        ]
        with write_transaction(connection):
            connection.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
