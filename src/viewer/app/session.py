"""What the reader has open: the folder, the current note, the history, and the watchers that
keep them in step with the disk. Qt (signals, timers, file watchers) but no widgets, so tests
can drive a session without a window; the window shows what it says.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from viewer.app import interpreter
from viewer.app.folder_reader import FolderReader
from viewer.app.history import History, Visit
from viewer.core.capture import Stamp
from viewer.core.folder import NotesFolder, is_note_file, subfolders
from viewer.core.folder_change import FolderChange
from viewer.core.index_cache import IndexCache
from viewer.core.note import Note, load_note_and_bytes
from viewer.core.places import Place, Places
from viewer.core.text import read_note_bytes
from viewer.core.timeline import NoteTimeline

log = logging.getLogger("viewer.session")

MAX_WATCHED_FOLDERS = 2000
FOLDER_SETTLE_MS = 400  # a burst of changes (a sync, a checkout) is read once
NOTE_SETTLE_MS = 150  # editors often save by writing twice, or by replacing the file


@dataclass(frozen=True, slots=True)
class Arrival:
    """How a note is shown when the reader comes to it."""

    #: Where the reader was in it (video time, scroll), if they have been there before.
    place: Place | None = None
    #: A heading to show (its id), from a link; it wins over the place's scroll position.
    heading: str | None = None


class Session(QObject):
    """Opens folders and notes, keeps the history and follows changes on disk."""

    #: A folder was opened, or read again (its notes may have changed).
    folderChanged = Signal(object)  # NotesFolder
    #: Show the current note, which the reader comes to (:class:`Arrival`: where they were in
    #: it, a heading to show).
    noteChanged = Signal(object)  # Arrival
    #: The current note was read again from disk: show it, keeping the reader's place.
    noteReloaded = Signal()
    #: ``(old, new)``: the current note's file was renamed or moved; the note is shown again.
    noteRenamed = Signal(str, str)
    #: No note to show (an empty folder).
    noteCleared = Signal()
    #: The current note's file went away (its folder-relative path): the window says so.
    noteGone = Signal(str)
    #: Scroll the note on screen to this heading id (a link within the same note).
    scrollRequested = Signal(str)
    #: The current note must be rendered again, keeping the reader's place.
    renderNeeded = Signal()
    #: Something for the status bar: the text and how long to show it (ms; 0 until replaced).
    message = Signal(str, int)
    #: ``(done, total)``: how far the background read of a folder listed by name is;
    #: ``(0, 0)`` once it has ended (or another folder is open).
    readProgress = Signal(int, int)
    #: Something the reader must see: a title and a sentence.
    warning = Signal(str, str)
    historyChanged = Signal()

    def __init__(self, index: IndexCache, places: Places, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = index
        #: Where the reader was in each note, kept between runs.
        self.places = places
        self.folder: NotesFolder | None = None
        self.current: str | None = None
        self.note: Note | None = None
        self.timeline: NoteTimeline | None = None
        #: The bytes the current note on screen was read from, as a stamp: what a capture
        #: must find in the file before it writes (None when the file could not be read).
        self.shown: Stamp | None = None
        #: The current note's file as the system knows it (device, inode, size): a rename
        #: keeps the first two.
        self._identity: tuple[int, int, int] | None = None
        self.history = History()
        #: Where the reader is in the current note (the window knows: the video's time, the
        #: scroll position); asked whenever the reader leaves it.
        self.where: Callable[[], Place | None] = lambda: None
        #: The video's length once the player knows it (docs/FORMAT.md rule 3).
        self.duration: float | None = None

        self.note_watcher = QFileSystemWatcher(self)
        self.note_watcher.fileChanged.connect(self._note_file_changed)
        self._folder_timer = QTimer(self, singleShot=True, interval=FOLDER_SETTLE_MS)
        self._folder_timer.timeout.connect(self.check_folder)
        self.folder_watcher = QFileSystemWatcher(self)
        self.folder_watcher.directoryChanged.connect(lambda _path: self._folder_timer.start())
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SETTLE_MS)
        self._note_timer.timeout.connect(self._note_settled)
        #: The open note rendered again after a change to the folder, in a turn of the event
        #: loop of its own (the lists that show the change take theirs first).
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self.renderNeeded)
        #: The places written in a turn of the event loop of their own, after the note the
        #: reader goes to is shown (a millisecond of each switch, the arrow keys in the list
        #: going from note to note), and at once when the session closes.
        self._places_timer = QTimer(self, singleShot=True, interval=0)
        self._places_timer.timeout.connect(self.places.save)
        #: Checks the folder against the disk in the background, and says what changed.
        self.reader = FolderReader(index, self, watch_limit=MAX_WATCHED_FOLDERS)
        self.reader.finished.connect(self._checked)
        self.reader.progress.connect(self._reading)

    # Folders

    def open_path(self, path: Path, recent: list[Path], here: Place | None = None) -> bool:
        """Open a folder, or a note in its folder. Says what is wrong instead of raising.

        A note inside one of the ``recent`` folders opens in the first such folder, so its links
        to the rest of it resolve; any other note opens in its own folder.
        """
        if not is_note_file(path):
            return self.open_folder(path, here=here)
        path = Path(os.path.abspath(path))
        if self.folder is not None and self.folder.root in path.parents:
            relative = path.relative_to(self.folder.root).as_posix()
            if relative in self.folder:  # a note of the open folder: a visit, as a link's
                self.open_note(relative, here=here)
                return True
        root = next((folder for folder in recent if folder in path.parents), path.parent)
        return self.open_folder(root, note=path.relative_to(root).as_posix(), here=here)

    def open_folder(self, root: Path, note: str | None = None, here: Place | None = None) -> bool:
        """Open the folder at ``root`` at ``note`` (else its first note); ``here`` is where the
        reader is in the note being left."""
        interpreter.forget_sources()
        try:
            # From the index or by name, at once, unless it is small; checked after, below.
            folder, checked = self.index.glance(root)
        except OSError as error:
            message = (
                str(error)
                if isinstance(error, NotADirectoryError)
                else f"'{root}' cannot be opened: {error.strerror or error}."
            )
            self.warning.emit("This folder cannot be opened", message)
            return False
        self.leave(here)
        self._render_timer.stop()
        self.folder = folder
        self.history.clear()
        self.current = self.note = self.timeline = self.shown = None
        # A big folder's subfolders are listed by the check that follows, off this thread.
        self._watch(subfolders(folder.root, MAX_WATCHED_FOLDERS) if checked else [folder.root])
        for problem in folder.problems:
            log.info("%s: %s", folder.root, problem)
        self.folderChanged.emit(folder)
        self._say_count(folder)
        # A folder from the index may name a note removed since: then open another.
        if note is None or note not in folder or not is_note_file(folder.root / note):
            note = self._first_note()
        if note:
            self.open_note(note)
        else:
            self.noteCleared.emit()
        self.historyChanged.emit()
        self.reader.cancel()
        if not checked:
            self.reader.read(folder.root, folder)
        return True

    def _say_count(self, folder: NotesFolder) -> None:
        count = f"{len(folder):,} note{'s' * (len(folder) != 1)}"
        if folder.complete:
            self.message.emit(f"{count} in {folder.root}", 5000)
        else:
            self.message.emit(f"Reading {count} in {folder.root}…", 0)
        self.readProgress.emit(0, 0 if folder.complete else len(folder))

    def _first_note(self) -> str | None:
        if self.folder is None or not len(self.folder):
            return None
        for preferred in ("welcome.md", "index.md", "README.md"):
            if preferred in self.folder:
                return preferred
        return next(iter(self.folder)).path

    def _reading(self, root: Path, done: int, total: int) -> None:
        """A folder listed by name is being read: say how far (a check of a few changed notes
        says nothing)."""
        folder = self.folder
        if folder is not None and root == folder.root and not folder.complete:
            self.readProgress.emit(done, total)

    def check_folder(self) -> None:
        """Read the open folder again in the background (it changed on disk)."""
        if self.folder is not None:
            self.reader.read(self.folder.root, self.folder)

    def _checked(self, root: Path, result: FolderChange | Exception) -> None:
        if self.folder is None or root != self.folder.root:
            return  # another folder was opened meanwhile
        if isinstance(result, Exception) and not self.folder.complete:
            self.readProgress.emit(0, 0)  # it has ended, if badly
        if isinstance(result, OSError):
            self.warning.emit("The folder is gone", f"'{root}' cannot be read: {result}.")
            return
        if isinstance(result, Exception):
            self.warning.emit(
                "The folder could not be read again",
                f"Reading '{root}' failed ({type(result).__name__}: {result}); "
                "the list shows it as it was. F5 tries again.",
            )
            return
        if result.before is not self.folder:  # the folder on screen changed meanwhile
            self.reader.read(root, self.folder)
            return
        # The worker compared the folders and listed the subfolders: only the change is
        # acted on here (at 50,000 notes, a comparison here stalled the window 100 ms).
        self._watch(result.watch)  # a folder may have come, with no note in it yet
        if result.same:
            return
        self._apply(result)
        if not result.before.complete:
            self._say_count(result.folder)

    def _apply(self, change: FolderChange) -> None:
        """Make the folder read again the open one."""
        folder = self.folder = change.folder
        self.folderChanged.emit(folder)
        current = self.current
        if current is None or current in folder:
            if current is not None and self._video_may_have_come():
                self.reload_note()  # the video file the note names may be there now
            elif current is not None and self._shown_otherwise(current, change):
                # A note came, went or was renamed: the open note's links and backlinks follow.
                self._render_timer.start()
            return
        if (renamed := self._renamed(current, change)) is not None:
            self._follow_rename(current, renamed)
            return
        self.history.forget(current)
        self.current = self.note = self.timeline = self.shown = None
        self._identity = None
        self.historyChanged.emit()
        self.noteGone.emit(current)

    def _shown_otherwise(self, current: str, change: FolderChange) -> bool:
        """Whether the open note renders otherwise in the folder read again (rendering it
        again for nothing took 8 to 15 ms of the UI thread at each change in a big folder)."""
        if change.touches(current):
            return True
        # A relative Markdown link to a note resolves by the notes' names too.
        return change.relinked and self.note is not None and "](" in self.note.body

    def _renamed(self, old: str, change: FolderChange) -> str | None:
        """The new path of the note at ``old``, if it was renamed or moved rather than
        removed: a note new to the folder that is the same file (a rename keeps it), or else
        holds the same note (a tool that wrote it anew)."""
        if self._identity is None or self.note is None:
            return None
        folder = change.folder
        added = {path: _identity(folder.root / path) for path in change.added}
        same_file = [
            path for path, found in added.items() if found and found[:2] == self._identity[:2]
        ]
        if len(same_file) == 1:
            return same_file[0]
        # Written anew: only files of the same size are read, so a big batch costs little.
        note, size = self.note, self._identity[2]
        same_note = [
            path
            for path, found in added.items()
            if found is not None
            and found[2] == size
            and (other := folder.load(path)).body == note.body
            and other.title == note.title
        ]
        return same_note[0] if len(same_note) == 1 else None

    def _follow_rename(self, old: str, new: str) -> None:
        assert self.folder is not None
        self.history.rename(old, new)
        if (place := self.places.get(self.folder.root / old)) is not None:
            self.places.remember(self.folder.root / new, place)
            self.places.save()
        self._read(new, keep_duration=True)
        self.historyChanged.emit()
        self.noteRenamed.emit(old, new)
        self.message.emit(f"'{old}' was renamed to '{new}'.", 8000)

    def _watch(self, folders: Sequence[Path]) -> None:
        """Watch these folders, the notes folder and its subfolders, and no others, so added
        and removed notes show up: every subfolder, not only those holding notes, so a note
        saved into a new or empty one shows up. Each costs a system handle (inotify watches
        are limited): only those not watched yet are added."""
        wanted = [str(path) for path in folders]
        watched = set(self.folder_watcher.directories())
        if gone := watched.difference(wanted):
            self.folder_watcher.removePaths(sorted(gone))
        if new := [path for path in wanted if path not in watched]:
            self.folder_watcher.addPaths(new)

    def close(self) -> None:
        """The window closes: stop following the disk, wait for a read in progress, and
        write the places kept."""
        self.reader.wait()
        for timer in (self._folder_timer, self._note_timer, self._render_timer):
            timer.stop()
        self._places_timer.stop()
        self.places.save()
        for watcher, paths in (
            (self.folder_watcher, self.folder_watcher.directories()),
            (self.note_watcher, self.note_watcher.files()),
        ):
            if paths:
                watcher.removePaths(paths)

    # Notes

    def open_note(self, path: str, heading: str | None = None, here: Place | None = None) -> None:
        """Show the note at folder-relative ``path`` and remember it in the history.

        ``here`` is where the reader is in the note being left. Without a ``heading`` the note
        opens where the reader left it last time, if they have read it before.
        """
        if self.folder is None:
            return
        if path not in self.folder:
            self.message.emit(f"'{path}' is not a note of this folder.", 8000)
            return
        if path == self.current and heading:
            self.scrollRequested.emit(heading)
            return
        self.leave(here)
        self.history.visit(path)
        self._show(path, Arrival(self.places.get(self.folder.root / path), heading or None))

    def leave(self, here: Place | None = None) -> None:
        """The reader leaves the current note (for another, or the app): keep their place
        (``here``, else where :attr:`where` says they are); written to disk in the next turn
        of the event loop, or by :meth:`close`."""
        here = here or self.where()
        if here is None or self.folder is None or self.current is None:
            return
        if (visit := self.history.current) is not None and visit.path == self.current:
            visit.scroll, visit.time = here.scroll, here.time
        self.places.remember(self.folder.root / self.current, here)
        self._places_timer.start()

    def _show(self, path: str, arrival: Arrival) -> None:
        self._render_timer.stop()  # the note shown is rendered anyway
        self._read(path)
        self.historyChanged.emit()
        self.noteChanged.emit(arrival)

    def _read(self, path: str, keep_duration: bool = False) -> None:
        assert self.folder is not None
        self.note, data = load_note_and_bytes(self.folder.root / path, self.folder.root)
        self.shown = None if data is None else Stamp.of(data)
        if watched := self.note_watcher.files():
            self.note_watcher.removePaths(watched)
        if (file := self.folder.root / path).exists():  # not a dangling link or a loop
            self.note_watcher.addPath(str(file))
        self._identity = _identity(file)
        if path != self.current and not keep_duration:
            self.duration = None
        self.current = path
        #: The note's timeline, made once: what its timestamps are, its passages and their
        #: ids; the page, follow-along and the seek bar all read it.
        self.timeline = NoteTimeline.of(self.note, self.duration)
        for problem in self.note.problems:
            log.info("%s: %s", path, problem)

    def reload_note(self) -> None:
        """Read the current note again from disk and show it, keeping the reader's place."""
        if self.folder is None or self.current is None:
            return
        if not (self.folder.root / self.current).exists():
            # Renamed, moved or removed: the folder's check says which (see _apply).
            self._folder_timer.start()
            return
        self._read(self.current)
        self.noteReloaded.emit()

    def reload(self) -> None:
        """F5: show the current note as it is now on disk, and read the folder again, in the
        background (a big folder takes a while), against the index rather than the folder on
        screen. A note no longer there is not shown again: the read says it is gone."""
        if self.folder is None:
            return
        if self.current is not None and is_note_file(self.folder.root / self.current):
            self.reload_note()
        self.reader.read(self.folder.root, self.folder, again=True)

    def _note_settled(self) -> None:
        """The note's file changed on disk and has settled: show it again, unless it holds
        the bytes on screen (a file touched or saved unchanged, or a capture already shown)."""
        if self.folder is None or self.current is None:
            return
        file = self.folder.root / self.current
        if self.shown is not None:
            try:
                data, _size = read_note_bytes(file)
            except OSError:
                data = None
            if data is not None and self.shown.matches(data):
                self._identity = _identity(file)  # a replaced file is another inode
                return
        self.reload_note()

    def _note_file_changed(self, path: str) -> None:
        # Editors often save by replacing the file: watch the new one, and wait until it settles.
        if Path(path).exists() and path not in self.note_watcher.files():
            self.note_watcher.addPath(path)
        self._note_timer.start()

    # History

    def go_back(self, here: Place | None = None) -> None:
        self.leave(here)
        self._go(self.history.back())

    def go_forward(self, here: Place | None = None) -> None:
        self.leave(here)
        self._go(self.history.forward())

    def _go(self, visit: Visit | None) -> None:
        if visit is not None and self.folder is not None:
            if visit.path in self.folder:
                self._show(visit.path, Arrival(Place(visit.time, visit.scroll)))
            else:
                self.history.forget(visit.path)
                self.message.emit(f"'{visit.path}' is no longer in the folder.", 8000)
        self.historyChanged.emit()

    # The video

    def _video_may_have_come(self) -> bool:
        """Does the note name a video it could not use when it was read? (A missing file may
        be there now: reading the one note again is cheap, and shows it if it is.)"""
        return self.note is not None and self.note.video_problem is not None

    def first_timestamp(self) -> float | None:
        """The time of the current note's first timestamp, as the note resolves it."""
        return self.timeline.first_seconds if self.timeline else None

    def set_duration(self, duration: float) -> None:
        """The player knows the video's length: render again if that changes a timestamp."""
        if duration <= 0 or self.duration is not None or self.timeline is None:
            return
        self.duration = duration
        changed = self.timeline.changed_by(duration)
        self.timeline = self.timeline.with_duration(duration)
        if changed:
            self.renderNeeded.emit()


def _identity(file: Path) -> tuple[int, int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size
