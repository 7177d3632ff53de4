"""Work in slices between events: each slice runs a step of each job, and a job's steps can
be handed to another job."""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from viewer.app.slices import Slices
from viewer.core.stepwise import Steps


def counting(steps: list[int], count: int) -> Steps[str]:
    for step in range(count):
        steps.append(step)
        yield
    return "counted"


def test_a_slice_runs_a_step_of_each_job_however_short(qtbot: QtBot) -> None:
    slices = Slices(slice_ms=0)
    first: list[int] = []
    second: list[int] = []
    slices.start(counting(first, 3))
    slices.start(counting(second, 2))
    qtbot.waitUntil(lambda: not slices.busy(), timeout=5_000)
    assert first == [0, 1, 2]
    assert second == [0, 1]


def test_a_job_taken_is_run_no_more_and_its_steps_go_on_where_they_were(qtbot: QtBot) -> None:
    slices = Slices(slice_ms=0)
    steps: list[int] = []
    done: list[str] = []
    job = slices.start(counting(steps, 10_000), done=done.append)
    qtbot.waitUntil(lambda: len(steps) >= 2, timeout=5_000)
    rest = slices.take(job)
    assert rest is not None and not job.running and not slices.busy()
    taken_at = len(steps)
    assert 2 <= taken_at < 10_000
    assert list(rest) == [None] * (10_000 - taken_at)
    assert steps == list(range(10_000))
    assert done == []  # its ``done`` is the taker's to call, if any
    assert slices.take(job) is None


def test_a_step_that_gives_way_ends_the_slice(qtbot: QtBot) -> None:
    slices = Slices(slice_ms=60_000)  # else the whole job in one slice
    steps: list[int] = []
    slices_run: list[int] = []

    def giving_way() -> Steps[None]:
        for step in range(6):
            steps.append(step)
            if step % 2:
                slices.give_way()
            yield

    other: list[int] = []
    slices.start(giving_way())
    slices.start(counting(other, 6))
    while slices.busy():
        slices._run()
        slices_run.append(len(steps))
    # Two steps a slice (the second gives way); the other job had a step in the first slice.
    assert slices_run == [2, 4, 6, 6]
    assert other == list(range(6))


def test_a_timer_due_during_a_slice_fires_before_the_next(qtbot: QtBot) -> None:
    slices = Slices(slice_ms=0)  # a step a slice
    ticks: list[float] = []
    timer = QTimer(interval=1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    seen: list[int] = []

    def slow() -> Steps[None]:
        for _ in range(8):
            time.sleep(0.004)  # longer than the timer's interval: it is due when this ends
            seen.append(len(ticks))
            yield

    qtbot.waitUntil(lambda: len(ticks) >= 2, timeout=5_000)
    slices.start(slow())
    qtbot.waitUntil(lambda: not slices.busy(), timeout=5_000)
    timer.stop()
    # The timer fired between each two slices, not after two or more in a row.
    assert all(later > earlier for earlier, later in itertools.pairwise(seen)), seen
