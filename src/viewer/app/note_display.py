"""The note pane as the window sees it: the session's note rendered, shown and scrolled, the
find bar over it, the box a note is typed in under it, follow-along in it, a search hit marked
in it.

    display = NoteDisplay(profile, session)
    display.show_note(scroll_to=0.4)      # the session's current note, 40 % down, once
                                          # rendered (in a thread: the window goes on)
    display.rerender()                    # the same note again, where the reader is
    display.seekRequested.connect(...)    # a timestamp was clicked

It reads what to show from the :class:`~viewer.app.session.Session` and says what the reader
did through its signals; the window wires those to the player and the status bar.

At start it may show a note's page from the cache (:meth:`show_cached`, before the session
exists); the note's own render then replaces it only if the two differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.app import schemes
from viewer.app.follow import FollowAlong, marks_of
from viewer.app.note_renders import NoteRenders, Page, Request
from viewer.app.note_view import Decision, NoteProfile, NoteView
from viewer.core.applinks import MissingNote, NoteLink, SeekLink, parse_link
from viewer.core.note_page import note_document
from viewer.resources import asset_text

if TYPE_CHECKING:
    from viewer.app.capture_box import CaptureBox
    from viewer.app.find_bar import FindBar
    from viewer.app.session import Session
    from viewer.core.page_cache import CachedPage, PageCache
    from viewer.core.search import Hit

ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)

#: The passage at the top of the note pane: the first whose bottom is below the top edge.
_PASSAGE_ON_SCREEN = """(() => {
  for (const block of document.querySelectorAll('[data-passage]')) {
    if (block.getBoundingClientRect().bottom > 0) return Number(block.dataset.passage);
  }
  return null;
})()"""


@dataclass(frozen=True, slots=True)
class _Asked:
    """A note's page asked for (its number), and where to show it once made."""

    number: int
    scroll_to: float | str | None
    pixels: float | None


def _keep_page(
    pages: PageCache, root: Path, path: str, title: str, theme: str, document: str, *, style: str
) -> None:
    pages.store(root, path, title, theme, document, style)


def no_such_note(target: str) -> str:
    return f"There is no note named “{target}” in this folder."


