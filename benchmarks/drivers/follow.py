"""What follow-along costs while a video plays: the app's CPU with following on, against off.

    python -m benchmarks.drivers.follow [--seconds S] [--runs N]

Opens a note about the bundled 40-second clock video with a timestamp every second, in
passages far apart (so every second the highlight moves and the note scrolls), and plays it
from the start for ``--seconds`` with "Follow" on, then off, alternating, ``--runs`` times
each. Measures the CPU time of the app's process and its QtWebEngine helpers over each
stretch. Prints one JSON line with the samples.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.drivers._common import emit, exit_now
from benchmarks.procmem import tree_cpu_seconds

FILLER = " ".join(["The speaker goes on about the matter at hand."] * 12)


def write_note(folder: Path, clip: Path) -> None:
    (folder / "media").mkdir(parents=True)
    shutil.copy(clip, folder / "media" / "clock.webm")
    passages = "\n\n".join(
        f"{FILLER} Said at {second} s "
        f'<a class="yt-timestamp" data-t="00:{second:02d}">[00:{second:02d}]</a>.'
        for second in range(40)
    )
    (folder / "talk.md").write_text(
        f"---\ntitle: Every second\nvideo: media/clock.webm\n---\n\n{passages}\n", "utf-8"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    from viewer.app.application import create_application

    app = create_application(sys.argv[:1])
    from PySide6.QtCore import QEventLoop

    from viewer.app.main_window import MainWindow
    from viewer.resources import bundled_notes

    loop = QEventLoop()
    deadline = time.monotonic() + args.timeout

    def wait(done: Callable[[], bool], limit: float) -> None:
        until = min(deadline, time.monotonic() + limit)
        while not done() and time.monotonic() < until:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    scratch = Path(tempfile.mkdtemp(prefix="viewer-follow-"))
    write_note(scratch / "notes", bundled_notes() / "media" / "test-pattern.webm")
    window = MainWindow()
    window.resize(1400, 820)
    window.show()
    window.open_folder(scratch / "notes", "talk.md")
    wait(lambda: window.player.state.duration > 0 and len(window.follow.times) == 40, 30)
    samples: dict[str, list[float]] = {"on": [], "off": []}
    moves = {"on": 0, "off": 0}
    try:
        for run in range(args.runs * 2):
            mode = ("on", "off")[run % 2]
            window.follow.enabled = mode == "on"
            window.player.seek(0.0, play=True)
            wait(lambda: window.player.state.playing and window.player.state.current_time < 2, 10)
            first = window.follow.current
            before = tree_cpu_seconds(app.applicationPid())
            wait(lambda: False, args.seconds)
            samples[mode].append(tree_cpu_seconds(app.applicationPid()) - before)
            moves[mode] += (window.follow.current or 0) - (first or 0)
            window.player.pause()
    finally:
        window.close()
        window.shutdown()
        shutil.rmtree(scratch, ignore_errors=True)
    emit({"samples": samples, "passage_changes": moves, "seconds": args.seconds})
    return 0


if __name__ == "__main__":
    exit_now(main())
