"""The Qt bindings the app ships with keep Python's reference counts intact.

PySide6 6.12.0 lost a reference to ``True`` on every ``Signal.emit()`` made from Python; the
player emits several a second, and the app aborted ("bool_dealloc") after a few minutes of
playback. This guards the pinned version.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(float)
    flag = Signal(bool)
    nothing = Signal()


def test_emitting_signals_from_python_leaves_reference_counts_alone() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.number.connect(received.append)
    emitter.flag.connect(received.append)
    emitter.nothing.connect(lambda: received.append(None))
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(200):
        emitter.number.emit(1.5)
        emitter.flag.emit(True)
        emitter.nothing.emit()
    received.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert after == before
