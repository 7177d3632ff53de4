"""Add Note at This Moment (N), and Undo Add Note (Ctrl+Z): the app's side of
:mod:`viewer.core.capture`.

    capture = Capture(box, parts, undo_action, parent=window)
    capture.open_box()     # N: the box opens for the video's time now
    capture.write()        # Enter in the box
    capture.undo()         # Ctrl+Z: the last line added to this note, taken back

The moment is taken when the box opens (the video's time, less the lead-in the reader chose in
Preferences), and so is the stamp of the note's bytes as the reader was shown them: the line
is written only if the file still holds those bytes. Written, the note is read again and the
new line is marked in the page and brought into view; the status bar says how to take it
back. Not written (the file changed on disk, or cannot be written), the box says why and
keeps the text; after a change on disk the note is shown as it is now, and Enter adds the
line to that.

The lines added to each note in this run are kept, newest last, so Ctrl+Z takes them back one
by one while the file holds what they wrote; Open in Editor goes to the last one's line.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from viewer.app.status_bar import Scope
from viewer.core.capture import CaptureRefused, Conflict, Stamp, Written, capture, undo
from viewer.core.timecode import format_seconds

if TYPE_CHECKING:
    from viewer.app.capture_box import CaptureBox
    from viewer.app.fullscreen import Fullscreen
    from viewer.app.note_display import NoteDisplay
    from viewer.app.player.pane import PlayerPane
    from viewer.app.session import Session
    from viewer.app.settings import Settings
    from viewer.app.status_bar import StatusBar
    from viewer.app.transcript_pane import TranscriptPane
    from viewer.core.timeline import NoteTimeline

#: Marks the block of passage ``passage`` as the line just added and brings it into view;
#: returns its text (null when the page has no such block).
MARK_CAPTURED = """((passage) => {
  document.querySelectorAll('[data-captured]').forEach((e) => e.removeAttribute('data-captured'));
  const block = document.querySelector(`[data-passage="${passage}"]`);
  if (!block) return null;
  block.setAttribute('data-captured', '');
  block.scrollIntoView({block: 'center'});
  return block.textContent;
})"""


@dataclass
class Pending:
    """The note being typed: where it goes, its moment, and the note's bytes it was opened on."""

    path: str
    seconds: int
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Added:
    """A line added to a note in this run."""

    written: Written
    seconds: int


def passage_of_line(timeline: NoteTimeline, line: int) -> int | None:
    """The passage the file's ``line`` (from 1) is in: the last one starting at or before it."""
    found = None
    for index in range(len(timeline.passages)):
        if timeline.line_of(index) <= line:
            found = index
    return found


