"""The window's hand-offs to the desktop and its help: Open in Editor (Ctrl+E), Show in File
Manager, Help › Keyboard Shortcuts (F1, ?) and Preferences. Real window, real keys; the
editor is a real program that records how it was started."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from tests.helpers.browser import UrlCatcher
from tests.helpers.pages import PAGE_THEME, note_eval, wait_for_note
from tests.helpers.talk import open_talk
from viewer.app.main_window import MainWindow
from viewer.app.preferences_dialog import PreferencesDialog
from viewer.app.shortcuts_dialog import ShortcutsDialog, keys_text


def _recorder(tmp_path: Path) -> tuple[Path, Path]:
    """An editor that writes the arguments it was started with to a file."""
    record = tmp_path / "editor-args.json"
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport json, os, sys\n"
        f"open({str(record)!r} + '.part', 'w').write(json.dumps(sys.argv[1:]))\n"
        f"os.replace({str(record)!r} + '.part', {str(record)!r})\n",  # whole, or not yet
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


def test_open_in_editor_starts_the_command_from_preferences_at_the_passage_on_screen(
    qtbot: QtBot, window: MainWindow, talk: Path, tmp_path: Path
) -> None:
    script, record = _recorder(tmp_path)
    window.settings.editor = f"'{script}' --line {{line}} {{file}}"
    open_talk(qtbot, window, talk)
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(record.exists, timeout=10_000)
    arguments = json.loads(record.read_text(encoding="utf-8"))
    # The top of the note: its first passage, "## Part 1", on the file's line 6.
    assert arguments == ["--line", "6", str(talk / "talk.md")]
    assert window.status.currentMessage() == "Opened talk.md in the editor (line 6)"


def test_an_editor_that_cannot_start_is_named_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, talk: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-editor"
    window.settings.editor = f"{missing} {{file}}"
    open_talk(qtbot, window, talk)
    window.actions_by_name["open_in_editor"].trigger()
    said = f"The editor “{missing}” could not be started: check Preferences."
    qtbot.waitUntil(lambda: window.status.currentMessage() == said, timeout=5_000)


def test_without_an_editor_command_the_note_goes_to_the_systems_application(
    qtbot: QtBot, window: MainWindow, talk: Path, desktop_files: UrlCatcher
) -> None:
    open_talk(qtbot, window, talk)
    window.actions_by_name["open_in_editor"].trigger()
    qtbot.waitUntil(lambda: bool(desktop_files.urls), timeout=5_000)
    assert desktop_files.urls == [QUrl.fromLocalFile(str(talk / "talk.md")).toString()]


def test_show_in_file_manager_without_a_desktop_bus_opens_the_notes_folder(
    qtbot: QtBot,
    window: MainWindow,
    talk: Path,
    desktop_files: UrlCatcher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No session bus here (as on CI): the folder itself is opened, the way any desktop can.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + os.devnull)
    open_talk(qtbot, window, talk)
    window.actions_by_name["show_in_file_manager"].trigger()
    assert desktop_files.urls == [QUrl.fromLocalFile(str(talk)).toString()]


def _open_dialog(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier) -> ShortcutsDialog:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    return dialog


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier),
    ],
)
def test_the_shortcuts_screen_lists_every_command_with_keys_as_the_window_has_them(
    qtbot: QtBot,
    window: MainWindow,
    talk: Path,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier,
) -> None:
    open_talk(qtbot, window, talk)
    window.note_view.setFocus()
    dialog = _open_dialog(qtbot, key, modifier)
    rows = dialog.rows()
    # Made from the window's own actions: each one with keys is there, with those keys.
    for action in window.actions():
        if action.shortcuts():
            words = action.text().replace("&", "").rstrip("…")
            keys = keys_text(action.shortcuts())
            assert any(row[1] == words and row[2] == keys for row in rows), (words, keys)
    assert ("Playback", "Play / Pause", "K, Space") in rows
    assert ("File", "Open in Editor", "Ctrl+E") in rows
    assert ("File", "Quit", "Ctrl+Q") in rows  # not the Exit key of special keyboards
    assert ("Playback", "Faster", ">") in rows  # Shift+> is the same key
    assert ("In the video pane", "Back 5 s", "Left") in rows
    assert ("In the video pane", "Volume up 5%", "Up") in rows
    assert ("In the find bar", "Previous match", "Shift+Enter") in rows
    QTest.keyClicks(dialog.filter, "zoom")
    assert [row[1] for row in dialog.rows()] == ["Zoom In", "Zoom Out"]
    dialog.reject()


def test_preferences_choose_the_theme_and_the_editor_and_cancel_changes_nothing(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    window.actions_by_name["preferences"].trigger()
    dialog = window.commands.dialog
    assert isinstance(dialog, PreferencesDialog)
    qtbot.waitExposed(dialog)
    dark = dialog.findChild(QDialog, None)  # no nested dialog
    assert dark is None
    QTest.mouseClick(dialog.themes.buttons()[2], Qt.MouseButton.LeftButton)  # Dark
    dialog.editor.clear()
    QTest.keyClicks(dialog.editor, "gedit +{line} {file}")
    dialog.reject()
    assert window.settings.theme == "system" and window.settings.editor == ""

    window.actions_by_name["preferences"].trigger()
    dialog = window.commands.dialog
    QTest.mouseClick(dialog.themes.buttons()[2], Qt.MouseButton.LeftButton)
    QTest.keyClicks(dialog.editor, "gedit +{line} {file}")
    dialog.accept()
    assert window.settings.theme == "dark" and window.settings.editor == "gedit +{line} {file}"
    qtbot.waitUntil(lambda: note_eval(qtbot, window, PAGE_THEME) == "dark")
    wait_for_note(qtbot, window, "The clock talk")


def test_the_theme_read_from_a_note_page_between_two_documents_is_none_and_throws_nothing(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    # A theme chosen in Preferences renders the note again; the test above reads the page's
    # theme meanwhile, which may find the page between two documents, with no document
    # element. The read gives None then, and the page logs no error (which fails a test).
    open_talk(qtbot, window, talk)
    assert note_eval(qtbot, window, PAGE_THEME) == "light"
    assert note_eval(qtbot, window, "document.documentElement.remove(), null") is None
    assert note_eval(qtbot, window, "document.documentElement") is None
    assert note_eval(qtbot, window, PAGE_THEME) is None
