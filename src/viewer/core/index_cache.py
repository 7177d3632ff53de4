"""The folder index kept between runs: a folder opens at once from it, and is checked after.

An SQLite file in the app's cache folder (``$XDG_CACHE_HOME/viewer/index.sqlite3`` by
default) keeps, for every folder opened, what :class:`~viewer.core.folder.NotesFolder` knows
of it: its notes' table (:class:`~viewer.core.note_table.NoteTable`: each note's path,
names, marks, and the file's size and modification time, in columns), the link resolver's
finished tables, each note's link targets and the backlinks they make. Each is one
``marshal`` blob with a checksum, so 10,000 notes come back in a few milliseconds. A table in
a blob is marshalled in pieces of :data:`PIECE` entries: one call to ``marshal`` holds the
interpreter until it returns (a folder's 50,000 links in one piece held it 40 ms, and a window
waiting for it froze that long), and between two pieces the other threads run::

    index = IndexCache()
    folder = index.cached(root)   # as the index last saw it, without looking at the disk
    folder = index.open(root)     # scanned: unchanged notes from the index, the rest read
    folder, checked = index.glance(root)  # what to show at once: one of those, or the names

``open`` reads only the notes whose size or time changed and stores the result when anything
did; the app shows what ``glance`` gives at once and runs ``open`` in the background.

Rows are kept only for the code that wrote them: the file is keyed on a digest of the code
that reads a note into an entry and stores it (:mod:`viewer.core.code_digest`), and a file
of any other key is emptied.

The cache is only ever a shortcut. Whatever goes wrong with it (a damaged file, a full disk,
another instance of the app writing at the same moment) the notes are read as if there were no
cache, and a damaged file is replaced (:mod:`viewer.core.sqlite_cache`, shared with the search
index). It never writes inside the notes folder.
"""

from __future__ import annotations

import itertools
import logging
import marshal
import os
import sqlite3
import sys
import time
import zlib
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from viewer.core.code_digest import code_digest, reached_modules
from viewer.core.folder import (
    NotesFolder,
    Progress,
    ReadNote,
    ScanResult,
    folder_root,
    read_entries,
    scan,
)
from viewer.core.links import HASHES, PLACES, LinkResolver, Table, Tables
from viewer.core.note_table import NoteTable
from viewer.core.packed import PackedTable
from viewer.core.sqlite_cache import (
    Damaged,
    Schema,
    Trouble,
    default_cache_folder,
    inside,
    open_cache,
    remove_damaged,
    trouble,
    write_transaction,
)

log = logging.getLogger("viewer.index")

#: A file changed less than this long ago is read again next time: on a coarse clock it could
#: change again within the same tick, keeping its size and time (git's "racily clean"
#: entries). Two seconds covers the coarsest file systems (FAT).
RACY_NS = 2_000_000_000
#: Folders not opened for this long are dropped, so the file does not grow for ever.
FORGET_AFTER_NS = 180 * 24 * 3600 * 1_000_000_000
#: A folder never opened before with more notes than this is shown by name at first, and its
#: notes read in the background: reading takes about 0.1 ms a note (10,000 notes: 1 s).
READ_NOW_LIMIT = 500
#: How long to wait for another instance's write before giving up on the cache for this open.
BUSY_TIMEOUT_S = 0.25
_DAY_NS = 24 * 3600 * 1_000_000_000
#: The marshal format written (4: Python 3.4 and later; the blobs are checked by the code key).
_MARSHAL_VERSION = 4
#: What is not a table's piece is marshalled in this version: one without references back.
_NO_REFERENCES = 2
#: The entries of a table (rows, links) marshalled at once (about a millisecond).
PIECE = 1_000

_TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # One row per folder: ``notes`` is (entries as rows, paths to read again, scan problems),
    # ``names`` the resolver's tables, ``links`` and ``backlinks`` path -> paths.
    "CREATE TABLE folders ("
    " id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, opened_ns INTEGER NOT NULL,"
    " notes BLOB NOT NULL, names BLOB NOT NULL, links BLOB NOT NULL, backlinks BLOB NOT NULL)",
)


def default_cache_path() -> Path:
    """The file in the user's cache folder: ``$XDG_CACHE_HOME/viewer/index.sqlite3``, by
    default ``~/.cache/viewer/index.sqlite3``."""
    return default_cache_folder() / "index.sqlite3"


