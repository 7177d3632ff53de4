"""A folder opened before opens from the index at once, then catches up with the disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.helpers.pages import wait_for_note
from viewer.app.main_window import MainWindow

URBAN = "urban_heat_islands.md"
URBAN_TITLE = "Cooling Cities: What We Know About Urban Heat Islands"


def titles(window: MainWindow) -> dict[str, str]:
    assert window.folder is not None
    return {entry.path: entry.title for entry in window.folder}


def test_a_folder_opened_before_shows_from_the_index_then_what_changed_meanwhile(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    first = make_window()
    first.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, first, "Welcome to Viewer")
    first.close()
    # While the app is closed: a title changes, a note comes, a note goes.
    urban = notes / URBAN
    urban.write_text(urban.read_text(encoding="utf-8").replace(URBAN_TITLE, "Hot Cities"))
    (notes / "arrivals.md").write_text("# Arrivals\n\nSee [[Hot Cities]].\n", encoding="utf-8")
    (notes / "the_craft_of_interviewing.md").unlink()

    window = make_window()
    assert window.open_folder(notes, "welcome.md")
    # Shown from the index, as the folder was: nothing on disk was read but the note shown,
    # and the check runs in the background.
    shown = titles(window)
    assert shown[URBAN] == URBAN_TITLE
    assert "arrivals.md" not in shown
    assert "the_craft_of_interviewing.md" in window.navigator.visible_paths()
    assert window.session.reader.is_running()
    # Then the folder as it is.
    qtbot.waitUntil(lambda: "arrivals.md" in window.navigator.visible_paths(), timeout=10_000)
    assert titles(window)[URBAN] == "Hot Cities"
    assert "the_craft_of_interviewing.md" not in window.navigator.visible_paths()
    assert window.folder is not None
    assert window.folder.resolve("Hot Cities") == URBAN
    assert "arrivals.md" in window.folder.backlinks(URBAN)
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert window.current == "welcome.md"


def test_the_note_to_reopen_gone_meanwhile_opens_another(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    first = make_window()
    first.open_folder(notes, URBAN)
    wait_for_note(qtbot, first, URBAN_TITLE)
    first.close()
    (notes / URBAN).unlink()
    window = make_window()
    assert window.open_folder(notes, URBAN)
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert window.current == "welcome.md"
    qtbot.waitUntil(lambda: not window.session.reader.is_running(), timeout=10_000)
    assert URBAN not in window.navigator.visible_paths()


def test_a_folder_unchanged_since_keeps_what_is_shown(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    first = make_window()
    first.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, first, "Welcome to Viewer")
    first.close()
    window = make_window()
    window.open_folder(notes, "welcome.md")
    shown = window.folder
    changes: list[object] = []
    window.session.folderChanged.connect(changes.append)
    qtbot.waitUntil(lambda: not window.session.reader.is_running(), timeout=10_000)
    qtbot.wait(50)  # the answer, queued to the UI thread, has been handled
    assert changes == []  # no second rebuild of the navigator for nothing
    assert window.folder is shown
