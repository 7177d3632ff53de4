"""The window's status bar: messages that belong to what they describe, and its fields.

A message says something about the folder, the note on screen, what the video is doing, or
the link under the pointer, and it goes when that stops being true: "Playing from 0:37" when
the video stops, a player's error or a chapter's name when another note shows, a link's
address when the pointer leaves it. A message about the folder lives out its time. A link's
address only covers the message under it for as long as the pointer is on the link: the
message comes back after, for the rest of its time ("Added a note at 2:43 — Ctrl+Z takes it
back" is not lost to a link the page brought under a resting pointer).

    bar.say("Playing from 0:37", 3000, Scope.PLAYBACK)
    bar.playback_stopped()   # takes back what was said about playback
    bar.note_changed()       # takes back what was said about the note, and its section
"""

from __future__ import annotations

import logging
import time
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QStatusBar, QWidget

log = logging.getLogger("viewer.window")


class Scope(Enum):
    """What a message is about, and so when it goes."""

    FOLDER = "folder"  # lives out its time
    NOTE = "note"  # goes when another note shows
    PLAYBACK = "playback"  # goes when the video stops playing, or another note shows
    HOVER = "hover"  # goes when the pointer leaves the link


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The heading of the passage the video is at.
        self.section = QLabel("", self)
        self.section.setObjectName("currentSection")
        self.addPermanentWidget(self.section)
        #: How far the background read of a folder is.
        self.read_progress = QLabel("", self)
        self.read_progress.setObjectName("readProgress")
        self.read_progress.hide()
        self.addPermanentWidget(self.read_progress)
        #: The last message said through :meth:`say`, and what it is about.
        self._said: tuple[str, Scope] | None = None
        #: When the message on show goes (``time.monotonic()``; None: when replaced).
        self._until: float | None = None
        #: The message a link's address covers now, and when it goes, to show again after.
        self._covered: tuple[str, Scope, float | None] | None = None

    @property
    def scope(self) -> Scope | None:
        """What the message on show is about (None when there is none, or it was shown
        with ``showMessage`` and so is about the folder)."""
        said = self._said
        if said is None or said[0] != self.currentMessage():
            return Scope.FOLDER if self.currentMessage() else None
        return said[1]

    def say(self, text: str, timeout_ms: int = 0, scope: Scope = Scope.FOLDER) -> None:
        """Show ``text`` for ``timeout_ms`` (0: until replaced or taken back)."""
        self.showMessage(text, timeout_ms)
        self._said = (text, scope)
        self._until = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        self._covered = None

    def take_back(self, *scopes: Scope) -> None:
        """Clear the message on show if it is about one of ``scopes`` (and the one a link's
        address covers, if it is)."""
        if self._covered is not None and self._covered[1] in scopes:
            self._covered = None
        if self.currentMessage() and self.scope in scopes:
            self.clearMessage()

    def warn(self, title: str, message: str) -> None:
        """Something the reader must see: said here, and in a box that waits for them."""
        log.warning("%s: %s", title, message)
        self.say(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self.window())
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    def hover(self, text: str) -> None:
        """The link under the pointer ("" when it left: the hover's message goes, and the one
        it covered comes back for the rest of its time)."""
        if text:
            covered = self._covered
            shown = self.currentMessage()
            if covered is None and shown and self.scope is not Scope.HOVER:
                said = self._said is not None and self._said[0] == shown
                scope = self._said[1] if said and self._said else Scope.FOLDER
                covered = (shown, scope, self._until if said else None)
            self.say(text, 0, Scope.HOVER)
            self._covered = covered
            return
        covered, self._covered = self._covered, None
        if self.scope is not Scope.HOVER:
            return
        self.clearMessage()
        if covered is not None:
            text, scope, until = covered
            left = None if until is None else until - time.monotonic()
            if left is None or left > 0.5:
                self.say(text, 0 if left is None else round(left * 1000), scope)

    def note_changed(self) -> None:
        self.take_back(Scope.NOTE, Scope.PLAYBACK, Scope.HOVER)
        self.section.setText("")

    def playback_stopped(self) -> None:
        self.take_back(Scope.PLAYBACK)

    def show_read_progress(self, done: int, total: int) -> None:
        self.read_progress.setText(f"Reading notes… {done:,} of {total:,}" if total else "")
        self.read_progress.setVisible(total > 0)
