"""What the window does with the transcript of the note on screen: it finds the note's
transcript files (beside its video, named in its front matter, or a YouTube note's downloads
anywhere in the folder), chooses the language (the reader's choice for the note, else the
system's), reads the file off the UI thread (a three-hour one holds about 10,000 cues), shifts
it by the note's offset, and gives it to the transcript pane and to the player's captions.

    transcripts = Transcripts(pane, session, player, status, settings, fullscreen,
                              playback.seek, lambda: follow.enabled, parent=window)
    transcripts.show_note()        # the session's current note is on screen
    transcripts.shift(+0.5)        # Ctrl+Alt+Right: the words come half a second later

The pane is shown when the note has a transcript, unless the reader hid it (View › Transcript,
remembered); asked for on a note without one, it says so. The reader's choices for each note
(language, offset) are kept in the state folder (:mod:`viewer.core.transcript_choices`);
the files are never written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal

from viewer.app.status_bar import Scope
from viewer.app.transcript_pane import TranscriptPane, offset_text
from viewer.core.background import give_way
from viewer.core.folder import scan
from viewer.core.passages import read_body
from viewer.core.timecode import Convention
from viewer.core.transcript_choices import TranscriptChoices
from viewer.core.transcripts import (
    Transcript,
    TranscriptFile,
    choose_file,
    read_transcript,
    system_languages,
    transcript_files,
)

if TYPE_CHECKING:
    from viewer.app.fullscreen import Fullscreen
    from viewer.app.player.base import PlayerState
    from viewer.app.player.pane import PlayerPane
    from viewer.app.session import Session
    from viewer.app.settings import Settings
    from viewer.app.status_bar import StatusBar
    from viewer.core.note import Note

log = logging.getLogger("viewer.transcripts")

#: How far one press of Ctrl+Alt+Left or Right shifts the transcript.
SHIFT_STEP = 0.5

#: A file as it was read: its path, size and modification time.
FileKey = tuple[Path, int, int]


@dataclass(frozen=True, slots=True)
class Request:
    """What to find for one note: the file ``named`` (by the reader, for this note) or else
    the first of ``languages``; ``listing`` is the folder's subtitle files if known (a YouTube
    note's are looked for in it), ``known`` the file on screen now."""

    token: int
    note: Note
    root: Path
    languages: tuple[str, ...]
    named: str | None = None
    listing: tuple[str, ...] | None = None
    known: FileKey | None = None


@dataclass(frozen=True, slots=True)
class Found:
    token: int
    files: tuple[TranscriptFile, ...] = ()
    chosen: TranscriptFile | None = None
    #: The chosen file's cues (None: no file, or ``unchanged``).
    transcript: Transcript | None = None
    #: Why a file the note names is not used.
    problems: tuple[str, ...] = ()
    listing: tuple[str, ...] | None = None
    key: FileKey | None = None
    #: The chosen file is the one on screen, as it was: it was not read again.
    unchanged: bool = False


