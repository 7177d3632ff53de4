"""The real app from process start to its first note on screen and its player ready.

    python -m benchmarks.drivers.app_startup [--folder F] [--note N] [--memory SECONDS]
                                             [--after-index]

Without ``--folder`` it does what ``viewer`` does (``viewer.app.application.run``): create the
application and the window, and start (``viewer.app.startup.start``): the last folder and note
again, shown from the page kept of it when that is still good, and the rest of the window
built after it; on the first run (no settings yet) the bundled notes. With ``--folder`` it
does what ``viewer FOLDER`` does: the window built at once, the folder opened (at ``--note``).

The note is on screen when the note pane has loaded a note's page (``NoteDisplay.pageShown``):
the cached page, or the note rendered. The clock stops when the player page has said it is
ready too (``readyChanged(True)``). The marks say when each step ended, the note's own render
(``rendered``) among them, which the driver waits for before it quits. With ``--memory`` it
then samples the memory of the process and its QtWebEngine helpers for that many seconds and
reports the largest sum; with ``--after-index`` too, only once the folder's notes are read and
its search index is built.

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
    from PySide6.QtCore import QTimer

    from viewer.app.main_window import MainWindow
    from viewer.app.startup import start

    marks: dict[str, float] = {"application": application, "imported": time.monotonic()}
    window = MainWindow(later=args.folder is None)
    marks["window"] = time.monotonic()
    state: dict[str, bool] = {"on_screen": False, "ready": False}
    result: dict[str, object] = {}

    def finish() -> None:
        if "event" not in result and state["on_screen"] and state["ready"]:
            result["event"] = time.monotonic()
            result["note_event"] = marks["on_screen"]
            result["since_process_start"] = since_process_start()
        if "event" not in result or "rendered" not in marks or "finished" in state:
            return  # the note's own render is waited for too, for its mark
        state["finished"] = True
        if args.memory > 0 and args.after_index:
            wait_for_index()
        elif args.memory > 0:
            sample_memory()
        else:
            app.quit()

    def on_screen(_path: str, rendered: bool) -> None:
        # A note's page (not the "open a folder" page): from the cache, or as rendered now.
        now = time.monotonic()
        marks.setdefault("on_screen", now)
        if rendered:
            marks.setdefault("rendered", now)
        state["on_screen"] = True
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

    def parts_built() -> None:
        window.search.indexed.connect(builds.append)

    def player_made() -> None:
        # The player is made once the first page is on screen; keep it offline from the start.
        if window.player.profile is not None:
            block_remote_requests(window.player_profile)
        else:
            window.player.started.connect(lambda: block_remote_requests(window.player_profile))
        window.player.readyChanged.connect(on_ready)
        state["ready"] = window.player.is_ready

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

    QTimer.singleShot(int(args.timeout * 1000), give_up)
    window.display.pageShown.connect(on_screen)
    window.resize(1400, 820)
    opened = True
    staged = None
    if args.folder is not None:  # viewer FOLDER
        window.show()
        player_made()
        parts_built()
        opened = window.open_folder(args.folder, args.note)
    else:  # viewer
        staged = start(window, None)
        if staged is None:  # built at once: no page kept yet, or not a good one
            player_made()
            parts_built()
        else:
            # After the start's own handler, which makes the player.
            def made(_ok: bool) -> None:
                window.note_view.loadFinished.disconnect(made)
                player_made()

            window.note_view.loadFinished.connect(made)
            staged.done.connect(parts_built)
    marks["opened"] = time.monotonic()
    if not opened:
        result["error"] = f"could not open {args.folder}"
    else:
        app.exec()
    if staged is not None:
        marks.update({f"start_{key}": value for key, value in staged.marks.items()})
    result["cached"] = staged is not None
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
