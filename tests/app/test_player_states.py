"""What the video pane shows when there is no video, or one that cannot be played or reached."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.pages import player_eval, wait_for_note
from viewer.app.main_window import MainWindow
from viewer.app.player.native import NativePlayer


def _pane(qtbot: QtBot, window: MainWindow) -> dict[str, str | bool]:
    return player_eval(
        qtbot,
        window,
        "({state: document.body.dataset.state,"
        " title: document.getElementById('status-title').textContent,"
        " message: document.getElementById('status-message').textContent,"
        " button: !document.getElementById('open-in-browser').hidden,"
        " error: viewerPlayer.state().error})",
    )


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_a_note_without_video_shows_a_quiet_empty_state(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "people/Mara Lindqvist.md")
    wait_for_note(qtbot, window, "Mara Lindqvist")
    qtbot.waitUntil(lambda: _pane(qtbot, window)["state"] == "empty")
    pane = _pane(qtbot, window)
    assert pane["title"] == "This note has no video"
    assert pane["error"] is None and pane["button"] is False


def test_a_video_that_cannot_be_played_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "clip.webm").write_bytes(b"this is not a video at all " * 400)
    _write(folder, "note.md", "---\ntitle: Broken clip\nvideo: clip.webm\n---\nText.\n")
    with qtbot.waitSignal(window.player.failed, timeout=15_000) as failed:
        window.open_folder(folder)
    assert failed.args[0] == "damaged"
    assert str(failed.args[1]).startswith(
        "'clip.webm' is not a media file this player can read, or it is cut short ("
    )
    # Neither player can read it: the native one, which tried, says so in the pane.
    player = window.player.active
    assert isinstance(player, NativePlayer)
    assert player.screens.currentWidget() is player.message
    assert player.message.text() == failed.args[1]


def test_youtube_unreachable_shows_the_offline_message_with_a_way_out(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # This machine has no network: the real IFrame API script cannot load.
    folder = tmp_path / "yt"
    folder.mkdir()
    _write(folder, "talk.md", "---\ntitle: A talk\nvideoId: 7-3IxVvWoxc\n---\nText.\n")
    with qtbot.waitSignal(window.player.failed, timeout=20_000) as failed:
        window.open_folder(folder)
    assert failed.args[0] == "offline"
    qtbot.waitUntil(lambda: _pane(qtbot, window)["state"] == "error")
    pane = _pane(qtbot, window)
    assert "YouTube" in str(pane["title"])
    assert pane["button"] is True


def test_the_pane_names_what_is_wrong_with_the_video_and_sees_the_file_arrive(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "late"
    (folder / "media").mkdir(parents=True)
    _write(folder, "note.md", "---\ntitle: Late clip\nvideo: media/late.mp4\n---\nText.\n")
    window.open_folder(folder)
    qtbot.waitUntil(lambda: _pane(qtbot, window)["state"] == "empty")
    pane = _pane(qtbot, window)
    assert pane["title"] == "This note's video can't be used"
    assert pane["message"] == "The video file 'media/late.mp4' does not exist."
    # The file is copied in later: the folder watcher sees it and the video plays.
    shutil.copy(REPO / "tests" / "data" / "media" / "clock-h264.mp4", folder / "media" / "late.mp4")
    qtbot.waitUntil(lambda: window.player.source is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.player.state.duration > 19, timeout=10_000)
    assert window.player.error is None


def test_the_control_bar_shows_only_for_a_note_with_a_video(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    qtbot.waitUntil(lambda: _pane(qtbot, window)["state"] == "empty")
    assert not window.player.controls.isVisible()
    window.open_note("test_pattern_seeking.md")
    qtbot.waitUntil(lambda: window.player.state.duration > 0, timeout=15_000)
    assert window.player.controls.isVisible()
