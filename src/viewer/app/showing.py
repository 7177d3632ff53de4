"""What the window does when the session shows a note: the page, the video at the reader's
place in it, its transcript, the status bar, the list, the title, what the next start reopens.

    showing = Showing(parts, window.setWindowTitle)
    session.noteChanged.connect(showing.show)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from viewer.app.commands import Parts
    from viewer.app.navigator import Navigator
    from viewer.app.session import Arrival
    from viewer.core.note import Note


class Showing(QObject):
    #: A note is on screen (its folder-relative path).
    shown = Signal(str)

    def __init__(
        self,
        parts: Parts,
        navigator: Navigator,
        elsewhere: QAction,
        set_title: Callable[[str], None],
    ) -> None:
        super().__init__(parts.display)
        self.parts, self.navigator, self.elsewhere = parts, navigator, elsewhere
        self._set_title = set_title
        #: The note on screen (folder-relative).
        self.on_screen: str | None = None

    def show(self, arrival: Arrival) -> None:
        """Show the note the reader comes to, where they were in it (or at a heading)."""
        session, parts = self.parts.session, self.parts
        path, note, place = session.current, session.note, arrival.place
        assert path is not None and note is not None
        again = path == self.on_screen  # the note on screen, chosen again: leave the video be
        self.on_screen = path
        if not again:
            parts.status.note_changed()
        parts.display.show_note(arrival.heading or (place.scroll if place else None))
        new_video = self._show_video(note)
        # Back where the reader was, paused. Notes about the same video each keep their own
        # time: a note opened after another about the same file goes to its own place too.
        if (new_video or not again) and note.video is not None:
            time = place.time if place else 0.0
            if time > 0 or not new_video:
                parts.player.seek(time, play=False)
        self._on_screen(path, note)

    def show_again(self) -> None:
        """The note changed on disk, or its file was renamed: show it as it is now, where the
        reader is, the video going on as it was."""
        session = self.parts.session
        path, note = session.current, session.note
        assert path is not None and note is not None
        self.on_screen = path
        self.parts.display.rerender()
        self._show_video(note)
        self._on_screen(path, note)

    def show_gone(self, path: str) -> None:
        """The note on screen went away (removed, or moved out of the folder): say so in its
        place; the list, the video and the rest of the window stay as they were."""
        self.on_screen = None
        folder = self.parts.session.folder
        self.parts.display.show_gone(path)
        self.parts.status.note_changed()
        self.parts.status.say(f"'{path}' is no longer in the folder: it was moved or deleted.")
        self._set_title(f"{folder.root.name} — Viewer" if folder else "Viewer")

    def show_empty(self) -> None:
        self.on_screen = None
        self.parts.display.show_empty(self.parts.session.folder is not None)
        self.parts.player.set_video(None)
        self.parts.transcripts.clear()

    def _show_video(self, note: Note) -> bool:
        changed = self.parts.playback.show_video_of(note)
        self.elsewhere.setText(self.parts.player.open_elsewhere_text())
        self.elsewhere.setEnabled(note.video is not None)
        return changed

    def _on_screen(self, path: str, note: Note) -> None:
        folder = self.parts.session.folder
        assert folder is not None
        self.parts.transcripts.show_note()
        self._set_title(f"{note.title} — {folder.root.name} — Viewer")
        self.navigator.select(path)
        self.parts.settings.remember_session(folder.root, path)
        self.shown.emit(path)
