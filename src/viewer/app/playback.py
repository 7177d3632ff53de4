"""The Playback menu's commands and what the player says back, between the player pane, the
note display, the session and the status bar.

    playback = Playback(player, display, session, status, settings, fullscreen)
    playback.seek(163)            # a timestamp clicked: play from 2:43, or say why not
    playback.copy_moment(163)     # a link to that moment, in the note's own form

It keeps the video and the note in step (follow-along, the seek bar's marks, the duration a
note's timestamps are read against) and says in the status bar what the player did.

A timestamp the reader clicks (in the note, or its mark on the seek bar) plays from the lead-in
before it they chose in Preferences (0 s unless they chose one); the timestamp itself stays as
written everywhere else. Moment to moment (:attr:`Playback.steps`) and loops
(:attr:`Playback.loops`) hang off it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget

from viewer.app.fullscreen import Fullscreen
from viewer.app.local_copies import LocalCopies
from viewer.app.loops import Loops
from viewer.app.note_display import NoteDisplay
from viewer.app.player.base import PlayerState
from viewer.app.player.controls import Mark
from viewer.app.player.menu import player_menu
from viewer.app.player.pane import PlayerPane
from viewer.app.session import Session
from viewer.app.settings import Settings
from viewer.app.status_bar import Scope, StatusBar
from viewer.app.stepping import Steps
from viewer.core.moments import moment_link
from viewer.core.note import Note
from viewer.core.opening import moment_url
from viewer.core.timecode import format_seconds


class Playback(QObject):
    def __init__(
        self,
        player: PlayerPane,
        display: NoteDisplay,
        session: Session,
        status: StatusBar,
        settings: Settings,
        fullscreen: Fullscreen,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.player, self.display, self.session = player, display, session
        self.status, self.settings, self.fullscreen = status, settings, fullscreen
        self._parent = parent
        #: The seek bar's marks, as the note display read them from the page.
        self._marks: list[Mark] = []
        self._was_playing = False
        #: Which of a note's videos plays: YouTube, or its local copy.
        self.copies = LocalCopies(player, session, status, parent=self)
        display.follow.enabled = settings.follow
        player.set_rate(settings.rate)
        player.stateChanged.connect(self._state)
        player.failed.connect(lambda _code, message: status.say(message, 8000, Scope.NOTE))
        player.notice.connect(lambda text: status.say(text, 5000, Scope.NOTE))
        player.openInBrowserRequested.connect(lambda: player.open_in_browser())
        player.markActivated.connect(self._mark_activated)
        player.fullscreenRequested.connect(fullscreen.toggle)
        player.doubleClicked.connect(fullscreen.toggle)
        player.pageFullscreenRequested.connect(fullscreen.page_requested)
        player.menuRequested.connect(self._menu)
        #: Loops: a passage, A to B, a linked range.
        self.loops = Loops(player, session, status, self)
        #: The next and previous timestamp and chapter, and frame steps.
        self.steps = Steps(player, display, session, status, settings, self.seek_timestamp, self)
        display.seekRequested.connect(self.seek_timestamp)
        display.rangeRequested.connect(self.loops.play_range)
        display.loopRequested.connect(self.loops.loop_link)
        display.momentLinkRequested.connect(self.copy_moment)
        display.marksRead.connect(self._marks_read)
        display.sectionChanged.connect(status.section.setText)

    def show_video_of(self, note: Note) -> bool:
        """Give the player ``note``'s video (False: it is the video already there): YouTube,
        or the local copy beside it (:mod:`viewer.app.local_copies`). Its captions come with
        the note's transcript, read off the UI thread (:mod:`viewer.app.transcripts`)."""
        why = note.video_problem.message if note.video_problem else ""
        changed = self.player.set_video(self.copies.source_of(note), None, note.title, why)
        self.copies.shown(note)
        return changed

    def seek_timestamp(self, seconds: float, play: bool = True) -> None:
        """Play from a timestamp of the note at ``seconds`` (clicked, or stepped to): from the
        reader's lead-in before it, its passage marked as the one playing meanwhile."""
        lead = self.settings.lead_in
        timeline = self.session.timeline
        index = timeline.latest_at(seconds) if timeline is not None and lead > 0 else None
        if index is None:
            self.seek(seconds, play)
            return
        start = max(0.0, seconds - lead)
        self.display.follow.lead_in(index, start, seconds)
        self.seek(start, play)

    def seek(self, seconds: float, play: bool = True) -> None:
        """Play the current note's video from ``seconds`` (``play`` False: go there paused)."""
        note = self.session.note
        if note is None or note.video is None:
            self.status.say("This note has no video to play.", 5000, Scope.NOTE)
            return
        self.player.seek(seconds, play)
        duration = self.player.state.duration
        at = format_seconds(seconds)
        if (error := self.player.error) is not None:
            self.status.say(f"Can't play from {at}: {error[1]}", 8000, Scope.NOTE)
        elif duration > 0 and seconds > duration:
            past = f"{at} is past the end of the video ({format_seconds(duration)})."
            self.status.say(past, 8000, Scope.NOTE)
        elif play:
            self.status.say(f"Playing from {at}", 3000, Scope.PLAYBACK)

    def toggle_subtitles(self) -> None:
        if self.player.toggle_subtitles() is None:
            self.status.say("This video has no subtitles.", 3000, Scope.NOTE)

    def set_follow(self, on: bool) -> None:
        self.display.follow.enabled = self.settings.follow = on
        self.status.say("Following the video" if on else "Not following", 2000)

    def fullscreen_key(self) -> None:
        """F: fullscreen, for a picture (an audio note has none to fill the screen with)."""
        if self.player.audio_only and not self.fullscreen.active:
            self.status.say("An audio note has no picture to show fullscreen.", 3000, Scope.NOTE)
        else:
            self.fullscreen.toggle()

    def toggle_mute(self) -> None:
        muted = not self.player.state.muted
        self.player.set_muted(muted)
        self.player.show_flash("Muted" if muted else "Sound on")

    def copy_moment(self, seconds: float) -> None:
        note = self.session.note
        if note is None or note.video is None:
            self.status.say("This note has no video to link to.", 5000, Scope.NOTE)
            return
        link = moment_link(note.video, seconds, note.body)
        QGuiApplication.clipboard().setText(link)
        self.status.say(f"Copied {link}", 5000)

    def copy_current_moment(self) -> None:
        self.copy_moment(self.player.state.current_time)

    def copy_app_link(self) -> None:
        """A link that opens this note at this moment in the app, from any other program (a
        note in Obsidian, a chat): see :mod:`viewer.core.opening`."""
        folder, path, note = self.session.folder, self.session.current, self.session.note
        if folder is None or path is None or note is None or note.video is None:
            self.status.say("This note has no video to link to.", 5000, Scope.NOTE)
            return
        link = moment_url(folder.root / path, self.player.position())
        QGuiApplication.clipboard().setText(link)
        self.status.say(f"Copied {link}", 5000)

    def copy_frame(self) -> None:
        """The picture on screen to the clipboard, as an image the size of the video. YouTube's
        picture is drawn by YouTube's player, which gives no access to it: a sentence says so."""
        source, player = self.player.source, self.player
        if source is None:
            self.status.say("This note has no video to copy a picture of.", 5000, Scope.NOTE)
            return
        if source.kind == "youtube":
            self.status.say(
                "A YouTube video's picture cannot be copied: YouTube's own player draws it, "
                "and it gives no access to its pixels.",
                8000,
                Scope.NOTE,
            )
            return
        if player.audio_only:
            self.status.say("An audio note has no picture to copy.", 5000, Scope.NOTE)
            return
        player.grab_picture(self._copy_picture)

    def _copy_picture(self, image: QImage | None) -> None:
        if image is None:
            self.status.say("There is no picture on screen to copy yet.", 5000, Scope.NOTE)
            return
        QGuiApplication.clipboard().setImage(image)
        at = format_seconds(self.player.state.current_time)
        self.status.say(f"Copied the picture at {at} ({image.width()} × {image.height()})", 5000)

    def _menu(self, position: QPoint) -> None:
        """The video pane's own menu at ``position`` (global)."""
        fullscreen = self.fullscreen
        menu = player_menu(
            self._parent, self.player, self.copy_current_moment, self.copy_frame,
            fullscreen.active, fullscreen.toggle,
        )  # fmt: skip
        menu.popup(position)

    def _state(self, state: PlayerState) -> None:
        if self._was_playing and not state.playing:
            self.status.playback_stopped()
        self._was_playing = state.playing
        if state.duration:
            self.session.set_duration(state.duration)
        if state.rate != self.settings.rate:
            self.settings.rate = state.rate
        self.display.playing(state.current_time, state.playing)

    def _marks_read(self, marks: list[Mark]) -> None:
        self._marks = marks
        self.player.set_marks(marks)

    def _mark_activated(self, index: int) -> None:
        mark = self._marks[index]
        self.seek_timestamp(mark.seconds, play=self.player.state.playing)
        self.display.show_mark(mark.index)
