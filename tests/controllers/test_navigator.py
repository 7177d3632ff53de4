"""The navigator on a folder of 50,000 notes: the filter, the order and the folders follow the
reader's keys and clicks without holding them up.

Filtering and sorting 50,000 notes run in slices between events (``viewer.app.slices``); these
tests drive the real widgets with real keys and wait for what the list shows. No time is
measured here (the benchmark's ``navigator`` rows do).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.controllers.test_switcher import big_folder
from viewer.app.navigator import PATH_ROLE, Navigator
from viewer.app.settings import Settings
from viewer.core.folder import NotesFolder
from viewer.core.note_tree import Folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> NotesFolder:
    return big_folder(tmp_path_factory.mktemp("big"))


@pytest.fixture
def navigator(qtbot: QtBot, folder: NotesFolder, settings: Settings) -> Navigator:
    navigator = Navigator(None, settings)
    qtbot.addWidget(navigator)
    navigator.resize(320, 700)
    navigator.show()
    navigator.set_folder(folder)
    qtbot.waitUntil(navigator.settled, timeout=60_000)
    return navigator


def shown_rows(navigator: Navigator) -> list[str]:
    model = navigator.model
    rows = map(model.row_item, range(len(model.rows)))
    return [row.path if isinstance(row, Folder) else row.title for row in rows]


def matching(folder: NotesFolder, words: list[str]) -> set[str]:
    return {
        entry.path
        for entry in folder
        if all(word in f"{entry.title} {entry.path}".casefold() for word in words)
    }


def test_a_filter_key_returns_before_the_filter_and_the_list_follows(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder
) -> None:
    before = shown_rows(navigator)
    assert before == [f"channel_{n}" for n in sorted(range(12), key=str)]  # folders, folded
    navigator.filter_box.setFocus()
    QTest.keyClick(navigator.filter_box, "m")
    # Back in the event loop with the key handled: the list is as it was.
    assert not navigator.settled()
    assert shown_rows(navigator) == before
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert set(navigator.visible_paths()) == matching(folder, ["m"])
    # Under a filter every folder with a match is open: its matches follow it.
    assert isinstance(navigator.model.rows[0], Folder)
    assert navigator.tree.isExpanded(navigator.model.index(0, 0))


def test_typed_fast_then_waited_for_the_list_holds_what_the_last_words_match(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder
) -> None:
    navigator.filter_box.setFocus()
    QTest.keyClicks(navigator.filter_box, "trend mark")
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert set(navigator.visible_paths()) == matching(folder, ["trend", "mark"])
    QTest.keyClicks(navigator.filter_box, "et zzz")
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert navigator.visible_paths() == []
    assert navigator.empty.isVisible()
    # Esc clears the filter: the folders are folded again, as the reader left them.
    QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert not navigator.empty.isVisible()
    assert len(navigator.visible_paths()) == len(folder)
    assert all(isinstance(row, Folder) for row in navigator.model.rows)


def test_a_folder_of_thousands_opens_and_closes_as_one_change_of_the_list(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder
) -> None:
    tree, model = navigator.tree, navigator.model
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    top = model.index(0, 0)
    notes = [entry.title for entry in model.tree.folders["channel_0"].notes]
    assert len(notes) > 4_000
    tree.setFocus()
    tree.setCurrentIndex(top)
    QTest.keyClick(tree, Qt.Key.Key_Right)
    assert inserted == [(1, len(notes))]
    assert shown_rows(navigator)[1 : 1 + len(notes)] == notes
    assert notes == sorted(notes, key=str.casefold)
    # Right again goes into it, Left back to the folder, and Left again closes it.
    QTest.keyClick(tree, Qt.Key.Key_Right)
    assert tree.currentIndex().data(PATH_ROLE) == model.tree.folders["channel_0"].notes[0].path
    QTest.keyClick(tree, Qt.Key.Key_Left)
    assert tree.currentIndex().row() == 0
    QTest.keyClick(tree, Qt.Key.Key_Left)
    assert not tree.isExpanded(top)
    assert len(model.rows) == 12
    assert navigator.settings.expanded_folders(folder.root) == []


def test_another_order_comes_in_slices_and_a_note_shown_in_a_closed_folder_opens_it(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder
) -> None:
    newest = max(folder, key=lambda entry: entry.stamp.mtime_ns)
    navigator.sort_box.setCurrentIndex(navigator.sort_box.findData("modified"))
    assert not navigator.settled()
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    navigator.select(newest.path)
    index = navigator.index_of(newest.path)
    assert index.isValid() and navigator.tree.currentIndex() == index
    channel = newest.path.rpartition("/")[0]
    assert navigator.tree.isExpanded(navigator.model.folder_index(channel))
    # Newest first: the note shown is the first of its folder.
    assert navigator.model.rows[index.row() - 1] == navigator.model.tree.folders[channel]
    assert navigator.settings.expanded_folders(folder.root) == [channel]


def test_a_folder_read_again_keeps_the_filter_and_the_note_shown(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder, tmp_path: Path
) -> None:
    navigator.filter_box.setText("energy chips")
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    first = navigator.visible_paths()[0]
    navigator.select(first)
    entries = dict(folder.entries)
    entries.pop(navigator.visible_paths()[-1])
    navigator.set_folder(NotesFolder(folder.root, entries, [], {}))
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert set(navigator.visible_paths()) == {
        path for path in matching(folder, ["energy", "chips"]) if path in entries
    }
    assert navigator.tree.currentIndex().data(PATH_ROLE) == first


def test_a_title_changed_on_disk_repaints_the_rows_it_moved_not_the_whole_list(
    qtbot: QtBot, navigator: Navigator, folder: NotesFolder
) -> None:
    model = navigator.model
    first = model.tree.folders["channel_0"]
    navigator.tree.expand(model.folder_index(first.path))
    shown, renamed = first.notes[3], first.notes[1]
    navigator.select(shown.path)
    removed: list[tuple[int, int]] = []
    changed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _parent, top, bottom: removed.append((top, bottom)))
    model.dataChanged.connect(lambda top, bottom: changed.append((top.row(), bottom.row())))
    entries = dict(folder.entries)
    entries[renamed.path] = renamed._replace(title="Zzz last of its folder")
    navigator.set_folder(NotesFolder(folder.root, entries, [], {}))
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    rows = shown_rows(navigator)
    assert rows[len(first.notes)] == "Zzz last of its folder"  # last of channel_0's notes
    assert removed == []
    assert changed  # the rows from the first folder to where the note went, repainted
    assert changed[-1][1] >= len(first.notes)
    assert navigator.tree.currentIndex().data(PATH_ROLE) == shown.path
    # A note no longer in the list leaves no row selected in its place.
    navigator.filter_box.setText("zzz last")
    qtbot.waitUntil(navigator.settled, timeout=30_000)
    assert navigator.visible_paths() == [renamed.path]
    assert not navigator.tree.selectionModel().hasSelection()
