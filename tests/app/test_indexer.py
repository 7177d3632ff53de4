"""The search index is built off the UI thread: progress, result, cancel, and a live window."""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from benchmarks import generate, transcripts
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from viewer.app import indexer as indexer_module
from viewer.app.indexer import BuildOutcome, SearchIndexer
from viewer.core.search import SearchIndex


def test_the_event_loop_keeps_turning_while_a_folder_is_indexed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    generate.generate_folder(root, 3000)  # long enough a build to see the timer through
    indexer = SearchIndexer(root, tmp_path / "cache")
    seen: list[tuple[int, int]] = []
    indexer.progress.connect(lambda done, total: seen.append((done, total)))
    ticks: list[float] = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    with qtbot.waitSignal(indexer.finished, timeout=120_000) as finished:
        indexer.start()
        assert indexer.is_running()
    elapsed = time.monotonic() - started
    timer.stop()
    outcome = finished.args[0]
    assert isinstance(outcome, BuildOutcome)
    assert (outcome.report.indexed, outcome.report.cancelled, outcome.notices) == (3000, False, [])
    assert seen[0] == (0, 3000) and seen[-1] == (3000, 3000)
    assert not indexer.is_running()
    gaps = [later - earlier for earlier, later in pairwise(ticks)]
    # A build on the UI thread would give one gap as long as the build. Here the timer
    # fires all along; how short the longest gap is, is measured by the benchmarks.
    assert elapsed > 0.4 and len(ticks) > elapsed / 0.05
    assert max(gaps) < elapsed / 4
    with SearchIndex(root, tmp_path / "cache") as index:
        assert index.search("transformer").hits


def test_a_build_is_cancelled_and_a_second_start_waits_for_the_first(
    qtbot: QtBot, tmp_path: Path
) -> None:
    root = tmp_path / "notes"
    generate.generate_folder(root, 1200)  # more than a cancel's trip lets by
    indexer = SearchIndexer(root, tmp_path / "cache")
    outcomes: list[BuildOutcome] = []
    indexer.finished.connect(outcomes.append)
    indexer.progress.connect(lambda done, _total: indexer.cancel() if done else None)
    with qtbot.waitSignal(indexer.finished, timeout=60_000):
        indexer.start()
    first = outcomes[0].report
    # The worker goes on reading while the cancel travels from the UI thread: it stops at
    # the next note it asks about, long before the end.
    assert first.cancelled and 100 <= first.indexed < 1200
    indexer.progress.disconnect()
    with qtbot.waitSignals([indexer.finished, indexer.finished], timeout=60_000):
        indexer.start()
        indexer.start()  # the folder changed meanwhile: one more build after this one
    assert [o.report.cancelled for o in outcomes] == [True, False, False]
    assert [o.report.indexed for o in outcomes] == [first.indexed, 1200 - first.indexed, 0]


@pytest.mark.allow_log(r"^building the search index of .* failed$")
def test_a_build_that_fails_says_so_and_the_next_one_works(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "notes"
    generate.generate_folder(root, 5)
    real = indexer_module.build_index

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in building")

    monkeypatch.setattr(indexer_module, "build_index", broken)
    indexer = SearchIndexer(root, tmp_path / "cache")
    outcomes: list[BuildOutcome] = []
    indexer.finished.connect(outcomes.append)
    with qtbot.waitSignal(indexer.finished, timeout=10_000):
        indexer.start()
    assert outcomes[0].report.cancelled
    assert outcomes[0].notices == [
        "The search index could not be built (RuntimeError: a bug in building)."
    ]
    assert not indexer.is_running()
    monkeypatch.setattr(indexer_module, "build_index", real)
    with qtbot.waitSignal(indexer.finished, timeout=30_000):
        indexer.start()
    assert outcomes[1].report.indexed == 5 and not outcomes[1].report.cancelled


def test_progress_counts_the_transcripts_read(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "notes"
    generate.generate_folder(root, 250)
    made = transcripts.add_transcripts(root, every=50, cues=400)
    indexer = SearchIndexer(root, tmp_path / "cache")
    seen: list[tuple[int, int, int]] = []
    indexer.progress.connect(lambda done, total: seen.append((done, total, indexer.transcripts)))
    with qtbot.waitSignal(indexer.finished, timeout=120_000) as finished:
        indexer.start()
    report = finished.args[0].report
    assert (report.indexed, report.transcripts, len(made)) == (250, 5, 5)
    # Notes and transcript files, counted together, and how many of them are transcripts.
    assert seen[0] == (0, 255, 5) and seen[-1] == (255, 255, 5)
    assert [done for done, _total, _ in seen] == sorted(done for done, _total, _ in seen)
    with SearchIndex(root, tmp_path / "cache") as index:
        assert {hit.source for hit in index.search("the in:transcript").hits} == {"transcript"}
    # Nothing changed: a build counts nothing, transcripts or notes.
    seen.clear()
    with qtbot.waitSignal(indexer.finished, timeout=60_000):
        indexer.start()
    assert seen == [(0, 0, 0)]
