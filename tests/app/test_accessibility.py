"""Accessibility: every control has a name a screen reader can say (read through Qt's
accessibility interfaces, as a screen reader's bridge reads them), and the whole window can be
used with the keyboard alone: Tab goes through it in reading order, F6 from pane to pane.

Timestamps in the note are named "Play from 2:43" for screen readers by their ``aria-label``,
read here from the page: walking QtWebEngine's own accessibility tree through PySide crashes
(a segmentation fault in ``QAccessibleInterface.child``), so the page's part is read from the
DOM that Chromium builds that tree from.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.pages import note_eval, wait_for_note
from viewer.app.main_window import MainWindow

CLOCK = "Clock: an MP4 file beside the note"


def spoken(widget: QWidget | None) -> tuple[str, str]:
    """What a screen reader says for ``widget``: its accessible name and description."""
    assert widget is not None
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid()
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def open_clock(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    window.open_folder(notes, "local_mp4_clock.md")
    wait_for_note(qtbot, window, CLOCK)
    qtbot.waitUntil(lambda: window.player.state.duration > 1, timeout=15_000)
    qtbot.waitUntil(lambda: len(window.player.controls.seek_bar.marks) == 4, timeout=15_000)
    qtbot.waitUntil(lambda: window.transcript_pane.list.isVisible(), timeout=15_000)


def test_every_control_on_screen_has_a_name(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    open_clock(qtbot, window, notes)
    controls = [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    named = {spoken(widget)[0] for widget in controls}
    unnamed = [type(widget).__name__ for widget in controls if not spoken(widget)[0]]
    # The one exception: the page's own drawing surface inside the note view, which Chromium
    # names with the page (the view around it is "Note").
    assert unnamed in ([], ["QWidget"]), unnamed
    print("named controls:", sorted(named))
    assert {
        "Filter notes", "Notes", "Play", "Seek bar", "Speed", "Mute", "Volume",
        "Fullscreen", "Pop Out Video", "Find in transcript", "Previous match", "Next match",
        "Transcript",
    } <= named  # fmt: skip
    assert spoken(window.note_view)[0] == "Note"
    # On Linux Qt names a combo box by its value (the name is a label's relation there).
    assert spoken(window.navigator.sort_box)[0] == "Title"
    assert window.navigator.sort_box.accessibleName() == "Sort notes"
    bar = window.player.controls
    assert spoken(bar.play_button) == ("Play", "Play (K)")
    assert spoken(bar.seek_bar)[1] == "0:00 of 0:20, 4 timestamps"
    assert spoken(window.player.active) == ("Video", "")


def test_the_controls_say_what_they_do_now(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    open_clock(qtbot, window, notes)
    bar = window.player.controls
    window.seek(12.0)
    qtbot.waitUntil(lambda: spoken(bar.play_button) == ("Pause", "Pause (K)"), timeout=10_000)
    qtbot.waitUntil(lambda: spoken(bar.seek_bar)[1].startswith("0:13 of 0:20"), timeout=10_000)
    QTest.mouseClick(bar.mute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: spoken(bar.mute_button) == ("Unmute", "Unmute (M)"))


def test_timestamps_are_named_play_from_their_time(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_clock(qtbot, window, notes)
    named = note_eval(
        qtbot,
        window,
        "[...document.querySelectorAll('a.timestamp[href]')]"
        ".map(a => [a.textContent, a.getAttribute('aria-label')])",
    )
    assert len(named) >= 3
    assert all(label == f"Play from {text}" for text, label in named), named


def test_tab_goes_through_the_window_in_reading_order_and_f6_leaves_the_note(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_clock(qtbot, window, notes)
    window.navigator.filter_box.setFocus()

    def tab(times: int) -> list[str]:
        names = []
        for _ in range(times):
            names.append(spoken(QApplication.focusWidget())[0])
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        return names

    assert tab(3) == ["Filter notes", "Title", "Notes"]
    qtbot.waitUntil(lambda: window.note_view.isAncestorOf(QApplication.focusWidget()))
    # Within the note, Tab goes from link to link; F6 goes on to the next pane.
    window.keymap.built.actions["next_pane"].trigger()
    assert tab(11) == [
        "Play", "Seek bar", "Speed", "Mute", "Volume", "Fullscreen", "Pop Out Video",
        "Find in transcript", "Previous match", "Next match", "Transcript",
    ]  # fmt: skip
    assert spoken(QApplication.focusWidget())[0] == "Filter notes"  # round again
    # F6 and Shift+F6 from pane to pane, wherever the keyboard is.
    actions = window.keymap.built.actions
    actions["next_pane"].trigger()
    qtbot.waitUntil(lambda: window.note_view.isAncestorOf(QApplication.focusWidget()))
    actions["previous_pane"].trigger()
    assert spoken(QApplication.focusWidget())[0] == "Notes"
    actions["previous_pane"].trigger()
    assert spoken(QApplication.focusWidget())[0] == "Transcript"
    actions["previous_pane"].trigger()
    assert spoken(QApplication.focusWidget())[0] == "Play"
