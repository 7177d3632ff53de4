"""The video and the note aware of each other: the control bar's marks, follow-along, resume,
speed, fullscreen, honest states and links to a moment. The real window, the bundled WebM
(a 40-second clock) and real mouse clicks and keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.helpers.browser import UrlCatcher
from tests.helpers.pages import click_element, note_eval, player_eval, settled, wait_for_note
from tests.helpers.players import video_paused, video_time
from tests.helpers.talk import (
    click_in_list,
    in_view,
    open_talk,
    playing_passage,
    scroll_y,
    stamp,
)
from tests.helpers.waits import play_for, stays
from viewer.app import startup
from viewer.app.main_window import MainWindow


def test_the_seek_bar_marks_every_timestamp_and_a_click_on_one_seeks_and_shows_its_passage(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    bar = window.player.controls.seek_bar
    assert [(mark.seconds, mark.label) for mark in bar.marks] == [
        (5.0, "0:05"),
        (20.0, "0:20"),
        (22.0, "0:22"),
        (30.0, "0:30"),
        (45.0, "0:45"),
    ]
    assert bar.marks[1].excerpt == "Passage 2 is said here."
    assert not in_view(qtbot, window, "seek:30")

    x = bar.x_of(30.0)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=QPoint(x, bar.height() // 2))
    assert abs(seeked.args[0] - 30.0) <= 0.5
    assert abs(video_time(qtbot, window) - 30.0) <= 0.5
    qtbot.waitUntil(lambda: in_view(qtbot, window, "seek:30"), timeout=5_000)
    assert playing_passage(qtbot, window) == "seek:30"
    assert window.status.section.text() == "Part 4"


def test_while_playing_the_passage_of_the_latest_timestamp_is_highlighted_and_moves_on(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    assert playing_passage(qtbot, window) is None  # before the first timestamp
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= 20.9, timeout=5_000)
    assert not video_paused(qtbot, window)
    assert playing_passage(qtbot, window) == "seek:20"
    assert window.status.section.text() == "Part 2"
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= 22.3, timeout=5_000)
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:22", timeout=2_000)
    assert window.status.section.text() == "Part 3"
    assert in_view(qtbot, window, "seek:22")


def test_a_scroll_by_hand_is_not_undone_while_following_pauses(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:20", timeout=5_000)
    qtbot.waitUntil(lambda: in_view(qtbot, window, "seek:20"), timeout=5_000)  # followed
    top = scroll_y(qtbot, window)
    # At once, the reader turns the wheel three notches up, towards the start of the note:
    # right after a scroll of the app's own, and still theirs.
    target = window.note_view.focusProxy()
    centre = QPointF(target.width() / 2, target.height() / 2)
    wheel = QWheelEvent(
        centre,
        target.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, 3 * 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, wheel)
    qtbot.waitUntil(lambda: scroll_y(qtbot, window) < top - 100, timeout=3_000)
    by_hand = scroll_y(qtbot, window)
    # The window has been told of the scroll (it reads the same position).
    qtbot.waitUntil(lambda: window.note_view.scroll_y() == by_hand, timeout=3_000)
    # The video passes 0:22: the highlight moves, the page stays where the reader put it,
    # also in the frames after the move (a smooth scroll would have begun in them).
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:22", timeout=5_000)
    stays(
        qtbot,
        lambda: scroll_y(qtbot, window) == by_hand and not in_view(qtbot, window, "seek:22"),
        after=settled(qtbot, window.note_view.page()),
    )


def test_follow_off_highlights_without_scrolling(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    window.follow_action.trigger()
    assert window.settings.follow is False
    open_talk(qtbot, window, talk)
    window.seek(30.0)
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:30", timeout=5_000)
    # Marked in place: in the frames after the mark, the page has not moved.
    stays(
        qtbot, lambda: scroll_y(qtbot, window) == 0, after=settled(qtbot, window.note_view.page())
    )


def _pause_at(qtbot: QtBot, window: MainWindow, href: str) -> float:
    """Play from the timestamp ``href``, and pause once the video is a little past it."""
    click_element(qtbot, window.note_view, f"a.timestamp[href='{href}']")
    qtbot.waitUntil(lambda: not video_paused(qtbot, window), timeout=5_000)
    past = float(href.removeprefix("seek:")) + 0.4
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= past, timeout=5_000)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_K)
    qtbot.waitUntil(lambda: video_paused(qtbot, window), timeout=5_000)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)
    return video_time(qtbot, window)


def test_back_and_forward_and_a_relaunch_return_to_the_time_and_place_of_the_visit(
    qtbot: QtBot, make_window: Callable[[], MainWindow], talk: Path
) -> None:
    window = make_window()
    open_talk(qtbot, window, talk)
    paused_at = _pause_at(qtbot, window, "seek:20")
    note_eval(qtbot, window, "window.scrollTo(0, 900)")
    qtbot.waitUntil(lambda: scroll_y(qtbot, window) == 900)

    click_in_list(window, "Other")  # the note stays scrolled where the reader left it
    wait_for_note(qtbot, window, "Other")
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - paused_at) <= 1.0, timeout=10_000)
    assert video_paused(qtbot, window)
    qtbot.waitUntil(lambda: scroll_y(qtbot, window) == 900, timeout=5_000)

    window.close()  # a relaunch: a new window reopens the last note where the reader was
    again = make_window()
    startup.open_initial(again, None)
    wait_for_note(qtbot, again, "The clock talk")
    qtbot.waitUntil(lambda: abs(video_time(qtbot, again) - paused_at) <= 1.0, timeout=10_000)
    assert video_paused(qtbot, again)
    qtbot.waitUntil(lambda: scroll_y(qtbot, again) == 900, timeout=5_000)


def test_speed_keys_make_the_video_run_twice_as_fast_and_are_remembered(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "h2")  # the reader is in the note
    focus = window.note_view.focusProxy()
    for _ in range(4):  # 1 -> 1.25 -> 1.5 -> 1.75 -> 2, YouTube's Shift+.
        QTest.keyClick(focus, Qt.Key.Key_Greater, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.player.state.rate == 2.0, timeout=5_000)
    assert window.player.flash.isVisible() and window.player.flash.text() == "2×"
    assert window.player.controls.speed_button.text() == "2×"
    assert window.settings.rate == 2.0
    window.seek(5.0)
    qtbot.waitUntil(lambda: not video_paused(qtbot, window), timeout=5_000)
    qtbot.waitUntil(lambda: video_time(qtbot, window) > 5.2, timeout=5_000)  # under way
    start = video_time(qtbot, window)
    elapsed = play_for(qtbot, 2.0)
    advanced = video_time(qtbot, window) - start
    assert 2.0 * elapsed * 0.85 <= advanced <= 2.0 * elapsed * 1.15 + 0.3, (advanced, elapsed)
    QTest.keyClick(focus, Qt.Key.Key_Less, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.player.state.rate == 1.75, timeout=5_000)


def test_fullscreen_enters_with_f_or_the_button_and_leaves_with_esc(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "h2")  # the reader is in the note
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_F)
    qtbot.waitUntil(window.isFullScreen)
    assert not window.note_view.isVisible() and not window.navigator.isVisible()
    assert window.player.isVisible()
    # Esc, wherever the keyboard is now that the note is hidden.
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.note_view.isVisible() and window.navigator.isVisible()

    # The control bar's button does the same.
    bar = window.player.controls
    QTest.mouseClick(bar.fullscreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.isFullScreen)
    QTest.mouseClick(bar.fullscreen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_a_timestamp_past_the_end_says_so(qtbot: QtBot, window: MainWindow, talk: Path) -> None:
    open_talk(qtbot, window, talk)
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:45']")
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "0:45 is past the end of the video (0:40).",
        timeout=5_000,
    )


def _context_menu_action(qtbot: QtBot, window: MainWindow, selector: str, text: str) -> None:
    """A real right click on ``selector`` in the note, then the menu's item called ``text``."""
    point = click_element(qtbot, window.note_view, selector)  # scrolls it into view
    target = window.note_view.focusProxy()
    QTest.mouseClick(target, Qt.MouseButton.RightButton, pos=point)

    def open_menus() -> list[QMenu]:
        widgets = QApplication.topLevelWidgets()
        return [menu for menu in widgets if isinstance(menu, QMenu) and menu.isVisible()]

    qtbot.waitUntil(lambda: len(open_menus()) == 1)
    menu = open_menus()[0]
    actions = [action for action in menu.actions() if action.text() == text]
    assert actions, [action.text() for action in menu.actions()]
    actions[0].trigger()
    menu.close()


