"""Long work on the UI thread in slices of a few milliseconds, between the reader's events.

The lists of the window (the quick switcher's ranking, the navigator's filter and order) work
through a folder's notes in Python. A worker thread would not finish that sooner: Python runs
one thread at a time, and a busy worker makes the window wait for the interpreter each time it
calls Python (a paint, a key). So the work is a generator of short steps
(:mod:`viewer.core.stepwise`) run here: steps until the slice's time is up, then back to the
event loop, which handles keys, paints and timers before the next slice::

    slices = Slices(parent)
    job = slices.start(ranking.steps(), done=show)   # runs from the next turn of the loop
    job.cancel()                                      # a newer query: this one is stale

A job never runs inside :meth:`Slices.start`, so a key press returns to the event loop before
any of its work is done. Jobs started together share each slice, in turn.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("viewer.slices")

#: How long one slice may run: well under a frame (16 ms at 60 Hz), with room for the paint
#: and the events that follow it.
SLICE_MS = 4.0


class Job:
    """Work started with :meth:`Slices.start`; ``done`` is called with its result."""

    def __init__(
        self, steps: Generator[None, None, Any], done: Callable[[Any], None] | None
    ) -> None:
        self.steps = steps
        self.done = done
        self.finished = False
        self.cancelled = False

    def cancel(self) -> None:
        """Stop it: no more steps, and ``done`` is not called."""
        if not self.finished and not self.cancelled:
            self.cancelled = True
            with contextlib.suppress(ValueError):  # cancelled from within its own step
                self.steps.close()

    @property
    def running(self) -> bool:
        return not (self.finished or self.cancelled)


class Slices(QObject):
    """Runs jobs a slice at a time, each slice at most :data:`SLICE_MS` long (one step may
    take a little longer: a step is what the job does between two ``yield``\\ s)."""

    def __init__(self, parent: QObject | None = None, slice_ms: float = SLICE_MS) -> None:
        super().__init__(parent)
        self.slice_s = slice_ms / 1000
        self._jobs: list[Job] = []
        self._give_way = False
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._run)

    def start(
        self, steps: Generator[None, None, Any], done: Callable[[Any], None] | None = None
    ) -> Job:
        job = Job(steps, done)
        self._jobs.append(job)
        if not self._timer.isActive():
            self._timer.start()
        return job

    def finish_now(self, job: Job) -> None:
        """Run the rest of ``job`` at once (the reader asked for its result)."""
        if not job.running:
            return
        if job in self._jobs:
            self._jobs.remove(job)
        self._step(job, until_done=True)

    def take(self, job: Job) -> Generator[None, None, Any] | None:
        """The rest of ``job``'s steps, for another job to run (``None`` if it is not
        running): it is no longer run here, and its ``done`` is not called."""
        if not job.running:
            return None
        if job in self._jobs:
            self._jobs.remove(job)
        job.finished = True
        return job.steps

    def give_way(self) -> None:
        """End the slice that runs now once the step that calls this is done: what it changed
        on screen (a list filled) is painted before the next step, not after it."""
        self._give_way = True

    def busy(self) -> bool:
        return any(job.running for job in self._jobs)

    def stop(self) -> None:
        """Cancel every job (the window is closing)."""
        for job in self._jobs:
            job.cancel()
        self._jobs.clear()
        self._timer.stop()

    def _run(self) -> None:
        # A step of each job at least, however short the slice, unless one gives way.
        deadline = time.perf_counter() + self.slice_s
        self._give_way = False
        ended = False
        while self._jobs and not ended:
            for job in list(self._jobs):
                if job.running:
                    self._step(job)
                if not job.running and job in self._jobs:
                    self._jobs.remove(job)
                ended = self._give_way or time.perf_counter() >= deadline
                if ended:
                    break
        if not self._jobs:
            self._timer.stop()
        else:
            # Due from now, not from when this slice began: a timer due since then (a
            # window's, a paint's) goes first, rather than after the next slice.
            self._timer.start()

    @staticmethod
    def _step(job: Job, until_done: bool = False) -> None:
        try:
            next(job.steps)
            while until_done:
                next(job.steps)
        except StopIteration as end:
            job.finished = True
            if job.done is not None:
                job.done(end.value)
        except Exception:  # a bug in one job: said, and the others go on
            job.finished = True
            log.exception("work in slices failed")
