"""The main window: the side pane, the note and the video side by side, and the commands that
join them. Each part has its own module; the window makes them, wires their signals and
keeps the layout.

    side pane (side_pane)  │  note display (note_display)  │  player pane (player/pane)
    notes list or search   │  the note, find bar, follow   │  picture and control bar
                           │                               │  ───────────────────────────
                           │  note box (capture_box)       │  transcript (transcript_pane)
    ─────────────────────────────────────────────────────────────────────────────────
    status bar (status_bar): messages that belong to a note or to playback, and fields

The session (:mod:`.session`) holds what is open; the commands are declared in
:mod:`.actions`; the player's commands and reports go through :mod:`.playback`.

The window is made in two steps, so a start can show the last note before the rest is even
imported (:mod:`.startup`): the frame, the note display, the status bar, the menus and their
keys first; then, with :meth:`MainWindow.build` (at once unless made ``later``), the player
pane, the side pane, the session and the commands' handlers, in the places kept for them.
"""

from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from viewer.app import actions, interpreter, schemes
from viewer.app.note_display import NoteDisplay, no_such_note
from viewer.app.note_view import NoteProfile
from viewer.app.panes import Panes, PlayerColumn
from viewer.app.settings import Settings
from viewer.app.status_bar import Scope, StatusBar
from viewer.app.theme import Theme
from viewer.core.page_cache import PageCache
from viewer.core.places import Place, Places
from viewer.identity import PLAYER_ORIGIN

if TYPE_CHECKING:  # made by build(), after the first paint
    from viewer.app.player.web import PlayerProfile
    from viewer.core.folder import NotesFolder
    from viewer.core.index_cache import IndexCache
    from viewer.core.note import Note
    from viewer.core.opening import Opening

log = logging.getLogger("viewer.window")


