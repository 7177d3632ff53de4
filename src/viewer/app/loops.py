"""Loops: a passage, a stretch from A to B or a linked range, played again and again, or once.

    loops = Loops(player, session, status)
    loops.loop_passage(2)          # timestamp 2's passage: from its time to the next one's
    loops.set_a(); loops.set_b()   # from where A was set to where B is set ([ and ])
    loops.play_range(90, 120)      # a link's media fragment: from 90 s, paused at 120 s
    loops.clear_loop()             # \\

A loop is a start and an end in the video's time. At its end the video goes back to its start
and plays on; a range played once (a link with a media fragment, ``#t=90,120``) pauses at its
end instead, as a browser does, and is done. The seek bar shows a loop as a band.

The end is timed, not waited for: at each time report while the video plays (about four a
second), a precise timer is set for the moment the end comes at the current speed, so the
video goes back within a few milliseconds of the end, not up to a report late; a report at or
past the end goes back at once. A speed change is in the next report, so a loop keeps its end
at any speed. A seek outside the loop (a timestamp elsewhere, a click on the seek bar) ends
it, as do another note and another video. A passage loop starts at its timestamp exactly,
without the lead-in a click has: it is the passage, replayed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from viewer.app.player.base import PlayerState
from viewer.app.player.pane import PlayerPane
from viewer.app.session import Arrival, Session
from viewer.app.status_bar import Scope, StatusBar
from viewer.core.applinks import SeekLink
from viewer.core.timecode import format_seconds
from viewer.core.video import VideoSource

#: The shortest loop, in seconds: A and B closer than this are one moment.
MIN_LOOP_S = 0.2
#: How far ahead of the end (seconds of real time) the timer is set from a report.
LOOKAHEAD_S = 1.0
#: A loop to the end of the video ends this much before it: a player that reaches the very
#: end stops there, and a stopped video is slower to start again than a playing one.
END_MARGIN_S = 0.1
#: A landing this close outside a loop is still in it (a seek lands on a frame).
SLACK_S = 0.25


@dataclass(frozen=True, slots=True)
class Loop:
    """What plays again and again, or once."""

    start: float
    #: ``None``: to the end of the video.
    end: float | None
    #: Played once: the video pauses at the end, and the loop is done.
    once: bool = False


class Loops(QObject):
    """Keeps the video within a loop, and the seek bar showing it."""

    #: The loop, or A alone, changed (set, moved or cleared).
    changed = Signal()
    #: The video went back to the loop's start.
    wrapped = Signal()

    def __init__(
        self, player: PlayerPane, session: Session, status: StatusBar, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.player, self.session, self.status = player, session, status
        #: The loop playing, if any.
        self.loop: Loop | None = None
        #: A loop's start set alone (``[``), waiting for its end.
        self.a: float | None = None
        #: How many times the video went back to the start of the current loop.
        self.wraps = 0
        #: The note and the video the loop (or A) belongs to.
        self._owner: tuple[str | None, VideoSource | None] = (None, None)
        #: The video was sent back to the start and has not reported from there yet.
        self._wrapping = False
        #: The loop's own first seek has landed: from then on a seek outside ends it.
        self._armed = False
        self._was_playing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._reach_end)
        player.stateChanged.connect(self._state)
        player.seeked.connect(self._seeked)
        session.noteChanged.connect(self._note_changed)

    @property
    def active(self) -> bool:
        """Is a loop (or a range played once) holding the video?"""
        return self.loop is not None

    # What the reader asks for

    def loop_passage_here(self) -> None:
        """Loop the passage the video is at (the key)."""
        timeline = self.session.timeline
        if not self._has_video():
            return
        index = timeline.latest_at(self.player.position()) if timeline is not None else None
        if index is None:
            self.status.say(
                "The video is before the note's first timestamp: there is no passage to loop.",
                5000,
                Scope.NOTE,
            )
            return
        self.loop_passage(index)

    def loop_passage(self, index: int) -> None:
        """Loop timestamp ``index``'s passage: from its time to the next timestamp's."""
        timeline = self.session.timeline
        if timeline is None or not 0 <= index < len(timeline.stamps):
            return
        start, end = timeline.span_of(index)
        self.loop_range(start, end)

    def loop_link(self, link: SeekLink) -> None:
        """ "Loop This Passage" on a timestamp, "Loop This Range" on a range link."""
        if link.end is not None:
            self.loop_range(link.seconds, link.end)
            return
        timeline = self.session.timeline
        index = timeline.latest_at(link.seconds) if timeline is not None else None
        if index is not None:
            self.loop_passage(index)

    def play_range(self, start: float, end: float) -> None:
        """Play from ``start`` and pause at ``end``: a link to a time range."""
        self.loop_range(start, end, once=True)

    def loop_range(self, start: float, end: float | None, once: bool = False) -> None:
        """Play from ``start`` to ``end`` (``None``: the end of the video), again and again
        or ``once``."""
        if not self._has_video():
            return
        self._start(Loop(start, end, once))
        self.player.seek(start, play=True)
        until = format_seconds(end) if end is not None else "the end"
        if once:
            self.status.say(f"Playing {format_seconds(start)}–{until}", 4000, Scope.PLAYBACK)
        else:
            self.status.say(
                f"Looping {format_seconds(start)}–{until} (\\ to stop)", 5000, Scope.PLAYBACK
            )

    def set_a(self) -> None:
        """``[``: the loop starts here; its end comes with ``]``."""
        if not self._has_video():
            return
        self._stop()
        self.a = self.player.position()
        self._owner = (self.session.current, self.player.source)
        self._show()
        self.changed.emit()
        at = format_seconds(self.a)
        self.status.say(f"Loop from {at}: press ] where it should end.", 5000, Scope.PLAYBACK)

    def set_b(self) -> None:
        """``]``: the loop ends here, and plays from A (a loop playing gets a new end)."""
        if not self._has_video():
            return
        start = self.a if self.a is not None else self.loop.start if self.loop else None
        if start is None:
            self.status.say("Set where the loop starts first, with [.", 5000, Scope.PLAYBACK)
            return
        here = self.player.position()
        start, end = sorted((start, here))
        if end - start < MIN_LOOP_S:
            self.status.say("The loop's end must be after its start.", 5000, Scope.PLAYBACK)
            return
        self.loop_range(start, end)

    def clear_loop(self) -> None:
        """``\\``: play on past the end."""
        if self.loop is None and self.a is None:
            self.status.say("There is no loop to clear.", 3000, Scope.PLAYBACK)
            return
        self.clear()
        self.status.say("Loop cleared", 3000, Scope.PLAYBACK)

    def clear(self) -> None:
        """No loop and no A, quietly (another note, another video)."""
        if self.loop is None and self.a is None:
            return
        self._stop()
        self._show()
        self.changed.emit()

    # Inside

    def _start(self, loop: Loop) -> None:
        self._stop()
        self.loop = loop
        self._owner = (self.session.current, self.player.source)
        self._show()
        self.changed.emit()

    def _stop(self) -> None:
        self.loop, self.a = None, None
        self.wraps = 0
        self._wrapping = self._armed = False
        self._timer.stop()

    def _has_video(self) -> bool:
        note = self.session.note
        if note is None or note.video is None or self.player.source is None:
            self.status.say("This note has no video to play.", 5000, Scope.NOTE)
            return False
        return True

    def _end(self, duration: float) -> float | None:
        """Where the loop ends now (``None`` until a loop to the end knows the duration)."""
        loop = self.loop
        if loop is None:
            return None
        if loop.end is not None:
            return loop.end
        return duration - END_MARGIN_S if duration > 0 else None

    def _show(self) -> None:
        if self.loop is not None:
            self.player.controls.set_loop(self.loop.start, self._end(self.player.state.duration))
        else:
            self.player.controls.set_loop(self.a, None)

    def _state(self, state: PlayerState) -> None:
        was_playing, self._was_playing = self._was_playing, state.playing
        if self.loop is None and self.a is None:
            return
        if self._owner[1] != self.player.source:
            self.clear()  # another video: nothing of the loop applies
            return
        if self.loop is None:
            return
        if self.loop.end is None:
            self._show()  # the band reaches the end once the duration is known
        end = self._end(state.duration)
        if end is None:
            return
        if self._wrapping:
            if state.current_time >= end - min(SLACK_S, (end - self.loop.start) / 2):
                return  # a report from before the jump back
            self._wrapping = False
        if not state.playing:
            self._timer.stop()
            if was_playing and state.current_time >= end - SLACK_S and not self.loop.once:
                self._reach_end()  # the player got to the end first, and stopped
            return
        remaining = (end - state.current_time) / max(state.rate, 0.01)
        if remaining <= 0.005:
            self._reach_end()
        elif remaining <= LOOKAHEAD_S:
            self._timer.start(round(remaining * 1000))
        else:
            self._timer.stop()

    def _reach_end(self) -> None:
        loop = self.loop
        if loop is None or self._wrapping:
            return
        if loop.once:
            self.player.pause()
            self.clear()
            return
        self._wrapping = True
        self.wraps += 1
        self.player.seek(loop.start, play=True)
        self.wrapped.emit()

    def _seeked(self, seconds: float) -> None:
        loop = self.loop
        if loop is None:
            return
        end = self._end(self.player.state.duration)
        inside = loop.start - SLACK_S <= seconds and (end is None or seconds <= end + SLACK_S)
        if inside:
            self._armed = True
        elif self._armed:
            self.clear()  # the reader went elsewhere
            self.status.say("Loop ended", 3000, Scope.PLAYBACK)

    def _note_changed(self, _arrival: Arrival) -> None:
        if (self.loop is not None or self.a is not None) and (
            self.session.current,
            self.player.source,
        ) != self._owner:
            self.clear()
