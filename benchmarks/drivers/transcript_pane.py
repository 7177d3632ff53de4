"""The app with a note's three-hour transcript open in the pane under the video, or the same
note without one: its memory, and how long the transcript took to be on screen.

    python -m benchmarks.drivers.transcript_pane FOLDER [--note N] [--memory SECONDS]

Opens the folder at the note (a YouTube note; the player is kept offline, as in the other
memory rows), waits until the note is on screen and the player ready, and, if the note has a
transcript, until the pane has listed and laid out every cue; then samples the memory of the
process and its QtWebEngine helpers for ``--memory`` seconds and reports the largest sum.
Prints one JSON line: ``memory``, ``cues`` (0 without a transcript), ``ready_ms``, from the
open until the note, the player and the transcript were all on screen (polled every 20 ms),
and ``longest_stall_ms``, the longest the event loop did not turn until then.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import time
from pathlib import Path

from benchmarks.drivers._common import (
    block_remote_requests,
    emit,
    exit_now,
    sample_memory_then_quit,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--note", default="talk.md")
    parser.add_argument("--memory", type=float, default=1.5, help="seconds to sample memory")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    from viewer.app.application import create_application

    app = create_application(sys.argv[:1])
    from PySide6.QtCore import QTimer

    from viewer.app.main_window import MainWindow

    window = MainWindow()
    window.resize(1400, 820)
    window.show()
    # The player is made once the first page is on screen; offline from the start.
    window.player.started.connect(lambda: block_remote_requests(window.player_profile))
    wanted = any(args.folder.rglob("*.vtt"))
    watch = QTimer(window, interval=20)
    result: dict[str, object] = {}
    samples: list[dict[str, object]] = []
    state = {"on_screen": False, "sampling": False}
    opened = time.monotonic()

    def check() -> None:
        if state["sampling"]:
            return
        pane = window.transcript_pane
        rows = pane.model.rowCount()
        # Every cue listed and laid out (the list does it a batch at a time).
        last = pane.list.visualRect(pane.model.index(rows - 1)) if rows else None
        listed = pane.isVisible() and last is not None and last.isValid()
        if state["on_screen"] and window.player.is_ready and (listed or not wanted):
            state["sampling"] = True
            watch.stop()
            result["ready_ms"] = (time.monotonic() - opened) * 1000
            result["cues"] = pane.model.rowCount() if wanted else 0
            sample_memory_then_quit(app, window, args.memory, samples)

    def on_screen(_path: str, _rendered: bool) -> None:
        state["on_screen"] = True
        check()

    def give_up() -> None:
        result["error"] = f"timed out after {args.timeout:g} s"
        app.quit()

    ticks: list[float] = []

    def tick() -> None:
        ticks.append(time.monotonic())
        check()

    window.display.pageShown.connect(on_screen)
    window.player.readyChanged.connect(lambda _ready: check())
    window.player.stateChanged.connect(lambda _state: check())
    watch.timeout.connect(tick)
    watch.start()
    QTimer.singleShot(int(args.timeout * 1000), give_up)
    opened = time.monotonic()
    if not window.open_folder(args.folder, args.note):
        result["error"] = f"could not open {args.folder}"
    else:
        app.exec()
    if len(ticks) > 1:
        # The longest the event loop did not turn between the open and the sampling.
        gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
        result["longest_stall_ms"] = max(gaps) * 1000
    if samples:
        result["memory"] = max(samples, key=lambda sample: int(sample["pss_kib"]))  # type: ignore[call-overload]
    emit(result)
    window.close()
    window.shutdown()
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    exit_now(main())
