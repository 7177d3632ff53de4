"""Every signal an object emits, in order, with its arguments: what a controller told the
window, read back by a test."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMetaMethod, QObject


class SignalLog:
    """Records each signal ``source`` declares (its own, not QObject's) as it is emitted."""

    def __init__(self, source: QObject) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        meta = source.metaObject()
        for index in range(QObject.staticMetaObject.methodCount(), meta.methodCount()):
            method = meta.method(index)
            if method.methodType() != QMetaMethod.MethodType.Signal:
                continue
            name = bytes(method.name().data()).decode()
            getattr(source, name).connect(lambda *args, name=name: self.events.append((name, args)))

    def names(self) -> list[str]:
        """The signals emitted, in order."""
        return [name for name, _args in self.events]

    def args(self, name: str) -> list[Any]:
        """The arguments of each emission of ``name``: the value itself for a signal of one
        argument, a tuple for more, ``()`` for none."""
        return [
            args[0] if len(args) == 1 else args for emitted, args in self.events if emitted == name
        ]

    def clear(self) -> None:
        self.events.clear()
