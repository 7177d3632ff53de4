"""Every command of the window, declared once: its name, menu text, keys and menu.

The menus, the window's keys and Help › Keyboard Shortcuts are all made from this table, so
they cannot disagree. The window supplies a handler for each name (:func:`build`); keys that
work only inside one pane (the video pane's arrows, the find bar's Enter) are that pane's own
``QShortcut`` objects, listed on the shortcuts screen from the objects themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

Key = QKeySequence.StandardKey | str


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    text: str
    keys: tuple[Key, ...] = ()
    checkable: bool = False


#: A line between groups of a menu.
SEPARATOR = "-"
#: A submenu the window fills itself (Open Recent, Theme): named ``@name``.


def _c(name: str, text: str, *keys: Key, checkable: bool = False) -> Command:
    return Command(name, text, keys, checkable)


Standard = QKeySequence.StandardKey

COMMANDS: tuple[Command, ...] = (
    _c("open_folder", "&Open Folder…", Standard.Open),
    _c("open_samples", "Open &Sample Notes"),
    _c("open_in_editor", "Open in &Editor", "Ctrl+E"),
    _c("open_in_obsidian", "Open in O&bsidian"),
    _c("show_in_file_manager", "Show in File &Manager"),
    _c("reload", "&Reload", Standard.Refresh, "F5"),
    _c("preferences", "&Preferences…", Standard.Preferences, "Ctrl+,"),
    _c("quit", "&Quit", Standard.Quit, "Ctrl+Q"),
    _c("zoom_in", "Zoom &In", "Ctrl+=", "Ctrl++"),
    _c("zoom_out", "Zoom &Out", "Ctrl+-"),
    _c("zoom_reset", "&Actual Size", "Ctrl+0"),
    _c("find", "&Find in Note…", "Ctrl+F"),
    _c("filter", "&Filter Notes", "Ctrl+L"),
    # The keyboard from pane to pane: Tab stays within a note's page (its links), F6 leaves it.
    _c("next_pane", "Ne&xt Pane", "F6"),
    _c("previous_pane", "Pre&vious Pane", "Shift+F6"),
    _c("search", "&Search Notes…", "Ctrl+Shift+F"),
    _c("transcript", "&Transcript", "Ctrl+Shift+T", checkable=True),
    # The video in a window of its own (YouTube's miniplayer key), kept above the others or not.
    _c("pop_out", "&Pop Out Video", "I", checkable=True),
    _c("keep_on_top", "&Keep Video on Top", checkable=True),
    _c("back", "&Back", "Alt+Left"),
    _c("forward", "&Forward", "Alt+Right"),
    _c("switcher", "Go to &Note…", "Ctrl+P"),
    # YouTube's keys. Space plays and pauses everywhere but in a text box (as on YouTube): the
    # note scrolls with Page Up / Page Down, the arrows and the wheel.
    _c("play_pause", "&Play / Pause", "K", "Space"),
    _c("back_10", "Back 10 s", "J"),
    _c("forward_10", "Forward 10 s", "L"),
    # Moment to moment: the note's timestamps, its chapters (YouTube's Ctrl+arrows) and, on a
    # paused video, its frames (YouTube's . and ,).
    _c("previous_timestamp", "Previous &Timestamp", "Ctrl+Up"),
    _c("next_timestamp", "Next T&imestamp", "Ctrl+Down"),
    _c("previous_chapter", "Previous C&hapter", "Ctrl+Left"),
    _c("next_chapter", "Next Ch&apter", "Ctrl+Right"),
    _c("previous_frame", "Previous Frame", ","),
    _c("next_frame", "Next Frame", "."),
    _c("loop_passage", "&Loop This Passage", "Ctrl+Shift+L"),
    _c("loop_start", "Set Loop Start (A)", "["),
    _c("loop_end", "Set Loop End (B)", "]"),
    _c("clear_loop", "Clear Loop", "\\"),
    # Shift+. and Shift+, type ">" and "<" on most keyboards; Qt sees either form.
    _c("faster", "&Faster", ">", "Shift+>"),
    _c("slower", "&Slower", "<", "Shift+<"),
    _c("normal_speed", "&Normal Speed"),
    _c("mute", "&Mute / Unmute", "M"),
    _c("fullscreen", "F&ullscreen", "F"),
    _c("subtitles", "Su&btitles On / Off", "C"),
    _c("leave_fullscreen", "Leave Fullscreen", "Esc"),
    # A note at the video's time, typed in a box under the note (docs/CAPTURE.md).
    _c("add_note", "&Add Note at This Moment", "N"),
    _c("undo_capture", "Undo A&dd Note", "Ctrl+Z"),
    _c("follow", "F&ollow Along", checkable=True),
    _c("copy_moment", "&Copy Link to Current Moment"),
    _c("copy_app_link", "Copy Viewer Li&nk to Current Moment"),
    _c("copy_frame", "Cop&y Frame"),
    _c("transcript_earlier", "Transcript &Earlier (−0.5 s)", "Ctrl+Alt+Left"),
    _c("transcript_later", "Transcript &Later (+0.5 s)", "Ctrl+Alt+Right"),
    _c("transcript_timing_reset", "&Reset Transcript Timing"),
    _c("open_video_elsewhere", "Open Video in &Browser"),
    # A note with a YouTube video and a local copy of it: which of the two plays.
    _c("play_youtube", "Play from &YouTube", checkable=True),
    _c("play_local_copy", "Play Loc&al Copy", checkable=True),
    _c("shortcuts", "&Keyboard Shortcuts", Standard.HelpContents, "?", "Shift+?"),
    _c("about", "&About Viewer"),
)

#: The menus, in order: their titles and what they hold (command names, separators, and
#: ``@submenu`` places the window fills).
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
        (
            "open_folder",
            "@Open &Recent",
            "open_samples",
            SEPARATOR,
            "open_in_editor",
            "open_in_obsidian",
            "show_in_file_manager",
            SEPARATOR,
            "reload",
            SEPARATOR,
            "preferences",
            SEPARATOR,
            "quit",
        ),
    ),
    (
        "&View",
        (
            "zoom_in",
            "zoom_out",
            "zoom_reset",
            SEPARATOR,
            "find",
            "filter",
            "search",
            SEPARATOR,
            "transcript",
            "pop_out",
            "keep_on_top",
            SEPARATOR,
            "next_pane",
            "previous_pane",
            SEPARATOR,
            "@&Theme",
        ),
    ),
    ("&Go", ("back", "forward", SEPARATOR, "switcher")),
    (
        "&Playback",
        (
            "play_pause",
            "back_10",
            "forward_10",
            SEPARATOR,
            "previous_timestamp",
            "next_timestamp",
            "previous_chapter",
            "next_chapter",
            "previous_frame",
            "next_frame",
            SEPARATOR,
            "loop_passage",
            "loop_start",
            "loop_end",
            "clear_loop",
            SEPARATOR,
            "faster",
            "slower",
            "normal_speed",
            "mute",
            "fullscreen",
            "subtitles",
            "leave_fullscreen",
            SEPARATOR,
            "add_note",
            "undo_capture",
            SEPARATOR,
            "follow",
            "copy_moment",
            "copy_app_link",
            "copy_frame",
            "open_video_elsewhere",
            SEPARATOR,
            "play_youtube",
            "play_local_copy",
            SEPARATOR,
            "transcript_earlier",
            "transcript_later",
            "transcript_timing_reset",
        ),
    ),
    ("&Help", ("shortcuts", "about")),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """The sequences of ``keys``, each once: a standard key may be one of the others (Refresh
    is F5), and a key bound twice is ambiguous to Qt, which then does nothing."""
    found: list[QKeySequence] = []
    for key in keys:
        sequences = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        found += [sequence for sequence in sequences if not sequence.isEmpty()]
    unique: list[QKeySequence] = []
    for sequence in found:
        if sequence not in unique:
            unique.append(sequence)
    return unique


@dataclass
class Built:
    """The window's actions by name, its menus by title (without ``&``), and its submenus."""

    actions: dict[str, QAction]
    menus: dict[str, QMenu]
    submenus: dict[str, QMenu]


