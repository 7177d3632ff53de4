"""``viewer --smoke-test``: prove that an installed copy really plays and seeks.

Starts headless, opens the bundled sample notes at the local-video note, seeks through the
same signal a timestamp click sends, and checks where the video landed and that it plays.
Exits 0, or 1 with a one-line reason.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SAMPLE_NOTE = "test_pattern_seeking.md"
TARGET = 12.0
TOLERANCE = 0.5


class SmokeTestFailed(Exception):
    pass


def run_smoke_test(timeout: float = 60.0) -> int:
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        landed = _run(timeout)
    except SmokeTestFailed as failure:
        print(f"smoke test failed: {failure}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(
        f"smoke test passed: seeked to {TARGET:g} s, landed at {landed:.2f} s and playing "
        f"({elapsed:.1f} s)"
    )
    return 0


def _run(timeout: float) -> float:
    from PySide6.QtCore import QEventLoop, QSettings

    from viewer.app.application import create_application

    _app = create_application(sys.argv[:1])  # kept referenced for the whole run
    # Settings go to a throwaway folder: a smoke test leaves no trace in the user's profile.
    scratch = tempfile.TemporaryDirectory(prefix="viewer-smoke-")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, scratch.name)
    from viewer.app.main_window import MainWindow
    from viewer.core.index_cache import IndexCache
    from viewer.core.places import Places
    from viewer.resources import bundled_notes

    deadline = time.monotonic() + timeout

    loop = QEventLoop()

    def wait(what: str, done: Callable[[], bool]) -> None:
        # An event loop instance: PySide6 6.12's static processEvents() leaks a reference to
        # None on every call, which a long wait turns into a crash.
        while not done():
            if time.monotonic() > deadline:
                raise SmokeTestFailed(f"timed out waiting for {what}")
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    window = MainWindow(
        index=IndexCache(Path(scratch.name) / "index.sqlite3"),
        places=Places(Path(scratch.name) / "places.json"),
    )
    failures: list[str] = []
    seeks: list[float] = []
    window.player.failed.connect(lambda code, message: failures.append(f"{code}: {message}"))
    window.player.seeked.connect(seeks.append)
    try:
        window.resize(1200, 700)
        window.show()
        notes = bundled_notes()
        if not (notes / SAMPLE_NOTE).is_file():
            raise SmokeTestFailed(f"the bundled notes are missing {notes / SAMPLE_NOTE}")
        if not window.open_folder(notes, SAMPLE_NOTE) or window.current != SAMPLE_NOTE:
            raise SmokeTestFailed(f"could not open {SAMPLE_NOTE} in {notes}")
        wait("the player page", lambda: window.player.is_ready or bool(failures))
        wait("the video's duration", lambda: window.player.state.duration > 0 or bool(failures))
        if failures:
            raise SmokeTestFailed(f"the player reported {failures[0]}")
        # Exactly what a click on a timestamp link in the note pane sends.
        window.note_view.note_page.seekRequested.emit(TARGET)
        wait("the seek", lambda: bool(seeks) or bool(failures))
        if failures:
            raise SmokeTestFailed(f"the player reported {failures[0]}")
        landed = seeks[-1]
        if abs(landed - TARGET) > TOLERANCE:
            raise SmokeTestFailed(f"asked for {TARGET:g} s, the video landed at {landed:.2f} s")
        wait(
            "playback to advance",
            lambda: window.player.state.playing and window.player.state.current_time > landed,
        )
        return landed
    finally:
        window.close()
        window.shutdown()
        loop.processEvents()
        scratch.cleanup()