class IndexCache:
    """The folder index: :meth:`cached` (nothing read but the index), :meth:`open` (checked
    against the disk) and :meth:`glance` (what to show before that check).

    It keeps no connection open between calls, so one instance may serve every open of a
    window, from any thread, and several processes may share the file.
    """

    def __init__(self, path: Path | None = None, key: str | None = None) -> None:
        self.path = path if path is not None else default_cache_path()
        #: Rows stored under another key are dropped; by default, the digest of the code.
        self.key = key if key is not None else code_key()

    @property
    def folder(self) -> Path:
        """The cache folder the file is in, where the app's other cache files go too."""
        return self.path.parent

    def cached(self, root: Path) -> NotesFolder | None:
        """The folder at ``root`` as it was when last opened, or ``None`` (never opened, or the
        index cannot say). Looks at nothing but the index: see :meth:`open` for the truth."""
        root = Path(os.path.abspath(root))
        if not self._usable(root) or not self.path.is_file():
            return None
        try:
            connection = self._connect()
        except (sqlite3.Error, OSError) as error:
            log.info("the index cache %s cannot be read (%s)", self.path, error)
            return None
        try:
            stored = _Stored.read(connection, str(root))
            return stored.folder(root) if stored is not None else None
        except (sqlite3.Error, Damaged) as error:
            log.info("the index of %s cannot be used (%s)", root, error)  # open() replaces it
            return None
        finally:
            connection.close()

    def glance(self, root: Path) -> tuple[NotesFolder, bool]:
        """The folder to show at once, and whether it is known to be as on disk (if not, check
        it with :meth:`open`, off the UI thread): from the index if it knows the folder; else
        read now if it is small; else :meth:`NotesFolder.listed`, its notes by name.
        Raises as :meth:`open` does."""
        root = folder_root(root)
        if (folder := self.cached(root)) is not None:
            return folder, False
        found = scan(root)
        if len(found.files) > READ_NOW_LIMIT:
            return NotesFolder.listed(root, found), False
        return self.open(root, found), True

    def open(
        self,
        root: Path,
        found: ScanResult | None = None,
        known: NotesFolder | None = None,
        progress: Progress | None = None,
    ) -> NotesFolder:
        """Scan ``root``, take unchanged notes from the index, read the others and keep the
        result. Raises ``NotADirectoryError``/``OSError`` only for a folder that cannot be
        opened at all, as :meth:`NotesFolder.open` does; a cache that fails is read around.

        With ``known`` (the folder on screen), a scan that finds it unchanged gives it back
        as it is, without reading the index: the check after :meth:`glance` usually ends so.
        One that finds some notes changed, come or gone reads those and takes the rest from
        ``known`` (:meth:`NotesFolder.updated`), not from the index: what the folder watcher
        sets off. ``progress`` is told how many of the notes to read are read.
        """
        root = folder_root(root)
        found = found or scan(root)
        if known is not None and known.root == root and known.complete:
            if known.matches(found):
                known.keep_subtitles(found)
                self._touch(root)
                return known
            return self._update_known(known, found, progress)
        if not self._usable(root):
            return NotesFolder.read(root, found, progress)
        connection, stored = self._stored(root)
        try:
            return self._update(connection, stored, root, found, progress)
        finally:
            if connection is not None:
                connection.close()

    def _update(
        self,
        connection: sqlite3.Connection | None,
        stored: _Stored | None,
        root: Path,
        found: ScanResult,
        progress: Progress | None,
    ) -> NotesFolder:
        now = time.time_ns()
        if stored is None:
            folder = NotesFolder.read(root, found, progress, lambda read: _storable(read, now))
        else:
            # The stored folder, brought up to date as a change on disk would be: the notes
            # that stayed as they were keep their packed links and backlinks.
            known = stored.folder(root, found.subtitles)
            if known.matches(found):  # nothing to read
                if connection is not None and now - stored.opened_ns > _DAY_NS:
                    self._keep(connection, known, now)
                return known
            folder = _changed(known, found, progress, now)
        if connection is not None:
            self._keep(connection, folder, now)
        return folder

    def _update_known(
        self, known: NotesFolder, found: ScanResult, progress: Progress | None
    ) -> NotesFolder:
        """``known`` as the scan ``found`` it: the notes changed or come read, kept."""
        now = time.time_ns()
        folder = _changed(known, found, progress, now)
        if self._usable(folder.root):
            try:
                connection = self._connect()
            except (sqlite3.Error, OSError) as error:
                log.info("the index cache was not updated (%s)", error)
                return folder
            try:
                self._keep(connection, folder, now)
            finally:
                connection.close()
        return folder

    def _touch(self, root: Path) -> None:
        """Note that the folder was opened today, so it is not forgotten (``FORGET_AFTER_NS``)."""
        if not self._usable(root) or not self.path.is_file():
            return
        now = time.time_ns()
        try:
            connection = self._connect()
            try:
                with write_transaction(connection):
                    connection.execute(
                        "UPDATE folders SET opened_ns = ? WHERE path = ? AND opened_ns < ?",
                        (now, str(root), now - _DAY_NS),
                    )
            finally:
                connection.close()
        except (sqlite3.Error, OSError) as error:
            log.info("the index cache was not updated (%s)", error)

    def _usable(self, root: Path) -> bool:
        if not _encodable(str(root)):
            return False  # SQLite text is UTF-8; such a folder is just read
        if inside(self.path, root):
            log.warning("the index cache %s is inside the notes folder; not used", self.path)
            return False
        return True

    def _stored(self, root: Path) -> tuple[sqlite3.Connection | None, _Stored | None]:
        """A connection to keep the result with (``None``: the cache cannot be used now) and
        what it holds of ``root``; a damaged file is replaced."""
        try:
            connection = self._connect()
        except (sqlite3.Error, OSError) as error:
            log.warning(
                "the index cache %s cannot be used (%s); reading every note", self.path, error
            )
            return None, None
        try:
            return connection, _Stored.read(connection, str(root))
        except (sqlite3.Error, Damaged) as error:
            connection.close()
            found = trouble(error)
            if found is Trouble.BUSY:
                log.warning("the index cache is busy (%s); reading every note", error)
                return None, None
            if found is Trouble.UNWRITABLE:
                log.warning(
                    "the index cache %s cannot be used (%s); reading every note", self.path, error
                )
                return None, None
            self._damaged(error)
            try:
                remove_damaged(self.path)
                return self._connect(), None
            except (sqlite3.Error, OSError) as again:
                log.warning("the index cache cannot be replaced (%s); reading every note", again)
                return None, None

    def _keep(self, connection: sqlite3.Connection, folder: NotesFolder, now: int) -> None:
        try:
            _store(connection, folder, now)
        except sqlite3.Error as error:
            # Busy, full or read-only: the folder is right, it just is not kept.
            log.info("the index cache was not updated (%s)", error)

    def _connect(self) -> sqlite3.Connection:
        """A connection to the file; a damaged one is replaced (busy: raised)."""
        schema = Schema(_TABLES, (("code", self.key),))
        return open_cache(self.path, schema, busy_timeout=BUSY_TIMEOUT_S, damaged=self._damaged)

    def _damaged(self, error: BaseException) -> None:
        log.warning("the index cache %s is damaged (%s); replacing it", self.path, error)


