"""Deep links to a moment: the app copies one for the note on screen, and opening one (as
another launch hands it over, see viewer.app.single_instance) shows that note playing from
that moment, in the window that is open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.helpers.pages import wait_for_note
from tests.helpers.players import video_time
from tests.helpers.talk import open_talk
from viewer.app.main_window import MainWindow
from viewer.core.opening import SCHEME, Opening, read_opening


def test_the_copied_viewer_link_names_the_note_and_the_moment_on_screen(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    window.playback.player.seek(22.0, play=False)
    qtbot.waitUntil(lambda: abs(window.player.position() - 22.0) < 0.5, timeout=10_000)
    window.actions_by_name["copy_app_link"].trigger()
    link = QGuiApplication.clipboard().text()
    assert link.startswith(f"{SCHEME}://open?path=")
    assert read_opening(link) == Opening(talk / "talk.md", 22.0)


def test_a_link_opens_its_note_in_the_open_window_playing_from_its_moment(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    (talk / "other.md").write_text("---\ntitle: Another note\n---\nNo video here.\n")
    window.open_folder(talk, "other.md")
    wait_for_note(qtbot, window, "Another note")
    window.session.history.clear()
    window.open_note("other.md")

    assert window.open_at(Opening(talk / "talk.md", 25.0))

    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=15_000)
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= 25.2, timeout=15_000)
    assert video_time(qtbot, window) < 30
    # A visit within the folder, not a new start: Back returns to the note before.
    assert window.session.history.can_go_back()


def test_a_link_to_a_note_outside_the_open_folder_opens_that_folder(
    qtbot: QtBot, window: MainWindow, talk: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "a.md").write_text("---\ntitle: Elsewhere\n---\nText.\n")
    open_talk(qtbot, window, talk)

    assert window.open_at(Opening(other / "a.md"))

    wait_for_note(qtbot, window, "Elsewhere")
    assert window.session.folder is not None and window.session.folder.root == other
