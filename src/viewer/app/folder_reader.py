"""Reading a notes folder against its index off the UI thread.

The window opens a folder from the index at once (:meth:`IndexCache.cached`); this checks it
against the disk in a worker thread (:meth:`IndexCache.open`: every file's size and time, the
changed notes read) and hands back the folder as it is, as it does after the folder watcher
saw a change. The worker also compares it with the folder shown and lists the folders to
watch (:class:`FolderChange`), so the UI thread is left with the change alone to act on::

    reader = FolderReader(index, parent=session, watch_limit=2000)
    reader.finished.connect(on_read)   # (root, FolderChange) or (root, the error)
    reader.read(root, shown)           # during a read, one more follows it
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from viewer.core.background import give_way
from viewer.core.folder import NotesFolder, subfolders
from viewer.core.folder_change import FolderChange
from viewer.core.in_child import APART_AT, open_in_child
from viewer.core.index_cache import IndexCache
from viewer.core.stepwise import finish

log = logging.getLogger("viewer.folder")


class _Read(QThread):
    progressed = Signal(object, int, int)  # root, done, total
    done = Signal(object, object)  # root, FolderChange | Exception

    def __init__(
        self, index: IndexCache, root: Path, shown: NotesFolder, again: bool, watch_limit: int,
        parent: QObject,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.index, self.root, self.shown, self.again = index, root, shown, again
        self.watch_limit = watch_limit

    def run(self) -> None:
        give_way()
        try:
            # The folders to watch first: one made during the scan is then watched, or read.
            watch = subfolders(self.root, self.watch_limit)
            known = None if self.again else self.shown
            folder = None
            if not self.again and not self.shown.complete and len(self.shown) >= APART_AT:
                # A big folder's first read: in a child process (see in_child).
                folder = open_in_child(self.index, self.root, self._progress)
            if folder is None:
                folder = self.index.open(self.root, known=known, progress=self._progress)
            _ = folder.backlink_table  # worked out here, not when the open note is rendered
            finish(folder.in_title_order())  # and the order the list and switcher show
            result: object = FolderChange.between(self.shown, folder, watch)
        except OSError as error:  # the folder itself: gone, or not readable
            result = error
        except Exception as error:  # a bug: said, and the reader goes on working
            log.exception("reading %s failed", self.root)
            result = error
        self.done.emit(self.root, result)

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(self.root, done, total)


class FolderReader(QObject):
    """One read at a time; asked again during a read, it reads once more when that ends, so
    the last answer always reflects the disk after the last request."""

    #: ``(root, done, total)``: notes read so far, of those that changed.
    progress = Signal(object, int, int)
    #: ``(root, change)``: a :class:`FolderChange` from the folder ``read`` was given to the
    #: folder as read (that same folder when nothing changed); or ``(root, error)`` when the
    #: folder could not be read (an ``OSError`` when the folder itself cannot be).
    finished = Signal(object, object)

    def __init__(
        self, index: IndexCache, parent: QObject | None = None, watch_limit: int = 2000
    ) -> None:
        super().__init__(parent)
        self.index = index
        #: At most this many folders are listed to watch (each costs a system handle).
        self.watch_limit = watch_limit
        self._read: _Read | None = None
        self._next: tuple[Path, NotesFolder, bool] | None = None

    def is_running(self) -> bool:
        return self._read is not None

    def read(self, root: Path, shown: NotesFolder, again: bool = False) -> None:
        """Read the folder at ``root`` and compare it with ``shown``, the folder on screen,
        which also spares the read of anything unchanged (see :meth:`IndexCache.open`);
        ``again`` reads it against the index instead, trusting nothing shown (F5)."""
        if self._read is not None:
            self._next = (root, shown, again)
            return
        read = _Read(self.index, root, shown, again, self.watch_limit, self)
        read.progressed.connect(self.progress)
        read.done.connect(self._done)
        self._read = read
        read.start()

    def cancel(self) -> None:
        """Drop any read asked for but not started; a running one ends on its own."""
        self._next = None

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the running read ends (for closing the window)."""
        self._next = None
        return self._read is None or self._read.wait(milliseconds)

    def _done(self, root: Path, result: object) -> None:
        read, self._read = self._read, None
        if read is not None:
            read.wait()
            read.deleteLater()
        if (again := self._next) is not None:
            self._next = None
            self.read(*again)
            return  # this answer is already out of date
        self.finished.emit(root, result)
