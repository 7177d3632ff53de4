"""What the window knows of a player: one shape for every backend.

A backend is a widget that plays one :class:`~viewer.core.video.VideoSource` at a time and
reports what it does through the signals below. The window, the control bar, follow-along and
resume talk to this shape only, so a backend can be added without touching them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from viewer.core.video import VideoSource

if TYPE_CHECKING:
    from viewer.core.transcripts.cues import Transcript

#: Playback rates offered, as on YouTube (Shift+. and Shift+, step through them).
RATES = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
#: One frame of a video whose frame rate the player cannot tell (YouTube's step: 1/30 s).
FRAME_S = 1 / 30


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
    #: The reader asked to see the video elsewhere (a button of the player's own).
    openInBrowserRequested = Signal()
    #: The player's page asks to go fullscreen or to leave it (a QWebEngineFullScreenRequest).
    pageFullscreenRequested = Signal(object)
    #: A double-click on a picture drawn where no widget sees the mouse (a window of its own).
    doubleClicked = Signal()
    #: A right click there, at this global position.
    menuRequested = Signal(QPoint)

    state: PlayerState
    source: VideoSource | None
    error: tuple[Failure, str] | None
    is_ready: bool = True
    #: The current media is sound only.
    audio_only: bool = False

    def load(self, source: VideoSource | None, url: str | None = None, why: str = "") -> None:
        """Show ``source`` (``url`` is where a local file is served from, if the backend
        reads through the app's file scheme); ``None`` shows the empty state, saying ``why``
        there is no video if there is a reason."""
        raise NotImplementedError

    # What a backend may do beyond playing; these defaults are for one that does not.

    def surfaces(self) -> list[QWidget]:
        """The widgets the picture is drawn in (watched for double-clicks and menus)."""
        return [self]

    def set_theme(self, theme: str) -> None:
        """``light`` or ``dark``, for what the player shows around the picture."""

    def set_title(self, title: str) -> None:
        """What an audio view shows."""

    def set_subtitles(self, subtitles: Transcript | None) -> None:
        """The captions of the video loaded last, shown with its picture (None: none). A
        new :meth:`load` drops them."""

    def set_subtitles_visible(self, visible: bool) -> None:
        """Show or hide the captions, for this video and the next."""

    @property
    def has_subtitles(self) -> bool:
        return False

    @property
    def subtitles_visible(self) -> bool:
        return False

    def picture(self) -> QImage | None:
        """The picture on screen now, as an image the size of the video; None when there is
        none (sound only, nothing loaded yet) or the backend has no access to its pixels."""
        return None

    def grab_picture(self, done: Callable[[QImage | None], None]) -> None:
        """Give ``done`` the picture on screen (see :meth:`picture`), now or, for a backend
        that has to ask its page, once it has it."""
        done(self.picture())

    def shutdown(self) -> None:
        """Stop for good: the app is closing."""

    def step_frame(self, frames: int) -> None:
        """Show the picture ``frames`` frames later (or earlier, below 0), paused: YouTube's
        ``.`` and ``,``. A backend that knows the frame rate steps by its frames; this one by
        :data:`FRAME_S`."""
        self.seek(max(0.0, self.state.current_time + frames * FRAME_S), play=False)

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


class Probe(QObject):
    """Finds which backend plays a file or URL, by trying it: ``finished`` gets a
    :class:`~viewer.app.player.probe.ProbeResult`."""

    finished = Signal(object)  # ProbeResult

    def start(self, source: VideoSource) -> None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError


class Backends:
    """How the pane makes its players and its probe. :class:`~viewer.app.player.backends.
    AppBackends` makes the app's (QtWebEngine, Qt Multimedia); controller tests give fakes."""

    def web(self, parent: QWidget) -> Player:
        raise NotImplementedError

    def native(self, parent: QWidget) -> Player:
        raise NotImplementedError

    def probe(self, parent: QObject) -> Probe:
        raise NotImplementedError

    def release(self) -> None:
        """The web player's view and profile go (QtWebEngine wants the view gone first)."""
