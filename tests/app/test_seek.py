"""A timestamp click seeks the real video: the bundled WebM, in the real player page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.helpers.pages import click_element, note_eval, wait_for_note
from tests.helpers.players import backend, video_loaded, video_paused, video_time
from viewer.app.main_window import MainWindow

LOCAL_NOTE = "test_pattern_seeking.md"
LOCAL_TITLE = "Test pattern: seeking a local video"


def test_clicking_a_timestamp_seeks_the_local_video_and_plays(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes)
    window.navigator.filter_box.setText("test pattern")
    qtbot.waitUntil(lambda: window.navigator.visible_paths() == ["test_pattern_seeking.md"])
    tree = window.navigator.tree
    rect = tree.visualRect(window.navigator.index_of("test_pattern_seeking.md"))
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for_note(qtbot, window, LOCAL_TITLE)
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    # VP9 in WebM: the native player decodes it, so the native player plays it.
    assert backend(window) == "native"

    href = note_eval(
        qtbot, window, "document.querySelectorAll('a.timestamp')[1].getAttribute('href')"
    )
    assert href == "seek:12"
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:12']")
    # The first frame at the new place reports where it landed: the link's time.
    assert abs(seeked.args[0] - 12.0) <= 0.5

    landed = video_time(qtbot, window)
    assert abs(landed - 12.0) <= 0.5 + 0.5  # at most half a second of playing since then
    # And it plays: the clock moves on by itself.
    qtbot.waitUntil(lambda: video_time(qtbot, window) > landed + 0.3, timeout=5_000)
    assert not video_paused(qtbot, window)
