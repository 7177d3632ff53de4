"""The video in a window of its own: on a second screen, or kept above everything else as a
picture in picture, while the note and the transcript stay in the main window.

    pop_out = PopOut(window, panes, column, player, settings, fullscreen)
    pop_out.set(True)          # View › Pop Out Video, I, the control bar's button
    pop_out.set_on_top(True)   # View › Keep Video on Top, the pop-out's pin button
    pop_out.set(False)         # the same again, or closing the video's window

The player pane (picture and control bar) moves between the main window's column and the
video's window; it is the same widget with the same players, so playback goes on through
the move: the web player's page is not loaded again and the native player's picture goes on
in its new window (both measured on the offscreen platform and on a real X server; see the
tests). The main window's actions are the video window's too, so every key works from
either window. Whether the video is popped out, where its window was and whether it is kept
on top are remembered (:mod:`.settings`); the next start opens it the same way.

Keeping on top is set on the window as it is shown (``QWindow.setFlag``), not with
``QWidget.setWindowFlags``, which hides the window and makes it again.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QVBoxLayout, QWidget

from viewer.app.fullscreen import Fullscreen
from viewer.app.panes import PlayerColumn
from viewer.app.player.pane import PlayerPane
from viewer.app.settings import Settings

#: The video window's first size: a 16:9 picture 640 pixels wide, and the control bar.
FIRST_SIZE = QSize(640, 400)
#: How far from the screen's corner the video window first shows.
MARGIN = 24
#: The share of the note's and the column's room the transcript keeps while it has the column
#: to itself (the video is out): a line of a cue needs less than a picture.
TRANSCRIPT_SHARE = 0.4

OnTop = Qt.WindowType.WindowStaysOnTopHint


class VideoWindow(QWidget):
    """The video's own window: the player pane and nothing else. Closing it puts the video
    back in the main window."""

    closing = Signal()

    def __init__(self, parent: QWidget) -> None:
        # A window of the main window's: it goes with it, and Qt quits when the main one
        # closes, not when this one does.
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("videoWindow")
        self.setAccessibleName("Video window")
        self.setMinimumSize(320, 220)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)


class PopOut(QObject):
    #: The video left for its own window (True) or came back.
    changed = Signal(bool)

    def __init__(
        self,
        main: QMainWindow,
        panes: QSplitter,
        column: PlayerColumn,
        player: PlayerPane,
        settings: Settings,
        fullscreen: Fullscreen,
    ) -> None:
        super().__init__(main)
        self.main, self.panes, self.column, self.player = main, panes, column, player
        self.settings, self.fullscreen = settings, fullscreen
        #: The video's window, made the first time it is needed.
        self.window: VideoWindow | None = None
        self.on_top = settings.pop_out_on_top
        #: How the column was shared (video, transcript) before the video left it, and the
        #: window (side pane, note, column), in this run.
        self._column_sizes = column.saveState()
        self._panes_sizes: QByteArray | None = None
        #: View › Pop Out Video and Keep Video on Top, once the menus are made (:meth:`bind`).
        self._actions: tuple[QAction, QAction] | None = None
        self._restored = False
        player.controls.popOutRequested.connect(self.toggle)
        player.controls.onTopRequested.connect(self.set_on_top)
        main.windowTitleChanged.connect(self._follow_title)

    @property
    def active(self) -> bool:
        """Is the video in its own window?"""
        return self.window is not None and self.player.window() is self.window

    def bind(self, pop_out: QAction, on_top: QAction) -> None:
        """The menu's commands (checkable), kept in step with the window."""
        self._actions = (pop_out, on_top)
        self._show_state()

    def restore(self) -> None:
        """Pop the video out if it was when the app last closed: once, when the main window
        first shows."""
        if not self._restored:
            self._restored = True
            if self.settings.pop_out:
                self.set(True, remember=False)

    def toggle(self) -> None:
        self.set(not self.active)

    def set(self, out: bool, remember: bool = True) -> None:
        """The video into its own window (``out``) or back; ``remember`` it for the next
        start. Playback goes on as it was."""
        if out == self.active:
            self._show_state()
            return
        self.fullscreen.set(False)
        keyboard_here = self.player.has_focus_within
        if out:
            self._column_sizes = self.column.saveState()
            self._panes_sizes = self.panes.saveState()
            window = self._video_window()
            window.column.addWidget(self.player)
            self.player.show()
            self.column.tidy()
            self._narrow_column()
            self._place(window)
            # The keyboard stays where the reader is: in the note, the main window stays
            # the active one; in the video pane, its new window becomes it.
            window.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not keyboard_here)
            window.show()
            self._apply_on_top(window)
            if keyboard_here:
                window.raise_()
                window.activateWindow()
        else:
            assert self.window is not None
            was_active = self.window.isActiveWindow()
            self.settings.pop_out_geometry = self.window.saveGeometry()
            self.column.take_back(self.player, self._column_sizes)
            if self._panes_sizes is not None:
                self.panes.restoreState(self._panes_sizes)
            self.window.hide()
            if keyboard_here or was_active:
                self.main.activateWindow()
        if remember:
            self.settings.pop_out = out
        self._show_state()
        self.changed.emit(out)

    def set_on_top(self, on: bool) -> None:
        """Keep the video's window above the others (picture in picture); remembered."""
        self.on_top = self.settings.pop_out_on_top = on
        if self.window is not None:
            self._apply_on_top(self.window)
        self._show_state()

    def leave(self) -> None:
        """The app closes: the video's window closes with it, and where it was is kept;
        whether the video was out is remembered as it was. The video stays in that window,
        which the main window frees with its own parts."""
        if self.active and self.window is not None:
            self.settings.pop_out_geometry = self.window.saveGeometry()
            self.window.hide()

    def column_sizes(self) -> QByteArray:
        """How the main window's column is shared between the video and the transcript: as it
        was before the video left it, while it is out."""
        return self._column_sizes if self.active else self.column.saveState()

    # Inside

    def _narrow_column(self) -> None:
        """The transcript alone keeps a narrower column; the note takes the rest."""
        index = self.panes.indexOf(self.column)
        if index < 1 or self.column.isHidden():
            return
        sizes = self.panes.sizes()
        room = sizes[index - 1] + sizes[index]
        sizes[index] = max(self.column.minimumWidth(), round(room * TRANSCRIPT_SHARE))
        sizes[index - 1] = room - sizes[index]
        self.panes.setSizes(sizes)

    def _video_window(self) -> VideoWindow:
        if self.window is None:
            window = self.window = VideoWindow(self.main)
            window.setWindowTitle(self.main.windowTitle())
            # Every command of the main window, with its keys, works from here too.
            window.addActions(self.main.actions())
            window.closing.connect(self._closing)
        return self.window

    def _place(self, window: VideoWindow) -> None:
        """Where the window was last time; the first time, the bottom right of the screen."""
        kept = self.settings.pop_out_geometry
        if kept is not None and window.restoreGeometry(kept):
            return
        window.resize(FIRST_SIZE)
        room = (self.main.screen() or QApplication.primaryScreen()).availableGeometry()
        corner = room.bottomRight() - QPoint(MARGIN, MARGIN)
        window.move(corner - QPoint(FIRST_SIZE.width(), FIRST_SIZE.height()))

    def _apply_on_top(self, window: VideoWindow) -> None:
        flags = window.windowFlags()
        window.overrideWindowFlags(flags | OnTop if self.on_top else flags & ~OnTop)
        if (handle := window.windowHandle()) is not None:
            handle.setFlag(OnTop, self.on_top)

    def _closing(self) -> None:
        """The reader closed the video's window: the video comes back."""
        if self.active:
            self.set(False)

    def _follow_title(self, title: str) -> None:
        if self.window is not None:
            self.window.setWindowTitle(title)

    def _show_state(self) -> None:
        out = self.active
        self.player.controls.show_popped_out(out, self.on_top)
        if self._actions is not None:
            pop_out, on_top = self._actions
            pop_out.setChecked(out)
            on_top.setChecked(self.on_top)
            on_top.setEnabled(out)
