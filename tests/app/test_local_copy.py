"""A note with a YouTube video and a local copy of it, through the real window: the copy plays
when YouTube cannot (no network here; the fake YouTube refusing to be embedded), on the same
time base; the reader's choice between the two is kept across a relaunch."""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.fake_youtube import install_fake_youtube
from tests.helpers.frames import FPS, frame_number
from tests.helpers.pages import click_element, player_eval, wait_for_note
from tests.helpers.players import backend
from tests.helpers.talk import playing_passage, stamp
from viewer.app import startup
from viewer.app.main_window import MainWindow
from viewer.app.player.native import NativePlayer
from viewer.core.copy_choices import CopyChoices
from viewer.core.video import VideoSource

CLIP = REPO / "tests" / "data" / "media" / "clock-h264.mp4"  # 20 s, its frame number in binary


def paired_note(tmp_path: Path, video_id: str) -> Path:
    """A folder with a note about ``video_id`` whose local copy is the clock clip."""
    folder = tmp_path / "paired"
    (folder / "media").mkdir(parents=True)
    shutil.copy(CLIP, folder / "media" / "talk.mp4")
    filler = " ".join(["The speaker goes on about the matter at hand."] * 40)
    (folder / "talk.md").write_text(
        f"---\ntitle: The paired talk\nvideoId: {video_id}\nvideo: media/talk.mp4\n---\n\n"
        f"First {stamp('00:03')}.\n\n{filler}\n\nThen {stamp('00:13')}.\n\n{filler}\n",
        encoding="utf-8",
    )
    return folder


def with_fake_youtube(qtbot: QtBot, window: MainWindow) -> None:
    install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)


def youtube_calls(qtbot: QtBot, window: MainWindow) -> list[list[Any]]:
    return player_eval(qtbot, window, "(window.__fakeYouTube || {calls: []}).calls") or []


def action(window: MainWindow, name: str) -> QAction:
    return window.actions_by_name[name]


def shown_frame(window: MainWindow) -> int:
    """The frame number of the picture the native player shows (-1 before any)."""
    native = window.player.active
    assert isinstance(native, NativePlayer)
    return -1 if native.last_frame is None else frame_number(native.last_frame)


@pytest.mark.parametrize(
    ("video_id", "fake", "notice"),
    [
        # No network here: YouTube's real player script cannot load.
        ("7-3IxVvWoxc", False, "YouTube can't be reached — playing the local copy media/talk.mp4"),
        # The fake YouTube answers error 150 for this id: embedding refused by the owner.
        ("EMBEDBLOCKD", True, "YouTube doesn't allow this video to play here — playing the "
                              "local copy media/talk.mp4"),
        # 152: YouTube could not tell which app embeds it.
        ("IDENTITY152", True, "YouTube refused to play this video here — playing the local "
                              "copy media/talk.mp4"),
    ],
    ids=["offline", "embedding-refused", "identity-refused"],
)  # fmt: skip
def test_when_youtube_cannot_play_the_local_copy_plays_and_the_pane_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, video_id: str, fake: bool, notice: str
) -> None:
    if fake:
        with_fake_youtube(qtbot, window)
    folder = paired_note(tmp_path, video_id)
    window.open_folder(folder)
    wait_for_note(qtbot, window, "The paired talk")
    qtbot.waitUntil(lambda: window.player.notice_text == notice, timeout=20_000)
    assert window.player.notice_line.isVisible()
    qtbot.waitUntil(lambda: backend(window) == "native" and window.player.is_ready, timeout=15_000)
    assert window.player.source == VideoSource("file", str(folder / "media" / "talk.mp4"))
    assert window.player.error is None
    qtbot.waitUntil(lambda: 19 < window.player.state.duration < 21, timeout=10_000)
    # The note's own marks are on the copy's seek bar.
    qtbot.waitUntil(lambda: len(window.player.controls.seek_bar.marks) == 2, timeout=5_000)
    assert action(window, "play_local_copy").isChecked()
    assert (
        action(window, "play_local_copy").isEnabled() and action(window, "play_youtube").isEnabled()
    )

    # A timestamp lands at its time in the copy: the picture shows the frame of 0:13.
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as landed:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:13']")
    assert landed.args[0] == pytest.approx(13.0, abs=1 / FPS)
    assert abs(shown_frame(window) - 13 * FPS) <= 1
    assert window.statusBar().currentMessage() == "Playing from 0:13"
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    # And the note follows the copy: the passage of 0:13 is the one playing.
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:13", timeout=5_000)


