"""Moment to moment: the next and previous timestamp of the note, its chapters, and frames.

    steps = Steps(player, display, session, status, seek_timestamp)
    steps.next_timestamp()       # Ctrl+Down: the note's next moment, its passage shown
    steps.previous_chapter()     # Ctrl+Left: the heading before (see viewer.core.chapters)
    steps.frame(+1)              # .: one frame on, paused

"Next" is the first timestamp (or chapter) after where the video is; "previous" is the one
before, counted from :data:`PREVIOUS_GRACE_S` back, as a music player's "previous" does: just
after a timestamp, it goes to the one before, further on, back to the start of this one; and
pressed again and again it walks back. Both land where a click on the timestamp lands: with
the reader's lead-in before it (Preferences), the passage shown as the one playing and brought
into view. They play on if the video was playing, and stay paused if it was not.

The chapters are read with each page of a note, and given to the seek bar, which cuts its
track at each one and names it on hover.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from viewer.app.note_display import NoteDisplay
from viewer.app.player.pane import PlayerPane
from viewer.app.session import Session
from viewer.app.settings import Settings
from viewer.app.status_bar import Scope, StatusBar
from viewer.core.chapters import Chapters
from viewer.core.timeline import NoteTimeline

#: "Previous" this soon after a timestamp goes to the one before it.
PREVIOUS_GRACE_S = 1.5


class Steps(QObject):
    def __init__(
        self,
        player: PlayerPane,
        display: NoteDisplay,
        session: Session,
        status: StatusBar,
        settings: Settings,
        seek_timestamp: Callable[[float, bool], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.player, self.display, self.session = player, display, session
        self.status, self.settings = status, settings
        self._seek_timestamp = seek_timestamp
        #: The chapters of the note on screen.
        self.chapters = Chapters()
        display.marksRead.connect(lambda _marks: self._read_chapters())

    def _read_chapters(self) -> None:
        # The timeline of the page on screen: none for a page of the app's own.
        self.chapters = Chapters.of(self.display.follow.timeline)
        self.player.controls.set_chapters(self.chapters)

    def _here(self) -> float:
        """Where the video is, counted as the timestamp it was sent to: a lead-in before a
        timestamp counts as that timestamp."""
        return self.player.position() + self.settings.lead_in

    def _timeline(self) -> NoteTimeline | None:
        note = self.session.note
        if note is None or note.video is None or self.player.source is None:
            self.status.say("This note has no video to play.", 5000, Scope.NOTE)
            return None
        return self.session.timeline

    def _go(self, seconds: float, index: int | None) -> None:
        self._seek_timestamp(seconds, self.player.state.playing)
        if index is not None:
            self.display.show_mark(index)

    def next_timestamp(self) -> None:
        if (timeline := self._timeline()) is None:
            return
        stamp = timeline.next_after(self._here())
        if stamp is None:
            self.status.say("This is the note's last timestamp.", 3000, Scope.PLAYBACK)
            return
        self._go(stamp.seconds, stamp.index)

    def previous_timestamp(self) -> None:
        if (timeline := self._timeline()) is None:
            return
        stamp = timeline.previous_before(self._here() - PREVIOUS_GRACE_S)
        if stamp is None:
            self.status.say("This is the note's first timestamp.", 3000, Scope.PLAYBACK)
            return
        self._go(stamp.seconds, stamp.index)

    def next_chapter(self) -> None:
        if (timeline := self._timeline()) is None:
            return
        chapter = self.chapters.after(self._here())
        if chapter is None:
            said = "This is the last chapter." if self.chapters else "This note has no chapters."
            self.status.say(said, 3000, Scope.PLAYBACK)
            return
        self._go(chapter.start, timeline.latest_at(chapter.start))

    def previous_chapter(self) -> None:
        if (timeline := self._timeline()) is None:
            return
        chapter = self.chapters.before(self._here() - PREVIOUS_GRACE_S)
        if chapter is None:
            said = "This is the first chapter." if self.chapters else "This note has no chapters."
            self.status.say(said, 3000, Scope.PLAYBACK)
            return
        self._go(chapter.start, timeline.latest_at(chapter.start))

    def frame(self, frames: int) -> None:
        """``.`` (``+1``) and ``,`` (``-1``): one frame on or back, paused, as on YouTube."""
        if self._timeline() is None:
            return
        if self.player.audio_only:
            self.status.say("Sound has no frames to step through.", 3000, Scope.NOTE)
            return
        self.player.step_frame(frames)