def test_a_timestamp_copies_a_link_to_its_moment_in_the_notes_own_format(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    _context_menu_action(qtbot, window, "a.timestamp[href='seek:22']", "Copy Link to This Moment")
    assert QGuiApplication.clipboard().text() == (
        '<a class="yt-timestamp" data-t="00:22:00">[00:22:00]</a>'
    )
    window.seek(30.0)
    qtbot.waitUntil(lambda: window.player.state.current_time >= 30, timeout=5_000)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)
    at = int(window.player.state.current_time)
    window.playback.copy_current_moment()
    assert QGuiApplication.clipboard().text() == (
        f'<a class="yt-timestamp" data-t="00:{at:02d}:00">[00:{at:02d}:00]</a>'
    )


def test_offline_a_timestamp_says_it_cannot_play_and_the_browser_opens_at_that_moment(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, browser: UrlCatcher
) -> None:
    # No network here: YouTube's real player script cannot load.
    folder = tmp_path / "yt"
    folder.mkdir()
    (folder / "talk.md").write_text(
        f"---\ntitle: A talk\nvideoId: 7-3IxVvWoxc\n---\nSaid here {stamp('02:43:00')}.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.player.failed, timeout=20_000) as failed:
        window.open_folder(folder)
    assert failed.args[0] == "offline"
    wait_for_note(qtbot, window, "A talk")
    _context_menu_action(qtbot, window, "a.timestamp[href='seek:163']", "Copy Link to This Moment")
    assert QGuiApplication.clipboard().text() == "https://youtu.be/7-3IxVvWoxc?t=163"

    click_element(qtbot, window.note_view, "a.timestamp[href='seek:163']")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Can't play from 2:43"))
    window.player.open_in_browser()
    assert browser.urls == ["https://www.youtube.com/watch?v=7-3IxVvWoxc&t=163s"]


def test_a_theme_sent_to_a_player_page_between_two_documents_is_left_for_the_next(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    # The window's theme reaches the web player's page over its channel; arriving while the
    # page has no document element (between two documents), it waits for the next page,
    # which is built with it, and nothing throws (the log checker fails the test on a page's
    # error).
    open_talk(qtbot, window, talk)
    assert player_eval(qtbot, window, "document.documentElement.remove(), null") is None
    assert player_eval(qtbot, window, "document.documentElement") is None
    window.player.web.set_theme("dark")
    assert player_eval(qtbot, window, "'after'") == "after"  # the page has had the request
