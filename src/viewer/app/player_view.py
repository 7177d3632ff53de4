"""The video pane: one page that plays YouTube (IFrame Player API) or media files (HTML5).

Python and the page talk through one QWebChannel object, :class:`PlayerBridge`. The page calls
``pageReady`` once its side is connected; until then every request is queued, so a seek that
arrives while the player is still loading is applied, not lost. No JavaScript is assembled
here: requests are Qt signals with typed arguments.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from viewer.app import schemes
from viewer.app.web_page import ContainedPage
from viewer.core.video import VideoSource
from viewer.resources import asset_text

log = logging.getLogger("viewer.player")

#: The player page's own origin. YouTube refuses embeds without a Referer (error 153), and a
#: page loaded with setHtml has none unless it has an https origin of its own.
PLAYER_ORIGIN = "https://viewer.local"
PLAYER_URL = QUrl(f"{PLAYER_ORIGIN}/player")
_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com")


class RefererInterceptor(QWebEngineUrlRequestInterceptor):
    """Gives YouTube's embed requests the Referer of the app's player origin."""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        host = info.requestUrl().host()
        if any(host == name or host.endswith("." + name) for name in _YOUTUBE_HOSTS):
            info.setHttpHeader(b"Referer", f"{PLAYER_ORIGIN}/".encode())


class PlayerProfile(QWebEngineProfile):
    """Off the record, so YouTube's cookies never reach the disk; embeds get a Referer."""

    def __init__(self, parent: QObject, files: schemes.FolderFileHandler) -> None:
        super().__init__(parent)
        # The profile does not own its interceptor: this attribute keeps it alive.
        self.interceptor = RefererInterceptor(self)
        self.setUrlRequestInterceptor(self.interceptor)
        files.install(self)
        settings = self.settings()
        Attribute = QWebEngineSettings.WebAttribute
        # A click in the note pane is no gesture in this page, yet it must start playback.
        settings.setAttribute(Attribute.PlaybackRequiresUserGesture, False)
        settings.setAttribute(Attribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(Attribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(Attribute.FullScreenSupportEnabled, True)


@dataclass(frozen=True, slots=True)
class PlayerState:
    current_time: float = 0.0
    duration: float = 0.0
    playing: bool = False


class PlayerBridge(QObject):
    """The one object the player page sees. Signals go to the page, slots come from it."""

    loadRequested = Signal(str, str)
    seekRequested = Signal(float)
    commandRequested = Signal(str, float)
    themeRequested = Signal(str)  # "light" or "dark"

    ready = Signal()
    stateUpdated = Signal(float, float, bool)
    seekDone = Signal(float)
    failure = Signal(str, str)
    openInBrowser = Signal()

    @Slot()
    def pageReady(self) -> None:
        self.ready.emit()

    @Slot(float, float, bool)
    def stateChanged(self, current: float, duration: float, playing: bool) -> None:
        self.stateUpdated.emit(current, duration, playing)

    @Slot(float)
    def seeked(self, current: float) -> None:
        self.seekDone.emit(current)

    @Slot(str, str)
    def failed(self, code: str, message: str) -> None:
        self.failure.emit(code, message)

    @Slot()
    def openInBrowserClicked(self) -> None:
        self.openInBrowser.emit()


def _player_document() -> str:
    page = asset_text("player.html")
    return page.replace("/*PLAYER_CSS*/", asset_text("player.css")).replace(
        "/*PLAYER_JS*/", asset_text("player.js")
    )


def _web_channel_script() -> QWebEngineScript:
    source = QFile(":/qtwebchannel/qwebchannel.js")
    source.open(QIODevice.OpenModeFlag.ReadOnly)
    script = QWebEngineScript()
    script.setName("qwebchannel")
    script.setSourceCode(bytes(source.readAll().data()).decode("utf-8"))
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


class PlayerPage(ContainedPage):
    """The player page only ever shows itself: links out go to the browser."""

    console = logging.getLogger("viewer.player.console")

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if not is_main_frame:
            return True  # the YouTube iframe and its own navigations
        if navigation != QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            # The app's own setHtml arrives as a data: URL (or its base URL).
            return url.scheme() == "data" or url == PLAYER_URL
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
        return False


class PlayerView(QWebEngineView):
    """Plays the current note's video, and tells the window what the player is doing."""

    stateChanged = Signal(float, float, bool)  # current time, duration, playing
    seeked = Signal(float)
    failed = Signal(str, str)  # code, message for a person
    readyChanged = Signal(bool)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(False)
        self.player_page = PlayerPage(profile, self)
        self.setPage(self.player_page)
        self.bridge = PlayerBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.player_page.setWebChannel(self.channel)
        self.player_page.scripts().insert(_web_channel_script())
        self.source: VideoSource | None = None
        self.state = PlayerState()
        self.error: tuple[str, str] | None = None
        self.is_ready = False
        self._shown = False  # has any source (or "none") been sent to the page yet?
        self._theme: str | None = None
        self._queue: list[Callable[[], None]] = []
        self._media_url: Callable[[str], str | None] = lambda _path: None
        self.bridge.ready.connect(self._on_ready)
        self.bridge.stateUpdated.connect(self._on_state)
        self.bridge.seekDone.connect(self.seeked)
        self.bridge.failure.connect(self._on_failure)
        self.bridge.openInBrowser.connect(self.open_in_browser)
        self.player_page.renderProcessTerminated.connect(self._on_crash)
        self.reload_player()

    def set_media_resolver(self, media_url: Callable[[str], str | None]) -> None:
        """How a local file's absolute path becomes a URL the page may load."""
        self._media_url = media_url

    def reload_player(self) -> None:
        self.is_ready = False
        self.readyChanged.emit(False)
        self.setHtml(_player_document(), PLAYER_URL)
        if self._shown:
            self._shown = False
            self.set_video(self.source)

    # Requests from the window; each one waits for the page if it is not ready yet.

    def set_video(self, source: VideoSource | None) -> None:
        """Show ``source``; the same video again keeps playing where it is."""
        if self._shown and source == self.source and self.error is None:
            return
        self.source, self.error, self._shown = source, None, True
        self.state = PlayerState()
        self._queue.clear()  # seeks still waiting were meant for the previous video
        if source is None:
            kind, value = "none", ""
        elif source.kind == "youtube":
            kind, value = "youtube", source.value
        elif source.kind == "file":
            kind, value = "media", self._media_url(source.value) or ""
        else:
            kind, value = "media", source.value

        self._send(lambda: self.bridge.loadRequested.emit(kind, value))

    def set_theme(self, theme: str) -> None:
        """Match the pane to the window's colour scheme: "light" or "dark"."""
        self._theme = theme
        if self.is_ready:  # else it is sent when the page says it is ready
            self.bridge.themeRequested.emit(theme)

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` and play."""
        self._send(lambda: self.bridge.seekRequested.emit(float(seconds)))

    def command(self, name: str, value: float = 0.0) -> None:
        """``toggle``, ``play``, ``pause``, or ``skip`` by ``value`` seconds."""
        self._send(lambda: self.bridge.commandRequested.emit(name, float(value)))

    def open_in_browser(self) -> None:
        if self.source is None:
            return
        url = self.source.watch_url(self.state.current_time)
        if url:
            QDesktopServices.openUrl(QUrl(url))

    def _send(self, request: Callable[[], None]) -> None:
        if self.is_ready:
            request()
        else:
            self._queue.append(request)

    def _on_ready(self) -> None:
        self.is_ready = True
        if self._theme:
            self.bridge.themeRequested.emit(self._theme)
        queued, self._queue = self._queue, []
        for request in queued:
            request()
        self.readyChanged.emit(True)

    def _on_state(self, current: float, duration: float, playing: bool) -> None:
        self.state = PlayerState(current, duration, playing)
        self.stateChanged.emit(current, duration, playing)

    def _on_failure(self, code: str, message: str) -> None:
        self.error = (code, message)
        log.warning("player: %s: %s", code, message)
        self.failed.emit(code, message)

    def _on_crash(self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int) -> None:
        log.error("the player page stopped (%s, %d); reloading it", status, code)
        self.reload_player()
