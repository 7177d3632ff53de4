"""The window as a whole: opening folders, remembering things, reacting to the disk and keys."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from tests.helpers.pages import PAGE_THEME, click_element, note_eval, player_eval, wait_for_note
from tests.helpers.players import video_paused, video_time
from tests.helpers.waits import stays
from viewer.app import application, startup
from viewer.app import theme as theme_module
from viewer.app.main_window import MainWindow
from viewer.app.navigator import PATH_ROLE
from viewer.app.session import Session
from viewer.core.index_cache import IndexCache
from viewer.core.opening import Opening
from viewer.core.places import Places
from viewer.resources import bundled_notes


def test_first_run_opens_the_bundled_notes(qtbot: QtBot, window: MainWindow) -> None:
    startup.open_initial(window, None)
    assert window.folder is not None and window.folder.root == bundled_notes()
    wait_for_note(qtbot, window, "Welcome to Viewer")


def test_a_note_argument_opens_its_folder_at_that_note(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    startup.open_initial(window, Opening(notes / "sourdough_fermentation.md"))
    assert window.folder is not None and window.folder.root == notes
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")


@pytest.mark.allow_log(r"is not a folder")
def test_a_missing_folder_argument_says_so_and_falls_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    startup.open_initial(window, Opening(tmp_path / "nowhere"))
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert [box.windowTitle() for box in boxes] == ["This folder cannot be opened"]
    assert boxes[0].text() == f"'{tmp_path / 'nowhere'}' is not a folder."
    assert window.folder is not None and window.folder.root == bundled_notes()


def test_the_next_start_returns_to_the_last_folder_note_zoom_and_layout(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    first = make_window()
    first.open_folder(notes, "letting_rivers_flood.md")
    first.commands.zoom(+1)
    first.splitter.setSizes([300, 500, 600])
    sizes = first.splitter.sizes()
    first.close()

    second = make_window()
    startup.open_initial(second, None)
    assert second.current == "letting_rivers_flood.md"
    assert second.note_view.zoomFactor() == 1.1
    assert second.splitter.sizes() == sizes
    assert second.settings.recent_folders[0] == notes


def test_recent_folders_menu_lists_and_opens_folders(
    qtbot: QtBot, window: MainWindow, notes: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.md").write_text("# One\n", encoding="utf-8")
    window.open_folder(notes)
    window.open_folder(other)
    window.recent_menu.aboutToShow.emit()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert texts[:2] == [str(other), str(notes)]
    window.recent_menu.actions()[1].trigger()
    assert window.folder is not None and window.folder.root == notes


def test_dropping_a_folder_opens_it(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(notes))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert window.folder is not None and window.folder.root == notes
    assert drop.isAccepted()


def test_the_filter_box_narrows_the_list_and_enter_opens_the_first(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes)
    QTest.keyClicks(window.navigator.filter_box, "sour dough")
    assert window.navigator.visible_paths() == ["sourdough_fermentation.md"]
    QTest.keyClick(window.navigator.filter_box, Qt.Key.Key_Return)
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")
    # Letters typed in the filter are text, not the player's K/J/L keys.
    commands: list[str] = []
    window.player.web.bridge.commandRequested.connect(lambda name, _value: commands.append(name))
    QTest.keyClicks(window.navigator.filter_box, " jkl nothing-like-this")
    assert window.navigator.filter_box.text().endswith(" jkl nothing-like-this")
    assert commands == []
    assert window.navigator.visible_paths() == []
    assert window.navigator.empty.isVisibleTo(window.navigator)


def test_an_edited_note_rerenders_in_place_keeping_the_scroll_position(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "urban_heat_islands.md")
    wait_for_note(qtbot, window, "Cooling Cities: What We Know About Urban Heat Islands")
    note_eval(qtbot, window, "window.scrollTo(0, 400)")
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == 400)

    path = notes / "urban_heat_islands.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("A long public lecture", "An EDITED public lecture"), "utf-8")
    qtbot.waitUntil(
        lambda: (
            "An EDITED public lecture"
            in (note_eval(qtbot, window, "document.body?.innerText") or "")
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == 400, timeout=5_000)


def test_a_closed_window_no_longer_follows_the_disk(
    qtbot: QtBot, window: MainWindow, notes: Path, tmp_path: Path
) -> None:
    window.open_folder(notes, "urban_heat_islands.md")
    wait_for_note(qtbot, window, "Cooling Cities: What We Know About Urban Heat Islands")
    window.close()
    events: list[str] = []
    window.session.noteReloaded.connect(lambda: events.append("note read again"))
    window.session.folderChanged.connect(lambda _folder: events.append("folder read again"))
    # A witness that does follow the folder: a session of its own on the same note.
    witness = Session(IndexCache(tmp_path / "witness.sqlite3"), Places(tmp_path / "w.json"))
    witness.open_folder(notes, "urban_heat_islands.md")
    seen: list[str] = []
    witness.noteReloaded.connect(lambda: seen.append("note read again"))
    witness.folderChanged.connect(lambda _folder: seen.append("folder read again"))
    try:
        (notes / "urban_heat_islands.md").write_text("# Changed\n", encoding="utf-8")
        (notes / "new.md").write_text("# New\n", encoding="utf-8")
        stays(
            qtbot,
            lambda: events == [],
            after=lambda: {"note read again", "folder read again"} <= set(seen),
        )
    finally:
        witness.close()
    assert window.session.note_watcher.files() == []
    assert window.session.folder_watcher.directories() == []


def test_a_note_deleted_while_open_is_reported_not_fatal(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "letting_rivers_flood.md")
    wait_for_note(qtbot, window, "Letting Rivers Flood Again: Floodplain Restoration")
    os.remove(notes / "letting_rivers_flood.md")
    window.reload()
    qtbot.waitUntil(lambda: "no longer" in window.statusBar().currentMessage())
    assert "letting_rivers_flood.md" not in window.folder  # type: ignore[operator]


def test_keyboard_plays_pauses_and_steps(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    window.open_folder(notes, "test_pattern_seeking.md")
    wait_for_note(qtbot, window, "Test pattern: seeking a local video")
    qtbot.waitUntil(lambda: window.player.state.duration > 0, timeout=15_000)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    focus = window.note_view.focusProxy()
    QTest.keyClick(focus, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: video_paused(qtbot, window))
    qtbot.waitUntil(lambda: not window.player.state.playing)  # the app has had the report
    paused_at = video_time(qtbot, window)
    QTest.keyClick(focus, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - (paused_at - 10)) < 0.3)
    QTest.keyClick(focus, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - paused_at) < 0.3)
    QTest.keyClick(focus, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not video_paused(qtbot, window))
    assert window.player.controls.time_label.text().endswith(" / 0:40")


def test_zoom_keys_change_and_reset_the_note_zoom(qtbot: QtBot, window: MainWindow) -> None:
    focus = window.note_view.focusProxy()
    QTest.keyClick(focus, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.note_view.zoomFactor() == 1.1
    QTest.keyClick(focus, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(focus, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.note_view.zoomFactor() == 0.9
    QTest.keyClick(focus, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.note_view.zoomFactor() == 1.0
    assert window.settings.zoom == 1.0


def test_the_note_pane_follows_the_system_colour_scheme(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    background = "getComputedStyle(document.body).backgroundColor"
    assert note_eval(qtbot, window, PAGE_THEME) == "light"
    qtbot.waitUntil(lambda: player_eval(qtbot, window, PAGE_THEME) == "light")
    light = note_eval(qtbot, window, background)
    # The offscreen platform has no system scheme to switch, so the system's answer is
    # replaced and its change signal sent, as a desktop does when the user switches.
    monkeypatch.setattr(theme_module, "system_is_dark", lambda: True)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: note_eval(qtbot, window, PAGE_THEME) == "dark")
    assert note_eval(qtbot, window, background) != light
    # The video pane follows too.
    qtbot.waitUntil(lambda: player_eval(qtbot, window, PAGE_THEME) == "dark")
    assert window.current == "welcome.md"


def test_a_light_or_dark_theme_chosen_in_the_view_menu_wins_over_the_system_and_is_kept(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    window = make_window()
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert note_eval(qtbot, window, PAGE_THEME) == "light"
    light_window = window.palette().window().color().lightness()
    dark = next(a for a in window.theme_menu.actions() if a.objectName() == "theme-dark")
    dark.trigger()
    qtbot.waitUntil(lambda: note_eval(qtbot, window, PAGE_THEME) == "dark")
    qtbot.waitUntil(lambda: player_eval(qtbot, window, PAGE_THEME) == "dark")
    assert window.palette().window().color().lightness() < light_window - 100
    assert dark.isChecked()
    window.close()

    again = make_window()  # a relaunch keeps the choice
    again.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, again, "Welcome to Viewer")
    assert note_eval(qtbot, again, PAGE_THEME) == "dark"
    system = next(a for a in again.theme_menu.actions() if a.objectName() == "theme-system")
    system.trigger()
    qtbot.waitUntil(lambda: note_eval(qtbot, again, PAGE_THEME) == "light")
    assert again.palette().window().color().lightness() == light_window


@pytest.mark.allow_log(r"^running as root: the Chromium sandbox is turned off$")
def test_started_as_root_the_sandbox_is_turned_off_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--mute-audio")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    with caplog.at_level(logging.WARNING, logger="viewer"):
        application.prepare_environment()
    assert "--no-sandbox" in os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    assert "--mute-audio" in os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split()
    assert "sandbox" in caplog.text

    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    application.prepare_environment()
    assert "--no-sandbox" not in os.environ["QTWEBENGINE_CHROMIUM_FLAGS"].split()


def test_the_note_context_menu_offers_copy_but_no_page_navigation(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    proxy = window.note_view.focusProxy()
    QTest.mouseClick(proxy, Qt.MouseButton.RightButton, pos=proxy.rect().center())
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    texts = [action.text().replace("&", "") for action in menu.actions()]
    menu.close()
    assert "Copy" in texts and "Select all" in texts
    assert not {"Back", "Forward", "Reload", "View page source"} & set(texts)


def test_a_note_inside_a_known_folder_opens_in_that_folder(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes)
    window.open_path(notes / "people" / "Mara Lindqvist.md")
    assert window.folder is not None and window.folder.root == notes
    assert window.current == "people/Mara Lindqvist.md"
    wait_for_note(qtbot, window, "Mara Lindqvist")
    # Its links to notes higher up in the folder resolve, and backlinks are listed.
    assert note_eval(qtbot, window, "document.querySelectorAll('a.unresolved').length") == 0
    linked_from = note_eval(
        qtbot,
        window,
        "[...document.querySelectorAll('section.backlinks a')].map(a => a.getAttribute('href'))",
    )
    assert "note:memory_and_spaced_repetition.md" in linked_from


def test_notes_added_to_or_removed_from_the_folder_appear_and_go(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    count = len(window.navigator.visible_paths())
    (notes / "people" / "New Person.md").write_text("# New Person\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(window.navigator.visible_paths()) == count + 1, timeout=5_000)
    assert window.folder is not None and "people/New Person.md" in window.folder
    os.remove(notes / "sourdough_fermentation.md")
    qtbot.waitUntil(lambda: len(window.navigator.visible_paths()) == count, timeout=5_000)
    # The reader's place is kept: the same note, still selected in the list.
    assert window.current == "welcome.md"
    selected = window.navigator.tree.currentIndex().data(PATH_ROLE)
    assert selected == "welcome.md"
