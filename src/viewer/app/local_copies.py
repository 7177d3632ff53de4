"""Which of a note's two videos plays: its YouTube video, or the local copy beside it.

    copies = LocalCopies(player, session, status, parent=window)
    player.set_video(copies.source_of(note), ...)   # what Playback gives the player
    copies.shown(note)                              # the pane's notice, the menu's pair

A note with both a ``videoId`` and a file (:mod:`viewer.core.local_copy`) plays YouTube. When
YouTube fails (offline, embedding refused, 152/153, removed) the copy plays in its place, from
where the reader was, and the pane says why; the note plays its copy from then on in this run,
so going back to it does not wait for YouTube to fail again. Playback › Play from YouTube and
Play Local Copy choose for the note; the choice of the copy is kept in the state folder
(:mod:`viewer.core.copy_choices`), and choosing YouTube tries it again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from viewer.app.player.pane import PlayerPane
from viewer.app.session import Session
from viewer.app.status_bar import Scope, StatusBar
from viewer.core.copy_choices import CopyChoices
from viewer.core.local_copy import fallback_notice, which_plays
from viewer.core.note import Note
from viewer.core.video import VideoSource


class LocalCopies(QObject):
    def __init__(
        self,
        player: PlayerPane,
        session: Session,
        status: StatusBar,
        choices: CopyChoices | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.player, self.session, self.status = player, session, status
        self.choices = CopyChoices() if choices is None else choices
        #: How YouTube failed for each video id, in this run.
        self._failed: dict[str, str] = {}
        #: Playback › Play from YouTube and Play Local Copy, and Open Video in Browser (or in
        #: the default player), once the menus are made (:meth:`bind`).
        self._pair: tuple[QAction, QAction] | None = None
        self._elsewhere: QAction | None = None
        player.failed.connect(self._youtube_failed)
        session.noteRenamed.connect(self._renamed)

    def bind(self, youtube: QAction, copy: QAction, elsewhere: QAction | None = None) -> None:
        """The menu's pair (checkable, one of them checked) and the action that opens the
        video outside the app, whose name follows the video that plays."""
        group = QActionGroup(self)
        group.setExclusive(True)
        for action in (youtube, copy):
            group.addAction(action)
            action.setEnabled(False)
        youtube.setChecked(True)
        self._pair, self._elsewhere = (youtube, copy), elsewhere

    def source_of(self, note: Note) -> VideoSource | None:
        """The video to play for ``note``: its copy when the reader chose it or YouTube failed
        for it in this run, else its video."""
        copy, video = note.local_copy, note.video
        if copy is None or video is None:
            return video
        which = which_plays(self.choices.plays_copy(note.path), self._failed.get(video.value))
        return copy.source if which == "copy" else video

    def shown(self, note: Note) -> None:
        """``note``'s video is in the player: say why the copy plays, if YouTube failed, and
        set the menu's pair."""
        copy, video = note.local_copy, note.video
        failure = self._failed.get(video.value) if video is not None else None
        plays_copy = copy is not None and self.player.source == copy.source
        chosen = self.choices.plays_copy(note.path)
        if copy is not None and plays_copy and failure is not None and not chosen:
            self.player.set_notice(fallback_notice(failure, copy))
        self._show_choice(note)

    def choose(self, copy: bool) -> None:
        """Play the current note's copy (``copy``) or its YouTube video, from where the reader
        is, and keep the choice for the note."""
        note = self.session.note
        if note is None or note.local_copy is None or note.video is None:
            self._show_choice(note)
            return
        self.choices.choose(note.path, copy)
        if not copy:
            self._failed.pop(note.video.value, None)  # the reader asks: try YouTube again
        source = self.source_of(note)
        if source is not None and source != self.player.source:
            self.player.play_instead(source)
        else:
            self.player.set_notice("")
        said = (
            f"Playing the local copy {note.local_copy.written}" if copy else "Playing from YouTube"
        )
        self.status.say(said, 4000, Scope.NOTE)
        self._show_choice(note)

    def _youtube_failed(self, failure: str, _message: str) -> None:
        note = self.session.note
        if note is None or note.local_copy is None or note.video is None:
            return
        if self.player.source != note.video:
            return  # the copy itself failed: there is nothing else to play
        self._failed[note.video.value] = failure
        notice = fallback_notice(failure, note.local_copy)
        self.player.play_instead(note.local_copy.source, notice)
        self.status.say(notice, 8000, Scope.NOTE)
        self._show_choice(note)

    def _show_choice(self, note: Note | None) -> None:
        if self._elsewhere is not None:
            self._elsewhere.setText(self.player.open_elsewhere_text())
        if self._pair is None:
            return
        youtube, copy = self._pair
        paired = note is not None and note.local_copy is not None
        for action in self._pair:
            action.setEnabled(paired)
        plays_copy = (
            note is not None
            and note.local_copy is not None
            and self.player.source == note.local_copy.source
        )
        (copy if plays_copy else youtube).setChecked(True)

    def _renamed(self, old: str, new: str) -> None:
        if (folder := self.session.folder) is not None:
            self.choices.rename(folder.root / old, folder.root / new)
