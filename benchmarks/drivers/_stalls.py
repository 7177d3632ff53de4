"""What the UI thread runs while it stalls: a thread that looks at the UI thread's stack when its
timer has not ticked for a while, and counts what it finds (``interactive --sample-stalls``).

It can only look while it holds the interpreter, so a stall spent in Python is seen every few
milliseconds; a stall spent in C++ (Qt's layout and paint) shows as the Python frame that
called into it, and one spent waiting shows other threads' frames beside it.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence

#: The UI thread is looked at when it has not ticked for this long.
AFTER_S = 0.008


def _frames(frame: object, depth: int) -> str:
    stack = traceback.extract_stack(frame)[-depth:]  # type: ignore[arg-type]
    return " <- ".join(
        f"{entry.name}@{entry.filename.rsplit('/', 1)[-1]}:{entry.lineno}"
        for entry in reversed(stack)
    )


class StallSampler:
    """Counts the stacks seen while ``ticks()`` (the UI timer's times) has not grown."""

    def __init__(self, ticks: Callable[[], Sequence[float]], ui_thread: int) -> None:
        self.ticks = ticks
        self.ui_thread = ui_thread
        self.seen: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        own = threading.get_ident()
        while self.running:
            time.sleep(0.002)
            ticks = self.ticks()
            if not ticks or time.perf_counter() - ticks[-1] < AFTER_S:
                continue
            frames = sys._current_frames()
            ui = frames.get(self.ui_thread)
            if ui is None:
                continue
            others = tuple(
                sorted(
                    _frames(frame, 2)
                    for ident, frame in frames.items()
                    if ident not in (own, self.ui_thread)
                )
            )
            self.seen[(_frames(ui, 6), others)] += 1

    def stop(self) -> list[dict[str, object]]:
        """The stacks seen most, with how often."""
        self.running = False
        self.thread.join(1)
        return [
            {"count": count, "ui": ui, "others": list(others)}
            for (ui, others), count in self.seen.most_common(30)
        ]
