"""The real app from process start to its first note rendered and its player ready.

    python -m benchmarks.drivers.app_startup [--folder F] [--note N] [--memory SECONDS]
                                             [--after-index]

Does what ``viewer FOLDER`` does (``viewer.app.application.run``): create the application and
the main window, show it, open the folder. It stops the clock when both the note pane has
finished loading the note's page (``loadFinished`` after ``noteShown``) and the player page has
said it is ready (``readyChanged(True)``). With ``--memory`` it then samples the memory of the
process and its QtWebEngine helpers for that many seconds and reports the largest sum; with
``--after-index`` too, only once the folder's notes are read and its search index is built.

Prints one JSON line; ``event`` is ``time.monotonic()`` at the moment both were done and
``note_event`` when the note was on screen, which the harness compares with its own clock
reading taken just before it started this process.
"""

from __future__ import annotations

import time

IMPORT_STARTED = time.monotonic()

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from benchmarks.drivers._common import (  # noqa: E402
    block_remote_requests,
    emit,
    exit_now,
    sample_memory_then_quit,
    since_process_start,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--note", default=None)
    parser.add_argument("--memory", type=float, default=0.0, help="seconds to sample memory")
    parser.add_argument(
        "--after-index",
        action="store_true",
        help="sample memory only once the folder is read and its search index built",
    )
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    from viewer.app.application import create_application

    app = create_application(sys.argv[:1])
    application = time.monotonic()
    from PySide6.QtCore import QTimer, QUrl

    from viewer.app import schemes
    from viewer.app.main_window import MainWindow
    from viewer.resources import bundled_notes

    marks: dict[str, float] = {"application": application, "imported": time.monotonic()}
    window = MainWindow()
    marks["window"] = time.monotonic()
    # The player is made after the first note is on screen; keep it offline from the start.
    window.player.started.connect(lambda: block_remote_requests(window.player_profile))
    state = {"shown": False, "rendered": False, "ready": window.player.is_ready}
    result: dict[str, object] = {}

    def finish() -> None:
        if "event" in result or not (state["rendered"] and state["ready"]):
            return
        result["event"] = time.monotonic()
        result["note_event"] = marks["rendered"]
        result["since_process_start"] = since_process_start()
        if args.memory > 0 and args.after_index:
            wait_for_index()
        elif args.memory > 0:
            sample_memory()
        else:
            app.quit()

    def on_shown(_path: str) -> None:
        state["shown"] = True

    def on_loaded(ok: bool) -> None:
        # The note's own page, not the "open a folder" page the window starts with.
        expected = QUrl(schemes.file_url(window.current or ""))
        if ok and state["shown"] and window.note_view.url() == expected:
            state["rendered"] = True
            marks["rendered"] = time.monotonic()
            finish()

    def on_ready(ready: bool) -> None:
        state["ready"] = ready
        if ready:
            marks["player_ready"] = time.monotonic()
            finish()

    samples: list[dict[str, object]] = []

    def sample_memory() -> None:
        sample_memory_then_quit(app, window, args.memory, samples)

    builds: list[object] = []
    window.search.indexed.connect(builds.append)

    def wait_for_index() -> None:
        indexer = window.search.indexer
        busy = window.session.reader.is_running() or indexer is None or indexer.is_running()
        if builds and not busy:
            marks["indexed"] = time.monotonic()
            sample_memory()
        else:
            QTimer.singleShot(100, wait_for_index)

    def give_up() -> None:
        result["error"] = f"timed out after {args.timeout:g} s: {state}"
        app.quit()

    window.noteShown.connect(on_shown)
    window.note_view.loadFinished.connect(on_loaded)
    window.player.readyChanged.connect(on_ready)
    QTimer.singleShot(int(args.timeout * 1000), give_up)

    window.resize(1400, 820)
    window.show()
    folder = args.folder or bundled_notes()
    opened = window.open_folder(folder, args.note)
    marks["opened"] = time.monotonic()
    if not opened:
        result["error"] = f"could not open {folder}"
    else:
        app.exec()
    result["marks"] = {key: value - IMPORT_STARTED for key, value in marks.items()}
    result["notes"] = len(window.folder) if window.folder is not None else 0
    result["current"] = window.current
    if samples:
        result["memory"] = max(samples, key=lambda sample: int(sample["pss_kib"]))  # type: ignore[call-overload]
        result["memory_samples"] = len(samples)
    emit(result)
    window.close()
    window.shutdown()
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    exit_now(main())
