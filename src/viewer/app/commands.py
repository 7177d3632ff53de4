"""What the window's commands do: a handler for each command of :mod:`.actions`, made from the
window's parts, and the menus the window fills itself (Open Recent, Theme).

    commands = Commands(parts, window)
    built = actions.build(window, window.menuBar(), commands.handlers())

The window composes the parts; this module gives them the reader's commands (the Playback
menu's own go through :class:`~viewer.app.playback.Playback`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup, QShortcut
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget

from viewer import __version__
from viewer.app import desktop
from viewer.app.capture import Capture
from viewer.app.capture_box import CaptureBox
from viewer.app.find_bar import FindBar
from viewer.app.folder_search import FolderSearch
from viewer.app.fullscreen import Fullscreen
from viewer.app.note_display import NoteDisplay
from viewer.app.playback import Playback
from viewer.app.player.pane import PlayerPane
from viewer.app.pop_out import PopOut
from viewer.app.session import Session
from viewer.app.settings import Settings
from viewer.app.side_pane import SidePane
from viewer.app.status_bar import Scope, StatusBar
from viewer.app.switcher import QuickSwitcher
from viewer.app.theme import CHOICES, Theme
from viewer.app.transcript_pane import TranscriptPane
from viewer.app.transcripts import SHIFT_STEP, Transcripts
from viewer.resources import bundled_notes


@dataclass(frozen=True, slots=True)
class Parts:
    """The window's parts, as the commands use them."""

    session: Session
    display: NoteDisplay
    side: SidePane
    player: PlayerPane
    playback: Playback
    search: FolderSearch
    switcher: QuickSwitcher
    fullscreen: Fullscreen
    settings: Settings
    theme: Theme
    status: StatusBar
    transcripts: Transcripts
    capture: Capture
    pop_out: PopOut


