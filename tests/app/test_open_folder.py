"""A folder opened before opens from the index at once, then catches up with the disk."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.helpers.pages import note_eval, settled, wait_for_note
from tests.helpers.waits import stays
from viewer.app import folder_reader as folder_reader_module
from viewer.app import folder_search as folder_search_module
from viewer.app import indexer as indexer_module
from viewer.app.main_window import MainWindow
from viewer.core import folder as folder_module
from viewer.core import index_cache
from viewer.core.background import NICE
from viewer.core.folder import ReadNote
from viewer.core.note_table import FileStamp
from viewer.core.search import SearchIndex

URBAN = "urban_heat_islands.md"
URBAN_TITLE = "Cooling Cities: What We Know About Urban Heat Islands"


def run_once(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path, note: str, title: str
) -> None:
    """A first run of the app on ``notes`` at ``note``, which fills the index, then closed."""
    first = make_window()
    first.open_folder(notes, note)
    wait_for_note(qtbot, first, title)
    first.close()


def titles(window: MainWindow) -> dict[str, str]:
    assert window.folder is not None
    return {entry.path: entry.title for entry in window.folder}


def test_a_folder_opened_before_shows_from_the_index_then_what_changed_meanwhile(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    run_once(qtbot, make_window, notes, "welcome.md", "Welcome to Viewer")
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
    run_once(qtbot, make_window, notes, URBAN, URBAN_TITLE)
    (notes / URBAN).unlink()
    window = make_window()
    assert window.open_folder(notes, URBAN)
    wait_for_note(qtbot, window, "Welcome to Viewer")
    assert window.current == "welcome.md"
    qtbot.waitUntil(lambda: not window.session.reader.is_running(), timeout=10_000)
    assert URBAN not in window.navigator.visible_paths()


def test_a_folder_unchanged_since_keeps_what_is_shown(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    notes: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_once(qtbot, make_window, notes, "welcome.md", "Welcome to Viewer")
    read: list[str] = []
    real = folder_module.read_entry

    def counting(root: Path, path: str, stamp: folder_module.FileStamp) -> folder_module.ReadNote:
        read.append(path)
        return real(root, path, stamp)

    monkeypatch.setattr(folder_module, "read_entry", counting)
    window = make_window()
    # The check against the disk answers on the UI thread, to the session first (it was
    # connected first): once the answer is seen here, the session has had it.
    checked = qtbot.waitSignal(window.session.reader.finished, timeout=10_000)
    window.open_folder(notes, "welcome.md")
    shown = window.folder
    changes: list[object] = []
    window.session.folderChanged.connect(changes.append)
    stays(qtbot, lambda: changes == [], after=checked)  # no second rebuild for nothing
    assert window.folder is shown
    assert read == []  # the index, then the scan: no note was read for the folder


def link_to(qtbot: QtBot, window: MainWindow, target: str) -> bool:
    script = f"document.querySelector(\"a[href='note:{target}']\") !== null"
    return bool(note_eval(qtbot, window, script))


def test_a_big_folder_never_opened_is_listed_by_name_then_read_in_the_background(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "READ_NOW_LIMIT", 3)  # the sample folder is "big"
    monkeypatch.setattr(folder_module, "PROGRESS_EVERY", 4)
    said: list[str] = []
    window.session.message.connect(lambda text, _ms: said.append(text))
    progress: list[tuple[int, int]] = []
    window.session.readProgress.connect(lambda done, total: progress.append((done, total)))
    count = len(list(notes.rglob("*.md")))
    assert window.open_folder(notes, "welcome.md")
    assert window.folder is not None and not window.folder.complete
    assert titles(window)[URBAN] == "Urban heat islands"  # from the file name, for now
    assert window.statusBar().currentMessage() == f"Reading {count} notes in {notes}…"
    assert window.session.reader.is_running()
    assert not window.status.read_progress.isHidden()
    assert window.status.read_progress.text() == f"Reading notes… 0 of {count}"
    # The search index waits for the read; the panel says a query finds only part of it.
    building = window.search_panel.building
    assert not building.isHidden()
    assert building.text() == (
        f"The index is still being built (0 of {count} notes read): some hits may be missing."
    )
    wait_for_note(qtbot, window, "Welcome to Viewer")
    # Read: titles, and the note's links by title, which resolve only now.
    qtbot.waitUntil(lambda: window.folder is not None and window.folder.complete, timeout=10_000)
    assert titles(window)[URBAN] == URBAN_TITLE
    assert window.statusBar().currentMessage() == f"{count} notes in {notes}"
    assert said == [f"Reading {count} notes in {notes}…", f"{count} notes in {notes}"]
    assert progress == [(0, count), (4, count), (8, count), (count, count), (0, 0)]
    assert window.status.read_progress.isHidden()
    qtbot.waitUntil(lambda: link_to(qtbot, window, "sourdough_fermentation.md"), timeout=10_000)
    assert window.current == "welcome.md"
    # And kept: the next open comes from the index.
    assert index_cache.IndexCache(window.session.index.path).cached(notes) is not None
    # Then the search index is built, and the panel says no more.
    qtbot.waitUntil(building.isHidden, timeout=20_000)


def test_a_big_folder_is_read_and_indexed_in_a_child_process(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first read and its search index's build run in the program's own child process
    (:mod:`viewer.core.in_child`): not a note is read in the window's process, and the
    folder and the index are as if they had been."""
    for module in (index_cache, folder_reader_module, folder_search_module):
        monkeypatch.setattr(module, "READ_NOW_LIMIT" if module is index_cache else "APART_AT", 3)
    read_here: list[str] = []
    read = folder_module.read_entry

    def counted(root: Path, path: str, stamp: FileStamp) -> ReadNote:
        read_here.append(path)
        return read(root, path, stamp)

    def no_build_here(*_args: object) -> None:
        raise AssertionError("the search index was built in the window's process")

    monkeypatch.setattr(folder_module, "read_entry", counted)
    monkeypatch.setattr(indexer_module, "build_index", no_build_here)
    progress: list[tuple[int, int]] = []
    window.session.readProgress.connect(lambda done, total: progress.append((done, total)))
    count = len(list(notes.rglob("*.md")))
    with qtbot.waitSignal(window.search.indexed, timeout=60_000) as indexed:
        assert window.open_folder(notes, "welcome.md")
        assert window.folder is not None and not window.folder.complete
    assert window.folder is not None and window.folder.complete
    assert titles(window)[URBAN] == URBAN_TITLE
    assert (count, count) in progress
    outcome = indexed.args[0] if indexed.args else None
    assert outcome is not None and outcome.report.indexed == count and not outcome.report.cancelled
    with SearchIndex(notes, window.search.cache_folder) as index:
        assert URBAN in {hit.path for hit in index.search("heat islands").hits}
    assert read_here == []


