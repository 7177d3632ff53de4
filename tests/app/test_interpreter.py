"""The interpreter shared with the worker threads: a folder read is frozen out of the garbage
collector's full passes, which come less often, and threads switch every millisecond."""

from __future__ import annotations

import gc
import linecache
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.pages import wait_for_note
from viewer.app import interpreter
from viewer.app.main_window import MainWindow


@pytest.fixture
def unfrozen() -> None:
    """Nothing frozen before the test (tests/conftest.py unfreezes after each)."""
    gc.unfreeze()


def test_configure_spaces_full_passes_out_and_switches_threads_sooner() -> None:
    thresholds, switch = gc.get_threshold(), sys.getswitchinterval()
    try:
        gc.set_threshold(700, 10, 10)  # Python's own
        sys.setswitchinterval(0.005)
        interpreter.configure()
        assert gc.get_threshold() == (700, 10, interpreter.FULL_PASS_AFTER)
        assert interpreter.FULL_PASS_AFTER > 10
        assert sys.getswitchinterval() == pytest.approx(interpreter.SWITCH_S)
    finally:
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(switch)


@pytest.mark.usefixtures("unfrozen")
def test_what_is_alive_when_settled_is_out_of_the_full_passes() -> None:
    kept = [[number] for number in range(1000)]
    interpreter.settle()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.is_tracked(kept[0])
    assert not any(item is kept[0] for item in gc.get_objects())  # in no generation


@pytest.mark.usefixtures("unfrozen")
def test_a_folder_read_by_the_window_is_frozen(
    qtbot: QtBot, make_window: Callable[[], MainWindow], notes: Path
) -> None:
    window = make_window()
    window.open_folder(notes, "welcome.md")
    wait_for_note(qtbot, window, "Welcome to Viewer")
    folder = window.folder
    assert folder is not None and folder.complete
    kept = folder.links
    assert gc.is_tracked(kept)
    assert not any(item is kept for item in gc.get_objects())  # frozen: no pass looks at it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
@pytest.mark.usefixtures("unfrozen")
def test_settling_gives_freed_memory_back_to_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    trim = interpreter._libc_function("malloc_trim")
    assert trim is not None
    calls: list[int] = []

    def counting(pad: int) -> int:
        calls.append(pad)
        return trim(pad)

    monkeypatch.setattr(
        interpreter, "_libc_function", lambda name: counting if name == "malloc_trim" else None
    )
    interpreter.settle()
    assert calls == [0]


@pytest.mark.usefixtures("unfrozen")
def test_settling_lets_go_of_the_source_lines_imports_read() -> None:
    """PySide's import hook reads every imported module's source, which linecache keeps."""
    assert linecache.getlines(interpreter.__file__)
    assert interpreter.__file__ in linecache.cache
    interpreter.settle()
    assert interpreter.__file__ not in linecache.cache


@pytest.mark.usefixtures("unfrozen")
def test_the_imports_source_lines_are_let_go_before_a_folder_is_read(
    make_window: Callable[[], MainWindow], notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notes' objects take the room the lines leave, rather than being made around it."""
    window = make_window()
    glance = window.session.index.glance
    kept_when_read: list[bool] = []

    def glancing(root: Path) -> object:
        kept_when_read.append(interpreter.__file__ in linecache.cache)
        return glance(root)

    monkeypatch.setattr(window.session.index, "glance", glancing)
    assert linecache.getlines(interpreter.__file__)
    window.open_folder(notes, "welcome.md")
    assert kept_when_read == [False]
