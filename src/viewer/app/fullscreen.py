"""Fullscreen: the video pane alone on the screen, and everything around it back after.

    fullscreen = Fullscreen(window, lambda: [sidebar, note_pane, window.menuBar(), ...])
    fullscreen.changed.connect(leave_action.setEnabled)
    fullscreen.toggle()      # F, the control bar's button, a double-click on the picture
    fullscreen.set(False)    # Esc

While the video is in a window of its own (:mod:`.pop_out`), that window fills the screen
instead, and nothing of the main window is hidden.

The window keeps its keys while the menu bar is hidden (its actions are the window's own).
A web page's own request (the video element's button, YouTube's) goes through
:meth:`page_requested`, which accepts it. While fullscreen, Esc is the app's wherever the
keyboard is: a web page would take it for itself. It is caught on the window and on the widget
with the focus (followed as it moves), not by a filter on the whole application: one made
while Chromium asks for fullscreen crashed PySide.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWebEngineCore import QWebEngineFullScreenRequest
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class Fullscreen(QObject):
    #: Whether the window is now fullscreen.
    changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        around: Callable[[], list[QWidget]],
        video_window: Callable[[], QWidget] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        #: What hides in fullscreen: everything but the video pane.
        self.around = around
        #: The window the video is in: the main window, or one of its own.
        self.video_window = video_window or (lambda: window)
        #: While fullscreen: the window that fills the screen, its state before, and the
        #: widgets hidden then.
        self._before: tuple[QWidget, Qt.WindowState, list[QWidget]] | None = None
        #: The widgets whose keys are watched for Esc while fullscreen.
        self._watched: list[QWidget] = []

    @property
    def active(self) -> bool:
        return self._before is not None

    def toggle(self) -> None:
        self.set(not self.active)

    def set(self, on: bool) -> None:
        if on == self.active:
            return
        if on:
            window = self.video_window()
            hidden = [
                widget
                for widget in self.around()
                if widget.isVisible() and widget.window() is window
            ]
            self._before = (window, window.windowState(), hidden)
            for widget in hidden:
                widget.hide()
            window.showFullScreen()
            self._watch(None, window)
            self._watch(None, QApplication.focusWidget())
            _application().focusChanged.connect(self._watch)
        else:
            _application().focusChanged.disconnect(self._watch)
            for widget in self._watched:
                widget.removeEventFilter(self)
            self._watched.clear()
            assert self._before is not None
            window, state, shown = self._before
            self._before = None
            for widget in shown:
                widget.show()
            window.setWindowState(state)
        self.changed.emit(on)

    def page_requested(self, request: QWebEngineFullScreenRequest) -> None:
        """The video element or YouTube's own button asked: the pane goes fullscreen with it."""
        request.accept()
        self.set(request.toggleOn())

    def _watch(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new not in self._watched:
            new.installEventFilter(self)
            self._watched.append(new)
            new.destroyed.connect(self._forget)

    def _forget(self, gone: QObject) -> None:
        self._watched = [widget for widget in self._watched if widget is not gone]

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


def _application() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
