"""``viewer --smoke-test [NOTE]``: prove that an installed copy really plays and seeks.

Starts headless, opens the note (by default the bundled local-video note) in its folder, seeks
its video to the note's first timestamp through the same signal a timestamp click sends, and
checks where the video landed and that it plays. Exits 0, or 1 with a one-line reason.
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


def run_smoke_test(note: Path | None = None, timeout: float = 60.0) -> int:
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        target, landed, player = _run(note, timeout)
    except SmokeTestFailed as failure:
        print(f"smoke test failed: {failure}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(
        f"smoke test passed: seeked to {target:g} s, landed at {landed:.2f} s and playing "
        f"({player} player, {elapsed:.1f} s)"
    )
    return 0


def _run(note: Path | None, timeout: float) -> tuple[float, float, str]:
    from PySide6.QtCore import QEventLoop, QSettings

    from viewer.app.application import create_application

    _app = create_application(sys.argv[:1])  # kept referenced for the whole run
    # Settings go to a throwaway folder: a smoke test leaves no trace in the user's profile.
    scratch = tempfile.TemporaryDirectory(prefix="viewer-smoke-")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, scratch.name)
    from viewer.app.main_window import MainWindow
    from viewer.core.index_cache import IndexCache
    from viewer.core.page_cache import PageCache
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
        pages=PageCache(Path(scratch.name) / "last-page.html"),
    )
    failures: list[str] = []
    seeks: list[float] = []
    window.player.failed.connect(lambda code, message: failures.append(f"{code}: {message}"))
    window.player.seeked.connect(seeks.append)
    try:
        window.resize(1200, 700)
        window.show()
        path = note if note is not None else bundled_notes() / SAMPLE_NOTE
        if not path.is_file():
            raise SmokeTestFailed(f"there is no note at {path}")
        if not window.open_folder(path.parent, path.name) or window.current != path.name:
            raise SmokeTestFailed(f"could not open {path}")
        assert window.note is not None
        if window.note.video is None:
            problem = window.note.video_problem
            raise SmokeTestFailed(f"{path.name} has no video{f': {problem}' if problem else ''}")
        stamps = window.session.first_timestamp()
        target = TARGET if note is None else (stamps if stamps is not None else 0.0)
        wait("the player page", lambda: window.player.is_ready or bool(failures))
        wait("the video's duration", lambda: window.player.state.duration > 0 or bool(failures))
        if failures:
            raise SmokeTestFailed(f"the player reported {failures[0]}")
        # Exactly what a click on a timestamp link in the note pane sends.
        window.note_view.note_page.seekRequested.emit(target)
        wait("the seek", lambda: bool(seeks) or bool(failures))
        if failures:
            raise SmokeTestFailed(f"the player reported {failures[0]}")
        landed = seeks[-1]
        if abs(landed - target) > TOLERANCE:
            raise SmokeTestFailed(f"asked for {target:g} s, the video landed at {landed:.2f} s")
        wait(
            "playback to advance",
            lambda: window.player.state.playing and window.player.state.current_time > landed,
        )
        player = type(window.player.active).__name__.removesuffix("Player").lower()
        return target, landed, player
    finally:
        window.close()
        window.shutdown()
        loop.processEvents()
        scratch.cleanup()
