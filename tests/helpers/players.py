"""What the video really does, read from whichever backend plays it: the web page's <video>
element, or the native player's Qt Multimedia player and the frame it last showed."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from tests.helpers.pages import player_eval
from viewer.app.main_window import MainWindow
from viewer.app.player.native import NativePlayer


def backend(window: MainWindow) -> str:
    """``native`` or ``web``: the backend playing the current video."""
    return "native" if isinstance(window.player.active, NativePlayer) else "web"


def video_time(qtbot: QtBot, window: MainWindow) -> float:
    """The time of the picture on screen (native) or the element's currentTime (web)."""
    native = window.player.active
    if isinstance(native, NativePlayer):
        return float(native.last_frame_time if native.last_frame_time is not None else -1.0)
    return float(player_eval(qtbot, window, "document.querySelector('video').currentTime"))


def video_paused(qtbot: QtBot, window: MainWindow) -> bool:
    native = window.player.active
    if isinstance(native, NativePlayer):
        return native.media.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    return bool(player_eval(qtbot, window, "document.querySelector('video').paused"))


def video_loaded(qtbot: QtBot, window: MainWindow) -> bool:
    """The video's metadata is read: its duration is known and it can seek."""
    native = window.player.active
    if isinstance(native, NativePlayer):
        return native.is_ready
    state = player_eval(qtbot, window, "document.querySelector('video')?.readyState") or 0
    return int(state) >= 1