def test_the_copy_takes_over_where_youtube_was_asked_to_go(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # A timestamp clicked while YouTube is still failing: the copy plays from that time.
    with_fake_youtube(qtbot, window)
    folder = paired_note(tmp_path, "NOTFOUND100")  # removed: YouTube's error 100
    window.open_folder(folder)
    wait_for_note(qtbot, window, "The paired talk")
    window.seek(13.0)
    qtbot.waitUntil(lambda: backend(window) == "native", timeout=15_000)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=10_000)
    assert window.player.notice_text == (
        "YouTube no longer has this video — playing the local copy media/talk.mp4"
    )
    assert window.player.state.current_time >= 13.0
    qtbot.waitUntil(lambda: shown_frame(window) >= 13 * FPS - 1, timeout=5_000)


def test_the_readers_choice_of_the_copy_is_kept_across_a_relaunch(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    with_fake_youtube(qtbot, window)
    folder = paired_note(tmp_path, "7-3IxVvWoxc")
    window.open_folder(folder)
    wait_for_note(qtbot, window, "The paired talk")
    qtbot.waitUntil(
        lambda: ["Player", "yt-player", "7-3IxVvWoxc"] in youtube_calls(qtbot, window),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)  # the fake's
    assert action(window, "play_youtube").isChecked()
    assert action(window, "play_youtube").isEnabled()
    assert window.player.notice_text == ""
    window.player.seek(7.0, play=False)
    qtbot.waitUntil(lambda: ["seekTo", 7, True] in youtube_calls(qtbot, window), timeout=5_000)

    action(window, "play_local_copy").trigger()  # Playback › Play Local Copy
    qtbot.waitUntil(lambda: backend(window) == "native", timeout=15_000)
    # Where YouTube was, on the same time base: the copy's picture shows the frame of 0:07.
    qtbot.waitUntil(lambda: window.player.state.duration > 19, timeout=10_000)
    qtbot.waitUntil(lambda: math.isclose(window.player.position(), 7.0), timeout=10_000)
    qtbot.waitUntil(lambda: abs(shown_frame(window) - 7 * FPS) <= 1, timeout=10_000)
    assert not window.player.state.playing
    assert action(window, "play_local_copy").isChecked()
    assert window.player.notice_text == ""  # chosen, not a failure: nothing to explain
    assert CopyChoices().plays_copy(folder / "talk.md")

    window.close()  # a relaunch: the note opens on its copy, where the reader was
    again = make_window()
    with_fake_youtube(qtbot, again)
    startup.open_initial(again, None)
    wait_for_note(qtbot, again, "The paired talk")
    qtbot.waitUntil(lambda: backend(again) == "native", timeout=15_000)
    qtbot.waitUntil(lambda: abs(shown_frame(again) - 7 * FPS) <= 1, timeout=10_000)
    assert action(again, "play_local_copy").isChecked()
    assert ["Player", "yt-player", "7-3IxVvWoxc"] not in youtube_calls(qtbot, again)

    action(again, "play_youtube").trigger()  # and back: YouTube from the same moment
    qtbot.waitUntil(
        lambda: ["Player", "yt-player", "7-3IxVvWoxc"] in youtube_calls(qtbot, again),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: again.player.state.duration == 3600, timeout=10_000)
    qtbot.waitUntil(
        lambda: math.isclose(again.player.state.current_time, 7.0, abs_tol=0.5), timeout=5_000
    )
    assert backend(again) == "web" and action(again, "play_youtube").isChecked()
    assert not CopyChoices().plays_copy(folder / "talk.md")


def test_the_pair_is_offered_only_for_a_note_with_a_copy(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    folder = paired_note(tmp_path, "7-3IxVvWoxc")
    (folder / "alone.md").write_text(
        "---\ntitle: Alone\nvideoId: 7-3IxVvWoxc\n---\nNo copy.\n", encoding="utf-8"
    )
    window.open_folder(folder, "alone.md")
    wait_for_note(qtbot, window, "Alone")
    assert not action(window, "play_youtube").isEnabled()
    assert not action(window, "play_local_copy").isEnabled()
    window.open_note("talk.md")
    wait_for_note(qtbot, window, "The paired talk")
    qtbot.waitUntil(lambda: action(window, "play_local_copy").isEnabled(), timeout=5_000)
