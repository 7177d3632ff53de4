"""Continuous play: when a video ends, the next note of the folder with a video plays.

On by a preference (off unless the reader turns it on). When the video reaches its end, a
notice over the control bar says what comes: "Up next: <title> (in 5 s)", with Play Now and
Cancel; at the end of the count the next note opens and its video plays from the start, as
the next episode of a series would. The reader playing or seeking the video again, opening
another note, or a loop holding the video (:mod:`viewer.app.loops`) calls it off.

The next note is the next one in the notes list as the reader sees it (its order and filter,
subfolders first, as the navigator lists them) that has a video. A note the list does not show
(filtered out) counts from the folder's notes by title. After the last one, nothing is offered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from viewer.app.player.base import PlayerState
from viewer.app.player.pane import PlayerPane
from viewer.app.session import Arrival, Session
from viewer.app.settings import Settings
from viewer.app.status_bar import Scope, StatusBar

#: How long the notice counts down before the next note plays, in seconds.
COUNTDOWN_S = 5
#: A video that stops this close to its end has ended.
END_SLACK_S = 0.5


class UpNext(QFrame):
    """The notice: "Up next: <title> (in 5 s)", Play Now, Cancel."""

    playNowRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("upNext")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setObjectName("upNextText")
        self.play_now = QPushButton("Play Now", self)
        self.play_now.clicked.connect(self.playNowRequested)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.clicked.connect(self.cancelRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.play_now)
        row.addWidget(self.cancel)
        self.hide()

    def show_count(self, title: str, seconds: int) -> None:
        self.label.setText(f"Up next: {title} (in {seconds} s)")
        self.label.setAccessibleName(self.label.text())


class ContinuousPlay(QObject):
    """Offers the next note's video when one ends, and plays it."""

    #: The next note (its folder-relative path) is offered.
    offered = Signal(str)

    def __init__(
        self,
        player: PlayerPane,
        session: Session,
        settings: Settings,
        status: StatusBar,
        order: Callable[[], list[str]],
        open_note: Callable[[str], None],
        busy: Callable[[], bool],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.player, self.session, self.settings, self.status = player, session, settings, status
        self._order, self._open_note, self._busy = order, open_note, busy
        self.notice = UpNext()
        player.controls.add_notice(self.notice)
        self.notice.playNowRequested.connect(self._play_next)
        self.notice.cancelRequested.connect(self.cancel)
        #: The note offered, and the seconds left before it plays.
        self.next: str | None = None
        self._left = 0
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count)
        self._was_playing = False
        player.stateChanged.connect(self._state)
        session.noteChanged.connect(self._note_changed)

    def next_note(self) -> str | None:
        """The note after the current one, in the list's order, that has a video."""
        folder, current = self.session.folder, self.session.current
        if folder is None or current is None:
            return None
        order = self._order()
        if current not in order:
            entries = folder.entries.values()
            order = [e.path for e in sorted(entries, key=lambda e: (e.title.casefold(), e.path))]
        after = order[order.index(current) + 1 :] if current in order else []
        return next(
            (path for path in after if path in folder.entries and folder.entries[path].has_video),
            None,
        )

    def cancel(self) -> None:
        """No next note: the reader stays where they are."""
        self.next = None
        self._tick.stop()
        self.notice.hide()

    def _state(self, state: PlayerState) -> None:
        was_playing, self._was_playing = self._was_playing, state.playing
        if state.playing:
            self.cancel()  # the reader plays this one again
            return
        ended = state.duration > 0 and state.current_time >= state.duration - END_SLACK_S
        if not (was_playing and ended) or self.next is not None:
            return
        if not self.settings.continuous_play or self._busy():
            return
        if (path := self.next_note()) is not None:
            self._offer(path)

    def _offer(self, path: str) -> None:
        self.next, self._left = path, COUNTDOWN_S
        self.notice.show_count(self._title(path), self._left)
        self.notice.show()
        self._tick.start()
        self.offered.emit(path)

    def _title(self, path: str) -> str:
        folder = self.session.folder
        entry = folder.entries.get(path) if folder is not None else None
        return entry.title if entry is not None else path

    def _count(self) -> None:
        self._left -= 1
        if self.next is None:
            self._tick.stop()
        elif self._left <= 0:
            self._play_next()
        else:
            self.notice.show_count(self._title(self.next), self._left)

    def _play_next(self) -> None:
        path = self.next
        self.cancel()
        if path is None or self.session.folder is None or path not in self.session.folder:
            return
        self._open_note(path)
        if self.session.current == path:
            self.player.seek(0.0, play=True)
            self.status.say(f"Playing the next note: {self._title(path)}", 4000, Scope.NOTE)

    def _note_changed(self, _arrival: Arrival) -> None:
        if self.next is not None and self.session.current != self.next:
            self.cancel()  # the reader went to another note
