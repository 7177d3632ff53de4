"""Fullscreen: the video pane alone on the screen, and everything around it back after.

    fullscreen = Fullscreen(window, lambda: [sidebar, note_pane, window.menuBar(), ...])
    fullscreen.changed.connect(leave_action.setEnabled)
    fullscreen.toggle()      # F, the control bar's button, a double-click on the picture
    fullscreen.set(False)    # Esc

The window keeps its keys while the menu bar is hidden (its actions are the window's own).
A web page's own request (the video element's button, YouTube's) goes through
:meth:`page_requested`, which accepts it. While fullscreen, Esc is the app's wherever the
keyboard is: a web page would take it for itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWebEngineCore import QWebEngineFullScreenRequest
from PySide6.QtWidgets import QMainWindow, QWidget


class Fullscreen(QObject):
    #: Whether the window is now fullscreen.
    changed = Signal(bool)

    def __init__(self, window: QMainWindow, around: Callable[[], list[QWidget]]) -> None:
        super().__init__(window)
        self.window = window
        #: What hides in fullscreen: everything but the video pane.
        self.around = around
        #: While fullscreen: the window's state before, and the widgets hidden then.
        self._before: tuple[Qt.WindowState, list[QWidget]] | None = None

    @property
    def active(self) -> bool:
        return self._before is not None

    def toggle(self) -> None:
        self.set(not self.active)

    def set(self, on: bool) -> None:
        if on == self.active:
            return
        window = self.window
        if on:
            hidden = [widget for widget in self.around() if widget.isVisible()]
            self._before = (window.windowState(), hidden)
            for widget in hidden:
                widget.hide()
            window.showFullScreen()
            if (app := QCoreApplication.instance()) is not None:
                app.installEventFilter(self)
        else:
            if (app := QCoreApplication.instance()) is not None:
                app.removeEventFilter(self)
            assert self._before is not None
            state, shown = self._before
            self._before = None
            for widget in shown:
                widget.show()
            window.setWindowState(state)
        self.changed.emit(on)

    def page_requested(self, request: QWebEngineFullScreenRequest) -> None:
        """The video element or YouTube's own button asked: the pane goes fullscreen with it."""
        request.accept()
        self.set(request.toggleOn())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            self.active
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        ):
            if kind == QEvent.Type.KeyPress:
                self.set(False)
            event.accept()
            return True
        return super().eventFilter(watched, event)
