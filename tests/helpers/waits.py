"""The two ways a test may let time pass besides waiting for what it expects.

Tests wait for signals and conditions (``qtbot.waitSignal``, ``qtbot.waitUntil``), never for a
guessed time. Two things are not that, and go through the helpers here, so that
``grep "qtbot.wait("`` finds no bare wait outside this folder:

- :func:`stays`: that something did NOT happen. A bare wait followed by a negative assertion
  passes if the event is merely late; this waits for a positive event first.
- :func:`play_for`: a measurement of real playback over a span of time (2 s at 2× advances
  4 s), where the time itself is what is measured.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot
from pytestqt.wait_signal import SignalBlocker


def stays(
    qtbot: QtBot,
    check: Callable[[], bool | None],
    *,
    after: Callable[[], bool] | SignalBlocker,
    timeout: int = 10_000,
) -> None:
    """Assert that ``check`` holds, once the app has provably got past the point where it
    would have stopped holding.

    ``after`` is that proof, a positive event the test observes: a later signal (a
    ``qtbot.waitSignal(...)`` blocker, armed before the action, not used as a context manager),
    or a condition that becomes true (polled with ``qtbot.waitUntil``), such as the answer to a
    later request through the same path (a click on a good link after the refused ones, a page
    round trip after the page's own load and frames, the next player state report, a witness
    that saw the same change). Choose it so that, had the unwanted thing been going to happen,
    it would have happened before the proof: then an unwanted event that is merely late is
    still caught. (``timeout`` is for a condition; a blocker has its own.)

    ``check`` is then run once: it returns ``False``, or raises ``AssertionError``, if the
    unwanted thing happened. If the proof never comes, the test fails on the timeout: it never
    passes by waiting for nothing.
    """
    __tracebackhide__ = True
    if isinstance(after, SignalBlocker):
        after.wait()
        assert after.signal_triggered, "the event that proves the app got past never came"
    else:
        qtbot.waitUntil(after, timeout=timeout)
    assert check() is not False, "what should not have happened did"


def event_loop_turned() -> Callable[[], bool]:
    """An ``after`` for :func:`stays` when the app had nothing to wait for: true once the event
    loop has gone round, so whatever was queued before now (queued calls, zero-time timers) has
    been handled."""
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    return lambda: bool(fired)


def play_for(qtbot: QtBot, seconds: float) -> float:
    """Let the video play for ``seconds`` of real time, events processed meanwhile; the time
    that really passed (a measurement of playback, not a wait for something to happen)."""
    began = time.monotonic()
    qtbot.wait(round(seconds * 1000))
    return time.monotonic() - began
