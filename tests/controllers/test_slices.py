"""Work in slices between events: each slice runs a step of each job, and a job's steps can
be handed to another job."""

from __future__ import annotations

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