def test_a_small_folder_never_opened_is_read_at_once(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    assert window.open_folder(notes, "welcome.md")
    assert window.folder is not None and window.folder.complete
    assert titles(window)[URBAN] == URBAN_TITLE
    assert not window.session.reader.is_running()


def test_f5_shows_the_note_at_once_and_reads_the_folder_in_the_background(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    # Changed behind the watchers' back, as on a network share: only F5 notices.
    window.session.close()
    welcome = notes / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace("Welcome to", "Hello,"))
    (notes / "later.md").write_text("# Later\n", encoding="utf-8")
    with qtbot.waitSignal(window.noteShown, timeout=5_000):
        window.reload()
        assert window.session.reader.is_running()  # the folder: in the background
    wait_for_note(qtbot, window, "Hello, Viewer")
    qtbot.waitUntil(lambda: "later.md" in window.navigator.visible_paths(), timeout=10_000)


@pytest.mark.skipif(sys.platform != "linux", reason="a priority per thread is Linux's")
def test_the_folder_is_read_again_in_a_thread_that_gives_way_to_the_windows(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    priorities: list[int] = []
    real = folder_reader_module.subfolders

    def noted(*args: Any, **kwargs: Any) -> Any:
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_reader_module, "subfolders", noted)
    (notes / "later.md").write_text("# Later\n", encoding="utf-8")
    qtbot.waitUntil(lambda: "later.md" in window.navigator.visible_paths(), timeout=10_000)
    assert priorities and set(priorities) == {NICE}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < NICE


@pytest.mark.allow_log(r"^reading .* failed$", r"^The folder could not be read again: ")
def test_a_read_that_fails_says_so_and_the_next_one_works(
    qtbot: QtBot, window: MainWindow, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    index = window.session.index
    real = index.open

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a bug in reading")

    monkeypatch.setattr(index, "open", broken)
    (notes / "later.md").write_text("# Later\n", encoding="utf-8")
    qtbot.waitUntil(
        lambda: "a bug in reading" in window.statusBar().currentMessage(), timeout=5_000
    )
    assert "later.md" not in window.navigator.visible_paths()  # shown as it was
    assert window.current == "welcome.md"
    monkeypatch.setattr(index, "open", real)
    window.reload()  # F5 tries again
    qtbot.waitUntil(lambda: "later.md" in window.navigator.visible_paths(), timeout=10_000)


def test_the_pointer_leaving_a_link_takes_back_only_its_own_message(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    view, bar = window.note_view, window.statusBar()
    # The folder read in full, so the note's page is the last one (a page shown again, with
    # its backlinks, would start without the pointer's hover).
    qtbot.waitUntil(
        lambda: (
            bool(window.session.folder and window.session.folder.complete)
            and not window.session.reader.is_running()
            and not window.display.is_loading()
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(settled(qtbot, view.page()))
    # The folder's own message ("12 notes in …") would come back when the hover ends, for the
    # rest of its time: this starts with none.
    bar.clearMessage()
    target = view.focusProxy()
    script = (
        "(() => { const e = document.querySelector(\"a[href='note:sourdough_fermentation.md']\");"
        " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
        " return [r.left + r.width / 2, r.top + r.height / 2, r.bottom + 40]; })()"
    )
    x, y, below = note_eval(qtbot, window, script)
    zoom = view.zoomFactor()
    on_link, off_link = QPoint(round(x * zoom), round(y * zoom)), QPoint(5, round(below * zoom))
    QTest.mouseMove(target, on_link)
    qtbot.waitUntil(lambda: bar.currentMessage() == "Open sourdough_fermentation.md")
    QTest.mouseMove(target, off_link)
    qtbot.waitUntil(lambda: bar.currentMessage() == "")
    # A message of the app's own, shown while the pointer is on a link, outlives the hover.
    QTest.mouseMove(target, on_link)
    qtbot.waitUntil(lambda: bar.currentMessage() == "Open sourdough_fermentation.md")
    bar.showMessage("11 notes in the folder")
    # The page says when the pointer has left the link: only after that may the message go.
    left = qtbot.waitSignal(
        view.page().linkHovered, timeout=5_000, check_params_cb=lambda url: url == ""
    )
    QTest.mouseMove(target, off_link)
    stays(qtbot, lambda: bar.currentMessage() == "11 notes in the folder", after=left)