def find_transcript(request: Request) -> Found:
    """Find, choose and read a note's transcript (runs in a worker thread; no Qt)."""
    note, listing = request.note, request.listing
    if listing is None and note.video is not None and note.video.kind == "youtube":
        try:
            listing = tuple(sorted(scan(request.root, notes=False).subtitles))
        except OSError:
            listing = ()
    found, problems = transcript_files(note, request.root, listing or ())
    files = tuple(found)
    named = next((file for file in files if file.path.name == request.named), None)
    chosen = named or choose_file(files, request.languages)
    if chosen is None:
        return Found(request.token, files, None, None, tuple(problems), listing)
    try:
        stat = chosen.path.stat()
        key: FileKey | None = (chosen.path, stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key == request.known:
        return Found(request.token, files, chosen, None, tuple(problems), listing, key, True)
    transcript = read_transcript(chosen.path, chosen.language)
    return Found(request.token, files, chosen, transcript, tuple(problems), listing, key)


class _Find(QThread):
    done = Signal(object)  # Found

    def __init__(self, request: Request, parent: QObject) -> None:
        super().__init__(parent)
        self.request = request

    def run(self) -> None:
        give_way()
        try:
            found = find_transcript(self.request)
        except Exception as error:  # a bug: said, and the pane says the file cannot be read
            log.exception("finding the transcript of %s failed", self.request.note.path)
            problem = f"The transcript could not be read ({type(error).__name__}: {error})."
            found = Found(self.request.token, problems=(problem,))
        self.done.emit(found)


class Transcripts(QObject):
    """The transcript of the note on screen, in the pane and the player's captions."""

    def __init__(
        self,
        pane: TranscriptPane,
        session: Session,
        player: PlayerPane,
        status: StatusBar,
        settings: Settings,
        fullscreen: Fullscreen,
        seek: Callable[[float], None],
        follow_enabled: Callable[[], bool],
        choices: TranscriptChoices | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane, self.session, self.player, self.status = pane, session, player, status
        self.settings, self.fullscreen = settings, fullscreen
        self._follow_enabled = follow_enabled
        self.choices = TranscriptChoices() if choices is None else choices
        #: The note whose transcript is shown or being found (folder-relative).
        self.path: str | None = None
        #: The transcript as read, before the note's offset.
        self.read: Transcript | None = None
        #: The transcript as shown (shifted by the note's offset).
        self.shown: Transcript | None = None
        self.files: tuple[TranscriptFile, ...] = ()
        self.problems: tuple[str, ...] = ()
        self._key: FileKey | None = None
        self._token = 0
        self._running: _Find | None = None
        self._next: Request | None = None
        #: The folder's subtitle files, once listed (forgotten when the folder changes).
        self._listing: tuple[Path, tuple[str, ...]] | None = None
        #: The reader asked to see the pane on this note (View › Transcript), transcript or not.
        self._asked = False
        self._settled = True
        #: The player was given captions from a transcript of this window's.
        self._captioned = False
        pane.convention = self.convention
        pane.seekRequested.connect(seek)  # a cue clicked: the window's seek, as a timestamp's
        pane.fileChosen.connect(self.choose)
        pane.copied.connect(self._copied)
        player.stateChanged.connect(self._state)
        session.folderChanged.connect(self._forget_listing)
        session.folder_watcher.directoryChanged.connect(self._forget_listing)
        session.noteRenamed.connect(self._renamed)
        fullscreen.changed.connect(lambda _on: self._update_visibility())
        pane.setVisible(False)

    # The note on screen

    def show_note(self) -> None:
        """The session's current note is on screen (again): find its transcript."""
        session = self.session
        note, path, folder = session.note, session.current, session.folder
        if note is None or path is None or folder is None:
            self.clear()
            return
        if path != self.path:
            self.path, self._asked, self._key = path, False, None
            self.read = self.shown = None
            self.files, self.problems = (), ()
            self.pane.show_message("Reading the transcript…")
        self._find(note, folder.root)

    def clear(self) -> None:
        """No note on screen: no transcript."""
        self._token += 1
        self.path, self.read, self.shown, self._key = None, None, None, None
        self.files, self.problems, self._asked = (), (), False
        self.pane.show_message("No transcript for this note.")
        self._captions(None)
        self._update_visibility()

    def _find(self, note: Note, root: Path) -> None:
        self._token += 1
        self._settled = False
        listing = self._listing[1] if self._listing and self._listing[0] == root else None
        if listing is None and (folder := self.session.folder) is not None and folder.root == root:
            listing = folder.known_subtitle_files  # the scan that read the folder listed them
        named = self.choices.get(root / self.path).language if self.path else None
        languages = ([named] if named else []) + system_languages()
        request = Request(self._token, note, root, tuple(languages), named, listing, self._key)
        if self._running is not None:
            self._next = request
            return
        self._start(request)

    def _start(self, request: Request) -> None:
        worker = _Find(request, self)
        worker.done.connect(self._found)
        self._running = worker
        worker.start()

    def _found(self, found: Found) -> None:
        worker, self._running = self._running, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        if (request := self._next) is not None:
            self._next = None
            self._start(request)
        if found.token != self._token:
            return  # about a note, or a choice, the reader has left
        folder = self.session.folder
        if found.listing is not None and folder is not None:
            self._listing = (folder.root, found.listing)
        self._settled = True
        self.files, self.problems = found.files, found.problems
        if not found.unchanged:
            self.read, self._key = found.transcript, found.key
        for problem in found.problems:
            log.info("%s: %s", self.path, problem)
        self._show(found.chosen)

    def _show(self, chosen: TranscriptFile | None) -> None:
        read = self.read
        offset = self._choice_offset()
        shown = read.shifted(offset) if read is not None else None
        self.shown = shown
        pane = self.pane
        self._update_visibility()  # first: the list lays its cues out to its width
        if shown is not None and shown.cues:
            pane.set_transcript(shown, self.files, offset, self.player.position())
        elif shown is not None:  # a file, nothing of it readable
            name = shown.file.name if shown.file else "The transcript"
            sentence = " ".join(shown.problems) or f"'{name}' holds no cues."
            pane.show_message(sentence, chosen)
        elif self.problems:
            pane.show_message(" ".join(self.problems))
        else:
            pane.show_message("No transcript for this note.")
        self._captions(shown if shown is not None and shown.cues else None)

    def _captions(self, transcript: Transcript | None) -> None:
        """The player's captions, from the transcript as shown. A video without one has none
        already (another video drops the last one's): none is given only in place of one."""
        if transcript is not None or self._captioned:
            self.player.set_transcript(transcript)
        self._captioned = transcript is not None

    # What the reader does

    def choose(self, file: TranscriptFile) -> None:
        """Show ``file`` (another language) for this note, and remember it."""
        session = self.session
        if session.folder is None or self.path is None or session.note is None:
            return
        # A file without a language in its name is asked for by its name.
        self.choices.set_language(session.folder.root / self.path, file.language or file.path.name)
        self._find(session.note, session.folder.root)
        self.status.say(f"Transcript: {file.language or file.path.name}", 3000, Scope.NOTE)

    def shift(self, seconds: float) -> None:
        """Move the note's transcript ``seconds`` later (earlier when negative); remembered."""
        if self.shown is None or self.path is None or self.session.folder is None:
            self.status.say("This note has no transcript to shift.", 4000, Scope.NOTE)
            return
        note = self.session.folder.root / self.path
        offset = self.choices.get(note).offset + seconds if seconds else 0.0
        kept = self.choices.set_offset(note, offset)
        self._show(self.pane.chosen)
        if kept.offset:
            when = "later" if kept.offset > 0 else "earlier"
            words = f"its words come {abs(kept.offset):g} s {when}"
            self.status.say(f"Transcript {offset_text(kept.offset)}: {words}", 3000, Scope.NOTE)
        else:
            self.status.say("Transcript at its own times", 3000, Scope.NOTE)

    def reset_shift(self) -> None:
        self.shift(0.0)

    def set_visible(self, on: bool) -> None:
        """View › Transcript: show the pane (saying so when the note has no transcript) or
        hide it; remembered."""
        self.settings.transcript_shown = on
        self._asked = on
        self._update_visibility()
        if on and self.pane.isVisible():
            self.pane.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_moment(self, seconds: float) -> None:
        """A search hit in what was said was opened: the pane on screen, at its cue. (A
        transcript still being read opens where the video was sent: the same moment.)"""
        if not self.settings.transcript_shown:
            self.set_visible(True)
        if self.shown is not None and self.shown.cues and self._settled:
            self.pane.show_time(seconds, playing=False, follow=True)

    def _update_visibility(self) -> None:
        if self.fullscreen.active:
            return  # the pane comes back with the rest of the window
        has = self.path is not None and bool(self.files or self.problems)
        # Until the next note's transcript is found, a pane on screen stays.
        staying = not self._settled and self.pane.isVisible()
        self.pane.setVisible(self.settings.transcript_shown and (has or staying or self._asked))

    # Reports

    def _state(self, state: PlayerState) -> None:
        self.pane.show_time(state.current_time, state.playing, self._follow_enabled())

    def _copied(self, count: int) -> None:
        lines = f"{count} line{'s' * (count != 1)}"
        self.status.say(f"Copied {lines} of the transcript as Markdown", 4000)

    def convention(self) -> Convention:
        """The convention of the note's timestamps, which copied anchors are written in."""
        session = self.session
        if session.timeline is not None:
            return session.timeline.convention
        return read_body(session.note.body).convention if session.note else Convention(False)

    def _choice_offset(self) -> float:
        folder = self.session.folder
        if folder is None or self.path is None:
            return 0.0
        return self.choices.get(folder.root / self.path).offset

    def _forget_listing(self, *_changed: object) -> None:
        self._listing = None

    def _renamed(self, old: str, new: str) -> None:
        if (folder := self.session.folder) is not None:
            self.choices.rename(folder.root / old, folder.root / new)
        if self.path == old:
            self.path = new

    def wait(self) -> None:
        """The window closes: wait for a read in progress."""
        self._next = None
        if self._running is not None:
            self._running.wait()
