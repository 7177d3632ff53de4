"""The first minutes in the window, started the way the `viewer` command starts it: the note
opened before the player exists, the keys where a newcomer types them, the status bar telling
the truth about the note on screen. Real window, real clips, real clicks and keys."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.pages import click_element, note_eval, wait_for_note
from tests.helpers.players import video_paused, video_time
from tests.helpers.talk import click_in_list, in_view, open_talk, playing_passage, scroll_y, stamp
from tests.helpers.windows import close_all, left_at
from viewer.app import startup
from viewer.app.main_window import MainWindow
from viewer.app.navigator import PATH_ROLE
from viewer.app.settings import Settings
from viewer.core.places import Place, Places

Launch = Callable[[], MainWindow]


@pytest.fixture
def places_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "places.json"


@pytest.fixture
def launch(
    qapp: QApplication, qtbot: QtBot, settings_dir: Path, places_file: Path
) -> Iterator[Launch]:
    """Start a window as `viewer` does when its last note's page is not in the cache (the
    start's open_initial): shown, then the last note opened
    at once, while the player is still to be made."""
    windows: list[MainWindow] = []

    def start() -> MainWindow:
        window = MainWindow(Settings(), places=Places(places_file))
        window.show()
        startup.open_initial(window, None)
        windows.append(window)
        return window

    yield start
    close_all(qapp, windows)


def _saved(places_file: Path, note: Path) -> Place | None:
    return Places(places_file).get(note)


def test_a_relaunch_resumes_the_video_paused_at_the_saved_time_and_keeps_it_saved(
    qtbot: QtBot, launch: Launch, talk: Path, places_file: Path
) -> None:
    Settings().remember_session(talk, "talk.md")
    left_at(places_file, talk / "talk.md", 21.0)
    window = launch()
    # Before the video has loaded, the place is the saved one, not the player's 0:00.
    assert window.here() is not None and window.here().time == 21.0  # type: ignore[union-attr]
    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: window.player.state.duration > 39, timeout=15_000)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - 21.0) <= 0.1, timeout=10_000)
    assert video_paused(qtbot, window)
    window.close()
    saved = _saved(places_file, talk / "talk.md")
    assert saved is not None and abs(saved.time - 21.0) <= 0.1, saved


def test_quitting_before_the_video_has_loaded_keeps_the_saved_place(
    qtbot: QtBot, launch: Launch, talk: Path, places_file: Path
) -> None:
    Settings().remember_session(talk, "talk.md")
    left_at(places_file, talk / "talk.md", 21.0, 0.5)
    window = launch()
    window.close()  # at once: nothing has loaded
    assert _saved(places_file, talk / "talk.md") == Place(21.0, 0.5)


def test_the_keys_work_from_the_start_k_plays_and_nothing_is_typed_into_the_filter(
    qtbot: QtBot, launch: Launch, talk: Path
) -> None:
    Settings().remember_session(talk, "talk.md")
    window = launch()
    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: window.player.state.duration > 39, timeout=15_000)
    # The note has the keys: its page's widget, which takes the view's focus.
    assert QApplication.focusWidget() is window.note_view.focusProxy()
    for key in (Qt.Key.Key_K, Qt.Key.Key_J, Qt.Key.Key_K):
        QTest.keyClick(QApplication.focusWidget(), key)
    assert window.navigator.filter_box.text() == ""
    assert window.navigator.visible_paths() == ["other.md", "talk.md"]
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    assert window.current == "talk.md"


def test_find_in_the_note_holds_following_so_the_match_stays_on_screen(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:20", timeout=5_000)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.find_bar.box, "Late")
    qtbot.waitUntil(lambda: window.find_bar.result == (1, 1), timeout=5_000)
    qtbot.waitUntil(lambda: in_view(qtbot, window, "seek:45"), timeout=5_000)  # the match
    at_match = scroll_y(qtbot, window)
    # The video goes on into the next passage: the view stays on the match.
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:22", timeout=5_000)
    assert scroll_y(qtbot, window) == at_match
    QTest.keyClick(window.find_bar.box, Qt.Key.Key_Return)  # next match: the same one
    assert window.follow.following is False


def test_the_open_notes_file_renamed_is_followed_and_the_window_stays_as_it_was(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    title = window.windowTitle()
    (talk / "talk.md").rename(talk / "the-talk.md")
    qtbot.waitUntil(lambda: window.current == "the-talk.md", timeout=10_000)
    wait_for_note(qtbot, window, "The clock talk")
    assert window.windowTitle() == title
    assert window.navigator.visible_paths() == ["other.md", "the-talk.md"]
    assert window.navigator.tree.currentIndex().data(PATH_ROLE) == "the-talk.md"
    assert window.status.currentMessage() == "'talk.md' was renamed to 'the-talk.md'."
    assert window.settings.last_note == "the-talk.md"


def test_the_open_note_deleted_says_so_in_its_place_and_keeps_the_list(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    (talk / "talk.md").unlink()
    qtbot.waitUntil(
        lambda: (
            note_eval(qtbot, window, "document.querySelector('h1')?.textContent")
            == "This note is gone"
        ),
        timeout=10_000,
    )
    text = note_eval(qtbot, window, "document.querySelector('article').innerText")
    assert "talk.md is no longer in the folder: it was moved or deleted." in text
    assert window.navigator.visible_paths() == ["other.md"]
    assert window.windowTitle() == "talk — Viewer"


def _two_notes_one_video(talk: Path) -> None:
    (talk / "big.md").write_text(
        "---\ntitle: Big picture\nvideo: media/clock.webm\n---\n\n## Chapter A\n\n"
        f"Early {stamp('00:03')}. Later {stamp('00:30')}.\n",
        encoding="utf-8",
    )


def test_notes_about_the_same_video_each_keep_their_own_time(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    _two_notes_one_video(talk)
    window.session.places.remember(talk / "big.md", Place(30.0, 0.0))
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    qtbot.waitUntil(lambda: window.status.section.text() == "Part 2", timeout=5_000)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= 20.0, timeout=5_000)  # on screen
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)
    qtbot.waitUntil(lambda: video_paused(qtbot, window), timeout=5_000)
    talk_time = video_time(qtbot, window)

    click_in_list(window, "Big picture")
    wait_for_note(qtbot, window, "Big picture")
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - 30.0) <= 0.1, timeout=10_000)
    assert video_paused(qtbot, window)
    # Its own chapter, never the other note's.
    qtbot.waitUntil(lambda: window.status.section.text() == "Chapter A", timeout=5_000)

    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - talk_time) <= 0.1, timeout=10_000)


def test_a_place_is_kept_as_a_share_of_the_note_and_lands_on_the_same_passage_when_zoomed(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    note_eval(qtbot, window, "document.querySelectorAll('h2')[2].scrollIntoView()")  # Part 3
    qtbot.waitUntil(lambda: scroll_y(qtbot, window) > 500)
    qtbot.waitUntil(lambda: window.note_view.scroll_fraction() > 0.3)  # the view knows it too
    click_in_list(window, "Other")
    wait_for_note(qtbot, window, "Other")
    place = window.session.places.get(talk / "talk.md")
    assert place is not None and 0.3 < place.scroll < 0.7, place
    for _ in range(3):  # 150 %: every line holds fewer words, the note is longer
        QTest.keyClick(
            window.note_view.focusProxy(), Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier
        )
    assert window.note_view.zoomFactor() == 1.5
    click_in_list(window, "The clock talk")
    wait_for_note(qtbot, window, "The clock talk")
    part_3_top = "document.querySelectorAll('h2')[2].getBoundingClientRect().top"
    qtbot.waitUntil(lambda: scroll_y(qtbot, window) > 500, timeout=5_000)
    top = note_eval(qtbot, window, part_3_top)
    height = note_eval(qtbot, window, "innerHeight")
    assert -height / 4 <= top <= height / 4, (top, height)


def test_the_link_clicked_does_not_cover_what_its_click_said_until_the_pointer_leaves_it(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    page = window.note_view.page()
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    qtbot.waitUntil(lambda: window.status.currentMessage() == "Playing from 0:20")
    # Chromium reports the pointer on the link as it pleases, at times only after the click
    # was acted on: that report, made here by hand, must not cover what the click said.
    page.linkHovered.emit("seek:20")
    assert window.status.currentMessage() == "Playing from 0:20"
    # Once the pointer has left the link and come back, the link says what it does again.
    page.linkHovered.emit("")
    page.linkHovered.emit("seek:20")
    assert window.status.currentMessage() == "Play from 0:20"
    page.linkHovered.emit("")
    assert window.status.currentMessage() == "Playing from 0:20"


def test_status_messages_go_with_the_note_and_the_playback_they_describe(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    _two_notes_one_video(talk)
    open_talk(qtbot, window, talk)
    said: list[str] = []
    window.status.messageChanged.connect(said.append)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    # The pointer leaves the note: a link under it (another than the one clicked, as the note
    # follows the video) says what it does over what was said, for as long as it is there.
    QTest.mouseMove(window.status)
    qtbot.waitUntil(lambda: "Playing from 0:20" in said)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_K)
    # Said for 3 s; taken back as soon as the video stops.
    qtbot.waitUntil(lambda: window.status.currentMessage() == "", timeout=1_000)

    window.seek(45.0)  # past the end: a sentence about this note
    assert window.status.currentMessage() == "0:45 is past the end of the video (0:40)."
    click_in_list(window, "Big picture")
    wait_for_note(qtbot, window, "Big picture")
    assert window.status.currentMessage() == ""


def test_a_players_error_goes_when_another_note_shows(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    (talk / "broken.md").write_text(
        "---\ntitle: Broken\nvideo: media/missing.mp4\n---\n\nNothing plays.\n", encoding="utf-8"
    )
    shutil.copy(talk / "media" / "clock.webm", talk / "media" / "missing.mp4")
    (talk / "media" / "missing.mp4").write_bytes(b"not a video at all" * 100)
    with qtbot.waitSignal(window.player.failed, timeout=15_000) as failed:
        window.open_folder(talk, "broken.md")
    assert window.status.currentMessage() == failed.args[1]
    click_in_list(window, "The clock talk")
    wait_for_note(qtbot, window, "The clock talk")
    assert window.status.currentMessage() == ""


def test_the_first_window_fits_the_screen_it_opens_on(
    qtbot: QtBot, launch: Launch, talk: Path
) -> None:
    window = launch()
    room = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= room.width()
    assert window.frameGeometry().height() <= room.height()