class Commands:
    """The handlers of the window's commands. ``parent`` is the window: the dialogs' parent,
    and what Quit closes."""

    def __init__(self, parts: Parts, parent: QWidget) -> None:
        self.parts, self.parent = parts, parent
        #: The window's menus by title, in order (set once they are built).
        self.menus: dict[str, QMenu] = {}
        self.theme_menu: QMenu | None = None
        self.recent_menu: QMenu | None = None
        #: The dialog open last (Preferences, Keyboard Shortcuts): tests and the window read it.
        self.dialog: QWidget | None = None

    def handlers(self) -> dict[str, Callable[..., object]]:
        p = self.parts
        player, playback = p.player, p.playback
        session, transcripts = p.session, p.transcripts
        return {
            "open_folder": self.choose_folder,
            "open_samples": lambda: self.open_path(bundled_notes()),
            "open_in_editor": self.open_in_editor,
            "open_in_obsidian": self.open_in_obsidian,
            "show_in_file_manager": self.show_in_file_manager,
            "reload": session.reload,
            "next_pane": lambda: self.focus_pane(+1),
            "previous_pane": lambda: self.focus_pane(-1),
            "preferences": self.edit_preferences,
            "quit": self.parent.close,
            "zoom_in": lambda: self.zoom(+1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "find": self.find,
            "filter": p.side.focus_filter,
            "search": p.search.open_panel,
            "transcript": transcripts.set_visible,
            "pop_out": lambda _checked=False: p.pop_out.toggle(),
            "keep_on_top": p.pop_out.set_on_top,
            "back": session.go_back,
            "forward": session.go_forward,
            "switcher": p.switcher.popup,
            "play_pause": player.toggle,
            "back_10": lambda: player.skip(-10),
            "forward_10": lambda: player.skip(10),
            "previous_timestamp": playback.steps.previous_timestamp,
            "next_timestamp": playback.steps.next_timestamp,
            "previous_chapter": playback.steps.previous_chapter,
            "next_chapter": playback.steps.next_chapter,
            "previous_frame": lambda: playback.steps.frame(-1),
            "next_frame": lambda: playback.steps.frame(+1),
            "loop_passage": playback.loops.loop_passage_here,
            "loop_start": playback.loops.set_a,
            "loop_end": playback.loops.set_b,
            "clear_loop": playback.loops.clear_loop,
            "faster": lambda: player.step_rate(+1),
            "slower": lambda: player.step_rate(-1),
            "normal_speed": lambda: player.set_rate(1.0),
            "mute": playback.toggle_mute,
            "fullscreen": playback.fullscreen_key,
            "subtitles": playback.toggle_subtitles,
            "leave_fullscreen": lambda: p.fullscreen.set(False),
            "add_note": p.capture.open_box,
            "undo_capture": p.capture.undo,
            "follow": playback.set_follow,
            "copy_moment": playback.copy_current_moment,
            "copy_app_link": playback.copy_app_link,
            "copy_frame": playback.copy_frame,
            "transcript_earlier": lambda: transcripts.shift(-SHIFT_STEP),
            "transcript_later": lambda: transcripts.shift(SHIFT_STEP),
            "transcript_timing_reset": transcripts.reset_shift,
            "open_video_elsewhere": lambda: player.open_in_browser(),
            "play_youtube": lambda _checked=True: playback.copies.choose(False),
            "play_local_copy": lambda _checked=True: playback.copies.choose(True),
            "shortcuts": self.show_shortcuts,
            "about": self.about,
        }

    # Folders

    def open_path(self, path: Path) -> bool:
        """Open a folder, or a note in its folder (a recently opened folder if it is in one)."""
        return self.parts.session.open_path(path, self.parts.settings.recent_folders)

    def choose_folder(self) -> None:
        folder = self.parts.session.folder
        start = str(folder.root) if folder else str(Path.home())
        if chosen := QFileDialog.getExistingDirectory(self.parent, "Open Notes Folder", start):
            self.open_path(Path(chosen))

    def focus_pane(self, step: int) -> None:
        """F6 / Shift+F6: the keyboard to the next (previous) pane on screen, in reading order:
        the notes list (or the search box), the note, the video's controls, the transcript."""
        p = self.parts
        side = p.side.panel.box if p.side.searching() else p.side.navigator.tree
        targets = [
            (p.side, side),
            (p.display, p.display.view),
            (p.player, p.player.controls.play_button),
            (p.transcripts.pane, p.transcripts.pane.list),
        ]
        shown = [(pane, target) for pane, target in targets if target.isVisible()]
        if not shown:
            return
        focus = QApplication.focusWidget()
        here = next(
            (n for n, (pane, _) in enumerate(shown) if focus and pane.isAncestorOf(focus)), -1
        )
        _pane, target = shown[(here + step) % len(shown)]
        if not target.window().isActiveWindow():  # the video may be in a window of its own
            target.window().activateWindow()
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def fill_recent(self, menu: QMenu) -> None:
        """File › Open Recent, as it is when the menu opens."""
        self.recent_menu = menu
        settings = self.parts.settings
        menu.clear()
        for folder in (recent := settings.recent_folders):
            action = menu.addAction(str(folder))
            action.triggered.connect(lambda _checked=False, folder=folder: self.open_path(folder))
        if recent:
            menu.addSeparator()
            menu.addAction("Clear List", settings.clear_recent_folders)
        else:
            menu.addAction("No recent folders").setEnabled(False)

    # View

    def zoom(self, direction: int) -> None:
        self.parts.settings.zoom = factor = self.parts.display.zoom(direction)
        self.parts.status.say(f"Zoom {round(factor * 100)}%", 2000)

    def find(self) -> None:
        """Ctrl+F: find in the transcript when the keyboard is in its pane, else in the note."""
        pane = self.parts.transcripts.pane
        if pane.isVisible() and pane.has_focus_within():
            pane.open_find()
        else:
            self.parts.display.find_bar.open_bar()

    def fill_theme(self, menu: QMenu) -> None:
        """View › Theme: a choice of the system's, light or dark."""
        self.theme_menu = menu
        group = QActionGroup(menu)
        for choice in CHOICES:
            action = group.addAction(menu.addAction(choice.capitalize()))
            action.setObjectName(f"theme-{choice}")
            action.setCheckable(True)
            action.setChecked(choice == self.parts.theme.choice)
            action.triggered.connect(lambda _on=False, choice=choice: self.set_theme(choice))

    def set_theme(self, choice: str) -> None:
        """System, light or dark; remembered."""
        self.parts.settings.theme = choice
        self.parts.theme.set_choice(choice)
        for action in self.theme_menu.actions() if self.theme_menu else []:
            action.setChecked(action.objectName() == f"theme-{choice}")

    # The note elsewhere on the desktop

    def open_in_editor(self) -> None:
        """File › Open in Editor: the note in the reader's editor, at the line last added to
        it (Add Note at This Moment), else at the passage on screen."""
        session, status = self.parts.session, self.parts.status
        folder, path, timeline = session.folder, session.current, session.timeline
        if folder is None or path is None or timeline is None:
            status.say("There is no note to open.", 5000, Scope.NOTE)
            return
        command = self.parts.settings.editor
        if (added := self.parts.capture.last_line(path)) is not None:
            if problem := desktop.open_in_editor(folder.root / path, added, command):
                status.say(problem, 8000, Scope.NOTE)
            else:
                status.say(f"Opened {path} in the editor at the note added (line {added})", 4000)
            return

        def open_at(passage: int | None) -> None:
            known = passage is not None and 0 <= passage < len(timeline.passages)
            line = timeline.line_of(passage) if known and passage is not None else 1
            if problem := desktop.open_in_editor(folder.root / path, line, command):
                status.say(problem, 8000, Scope.NOTE)
            else:
                status.say(f"Opened {path} in the editor (line {line})", 4000)

        self.parts.display.passage_on_screen(open_at)

    def open_in_obsidian(self) -> None:
        """File › Open in Obsidian (shown when the folder is in an Obsidian vault): the note
        on screen, in Obsidian."""
        session, status = self.parts.session, self.parts.status
        if session.folder is None or session.current is None:
            status.say("There is no note to open.", 5000, Scope.NOTE)
            return
        if problem := desktop.open_in_obsidian(session.folder.root / session.current):
            status.say(problem, 8000, Scope.NOTE)
        else:
            status.say(f"Opened {session.current} in Obsidian", 4000)

    def show_in_file_manager(self) -> None:
        session, status = self.parts.session, self.parts.status
        if session.folder is None:
            status.say("There is no folder open.", 5000)
            return
        root = session.folder.root
        if problem := desktop.show_in_file_manager(
            root / session.current if session.current else root
        ):
            status.say(problem, 8000)

    # Dialogs

    def edit_preferences(self) -> None:
        from viewer.app.preferences_dialog import PreferencesDialog

        settings = self.parts.settings
        dialog = PreferencesDialog(settings, self.parent)
        dialog.accepted.connect(lambda: self.set_theme(settings.theme))
        dialog.open()
        self.dialog = dialog

    def show_shortcuts(self) -> None:
        """Help › Keyboard Shortcuts: every menu's keys, then the keys of the panes."""
        from viewer.app.shortcuts_dialog import ShortcutsDialog, menu_groups, shortcut_group

        menus = {title: menu.actions() for title, menu in self.menus.items()}
        find_bar = self.parts.display.find_bar
        groups = menu_groups(menus)
        groups += [
            shortcut_group("In the video pane", self.parts.player.findChildren(QShortcut)),
            shortcut_group("In the find bar", find_bar.findChildren(QShortcut), FindBar.KEYS),
            shortcut_group("In the note box", [], CaptureBox.KEYS),
            shortcut_group("In the transcript", [], TranscriptPane.KEYS),
        ]
        dialog = ShortcutsDialog(groups, self.parent)
        dialog.open()
        self.dialog = dialog

    def about(self) -> None:
        about = f"<b>Viewer {__version__}</b><p>Markdown notes about videos, beside the video.</p>"
        QMessageBox.about(self.parent, "About Viewer", about)
