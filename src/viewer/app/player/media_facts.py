"""What Qt Multimedia tells about a media file, put in words for a person.

Shared by the player and the probe, which must reach the same verdict on the same file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLoggingCategory, QUrl
from PySide6.QtMultimedia import QMediaFormat, QMediaMetaData, QMediaPlayer

from viewer.app.player.base import Failure
from viewer.core.video import VideoSource

#: No frame this long after play, a seek or loading, while the file has a video track, means
#: the picture cannot be decoded: Qt Multimedia plays the sound of an AV1 file and shows
#: nothing, without an error, when its FFmpeg has no AV1 decoder for this machine.
FRAME_TIMEOUT_S = 2.0
#: The probe waits less: it reads from the start, right after a keyframe, without a seek.
PROBE_FRAME_TIMEOUT_S = 1.5

# Qt's FFmpeg backend logs a warning for every file it stops opening: a damaged file, which
# ``errorOccurred`` reports as well (the app shows it in a sentence), and an open the app
# cancels on purpose when the reader moves to another note before the file is read
# ("Immediate exit requested"). Neither is news; both would fill a terminal. QT_LOGGING_RULES
# still turns the category back on.
QLoggingCategory.setFilterRules("qt.multimedia.ffmpeg.mediadataholder.warning=false")


def media_url(source: VideoSource) -> QUrl:
    if source.kind == "file":
        return QUrl.fromLocalFile(source.value)
    return QUrl(source.value)


def video_codec_name(player: QMediaPlayer) -> str:
    codec = player.metaData().value(QMediaMetaData.Key.VideoCodec)
    if isinstance(codec, QMediaFormat.VideoCodec) and codec != QMediaFormat.VideoCodec.Unspecified:
        return QMediaFormat.videoCodecName(codec)
    return ""


def no_picture_sentence(player: QMediaPlayer, waited: float) -> str:
    codec = video_codec_name(player)
    what = f"Its picture is {codec}, which" if codec else "Its picture is in a format that"
    return f"{what} this player cannot decode here; no frame came within {waited:g} s."


def missing_file(source: VideoSource) -> tuple[Failure, str] | None:
    """Why a local file cannot be opened at all, checked before Qt gives a vaguer reason."""
    if source.kind != "file":
        return None
    path = Path(source.value)
    try:
        if path.is_file():
            return None
    except OSError:
        pass
    return Failure.NOT_FOUND, f"The file '{path.name}' does not exist (any more)."


def failure_of(error: QMediaPlayer.Error, detail: str, source: VideoSource) -> tuple[Failure, str]:
    """The failure a Qt Multimedia error stands for, with a sentence that names the file."""
    name = source.name
    Error = QMediaPlayer.Error
    if error == Error.ResourceError and source.kind == "url":
        # FFmpeg says "Could not open file" alike for a refused connection and a 404.
        return (
            Failure.NETWORK,
            f"'{name}' could not be downloaded: the server did not answer, or has no such file.",
        )
    if error == Error.NetworkError:
        return Failure.NETWORK, f"'{name}' could not be downloaded ({detail})."
    if error == Error.AccessDeniedError:
        return Failure.NOT_FOUND, f"'{name}' cannot be read: access is denied."
    if error == Error.FormatError:
        return (
            Failure.DAMAGED,
            f"'{name}' is not a media file this player can read, or it is cut short ({detail}).",
        )
    return Failure.DAMAGED, f"'{name}' cannot be played ({detail or 'no reason given'})."
