"""The video in a window of its own, through the real window: playback goes on through the
move out and back (the native player's frames keep coming, the web player's page is not
loaded again), the keys work from the video's window, keep on top is set on it, and all of
it is remembered across a relaunch."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.fake_youtube import install_fake_youtube
from tests.helpers.frames import frame_number
from tests.helpers.pages import player_eval, wait_for_note
from tests.helpers.talk import open_talk, playing_passage
from viewer.app.main_window import MainWindow
from viewer.app.player.base import PlayerState
from viewer.app.player.native import NativePlayer
from viewer.app.pop_out import VideoWindow

OnTop = Qt.WindowType.WindowStaysOnTopHint


def video_window(window: MainWindow) -> VideoWindow:
    assert window.pop_out.window is not None
    return window.pop_out.window


class Times:
    """Every time the player reports, from now on."""

    def __init__(self, window: MainWindow) -> None:
        self.seen: list[float] = []
        window.player.stateChanged.connect(self._seen)

    def _seen(self, state: PlayerState) -> None:
        self.seen.append(state.current_time)

    def since(self, start: int) -> list[float]:
        return self.seen[start:]


def playing_on(qtbot: QtBot, window: MainWindow, past: float) -> None:
    """Wait until the video plays past ``past`` seconds."""
    qtbot.waitUntil(
        lambda: window.player.state.playing and window.player.state.current_time > past,
        timeout=10_000,
    )


def test_a_local_video_plays_on_through_popping_out_and_back(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    native = window.player.active
    assert isinstance(native, NativePlayer)
    source = native.media.source()
    window.seek(2.0)
    playing_on(qtbot, window, 3.0)
    times = Times(window)
    seeks: list[float] = []
    window.player.seeked.connect(seeks.append)

    window.actions_by_name["pop_out"].trigger()  # View › Pop Out Video
    popped = video_window(window)
    assert window.pop_out.active and popped.isVisible()
    assert window.player.window() is popped and window.player.isVisible()
    assert window.actions_by_name["pop_out"].isChecked()
    assert window.player.controls.pop_out_button.isChecked()
    assert window.player.controls.pop_out_button.toolTip() == "Put Video Back (I)"
    # The note and its transcript stay in the main window; this note has no transcript, so
    # the player's column, empty, gives its room to the note.
    assert window.display.window() is window and window.transcript_pane.window() is window
    assert not window.column.isVisible()
    # The note follows the video in its window: the passage of 0:05 comes up.
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:5", timeout=10_000)
    at = window.player.state.current_time
    # The picture goes on in its new window: new frames, later ones, a second of them.
    qtbot.waitUntil(lambda: (native.last_frame_time or 0) > at + 1.0, timeout=10_000)
    assert native.last_frame is not None and frame_number(native.last_frame) > at * 25
    playing_on(qtbot, window, at + 1.0)

    popped.close()  # closing the video's window puts the video back
    assert not window.pop_out.active and not popped.isVisible()
    assert window.player.window() is window and window.player.isVisible()
    assert window.column.isVisible() and window.column.widget(0) is window.player
    assert not window.actions_by_name["pop_out"].isChecked()
    at = window.player.state.current_time
    qtbot.waitUntil(lambda: (native.last_frame_time or 0) > at + 1.0, timeout=10_000)
    playing_on(qtbot, window, at + 1.0)

    # Never a restart: every time reported went on from the last, none went back to 0, and
    # the same file played throughout, with no seek.
    seen = times.since(0)
    assert seen[0] > 3.0 and seen[-1] - seen[0] > 1.5
    assert all(later >= earlier for earlier, later in itertools.pairwise(seen))
    assert native.media.source() == source and seeks == []
    assert window.player.state.playing


def test_the_transcript_stays_in_the_main_window(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "local_mp4_clock.md")  # the clip has a transcript beside it
    wait_for_note(qtbot, window, "Clock: an MP4 file beside the note")
    qtbot.waitUntil(lambda: window.transcript_pane.isVisible(), timeout=10_000)
    sizes = window.splitter.sizes()
    window.pop_out.set(True)
    assert window.transcript_pane.isVisible() and window.transcript_pane.window() is window
    assert window.column.isVisible() and window.column.count() == 1
    # The transcript has the column to itself, a narrower one: the note takes the rest.
    assert window.transcript_pane.height() > window.column.height() - 10
    side, note, column = window.splitter.sizes()
    assert side == sizes[0] and note > sizes[1] and column < sizes[2]
    assert note + column == sizes[1] + sizes[2]
    window.pop_out.set(False)
    assert [window.column.widget(index) for index in range(2)] == [
        window.player,
        window.transcript_pane,
    ]
    assert window.player.height() > 0 and window.transcript_pane.isVisible()
    assert window.splitter.sizes() == sizes


def test_youtube_plays_on_through_popping_out_and_back_without_a_reload(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    folder = tmp_path / "yt"
    folder.mkdir()
    (folder / "talk.md").write_text(
        "---\ntitle: A talk\nvideoId: 7-3IxVvWoxc\n---\nText.\n", encoding="utf-8"
    )
    window.open_folder(folder)
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    window.seek(100.0)
    playing_on(qtbot, window, 100.5)
    # A mark left in the page: a page loaded again would not have it.
    player_eval(qtbot, window, "(window.__beforePopOut = 'here')")
    loads: list[bool] = []
    window.player.web.view.loadStarted.connect(lambda: loads.append(True))
    times = Times(window)

    QTest.mouseClick(window.player.controls.pop_out_button, Qt.MouseButton.LeftButton)
    assert window.pop_out.active
    at = window.player.state.current_time
    playing_on(qtbot, window, at + 1.0)
    QTest.mouseClick(window.player.controls.pop_out_button, Qt.MouseButton.LeftButton)
    assert not window.pop_out.active
    at = window.player.state.current_time
    playing_on(qtbot, window, at + 1.0)

    assert player_eval(qtbot, window, "window.__beforePopOut") == "here"
    assert loads == []
    calls: list[list[Any]] = player_eval(qtbot, window, "window.__fakeYouTube.calls")
    assert [call for call in calls if call[0] == "Player"] == [
        ["Player", "yt-player", "7-3IxVvWoxc"]
    ]
    seen = times.since(0)
    assert seen[0] > 100 and all(later >= earlier for earlier, later in itertools.pairwise(seen))


def test_the_keys_work_from_the_videos_window(qtbot: QtBot, window: MainWindow, talk: Path) -> None:
    open_talk(qtbot, window, talk)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_I)  # YouTube's miniplayer key
    assert window.pop_out.active
    popped = video_window(window)
    popped.activateWindow()  # the reader clicks into the video's window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is popped, timeout=5_000)
    bar = window.player.controls
    bar.seek_bar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.seek_bar)

    QTest.keyClick(bar.seek_bar, Qt.Key.Key_K)  # a key of the main window's menus
    playing_on(qtbot, window, 0.5)
    at = window.player.state.current_time
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        QTest.keyClick(bar.seek_bar, Qt.Key.Key_L)  # forward 10 s
    assert window.player.state.current_time >= at + 9.5
    QTest.keyClick(bar.seek_bar, Qt.Key.Key_Right)  # the video pane's own key: forward 5 s
    qtbot.waitUntil(lambda: window.player.state.current_time >= at + 14.5, timeout=10_000)

    QTest.keyClick(bar.seek_bar, Qt.Key.Key_F)  # fullscreen: the video's window fills it
    qtbot.waitUntil(lambda: popped.isFullScreen(), timeout=5_000)
    assert not window.isFullScreen() and window.display.isVisible()
    QTest.keyClick(QApplication.focusWidget() or bar.seek_bar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popped.isFullScreen(), timeout=5_000)

    QTest.keyClick(bar.seek_bar, Qt.Key.Key_I)  # and back
    assert not window.pop_out.active and window.player.window() is window
    assert window.player.state.playing


def test_keep_on_top_and_the_videos_window_are_remembered_across_a_relaunch(
    qtbot: QtBot, make_window: Callable[[], MainWindow], talk: Path
) -> None:
    window = make_window()
    open_talk(qtbot, window, talk)
    on_top = window.actions_by_name["keep_on_top"]
    assert not on_top.isEnabled()  # nothing to keep on top while the video is in its column
    window.pop_out.set(True)
    popped = video_window(window)
    assert on_top.isEnabled() and window.player.controls.on_top_button.isVisible()
    place = QRect(60, 70, 560, 340)  # within the offscreen platform's 800 x 600 screen
    popped.setGeometry(place)
    qtbot.waitUntil(lambda: popped.geometry() == place)
    QTest.mouseClick(window.player.controls.on_top_button, Qt.MouseButton.LeftButton)
    assert on_top.isChecked() and window.player.controls.on_top_button.isChecked()
    handle = popped.windowHandle()
    assert handle is not None and handle.flags() & OnTop  # what the window system is told
    assert popped.windowFlags() & OnTop and popped.isVisible()  # shown all along
    assert not window.windowFlags() & OnTop

    window.close()  # a relaunch: the video opens in its own window, where it was, on top
    again = make_window()
    assert again.pop_out.active
    popped = video_window(again)
    qtbot.waitExposed(popped)
    assert popped.geometry() == place
    handle = popped.windowHandle()
    assert handle is not None and handle.flags() & OnTop
    assert again.actions_by_name["pop_out"].isChecked()
    assert again.actions_by_name["keep_on_top"].isChecked()
    open_talk(qtbot, again, talk)  # the note's video plays there
    assert again.player.window() is popped

    again.actions_by_name["keep_on_top"].trigger()
    assert not handle.flags() & OnTop and not popped.windowFlags() & OnTop
    again.actions_by_name["pop_out"].trigger()  # back in the main window, also next time
    assert not again.pop_out.active
    assert again.column.isVisible() and again.column.width() >= 280
    assert again.settings.pop_out is False and again.settings.pop_out_on_top is False
