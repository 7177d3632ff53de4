"""The native backend: local media files and direct media URLs through Qt Multimedia.

Why Qt Multimedia and not libmpv: both decode H.264, HEVC, VP9, AAC, MP3 and Opus and both seek
exactly (measured on the clock clips of ``tests/data/media``: Qt lands on the frame that holds
the asked time, 13-40 ms after ``setPosition`` on a 20 s clip with a keyframe every 5 s;
libmpv's exact seeks were no faster in the earlier comparison, see the project's media notes).
What decides is shipping: Qt Multimedia and its FFmpeg 7.1 (LGPL) come in the PySide6-Addons
wheel the app already depends on, on Linux, Windows and macOS alike, and add about 21 MB to the
bundle; libmpv is a GPL system library (Debian's pulls in 249 MB), needs its own LGPL build per
system and embeds by window id, which Wayland and macOS refuse. Qt's one gap, AV1 without a
hardware decoder, is covered by the web player, which the pane picks by probing
(:mod:`viewer.app.player.probe`).

Known quirks this class works around (measured): ``position()`` runs ahead of the frame shown
after a seek, and ``mediaStatus`` is not reliable after seeks, so a seek is finished when the
video sink delivers a frame whose start time is at the asked time; an undecodable picture gives
sound and no frame and no error, so a watchdog fails the video when no frame comes in time.

The widget is a column: the picture (or, for audio, the title), the current subtitle cue under
it, and the space below for the control bar, which the pane adds to :attr:`column`.
"""

from __future__ import annotations

