"""Follow-along: the passage of the note that the video is at, highlighted and kept in view.

What the video is at comes from the note's timeline (:mod:`viewer.core.timeline`): the latest
timestamp at or before its time, the passage that holds it, the heading above. The page is
only marked: the note pane runs no script of its own (JavaScript is off for notes), so the
app sets ``data-playing`` on the passage's block (``[data-passage=N]``, the id the renderer
wrote) and ``aria-current="time"`` on its timestamp, from its own script world. The page is
touched only when that passage changes, never on every tick. A scroll by the reader (the
wheel, the keys, a drag: the view tells them from the app's own scrolls) pauses following for
:data:`PAUSE_AFTER_HAND_SCROLL` seconds instead of fighting them.

A timestamp played with a lead-in (Preferences: start a few seconds before it) stays the one
marked while the video plays the seconds before it (:meth:`FollowAlong.lead_in`): the reader
clicked that passage, and the highlight does not go back to the one before it meanwhile.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from viewer.core.applinks import seek_href

if TYPE_CHECKING:  # the page is QtWebEngine's; follow-along only asks it to mark a passage
    from viewer.app.note_view import NoteView
    from viewer.app.player.controls import Mark
    from viewer.core.timeline import NoteTimeline

PAUSE_AFTER_HAND_SCROLL = 5.0
#: A time this far before a lead-in's start still counts as in it (a seek lands on a frame).
LEAD_IN_SLACK = 0.25

#: Mark passage ``passage`` (or none, -1) as playing, and its timestamp ``href`` in it; bring
#: the passage into view if asked.
MARK = """((passage, href, intoView) => {
  document.querySelectorAll('[data-playing]').forEach((e) => e.removeAttribute('data-playing'));
  document.querySelectorAll('a.timestamp[aria-current]')
    .forEach((e) => e.removeAttribute('aria-current'));
  const block = document.querySelector(`[data-passage="${passage}"]`);
  if (!block) return;
  block.setAttribute('data-playing', '');
  block.querySelector(`a.timestamp[href="${href}"]`)?.setAttribute('aria-current', 'time');
  if (intoView) block.scrollIntoView({block: 'center', behavior: 'smooth'});
})"""


def marks_of(timeline: NoteTimeline | None) -> list[Mark]:
    """The seek bar's marks: one for each timestamp of the note."""
    if timeline is None or timeline.video is None:
        return []
    from viewer.app.player.controls import Mark  # the player's part, loaded after the note
    from viewer.core.timecode import format_seconds

    return [
        Mark(mark.seconds, format_seconds(mark.seconds), mark.excerpt, mark.index)
        for mark in timeline.marks()
    ]


class FollowAlong(QObject):
    """Keeps the note pane's "now playing" passage in step with the player's time."""

    #: The heading above the passage playing now ("" when there is none).
    sectionChanged = Signal(str)

    def __init__(self, view: NoteView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        #: Keep the playing passage in view (the reader's "Follow" toggle).
        self.enabled = True
        #: The timeline of the note on screen (None until its page is there).
        self.timeline: NoteTimeline | None = None
        #: The timestamp marked now (its index in the timeline).
        self.current: int | None = None
        self._seconds = 0.0
        self.paused_until = 0.0
        #: Following waits while the reader is busy elsewhere in the note (the find bar).
        self._held = False
        #: A timestamp played with a lead-in: its index, where the lead-in starts, its time;
        #: and whether the video has been in the lead-in yet.
        self._ahead: tuple[int, float, float] | None = None
        self._in_lead_in = False
        view.readerScrolled.connect(self.pause)

    def forget(self) -> None:
        """Another page is coming: until it is there, nothing is marked."""
        self.timeline, self.current, self._ahead = None, None, None

    def follow(self, timeline: NoteTimeline | None) -> None:
        """The page of the note with this timeline is on screen: mark where the video is."""
        self.timeline, self.current = timeline, None
        self.update(self._seconds)

    def update(self, seconds: float, playing: bool = False) -> None:
        """The player is at ``seconds``: move the highlight if the passage changed, and keep
        it in view while the video plays (a paused video leaves the reader's place alone)."""
        self._seconds = seconds
        index = self.timeline.latest_at(seconds) if self.timeline else None
        if self._ahead is not None:
            held, start, until = self._ahead
            if start - LEAD_IN_SLACK <= seconds < until:
                index, self._in_lead_in = held, True
            elif self._in_lead_in:
                # The timestamp is reached, or the reader went elsewhere. (A time reported
                # before the video got to the lead-in is from before the seek.)
                self._ahead = None
        if index == self.current:
            return
        self.current = index
        self.show(index, self.following and playing and index is not None)

    def lead_in(self, index: int, start: float, until: float) -> None:
        """The video goes to ``start``, a lead-in before timestamp ``index`` at ``until``:
        until it gets there, that timestamp's passage is the one marked."""
        self._ahead, self._in_lead_in = (index, start, until), False

    @property
    def following(self) -> bool:
        """Would the playing passage be brought into view now?"""
        return self.enabled and not self._held and time.monotonic() >= self.paused_until

    def pause(self) -> None:
        """The reader went somewhere in the note (a link, a heading, a match): following
        waits, as after a scroll by hand."""
        self.paused_until = time.monotonic() + PAUSE_AFTER_HAND_SCROLL

    def hold(self, on: bool) -> None:
        """Wait for as long as the reader is busy in the note (the find bar is open), then
        as after a scroll by hand."""
        self._held = on
        if not on:
            self.pause()

    def show(self, index: int | None, into_view: bool) -> None:
        stamp = self.timeline.stamps[index] if self.timeline and index is not None else None
        passage, href = (stamp.passage, seek_href(stamp.seconds)) if stamp else (-1, "")
        arguments = ", ".join(json.dumps(value) for value in (passage, href, into_view))
        self.view.run_in_page(f"{MARK}({arguments})")
        section = self.timeline.passages[passage].section if stamp and self.timeline else None
        self.sectionChanged.emit(section or "")

    def bring_into_view(self, index: int) -> None:
        """Show timestamp ``index``'s passage now (a mark of the seek bar was clicked)."""
        self.paused_until = 0.0
        self._held = False
        self.current = index
        self.show(index, True)
