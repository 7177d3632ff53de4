"""Notes rendered off the UI thread: the window goes on meanwhile, and the page that comes is
always the one asked for last."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.app.test_navigator import click_note
from tests.helpers.pages import wait_for_note
from tests.helpers.waits import event_loop_turned, stays
from viewer.app.hit_mark import mark_hit
from viewer.app.main_window import MainWindow
from viewer.app.note_view import NoteView
from viewer.core.background import NICE
from viewer.core.note import load_note
from viewer.core.render import NoteRenderer
from viewer.core.search import Hit
from viewer.core.search.snippets import Snippet

LONG = "a_long_note.md"
LONG_TITLE = "Heavy reading: a long note"  # between two notes at the top of the list


def write_long_note(notes: Path) -> float:
    """A note that takes the renderer a long while (well over a frame), in ``notes``: how
    long it took here, in seconds."""
    paragraph = (
        "Paragraph {n}: *emphasis*, **strong words**, `code`, a [[welcome]] link and a "
        "[link out](https://example.com/{n}); then a list:\n\n- one {n}\n- two\n- three\n\n"
    )
    body = "".join(paragraph.format(n=n) for n in range(1000))
    (notes / LONG).write_text(f"---\ntitle: '{LONG_TITLE}'\n---\n\n{body}", "utf-8")
    note = load_note(notes / LONG, notes)
    renderer = NoteRenderer()
    times = []
    for _ in range(2):  # the shorter time: as the window's renderer, used before, takes
        started = time.perf_counter()
        renderer.render(note, LONG, lambda _target: None)
        times.append(time.perf_counter() - started)
    return min(times)


class Ticks:
    """A timer on the UI thread noting when it fires: the longest gap is the longest time the
    window could not answer."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer(interval=5)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))
        self.timer.start()

    def longest_gap(self) -> float:
        self.timer.stop()
        return max(later - earlier for earlier, later in itertools.pairwise(self.times))


def test_a_long_note_renders_while_the_window_goes_on(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    rendering = write_long_note(notes)
    assert rendering > 0.2  # else the test proves nothing
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    ticks = Ticks()
    qtbot.waitUntil(lambda: len(ticks.times) > 2)
    window.open_note(LONG)
    assert window.current == LONG
    wait_for_note(qtbot, window, LONG_TITLE)
    # The window answered all along: it never waited for the render (the render shares the
    # interpreter with it, in turns of a few milliseconds).
    assert ticks.longest_gap() < rendering / 2


@pytest.mark.skipif(sys.platform != "linux", reason="a priority per thread is Linux's")
def test_notes_render_in_a_thread_that_gives_way_to_the_windows(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    (thread,) = [thread for thread in threading.enumerate() if thread.name == "note renders"]
    assert thread.native_id is not None
    assert os.getpriority(os.PRIO_PROCESS, thread.native_id) == NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < NICE


def test_notes_chosen_in_quick_succession_end_on_the_last_ones_page(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    assert write_long_note(notes) > 0.2
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    paths = window.navigator.visible_paths()
    at = paths.index(LONG)
    above, below = paths[at - 1], paths[at + 1]
    shown: list[str] = []
    window.display.pageShown.connect(lambda path, _rendered: shown.append(path))
    click_note(qtbot, window, above)
    qtbot.waitUntil(lambda: shown == [above])
    shown.clear()
    tree = window.navigator.tree
    # Down to the long note: once the selection rests there, the session is on it, and its
    # page is being made...
    QTest.keyClick(tree, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.current == LONG)
    qtbot.waitUntil(event_loop_turned())
    # ...when the reader goes on to the next note (Enter: without waiting for the selection
    # to rest), well before that page is ready.
    QTest.keyClick(tree, Qt.Key.Key_Down)
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.current == below
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert shown == [below]
    assert window.display.showing == below
    # Back up to the long note: its page is made again, after the one dropped (one thread
    # makes the pages in turn), so the dropped one would have come by then.
    QTest.keyClick(tree, Qt.Key.Key_Up)
    stays(qtbot, lambda: shown == [below, LONG], after=lambda: len(shown) >= 2)
    wait_for_note(qtbot, window, LONG_TITLE)


def test_where_the_reader_is_in_a_note_whose_page_is_on_its_way(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    write_long_note(notes)
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    window.display.show_note(scroll_to=0.5)  # the same note, asked for half-way down
    # The page is not made yet; the place asked for is where the reader is meanwhile.
    assert window.display.is_loading()
    assert window.display.scroll_fraction() == 0.5
    window.open_note(LONG)
    assert window.display.scroll_fraction() == 0.0  # a note read for the first time: the top
    wait_for_note(qtbot, window, LONG_TITLE)
    window.go_back()
    wait_for_note(qtbot, window, "Welcome to Viewer")
    # Where the reader left the note: half-way, though its page had not come yet.
    fraction = window.session.history.current
    assert fraction is not None and abs(fraction.scroll - 0.5) < 0.01


def note_between_documents(qtbot: QtBot, window: MainWindow, notes: Path) -> NoteView:
    """The note pane with a note shown, then its document emptied of its root element, as a
    view is between two documents (the note's scripts are off; the app's run here)."""
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    view = window.note_view
    emptied: list[object] = []
    view.evaluate("document.documentElement.remove(), document.documentElement", emptied.append)
    qtbot.waitUntil(lambda: emptied == [None])
    return view


def test_a_place_restored_in_a_page_that_has_moved_on_to_the_next_document_is_left_alone(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    # The reader's place is restored by a script sent when a page finishes loading; by the time
    # it runs the view may be on its way to the next note, whose document has no root element
    # yet. The script then does nothing, and says nothing in the console (the log checker
    # fails the test on a page's error).
    view = note_between_documents(qtbot, window, notes)
    view._pending_scroll = 0.5  # a place to restore, as show_html(…, scroll_to=0.5) leaves it
    view.loadFinished.emit(True)
    ran: list[object] = []
    view.evaluate("'after'", ran.append)  # the page runs the app's scripts in order
    qtbot.waitUntil(lambda: ran == ["after"])
    assert view.scroll_fraction() == 0.5  # still to be restored, once there is a page


def test_a_hit_marked_in_a_page_that_has_moved_on_to_the_next_document_is_not_found(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    # A search hit is marked once its note's page is on screen; the view may have moved on by
    # then, to a document with no body yet. The mark is then not found, and nothing throws.
    view = note_between_documents(qtbot, window, notes)
    hit = Hit("welcome.md", "Welcome to Viewer", 0, None, Snippet("Viewer shows", ((0, 6),)), None)
    found: list[str | None] = []
    mark_hit(view, hit, found.append)
    qtbot.waitUntil(lambda: found == [None])
