"""Which player can play a local file or media URL, found by trying, not by its name.

Qt Multimedia reads the file with a silent player and a bare video sink: the first decoded
frame proves the picture plays (usually within 30 ms of loading); a video track and no frame
within ``PROBE_FRAME_TIMEOUT_S`` (1.5 s) is a picture it cannot decode (AV1 on a machine
without an AV1 decoder), which the web player may still play (it decodes AV1 and VP9 WebM,
not H.264 or HEVC). A file that no reader opens is damaged for both.

    probe = MediaProbe(parent)
    probe.finished.connect(lambda result: ...)  # a ProbeResult
    probe.start(source)

The pane then uses ``result.backend``: ``"native"``, ``"web"`` (try the web player; if it fails
too, show ``NEITHER_SENTENCE``) or ``None`` (show ``result.message``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt, QTimer, QUrl
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

from viewer.app.player.base import Probe
from viewer.app.player.media_facts import (
    PROBE_FRAME_TIMEOUT_S,
    failure_of,
    media_url,
    missing_file,
    no_picture_sentence,
    video_codec_name,
)
from viewer.core.video import VideoSource

#: Time to open the file and read its tracks: a local file takes milliseconds, a URL a
#: download of its header.
LOAD_TIMEOUT_S = {"file": 5.0, "url": 20.0}

_QUEUED = Qt.ConnectionType.QueuedConnection

#: What the pane says when the web player cannot play a file the probe sent to it either.
NEITHER_SENTENCE = (
    "Neither of the app's players can play this file: its picture can be decoded by neither. "
    "Converting it to H.264 in MP4 (or VP9 in WebM) makes it play."
)


class Verdict(StrEnum):
    VIDEO = "video"  # a picture Qt Multimedia decodes (with or without sound)
    AUDIO = "audio"  # sound only
    UNDECODABLE_VIDEO = "undecodable-video"  # a video track, but no frame came
    DAMAGED = "damaged"  # not media, cut short, or no track at all
    NOT_FOUND = "not-found"  # no such file, or it cannot be read
    NETWORK = "network"  # a URL that could not be downloaded, or did not answer in time


@dataclass(frozen=True, slots=True)
class ProbeResult:
    source: VideoSource
    verdict: Verdict
    message: str = ""  # a sentence for a person; empty when it plays
    codec: str = ""  # the video codec's name, when known
    duration: float = 0.0
    elapsed: float = 0.0  # seconds the probe took

    @property
    def backend(self) -> str | None:
        """The player to use: ``native``, ``web`` (worth a try) or ``None`` (neither)."""
        if self.verdict in (Verdict.VIDEO, Verdict.AUDIO):
            return "native"
        if self.verdict == Verdict.UNDECODABLE_VIDEO:
            return "web"
        return None


class MediaProbe(Probe):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._media: QMediaPlayer | None = None
        self._sink: QVideoSink | None = None
        self._source: VideoSource | None = None
        self._started = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._timed_out)

    @property
    def busy(self) -> bool:
        return self._source is not None

    def start(self, source: VideoSource) -> None:
        """Probe ``source`` (a file or URL); a probe still running is dropped unanswered."""
        self.cancel()
        self._source, self._started = source, time.monotonic()
        if source.kind == "youtube":
            self._finish_soon(Verdict.DAMAGED, "A YouTube video is not a media file.")
            return
        if missing := missing_file(source):
            self._finish_soon(Verdict.NOT_FOUND, missing[1])
            return
        # A fresh player each time: a reused one can report the previous file's status late.
        self._media = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._media.setVideoSink(self._sink)  # no audio output: the probe is silent
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._media.mediaStatusChanged.connect(self._on_status)
        self._media.errorOccurred.connect(self._on_error)
        self._timer.start(round(LOAD_TIMEOUT_S.get(source.kind, 20.0) * 1000))
        # Queued, as in NativePlayer._later: FFmpeg's threads may need the GIL to tear down.
        QMetaObject.invokeMethod(self._media, "setSource", _QUEUED, Q_ARG(QUrl, media_url(source)))

    def cancel(self) -> None:
        self._timer.stop()
        self._source = None
        media, sink = self._media, self._sink
        self._media = self._sink = None
        if media is not None:
            media.mediaStatusChanged.disconnect(self._on_status)
            media.errorOccurred.disconnect(self._on_error)
            QMetaObject.invokeMethod(media, "stop", _QUEUED)
            media.deleteLater()
        if sink is not None:
            sink.videoFrameChanged.disconnect(self._on_frame)
            sink.deleteLater()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        media = self._media
        if media is None:
            return
        Status = QMediaPlayer.MediaStatus
        if status == Status.InvalidMedia:
            self._finish(Verdict.DAMAGED, f"'{self._name()}' is not a media file, or is cut short.")
        elif status == Status.LoadedMedia:
            if media.hasVideo():
                self._timer.start(round(PROBE_FRAME_TIMEOUT_S * 1000))
                QMetaObject.invokeMethod(media, "play", _QUEUED)
            elif media.hasAudio():
                self._finish(Verdict.AUDIO)
            else:
                self._finish(Verdict.DAMAGED, f"'{self._name()}' has neither sound nor picture.")

    def _on_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if self._source is None or error == QMediaPlayer.Error.NoError:
            return
        failure, sentence = failure_of(error, detail, self._source)
        verdict = {"network": Verdict.NETWORK, "not-found": Verdict.NOT_FOUND}.get(
            failure.value, Verdict.DAMAGED
        )
        self._finish(verdict, sentence)

    def _on_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid() and self._media is not None:
            self._finish(Verdict.VIDEO)

    def _timed_out(self) -> None:
        media = self._media
        if media is None:
            return
        if media.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia,):
            self._finish(Verdict.NETWORK, f"'{self._name()}' did not answer in time.")
        elif media.hasVideo():
            sentence = f"'{self._name()}' cannot be shown here. " + no_picture_sentence(
                media, PROBE_FRAME_TIMEOUT_S
            )
            self._finish(Verdict.UNDECODABLE_VIDEO, sentence)
        else:
            self._finish(Verdict.DAMAGED, f"'{self._name()}' could not be read in time.")

    def _finish_soon(self, verdict: Verdict, message: str) -> None:
        """Answer from the event loop, as for every other file: never inside ``start``."""
        source = self._source
        QTimer.singleShot(
            0, self, lambda: self._finish(verdict, message) if self._source is source else None
        )

    def _finish(self, verdict: Verdict, message: str = "") -> None:
        source, media = self._source, self._media
        if source is None:
            return
        result = ProbeResult(
            source=source,
            verdict=verdict,
            message=message,
            codec=video_codec_name(media) if media is not None else "",
            duration=max(0.0, media.duration() / 1000) if media is not None else 0.0,
            elapsed=time.monotonic() - self._started,
        )
        self.cancel()
        self.finished.emit(result)

    def _name(self) -> str:
        return self._source.name if self._source is not None else ""
