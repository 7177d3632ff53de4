"""The video pane: picks the backend for a note's video and speaks for it to the window.

YouTube plays in the web player. Local files and media URLs play in the web player too, until
a native backend is given to the pane (:meth:`PlayerPane.add_backend`). The window talks to the
pane only, through the :class:`~viewer.app.player.base.Player` interface.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal, SignalInstance
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWidgets import QStackedLayout, QWidget

from viewer.app.player.base import Failure, Player, PlayerState
from viewer.app.player.web import WebPlayer
from viewer.core.video import VideoSource

log = logging.getLogger("viewer.player")


class PlayerPane(Player):
    """One player for the window, whichever backend plays the current video."""

    #: The reader asked to see the video in a browser (the page's button).
    openInBrowserRequested = Signal()

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack = QStackedLayout(self)
        self.web = WebPlayer(profile, self)
        self.web.openInBrowserRequested.connect(self.openInBrowserRequested)
        self.backends: list[Player] = []
        self._add(self.web)
        self.active: Player = self.web
        self.source: VideoSource | None = None
        self._shown = False
        #: The moment the reader last asked for (a timestamp, a skip): where "Open in browser"
        #: goes while the video cannot play here.
        self.asked: float | None = None
        self._media_url: Callable[[str], str | None] = lambda _path: None

    def _add(self, backend: Player) -> None:
        self.backends.append(backend)
        self._stack.addWidget(backend)
        # Only the backend showing the current video speaks for the pane.
        backend.stateChanged.connect(
            lambda state, b=backend: self._from(b, self.stateChanged, state)
        )
        backend.seeked.connect(lambda seconds, b=backend: self._from(b, self.seeked, seconds))
        backend.failed.connect(
            lambda code, message, b=backend: self._from(b, self.failed, code, message)
        )
        backend.readyChanged.connect(
            lambda ready, b=backend: self._from(b, self.readyChanged, ready)
        )

    def _from(self, backend: Player, signal: SignalInstance, *args: object) -> None:
        if backend is self.active:
            signal.emit(*args)

    def set_media_resolver(self, media_url: Callable[[str], str | None]) -> None:
        """How a local file's absolute path becomes a URL the web page may load."""
        self._media_url = media_url

    # What the window reads

    @property
    def state(self) -> PlayerState:  # type: ignore[override]
        return self.active.state

    @property
    def error(self) -> tuple[Failure, str] | None:  # type: ignore[override]
        return self.active.error

    @property
    def is_ready(self) -> bool:
        return bool(getattr(self.active, "is_ready", True))

    # Player

    def set_video(self, source: VideoSource | None) -> None:
        """Show ``source``; the same video again keeps playing where it is."""
        if self._shown and source == self.source and self.error is None:
            return
        self._shown, self.source, self.asked = True, source, None
        backend = self.web
        if self.active is not backend:
            self.active.load(None)  # nothing keeps playing behind
            self.active = backend
            self._stack.setCurrentWidget(backend)
        url = self._media_url(source.value) if source and source.kind == "file" else None
        backend.load(source, url)

    def load(self, source: VideoSource | None, url: str | None = None) -> None:
        self.set_video(source)

    def seek(self, seconds: float, play: bool = True) -> None:
        self.asked = seconds
        self.active.seek(seconds, play)

    def play(self) -> None:
        self.active.play()

    def pause(self) -> None:
        self.active.pause()

    def toggle(self) -> None:
        self.active.toggle()

    def skip(self, delta: float) -> None:
        self.active.skip(delta)

    def set_rate(self, rate: float) -> None:
        self.active.set_rate(rate)

    def set_volume(self, volume: float) -> None:
        self.active.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self.active.set_muted(muted)

    def set_theme(self, theme: str) -> None:
        self.web.set_theme(theme)

    def watch_url(self, at: float | None = None) -> str | None:
        """Where a browser shows this video, at ``at`` or the current time."""
        if self.source is None:
            return None
        if at is None:
            playing_here = self.error is None and self.state.current_time > 0
            at = self.state.current_time if playing_here else self.asked
        return self.source.watch_url(at)

    def open_in_browser(self, at: float | None = None) -> None:
        if url := self.watch_url(at):
            QDesktopServices.openUrl(QUrl(url))