@cache
def code_key() -> str:
    """The digest of the code that reads notes into entries and stores them here."""
    return code_digest(reached_modules(sys.modules[__name__]))


@dataclass(slots=True)
class _Stored:
    """What the index holds of one folder."""

    opened_ns: int
    entries: NoteTable
    #: Paths read too soon after they changed, or that could not be read: read them again.
    recheck: set[str]
    problems: list[str]
    tables: Tables
    links: PackedTable
    backlinks: PackedTable

    @classmethod
    def read(cls, connection: sqlite3.Connection, root: str) -> _Stored | None:
        row = connection.execute(
            "SELECT opened_ns, notes, names, links, backlinks FROM folders WHERE path = ?", (root,)
        ).fetchone()
        if row is None:
            return None
        opened_ns, notes, names, link_blob, backlink_blob = row
        try:
            table_parts, recheck, problems = _unseal(notes)
            entries = NoteTable.from_parts(table_parts)
            tables = _tables(_unseal(names), len(entries))
            stored = cls(
                int(opened_ns), entries, set(recheck), list(problems), tables,
                PackedTable.from_parts(_unseal(link_blob)),
                PackedTable.from_parts(_unseal(backlink_blob)),
            )  # fmt: skip
        except (ValueError, TypeError, IndexError) as error:  # rows of the wrong shape
            raise Damaged(str(error)) from error
        return stored

    def folder(self, root: Path, subtitles: Iterable[str] | None = None) -> NotesFolder:
        """The stored folder; ``subtitles`` are its subtitle files if a scan just found them
        (else the folder scans for them when asked)."""
        return NotesFolder(
            root,
            self.entries,
            self.problems,
            self.links,
            resolver=LinkResolver.from_tables(self.tables, self.entries),
            backlinks=self.backlinks,
            unsettled=frozenset(self.recheck),
            subtitles=subtitles,
        )


