"""Follow-along: the passage of the note that the video is at, highlighted and kept in view.

The note pane runs no script of its own (JavaScript is off for notes), so the app marks the
page from its own script world: the passage of the latest timestamp at or before the video's
time gets ``data-playing``, its timestamp ``aria-current="time"``. The page is touched only
when that passage changes, never on every tick. A scroll by the reader pauses following for
:data:`PAUSE_AFTER_HAND_SCROLL` seconds instead of fighting them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, Signal

from viewer.app.note_view import NoteView
from viewer.core.applinks import SeekLink, parse_link

if TYPE_CHECKING:
    from viewer.app.player.controls import Mark

PAUSE_AFTER_HAND_SCROLL = 5.0
#: How long a scroll the app started (smooth scrolling, a restored place) may go on moving.
_OWN_SCROLL = 1.2

#: The block that is a timestamp's passage (docs/FORMAT.md): list item or table row first, so
#: a loose list item counts whole; then a quote's or a plain paragraph.
_PASSAGE = "const passage = (stamp) => stamp.closest('li, tr') || stamp.closest('p, blockquote')"
_PASSAGE += " || stamp.parentElement;"

#: Every timestamp of the page, in document order: its href, its label and its passage's
#: first words (the timestamps themselves left out).
READ_MARKS = f"""(() => {{
  {_PASSAGE}
  return [...document.querySelectorAll('article a.timestamp')].map((stamp) => {{
    const copy = passage(stamp).cloneNode(true);
    copy.querySelectorAll('a.timestamp').forEach((other) => other.remove());
    // Its words, without the dash or comma the timestamp stood before or after.
    const text = copy.textContent.replace(/\\s+/g, ' ').replace(/\\s+([.,;:!?])/g, '$1');
    const words = text.replace(/^[\\s\u2014\u2013:,;.-]+/, '').trim().split(' ');
    const excerpt = words.slice(0, 14).join(' ') + (words.length > 14 ? ' …' : '');
    return [stamp.getAttribute('href'), stamp.textContent, excerpt];
  }});
}})()"""

#: Mark timestamp ``index`` (or none, -1) as playing; bring it into view if asked. Returns the
#: heading above the passage, the section the video is in.
_MARK = f"""((index, into_view) => {{
  {_PASSAGE}
  document.querySelectorAll('[data-playing]').forEach((e) => e.removeAttribute('data-playing'));
  document.querySelectorAll('a.timestamp[aria-current]')
    .forEach((e) => e.removeAttribute('aria-current'));
  const stamp = document.querySelectorAll('article a.timestamp')[index];
  if (!stamp) return '';
  const block = passage(stamp);
  stamp.setAttribute('aria-current', 'time');
  block.setAttribute('data-playing', '');
  if (into_view) block.scrollIntoView({{block: 'center', behavior: 'smooth'}});
  let section = '';
  for (const heading of document.querySelectorAll('article :is(h2, h3, h4, h5, h6)')) {{
    if (!(heading.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
    section = heading.textContent.trim();
  }}
  return section;
}})"""


def latest_at(times: list[float], seconds: float) -> int | None:
    """The index of the latest timestamp at or before ``seconds`` (the first in the note of
    equal ones), or None before the first."""
    best: tuple[float, int] | None = None
    for index, at in enumerate(times):
        if at <= seconds + 0.05 and (best is None or at > best[0]):
            best = (at, index)
    return best[1] if best else None


class FollowAlong(QObject):
    """Keeps the note pane's "now playing" passage in step with the player's time."""

    #: The heading above the passage playing now ("" when there is none).
    sectionChanged = Signal(str)

    def __init__(self, view: NoteView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        #: Keep the playing passage in view (the reader's "Follow" toggle).
        self.enabled = True
        self.times: list[float] = []
        self.current: int | None = None
        self._seconds = 0.0
        self._own_scroll_until = 0.0
        self.paused_until = 0.0
        #: Following waits while the reader is busy elsewhere in the note (the find bar).
        self._held = False
        view.page().scrollPositionChanged.connect(self._scrolled)

    def forget(self) -> None:
        """Another page is coming: until its timestamps are read, nothing is marked."""
        self.times, self.current = [], None

    def read_marks(self, done: Callable[[list[Mark]], None]) -> None:
        """Read the timestamps of the page just loaded; ``done`` gets them as marks."""
        self.times, self.current = [], None
        self._own_scroll_until = time.monotonic() + _OWN_SCROLL  # the app restores a place

        from viewer.app.player.controls import Mark  # the player's part, loaded after the note

        def read(rows: Any) -> None:
            marks: list[Mark] = []
            for index, row in enumerate(rows if isinstance(rows, list) else []):
                href, label, excerpt = (str(item) for item in row)
                link = parse_link(href)
                seconds = link.seconds if isinstance(link, SeekLink) else -1.0
                marks.append(Mark(seconds, label, excerpt, index))
            # A timestamp that cannot seek keeps its place in the list, never matching a time.
            self.times = [mark.seconds if mark.seconds >= 0 else float("inf") for mark in marks]
            self.update(self._seconds)
            done([mark for mark in marks if mark.seconds >= 0])

        self.view.evaluate(READ_MARKS, read)

    def update(self, seconds: float, playing: bool = False) -> None:
        """The player is at ``seconds``: move the highlight if the passage changed, and keep
        it in view while the video plays (a paused video leaves the reader's place alone)."""
        self._seconds = seconds
        index = latest_at(self.times, seconds)
        if index == self.current:
            return
        self.current = index
        self.show(index, self.following and playing and index is not None)

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
        if into_view:
            self._own_scroll_until = time.monotonic() + _OWN_SCROLL
        call = f"{_MARK}({json.dumps(-1 if index is None else index)}, {json.dumps(into_view)})"
        self.view.evaluate(call, lambda section: self.sectionChanged.emit(str(section or "")))

    def bring_into_view(self, index: int) -> None:
        """Show timestamp ``index``'s passage now (a mark of the seek bar was clicked)."""
        self.paused_until = 0.0
        self._held = False
        self.current = index
        self.show(index, True)

    def _scrolled(self, _position: QPointF) -> None:
        if time.monotonic() > self._own_scroll_until:
            self.paused_until = time.monotonic() + PAUSE_AFTER_HAND_SCROLL
