"""The YouTube path end to end, with the IFrame API served by a named fake (no network here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.app.conftest import click_element, player_eval, wait_for_note
from tests.app.fake_youtube import install_fake_youtube
from viewer.app.main_window import MainWindow


def _calls(qtbot: QtBot, window: MainWindow) -> list[list[Any]]:
    return player_eval(qtbot, window, "(window.__fakeYouTube || {calls: []}).calls") or []


def test_timestamp_click_reaches_the_youtube_player_as_seek_to(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    redirect = install_fake_youtube(window.player_profile)
    window.player.reload_player()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    sample = Path(__file__).resolve().parents[3] / "shared" / "samples"
    window.open_folder(sample if sample.is_dir() else tmp_path)
    wait_for_note(qtbot, window, "Model architectures in AI")
    qtbot.waitUntil(
        lambda: (
            ["Player", "yt-host", "7-3IxVvWoxc"] in _calls(qtbot, window)
            or any(call[0] == "Player" for call in _calls(qtbot, window))
        ),
        timeout=10_000,
    )
    assert redirect.redirected == 1

    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:163']")
    qtbot.waitUntil(lambda: ["seekTo", 163, True] in _calls(qtbot, window), timeout=5_000)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    players = [call for call in _calls(qtbot, window) if call[0] == "Player"]
    assert len(players) == 1 and players[0][2] == "7-3IxVvWoxc"
