"""Find in the note (Ctrl+F), the quick switcher (Ctrl+P), and links that follow the folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.pages import note_eval, wait_for_note
from viewer.app.main_window import MainWindow


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def highlighted_pixels(window: MainWindow) -> int:
    """How many pixels of the note pane have the colour Chromium marks found text with."""
    image: QImage = window.note_view.grab().toImage()
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = QColor(image.pixel(x, y))
            if colour.red() > 200 and colour.green() > 120 and colour.blue() < 80:
                count += 1
    return count


def test_ctrl_f_finds_in_the_note_with_a_count_enter_moves_and_esc_clears(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "sourdough_fermentation.md")
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")
    bar = window.find_bar
    assert not bar.isVisible()
    window.note_view.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible()
    assert focused() is bar.box
    text = note_eval(qtbot, window, "document.body.innerText")
    total = text.casefold().count("dough")
    assert total >= 3
    QTest.keyClicks(focused(), "dough")
    qtbot.waitUntil(lambda: bar.count.text() == f"1 of {total}", timeout=5_000)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == f"2 of {total}", timeout=5_000)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == f"3 of {total}", timeout=5_000)
    QTest.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bar.count.text() == f"2 of {total}", timeout=5_000)
    # The same note rendered again keeps the search.
    window.display.rerender()
    qtbot.waitUntil(lambda: bar.count.text() == f"1 of {total}", timeout=5_000)
    qtbot.waitUntil(lambda: highlighted_pixels(window) > 20, timeout=5_000)
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert bar.count.text() == ""
    qtbot.waitUntil(lambda: highlighted_pixels(window) == 0, timeout=5_000)
    # Esc closed the bar only: the window is not in fullscreen, the note is the same.
    assert window.current == "sourdough_fermentation.md"


def test_find_says_when_nothing_matches(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.find_bar.open_bar()
    QTest.keyClicks(window.find_bar.box, "zebra crossing")
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "No matches", timeout=5_000)


def test_ctrl_p_opens_a_note_by_a_fuzzy_query(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    (notes / "ai").mkdir()
    (notes / "ai" / "models.md").write_text("# Model architectures in AI\n", encoding="utf-8")
    (notes / "meddle.md").write_text("# Meddling with marching bands\n", encoding="utf-8")
    (notes / "alias.md").write_text(
        "---\ntitle: Naïve Bayes\naliases: [Café Classifier]\n---\nText.\n", encoding="utf-8"
    )
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.note_view.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    switcher = window.switcher
    assert switcher.isVisible()
    assert focused() is switcher.query
    QTest.keyClicks(focused(), "mdl arch")
    qtbot.waitUntil(switcher.settled)  # ranked between events, after the keys
    assert switcher.shown_paths()[0] == "ai/models.md"
    assert "sourdough_fermentation.md" not in switcher.shown_paths()
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert not switcher.isVisible()
    wait_for_note(qtbot, window, "Model architectures in AI")

    # By an alias, with the accents left out; the arrows move; Esc closes without opening.
    QTest.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "cafe class")
    qtbot.waitUntil(switcher.settled)
    assert switcher.shown_paths() == ["alias.md"]
    # The alias that matched is shown beside the title.
    assert switcher.results.item(0).text() == "Naïve Bayes  (Café Classifier)"
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert not switcher.isVisible()
    assert window.current == "ai/models.md"

    QTest.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(focused(), "people")
    qtbot.waitUntil(switcher.settled)
    assert switcher.shown_paths() == ["people/Daniel Osei.md", "people/Mara Lindqvist.md"]
    QTest.keyClick(focused(), Qt.Key.Key_Down)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    wait_for_note(qtbot, window, "Mara Lindqvist")


def test_ctrl_l_still_goes_to_the_notes_filter(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.note_view.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.navigator.filter_box


def link_class(qtbot: QtBot, window: MainWindow) -> str | None:
    """The class of the note's wiki link; ``None`` while the page is being loaded again."""
    found = note_eval(qtbot, window, "document.querySelector('a.wikilink')?.className")
    return None if found is None else str(found)


def backlinks(qtbot: QtBot, window: MainWindow) -> list[str]:
    script = (
        "[...document.querySelectorAll('section.backlinks a')].map(a => a.getAttribute('href'))"
    )
    return list(note_eval(qtbot, window, script) or [])


def test_a_note_created_renamed_and_removed_updates_the_open_notes_links(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "reading.md").write_text(
        "# Reading\n\nSee [[Brand New Idea]].\n\n" + "Filler paragraph.\n\n" * 80,
        encoding="utf-8",
    )
    window.open_folder(folder, "reading.md")
    wait_for_note(qtbot, window, "Reading")
    assert link_class(qtbot, window) == "wikilink unresolved"
    note_eval(qtbot, window, "window.scrollTo(0, 300)")
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == 300)

    (folder / "Brand New Idea.md").write_text("# Brand New Idea\n\nFrom [[Reading]].\n", "utf-8")
    qtbot.waitUntil(lambda: link_class(qtbot, window) == "wikilink", timeout=5_000)
    qtbot.waitUntil(lambda: backlinks(qtbot, window) == ["note:Brand%20New%20Idea.md"])
    # Rendered again where the reader was.
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == 300)
    assert window.current == "reading.md"

    # Renamed: the link finds it by its title, at its new path.
    os.rename(folder / "Brand New Idea.md", folder / "renamed.md")
    qtbot.waitUntil(lambda: backlinks(qtbot, window) == ["note:renamed.md"], timeout=5_000)
    href = "document.querySelector('a.wikilink')?.getAttribute('href')"
    qtbot.waitUntil(lambda: note_eval(qtbot, window, href) == "note:renamed.md")

    os.remove(folder / "renamed.md")
    qtbot.waitUntil(lambda: backlinks(qtbot, window) == [], timeout=5_000)
    qtbot.waitUntil(lambda: link_class(qtbot, window) == "wikilink unresolved", timeout=5_000)
