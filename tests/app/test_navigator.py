"""The navigator of a big folder: subfolders as a tree, sorting, marks, keyboard preview."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QStyleOptionViewItem, QToolTip
from pytestqt.qtbot import QtBot

from tests.conftest import SAMPLES
from tests.helpers.pages import wait_for_note
from tests.helpers.spies import calls
from tests.helpers.waits import stays
from viewer.app import navigator as navigator_module
from viewer.app import startup
from viewer.app.main_window import MainWindow
from viewer.app.navigator import FOLDER_ROLE, PATH_ROLE
from viewer.core.note_tree import Haystack

CTRL = Qt.KeyboardModifier.ControlModifier
LONG_TITLE = (
    "A very long title for a talk that goes on and on about the history of long titles, "
    "their causes and their cures"
)


def rows(window: MainWindow) -> list[str]:
    """What the list shows, row by row: folders and notes, a folder's rows after it when open."""
    model = window.navigator.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def top_rows(window: MainWindow) -> list[str]:
    """The rows at the top of the tree (not in a subfolder)."""
    model = window.navigator.model
    return [
        str(model.index(row, 0).data())
        for row, item in enumerate(map(model.row_item, range(len(model.rows))))
        if "/" not in (getattr(item, "path", "") or "")
    ]


def click_note(qtbot: QtBot, window: MainWindow, path: str) -> None:
    tree = window.navigator.tree
    index = window.navigator.index_of(path)
    tree.scrollTo(index)
    # The list is laid out a batch at a time: the note's row once it has its place.
    qtbot.waitUntil(lambda: tree.visualRect(index).isValid(), timeout=5_000)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )


def hover_tooltip(qtbot: QtBot, window: MainWindow, index: QModelIndex) -> str:
    tree = window.navigator.tree
    QToolTip.hideText()
    # The offscreen platform has no hover timer: the event it would send, to the real view.
    viewport = tree.viewport()
    centre = tree.visualRect(index).center()
    QTest.mouseMove(viewport, centre)
    event = QHelpEvent(QEvent.Type.ToolTip, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=5_000)
    return QToolTip.text()


def test_subfolders_are_folders_of_the_tree_listed_first(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    (notes / "talks" / "2024").mkdir(parents=True)
    (notes / "talks" / "2024" / "keynote.md").write_text("# Keynote\n", encoding="utf-8")
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    model, tree = window.navigator.model, window.navigator.tree
    assert top_rows(window)[:2] == ["people", "talks"]
    people = model.index(0, 0)
    assert people.data(FOLDER_ROLE) == "people"
    # Folders start folded; opened, its notes are the rows under it.
    assert not tree.isExpanded(people)
    assert rows(window)[1] == "talks"
    tree.expand(people)
    assert rows(window)[1:4] == ["Daniel Osei", "Mara Lindqvist", "talks"]
    tree.collapse(people)
    # Notes of the top folder come after the folders, by title.
    assert top_rows(window)[2:4] == [
        "Clock: an MP4 file beside the note",
        "Cooling Cities: What We Know About Urban Heat Islands",
    ]
    # A click opens a folder, and its notes show.
    assert not tree.isExpanded(people)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(people).center()
    )
    assert tree.isExpanded(people)
    first = window.navigator.index_of("people/Daniel Osei.md")
    assert tree.visualRect(first).isValid()
    click_note(qtbot, window, "people/Daniel Osei.md")
    wait_for_note(qtbot, window, "Daniel Osei")
    # A note opened in a folded folder (a link, the switcher) unfolds it.
    window.open_note("talks/2024/keynote.md")
    wait_for_note(qtbot, window, "Keynote")
    assert tree.currentIndex().data(PATH_ROLE) == "talks/2024/keynote.md"
    assert tree.visualRect(tree.currentIndex()).isValid()
    # Folding a folder leaves the note on screen selected.
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(people).center()
    )
    assert not tree.isExpanded(people)
    selected = [index.data(PATH_ROLE) for index in tree.selectionModel().selectedIndexes()]
    assert selected == ["talks/2024/keynote.md"]


