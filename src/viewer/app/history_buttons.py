"""The mouse's back and forward buttons, wherever the pointer is over the window's panes.

    buttons = HistoryButtons(window)
    buttons.watch(note_view)      # and the list's viewport, the player's pictures…
    buttons.back.connect(session_back)

A web view draws through a child widget it makes when it first shows a page: that one is
watched too when it comes. Only the press acts; the release is swallowed too, or the page
would go back in its own history and cancel the note being loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)


class HistoryButtons(QObject):
    back = Signal()
    forward = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watched: list[QObject] = []

    def watch(self, widget: QWidget) -> None:
        if widget in self._watched:
            return
        widget.installEventFilter(self)
        self._watched.append(widget)
        widget.destroyed.connect(lambda _=None, w=widget: self._forget(w))
        if (proxy := widget.focusProxy()) is not None:
            self.watch(proxy)

    def _forget(self, widget: QObject) -> None:
        if widget in self._watched:
            self._watched.remove(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ChildPolished and isinstance(watched, QWidget):
            if (proxy := watched.focusProxy()) is not None:
                self.watch(proxy)
        elif isinstance(event, QMouseEvent) and event.button() in _BUTTONS:
            if kind == QEvent.Type.MouseButtonPress:
                is_back = event.button() == Qt.MouseButton.BackButton
                (self.back if is_back else self.forward).emit()
            return True
        return super().eventFilter(watched, event)