class MainWindow(QMainWindow):
    """Owns the parts of the window and joins them to the session."""

    #: Emitted after a note has been shown (its folder-relative path).
    noteShown = Signal(str)

    def __init__(
        self,
        settings: Settings | None = None,
        index: IndexCache | None = None,
        places: Places | None = None,
        *,
        pages: PageCache | None = None,
        later: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings = settings or Settings()
        self.theme = Theme(settings.theme, self)
        self.setWindowTitle("Viewer")
        #: Where the reader was in each note (the session keeps it up to date).
        self.places = Places() if places is None else places
        self._index = index
        #: The parts of :meth:`build` are made.
        self.built = False
        #: What a launch asked to open before the window was built (see :meth:`open_at`).
        self.asked: Opening | None = None
        self._player_built = False
        # Each profile gets its own handler, answering its own pages only.
        self.files = schemes.FolderFileHandler((schemes.NOTES_ORIGIN,), self)
        self.media_files = schemes.FolderFileHandler((PLAYER_ORIGIN,), self)
        self.note_profile = NoteProfile(self, self.files)
        self.display = NoteDisplay(self.note_profile, None, self)
        self.display.theme = self.theme.effective
        #: The page of the note on screen, kept for the next start (see viewer.app.startup).
        self.display.pages = self.pages = PageCache() if pages is None else pages
        # The parts' own names, for the tests' page objects and the window's handlers.
        self.note_view, self.follow = self.display.view, self.display.follow
        # The side pane and the player take the places kept for them once made (build).
        self.splitter = Panes(self.display, self)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self._make_actions()
        self._restore_layout()
        # The keys work from the start (K plays, J and L skip): the note has the focus, as a
        # video site's page does, not the first text box of the window.
        self.display.focus_note()
        if not later:
            self.build()

    def build_player(self) -> None:
        """Make the player pane; its page and Chromium process come with ``player.start()``,
        which :meth:`build` leaves to the first page loaded in the note pane. Runs once."""
        if self._player_built:
            return
        from viewer.app.player.backends import AppBackends
        from viewer.app.player.pane import PlayerPane
        from viewer.app.player.web import PlayerProfile

        self._player_built = True
        backends = AppBackends(lambda: PlayerProfile(self, self.media_files))
        self.player = PlayerPane(backends, self)
        self.player.set_media_resolver(self.media_files.url_of)
        self.player.set_theme(self.theme.effective)
        #: The video above, the note's transcript under it (added by build).
        self.column = PlayerColumn(self.player)
        self.splitter.place(2, self.column)

    def build(self) -> None:
        """Make the rest of the window: the player and side panes, the session, the commands.
        Runs once (see the module's description)."""
        if self.built:
            return
        from viewer.app.capture import Capture
        from viewer.app.commands import Commands, Parts
        from viewer.app.continuous import ContinuousPlay
        from viewer.app.drops import Drops
        from viewer.app.folder_search import FolderSearch
        from viewer.app.fullscreen import Fullscreen
        from viewer.app.history_buttons import HistoryButtons
        from viewer.app.navigator import Navigator
        from viewer.app.playback import Playback
        from viewer.app.pop_out import PopOut
        from viewer.app.search_panel import SearchPanel
        from viewer.app.session import Session
        from viewer.app.showing import Showing
        from viewer.app.side_pane import SidePane
        from viewer.app.slices import Slices
        from viewer.app.switcher import QuickSwitcher
        from viewer.app.transcript_pane import TranscriptPane
        from viewer.app.transcripts import Transcripts
        from viewer.core.index_cache import IndexCache

        self.build_player()
        self.find_bar = self.display.make_find_bar()
        settings = self.settings
        Drops(self, self.open_path)
        # Notes already read in an earlier run come from the index: see viewer.core.index_cache.
        index = IndexCache() if self._index is None else self._index
        self.session = session = Session(index, self.places, self)
        session.where = self.here
        self.display.session = session
        # One runner of work in slices for both lists: when a folder changes, the notes list
        # and the quick switcher both work through it, and take turns within each slice
        # rather than each running a slice of its own in the same turn of the event loop.
        self.slices = Slices(self)
        self.side = SidePane(Navigator(self, settings, self.slices), SearchPanel(self), self)
        self.navigator, self.search_panel = self.side.navigator, self.side.panel
        self.navigator.set_order(settings.note_order)  # the navigator keeps it when it changes
        self.splitter.place(0, self.side)
        self.transcript_pane = TranscriptPane()
        self.column.add_transcript(self.transcript_pane, settings.player_splitter)
        self.fullscreen = Fullscreen(
            self,
            lambda: [self.side, self.display, self.transcript_pane, self.menuBar(), self.status],
            self.player.window,  # the main window, or the video's own
        )
        self.pop_out = PopOut(
            self, self.splitter, self.column, self.player, settings, self.fullscreen
        )
        self.playback = Playback(
            self.player, self.display, session, self.status, settings, self.fullscreen, self
        )
        self.continuous = ContinuousPlay(
            self.player, session, settings, self.status, self.navigator.visible_paths,
            self.open_note, lambda: self.playback.loops.active, self,
        )  # fmt: skip
        self.transcripts = Transcripts(
            self.transcript_pane, session, self.player, self.status, settings, self.fullscreen,
            self.playback.seek, lambda: self.display.follow.enabled, parent=self,
        )  # fmt: skip
        self.capture_box = self.display.make_capture_box()
        self.capture = Capture(
            self.capture_box, session, self.display, self.player, self.transcript_pane,
            self.status, settings, self.fullscreen, self.actions_by_name["undo_capture"], self,
        )  # fmt: skip
        self.switcher = QuickSwitcher(self, self.slices)
        self.search = FolderSearch(
            session, self.side, self.display, self.open_note, self.playback.seek, self.status,
            index.folder,
        )  # fmt: skip
        self.buttons = HistoryButtons(self)
        self.commands = Commands(
            Parts(
                session, self.display, self.side, self.player, self.playback, self.search,
                self.switcher, self.fullscreen, settings, self.theme, self.status,
                self.transcripts, self.capture, self.pop_out,
            ),
            self,
        )  # fmt: skip
        self.showing = Showing(
            self.commands.parts, self.navigator, self.actions_by_name["open_video_elsewhere"],
            self.setWindowTitle,
        )  # fmt: skip
        self.showing.shown.connect(self.noteShown)
        self._build_menus()
        self._connect()
        self._order_tabs()
        self.built = True
        if self.player.profile is None:
            # The player (its profile, page and Chromium process) is made once the first
            # page is on screen.
            self.display.view.loadFinished.connect(self._start_player)
        if self.display.showing is None:  # else a note's page from the cache is on screen
            self.showing.show_empty()
        if self.isVisible():  # else once it shows (showEvent)
            self.pop_out.restore()

    def _make_actions(self) -> None:
        """The menus and the keys, from the first paint on (see actions.WindowActions)."""
        self.keymap = actions.WindowActions(self, self.menuBar(), self.close)
        built = self.keymap.built
        self.actions_by_name = built.actions
        self.back_action, self.forward_action = built.actions["back"], built.actions["forward"]
        self.follow_action = built.actions["follow"]
        self.recent_menu = built.submenus["Open Recent"]
        self.theme_menu = built.submenus["Theme"]
        for name in ("back", "forward", "leave_fullscreen", "undo_capture"):
            built.actions[name].setEnabled(False)
        built.actions["open_in_obsidian"].setVisible(False)  # shown for a vault's folder

    def _build_menus(self) -> None:
        self.keymap.bind(self.commands.handlers())
        self.commands.menus = self.keymap.built.menus
        self.fullscreen.changed.connect(self.actions_by_name["leave_fullscreen"].setEnabled)
        self.follow_action.setChecked(self.follow.enabled)
        self.actions_by_name["transcript"].setChecked(self.settings.transcript_shown)
        self.recent_menu.aboutToShow.connect(lambda: self.commands.fill_recent(self.recent_menu))
        actions = self.actions_by_name
        self.playback.copies.bind(
            actions["play_youtube"], actions["play_local_copy"], actions["open_video_elsewhere"]
        )
        self.pop_out.bind(actions["pop_out"], actions["keep_on_top"])
        self.commands.fill_theme(self.theme_menu)
        self._update_history_actions()

    def do_early_commands(self) -> None:
        """Do what the reader asked for before the window was built (the start calls this
        once the last note is open)."""
        self.keymap.do_kept()

    def _connect(self) -> None:
        session, display, status = self.session, self.display, self.status
        session.folderChanged.connect(self._folder_changed)
        self.search.transcriptHitOpened.connect(self.transcripts.show_moment)
        showing = self.showing
        session.noteChanged.connect(showing.show)
        session.noteReloaded.connect(showing.show_again)
        session.noteRenamed.connect(showing.show_again)
        session.noteCleared.connect(showing.show_empty)
        session.noteGone.connect(showing.show_gone)
        session.scrollRequested.connect(display.go_to_heading)
        session.renderNeeded.connect(display.rerender)
        session.message.connect(status.say)
        session.warning.connect(self.status.warn)
        session.readProgress.connect(status.show_read_progress)
        session.historyChanged.connect(self._update_history_actions)
        self.navigator.noteActivated.connect(self.open_note)
        self.switcher.noteChosen.connect(self.open_note)
        display.noteRequested.connect(lambda path, heading: self.open_note(path, heading or None))
        display.missingNoteRequested.connect(
            lambda target: status.say(no_such_note(target), 8000, Scope.NOTE)
        )
        display.hovered.connect(status.hover)
        self.theme.changed.connect(self._theme_changed)
        self.buttons.back.connect(self.go_back)
        self.buttons.forward.connect(self.go_forward)
        for widget in (self, self.navigator.tree.viewport(), display.view):
            self.buttons.watch(widget)
        self.player.surfaceAdded.connect(self.buttons.watch)
        # A folder read, its search index built: what they keep is out of the collector's
        # full passes from then on (see viewer.app.interpreter). Last, after the other parts.
        session.folderChanged.connect(self._folder_read)
        self.search.indexed.connect(lambda _outcome: interpreter.settle())

    def _order_tabs(self) -> None:
        """Tab goes through the window as it reads, left to right and top to bottom: the
        notes list, the note, the video's controls, the transcript. (Within the note, Tab
        goes from link to link; F6 goes to the next pane.)"""
        bar, transcript, navigator = self.player.controls, self.transcript_pane, self.navigator
        chain = [
            navigator.filter_box, navigator.sort_box, navigator.tree, self.display.view,
            bar.play_button, bar.seek_bar, bar.speed_button, bar.mute_button, bar.volume,
            bar.fullscreen_button, bar.on_top_button, bar.pop_out_button, transcript.language,
            transcript.find_box,
            transcript.previous, transcript.next, transcript.list,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _start_player(self) -> None:
        self.display.view.loadFinished.disconnect(self._start_player)
        self.player.start()

    def _restore_layout(self) -> None:
        if geometry := self.settings.geometry:
            self.restoreGeometry(geometry)
        else:  # the first run: roomy, but within the screen, however small it is
            room = self.screen().availableGeometry()
            self.resize(min(1400, room.width() * 9 // 10), min(820, room.height() * 9 // 10))
        if state := self.settings.window_state:
            self.restoreState(state)
        if not (splitter := self.settings.splitter) or not self.splitter.restoreState(splitter):
            # The side pane as wide for the list as for the search panel's snippets.
            self.splitter.setSizes([300, 500, 600])
        self.display.view.setZoomFactor(self.settings.zoom)

    # What the session holds

    @property
    def folder(self) -> NotesFolder | None:
        return self.session.folder if self.built else None

    @property
    def current(self) -> str | None:
        return self.session.current if self.built else None

    @property
    def note(self) -> Note | None:
        return self.session.note if self.built else None

    @property
    def player_profile(self) -> PlayerProfile:
        from viewer.app.player.web import PlayerProfile

        profile = self.player.profile
        assert isinstance(profile, PlayerProfile)
        return profile

    def here(self) -> Place | None:
        """Where the reader is in the current note: the video's time, the scroll position."""
        if self.note is None:
            return None
        return Place(self.player.position(), self.display.scroll_fraction())

    # Folders and notes

    def open_path(self, path: Path) -> bool:
        """Open a folder, or a note in its folder (a recently opened folder if it is in one)."""
        return self.commands.open_path(path)

    def open_at(self, opening: Opening | None) -> bool:
        """Open what a launch asked for (this one's, or a later one's: see
        :mod:`.single_instance`): the folder or note, playing from the moment a link names;
        and bring the window forward. Before the window is built, the start opens it."""
        if opening is not None and not self.built:
            self.asked = opening
            opening = None
        opened = True
        if opening is not None:
            self.asked = None
            opened = self.open_path(opening.path)
            if opened and opening.seconds is not None:
                self.seek(opening.seconds)
        self.present()
        return opened

    def present(self) -> None:
        """Bring the window forward: shown, not minimized, raised and active."""
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def open_folder(self, root: Path, note: str | None = None) -> bool:
        return self.session.open_folder(root, note)

    def open_note(self, path: str, heading: str | None = None) -> None:
        """Show the note at folder-relative ``path`` and remember it in the history."""
        self.session.open_note(path, heading)

    def reload(self) -> None:
        """F5: read the folder again and show the current note as it is now on disk."""
        self.session.reload()

    def go_back(self) -> None:
        self.session.go_back()

    def go_forward(self) -> None:
        self.session.go_forward()

    def _folder_changed(self, folder: NotesFolder) -> None:
        from viewer.core.obsidian import vault_of

        self.files.root = self.media_files.root = folder.root
        self.actions_by_name["open_in_obsidian"].setVisible(vault_of(folder.root) is not None)
        self.navigator.set_folder(folder)
        self.switcher.set_folder(folder)
        if self.current:
            self.navigator.select(self.current)
        else:
            self.setWindowTitle(f"{folder.root.name} — Viewer")
        self.settings.add_recent_folder(folder.root)

    @staticmethod
    def _folder_read(folder: NotesFolder) -> None:
        if folder.complete:  # not a folder listed by name, about to be read
            interpreter.settle()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.session.history.can_go_back())
        self.forward_action.setEnabled(self.session.history.can_go_forward())

    # Commands

    def seek(self, seconds: float) -> None:
        """Play the current note's video from ``seconds``: what a timestamp click does."""
        self.playback.seek(seconds)

    def _theme_changed(self, theme: str) -> None:
        self.player.set_theme(theme)
        self.display.set_theme(theme)

    # Events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.built and not event.spontaneous():
            self.pop_out.restore()  # the video in its own window, if it was at the last close

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.built:
            self.fullscreen.set(False)
            self.pop_out.leave()
            self.search.stop()
            self.session.leave(self.here())
            self.session.close()
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter = self.splitter.saveState()
        if self.built:
            self.settings.player_splitter = self.pop_out.column_sizes()
        self.settings.sync()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Free the web views (and their pages) before the profiles, as QtWebEngine requires."""
        self.display.renders.stop()
        if self.built:
            self.session.reader.wait()
            self.transcripts.wait()
        if self._player_built:
            self.player.shutdown()  # its web view and profile go too
        shiboken6.delete(self.display.view)
        shiboken6.delete(self.note_profile)
