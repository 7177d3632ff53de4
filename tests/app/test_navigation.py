"""Links in the real note pane, clicked with the real mouse: notes, history, the outside world."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.helpers.browser import UrlCatcher
from tests.helpers.pages import click_element, note_eval, wait_for_note
from viewer.app.main_window import MainWindow
from viewer.app.note_view import Decision


def test_wiki_link_opens_the_note_and_back_and_forward_return(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")

    click_element(qtbot, window.note_view, "a.wikilink[href='note:practical_type_systems.md']")
    wait_for_note(qtbot, window, "Gradual Typing in Practice")
    assert window.current == "practical_type_systems.md"
    assert window.windowTitle() == "Gradual Typing in Practice — notes — Viewer"
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()

    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert window.forward_action.isEnabled()

    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    wait_for_note(qtbot, window, "Gradual Typing in Practice")


def test_mouse_back_button_goes_back(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    click_element(qtbot, window.note_view, "a.wikilink[href='note:people/Daniel%20Osei.md']")
    wait_for_note(qtbot, window, "Daniel Osei")

    proxy = window.note_view.focusProxy()
    QTest.mouseClick(proxy, Qt.MouseButton.BackButton, pos=proxy.rect().center())
    wait_for_note(qtbot, window, "Welcome to Viewer")


def test_a_link_to_a_heading_opens_the_note_there(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "urban_heat_islands.md")
    wait_for_note(qtbot, window, "Cooling Cities: What We Know About Urban Heat Islands")
    click_element(qtbot, window.note_view, "a.wikilink[href^='note:letting_rivers_flood.md#']")
    qtbot.waitUntil(lambda: window.current == "letting_rivers_flood.md")
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") > 0, timeout=5_000)


def _open_at_start(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Path:
    """A folder whose start note links to a heading far down another note, opened."""
    folder = tmp_path / "headings"
    folder.mkdir()
    (folder / "start.md").write_text(
        "# Start\n\n[by path](other.md#Some%20Heading) and [[other#Some Heading|by name]]\n",
        encoding="utf-8",
    )
    filler = "\n\n".join(f"Paragraph {n}, far from the heading." for n in range(80))
    (folder / "other.md").write_text(
        f"# Other\n\n{filler}\n\n## Some Heading\n\nThe part a link points at.\n\n{filler}\n",
        encoding="utf-8",
    )
    window.open_folder(folder, "start.md")
    wait_for_note(qtbot, window, "Start")
    return folder


@pytest.mark.parametrize(("position", "text"), [(1, "by path"), (2, "by name")])
def test_a_link_to_a_heading_by_its_text_scrolls_the_note_to_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, position: int, text: str
) -> None:
    """A link names a heading as written; the page's ids are slugs of it."""
    _open_at_start(qtbot, window, tmp_path)
    selector = f"a.wikilink:nth-of-type({position})"
    assert note_eval(qtbot, window, f"document.querySelector({selector!r}).text") == text
    click_element(qtbot, window.note_view, selector)
    wait_for_note(qtbot, window, "Other")
    assert window.current == "other.md"
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") > 1000, timeout=5_000)
    # At the top of the view, less the margin the stylesheet keeps above a jumped-to element.
    top, margin = note_eval(
        qtbot,
        window,
        "(h => [h.getBoundingClientRect().top, parseFloat(getComputedStyle(h).scrollMarginTop)])"
        "(document.getElementById('some-heading'))",
    )
    assert margin > 0
    assert abs(top - margin) < 1


def test_a_note_opened_at_a_heading_still_rerenders_when_its_file_changes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The page's address holds the heading; loading it again without one is a new page."""
    folder = _open_at_start(qtbot, window, tmp_path)
    click_element(qtbot, window.note_view, "a.wikilink")
    wait_for_note(qtbot, window, "Other")
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") > 1000, timeout=5_000)
    scrolled = note_eval(qtbot, window, "window.scrollY")

    other = folder / "other.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nAn EDITED ending.\n", "utf-8")
    qtbot.waitUntil(
        lambda: "An EDITED ending." in (note_eval(qtbot, window, "document.body?.innerText") or ""),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == scrolled)


def test_unresolved_link_says_so_in_the_status_bar(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "sourdough_fermentation.md")
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")
    click_element(qtbot, window.note_view, "a.wikilink.unresolved")
    qtbot.waitUntil(lambda: "Fermented Vegetables" in window.statusBar().currentMessage())
    assert "no note" in window.statusBar().currentMessage().lower()
    assert window.current == "sourdough_fermentation.md"


def test_external_link_goes_to_the_system_browser_not_the_page(
    qtbot: QtBot, window: MainWindow, notes: Path, browser: UrlCatcher
) -> None:
    window.open_folder(notes, "urban_heat_islands.md")
    wait_for_note(qtbot, window, "Cooling Cities: What We Know About Urban Heat Islands")
    decisions: list[Decision] = []
    window.note_view.note_page.navigationDecided.connect(lambda _url, what: decisions.append(what))

    click_element(qtbot, window.note_view, "a.external[href='https://www.epa.gov/heatislands']")
    qtbot.waitUntil(lambda: browser.urls == ["https://www.epa.gov/heatislands"])
    assert decisions == [Decision.EXTERNAL]
    # The note is still there: the page did not navigate away.
    assert note_eval(qtbot, window, "location.href").startswith("viewer-file://notes/")
    assert window.current == "urban_heat_islands.md"


def test_own_video_link_seeks_in_place(
    qtbot: QtBot, window: MainWindow, notes: Path, browser: UrlCatcher
) -> None:
    window.open_folder(notes, "urban_heat_islands.md")
    wait_for_note(qtbot, window, "Cooling Cities: What We Know About Urban Heat Islands")
    with qtbot.waitSignal(window.note_view.note_page.seekRequested) as seek:
        click_element(qtbot, window.note_view, "a.video-link")
    assert seek.args == [2270.0]
    assert browser.urls == []


def test_back_returns_to_where_the_reader_was_in_the_note(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    note_eval(qtbot, window, "window.scrollTo(0, 250)")
    qtbot.waitUntil(lambda: window.note_view.scroll_y() == 250)
    window.open_note("people/Daniel Osei.md")
    wait_for_note(qtbot, window, "Daniel Osei")
    window.go_back()
    wait_for_note(qtbot, window, "Welcome to Viewer")
    qtbot.waitUntil(lambda: note_eval(qtbot, window, "window.scrollY") == 250, timeout=5_000)
