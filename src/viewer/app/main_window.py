"""The main window: the notes list, the rendered note and the video, side by side."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.app import actions, desktop, schemes
from viewer.app.find_bar import FindBar
from viewer.app.folder_search import FolderSearch
from viewer.app.follow import FollowAlong
from viewer.app.fullscreen import Fullscreen
from viewer.app.navigator import Navigator
from viewer.app.note_view import Decision, NoteProfile, NoteView
from viewer.app.player.base import PlayerState
from viewer.app.player.menu import player_menu
from viewer.app.player.pane import PlayerPane
from viewer.app.player.web import PlayerProfile, WebPlayer
from viewer.app.search_panel import SearchPanel
from viewer.app.session import Arrival, Session
from viewer.app.settings import Settings
from viewer.app.status_bar import Scope, StatusBar
from viewer.app.switcher import QuickSwitcher
from viewer.app.theme import CHOICES, Theme
from viewer.core.applinks import MissingNote, NoteLink, SeekLink, parse_link
from viewer.core.folder import NotesFolder
from viewer.core.index_cache import IndexCache
from viewer.core.moments import moment_link
from viewer.core.note import Note
from viewer.core.note_page import note_document
from viewer.core.passages import passages_of
from viewer.core.places import Place, Places
from viewer.core.subtitles import find_subtitles
from viewer.core.timecode import format_seconds
from viewer.identity import PLAYER_ORIGIN
from viewer.resources import asset_text, bundled_notes

if TYPE_CHECKING:
    from viewer.core.render import NoteRenderer

log = logging.getLogger("viewer.window")

_HISTORY_BUTTONS = (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton)
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)


class MainWindow(QMainWindow):
    """Owns the opened folder and the current note; wires the panes to the core."""

    #: Emitted after a note has been shown (its folder-relative path).
    noteShown = Signal(str)

    def __init__(
        self,
        settings: Settings | None = None,
        index: IndexCache | None = None,
        places: Places | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.theme = Theme(self.settings.theme, self)
        self.setWindowTitle("Viewer")
        self.setAcceptDrops(True)
        # Notes already read in an earlier run come from the index: see viewer.core.index_cache.
        self.session = Session(
            IndexCache() if index is None else index,
            Places() if places is None else places,
            self,
        )

        # Each profile gets its own handler, answering its own pages only.
        self.files = schemes.FolderFileHandler((schemes.NOTES_ORIGIN,), self)
        self.media_files = schemes.FolderFileHandler((PLAYER_ORIGIN,), self)
        self.note_profile = NoteProfile(self, self.files)
        self.navigator = Navigator(self, self.settings)
        self.note_view = NoteView(self.note_profile, self)
        # The note pane: the find bar (Ctrl+F) over the note.
        self.note_pane = QWidget(self)
        self.find_bar = FindBar(self.note_view, self.note_pane)
        pane_layout = QVBoxLayout(self.note_pane)
        pane_layout.setContentsMargins(0, 0, 0, 0)
        pane_layout.setSpacing(0)
        pane_layout.addWidget(self.find_bar)
        pane_layout.addWidget(self.note_view, 1)
        self.switcher = QuickSwitcher(self)
        # The side pane: the notes list, or the search panel in its place while it is open.
        self.search_panel = SearchPanel(self)
        self.sidebar = QStackedWidget(self)
        self.sidebar.addWidget(self.navigator)
        self.sidebar.addWidget(self.search_panel)
        self.navigator.set_order(self.settings.note_order)
        # The player (its profile, page and Chromium process) is made once the first page is on
        # screen: see _start_player.
        self.player = PlayerPane(lambda: PlayerProfile(self, self.media_files), self)
        # First, so no backend is made before the window hears of it.
        self.player.started.connect(self._player_started)
        self.player.backendAdded.connect(self._backend_added)
        self.player.set_media_resolver(self._media_url)
        self.player.set_theme(self.theme.effective)
        self.player.set_rate(self.settings.rate)
        self.follow = FollowAlong(self.note_view, self)
        self.follow.enabled = self.settings.follow
        # Markdown and its extensions load with the first note, after the window is up.
        self._renderer: NoteRenderer | None = None
        #: The note on screen (folder-relative), and whether its video was playing last.
        self._shown: str | None = None
        self._was_playing = False
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch in ((self.sidebar, 0), (self.note_pane, 3), (self.player, 4)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.navigator.setMinimumWidth(160)
        self.note_pane.setMinimumWidth(280)
        self.player.setMinimumWidth(280)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self.search = FolderSearch(self)
        self.fullscreen = Fullscreen(
            self, lambda: [self.sidebar, self.note_pane, self.menuBar(), self.statusBar()]
        )

        self._build_menus()
        self._connect()
        for widget in (self.navigator.tree.viewport(), self.note_view):
            self._watch_mouse_buttons(widget)
        self.note_view.loadFinished.connect(self._start_player)
        self._restore_layout()
        self.theme.changed.connect(self._theme_changed)
        self._show_empty_note()
        # The keys work from the start (K plays, J and L skip): the note has the focus, as a
        # video site's page does, not the first text box of the window.
        self.note_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _start_player(self) -> None:
        self.note_view.loadFinished.disconnect(self._start_player)
        self.player.start()

    def _player_started(self) -> None:
        self.player.web.view.page().fullScreenRequested.connect(self.fullscreen.page_requested)

    def _backend_added(self, backend: QWidget) -> None:
        # The app's own menu and the double-click to fullscreen, on whichever player plays.
        surface = backend.view if isinstance(backend, WebPlayer) else backend
        self._watch_mouse_buttons(surface)
        native = self.player.native
        if backend is native and native is not None:
            self._watch_mouse_buttons(native.video)
        surface.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        surface.customContextMenuRequested.connect(
            lambda position, surface=surface: self._player_menu(surface.mapToGlobal(position))
        )
        if backend is native and native is not None:  # its picture is a window of its own
            native.doubleClicked.connect(self.fullscreen.toggle)
            native.menuRequested.connect(self._player_menu)

    def here(self) -> Place | None:
        """Where the reader is in the current note: the video's time, the scroll position."""
        if self.note is None:
            return None
        return Place(self.player.position(), self.note_view.scroll_fraction())

    @property
    def player_profile(self) -> PlayerProfile:
        profile = self.player.web.page.profile()
        assert isinstance(profile, PlayerProfile)
        return profile

    # What the session holds

    @property
    def folder(self) -> NotesFolder | None:
        return self.session.folder

    @property
    def current(self) -> str | None:
        return self.session.current

    @property
    def note(self) -> Note | None:
        return self.session.note

    # Building

    def _build_menus(self) -> None:
        player = self.player
        handlers: dict[str, Callable[..., object]] = {
            "open_folder": self.choose_folder,
            "open_samples": self.open_samples,
            "open_in_editor": self.open_in_editor,
            "show_in_file_manager": self.show_in_file_manager,
            "reload": self.reload,
            "preferences": self.edit_preferences,
            "quit": self.close,
            "zoom_in": lambda: self.zoom(+1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "find": self.find_bar.open_bar,
            "filter": self._focus_filter,
            "search": self.search.open_panel,
            "back": self.go_back,
            "forward": self.go_forward,
            "switcher": self.switcher.popup,
            "play_pause": player.toggle,
            "back_10": lambda: player.skip(-10),
            "forward_10": lambda: player.skip(10),
            "faster": lambda: player.step_rate(+1),
            "slower": lambda: player.step_rate(-1),
            "normal_speed": lambda: player.set_rate(1.0),
            "mute": self.toggle_mute,
            "fullscreen": self._fullscreen_key,
            "subtitles": self.toggle_subtitles,
            "leave_fullscreen": lambda: self.fullscreen.set(False),
            "follow": self._set_follow,
            "copy_moment": self.copy_current_moment,
            "open_video_elsewhere": lambda: player.open_in_browser(),
            "shortcuts": self.show_shortcuts,
            "about": self._about,
        }
        built = actions.build(self, self.menuBar(), handlers)
        self.actions_by_name = built.actions
        self.menus = built.menus
        self.back_action, self.forward_action = built.actions["back"], built.actions["forward"]
        leave = built.actions["leave_fullscreen"]
        leave.setEnabled(False)
        self.fullscreen.changed.connect(leave.setEnabled)
        self.follow_action = built.actions["follow"]
        self.follow_action.setChecked(self.follow.enabled)
        self.recent_menu = built.submenus["Open Recent"]
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._theme_actions(built.submenus["Theme"])
        self._update_history_actions()

    def _theme_actions(self, menu: QMenu) -> None:
        group = QActionGroup(self)
        for choice in CHOICES:
            action = menu.addAction(choice.capitalize())
            action.setObjectName(f"theme-{choice}")
            action.setCheckable(True)
            action.setChecked(choice == self.theme.choice)
            action.triggered.connect(lambda _on=False, choice=choice: self.set_theme(choice))
            group.addAction(action)
        self.theme_menu = menu

    def _connect(self) -> None:
        session = self.session
        session.folderChanged.connect(self._folder_changed)
        session.noteChanged.connect(self._show)
        session.noteReloaded.connect(self._show_again)
        session.noteRenamed.connect(self._show_again)
        session.noteCleared.connect(self._show_empty_note)
        session.noteGone.connect(self._show_gone)
        session.scrollRequested.connect(self._scroll_to_heading)
        session.renderNeeded.connect(self.rerender)
        session.message.connect(self.status.say)
        session.warning.connect(self._warn)
        session.readProgress.connect(self.status.show_read_progress)
        session.historyChanged.connect(self._update_history_actions)
        self.navigator.noteActivated.connect(self.open_note)
        self.navigator.orderChanged.connect(self._order_changed)
        self.switcher.noteChosen.connect(self.open_note)
        page = self.note_view.note_page
        page.seekRequested.connect(self.seek)
        page.noteRequested.connect(self._follow_note_link)
        page.missingNoteRequested.connect(self._missing_note)
        page.linkHovered.connect(self._link_hovered)
        page.navigationDecided.connect(self._navigated)
        self.find_bar.openChanged.connect(self.follow.hold)
        self.player.stateChanged.connect(self._player_state)
        self.player.failed.connect(
            lambda _code, message: self.status.say(message, 8000, Scope.NOTE)
        )
        self.player.openInBrowserRequested.connect(lambda: self.player.open_in_browser())
        self.player.notice.connect(lambda text: self.status.say(text, 5000, Scope.NOTE))
        self.player.markActivated.connect(self._mark_activated)
        self.player.fullscreenRequested.connect(self.fullscreen.toggle)
        self.note_view.loadFinished.connect(self._note_loaded)
        self.note_view.momentLinkRequested.connect(self.copy_moment)
        self.follow.sectionChanged.connect(self.status.section.setText)

    def _restore_layout(self) -> None:
        if geometry := self.settings.geometry:
            self.restoreGeometry(geometry)
        else:  # the first run: roomy, but within the screen, however small it is
            room = self.screen().availableGeometry()
            self.resize(min(1400, room.width() * 9 // 10), min(820, room.height() * 9 // 10))
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
        """Open a folder, or a note in its folder (a recently opened folder if it is in one)."""
        return self.session.open_path(path, self.settings.recent_folders, self.here())

    def open_folder(self, root: Path, note: str | None = None) -> bool:
        return self.session.open_folder(root, note, self.here())

    def _folder_changed(self, folder: NotesFolder) -> None:
        self.files.root = self.media_files.root = folder.root
        self.navigator.set_folder(folder)
        self.switcher.set_folder(folder)
        if self.current:
            self.navigator.select(self.current)
        else:
            self.setWindowTitle(f"{folder.root.name} — Viewer")
        self.settings.add_recent_folder(folder.root)

    def reload(self) -> None:
        """F5: read the folder again and show the current note as it is now on disk."""
        self.session.reload()

    # Notes

    def open_note(self, path: str, heading: str | None = None) -> None:
        """Show the note at folder-relative ``path`` and remember it in the history."""
        self.session.open_note(path, heading, self.here())

    def _scroll_to_heading(self, heading: str) -> None:
        self.follow.pause()  # the reader went there: the video does not pull them back
        self.note_view.scroll_to_fragment(heading)

    def _navigated(self, _url: QUrl, decision: Decision) -> None:
        if decision is Decision.SAME_PAGE:  # a footnote, an anchor of the page
            self.follow.pause()

    def _follow_note_link(self, path: str, heading: str) -> None:
        self.open_note(path, heading or None)

    def _show(self, arrival: Arrival) -> None:
        """Show the note the reader comes to, where they were in it (or at a heading)."""
        folder, path, note = self.folder, self.current, self.note
        assert folder is not None and path is not None and note is not None
        place = arrival.place
        again = path == self._shown  # the note on screen, chosen again: leave the video be
        self._shown = path
        if not again:
            self.status.note_changed()
        self._render(arrival.heading or (place.scroll if place else None))
        new_video = self._set_video(note)
        # Back where the reader was, paused. Notes about the same video each keep their own
        # time: a note opened after another about the same file goes to its own place too.
        if (new_video or not again) and note.video is not None:
            time = place.time if place else 0.0
            if time > 0 or not new_video:
                self.player.seek(time, play=False)
        self._on_screen(folder, path, note)

    def _show_again(self) -> None:
        """The note changed on disk, or its file was renamed: show it as it is now, where the
        reader is, the video going on as it was."""
        folder, path, note = self.folder, self.current, self.note
        assert folder is not None and path is not None and note is not None
        self._shown = path
        self.rerender()
        self._set_video(note)
        self._on_screen(folder, path, note)

    def _set_video(self, note: Note) -> bool:
        why = note.video_problem.message if note.video_problem else ""
        changed = self.player.set_video(note.video, self._subtitles_of(note), note.title, why)
        elsewhere = self.actions_by_name["open_video_elsewhere"]
        elsewhere.setText(self.player.open_elsewhere_text())
        elsewhere.setEnabled(note.video is not None)
        return changed

    def _on_screen(self, folder: NotesFolder, path: str, note: Note) -> None:
        self.setWindowTitle(f"{note.title} — {folder.root.name} — Viewer")
        self.navigator.select(path)
        self.settings.remember_session(folder.root, path)
        self.noteShown.emit(path)

    def _show_gone(self, path: str) -> None:
        """The note on screen went away (removed, or moved out of the folder): say so in its
        place; the list, the video and the rest of the window stay as they were."""
        self._shown = None
        name = html.escape(path)
        article = (
            "<article class='note empty'><h1 class='note-title'>This note is gone</h1>"
            f"<p><b>{name}</b> is no longer in the folder: it was moved or deleted. "
            "Choose another note from the list.</p></article>"
        )
        self._show_page(article)
        self.status.note_changed()
        self.status.say(f"'{path}' is no longer in the folder: it was moved or deleted.", 0)
        folder = self.folder
        self.setWindowTitle(f"{folder.root.name} — Viewer" if folder else "Viewer")

    def _render(self, scroll_to: float | str | None = None, *, pixels: float | None = None) -> None:
        if self.folder is None or self.note is None or self.current is None:
            return
        folder = self.folder
        backlinks = sorted(
            ((path, folder.entries[path].title) for path in folder.backlinks(self.current)),
            key=lambda link: link[1].casefold(),
        )
        if self._renderer is None:
            from viewer.core.render import NoteRenderer

            self._renderer = NoteRenderer()
        rendered = self._renderer.render(
            self.note, self.current, folder.resolve, self.session.duration, backlinks
        )
        document = note_document(rendered.html, asset_text("note.css"), self.theme.effective)
        base = QUrl(schemes.file_url(self.current))
        self.note_view.show_html(document, base, scroll_to, pixels=pixels)

    def set_theme(self, choice: str) -> None:
        """View › Theme: system, light or dark; remembered."""
        self.settings.theme = choice
        self.theme.set_choice(choice)
        for action in self.theme_menu.actions():
            action.setChecked(action.objectName() == f"theme-{choice}")

    def _theme_changed(self, theme: str) -> None:
        self.player.set_theme(theme)
        if self.note is None:
            self._show_empty_note()
        else:
            self.rerender()

    def rerender(self) -> None:
        """Render the current note again, keeping the reader's place: the same pixels, as
        what is above the place has not moved (or little, for an edit)."""
        self._render(pixels=self.note_view.scroll_y())

    def reload_note(self) -> None:
        self.session.reload_note()

    def _show_empty_note(self) -> None:
        title = "Open a notes folder" if self.folder is None else "No notes here"
        article = (
            f"<article class='note empty'><h1 class='note-title'>{title}</h1>"
            "<p>Open a folder of Markdown notes with <b>File › Open Folder</b> (Ctrl+O), "
            "or drop one on this window.</p></article>"
        )
        self._shown = None
        self._show_page(article)
        self.player.set_video(None)

    def _show_page(self, article: str) -> None:
        """A page of the app's own (no note) in the note pane."""
        document = note_document(article, asset_text("note.css"), self.theme.effective)
        self.note_view.show_html(document, QUrl(schemes.file_url("")))

    # History

    def go_back(self) -> None:
        self.session.go_back(self.here())

    def go_forward(self) -> None:
        self.session.go_forward(self.here())

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.session.history.can_go_back())
        self.forward_action.setEnabled(self.session.history.can_go_forward())

    # Player

    def seek(self, seconds: float) -> None:
        """Play the current note's video from ``seconds``: what a timestamp click does."""
        if self.note is None or self.note.video is None:
            self.status.say("This note has no video to play.", 5000, Scope.NOTE)
            return
        self.player.seek(seconds)
        duration = self.player.state.duration
        if (error := self.player.error) is not None:
            self.status.say(
                f"Can't play from {format_seconds(seconds)}: {error[1]}", 8000, Scope.NOTE
            )
        elif duration > 0 and seconds > duration:
            self.status.say(
                f"{format_seconds(seconds)} is past the end of the video "
                f"({format_seconds(duration)}).",
                8000,
                Scope.NOTE,
            )
        else:
            self.status.say(f"Playing from {format_seconds(seconds)}", 3000, Scope.PLAYBACK)

    def _media_url(self, absolute: str) -> str | None:
        relative = self.folder.relative(Path(absolute)) if self.folder else None
        return schemes.file_url(relative) if relative else None

    def _player_state(self, state: PlayerState) -> None:
        if self._was_playing and not state.playing:
            self.status.playback_stopped()
        self._was_playing = state.playing
        if state.duration:
            self.session.set_duration(state.duration)
        if state.rate != self.settings.rate:
            self.settings.rate = state.rate
        self.follow.update(state.current_time, state.playing)

    def _subtitles_of(self, note: Note) -> Path | None:
        """The subtitle file of a note's local video: named in front matter, or beside it."""
        if note.video is None or note.video.kind != "file" or self.folder is None:
            return None
        named = (
            {"subtitles": note.properties["subtitles"]} if "subtitles" in note.properties else {}
        )
        found, problems = find_subtitles(
            Path(note.video.value), named, note.path.parent, self.folder.root
        )
        for problem in problems:
            log.info("%s: %s", note.path.name, problem)
        return found

    def toggle_subtitles(self) -> None:
        if self.player.toggle_subtitles() is None:
            self.status.say("This video has no subtitles.", 3000, Scope.NOTE)

    def _note_loaded(self, ok: bool) -> None:
        """A page is in the note pane: read its timestamps for the seek bar and follow-along."""
        if not ok:
            return
        if self.note is None or self.note.video is None:
            self.follow.times = []
            self.player.set_marks([])
            self.status.section.setText("")
            return
        self.follow.read_marks(self.player.set_marks)

    def _mark_activated(self, index: int) -> None:
        mark = self.player.controls.seek_bar.marks[index]
        self.player.seek(mark.seconds, play=self.player.state.playing)
        self.follow.bring_into_view(mark.index)

    def _set_follow(self, on: bool) -> None:
        self.follow.enabled = self.settings.follow = on
        self.status.say("Following the video" if on else "Not following", 2000)

    def _fullscreen_key(self) -> None:
        """F: fullscreen, for a picture (an audio note has none to fill the screen with)."""
        if self.player.audio_only and not self.fullscreen.active:
            self.status.say("An audio note has no picture to show fullscreen.", 3000, Scope.NOTE)
        else:
            self.fullscreen.toggle()

    def toggle_mute(self) -> None:
        muted = not self.player.state.muted
        self.player.set_muted(muted)
        self.player.show_flash("Muted" if muted else "Sound on")

    # Links to a moment

    def copy_moment(self, seconds: float) -> None:
        note = self.note
        if note is None or note.video is None:
            self.status.say("This note has no video to link to.", 5000, Scope.NOTE)
            return
        link = moment_link(note.video, seconds, note.body)
        QGuiApplication.clipboard().setText(link)
        self.status.say(f"Copied {link}", 5000)

    def copy_current_moment(self) -> None:
        self.copy_moment(self.player.state.current_time)

    def _player_menu(self, position: QPoint) -> None:
        """The video pane's own menu at ``position`` (global)."""
        fullscreen = self.fullscreen
        menu = player_menu(
            self, self.player, self.copy_current_moment, fullscreen.active, fullscreen.toggle
        )
        menu.popup(position)

    # Small things

    def _missing_note(self, target: str) -> None:
        self.status.say(_no_such_note(target), 8000, Scope.NOTE)

    def _link_hovered(self, url: str) -> None:
        match parse_link(url) if url else None:
            case None:
                text = ""  # the pointer left the link: take back only what the hover said
            case SeekLink(seconds):
                text = f"Play from {format_seconds(seconds)}"
            case NoteLink(path, fragment):
                text = f"Open {path}" + (f"#{fragment}" if fragment else "")
            case MissingNote(target):
                text = _no_such_note(target)
            case _:
                text = url
        self.status.hover(text)

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
        self.status.say(f"Zoom {round(factor * 100)}%", 2000)

    def _focus_filter(self) -> None:
        self.search.close_panel()
        self.navigator.filter_box.setFocus()
        self.navigator.filter_box.selectAll()

    def _order_changed(self, order: str) -> None:
        self.settings.note_order = order

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

    # The note elsewhere on the desktop

    def open_in_editor(self) -> None:
        """File › Open in Editor: the note in the reader's editor, at the passage on screen."""
        if self.folder is None or self.current is None or self.note is None:
            self.status.say("There is no note to open.", 5000, Scope.NOTE)
            return
        file, note, command = self.folder.root / self.current, self.note, self.settings.editor

        def open_at(index: object) -> None:
            passages = passages_of(note)
            at = index if isinstance(index, int) and 0 <= index < len(passages) else None
            line = note.body_line + passages[at].line if at is not None else 1
            if problem := desktop.open_in_editor(file, line, command):
                self.status.say(problem, 8000, Scope.NOTE)
            else:
                self.status.say(f"Opened {self.current} in the editor (line {line})", 4000)

        self.note_view.evaluate(_PASSAGE_ON_SCREEN, open_at)

    def show_in_file_manager(self) -> None:
        if self.folder is None:
            self.status.say("There is no folder open.", 5000)
            return
        file = self.folder.root / self.current if self.current else self.folder.root
        if problem := desktop.show_in_file_manager(file):
            self.status.say(problem, 8000)

    def edit_preferences(self) -> None:
        from viewer.app.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.set_theme(self.settings.theme))
        dialog.open()
        self.preferences_dialog = dialog

    def show_shortcuts(self) -> None:
        """Help › Keyboard Shortcuts: every menu's keys, then the keys of the panes."""
        from viewer.app.shortcuts_dialog import ShortcutsDialog, menu_groups, shortcut_group

        menus = {title: menu.actions() for title, menu in self.menus.items()}
        groups = menu_groups(menus)
        groups += [
            shortcut_group("In the video pane", self.player.findChildren(QShortcut)),
            shortcut_group("In the find bar", self.find_bar.findChildren(QShortcut), FindBar.KEYS),
        ]
        dialog = ShortcutsDialog(groups, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.shortcuts_dialog = dialog

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Viewer",
            f"<b>Viewer {__version__}</b><p>Markdown notes about videos, beside the video.</p>",
        )

    def _warn(self, title: str, message: str) -> None:
        log.warning("%s: %s", title, message)
        self.status.say(message, 10000)
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
        if kind == QEvent.Type.ChildPolished and watched in self._web_views():
            assert isinstance(watched, QWidget)
            self._watch_mouse_buttons(watched)
        elif (
            self.fullscreen.active
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        ):
            # The web page would take Esc for itself: in fullscreen it is the app's.
            if kind == QEvent.Type.KeyPress:
                self.fullscreen.set(False)
            event.accept()
            return True
        elif kind == QEvent.Type.MouseButtonDblClick and self._is_player_view(watched):
            self.fullscreen.toggle()  # as on YouTube; the page does not see the double-click
            return True
        elif isinstance(event, QMouseEvent) and event.button() in _HISTORY_BUTTONS:
            # Only the press acts; the release is swallowed too, or the page would go back
            # in its own history and cancel the note being loaded.
            if kind == QEvent.Type.MouseButtonPress:
                back = event.button() == Qt.MouseButton.BackButton
                self.go_back() if back else self.go_forward()
            return True
        return super().eventFilter(watched, event)

    def _is_player_view(self, watched: QObject) -> bool:
        """Is ``watched`` the picture of a player (the web view, or the native video)?"""
        native = self.player.native
        if native is not None and watched in (native, native.video):
            return True
        if self.player.profile is None:
            return False
        view = self.player.web.view
        return watched is view or watched is view.focusProxy()

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
        self.fullscreen.set(False)
        self.search.stop()
        self.session.leave(self.here())
        self.session.close()
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter = self.splitter.saveState()
        self.settings.sync()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Free the web views (and their pages) before the profiles, as QtWebEngine requires."""
        self.session.reader.wait()
        self.player.shutdown()
        self.player.blockSignals(True)  # a last report of the player finds no panes to update
        profiles: list[QObject] = [self.note_profile]
        if self.player.profile is not None:
            profiles.append(self.player.profile)
        for view in self._web_views():
            shiboken6.delete(view)
        for profile in profiles:
            shiboken6.delete(profile)

    def _web_views(self) -> list[QWidget]:
        views: list[QWidget] = [self.note_view]
        if self.player.profile is not None:
            views.append(self.player.web.view)
        return views


#: The passage at the top of the note pane: the first whose bottom is below the top edge.
_PASSAGE_ON_SCREEN = """(() => {
  for (const block of document.querySelectorAll('[data-passage]')) {
    if (block.getBoundingClientRect().bottom > 0) return Number(block.dataset.passage);
  }
  return null;
})()"""


def _no_such_note(target: str) -> str:
    return f"There is no note named “{target}” in this folder."
