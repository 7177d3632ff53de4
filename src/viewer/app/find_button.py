"""The flat buttons of a find bar (the note's and the transcript's): a symbol, a tip with the
key, and the tip without the key as the name a screen reader says."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QToolButton, QWidget


def find_button(parent: QWidget, text: str, tip: str, act: Callable[[], None]) -> QToolButton:
    """A flat button of a find bar: its text a symbol, its name the tip without the key."""
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setAutoRaise(True)
    button.clicked.connect(act)
    return button
