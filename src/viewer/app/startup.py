"""The start: the last note on screen first, then the player, then the rest of the window.

    window = MainWindow(later=True)    # the frame, the note pane, the status and menu bars
    start(window, argument)            # shows the window, and what it opens

With no argument, when the settings name the last folder and note and the page kept of that
note is still good (:mod:`viewer.core.page_cache`: the same file, theme and code), the note
pane shows that page at once, before the folder index, Markdown, YAML, the side pane, the
player and the commands are even imported. Then, in the order they matter to the reader:

1. the page is on screen: the player pane is made, and its page starts loading;
2. the player is ready (or :data:`PLAYER_WAIT_MS` have gone by): the rest of the app's modules
   are imported in a worker thread, so the window stays responsive, and nothing competes
   with the player's page for the processor meanwhile;
3. they are imported: the window is built and the last folder and note opened, as on any
   start. The note's own render replaces the cached page only if the two differ, where the
   reader is.

Otherwise (a path to open, the first start, a note changed since) the window is built at once
and opens what :func:`open_initial` says, as it always did.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.resources import asset_text

if TYPE_CHECKING:
    from viewer.app.main_window import MainWindow
    from viewer.core.opening import Opening
    from viewer.core.page_cache import CachedPage

log = logging.getLogger("viewer.startup")

#: What the window's build imports (with all they import), loaded in a worker thread. One left
#: out is imported by the build itself, a little later: the list only saves time.
LATER_MODULES = (
    "viewer.core.index_cache",
    "viewer.core.render",
    "viewer.app.commands",
    "viewer.app.drops",
    "viewer.app.history_buttons",
)
#: The longest the rest waits for the player's page to say it is ready.
PLAYER_WAIT_MS = 400


def cached_page(window: MainWindow) -> CachedPage | None:
    """The page kept of the last note, if the settings name one and it is still good."""
    settings = window.settings
    folder, note = settings.last_folder, settings.last_note
    if folder is None or note is None:
        return None
    root = Path(os.path.abspath(folder))
    return window.pages.load(root, note, window.display.theme, asset_text("note.css"))


def start(window: MainWindow, opening: Opening | None) -> Start | None:
    """Show ``window`` and open ``opening``, else where the reader left off (see the
    module's description). A start from the cached page is returned: it says how it went."""
    page = cached_page(window) if opening is None else None
    if page is None:
        window.build()
        window.show()
        open_initial(window, opening)
        return None
    begun = Start(window, page)
    begun.begin()
    return begun


def open_initial(window: MainWindow, opening: Opening | None) -> None:
    """What the start was asked to open (or what another launch asked for meanwhile); else
    where the reader left off; else (the first run) the bundled notes."""
    from viewer.resources import bundled_notes

    settings = window.settings
    opening = opening or window.asked
    if opening is not None:
        opened = window.open_at(opening)
    else:
        last = settings.last_folder
        opened = last is not None and last.is_dir() and window.open_folder(last, settings.last_note)
    if not opened:
        window.open_path(bundled_notes())


class Start(QObject):
    """A start from the cached page, step by step: see the module's description."""

    #: The modules of :data:`LATER_MODULES` are imported (sent from the worker thread).
    imported = Signal()
    #: The window is built and has opened the last folder and note.
    done = Signal()

    def __init__(self, window: MainWindow, page: CachedPage) -> None:
        super().__init__(window)
        self.window, self.page = window, page
        #: When each step ended (``time.monotonic()``): "shown" (the window, its page
        #: loading), "on_screen", "player_built" (its pane), "player" (its page loading),
        #: "player_ready", "imported", "built", "opened".
        self.marks: dict[str, float] = {}
        self._importing = False
        self.imported.connect(self._build)

    def _mark(self, step: str) -> None:
        self.marks[step] = time.monotonic()

    def begin(self) -> None:
        window, page = self.window, self.page
        window.files.root = page.root  # the page's pictures are the folder's files
        place = window.places.get(page.root / page.note)
        window.display.show_cached(page, place.scroll if place else None)
        if page.title:
            window.setWindowTitle(f"{page.title} — {page.root.name} — Viewer")
        window.display.view.loadFinished.connect(self._on_screen)
        window.show()
        self._mark("shown")

    def _on_screen(self, _ok: bool) -> None:
        """The cached page is on screen (or could not load): the player next."""
        self._mark("on_screen")
        window = self.window
        window.display.view.loadFinished.disconnect(self._on_screen)
        if not window.isVisible():
            return  # closed already: nothing more to make
        window.build_player()
        self._mark("player_built")
        window.player.readyChanged.connect(self._player_ready)
        window.player.start()
        self._mark("player")
        QTimer.singleShot(PLAYER_WAIT_MS, self, self._import_rest)

    def _player_ready(self, ready: bool) -> None:
        if ready:
            self._mark("player_ready")
            self.window.player.readyChanged.disconnect(self._player_ready)
            # After whatever else listens to the player: the worker thread's imports would
            # hold them up.
            QTimer.singleShot(0, self, self._import_rest)

    def _import_rest(self) -> None:
        if self._importing:
            return
        self._importing = True
        threading.Thread(target=self._import, name="viewer-imports", daemon=True).start()

    def _import(self) -> None:
        for name in LATER_MODULES:
            try:
                importlib.import_module(name)
            except Exception:  # the build imports it again, and says what is wrong
                log.debug("importing %s ahead failed", name, exc_info=True)
                break
        with contextlib.suppress(RuntimeError):  # the window (and this) is gone: nothing to build
            self.imported.emit()

    def _build(self) -> None:
        self._mark("imported")
        window = self.window
        if not window.isVisible():
            return  # closed meanwhile
        window.build()
        self._mark("built")
        open_initial(window, None)
        self._mark("opened")
        window.do_early_commands()
        self.done.emit()