class NoteDisplay(QWidget):
    #: A timestamp was clicked: play from these seconds.
    seekRequested = Signal(float)
    #: A link to a time range was clicked: play from its start to its end.
    rangeRequested = Signal(float, float)
    #: "Loop This Passage" (or "Loop This Range") on a link: its SeekLink.
    loopRequested = Signal(object)
    #: A link to a note (folder-relative path, heading id or "").
    noteRequested = Signal(str, str)
    #: A link to a note that does not exist: what it names.
    missingNoteRequested = Signal(str)
    #: "Copy Link to This Moment" on a timestamp: its time.
    momentLinkRequested = Signal(float)
    #: What the link under the pointer does, for the status bar ("" when the pointer left).
    hovered = Signal(str)
    #: The timestamps of the page just loaded, for the seek bar (none for a note without a
    #: video).
    marksRead = Signal(list)  # list[Mark]
    #: The heading above the passage the video is at ("" when there is none).
    sectionChanged = Signal(str)
    #: A note's page is on screen (loaded): the note (folder-relative), and whether it is the
    #: note as rendered now (True), or its page from the cache until then (False).
    pageShown = Signal(str, bool)
    #: A page finished loading (ok or not), a note's or the app's own.
    pageLoaded = Signal(bool)

    def __init__(
        self, profile: NoteProfile, session: Session | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        #: What to show (None until the window has made it: only a cached page shows then).
        self.session = session
        #: Where the page of each note shown is kept for the next start (None: nowhere).
        self.pages: PageCache | None = None
        #: The note whose page is on screen (folder-relative), cached or rendered; None for a
        #: page of the app's own.
        self.showing: str | None = None
        #: The cached page on screen (its note and document) until the note is rendered.
        self._cached: tuple[str, str] | None = None
        self._find_bar: FindBar | None = None
        self.view = NoteView(profile, self)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        self.follow = FollowAlong(self.view, self)
        #: ``light`` or ``dark``: the pages' theme.
        self.theme = "light"
        #: Renders notes off the UI thread (Markdown and its extensions load there, with the
        #: first note).
        self.renders = NoteRenders(self)
        #: The note's page being made, and where to show it, until it is on screen.
        self._asked: _Asked | None = None
        #: The page of the app's own on screen (no note), to show again in another theme.
        self._page: str | None = None
        #: What the link just clicked would say under the pointer (None: no click since the
        #: pointer last left a link).
        self._clicked: str | None = None
        self._connect()

    def _connect(self) -> None:
        page = self.view.note_page
        page.seekRequested.connect(self.seekRequested)
        page.rangeRequested.connect(self.rangeRequested)
        self.view.loopRequested.connect(self.loopRequested)
        page.noteRequested.connect(self.noteRequested)
        page.missingNoteRequested.connect(self.missingNoteRequested)
        page.linkHovered.connect(self._link_hovered)
        page.navigationDecided.connect(self._navigated)
        self.view.momentLinkRequested.connect(self.momentLinkRequested)
        self.view.loadFinished.connect(self._loaded)
        self.view.loadFinished.connect(self.pageLoaded)
        self.follow.sectionChanged.connect(self.sectionChanged)
        self.renders.rendered.connect(self._rendered)

    def make_find_bar(self) -> FindBar:
        """The find bar over the note, hidden until opened (made after the first paint, by
        the window's build). Runs once."""
        if self._find_bar is None:
            from viewer.app.find_bar import FindBar

            self._find_bar = FindBar(self.view, self)
            self._layout.insertWidget(0, self._find_bar)
            self._find_bar.openChanged.connect(self.follow.hold)
        return self._find_bar

    @property
    def find_bar(self) -> FindBar:
        return self.make_find_bar()

    def make_capture_box(self) -> CaptureBox:
        """The box a note is typed in (Add Note at This Moment), under the note, hidden
        until opened: it never covers the text it is about. Made by the window's build."""
        from viewer.app.capture_box import CaptureBox

        box = CaptureBox(self)
        self._layout.addWidget(box)
        return box

    # Showing

    def show_note(self, scroll_to: float | str | None = None, pixels: float | None = None) -> None:
        """Render the session's current note and show it at ``scroll_to`` (a fraction of its
        height, or a heading's id), or ``pixels`` down.

        The note is rendered in a thread of its own (:mod:`viewer.app.note_renders`): the page
        on screen stays until the new one is made, and a later call overtakes this one."""
        session = self.session
        if session is None:
            return
        folder, path, note = session.folder, session.current, session.note
        if folder is None or path is None or note is None:
            return
        self._page = None
        style = asset_text("note.css")
        pages = self.pages
        keep = None
        if pages is not None:
            root, title, theme = folder.root, note.title, self.theme
            keep = partial(_keep_page, pages, root, path, title, theme, style=style)
        request = Request(
            note, path, folder.resolve, session.duration, folder.backlinks_by_title(path),
            session.timeline, style, self.theme, keep,
        )  # fmt: skip
        number = self.renders.ask(request)
        self._asked = _Asked(number, scroll_to, pixels)

    def _rendered(self, page: Page) -> None:
        """The page asked for last is made: on screen with it, where it was asked to be."""
        asked = self._asked
        if asked is None or asked.number != page.number:
            return
        self._asked = None
        scroll_to, pixels = asked.scroll_to, asked.pixels
        path, document = page.request.path, page.document
        self.showing = path
        cached, self._cached = self._cached, None
        if cached is not None and cached[0] == path:
            if cached[1] == document:
                self._keep_cached(scroll_to)
                return
            # It changed since: the new page where the reader is on the cached one.
            scroll_to, pixels = self.view.scroll_fraction(), None
        self.follow.forget()  # the old page's timestamps are not this note's
        self.view.show_html(document, QUrl(schemes.file_url(path)), scroll_to, pixels=pixels)

    def _drop_asked(self) -> None:
        """A page of another kind takes the pane: the note's page on its way is not wanted."""
        if self._asked is not None:
            self._asked = None
            self.renders.cancel()

    def show_cached(self, page: CachedPage, scroll_to: float | None = None) -> None:
        """Show a note's page from the cache, before the session has the note (at start):
        the note as it was. :meth:`show_note` then replaces it only if it changed."""
        self._drop_asked()
        self._page = None
        self.showing = page.note
        self._cached = (page.note, page.document)
        self.follow.forget()
        self.view.show_html(page.document, QUrl(schemes.file_url(page.note)), scroll_to)

    def _keep_cached(self, scroll_to: float | str | None) -> None:
        """The note renders as the cached page on screen: keep that page, and the reader's
        place in it; read its timestamps now the note is known (once it has loaded)."""
        if isinstance(scroll_to, str) and scroll_to:
            self.view.scroll_to_fragment(scroll_to)
        if not self.is_loading():
            self._loaded(True)

    def rerender(self) -> None:
        """Show the current note again (its file, the folder or the theme changed), where
        the reader is: the same pixels, as what is above the place has not moved (or little)."""
        if self._page is not None:
            self.show_page(self._page)
        elif (asked := self._asked) is not None:  # the page on its way, made again
            self.show_note(asked.scroll_to, asked.pixels)
        else:
            self.show_note(pixels=self.view.scroll_y())

    def show_page(self, article: str) -> None:
        """A page of the app's own (``article``: safe HTML), in place of a note."""
        self._drop_asked()
        self._page = article
        self.showing = self._cached = None
        document = note_document(article, asset_text("note.css"), self.theme)
        self.view.show_html(document, QUrl(schemes.file_url("")))

    def show_message(self, title: str, sentence: str) -> None:
        """A page that says ``sentence`` (HTML) under ``title`` (text)."""
        import html

        self.show_page(
            f"<article class='note empty'><h1 class='note-title'>{html.escape(title)}</h1>"
            f"<p>{sentence}</p></article>"
        )

    def show_empty(self, has_folder: bool) -> None:
        """No note to show: how to open one."""
        self.show_message(
            "No notes here" if has_folder else "Open a notes folder",
            "Open a folder of Markdown notes with <b>File › Open Folder</b> (Ctrl+O), "
            "or drop one on this window.",
        )

    def show_gone(self, path: str) -> None:
        """The note at ``path`` went away while on screen."""
        import html

        self.show_message(
            "This note is gone",
            f"<b>{html.escape(path)}</b> is no longer in the folder: it was moved or deleted. "
            "Choose another note from the list.",
        )

    def set_theme(self, theme: str) -> None:
        if theme != self.theme:
            self.theme = theme
            self.rerender()

    def zoom(self, direction: int) -> float:
        """One step in (``+1``), out (``-1``), or back to 100 % (0): the zoom now."""
        current = self.view.zoomFactor()
        if direction == 0:
            factor = 1.0
        elif direction > 0:
            factor = next((step for step in ZOOM_STEPS if step > current + 0.01), ZOOM_STEPS[-1])
        else:
            factor = next(
                (step for step in reversed(ZOOM_STEPS) if step < current - 0.01), ZOOM_STEPS[0]
            )
        self.view.setZoomFactor(factor)
        return factor

    # Where the reader is

    def scroll_fraction(self) -> float:
        """How far down the note is, as a fraction of its height; while its page is being
        made, where that page is to be shown (the top, unless asked for another place)."""
        asked = self._asked
        if asked is not None and asked.pixels is None and not isinstance(asked.scroll_to, str):
            return float(asked.scroll_to or 0.0)
        return self.view.scroll_fraction()

    def passage_on_screen(self, done: Callable[[int | None], None]) -> None:
        """The id of the passage at the top of the pane (None on a page without passages)."""
        self.view.evaluate(
            _PASSAGE_ON_SCREEN, lambda index: done(index if isinstance(index, int) else None)
        )

    def go_to_heading(self, heading: str) -> None:
        self.follow.pause()  # the reader went there: the video does not pull them back
        self.view.scroll_to_fragment(heading)

    def mark_hit(self, hit: Hit) -> None:
        """Mark a search hit and bring it into view; following waits, as after a scroll."""
        from viewer.app.hit_mark import mark_hit  # with the first hit, not before the note

        self.follow.pause()
        mark_hit(self.view, hit)

    def is_loading(self) -> bool:
        """Whether a page is on its way: being made, or loading."""
        return self._asked is not None or self.view.page().isLoading()

    # The video's time

    def playing(self, seconds: float, playing: bool) -> None:
        self.follow.update(seconds, playing)

    def show_mark(self, index: int) -> None:
        """Bring the passage of timestamp ``index`` into view (its mark was clicked)."""
        self.follow.bring_into_view(index)

    # Reacting

    def _navigated(self, url: QUrl, decision: Decision) -> None:
        if decision is Decision.SAME_PAGE:  # a footnote, an anchor of the page
            self.follow.pause()
        if decision in _CLICKS:
            self._clicked = _hover_text(url.toString())

    def _link_hovered(self, url: str) -> None:
        """The link under the pointer, for the status bar; not the link just clicked, which
        Chromium may report after the click was acted on (the two travel apart): what the
        click did is said instead, until the pointer leaves the link."""
        text = _hover_text(url)
        if text and text == self._clicked:
            return
        self._clicked = None
        self.hovered.emit(text)

    def _loaded(self, ok: bool) -> None:
        """A page is on screen: read its timestamps for the seek bar and follow-along.

        While the session's note is being rendered, the page that loaded is an earlier one:
        only a page from the cache is said to be on screen then (as not rendered), and the
        timestamps, which are the session's note's, wait for its page."""
        if not ok:
            return
        waiting = self._asked is not None
        if self.showing is not None and (not waiting or self._cached is not None):
            self.pageShown.emit(self.showing, self._cached is None)
        if waiting:
            return
        session = self.session
        timeline = None if self._page is not None or session is None else session.timeline
        self.follow.follow(timeline)
        self.marksRead.emit(marks_of(timeline))

    def focus_note(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        """Give the keyboard to the note (its keys: K, J, L, Space…)."""
        self.view.setFocus(reason)


#: A click on a link: the app acts on it (the page stays).
_CLICKS = frozenset({Decision.SEEK, Decision.NOTE, Decision.MISSING_NOTE, Decision.EXTERNAL})


def _hover_text(url: str) -> str:
    match parse_link(url) if url else None:
        case None:
            return ""
        case SeekLink(seconds, end):
            from viewer.core.timecode import format_seconds

            if end is not None:
                return f"Play {format_seconds(seconds)}–{format_seconds(end)}"
            return f"Play from {format_seconds(seconds)}"
        case NoteLink(path, fragment):
            return f"Open {path}" + (f"#{fragment}" if fragment else "")
        case MissingNote(target):
            return no_such_note(target)
    return url