def build(window: QWidget, bar: QMenuBar, handlers: Mapping[str, Callable[..., object]]) -> Built:
    """Make every command an action of ``window`` (its keys work with the menu bar hidden, as
    in fullscreen) and put it in its menu on ``bar``. Every command needs a handler."""
    missing = set(_BY_NAME) ^ set(handlers)
    assert not missing, f"commands and handlers differ: {sorted(missing)}"
    built = Built({}, {}, {})
    for title, items in MENUS:
        menu = bar.addMenu(title)
        built.menus[title.replace("&", "")] = menu
        for item in items:
            if item == SEPARATOR:
                menu.addSeparator()
            elif item.startswith("@"):
                built.submenus[item[1:].replace("&", "")] = menu.addMenu(item[1:])
            else:
                command = _BY_NAME[item]
                action = QAction(command.text, window)
                action.setObjectName(command.name)
                action.setShortcuts(key_sequences(command.keys))
                action.setCheckable(command.checkable)
                action.triggered.connect(handlers[item])
                menu.addAction(action)
                window.addAction(action)
                built.actions[item] = action
    return built


class WindowActions:
    """The window's actions from its first paint on. A command asked for before the window
    has its handlers (:meth:`bind`) is kept and done once it has them (:meth:`do_kept`); Quit
    closes at once."""

    def __init__(self, window: QWidget, bar: QMenuBar, quit_now: Callable[[], object]) -> None:
        self._kept: list[tuple[str, bool]] = []
        self._early: dict[str, Callable[..., object]] = {
            command.name: partial(self._keep, command.name) for command in COMMANDS
        }
        self._early["quit"] = quit_now
        self.built = build(window, bar, self._early)
        self._handlers: Mapping[str, Callable[..., object]] = {}

    def _keep(self, name: str, checked: bool = False) -> None:
        self._kept.append((name, checked))

    def bind(self, handlers: Mapping[str, Callable[..., object]]) -> None:
        """The window is built: each action goes to its handler from now on."""
        for name, action in self.built.actions.items():
            action.triggered.disconnect(self._early[name])
            action.triggered.connect(handlers[name])
        self._handlers = handlers

    def do_kept(self) -> None:
        """Do what the reader asked for before the window was built, in order."""
        kept, self._kept = self._kept, []
        for name, checked in kept:  # as the action's triggered signal gives them
            handler = self._handlers[name]
            handler(checked) if self.built.actions[name].isCheckable() else handler()