def _seal(value: Any) -> bytes:
    """``value`` marshalled, after its checksum."""
    return b"".join(_sealed(value))


def _sealed(value: Any) -> list[bytes]:
    """:func:`_seal` in parts, to be written one by one. Tuples and lists of pieces (bytes,
    from :func:`_pieces`) are written here, a piece at a time: ``marshal.dumps`` of the
    pieces of a table of 50,000 entries held the interpreter 20 ms, and the window waited."""
    parts: list[bytes] = []
    _marshalled(value, parts)
    checksum = zlib.adler32(b"")
    for part in parts:
        checksum = zlib.adler32(part, checksum)  # a big piece lets the interpreter go
    return [checksum.to_bytes(4, "big"), *parts]


def _marshalled(value: Any, parts: list[bytes]) -> None:
    """``value`` in marshal's format, appended to ``parts``: bytes, tuples and lists of them
    as ``marshal.loads`` reads them back; anything else by ``marshal.dumps``, in a version
    that refers back to nothing (so that it can sit anywhere in the whole)."""
    kind = type(value)
    if kind is bytes:
        parts += (b"s" + len(value).to_bytes(4, "little"), value)
    elif kind is tuple or kind is list:
        parts.append((b"(" if kind is tuple else b"[") + len(value).to_bytes(4, "little"))
        for item in value:
            _marshalled(item, parts)
    else:
        parts.append(marshal.dumps(value, _NO_REFERENCES))


def _checked(blob: Any) -> memoryview:
    """The marshalled data of a blob whose checksum is right (a few milliseconds for 10 MB)."""
    if type(blob) is not bytes or len(blob) < 4:
        raise Damaged(f"a blob stored as {type(blob).__name__}")
    if zlib.adler32(memoryview(blob)[4:]) != int.from_bytes(blob[:4], "big"):
        raise Damaged("a blob does not match its checksum")
    return memoryview(blob)[4:]


def _unseal(blob: Any) -> Any:
    try:
        return marshal.loads(_checked(blob))
    except (EOFError, ValueError, TypeError) as error:
        raise Damaged(str(error)) from error


#: What the arrays of the resolver's tables are, as stored: read back on a machine whose
#: arrays differ (the file carried to another), they are damage.
_ARRAYS = f"{sys.byteorder} {HASHES}{array(HASHES).itemsize} {PLACES}{array(PLACES).itemsize}"


def _names(resolver: LinkResolver) -> tuple[Any, ...]:
    """The resolver's :attr:`~LinkResolver.tables` as the ``names`` blob keeps them: the
    bytes of each table's two arrays, after what the arrays are and the number of notes they
    are places in (the stored entries, in their order: the folder's and the resolver's, by
    path). The bytes are written as they are, in no call to ``marshal``, and read back in
    one copy each: for 50,000 notes 2.6 MB, written in 1 ms and read in 9, where the dicts'
    pieces took 17 MB, 100 ms and 180."""
    tables = tuple((table.hashes.tobytes(), table.places.tobytes()) for table in resolver.tables)
    return (_ARRAYS, len(resolver.notes), tables)


def _tables(names: Any, notes: int) -> Tables:
    """The tables :func:`_names` made ``names`` of, for a folder of ``notes`` entries; what it
    cannot have made is :class:`Damaged` (a place beyond the notes would fail a lookup)."""
    if (
        type(names) is not tuple
        or len(names) != 3
        or names[:2] != (_ARRAYS, notes)
        or type(names[2]) is not tuple
        or len(names[2]) != 4
    ):
        raise Damaged("the resolver's tables have the wrong shape")
    tables = []
    for pair in names[2]:
        if type(pair) is not tuple or len(pair) != 2 or {type(part) for part in pair} != {bytes}:
            raise Damaged("a table of the resolver's is not two arrays")
        table = Table(array(HASHES), array(PLACES))
        table.hashes.frombytes(pair[0])  # ValueError: bytes that are not whole numbers
        table.places.frombytes(pair[1])
        if len(table.hashes) != len(table.places) or max(table.places, default=-1) >= notes:
            raise Damaged("a table of the resolver's does not fit the notes")
        tables.append(Table(table.hashes[:], table.places[:]))  # frombytes() left room to grow
    return tables[0], tables[1], tables[2], tables[3]


