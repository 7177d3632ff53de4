"""Reading a notes folder against its index off the UI thread.

The window opens a folder from the index at once (:meth:`IndexCache.cached`); this checks it
against the disk in a worker thread (:meth:`IndexCache.open`: every file's size and time, the
changed notes read) and hands back the folder as it is, as it does after the folder watcher
saw a change::

    reader = FolderReader(index, parent=session)
    reader.finished.connect(on_read)   # (root, NotesFolder) or (root, the error)
    reader.read(root, shown)           # during a read, one more follows it
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from viewer.core.folder import NotesFolder
from viewer.core.index_cache import IndexCache

log = logging.getLogger("viewer.folder")


class _Read(QThread):
    progressed = Signal(object, int, int)  # root, done, total
    done = Signal(object, object)  # root, NotesFolder | Exception

    def __init__(
        self, index: IndexCache, root: Path, known: NotesFolder | None, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.index, self.root, self.known = index, root, known

    def run(self) -> None:
        try:
            result: object = self.index.open(self.root, known=self.known, progress=self._progress)
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
    #: ``(root, folder)``, or ``(root, error)`` when the folder could not be read (an
    #: ``OSError`` when the folder itself cannot be). The folder is the one ``read`` was given
    #: when nothing changed.
    finished = Signal(object, object)

    def __init__(self, index: IndexCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self._read: _Read | None = None
        self._next: tuple[Path, NotesFolder | None] | None = None

    def is_running(self) -> bool:
        return self._read is not None

    def read(self, root: Path, known: NotesFolder | None = None) -> None:
        """Read the folder at ``root``; ``known``, the folder as shown, spares the read of
        anything unchanged (see :meth:`IndexCache.open`)."""
        if self._read is not None:
            self._next = (root, known)
            return
        read = _Read(self.index, root, known, self)
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
