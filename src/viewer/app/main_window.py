"""The main window: the notes list, the rendered note and the video, side by side."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QMouseEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QWidget,
)

from viewer import __version__
from viewer.app import schemes
from viewer.app.history import History, Visit
from viewer.app.navigator import Navigator
from viewer.app.note_view import NoteProfile, NoteView
from viewer.app.player_view import PlayerProfile, PlayerView
from viewer.app.settings import Settings
from viewer.core.applinks import MissingNote, NoteLink, SeekLink, parse_link
from viewer.core.folder import NotesFolder, is_note_file
from viewer.core.index_cache import IndexCache
from viewer.core.note import Note
from viewer.core.note_page import note_document
from viewer.core.render import NoteRenderer
from viewer.core.timecode import format_seconds
from viewer.resources import asset_text, bundled_notes

log = logging.getLogger("viewer.window")

MAX_WATCHED_FOLDERS = 2000
_HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)


class MainWindow(QMainWindow):
    """Owns the opened folder and the current note; wires the panes to the core."""

    #: Emitted after a note has been shown (its folder-relative path).
    noteShown = Signal(str)

    def __init__(self, settings: Settings | None = None, index: IndexCache | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle("Viewer")
        self.setAcceptDrops(True)
        self.folder: NotesFolder | None = None
        self.current: str | None = None
        self.note: Note | None = None
        self.history = History()
        # Notes already read in an earlier run come from here: see viewer.core.index_cache.
        self._index = index or IndexCache()
        self._rendered_duration: float | None = None

        self.files = schemes.FolderFileHandler(self)
        self.note_profile = NoteProfile(self, self.files)
        self.player_profile = PlayerProfile(self, self.files)
        self.navigator = Navigator(self)
        self.note_view = NoteView(self.note_profile, self)
        self.player = PlayerView(self.player_profile, self)
        self.player.set_media_resolver(self._media_url)
        self.player.set_theme(_theme())
        # Made while Chromium starts the player's process.
        self._renderer = NoteRenderer()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in ((self.navigator, 0), (self.note_view, 3), (self.player, 4)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.navigator.setMinimumWidth(160)
        self.note_view.setMinimumWidth(280)
        self.player.setMinimumWidth(280)
        self.setCentralWidget(self.splitter)
        self.time_label = QLabel("", self)
        self.time_label.setObjectName("playerTime")
        self.statusBar().addPermanentWidget(self.time_label)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._note_file_changed)
        self.folder_watcher = QFileSystemWatcher(self)
        self._folder_timer = QTimer(self, singleShot=True, interval=400)
        self.folder_watcher.directoryChanged.connect(lambda _path: self._folder_timer.start())
        self._folder_timer.timeout.connect(self._reread_folder)
        self._reload_timer = QTimer(self, singleShot=True, interval=150)
        self._reload_timer.timeout.connect(self.reload_note)

        self._build_menus()
        self._connect()
        for widget in (self.navigator.list.viewport(), self.note_view, self.player):
            self._watch_mouse_buttons(widget)
        self._restore_layout()
        # A bound method, not a lambda: Qt drops the connection when the window goes away.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._color_scheme_changed)
        self._show_empty_note()

    # Building

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: object,
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
    ) -> QAction:
        action = QAction(text, self)
        # A standard key may already be one of the others (Refresh is F5): a key bound twice
        # is ambiguous to Qt, and then it does nothing.
        keys: list[QKeySequence] = []
        for key in shortcuts:
            if isinstance(key, QKeySequence.StandardKey):
                found = QKeySequence.keyBindings(key)
            else:
                found = [QKeySequence(key)]
            keys += [
                sequence for sequence in found if not sequence.isEmpty() and sequence not in keys
            ]
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "&Open Folder…", self.choose_folder, QKeySequence.StandardKey.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file, "Open &Sample Notes", self.open_samples)
        file.addSeparator()
        self._action(file, "&Reload", self.reload, QKeySequence.StandardKey.Refresh, "F5")
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit, "Ctrl+Q")

        view = bar.addMenu("&View")
        self._action(view, "Zoom &In", lambda: self.zoom(+1), "Ctrl+=", "Ctrl++")
        self._action(view, "Zoom &Out", lambda: self.zoom(-1), "Ctrl+-")
        self._action(view, "&Actual Size", lambda: self.zoom(0), "Ctrl+0")
        view.addSeparator()
        self._action(view, "&Filter Notes", self._focus_filter, "Ctrl+F", "Ctrl+L")

        go = bar.addMenu("&Go")
        self.back_action = self._action(go, "&Back", self.go_back, "Alt+Left")
        self.forward_action = self._action(go, "&Forward", self.go_forward, "Alt+Right")

        play = bar.addMenu("&Playback")
        self._action(play, "&Play / Pause", lambda: self.player.command("toggle"), "K")
        self._action(play, "Back 10 s", lambda: self.player.command("skip", -10), "J")
        self._action(play, "Forward 10 s", lambda: self.player.command("skip", 10), "L")
        self._action(play, "Open Video in &Browser", self.player.open_in_browser)
        # Inside the video pane, as on YouTube: Space toggles, arrows step 5 s.
        for key, command, value in (
            (Qt.Key.Key_Space, "toggle", 0.0),
            (Qt.Key.Key_Left, "skip", -5.0),
            (Qt.Key.Key_Right, "skip", 5.0),
        ):
            shortcut = QShortcut(QKeySequence(key), self.player)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(
                lambda command=command, value=value: self.player.command(command, value)
            )

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&About Viewer", self._about)
        self._update_history_actions()

    def _connect(self) -> None:
        self.navigator.noteActivated.connect(self.open_note)
        page = self.note_view.note_page
        page.seekRequested.connect(self.seek)
        page.noteRequested.connect(self._follow_note_link)
        page.missingNoteRequested.connect(self._missing_note)
        page.linkHovered.connect(self._link_hovered)
        self.player.stateChanged.connect(self._player_state)
        self.player.failed.connect(
            lambda _code, message: self.statusBar().showMessage(message, 8000)
        )

    def _restore_layout(self) -> None:
        if geometry := self.settings.geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 820)
        if state := self.settings.window_state:
            self.restoreState(state)
        if not (splitter := self.settings.splitter) or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([240, 560, 600])
        self.note_view.setZoomFactor(self.settings.zoom)

    # Folders

    def choose_folder(self) -> None:
        start = str(self.folder.root) if self.folder else str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self, "Open Notes Folder", start)
        if chosen:
            self.open_path(Path(chosen))

    def open_samples(self) -> None:
        self.open_path(bundled_notes())

    def open_path(self, path: Path) -> bool:
        """Open a folder, or a note in its folder. Says what is wrong instead of raising.

        A note inside a folder the reader has opened recently opens in the most recent such
        folder, so its links to the rest of it resolve; any other note opens in its own folder.
        """
        if not is_note_file(path):
            return self.open_folder(path)
        path = Path(os.path.abspath(path))
        recent = self.settings.recent_folders
        root = next((folder for folder in recent if folder in path.parents), path.parent)
        return self.open_folder(root, note=path.relative_to(root).as_posix())

    def open_folder(self, root: Path, note: str | None = None) -> bool:
        try:
            folder = NotesFolder.open(root, read=self._index)
        except OSError as error:
            message = (
                str(error)
                if isinstance(error, NotADirectoryError)
                else (f"'{root}' cannot be opened: {error.strerror or error}.")
            )
            self._warn("This folder cannot be opened", message)
            return False
        self.folder = folder
        self.files.root = folder.root
        self.history.clear()
        self.current = None
        self.navigator.set_folder(folder)
        self._watch_folder(folder)
        self.setWindowTitle(f"{folder.root.name} — Viewer")
        self.settings.add_recent_folder(folder.root)
        for problem in folder.problems:
            log.warning("%s: %s", folder.root, problem)
        count = len(folder)
        self.statusBar().showMessage(f"{count} note{'s' * (count != 1)} in {folder.root}", 5000)
        first = note if note in folder else self._first_note()
        if first:
            self.open_note(first)
        else:
            self._show_empty_note()
        return True

    def _first_note(self) -> str | None:
        if self.folder is None or not len(self.folder):
            return None
        for preferred in ("welcome.md", "index.md", "README.md"):
            if preferred in self.folder:
                return preferred
        return next(iter(self.folder)).path

    def reload(self) -> None:
        """F5: read the folder again and show the current note as it is now on disk."""
        if self._reread_folder() and self.current:
            self.reload_note()

    def _reread_folder(self) -> bool:
        """Read the open folder again; ``True`` if the current note (if any) is still in it."""
        if self.folder is None:
            return False
        try:
            folder = NotesFolder.open(self.folder.root, read=self._index)
        except OSError as error:
            self._warn("The folder is gone", f"'{self.folder.root}' cannot be read: {error}.")
            return False
        self.folder = folder
        self.navigator.set_folder(folder)
        self._watch_folder(folder)
        current = self.current
        if current is None or current in folder:
            if current:
                self.navigator.select(current)
            return True
        self.history.forget(current)
        self._update_history_actions()
        self._show_empty_note()
        self.statusBar().showMessage(f"'{current}' is no longer in the folder.", 8000)
        return False

    def _watch_folder(self, folder: NotesFolder) -> None:
        """Watch the folder and its sub-folders, so added and removed notes show up."""
        if watched := self.folder_watcher.directories():
            self.folder_watcher.removePaths(watched)
        folders = {str(folder.root)}
        folders.update(str((folder.root / path).parent) for path in folder.entries)
        # Each watched folder costs a system handle (inotify watches are limited).
        self.folder_watcher.addPaths(sorted(folders)[:MAX_WATCHED_FOLDERS])

    # Notes

    def open_note(self, path: str, heading: str | None = None) -> None:
        """Show the note at folder-relative ``path`` and remember it in the history."""
        if self.folder is None:
            return
        if path == self.current and heading:
            self.note_view.scroll_to_fragment(heading)
            return
        self._remember_place()
        self.history.visit(path)
        self._show(path, fragment=heading)

    def _remember_place(self) -> None:
        """Keep where the reader is in the current note, for coming back to it."""
        if (visit := self.history.current) is not None and visit.path == self.current:
            visit.scroll = self.note_view.scroll_y()

    def _follow_note_link(self, path: str, heading: str) -> None:
        if self.folder is None or path not in self.folder:
            self.statusBar().showMessage(f"'{path}' is not a note of this folder.", 8000)
            return
        self.open_note(path, heading or None)

    def _show(self, path: str, scroll: float | None = None, fragment: str | None = None) -> None:
        assert self.folder is not None
        note = self.folder.load(path)
        if watched := self.watcher.files():
            self.watcher.removePaths(watched)
        self.watcher.addPath(str(self.folder.root / path))
        same_note = path == self.current
        self.current, self.note = path, note
        self.setWindowTitle(f"{note.title} — {self.folder.root.name} — Viewer")
        if not same_note:
            self._rendered_duration = None
        self._render(scroll if scroll is not None else fragment)
        self.player.set_video(note.video)
        self.navigator.select(path)
        self.settings.remember_session(self.folder.root, path)
        self._update_history_actions()
        for problem in note.problems:
            log.info("%s: %s", path, problem)
        self.noteShown.emit(path)

    def _render(self, scroll_to: float | str | None = None) -> None:
        if self.folder is None or self.note is None or self.current is None:
            return
        folder = self.folder
        backlinks = sorted(
            ((path, folder.entries[path].title) for path in folder.backlinks(self.current)),
            key=lambda link: link[1].casefold(),
        )
        rendered = self._renderer.render(
            self.note, self.current, folder.resolve, self._rendered_duration, backlinks
        )
        document = note_document(rendered.html, asset_text("note.css"), _theme())
        base = QUrl(schemes.file_url(self.current))
        self.note_view.show_html(document, base, scroll_to)

    def _color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.player.set_theme(_theme())
        self.rerender()

    def rerender(self) -> None:
        """Render the current note again, keeping the reader's place."""
        self._render(self.note_view.scroll_y())

    def reload_note(self) -> None:
        if self.folder is None or self.current is None:
            return
        self._show(self.current, scroll=self.note_view.scroll_y())

    def _note_file_changed(self, path: str) -> None:
        # Editors often save by replacing the file: watch the new one, and wait until it settles.
        if Path(path).exists() and path not in self.watcher.files():
            self.watcher.addPath(path)
        self._reload_timer.start()

    def _show_empty_note(self) -> None:
        title = "Open a notes folder" if self.folder is None else "No notes here"
        article = (
            f"<article class='note empty'><h1 class='note-title'>{title}</h1>"
            "<p>Open a folder of Markdown notes with <b>File › Open Folder</b> (Ctrl+O), "
            "or drop one on this window.</p></article>"
        )
        self.note_view.show_html(
            note_document(article, asset_text("note.css"), _theme()), QUrl(schemes.file_url(""))
        )
        self.current = self.note = None
        self.player.set_video(None)

    # History

    def go_back(self) -> None:
        self._remember_place()
        self._go(self.history.back())

    def go_forward(self) -> None:
        self._remember_place()
        self._go(self.history.forward())

    def _go(self, visit: Visit | None) -> None:
        if visit is not None and self.folder is not None:
            if visit.path in self.folder:
                self._show(visit.path, scroll=visit.scroll)
            else:
                self.history.forget(visit.path)
                self.statusBar().showMessage(f"'{visit.path}' is no longer in the folder.", 8000)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    # Player

    def seek(self, seconds: float) -> None:
        """Play the current note's video from ``seconds``: what a timestamp click does."""
        if self.note is None or self.note.video is None:
            self.statusBar().showMessage("This note has no video to play.", 5000)
            return
        self.player.seek(seconds)
        self.statusBar().showMessage(f"Playing from {format_seconds(seconds)}", 3000)

    def _media_url(self, absolute: str) -> str | None:
        relative = self.folder.relative(Path(absolute)) if self.folder else None
        return schemes.file_url(relative) if relative else None

    def _player_state(self, current: float, duration: float, playing: bool) -> None:
        mark = "▶" if playing else "❚❚"
        shown = f"{format_seconds(current)} / {format_seconds(duration)}" if duration else ""
        self.time_label.setText(f"{mark}  {shown}" if shown else "")
        if duration > 0 and self._rendered_duration is None and self.note is not None:
            # docs/FORMAT.md rule 3: with the duration known, readings past the end give way.
            self._rendered_duration = duration
            before = self._renderer.render(self.note, self.current or "", self._resolve, None)
            after = self._renderer.render(self.note, self.current or "", self._resolve, duration)
            if before.html != after.html:
                self.rerender()

    def _resolve(self, target: str) -> str | None:
        return self.folder.resolve(target) if self.folder else None

    # Small things

    def _missing_note(self, target: str) -> None:
        self.statusBar().showMessage(_no_such_note(target), 8000)

    def _link_hovered(self, url: str) -> None:
        match parse_link(url):
            case SeekLink(seconds):
                self.statusBar().showMessage(f"Play from {format_seconds(seconds)}")
            case NoteLink(path, fragment):
                self.statusBar().showMessage(f"Open {path}" + (f"#{fragment}" if fragment else ""))
            case MissingNote(target):
                self.statusBar().showMessage(_no_such_note(target))
            case _:
                self.statusBar().showMessage(url)

    def zoom(self, direction: int) -> None:
        current = self.note_view.zoomFactor()
        if direction == 0:
            factor = 1.0
        elif direction > 0:
            factor = next((step for step in ZOOM_STEPS if step > current + 0.01), ZOOM_STEPS[-1])
        else:
            factor = next(
                (step for step in reversed(ZOOM_STEPS) if step < current - 0.01), ZOOM_STEPS[0]
            )
        self.note_view.setZoomFactor(factor)
        self.settings.zoom = factor
        self.statusBar().showMessage(f"Zoom {round(factor * 100)}%", 2000)

    def _focus_filter(self) -> None:
        self.navigator.filter_box.setFocus()
        self.navigator.filter_box.selectAll()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_folders
        for folder in recent:
            action = self.recent_menu.addAction(str(folder))
            action.triggered.connect(lambda _checked=False, folder=folder: self.open_path(folder))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self.settings.clear_recent_folders)
        else:
            self.recent_menu.addAction("No recent folders").setEnabled(False)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Viewer",
            f"<b>Viewer {__version__}</b><p>Markdown notes about videos, beside the video.</p>",
        )

    def _warn(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self
        )
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    # Events

    def _watch_mouse_buttons(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
        if proxy := widget.focusProxy():
            proxy.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The mouse's back and forward buttons, wherever the pointer is. A web view draws
        # through a child widget it creates when it first shows a page: watch that one too.
        kind = event.type()
        if kind == QEvent.Type.ChildPolished and watched in (self.note_view, self.player):
            assert isinstance(watched, QWidget)
            self._watch_mouse_buttons(watched)
        elif isinstance(event, QMouseEvent) and event.button() in _HISTORY_BUTTONS:
            # Only the press acts; the release is swallowed too, or the page would go back
            # in its own history and cancel the note being loaded.
            if kind == QEvent.Type.MouseButtonPress:
                back = event.button() == Qt.MouseButton.BackButton
                self.go_back() if back else self.go_forward()
            return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.eventFilter(self, event):
            super().mousePressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_path(Path(urls[0].toLocalFile()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter = self.splitter.saveState()
        self.settings.sync()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Free the web views (and their pages) before the profiles, as QtWebEngine requires."""
        for view in (self.note_view, self.player):
            shiboken6.delete(view)
        for profile in (self.note_profile, self.player_profile):
            shiboken6.delete(profile)


def _no_such_note(target: str) -> str:
    return f"There is no note named “{target}” in this folder."


def _dark_theme() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _theme() -> str:
    return "dark" if _dark_theme() else "light"