class Capture(QObject):
    """Opens the box, writes what is typed into the note on screen, and takes it back."""

    #: The line just added is marked in the page: its text (as the page shows it).
    highlighted = Signal(str)

    def __init__(
        self,
        box: CaptureBox,
        session: Session,
        display: NoteDisplay,
        player: PlayerPane,
        transcript: TranscriptPane,
        status: StatusBar,
        settings: Settings,
        fullscreen: Fullscreen,
        undo_action: QAction,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.box, self.session, self.display, self.player = box, session, display, player
        self.transcript, self.status, self.settings = transcript, status, settings
        self.fullscreen, self.undo_action = fullscreen, undo_action
        #: The note being typed, while the box is open.
        self.pending: Pending | None = None
        #: The lines added in this run, by note (folder-relative), newest last.
        self.added: dict[str, list[Added]] = {}
        #: The line to mark once the note's page is on screen again: its note and line.
        self._to_mark: tuple[str, int] | None = None
        #: The box paused the video (the reader's preference): it plays again when it closes.
        self._paused = False
        #: What the status bar was last told of a line added ("Added a note at…").
        self._said = ""
        box.submitted.connect(self.write)
        box.cancelled.connect(self.cancel)
        display.pageShown.connect(self._page_shown)
        session.noteChanged.connect(lambda _arrival: self._note_changed())
        session.noteRenamed.connect(lambda _old, _new: self._note_changed())
        session.noteGone.connect(lambda _path: self._note_changed())
        session.noteCleared.connect(self._note_changed)
        session.folderChanged.connect(lambda _folder: self._note_changed())
        self._update_undo()

    # The box

    def open_box(self) -> None:
        """N: open the box for a note at the video's time now (less the lead-in)."""
        session, status = self.session, self.status
        folder, path, note = session.folder, session.current, session.note
        if folder is None or path is None or note is None:
            status.say("There is no note to add to.", 5000, Scope.NOTE)
            return
        if note.video is None:
            status.say(
                "This note has no video: a note at a moment needs one to time it.",
                6000,
                Scope.NOTE,
            )
            return
        if session.shown is None:
            status.say("This note could not be read, so nothing can be added to it.", 6000)
            return
        if self.fullscreen.active:
            self.fullscreen.set(False)  # the note, and the box under it, come back
        if self.pending is None or self.pending.path != path or not self.box.is_open:
            position = self.player.position()
            lead_in = self.settings.capture_lead_in
            seconds = math.floor(max(0.0, position - lead_in)) if math.isfinite(position) else 0
            self.pending = Pending(path, seconds, session.shown)
            if self._said and status.currentMessage() == self._said:
                status.clearMessage()  # the last line's "Ctrl+Z takes it back" is old news
            self.box.open_at(format_seconds(seconds), self._cue_on_screen())
            if self.settings.capture_pauses and self.player.state.playing:
                self.player.pause()
                self._paused = True
        else:
            self.box.editor.setFocus()

    def _cue_on_screen(self) -> str | None:
        """The words on screen now: the transcript pane's current cue, else the caption over
        the picture."""
        pane = self.transcript
        if pane.isVisible() and pane.model.now is not None:
            return pane.model.texts[pane.model.now]
        transcript = self.player.transcript
        if transcript is not None and self.player.captions_shown:
            cue = transcript.at(self.player.position())
            if cue is not None and cue.text.strip():
                return " ".join(cue.text.split())
        return None

    def cancel(self) -> None:
        """Esc: close the box, writing nothing."""
        self._close(clear=True)

    def _close(self, clear: bool) -> None:
        self.pending = None
        had_focus = self.box.isAncestorOf(self.box.focusWidget() or self.box)
        self.box.close_box(clear)
        if self._paused and not self.player.state.playing:
            self.player.play()
        self._paused = False
        if had_focus:
            self.display.focus_note()

    def _note_changed(self) -> None:
        """Another note (or none) is on screen: the box closes, the text kept for the next."""
        if self.pending is not None and self.pending.path != self.session.current:
            self._close(clear=False)
        self._to_mark = None
        self._update_undo()

    # Writing

    def write(self) -> None:
        """Enter: write the line into the note, if it is still as the reader was shown it."""
        pending, session = self.pending, self.session
        folder, note = session.folder, session.note
        if pending is None or folder is None or note is None or session.current != pending.path:
            return
        try:
            result = capture(
                folder.root, folder.root / pending.path, pending.stamp, pending.seconds,
                self.box.text, quote=self.box.quote, video=note.video, duration=session.duration,
            )  # fmt: skip
        except CaptureRefused as refused:
            self.box.say(str(refused))
            return
        except OSError as error:  # the core says what it expects; anything else, in words
            reason = (error.strerror or str(error)).lower()
            self.box.say(f"The note could not be written ({reason}); it is unchanged.")
            return
        if isinstance(result, Conflict):
            session.reload_note()  # shown as it is now: the next Enter adds to that
            if session.current == pending.path and session.shown is not None:
                pending.stamp = session.shown
            self.box.say(
                f"{result.message} It is shown again as it is now: Enter adds the line to it."
            )
            return
        self.added.setdefault(pending.path, []).append(Added(result, pending.seconds))
        self._close(clear=True)
        self._to_mark = (pending.path, result.line)
        session.reload_note()
        self._update_undo()
        keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self._said = f"Added a note at {format_seconds(pending.seconds)} — {keys} takes it back"
        self.status.say(self._said, 10000, Scope.NOTE)

    def _page_shown(self, path: str, rendered: bool) -> None:
        """The note's page is on screen again: mark the line just added, and show it."""
        if not rendered or self._to_mark is None:
            return
        wanted, line = self._to_mark
        self._to_mark = None
        timeline = self.session.timeline
        if path != wanted or timeline is None:
            return
        passage = passage_of_line(timeline, line)
        if passage is None:
            return
        self.display.follow.pause()  # the reader looks at the new line, not the video's
        self.display.view.evaluate(
            f"{MARK_CAPTURED}({json.dumps(passage)})",
            lambda text: self.highlighted.emit(text) if isinstance(text, str) else None,
        )

    # Taking it back

    def undo(self) -> None:
        """Ctrl+Z: take back the last line added to the note on screen, if the file still
        holds what it wrote."""
        session, status = self.session, self.status
        path, folder = session.current, session.folder
        added = self.added.get(path or "")
        if folder is None or path is None or not added:
            status.say("No note was added here to take back.", 5000, Scope.NOTE)
            return
        last = added[-1]
        try:
            result = undo(folder.root, last.written)
        except CaptureRefused as refused:
            status.say(str(refused), 10000, Scope.NOTE)
            return
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            status.say(f"The note could not be written ({reason}); it is unchanged.", 10000)
            return
        if isinstance(result, Conflict):
            added.clear()  # what they wrote is no longer what the file holds
            status.say(result.message, 10000, Scope.NOTE)
        else:
            added.pop()
            status.say(f"Took back the note at {format_seconds(last.seconds)}", 6000, Scope.NOTE)
        session.reload_note()
        self._update_undo()

    def last_line(self, path: str) -> int | None:
        """The line (from 1) of the last line added to ``path``, while the note on screen is
        what that capture wrote; else None."""
        added = self.added.get(path)
        shown = self.session.shown
        if not added or shown is None or path != self.session.current:
            return None
        written = added[-1].written
        same = (shown.size, shown.digest) == (written.stamp.size, written.stamp.digest)
        return written.line if same else None

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(bool(self.added.get(self.session.current or "")))