def test_sorting_by_date_modified_puts_the_newest_first_and_is_remembered(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    day = 86_400
    for age, name in enumerate(
        ["the_craft_of_interviewing.md", "letting_rivers_flood.md", "welcome.md"]
    ):
        os.utime(notes / name, (2_000_000_000 - age * day, 2_000_000_000 - age * day))
    window = make_window()
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    box = window.navigator.sort_box
    assert box.currentText() == "Title"
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == "Date"
    assert top_rows(window)[1:4] == [
        "The Craft of the Long-Form Interview",
        "Letting Rivers Flood Again: Floodplain Restoration",
        "Welcome to Viewer",
    ]
    assert top_rows(window)[0] == "people"  # folders still first
    # Choosing an order does not open another note.
    assert window.current == "welcome.md"
    window.close()

    again = make_window()
    startup.open_initial(again, None)
    assert again.navigator.sort_box.currentText() == "Date"
    assert top_rows(again)[1] == "The Craft of the Long-Form Interview"


def test_marks_show_notes_with_a_video_and_notes_with_problems(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    (notes / "broken.md").write_text("---\naliases: 5\n---\n# Broken\n", encoding="utf-8")
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    navigator = window.navigator
    video = navigator.index_of("test_pattern_seeking.md")
    broken = navigator.index_of("broken.md")
    plain = navigator.index_of("welcome.md")
    assert navigator.delegate.marks(video) == "▶"
    assert navigator.delegate.marks(broken) == "⚠"
    assert navigator.delegate.marks(plain) == ""
    # Hovering says what the marks mean.
    assert "▶ has a video" in hover_tooltip(qtbot, window, video)
    assert "⚠ 1 problem (shown in the note)" in hover_tooltip(qtbot, window, broken)


def long_title_row(qtbot: QtBot, window: MainWindow, notes: Path) -> QModelIndex:
    """A note with a long title, on screen in a narrow notes list."""
    (notes / "long.md").write_text(f"# {LONG_TITLE}\n", encoding="utf-8")
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.splitter.setSizes([200, 600, 600])
    tree = window.navigator.tree
    index = window.navigator.index_of("long.md")
    tree.scrollTo(index)
    qtbot.waitUntil(lambda: tree.visualRect(index).right() < tree.viewport().width())
    return index


def shown_title(window: MainWindow, index: QModelIndex) -> str:
    """The title as the row at ``index`` draws it now."""
    tree = window.navigator.tree
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = tree.visualRect(index)
    return window.navigator.delegate.shown_title(option, index)


def test_a_long_title_is_elided_with_the_full_title_on_hover(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    index = long_title_row(qtbot, window, notes)
    assert not window.navigator.tree.horizontalScrollBar().isVisible()
    shown = shown_title(window, index)
    assert shown.endswith("…") and LONG_TITLE.startswith(shown[:-1])
    assert hover_tooltip(qtbot, window, index).splitlines()[0] == LONG_TITLE


def test_a_title_is_elided_again_when_the_font_grows(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    index = long_title_row(qtbot, window, notes)
    tree = window.navigator.tree
    tree.viewport().repaint()  # drawn once at this size
    before = shown_title(window, index)
    font = tree.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    tree.setFont(font)
    after = shown_title(window, index)
    assert before.endswith("…") and after.endswith("…")
    assert len(after) < len(before)
    assert LONG_TITLE.startswith(after[:-1])


def test_arrow_keys_show_the_note_once_the_selection_rests(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    click_note(qtbot, window, "practical_type_systems.md")
    wait_for_note(qtbot, window, "Gradual Typing in Practice")
    tree = window.navigator.tree
    assert QApplication.focusWidget() is tree
    shown: list[str] = []
    window.noteShown.connect(shown.append)
    # Three quick steps down: only the note where the selection stops is rendered.
    for _ in range(3):
        QTest.keyClick(tree, Qt.Key.Key_Down)
    below = window.navigator.visible_paths()
    expected = below[below.index("practical_type_systems.md") + 3]
    assert window.current == "practical_type_systems.md"
    qtbot.waitUntil(lambda: shown == [expected], timeout=5_000)
    # The list keeps the keyboard, so the next arrow goes on from there.
    assert QApplication.focusWidget() is tree
    QTest.keyClick(tree, Qt.Key.Key_Up)
    above = below[below.index(expected) - 1]
    # The note shown next is the one above: none of the notes passed on the way down was
    # shown after all, late.
    stays(qtbot, lambda: shown == [expected, above], after=lambda: len(shown) == 2)


def test_no_notes_match_shows_under_the_filter_box(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    navigator = window.navigator
    QTest.mouseClick(navigator.filter_box, Qt.MouseButton.LeftButton)  # the note has the keys
    QTest.keyClicks(navigator.filter_box, "daniel")
    assert navigator.visible_paths() == ["people/Daniel Osei.md"]
    assert navigator.tree.isExpanded(navigator.model.index(0, 0))  # the folder is opened
    assert rows(window) == ["people", "Daniel Osei"]
    assert not navigator.empty.isVisible()
    QTest.keyClicks(navigator.filter_box, " zzz")
    assert navigator.visible_paths() == []
    assert navigator.empty.isVisible()
    box, label = navigator.filter_box.geometry(), navigator.empty.geometry()
    assert box.bottom() < label.top() < navigator.tree.geometry().top()
    QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape)
    assert not navigator.empty.isVisible()
    assert len(navigator.visible_paths()) == len(list(SAMPLES.rglob("*.md")))
    # Typing in the filter opened nothing.
    assert window.current == "welcome.md"


def test_a_note_saved_into_a_new_subfolder_appears(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    hidden = notes / ".git"
    hidden.mkdir()
    new = notes / "new" / "deeper"
    new.mkdir(parents=True)
    watcher = window.session.folder_watcher
    qtbot.waitUntil(lambda: str(new) in watcher.directories(), timeout=5_000)
    assert str(hidden) not in watcher.directories()
    (new / "fresh.md").write_text("# Fresh\n", encoding="utf-8")
    qtbot.waitUntil(
        lambda: "new/deeper/fresh.md" in window.navigator.visible_paths(), timeout=5_000
    )
    assert window.current == "welcome.md"


def selected_paths(window: MainWindow) -> list[str]:
    tree = window.navigator.tree
    return [index.data(PATH_ROLE) for index in tree.selectionModel().selectedIndexes()]


def in_view(window: MainWindow, path: str) -> bool:
    tree = window.navigator.tree
    rect = tree.visualRect(window.navigator.index_of(path))
    return rect.isValid() and tree.viewport().rect().contains(rect)


@pytest.mark.parametrize("batch", [None, 7])
def test_clearing_the_filter_selects_the_note_on_screen_again_and_shows_it(
    qtbot: QtBot, window: MainWindow, notes: Path, batch: int | None
) -> None:
    # The list lays its rows out a batch at a time (2,000 rows); in batches of 7, this
    # folder's rows take several turns, as a big folder's do, and the note is scrolled to
    # once its row is laid out.
    tree = window.navigator.tree
    assert tree.layoutMode() == QListView.LayoutMode.Batched
    if batch is not None:
        tree.setBatchSize(batch)
    for number in range(60):  # more notes than the list shows at once
        (notes / f"filler-{number:02d}.md").write_text(f"# Filler {number:02d}\n", "utf-8")
    (notes / "zebra.md").write_text("# Zebra crossings\n", encoding="utf-8")
    window.open_folder(notes, "zebra.md")
    wait_for_note(qtbot, window, "Zebra crossings")
    navigator = window.navigator
    assert selected_paths(window) == ["zebra.md"]
    tree.scrollToTop()
    QTest.mouseClick(navigator.filter_box, Qt.MouseButton.LeftButton)
    QTest.keyClicks(navigator.filter_box, "welcome")
    assert navigator.visible_paths() == ["welcome.md"]
    QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape)  # clears the filter
    assert navigator.filter_box.text() == ""
    assert selected_paths(window) == ["zebra.md"]
    qtbot.waitUntil(lambda: in_view(window, "zebra.md"), timeout=5_000)

    # A note opened from the filtered list, in a folder the reader never opened: once the
    # filter is cleared, its folder is open and the note selected.
    QTest.keyClicks(navigator.filter_box, "daniel")
    click_note(qtbot, window, "people/Daniel Osei.md")
    wait_for_note(qtbot, window, "Daniel Osei")
    navigator.filter_box.setFocus()
    QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape)
    assert selected_paths(window) == ["people/Daniel Osei.md"]
    qtbot.waitUntil(lambda: in_view(window, "people/Daniel Osei.md"), timeout=5_000)
    # The filter opened every folder; only the note's is left open.
    talks = navigator.model.folder_index("talks")
    assert not tree.isExpanded(talks)


def expanded_folders(window: MainWindow) -> list[str]:
    navigator, tree = window.navigator, window.navigator.tree
    return sorted(
        path
        for path in navigator.model.folders
        if tree.isExpanded(navigator.model.folder_index(path))
    )


def click_folder(window: MainWindow, path: str) -> None:
    navigator, tree = window.navigator, window.navigator.tree
    index = navigator.model.folder_index(path)
    QTest.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )


def test_open_subfolders_are_remembered_per_notes_folder_across_a_restart(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path, tmp_path: Path
) -> None:
    (notes / "talks" / "2024").mkdir(parents=True)
    (notes / "talks" / "2024" / "keynote.md").write_text("# Keynote\n", encoding="utf-8")
    other = tmp_path / "other"
    (other / "people").mkdir(parents=True)
    (other / "people" / "someone.md").write_text("# Someone\n", encoding="utf-8")
    (other / "index.md").write_text("# Index\n", encoding="utf-8")

    window = make_window()
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert expanded_folders(window) == []
    click_folder(window, "people")
    click_folder(window, "talks")
    assert expanded_folders(window) == ["people", "talks"]
    # Another notes folder has its own: its "people" stays folded.
    window.open_folder(other, "index.md")
    wait_for_note(qtbot, window, "Index")
    assert expanded_folders(window) == []
    window.close()

    again = make_window()
    startup.open_initial(again, None)  # the last folder: the other one
    wait_for_note(qtbot, again, "Index")
    assert expanded_folders(again) == []
    again.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, again, "Welcome to Viewer")
    assert expanded_folders(again) == ["people", "talks"]
    click_folder(again, "people")  # folded again, and remembered so
    assert expanded_folders(again) == ["talks"]
    assert again.settings.expanded_folders(notes) == ["talks"]


def test_both_lists_take_turns_within_one_slice(
    make_window: Callable[[], MainWindow],
) -> None:
    """A folder changed: the notes list and the quick switcher both work through it, in
    turns within the same slices, not a slice each in the same turn of the event loop."""
    window = make_window()
    assert window.navigator.slices is window.switcher.slices is window.slices


def test_a_big_folder_is_made_ready_for_the_filter_when_the_reader_comes_to_it(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notes as a filter reads them are made once the filter box has the focus, in slices,
    not at the first key; they are kept while the filter is used and let go after."""
    monkeypatch.setattr(navigator_module, "AT_ONCE", 2)  # the samples as a big folder
    made = calls(monkeypatch, Haystack, "of")
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    navigator = window.navigator
    qtbot.waitUntil(navigator.settled)
    window.display.focus_note()
    assert not navigator.filter_prepared()
    QTest.keyClick(window.display.focusWidget() or window, Qt.Key.Key_L, CTRL)
    assert navigator.filter_box.hasFocus()
    assert not navigator.filter_prepared()  # in slices, from the next turn of the loop
    qtbot.waitUntil(navigator.filter_prepared)
    QTest.keyClicks(navigator.filter_box, "daniel")
    qtbot.waitUntil(navigator.settled)
    assert navigator.visible_paths() == ["people/Daniel Osei.md"]
    assert navigator.filter_prepared()
    assert made == [(window.session.folder.table,)]  # once, before the first key
    QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(navigator.settled)
    assert navigator.filter_prepared()  # still in the box: the next words need them
    window.display.focus_note()
    assert not navigator.filter_prepared()  # left empty: let go