def _pieces(table: Mapping[str, Any] | Sequence[Any]) -> list[bytes]:
    """``table`` (a dict or a list) marshalled :data:`PIECE` entries at a time."""
    dumps = marshal.dumps
    if isinstance(table, Mapping):
        items = iter(table.items())
        pieces = []
        while part := dict(itertools.islice(items, PIECE)):
            pieces.append(dumps(part, _MARSHAL_VERSION))
        return pieces
    return [
        dumps(list(table[start : start + PIECE]), _MARSHAL_VERSION)
        for start in range(0, len(table), PIECE)
    ]


def _joined(pieces: Any, kind: type[dict[Any, Any]] | type[list[Any]]) -> Any:
    """The table (of type ``kind``) that :func:`_pieces` made ``pieces`` of."""
    if type(pieces) is not list:
        raise Damaged(f"a table stored as {type(pieces).__name__}")
    whole = kind()
    for piece in pieces:
        if type(piece) is not bytes:
            raise Damaged(f"a piece of a table stored as {type(piece).__name__}")
        try:
            part = marshal.loads(piece)
        except (EOFError, ValueError, TypeError) as error:
            raise Damaged(str(error)) from error
        if type(part) is not kind:
            raise Damaged(f"a piece of a table is a {type(part).__name__}")
        if isinstance(whole, dict):
            whole.update(part)
        else:
            whole.extend(part)
    return whole


def _encodable(text: str) -> bool:
    """Whether SQLite can store ``text``: a file name that is not UTF-8 cannot be."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _changed(
    known: NotesFolder, found: ScanResult, progress: Progress | None, now: int
) -> NotesFolder:
    """``known`` as the scan ``found`` it: the notes changed, come or unsettled read."""
    files, again = found.files, known.unsettled
    changed = {path: files[path] for path in known.table.differing(files)}
    changed.update((path, files[path]) for path in sorted(again) if path in files)
    reads = read_entries(known.root, changed, progress)
    unsettled = frozenset(path for path, read in reads.items() if not _storable(read, now))
    return known.updated(found, reads, unsettled)


def _storable(read: ReadNote, now: int) -> bool:
    """Whether the next open may trust this note's stored entry while its file is unchanged."""
    entry = read.entry
    if entry.stamp.mtime_ns > now - RACY_NS:
        return False
    # What a file that could not be read gives: read it again next time, since a change of
    # permissions leaves the modification time alone. (An empty note too: it is cheap.)
    return not (entry.problems and not read.links and not entry.aliases and not entry.has_video)


def _store(connection: sqlite3.Connection, folder: NotesFolder, now: int) -> None:
    """Keep what ``folder`` knows, in one short transaction; forget folders long unopened."""
    blobs = {
        "notes": _sealed((folder.table.parts(), sorted(folder.unsettled), folder.problems)),
        "names": _sealed(_names(folder.resolver)),
        "links": _sealed(folder.links.parts),
        "backlinks": _sealed(folder.backlink_table.parts),
    }
    sizes = [sum(map(len, parts)) for parts in blobs.values()]
    with write_transaction(connection):
        connection.execute("DELETE FROM folders WHERE opened_ns < ?", (now - FORGET_AFTER_NS,))
        # Room made for the blobs, then filled a part at a time: a blob of 13 MB handed to
        # SQLite whole is copied while the interpreter is held (10 ms), in parts it is not.
        connection.execute(
            "INSERT INTO folders (path, opened_ns, notes, names, links, backlinks)"
            " VALUES (?, ?, zeroblob(?), zeroblob(?), zeroblob(?), zeroblob(?))"
            " ON CONFLICT (path) DO UPDATE SET"
            " opened_ns = excluded.opened_ns, notes = excluded.notes, names = excluded.names,"
            " links = excluded.links, backlinks = excluded.backlinks",
            (str(folder.root), now, *sizes),
        )
        (row,) = connection.execute(
            "SELECT id FROM folders WHERE path = ?", (str(folder.root),)
        ).fetchone()
        for column, parts in blobs.items():
            with connection.blobopen("folders", column, row) as blob:
                for part in parts:
                    blob.write(part)
