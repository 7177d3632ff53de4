"""The video pane: picks the backend for a note's video and speaks for it to the window.

YouTube plays in the web player (QtWebEngine). A local file or a media URL is first probed
(:mod:`.probe`): what Qt Multimedia decodes (H.264, HEVC, VP9, MP3, AAC, Opus, FLAC, WAV…) plays
in the native player, a picture it cannot decode (AV1 without a hardware decoder) goes to the
web player, which decodes AV1 and VP9; a file neither can read says so. The window talks to the
pane only, through the :class:`~viewer.app.player.base.Player` interface, and one control bar
under the picture serves every backend.

The backends (and the web player's Chromium profile and process) are made by :meth:`start`,
which the window calls after its first paint, so the first note is on screen sooner; what is
asked before that is kept and done then. They come from a :class:`~.base.Backends`: the app's
(:mod:`.backends`), or a controller test's fakes of the same :class:`~.base.Player` shape.

Captions: the pane holds the current video's :class:`~viewer.core.transcripts.cues.Transcript`
and gives it to whichever backend plays the video, after that backend has loaded it (a probe
may pick the other one); a new video starts without any until it is given its own. Whether
captions show (the C key) is the pane's, for every video and backend alike.

The pane has keys of its own, as YouTube's player does, while the keyboard is in it (a click on
the picture or the seek bar puts it there, and a frame in the highlight colour shows it): Left
and Right step 5 s, Up and Down change the volume by 5 %.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, QUrl, Signal, SignalInstance
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QLabel, QStackedLayout, QVBoxLayout, QWidget

from viewer.app.player.base import RATES, Backends, Failure, Player, PlayerState, Probe
from viewer.app.player.controls import ControlBar, Mark, rate_text, volume_text
from viewer.core.transcripts.cues import Transcript
from viewer.core.transcripts.reading import read_transcript
from viewer.core.video import VideoSource

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEngineProfile

    from viewer.app.player.probe import ProbeResult

log = logging.getLogger("viewer.player")

#: What Left and Right skip, and what Up and Down change the volume by (YouTube's steps).
SKIP_S, VOLUME_STEP = 5.0, 0.05


class Stage(QWidget):
    """Where the picture is: framed in the highlight colour while the keyboard is in the pane.

    The frame's room is kept when it is not drawn, so the picture never moves; fullscreen has
    no frame.
    """

    RING = 2

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # The frame's room is the outer layout's margin (a stacked layout has none).
        self.frame = QVBoxLayout(self)
        self.frame.setContentsMargins(*[self.RING] * 4)
        self.stack = QStackedLayout()
        self.frame.addLayout(self.stack)
        self.ring = False

    def show_ring(self, on: bool) -> None:
        if on != self.ring:
            self.ring = on
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margin = 0 if self.window().isFullScreen() else self.RING
        self.frame.setContentsMargins(margin, margin, margin, margin)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.ring or self.window().isFullScreen():
            return
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), self.RING)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = self.RING // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))


class PlayerPane(QWidget):
    """One player for the window, whichever backend plays the current video: it holds the
    backends and speaks for the one that shows the current video."""

    #: What the backend playing the current video says (see :class:`~.base.Player`).
    stateChanged = Signal(object)  # PlayerState
    seeked = Signal(float)
    failed = Signal(str, str)
    readyChanged = Signal(bool)
    #: The reader asked to see the video in a browser (the page's button).
    openInBrowserRequested = Signal()
    #: The backends exist (:meth:`start` ran).
    started = Signal()
    #: A mark of the seek bar was clicked: the index of the note's timestamp.
    markActivated = Signal(int)
    fullscreenRequested = Signal()
    #: A double-click on the picture (fullscreen, as on YouTube): never for sound alone.
    doubleClicked = Signal()
    #: A right click on the picture, at this global position: the app's own menu.
    menuRequested = Signal(QPoint)
    #: The web page asks for fullscreen or leaves it (the video element's button, YouTube's).
    pageFullscreenRequested = Signal(object)  # QWebEngineFullScreenRequest
    #: A widget the picture is drawn in, made now: the window watches it for the mouse's
    #: back and forward buttons.
    surfaceAdded = Signal(object)  # QWidget
    #: A sentence for the status bar (what :meth:`open_in_browser` did).
    notice = Signal(str)
    #: Captions were turned on (True) or off: the reader's choice, to remember.
    captionsShownChanged = Signal(bool)

    def __init__(self, backends: Backends, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = Stage(self)
        self._stack = self.stage.stack
        self.controls = ControlBar(self)
        # A line above the picture that says why this video plays as it does (its local copy
        # in place of YouTube); hidden while there is nothing to say.
        self.notice_line = QLabel(self)
        self.notice_line.setObjectName("playerNotice")
        self.notice_line.setWordWrap(True)
        self.notice_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_line.setAutoFillBackground(True)
        self.notice_line.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.notice_line.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.notice_line.setContentsMargins(8, 4, 8, 4)
        self.notice_line.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice_line)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self.controls)
        self._connect_controls()
        self._install_keys()
        focus_changes = QApplication.instance()
        assert isinstance(focus_changes, QApplication)
        focus_changes.focusChanged.connect(self._focus_changed)
        # The speed, shown over the video for a moment while it changes.
        self.flash = QLabel(self)
        self.flash.setObjectName("playerFlash")
        self.flash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.flash.setStyleSheet(
            "#playerFlash { background: rgba(0, 0, 0, 160); color: white; border-radius: 8px;"
            " font-size: 20px; font-weight: 600; padding: 8px 16px; }"
        )
        self.flash.hide()
        self._flash_timer = QTimer(self, singleShot=True, interval=1000)
        self._flash_timer.timeout.connect(self.flash.hide)
        self._rate = 1.0
        #: The rate last asked for: quick steps build on it, not on what the page said last.
        self.rate_asked = 1.0
        #: The volume last asked for (0..1), for the same reason.
        self.volume_asked = 1.0
        self._theme = "light"
        self._backends = backends
        self.backends: list[Player] = []
        self._web: Player | None = None
        self.native: Player | None = None
        self._probe: Probe | None = None
        self._probing = False
        #: The current video's captions, or the subtitle file to read them from when first
        #: needed (``set_video``'s older way of giving them).
        self._transcript: Transcript | None = None
        self._subtitles: Path | None = None
        #: Captions show (C turns them off and on, for every video of the session).
        self.captions_shown = True
        self._title = ""
        self._why = ""
        self._waiting: list[Callable[[], None]] = []
        self.source: VideoSource | None = None
        self._shown = False
        #: The moment the reader last asked for (a timestamp, a skip): where "Open in browser"
        #: goes while the video cannot play here.
        self.asked: float | None = None
        #: A seek asked for that has not landed yet: until it does, that is where the reader is.
        self._seeking: float | None = None
        #: The time the video last reported, once it has loaded and landed where it was sent.
        self._reached = 0.0
        #: Whether the reader last asked the video to play (a timestamp, K) or to stay paused,
        #: or the video last started or stopped by itself; and whether it was playing.
        self._wants_play = self._was_playing = False
        self._media_url: Callable[[str], str | None] = lambda _path: None
        self._active: Player | None = None
        #: The widgets the picture is drawn in (watched for double-clicks).
        self._surfaces: list[QWidget] = []

    def _connect_controls(self) -> None:
        controls = self.controls
        controls.toggleRequested.connect(self.toggle)
        controls.seekRequested.connect(lambda seconds: self.seek(seconds, play=False))
        controls.markActivated.connect(self.markActivated)
        controls.rateRequested.connect(self.set_rate)
        controls.volumeRequested.connect(self.set_volume)
        controls.muteRequested.connect(self.set_muted)
        controls.fullscreenRequested.connect(self.fullscreenRequested)
        self.stateChanged.connect(self._show_state)
        self.seeked.connect(self._landed)

    def _install_keys(self) -> None:
        """Left and Right step 5 s, Up and Down the volume: while the keyboard is in the pane."""
        percent = round(VOLUME_STEP * 100)
        for key, words, act in (
            (Qt.Key.Key_Left, f"Back {SKIP_S:g} s", lambda: self.skip(-SKIP_S)),
            (Qt.Key.Key_Right, f"Forward {SKIP_S:g} s", lambda: self.skip(SKIP_S)),
            (Qt.Key.Key_Up, f"Volume up {percent}%", lambda: self.step_volume(VOLUME_STEP)),
            (Qt.Key.Key_Down, f"Volume down {percent}%", lambda: self.step_volume(-VOLUME_STEP)),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis(words)  # Help › Keyboard Shortcuts reads it
            shortcut.activated.connect(act)

    @property
    def has_focus_within(self) -> bool:
        """Is the keyboard in the pane (the picture, the seek bar, a button of the bar)?"""
        return self.stage.ring

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self.stage.show_ring(new is not None and (new is self or self.isAncestorOf(new)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._surfaces:
            kind = event.type()
            if kind == QEvent.Type.ChildPolished and isinstance(watched, QWidget):
                if (proxy := watched.focusProxy()) is not None and proxy not in self._surfaces:
                    self._watch(proxy)
            elif kind == QEvent.Type.MouseButtonDblClick:
                self._double_clicked()  # as on YouTube; the page does not see the double-click
                return True
        return super().eventFilter(watched, event)

    def is_picture(self, widget: QObject) -> bool:
        """Is ``widget`` one the picture is drawn in?"""
        return widget in self._surfaces

    def step_volume(self, delta: float) -> None:
        """Up (``+0.05``) or down, as YouTube's arrow keys do; shown over the video."""
        volume = round(min(1.0, max(0.0, self.volume_asked + delta)), 2)
        self.set_volume(volume)
        if delta > 0 and self.state.muted:
            self.set_muted(False)
        self.show_flash(volume_text(volume))

    def _show_state(self, state: PlayerState) -> None:
        if self._seeking is None and state.duration > 0:
            self._reached = state.current_time
        if state.playing != self._was_playing:  # it started or stopped, as asked or by itself
            self._was_playing = self._wants_play = state.playing
        self.controls.show_state(state)
        if state.rate != self._rate:
            self._rate = state.rate
            self.show_flash(rate_text(state.rate))

    def show_flash(self, text: str) -> None:
        """Show ``text`` over the video for a moment."""
        self.flash.setText(text)
        self.flash.adjustSize()
        self.flash.move(self.stage.geometry().center() - self.flash.rect().center())
        self.flash.raise_()
        self.flash.show()
        self._flash_timer.start()

    def set_marks(self, marks: list[Mark]) -> None:
        self.controls.set_marks(marks)

    def step_rate(self, steps: int) -> None:
        """The next rate up (``+1``) or down (``-1``), as YouTube's Shift+. and Shift+, do."""
        index = min(range(len(RATES)), key=lambda i: abs(RATES[i] - self.rate_asked))
        self.set_rate(RATES[min(len(RATES) - 1, max(0, index + steps))])

    def start(self) -> None:
        """Make the backends, then do what was asked before. Runs once."""
        if self._web is not None:
            return
        self._web = self._backends.web(self)
        self._web.openInBrowserRequested.connect(self.openInBrowserRequested)
        self._web.pageFullscreenRequested.connect(self._page_fullscreen)
        self._add(self._web)
        self.active = self._web
        self.started.emit()
        self._flush()

    def _flush(self) -> None:
        # A request may start a probe (loading a local file): what follows it waits for the
        # probe's answer, as it would have had it been asked then. A seek sent to the backend
        # the probe is about to replace would be lost.
        while self._waiting and not self._probing:
            self._waiting.pop(0)()

    def _landed(self, seconds: float) -> None:
        self._seeking = None
        self._reached = seconds

    def position(self) -> float:
        """Where the reader is in the video: the time it reached, or the time it was sent to
        and has not reached yet (the player is starting, probing or seeking). Never a time the
        reader did not reach, such as 0 before a resumed video has loaded."""
        return self._seeking if self._seeking is not None else self._reached

    @property
    def profile(self) -> QWebEngineProfile | None:
        """The web player's Chromium profile, once it is made."""
        return getattr(self._backends, "profile", None)

    @property
    def web(self) -> Player:
        if self._web is None:
            self.start()
        assert self._web is not None
        return self._web

    def _native_player(self) -> Player:
        if self.native is None:
            self.native = self._backends.native(self)
            self.native.set_theme(self._theme)
            self.native.readyChanged.connect(lambda _ready: self._offer_fullscreen())
            self._add(self.native)
        return self.native

    def _when_started(self, request: Callable[[], None]) -> None:
        """Do ``request`` now, or once the backends exist and the current file is probed."""
        if self._web is None or self._probing:
            self._waiting.append(request)
        else:
            request()

    def _add(self, backend: Player) -> None:
        self.backends.append(backend)
        self._stack.addWidget(backend)
        backend.set_subtitles_visible(self.captions_shown)
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
        # The app's own menu and the double-click to fullscreen, on whichever player plays; a
        # picture drawn in a window of its own tells its player of the clicks instead.
        backend.doubleClicked.connect(self._double_clicked)
        backend.menuRequested.connect(self.menuRequested)
        for surface in backend.surfaces():
            surface.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            surface.customContextMenuRequested.connect(
                lambda at, surface=surface: self.menuRequested.emit(surface.mapToGlobal(at))
            )
            self._watch(surface)

    def _watch(self, surface: QWidget) -> None:
        """Watch a widget the picture is drawn in for double-clicks. A web view draws through
        a child it makes when it first shows a page: that one is watched when it comes."""
        surface.installEventFilter(self)
        self._surfaces.append(surface)
        self.surfaceAdded.emit(surface)
        if (proxy := surface.focusProxy()) is not None and proxy not in self._surfaces:
            self._watch(proxy)

    def _page_fullscreen(self, request: object) -> None:
        self.pageFullscreenRequested.emit(request)

    def _double_clicked(self) -> None:
        if not self.audio_only:  # sound only: no picture to fill the screen with
            self.doubleClicked.emit()

    def _from(self, backend: Player, signal: SignalInstance, *args: object) -> None:
        if backend is self.active:
            signal.emit(*args)

    def set_media_resolver(self, media_url: Callable[[str], str | None]) -> None:
        """How a local file's absolute path becomes a URL the web page may load."""
        self._media_url = media_url

    # What the window reads

    @property
    def active(self) -> Player | None:
        return self._active

    @active.setter
    def active(self, backend: Player) -> None:
        self._active = backend

    @property
    def state(self) -> PlayerState:
        return self._active.state if self._active else PlayerState()

    @property
    def error(self) -> tuple[Failure, str] | None:
        """Why the current video does not play; None while a file is being tried, which the
        previous one's error is not about."""
        if self._probing:
            return None
        return self._active.error if self._active else None

    @property
    def audio_only(self) -> bool:
        """The current media is sound only (it plays, in the native player's audio view)."""
        native = self.native
        return native is not None and self._active is native and native.audio_only

    def grab_picture(self, done: Callable[[QImage | None], None]) -> None:
        """Give ``done`` the picture on screen, from the player that shows it (see
        :meth:`~viewer.app.player.base.Player.grab_picture`)."""
        if self._active is None:
            done(None)
        else:
            self._active.grab_picture(done)

    @property
    def is_ready(self) -> bool:
        return self._active is not None and bool(getattr(self._active, "is_ready", True))

    # Player

    def set_video(
        self,
        source: VideoSource | None,
        subtitles: Path | None = None,
        title: str = "",
        why: str = "",
    ) -> bool:
        """Show ``source``; the same video again keeps playing where it is (and says False).

        ``subtitles`` is a subtitle file to show captions from (:meth:`set_transcript` gives
        them already read), ``title`` what an audio file shows, ``why`` why there is no source
        although the note names a video. Another video has no captions until it is given
        some; the same one again (after a failure) keeps its own.
        """
        if self._shown and source == self.source and why == self._why and self.error is None:
            return False
        if source != self.source or subtitles is not None:
            self._transcript, self._subtitles = None, subtitles
        self._shown, self.source, self.asked, self._why = True, source, None, why
        self._seeking, self._reached, self._wants_play = None, 0.0, False
        self.set_notice("")
        self._title = title
        self.controls.setVisible(source is not None)  # nothing to play: no bar to play it with
        self._when_started(lambda: self._load(source))
        return True

    def play_instead(self, source: VideoSource, notice: str = "") -> None:
        """Play ``source`` in place of the current video, as another copy of the same video
        (a YouTube video's local copy, or back): from where the reader is, playing if they
        asked it to, with the same captions. ``notice`` says why in the pane ("" for
        nothing)."""
        at, play = self.position(), self._wants_play
        self.source, self._why = source, ""
        self.set_notice(notice)
        self._when_started(lambda: self._load(source))
        if at > 0 or play:
            self.seek(at, play)

    def set_notice(self, text: str) -> None:
        """Say ``text`` on a line above the picture ("" hides the line)."""
        self.notice_line.setText(text)
        self.notice_line.setAccessibleName(text)
        self.notice_line.setVisible(bool(text))

    @property
    def notice_text(self) -> str:
        """What the line above the picture says ("" while it is hidden)."""
        return self.notice_line.text() if not self.notice_line.isHidden() else ""

    def _load(self, source: VideoSource | None) -> None:
        if source is None:
            self._use(self.web)
            self.web.load(None, why=self._why)
            return
        if source.kind == "youtube":
            self._use(self.web).load(source)
            self._give_captions()
            return
        # A file or a media URL: which player can play it is found by trying.
        if self._active is not None:
            self._active.pause()
        self._probing = True
        if self._probe is None:
            self._probe = self._backends.probe(self)
            self._probe.finished.connect(self._probed)
        self._probe.start(source)

    def _probed(self, result: ProbeResult) -> None:
        if result.source != self.source:
            return  # an answer about a video the reader has left
        self._probing = False
        source = result.source
        log.info("%s: %s (%.0f ms)", source.value, result.verdict, result.elapsed * 1000)
        if result.backend == "web":
            url = self._media_url(source.value) if source.kind == "file" else None
            self._use(self.web).load(source, url)
        else:  # it plays here, or neither can: the native player says which
            native = self._native_player()
            self._use(native)
            native.load(source)
            native.set_title(self._title)
        self._give_captions()
        self._flush()

    def _use(self, backend: Player) -> Player:
        if self._active is not backend:
            if self._active is not None:
                self._active.load(None)  # nothing keeps playing behind
            self.active = backend
            self._stack.setCurrentWidget(backend)
            self._offer_fullscreen()
            # The new backend starts from what the reader chose.
            backend.set_rate(self.rate_asked)
            backend.set_volume(self.controls.volume.value() / 100)
        return backend

    def _offer_fullscreen(self) -> None:
        self.controls.allow_fullscreen(not self.audio_only)

    def set_transcript(self, transcript: Transcript | None) -> None:
        """The captions of the current video (``None``: none), shown by whichever backend
        plays it, now or once it has loaded. :meth:`set_video` with another video drops
        them."""
        self._transcript, self._subtitles = transcript, None
        self._when_started(self._give_captions)

    @property
    def transcript(self) -> Transcript | None:
        """The current video's captions, if it has any."""
        if self._subtitles is not None:
            self._transcript, self._subtitles = read_transcript(self._subtitles), None
        return self._transcript

    def _give_captions(self) -> None:
        if self._active is not None:
            self._active.set_subtitles(self.transcript)

    def set_captions_shown(self, shown: bool) -> None:
        """Show captions or not, on every backend, for this video and the next."""
        if shown == self.captions_shown:
            return
        self.captions_shown = shown
        for backend in self.backends:
            backend.set_subtitles_visible(shown)
        self.captionsShownChanged.emit(shown)

    def toggle_subtitles(self) -> bool | None:
        """Show or hide the captions (YouTube's C), and say which over the picture; None
        when this video has none."""
        transcript = self.transcript
        if self._active is None or transcript is None or not transcript.cues:
            return None
        self.set_captions_shown(not self.captions_shown)
        self.show_flash("Subtitles on" if self.captions_shown else "Subtitles off")
        return self.captions_shown

    def shutdown(self) -> None:
        """Stop for good (the window closes): nothing plays, the native player lets go of its
        decoder threads, and the web player's view and profile go."""
        if self._probe is not None:
            self._probe.cancel()
        for backend in self.backends:
            backend.shutdown()
        self.blockSignals(True)  # a last report of a player finds no window to tell
        self._backends.release()

    def seek(self, seconds: float, play: bool = True) -> None:
        self.asked = self._seeking = seconds
        self._wants_play = play
        self._when_started(lambda: self._player().seek(seconds, play))

    def play(self) -> None:
        self._wants_play = True
        self._when_started(lambda: self._player().play())

    def pause(self) -> None:
        self._wants_play = False
        self._when_started(lambda: self._player().pause())

    def toggle(self) -> None:
        self._wants_play = not (self.state.playing or self._wants_play)
        self._when_started(lambda: self._player().toggle())

    def skip(self, delta: float) -> None:
        self._when_started(lambda: self._player().skip(delta))

    def step_frame(self, frames: int) -> None:
        """Pause ``frames`` frames on (back, below 0): YouTube's ``.`` and ``,``."""
        self._when_started(lambda: self._player().step_frame(frames))

    def set_rate(self, rate: float) -> None:
        self.rate_asked = rate
        self._when_started(lambda: self._player().set_rate(rate))

    def set_volume(self, volume: float) -> None:
        self.volume_asked = volume
        self._when_started(lambda: self._player().set_volume(volume))

    def set_muted(self, muted: bool) -> None:
        self._when_started(lambda: self._player().set_muted(muted))

    def set_theme(self, theme: str) -> None:
        self._theme = theme
        if self.native is not None:
            self.native.set_theme(theme)
        self._when_started(lambda: self.web.set_theme(theme))

    def _player(self) -> Player:
        assert self._active is not None, "asked before start()"
        return self._active

    def watch_url(self, at: float | None = None) -> str | None:
        """Where a browser shows this video, at ``at`` or the current time."""
        if self.source is None:
            return None
        if at is None:
            playing_here = self.error is None and self.state.current_time > 0
            at = self.state.current_time if playing_here else self.asked
        return self.source.watch_url(at)

    def open_elsewhere_text(self) -> str:
        """What opening the video outside the app is called for this video."""
        if self.source is not None and self.source.kind == "file":
            return "Open Video in Default Player"
        return "Open Video in Browser"

    def open_in_browser(self, at: float | None = None) -> str:
        """Open the video outside the app: a YouTube video or a URL in the browser (at ``at``,
        or where it is), a file in the system's default player. Playback here pauses. Says
        what it did in a sentence for the status bar, also sent as :attr:`notice`."""
        source = self.source
        if source is None:
            said = "This note has no video to open."
        elif source.kind == "file":
            name = source.name
            if QDesktopServices.openUrl(QUrl.fromLocalFile(source.value)):
                said = f"Opened {name} in the default player."
                self._pause_here()
            else:
                said = f"No application here opens {name}."
        else:
            url = self.watch_url(at) or source.value
            QDesktopServices.openUrl(QUrl(url))
            said = f"Opened {url} in the browser."
            self._pause_here()
        self.notice.emit(said)
        return said

    def _pause_here(self) -> None:
        if self._active is not None and self.state.playing:
            self.pause()