from PySide6.QtCore import (
    Q_ARG,
    QEvent,
    QGenericArgumentHolder,
    QMetaObject,
    QObject,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QGuiApplication, QImage, QMouseEvent, QResizeEvent, QShowEvent, QWindow
from PySide6.QtMultimedia import (
    QAudioOutput,
    QMediaMetaData,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from viewer.app.player.base import FRAME_S, Failure, Player, PlayerState
from viewer.app.player.media_facts import (
    FRAME_TIMEOUT_S,
    failure_of,
    media_url,
    missing_file,
    no_picture_sentence,
)
from viewer.core.transcripts.cues import Cue, Transcript
from viewer.core.video import VideoSource

#: How often, at most, a playing video reports its time (the web player: about 4 a second).
STATE_INTERVAL_S = 0.25
#: After frames have been shown, a seek whose frame does not come in this time has hung.
SEEK_TIMEOUT_S = 6.0
#: A frame belongs to a seek when it starts this close before the asked time (one frame at
#: 10 fps) or up to this far after it (a frame dropped while catching up).
SEEK_BEFORE_S, SEEK_AFTER_S = 0.1, 0.5

Status = QMediaPlayer.MediaStatus

#: The audio view, the messages and the subtitle line in the web player's colours
#: (``player.css``: ``--bg`` and ``--panel-fg``), for the light and the dark theme.
THEME_COLOURS = {"light": ("#f6f6f4", "#2b2b2b"), "dark": ("#18191b", "#e6e6e6")}


class NativePlayer(Player):
    """Plays local files and media URLs with Qt Multimedia. Its picture is a window of its
    own: a double-click or a right click there comes as :attr:`doubleClicked` and
    :attr:`menuRequested`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Video")
        self._picture_windows: list[QWindow] = []
        self.state = PlayerState()
        self.source: VideoSource | None = None
        self.error: tuple[Failure, str] | None = None
        self.is_ready = False
        #: The last frame shown, and its start time in seconds (``None`` before any).
        self.last_frame: QVideoFrame | None = None
        self.last_frame_time: float | None = None

        self._media = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._media.setAudioOutput(self._audio)
        self.video = QVideoWidget(self)
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The picture is drawn in a window of its own, whose container takes the keyboard
        # when it appears: the reader's focus (the notes list, the note) stays where it is.
        # A click on the picture (or the audio view) gives the keyboard to the player itself.
        self.video.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("nativePlayer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        #: Sound only: the title is shown in place of a picture.
        self.audio_only = False
        focus_changes = QApplication.instance()
        assert isinstance(focus_changes, QApplication)
        focus_changes.focusChanged.connect(self._keep_focus)
        self._media.setVideoOutput(self.video)
        self.title = QLabel(self)
        self.title.setObjectName("audioTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(font.Weight.DemiBold)
        self.title.setFont(font)
        self.message = QLabel(self)
        self.message.setObjectName("playerMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.screens = QStackedWidget(self)
        for screen in (self.message, self.video, self.title):
            self.screens.addWidget(screen)
        # The picture's window is made when the picture first shows: watch it from then.
        self.screens.currentChanged.connect(
            lambda _index: QTimer.singleShot(0, self, self._watch_picture)
        )
        self.cue = QLabel(self)
        self.cue.setObjectName("subtitleCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue.setWordWrap(True)
        self.cue.setMinimumHeight(self.cue.fontMetrics().lineSpacing() * 2 + 8)
        self.cue.hide()
        self.set_theme("light")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.column.addWidget(self.screens, 1)
        self.column.addWidget(self.cue)

        self._subtitles = Transcript()
        self._subtitles_visible = True
        self._title_text = ""
        self._pending_seek: tuple[float, bool] | None = None
        self._pending_play = False
        self._seek_target: float | None = None  # a seek waiting for its frame
        self._shown_time: float | None = None  # the time of the frame shown
        # The source asked for: until the media player has it (the call is queued, see
        # _later), its reports are about the previous file.
        self._expected = QUrl()
        self._last_state_time = -1.0
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._no_frame)

        self._sink().videoFrameChanged.connect(self._on_frame)
        self._media.mediaStatusChanged.connect(self._on_status)
        self._media.errorOccurred.connect(self._on_error)
        self._media.positionChanged.connect(self._on_position)
        self._media.durationChanged.connect(lambda _ms: self._publish())
        self._media.playbackStateChanged.connect(lambda _state: self._on_playback())
        self._media.playbackRateChanged.connect(lambda _rate: self._publish())
        self._audio.volumeChanged.connect(lambda _volume: self._publish())
        self._audio.mutedChanged.connect(lambda _muted: self._publish())
        self._show_message("")

    # The interface -------------------------------------------------------------------------

    def load(self, source: VideoSource | None, url: str | None = None, why: str = "") -> None:
        self._watchdog.stop()
        self.source, self.error = source, None
        self._pending_seek, self._pending_play, self._seek_target = None, False, None
        self.last_frame = self.last_frame_time = self._shown_time = None
        self._subtitles = Transcript()
        self._show_cue(None)
        self._title_text = ""
        self.audio_only = False
        self._set_ready(False)
        self.state = PlayerState(
            rate=self.state.rate, volume=self.state.volume, muted=self.state.muted
        )
        refused = None
        if source is not None and source.kind == "youtube":
            refused = (Failure.UNPLAYABLE, "YouTube videos play in the web player, not here.")
        elif source is not None:
            refused = missing_file(source)
        self._expected = media_url(source) if source is not None and not refused else QUrl()
        # The previous file stops here, whatever comes next: no player is left running.
        self._later("stop")
        self._later("setSource", Q_ARG(QUrl, self._expected))
        if refused:
            self._fail(*refused)
            return
        self._show_message("Loading…" if source is not None else "")
        self._publish(force=True)

    def seek(self, seconds: float, play: bool = True) -> None:
        if self.error:
            return
        if not self.is_ready:
            self._pending_seek = (seconds, play)
            return
        duration = self._media.duration() / 1000
        target = max(0.0, min(seconds, duration) if duration > 0 else seconds)
        self._seek_target = target
        self._later("setPosition", Q_ARG("qint64", round(target * 1000)))
        if play:
            self._later("play")
        elif self._media.playbackState() != QMediaPlayer.PlaybackState.PausedState:
            self._later("pause")
        self._publish(force=True)
        if self._media.hasVideo():
            self._start_watchdog()
        else:
            # No frame to wait for: the audio is at its new place as soon as it is set.
            QTimer.singleShot(0, self._audio_seeked)

    def play(self) -> None:
        if self.error:
            return
        if not self.is_ready:
            self._pending_play = True
            return
        self._later("play")
        if self._media.hasVideo() and self.last_frame is None:
            self._start_watchdog()

    def pause(self) -> None:
        if self.error:
            return
        self._pending_play = False
        if self.is_ready:
            self._later("pause")

    def toggle(self) -> None:
        if self.state.playing or (not self.is_ready and self._pending_play):
            self.pause()
        else:
            self.play()

    def skip(self, delta: float) -> None:
        self.seek(self._current_time() + delta, play=self.state.playing)

    def step_frame(self, frames: int) -> None:
        """Pause on the frame ``frames`` frames from the one shown: a seek to the middle of
        that frame, which lands on it (the file's own frame length, from the frame shown)."""
        if self.error or not self.is_ready:
            return
        length = self._frame_length()
        if self._seek_target is not None:
            here = self._seek_target  # a step not shown yet: the next builds on it
        elif self.last_frame_time is not None and self._media.hasVideo():
            here = self.last_frame_time + length / 2
        else:
            here = self._current_time()
        duration = self._media.duration() / 1000
        target = max(length / 2, here + frames * length)
        if duration > 0:
            target = min(target, max(0.0, duration - length / 2))
        if self.state.playing:
            self._later("pause")  # paused first: a seek made while playing may show no frame
        self.seek(target, play=False)

    def _frame_length(self) -> float:
        """How long one frame of the video shows, in seconds."""
        frame = self.last_frame
        if frame is not None and frame.endTime() > frame.startTime() >= 0:
            return (frame.endTime() - frame.startTime()) / 1_000_000
        rate = self._media.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        if isinstance(rate, int | float) and rate > 0:
            return 1 / float(rate)
        return FRAME_S

    def set_rate(self, rate: float) -> None:
        self._later("setPlaybackRate", Q_ARG("double", float(rate)))

    def set_volume(self, volume: float) -> None:
        volume = max(0.0, min(1.0, float(volume)))
        self._later("setVolume", Q_ARG("float", volume), self._audio)

    def set_muted(self, muted: bool) -> None:
        self._later("setMuted", Q_ARG("bool", bool(muted)), self._audio)

    # Beyond the interface: subtitles, the audio view's title -------------------------------

    def set_subtitles(self, subtitles: Transcript | None) -> None:
        """Cues to show under the picture for the current video (``None``: none)."""
        self._subtitles = subtitles or Transcript()
        self._show_cue(self._subtitles.at(self._current_time()))

    def set_subtitles_visible(self, visible: bool) -> None:
        self._subtitles_visible = visible
        self._show_cue(self._subtitles.at(self._current_time()))

    @property
    def subtitles_visible(self) -> bool:
        return self._subtitles_visible

    @property
    def has_subtitles(self) -> bool:
        return bool(self._subtitles.cues)

    def surfaces(self) -> list[QWidget]:
        return [self, self.video]

    def set_theme(self, theme: str) -> None:
        """Colour the audio view, the messages and the subtitles as the web player's page:
        "light" or "dark"."""
        background, text = THEME_COLOURS.get(theme, THEME_COLOURS["light"])
        self.setStyleSheet(
            "#nativePlayer, #audioTitle, #playerMessage, #subtitleCue"
            f" {{ background: {background}; color: {text}; }}"
        )

    def set_title(self, text: str) -> None:
        """The title the audio view shows (the note's); the file's own title otherwise."""
        self._title_text = text
        self.title.setText(text or self._file_title())

    def picture(self) -> QImage | None:
        """The frame the video sink holds now (the one on screen), as an image."""
        if self.audio_only or self.error is not None or self.source is None:
            return None
        frame = self._sink().videoFrame()
        if not frame.isValid() and self.last_frame is not None:
            frame = self.last_frame
        image = frame.toImage() if frame.isValid() else QImage()
        return None if image.isNull() else image

    def shutdown(self) -> None:
        self._watchdog.stop()
        self._later("stop")
        self._later("setSource", Q_ARG(QUrl, QUrl()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._watch_picture)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._watch_picture)  # fullscreen may make a new one

    def _watch_picture(self) -> None:
        # QVideoWidget draws in a QWindow of its own, embedded in the widget: the mouse goes to
        # that window, never to a widget. It has no API; it is the QVideoWindow inside ours.
        top = self.window().windowHandle()
        for window in QGuiApplication.allWindows():
            if (
                window.metaObject().className() == "QVideoWindow"
                and window not in self._picture_windows
                and top is not None
                and top.isAncestorOf(window)
            ):
                window.installEventFilter(self)
                self._picture_windows.append(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._picture_windows and isinstance(event, QMouseEvent):
            if event.type() == QEvent.Type.MouseButtonPress:
                # The picture's window takes no keyboard: the player does, for the pane's keys.
                self.setFocus(Qt.FocusReason.MouseFocusReason)
            if event.type() == QEvent.Type.MouseButtonDblClick:
                self.doubleClicked.emit()
                return True
            if (
                event.type() == QEvent.Type.MouseButtonPress
                and event.button() == Qt.MouseButton.RightButton
            ):
                self.menuRequested.emit(event.globalPosition().toPoint())
                return True
        return super().eventFilter(watched, event)

    def _keep_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        # The picture is drawn in a window of its own, whose container takes the keyboard when
        # it appears (whatever its focus policy): the reader's focus stays where it was.
        if new is not None and self.video.isAncestorOf(new):
            (old if old is not None and old is not new else self).setFocus()

    @property
    def media(self) -> QMediaPlayer:
        """The Qt Multimedia player itself, to read (its calls go through :meth:`_later`)."""
        return self._media

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    # Qt Multimedia's reports ---------------------------------------------------------------

    def _about_current(self) -> bool:
        return self._media.source() == self._expected

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self.error or self.source is None or not self._about_current():
            return
        if status == Status.LoadedMedia and not self.is_ready:
            self._loaded()
        elif status == Status.InvalidMedia:
            self._fail(
                Failure.DAMAGED, f"'{self._name()}' is not a media file, or it is cut short."
            )
        elif status == Status.EndOfMedia:
            target, self._seek_target = self._seek_target, None
            if target is not None:
                # A seek to the very end shows no new frame: it ends there.
                self._watchdog.stop()
                self._shown_time = self._media.duration() / 1000
                self._publish(force=True)
                self.seeked.emit(self._shown_time)
            else:
                self._publish(force=True)

    def _loaded(self) -> None:
        if not self._media.hasVideo() and not self._media.hasAudio():
            self._fail(Failure.DAMAGED, f"'{self._name()}' has neither sound nor picture.")
            return
        self.audio_only = not self._media.hasVideo()
        if self._media.hasVideo():
            self.screens.setCurrentWidget(self.video)
        else:
            self.title.setText(self._title_text or self._file_title())
            self.screens.setCurrentWidget(self.title)
        self._set_ready(True)
        pending, self._pending_seek = self._pending_seek, None
        if pending is not None:
            self.seek(*pending)
        elif self._pending_play:
            self.play()
        elif self._media.hasVideo():
            # Paused at the start, so the first frame shows (and proves it can be decoded).
            self._later("pause")
            self._start_watchdog()
        self._pending_play = False
        self._publish(force=True)

    def _on_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if self.error or self.source is None or error == QMediaPlayer.Error.NoError:
            return
        if not self._about_current():
            return
        self._fail(*failure_of(error, detail, self.source))

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid() or self.error or not self._about_current():
            return
        self._watchdog.stop()
        at = frame.startTime() / 1_000_000
        self.last_frame, self.last_frame_time = frame, at
        self._shown_time = at
        target = self._seek_target
        if target is not None and target - SEEK_BEFORE_S <= at <= target + SEEK_AFTER_S:
            self._seek_target = None
            # The frame that holds the asked time lands the seek there exactly.
            holds = at <= target < frame.endTime() / 1_000_000 + 0.001
            self._shown_time = target if holds else at
            self._publish(force=True)
            self.seeked.emit(target if holds else at)
        else:
            self._publish()
        self._show_cue(self._subtitles.at(self._current_time()))

    def _on_position(self, _ms: int) -> None:
        if not self._media.hasVideo():
            self._show_cue(self._subtitles.at(self._current_time()))
        self._publish()

    def _on_playback(self) -> None:
        playing = self._media.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        if playing and self._media.hasVideo() and self.last_frame is None:
            self._start_watchdog()
        self._publish(force=True)

    def _audio_seeked(self) -> None:
        target, self._seek_target = self._seek_target, None
        if target is not None and not self.error:
            self.seeked.emit(target)

    def _start_watchdog(self) -> None:
        # A decoder that gave frames before is only slow: give a seek on a busy machine longer.
        waited = FRAME_TIMEOUT_S if self.last_frame is None else SEEK_TIMEOUT_S
        self._watchdog.start(round(waited * 1000))

    def _no_frame(self) -> None:
        if self.error or not self.is_ready or not self._media.hasVideo():
            return
        if self.last_frame is not None and self._seek_target is None:
            return
        waiting = (Status.LoadingMedia, Status.BufferingMedia, Status.StalledMedia)
        if self.source and self.source.kind == "url" and self._media.mediaStatus() in waiting:
            self._start_watchdog()  # still downloading: no verdict on the decoder yet
            return
        if self.last_frame is None:
            self._fail(
                Failure.UNPLAYABLE,
                f"'{self._name()}' cannot be shown here. "
                + no_picture_sentence(self._media, FRAME_TIMEOUT_S),
            )
        else:
            # Frames came before, so the decoder works; this seek got lost (a hang seen once
            # in ~30 runs): say so instead of waiting for ever.
            self._seek_target = None
            self._fail(
                Failure.UNPLAYABLE,
                f"'{self._name()}' stopped showing frames after a seek; reopen the note to retry.",
            )

    # Helpers ------------------------------------------------------------------------------

    def _later(
        self,
        slot: str,
        argument: QGenericArgumentHolder | None = None,
        target: QObject | None = None,
    ) -> None:
        """Call a slot of the media player (or audio output) from the event loop.

        Called from Python, ``stop()``, ``setSource()`` and ``play()`` hold the GIL while they
        wait for a lock that FFmpeg's audio thread may hold while it waits for the GIL (it
        deletes an object connected to the Python-made QAudioOutput, and asking that wrapper
        for overrides needs the GIL): the player froze in about one stop in twenty (gdb:
        ``QObject::disconnect`` against ``Sbk_GetPyOverride`` in ``QFFmpeg::AudioRenderer``).
        Run from the event loop, which releases the GIL, the two wait for nothing.
        """
        receiver = target or self._media
        queued = Qt.ConnectionType.QueuedConnection
        if argument is None:
            QMetaObject.invokeMethod(receiver, slot, queued)
        else:
            QMetaObject.invokeMethod(receiver, slot, queued, argument)

    def _sink(self) -> QVideoSink:
        return self.video.videoSink()

    def _current_time(self) -> float:
        if self._seek_target is not None:
            return self._seek_target
        # The frame shown, not position(), which runs ahead of it after a seek.
        if self._media.hasVideo() and self._shown_time is not None:
            return self._shown_time
        return self._media.position() / 1000

    def _publish(self, force: bool = False) -> None:
        playing = self._media.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        now = self._current_time()
        unchanged = (
            playing == self.state.playing
            and self._media.duration() / 1000 == self.state.duration
            and self._media.playbackRate() == self.state.rate
            and self._audio.volume() == self.state.volume
            and self._audio.isMuted() == self.state.muted
        )
        # While playing, the time is reported every STATE_INTERVAL_S of the video's time.
        interval = STATE_INTERVAL_S * max(1.0, self._media.playbackRate())
        if not force and unchanged and abs(now - self._last_state_time) < interval:
            return
        self._last_state_time = now
        self.state = PlayerState(
            current_time=now,
            duration=max(0.0, self._media.duration() / 1000),
            playing=playing and self.error is None,
            rate=self._media.playbackRate(),
            volume=self._audio.volume(),
            muted=self._audio.isMuted(),
        )
        self.stateChanged.emit(self.state)

    def _fail(self, failure: Failure, sentence: str) -> None:
        self._watchdog.stop()
        self._later("stop")
        self.error = (failure, sentence)
        self._seek_target = self._pending_seek = None
        self._show_cue(None)
        self._show_message(sentence)
        self._publish(force=True)
        self.failed.emit(failure.value, sentence)

    def _set_ready(self, ready: bool) -> None:
        if ready != self.is_ready:
            self.is_ready = ready
            self.readyChanged.emit(ready)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.screens.setCurrentWidget(self.message)

    def _show_cue(self, cue: Cue | None) -> None:
        text = cue.text if cue else ""
        if self.cue.text() != text:
            self.cue.setText(text)
        has_cues = bool(self._subtitles.cues)
        # Subtitles turned off keep their line: the picture does not move (a video without
        # subtitles has no line at all).
        policy = self.cue.sizePolicy()
        if policy.retainSizeWhenHidden() != has_cues:
            policy.setRetainSizeWhenHidden(has_cues)
            self.cue.setSizePolicy(policy)
        self.cue.setVisible(self._subtitles_visible and has_cues)

    def _name(self) -> str:
        return self.source.name if self.source is not None else ""

    def _file_title(self) -> str:
        title = self._media.metaData().value(QMediaMetaData.Key.Title)
        return title if isinstance(title, str) and title.strip() else self._name()
