"""The UI thread's event loop while the search index is built, in a fresh process.

    python -m benchmarks.drivers.search_ui FOLDER --cache DIR --mode index|idle [--seconds S]

A 5 ms ``QTimer`` runs on the UI thread of a ``QGuiApplication`` (offscreen) and records when
it fires. ``index``: meanwhile ``SearchIndexer`` builds the folder's index from nothing in its
worker thread, until ``finished``. ``idle``: the baseline, the same timer for ``--seconds``
with nothing else running. Prints the longest gap between two ticks, and the 99th percentile.
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import pairwise
from pathlib import Path

from benchmarks.drivers._common import emit, exit_now
from benchmarks.stats import percentile


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--mode", choices=("index", "idle"), required=True)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from viewer.app.indexer import SearchIndexer

    app = QGuiApplication(["search-ui-benchmark"])
    ticks: list[float] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    outcome: list[object] = []
    indexer = SearchIndexer(args.folder.absolute(), args.cache)

    def begin() -> None:
        ticks.append(time.monotonic())
        timer.start()
        if args.mode == "index":
            indexer.finished.connect(lambda result: (outcome.append(result), app.quit()))
            indexer.start()
        else:
            QTimer.singleShot(int(args.seconds * 1000), app.quit)

    QTimer.singleShot(0, begin)
    app.exec()
    timer.stop()
    gaps = [(later - earlier) * 1000 for earlier, later in pairwise(ticks)]
    emit(
        {
            "seconds": ticks[-1] - ticks[0],
            "max_gap_ms": max(gaps),
            "p99_gap_ms": percentile(gaps, 0.99),
            "ticks": len(ticks),
            "indexed": getattr(getattr(outcome[0], "report", None), "indexed", 0) if outcome else 0,
        }
    )
    exit_now(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
