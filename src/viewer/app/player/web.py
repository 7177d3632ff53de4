"""The web player: YouTube through its IFrame Player API, and media files QtWebEngine decodes.

Python and the page (``assets/player.js``) talk through one QWebChannel object,
:class:`PlayerBridge`. The page calls ``reportReady`` once its side is connected; until then
every request is queued, so a seek that arrives while the page is still loading is applied, not
lost. No JavaScript is assembled here: requests are Qt signals with typed arguments.

Captions: the page shows one line of text over the picture, and Python chooses it. At each
time the page reports (about four a second while playing, and after every seek) the cue is
looked up in the :class:`~viewer.core.transcripts.cues.Transcript` (a binary search) and its
text is sent only when it changes (about once a second of speech). The page holds no cues: a
three-hour transcript of 10,000 cues is 0.6 MB of JSON, which the page would get through the
channel and keep for every video it shows; a lookup here takes about 2 µs. A caption may
therefore show up to one report (a quarter of a second) late, as the note's follow-along does.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QImage
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
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.app import schemes
from viewer.app.player.base import Failure, Player, PlayerState
from viewer.app.web_page import ContainedPage
from viewer.core.transcripts.cues import Transcript
from viewer.core.video import VideoSource
from viewer.identity import PLAYER_ORIGIN
from viewer.resources import asset_text

log = logging.getLogger("viewer.player")

#: The player page's address: the app's identity, which YouTube reads as the embedder
#: (a page of setHtml has no Referer unless it has an https origin of its own: error 153).
PLAYER_URL = QUrl(f"{PLAYER_ORIGIN}/player")
_YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com")


def is_youtube_host(host: str) -> bool:
    return any(host == name or host.endswith("." + name) for name in _YOUTUBE_HOSTS)


class RefererInterceptor(QWebEngineUrlRequestInterceptor):
    """Gives YouTube's requests the app's identity as their Referer."""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        if is_youtube_host(info.requestUrl().host()):
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


class PlayerBridge(QObject):
    """The one object the player page sees: signals go to the page, ``report*`` slots come
    from it and are passed on as the ``*Reported`` signals."""

    loadRequested = Signal(str, str)  # "youtube" | "media" | "none", the id or URL
    seekRequested = Signal(float, bool)  # seconds, play
    commandRequested = Signal(str, float)
    themeRequested = Signal(str)  # "light" or "dark"
    captionRequested = Signal(str)  # the text shown over the picture ("" for none)
    captionsShownRequested = Signal(bool)

    readyReported = Signal()
    stateReported = Signal(object)  # PlayerState
    seekReported = Signal(float)
    failureReported = Signal(str, str)
    openInBrowserReported = Signal()

    @Slot()
    def reportReady(self) -> None:
        self.readyReported.emit()

    @Slot(float, float, bool, float, float, bool)
    def reportState(
        self,
        current: float,
        duration: float,
        playing: bool,
        rate: float,
        volume: float,
        muted: bool,
    ) -> None:
        self.stateReported.emit(PlayerState(current, duration, playing, rate, volume, muted))

    @Slot(float)
    def reportSeeked(self, current: float) -> None:
        self.seekReported.emit(current)

    @Slot(str, str)
    def reportFailure(self, code: str, message: str) -> None:
        self.failureReported.emit(code, message)

    @Slot()
    def reportOpenInBrowser(self) -> None:
        self.openInBrowserReported.emit()


def player_document(theme: str) -> str:
    page = asset_text("player.html")
    return (
        page.replace("/*THEME*/", theme)
        .replace("/*PLAYER_CSS*/", asset_text("player.css"))
        .replace("/*PLAYER_JS*/", asset_text("player.js"))
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


#: The <video> element's picture now, as a PNG data URL at the video's size; null when there is
#: none (YouTube's player is another site's frame, whose pixels a page cannot read).
_GRAB_PICTURE = """(() => {
  const video = document.querySelector('video');
  if (!video || !video.videoWidth || video.readyState < 2) return null;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  try { return canvas.toDataURL('image/png'); } catch (e) { return null; }
})()"""
_PNG_DATA = "data:image/png;base64,"


class WebPlayer(Player):
    """Plays YouTube and the media QtWebEngine decodes (WebM: VP8, VP9, AV1)."""

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QWebEngineView(self)
        self.view.setAccessibleName("Video")
        self.view.setAcceptDrops(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.page = PlayerPage(profile, self.view)
        self.view.setPage(self.page)
        self.bridge = PlayerBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        self.page.setWebChannel(self.channel)
        self.page.scripts().insert(_web_channel_script())
        self.source = None
        self.state = PlayerState()
        self.error = None
        self.is_ready = False
        self._loaded: tuple[str, str] | None = None  # what the page was last asked to show
        self._theme = "light"
        self._captions = Transcript()
        self._captions_shown = True
        #: The caption text the page shows (None: not known, as after a reload).
        self._caption_sent: str | None = None
        self._queue: list[Callable[[], None]] = []
        self.bridge.readyReported.connect(self._on_ready)
        self.bridge.stateReported.connect(self._on_state)
        self.bridge.seekReported.connect(self.seeked)
        self.bridge.failureReported.connect(self._on_failure)
        self.bridge.openInBrowserReported.connect(self.openInBrowserRequested)
        self.view.page().fullScreenRequested.connect(self._fullscreen_requested)
        self.page.renderProcessTerminated.connect(self._on_crash)
        self.reload_page()

    def reload_page(self) -> None:
        """Load the player page afresh; what it showed is shown again once it is ready."""
        self.is_ready = False
        self._caption_sent = None
        self.readyChanged.emit(False)
        self.view.setHtml(player_document(self._theme), PLAYER_URL)
        if self._loaded is not None:
            kind, value = self._loaded
            self._send(lambda: self.bridge.loadRequested.emit(kind, value))

    # Player

    def load(self, source: VideoSource | None, url: str | None = None, why: str = "") -> None:
        """As :meth:`Player.load`; without a source, ``why`` says why the note's video cannot
        be used (a missing file, an invalid id), instead of "this note has no video"."""
        self.source, self.error = source, None
        self.state = PlayerState(rate=self.state.rate, volume=self.state.volume)
        self._queue.clear()  # requests still waiting were meant for the previous video
        self._captions = Transcript()  # the previous video's: the pane gives the new ones
        self._show_caption()
        if source is None:
            kind, value = "none", why
        elif source.kind == "youtube":
            kind, value = "youtube", source.value
        else:
            kind, value = "media", url or (source.value if source.kind == "url" else "")
        self._loaded = (kind, value)
        self._send(lambda: self.bridge.loadRequested.emit(kind, value))

    def seek(self, seconds: float, play: bool = True) -> None:
        self._send(lambda: self.bridge.seekRequested.emit(float(seconds), play))

    def play(self) -> None:
        self._command("play")

    def pause(self) -> None:
        self._command("pause")

    def toggle(self) -> None:
        self._command("toggle")

    def skip(self, delta: float) -> None:
        self._command("skip", delta)

    def step_frame(self, frames: int) -> None:
        """The page steps from the time it is at now (a report may be a quarter second old),
        by 1/30 s a frame: neither YouTube's API nor a video element tells the frame rate."""
        self._command("frame", frames)

    def set_rate(self, rate: float) -> None:
        self._command("rate", rate)

    def set_volume(self, volume: float) -> None:
        self._command("volume", volume)

    def set_muted(self, muted: bool) -> None:
        self._command("mute", 1.0 if muted else 0.0)

    def surfaces(self) -> list[QWidget]:
        return [self.view]

    def grab_picture(self, done: Callable[[QImage | None], None]) -> None:
        """The picture of a file or media URL the page plays, drawn from its <video> element
        (the app's own page, the media from its own origin). None for YouTube, whose player
        draws its picture where the app cannot read it."""
        if self.source is None or self.source.kind == "youtube" or not self.is_ready:
            done(None)
            return

        def drawn(value: object) -> None:
            image = QImage()
            if isinstance(value, str) and value.startswith(_PNG_DATA):
                image.loadFromData(base64.b64decode(value[len(_PNG_DATA) :]), "PNG")
            done(None if image.isNull() else image)

        self.page.runJavaScript(
            _GRAB_PICTURE, QWebEngineScript.ScriptWorldId.ApplicationWorld, drawn
        )

    def _fullscreen_requested(self, request: object) -> None:
        self.pageFullscreenRequested.emit(request)

    def set_subtitles(self, subtitles: Transcript | None) -> None:
        """The cues to show over the picture for the current video (``None``: none)."""
        self._captions = subtitles or Transcript()
        self._show_caption()

    def set_subtitles_visible(self, visible: bool) -> None:
        self._captions_shown = visible
        if self.is_ready:  # else it is sent when the page is ready
            self.bridge.captionsShownRequested.emit(visible)

    @property
    def subtitles_visible(self) -> bool:
        return self._captions_shown

    @property
    def has_subtitles(self) -> bool:
        return bool(self._captions.cues)

    def set_theme(self, theme: str) -> None:
        """Match the page to the window's colour scheme: "light" or "dark"."""
        self._theme = theme
        if self.is_ready:  # else the page is built with it
            self.bridge.themeRequested.emit(theme)

    # Inside

    def _command(self, name: str, value: float = 0.0) -> None:
        self._send(lambda: self.bridge.commandRequested.emit(name, float(value)))

    def _send(self, request: Callable[[], None]) -> None:
        if self.is_ready:
            request()
        else:
            self._queue.append(request)

    def _show_caption(self) -> None:
        """Send the caption of the time last reported, if it is not the one shown."""
        cue = self._captions.at(self.state.current_time) if self._captions.cues else None
        text = cue.text if cue is not None else ""
        if self.is_ready and text != self._caption_sent:
            self._caption_sent = text
            self.bridge.captionRequested.emit(text)

    def _on_ready(self) -> None:
        self.is_ready = True
        self.bridge.themeRequested.emit(self._theme)  # it may have changed while loading
        self.bridge.captionsShownRequested.emit(self._captions_shown)
        self._show_caption()
        queued, self._queue = self._queue, []
        for request in queued:
            request()
        self.readyChanged.emit(True)

    def _on_state(self, state: PlayerState) -> None:
        self.state = state
        self._show_caption()
        self.stateChanged.emit(state)

    def _on_failure(self, code: str, message: str) -> None:
        try:
            failure = Failure(code)
        except ValueError:
            log.error("the player page reported an unknown failure %r: %s", code, message)
            failure = Failure.UNPLAYABLE
        self.error = (failure, message)
        log.info("player: %s: %s", failure, message)
        self.failed.emit(failure.value, message)

    def _on_crash(self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int) -> None:
        log.error("the player page stopped (%s, %d); reloading it", status, code)
        self.reload_page()
