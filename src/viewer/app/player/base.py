"""What the window knows of a player: one shape for every backend.

A backend is a widget that plays one :class:`~viewer.core.video.VideoSource` at a time and
reports what it does through the signals below. The window, the control bar, follow-along and
resume talk to this shape only, so a backend can be added without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from viewer.core.video import VideoSource

#: Playback rates offered, as on YouTube (Shift+. and Shift+, step through them).
RATES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)


class Failure(StrEnum):
    """Why a video does not play; each one says what a reader can do about it."""

    OFFLINE = "offline"  # the player (YouTube) cannot be reached
    EMBED_BLOCKED = "embed-blocked"  # the owner does not allow embedding (101, 150)
    IDENTITY = "identity"  # YouTube could not tell who embeds it (152, 153)
    NOT_FOUND = "not-found"  # no such video or file
    INVALID = "invalid"  # the request was not valid (YouTube 2)
    UNPLAYABLE = "unplayable"  # read, but no decoder here can play it
    DAMAGED = "damaged"  # not a media file, or cut short
    NETWORK = "network"  # a download stopped


@dataclass(frozen=True, slots=True)
class PlayerState:
    current_time: float = 0.0
    duration: float = 0.0  # 0 while unknown
    playing: bool = False
    rate: float = 1.0
    volume: float = 1.0  # 0..1
    muted: bool = False


class Player(QWidget):
    """The interface every backend implements. Times are seconds, as floats.

    Requests made before the backend is ready are kept and applied once it is (the latest
    seek wins); requests for a video that has failed are ignored.
    """

    #: The state changed: a new time while playing (a few times a second), play or pause,
    #: the duration became known, the rate or volume changed.
    stateChanged = Signal(object)  # PlayerState
    #: A seek finished, at this time.
    seeked = Signal(float)
    #: The video cannot play: a :class:`Failure` value and a sentence for a person.
    failed = Signal(str, str)
    #: The backend can take requests (True), or is (re)starting (False).
    readyChanged = Signal(bool)

    state: PlayerState
    source: VideoSource | None
    error: tuple[Failure, str] | None

    def load(self, source: VideoSource | None, url: str | None = None) -> None:
        """Show ``source`` (``url`` is where a local file is served from, if the backend
        reads through the app's file scheme); ``None`` shows the empty state."""
        raise NotImplementedError

    def seek(self, seconds: float, play: bool = True) -> None:
        raise NotImplementedError

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def toggle(self) -> None:
        raise NotImplementedError

    def skip(self, delta: float) -> None:
        raise NotImplementedError

    def set_rate(self, rate: float) -> None:
        raise NotImplementedError

    def set_volume(self, volume: float) -> None:
        raise NotImplementedError

    def set_muted(self, muted: bool) -> None:
        raise NotImplementedError
