"""Local videos and audio in the formats people have, through the real window: the pane probes
each file and plays it in the player that can (the native one for H.264, HEVC, VP9 and audio;
the web one for AV1), with real clicks on the note's timestamps."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.fake_youtube import install_fake_youtube
from tests.helpers.frames import FPS, frame_number
from tests.helpers.pages import click_element, player_eval, wait_for_note
from tests.helpers.players import backend, video_loaded, video_paused, video_time
from viewer.app.main_window import MainWindow
from viewer.app.player.native import NativePlayer

MEDIA = REPO / "tests" / "data" / "media"


def _stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def note_about(folder: Path, clip: str, title: str, extra: str = "") -> Path:
    """A folder with one note about ``clip`` (copied from the test clips) and a plain note."""
    (folder / "media").mkdir(parents=True, exist_ok=True)
    shutil.copy(MEDIA / clip, folder / "media" / clip)
    (folder / "clip.md").write_text(
        f"---\ntitle: {title}\nvideo: media/{clip}\n{extra}---\n\n"
        f"Early {_stamp('00:03')}, between keyframes {_stamp('00:07.3')}, "
        f"late {_stamp('00:13')}.\n",
        encoding="utf-8",
    )
    (folder / "plain.md").write_text("# Plain\n\nNo video.\n", encoding="utf-8")
    return folder


def menu_after_right_click(qtbot: QtBot, widget: QWidget) -> list[str]:
    """The items of the menu a right click on ``widget`` opens (then closed again)."""
    centre = widget.rect().center()
    QTest.mouseClick(widget, Qt.MouseButton.RightButton, pos=centre)
    if not isinstance(widget.parent(), QWebEngineView):
        # A web view makes its menu request from the click itself; for a plain widget the
        # window system follows the click with a context-menu event, which the offscreen
        # platform of the tests does not: send the one it would.
        reason = QContextMenuEvent.Reason.Mouse
        QApplication.sendEvent(
            widget, QContextMenuEvent(reason, centre, widget.mapToGlobal(centre))
        )

    def open_menus() -> list[QMenu]:
        widgets = QApplication.topLevelWidgets()
        return [menu for menu in widgets if isinstance(menu, QMenu) and menu.isVisible()]

    qtbot.waitUntil(lambda: len(open_menus()) == 1)
    menu = open_menus()[0]
    items = [action.text() for action in menu.actions() if not action.isSeparator()]
    menu.close()
    return items


def native(window: MainWindow) -> NativePlayer:
    player = window.player.active
    assert isinstance(player, NativePlayer)
    return player


def test_a_timestamp_click_on_the_bundled_mp4_lands_on_its_frame(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "local_mp4_clock.md")
    wait_for_note(qtbot, window, "Clock: an MP4 file beside the note")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    assert backend(window) == "native"
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:13']")
    assert abs(seeked.args[0] - 13.0) <= 0.2
    player = native(window)
    assert player.last_frame is not None
    # The picture's own time code (read from the frame's pixels) agrees within a frame.
    assert abs(frame_number(player.last_frame) - 13 * FPS) <= 1
    qtbot.waitUntil(lambda: video_time(qtbot, window) > 13.3, timeout=5_000)
    assert not video_paused(qtbot, window)


@pytest.mark.parametrize("clip", ["clock-hevc.mkv", "clock-vp9.webm"])
def test_hevc_and_vp9_play_natively_and_seek_to_the_frame(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, clip: str
) -> None:
    window.open_folder(note_about(tmp_path / "n", clip, "A clip"), "clip.md")
    wait_for_note(qtbot, window, "A clip")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    assert backend(window) == "native"
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:7.3']")
    assert abs(seeked.args[0] - 7.3) <= 0.2
    frame = native(window).last_frame
    assert frame is not None
    assert abs(frame_number(frame) - math.floor(7.3 * FPS)) <= 1


def test_av1_goes_to_the_web_player_which_seeks_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # Qt Multimedia has no AV1 decoder here: the probe finds no picture and the web player,
    # which decodes AV1, plays the file instead.
    window.open_folder(note_about(tmp_path / "n", "clock-av1.webm", "AV1"), "clip.md")
    wait_for_note(qtbot, window, "AV1")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=20_000)
    assert backend(window) == "web"
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:7.3']")
    assert abs(seeked.args[0] - 7.3) <= 0.5
    current = player_eval(qtbot, window, "document.querySelector('video').currentTime")
    assert abs(float(current) - 7.3) <= 0.6
    # The app's own menu, not Chromium's (no Reload, no Save page).
    target = window.player.web.view.focusProxy()
    assert menu_after_right_click(qtbot, target) == [
        "Pause",
        "Speed",
        "Copy Link to Current Moment",
        "Copy Frame",
        "Open Video in Default Player",
        "Fullscreen",
    ]
    # A double-click on the picture goes fullscreen, as on YouTube; Esc leaves.
    QTest.mouseDClick(target, Qt.MouseButton.LeftButton, pos=target.rect().center())
    qtbot.waitUntil(window.isFullScreen)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())


@pytest.mark.parametrize("clip", ["ticks.mp3", "ticks.m4a"])
def test_an_audio_note_shows_its_title_and_seeks(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, clip: str
) -> None:
    window.open_folder(note_about(tmp_path / "n", clip, "A podcast"), "clip.md")
    wait_for_note(qtbot, window, "A podcast")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    player = native(window)
    assert player.screens.currentWidget() is player.title  # no black rectangle
    assert player.title.text() == "A podcast"
    assert menu_after_right_click(qtbot, player) == [
        "Play",
        "Speed",
        "Copy Link to Current Moment",
        "Open Video in Default Player",
    ]
    assert len(window.player.controls.seek_bar.marks) == 3
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:13']")
    assert abs(seeked.args[0] - 13.0) <= 0.2
    qtbot.waitUntil(lambda: window.player.state.current_time > 13.2, timeout=5_000)


def test_subtitles_beside_the_video_appear_at_their_time_and_c_hides_them(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "local_mp4_clock.md")
    wait_for_note(qtbot, window, "Clock: an MP4 file beside the note")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    player = native(window)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:7']")
    qtbot.waitUntil(lambda: player.cue.isVisible(), timeout=3_000)
    assert player.cue.text() == "The second cue, from six to eight seconds"
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_C)
    qtbot.waitUntil(lambda: not player.cue.isVisible(), timeout=3_000)
    assert window.player.flash.text() == "Subtitles off"
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_C)
    qtbot.waitUntil(lambda: player.cue.isVisible(), timeout=3_000)


def test_a_damaged_file_says_so_in_the_pane(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = note_about(tmp_path / "n", "damaged.mp4", "Damaged")
    with qtbot.waitSignal(window.player.failed, timeout=15_000) as failed:
        window.open_folder(folder, "clip.md")
    assert failed.args[0] == "damaged"
    player = native(window)
    assert player.screens.currentWidget() is player.message
    assert player.message.text() == failed.args[1]
    wait_for_note(qtbot, window, "Damaged")  # its page on screen, the timestamp in it
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Can't play from 0:03"))


def test_switching_between_youtube_an_mp4_and_audio_leaves_nothing_playing_behind(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    folder = note_about(tmp_path / "n", "clock-h264.mp4", "MP4")
    shutil.copy(MEDIA / "ticks.mp3", folder / "media" / "ticks.mp3")
    (folder / "audio.md").write_text(
        f"---\ntitle: Audio\nvideo: media/ticks.mp3\n---\nAt {_stamp('00:05')}.\n", "utf-8"
    )
    (folder / "yt.md").write_text(
        f"---\ntitle: YouTube\nvideoId: AAAAAAAAAAA\n---\nAt {_stamp('00:05')}.\n", "utf-8"
    )
    window.open_folder(folder, "clip.md")
    wait_for_note(qtbot, window, "MP4")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    mp4_player = native(window)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(lambda: not video_paused(qtbot, window), timeout=5_000)

    window.open_note("yt.md")
    wait_for_note(qtbot, window, "YouTube")
    qtbot.waitUntil(lambda: backend(window) == "web" and window.player.is_ready, timeout=10_000)
    stopped = QMediaPlayer.PlaybackState.StoppedState
    qtbot.waitUntil(lambda: mp4_player.media.playbackState() == stopped, timeout=5_000)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:5']")
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)

    window.open_note("audio.md")
    wait_for_note(qtbot, window, "Audio")
    qtbot.waitUntil(
        lambda: backend(window) == "native" and video_loaded(qtbot, window), timeout=10_000
    )
    # The YouTube player was unloaded: the web page shows no video, its fake player is gone.
    qtbot.waitUntil(
        lambda: player_eval(qtbot, window, "viewerPlayer.state().kind") == "none", timeout=5_000
    )
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:5']")
    qtbot.waitUntil(lambda: not video_paused(qtbot, window), timeout=5_000)
    audio_player = native(window)

    window.open_note("plain.md")
    wait_for_note(qtbot, window, "Plain")
    qtbot.waitUntil(lambda: audio_player.media.playbackState() == stopped, timeout=5_000)
    assert backend(window) == "web"
