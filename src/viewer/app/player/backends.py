"""The app's players for the pane: the web player (QtWebEngine, its own Chromium profile),
the native player (Qt Multimedia) and the probe that picks between them. Each is imported
when first made: Qt Multimedia with the first local video, not with the window."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWebEngineCore import QWebEngineProfile
from PySide6.QtWidgets import QWidget

from viewer.app.player.base import Backends, Player, Probe


class AppBackends(Backends):
    def __init__(self, make_profile: Callable[[], QWebEngineProfile]) -> None:
        self._make_profile = make_profile
        #: The web player's profile, once it is made.
        self.profile: QWebEngineProfile | None = None
        self._views: list[QWidget] = []

    def web(self, parent: QWidget) -> Player:
        from viewer.app.player.web import WebPlayer

        self.profile = self.profile or self._make_profile()
        player = WebPlayer(self.profile, parent)
        self._views.append(player.view)
        return player

    def native(self, parent: QWidget) -> Player:
        from viewer.app.player.native import NativePlayer

        return NativePlayer(parent)

    def probe(self, parent: QObject) -> Probe:
        from viewer.app.player.probe import MediaProbe

        return MediaProbe(parent)

    def release(self) -> None:
        for view in self._views:
            shiboken6.delete(view)
        if self.profile is not None:
            shiboken6.delete(self.profile)
        self._views, self.profile = [], None
