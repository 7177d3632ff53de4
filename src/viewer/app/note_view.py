"""The note pane: an untrusted page with JavaScript off and one navigation policy.

Every link click ends in :meth:`NotePage.acceptNavigationRequest`, which decides once and
says so through :attr:`NotePage.navigationDecided` with a :class:`Decision`: the app's own
links (:mod:`viewer.core.applinks`) become signals, anchors of the page scroll it, http(s) and
mailto go to the system's handlers, and anything else is refused.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from enum import Enum
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QKeyEvent, QMouseEvent
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from viewer.app import schemes
from viewer.app.web_page import ContainedPage
from viewer.core.applinks import (
    FILE,
    LINK_SCHEMES,
    FileLink,
    MissingNote,
    NoteLink,
    SeekLink,
    parse_link,
)

log = logging.getLogger("viewer.note")

_LOCAL_SCHEMES = frozenset({FILE, "data", "about", "blob"})
_KEEP_BLOCKED = 500


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request of the note pane that would leave the machine, and keeps a list."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        # Link clicks never get here: acceptNavigationRequest refuses them before any request.
        if url.scheme() in _LOCAL_SCHEMES:
            return
        self.blocked.append(url.toString())
        del self.blocked[:-_KEEP_BLOCKED]  # the latest ones; a long session stays small
        log.info("blocked a request from a note: %s", url.toString()[:200])
        info.block(True)


class NoteProfile(QWebEngineProfile):
    """Off the record, for untrusted notes: nothing is stored, nothing remote is fetched."""

    def __init__(self, parent: QObject, files: schemes.FolderFileHandler) -> None:
        super().__init__(parent)
        self.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self.setPersistentCookiesPolicy(
            QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
        )
        # The profile does not own its interceptor: this attribute keeps it alive.
        self.interceptor = LocalOnlyInterceptor(self)
        self.setUrlRequestInterceptor(self.interceptor)
        self.files = files
        files.install(self)
        settings = self.settings()
        Attribute = QWebEngineSettings.WebAttribute
        for attribute, on in (
            (Attribute.JavascriptEnabled, False),
            (Attribute.JavascriptCanOpenWindows, False),
            (Attribute.LocalContentCanAccessFileUrls, False),
            (Attribute.LocalContentCanAccessRemoteUrls, False),
            (Attribute.PluginsEnabled, False),
            (Attribute.AutoLoadIconsForPage, False),
            (Attribute.NavigateOnDropEnabled, False),
            (Attribute.LocalStorageEnabled, False),
            (Attribute.PdfViewerEnabled, False),
        ):
            settings.setAttribute(attribute, on)


class Decision(Enum):
    """Where a navigation from the note pane ends."""

    SEEK = "seek"  # the player goes to a time
    NOTE = "note"  # another note (or this one, at a heading) opens
    MISSING_NOTE = "missing-note"  # a link to no note: the window says so
    EXTERNAL = "external"  # the system's browser or mail program gets it
    PAGE = "page"  # the app's own load of a rendered note
    SAME_PAGE = "same-page"  # an anchor of this page, e.g. a footnote
    REFUSED = "refused"  # anything else


class NotePage(ContainedPage):
    """Decides where each click in a note may go."""

    console = logging.getLogger("viewer.note.console")

    seekRequested = Signal(float)
    #: A link to a time range of the video (``seek:90,120``): its start and end.
    rangeRequested = Signal(float, float)
    noteRequested = Signal(str, str)  # folder-relative path, heading fragment
    missingNoteRequested = Signal(str)
    #: (QUrl, Decision) for every navigation, whatever was decided.
    navigationDecided = Signal(QUrl, object)

    def acceptNavigationRequest(
        self, url: QUrl | str, navigation: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        decision = self._decide(url, navigation, is_main_frame)
        self.navigationDecided.emit(url, decision)
        return decision in (Decision.PAGE, Decision.SAME_PAGE)

    def _decide(self, url: QUrl, navigation: QWebEnginePage.NavigationType, main: bool) -> Decision:
        link = parse_link(bytes(url.toEncoded().data()).decode("ascii"))
        Type = QWebEnginePage.NavigationType
        if navigation == Type.NavigationTypeBackForward:
            return Decision.REFUSED  # the app keeps the history, not the page
        if navigation not in (Type.NavigationTypeLinkClicked, Type.NavigationTypeRedirect):
            # The app's own load; a note cannot start other navigations with script off.
            return Decision.PAGE if main and isinstance(link, FileLink) else Decision.REFUSED
        match link:
            case SeekLink(seconds, end) if end is not None:
                self._later(lambda: self.rangeRequested.emit(seconds, end))
                return Decision.SEEK
            case SeekLink(seconds):
                self._later(lambda: self.seekRequested.emit(seconds))
                return Decision.SEEK
            case NoteLink(path, fragment):
                self._later(lambda: self.noteRequested.emit(path, fragment))
                return Decision.NOTE
            case MissingNote(target):
                self._later(lambda: self.missingNoteRequested.emit(target))
                return Decision.MISSING_NOTE
        if url.scheme() in LINK_SCHEMES:
            return Decision.REFUSED  # an app link that does not parse, e.g. seek:nan
        if url.hasFragment() and schemes.without_fragment(url) == schemes.without_fragment(
            self.url()
        ):
            return Decision.SAME_PAGE
        scheme = url.scheme()
        if scheme in ("http", "https", "mailto") and navigation == Type.NavigationTypeLinkClicked:
            QDesktopServices.openUrl(url)
            return Decision.EXTERNAL
        log.info("refused a navigation from a note to %s", url.toString()[:200])
        return Decision.REFUSED

    def _later(self, act: Callable[[], None]) -> None:
        # Acting now would start a new load from inside Chromium's navigation callback,
        # which it does not allow: act once the decision has returned.
        QTimer.singleShot(0, self, act)


class NoteView(QWebEngineView):
    """Shows rendered notes; remembers and restores the scroll position across re-renders."""

    #: "Copy Link to This Moment" on a timestamp: its time.
    momentLinkRequested = Signal(float)
    #: "Loop This Passage" on a timestamp, "Loop This Range" on a range: its SeekLink.
    loopRequested = Signal(object)
    #: The reader scrolls the note (the wheel, the keys that scroll, a drag): not the app.
    readerScrolled = Signal()

    def __init__(self, profile: NoteProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._files = profile.files
        self.note_page = NotePage(profile, self)
        self.setPage(self.note_page)
        self.setAccessibleName("Note")
        self.setAcceptDrops(False)  # a drop opens a folder in the window, not a page here
        #: Where the page is to be scrolled once it loads (a fraction of its height), until it
        #: has scrolled there: until then that is where the reader is.
        self._pending_scroll: float | None = None
        self._pending_pixels: float | None = None
        self.loadFinished.connect(self._restore)
        # The page draws through a child the view makes when it first shows a page: the
        # reader's wheel, keys and drags go to that one.
        self.installEventFilter(self)
        self._watched: QObject | None = None
        self.note_page.scrollPositionChanged.connect(self._scrolled)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self and kind == QEvent.Type.ChildPolished:
            proxy = self.focusProxy()
            if proxy is not None and proxy is not self._watched:
                proxy.installEventFilter(self)
                self._watched = proxy
        elif watched is self._watched and _scrolls(event):
            self.readerScrolled.emit()
        return super().eventFilter(watched, event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # Only what makes sense for a note: no reload, back, forward or view-source of the page.
        menu = QMenu(self)
        Action = QWebEnginePage.WebAction
        request = self.lastContextMenuRequest()
        link = request.linkUrl() if request is not None else QUrl()
        menu.addAction(self.pageAction(Action.Copy))
        app_link = parse_link(link.toString()) if link.isValid() else None
        if isinstance(app_link, SeekLink):
            # A timestamp's own link (seek:163) means nothing outside the app.
            seconds = app_link.seconds
            copy = menu.addAction("Copy Link to This Moment")
            copy.triggered.connect(lambda: self.momentLinkRequested.emit(seconds))
            ranged = app_link.end is not None
            loop = menu.addAction("Loop This Range" if ranged else "Loop This Passage")
            loop.triggered.connect(lambda: self.loopRequested.emit(app_link))
        elif link.isValid():
            menu.addAction(self.pageAction(Action.CopyLinkToClipboard))
        menu.addAction(self.pageAction(Action.SelectAll))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def show_html(
        self,
        document: str,
        base_url: QUrl,
        scroll_to: float | str | None = None,
        *,
        pixels: float | None = None,
    ) -> None:
        """Load ``document`` as the page at ``base_url``; then scroll to a fraction of its
        height (0 the top, 1 the bottom), or to an element id, if given; or to ``pixels``
        (CSS) from the top, which is where a note shown again in place was.

        The page is served by the folder's scheme handler rather than set with ``setHtml``,
        which goes through a ``data:`` URL that Chromium caps at 2 MB.
        """
        self._pending_scroll = scroll_to if isinstance(scroll_to, float | int) else None
        self._pending_pixels = pixels
        url = QUrl(base_url)
        if isinstance(scroll_to, str) and scroll_to:
            # Chromium scrolls to the fragment itself as it lays the page out. A scroll sent
            # after loadFinished is lost when the load follows a refused click, which Chromium
            # may still be aborting: it reports the new load failed, though the page shows.
            url.setFragment(scroll_to)
        self._files.serve_page(url, document)
        self.load(url)

    def run_in_page(self, script: str) -> None:
        """Run the app's own script, in a world the note cannot reach (its JavaScript is off).

        Values go in through ``json.dumps`` only, never as text pasted into code.
        """
        self.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld)

    def evaluate(self, script: str, done: Callable[[Any], None]) -> None:
        """Run the app's own ``script`` like :meth:`run_in_page`; ``done`` gets its value,
        unless the view is gone by then.

        The value crosses as JSON: Qt hands nested arrays back as an empty string.
        """

        def answer(value: object) -> None:
            if shiboken6.isValid(self):
                done(json.loads(value) if isinstance(value, str) and value else None)

        self.page().runJavaScript(
            f"JSON.stringify({script})", QWebEngineScript.ScriptWorldId.ApplicationWorld, answer
        )

    def scroll_y(self) -> float:
        """How far the note is scrolled, in CSS pixels (known without asking the page)."""
        return float(self.page().scrollPosition().y()) / (self.zoomFactor() or 1.0)

    def scroll_fraction(self) -> float:
        """How far down the note is scrolled, as a fraction of its height: a place that
        survives a zoom or a narrower window, where pixels do not (known without asking).
        While a place is being restored, that place."""
        if self._pending_scroll is not None:
            return float(self._pending_scroll)
        page = self.page()
        height = page.contentsSize().height()
        return min(1.0, max(0.0, page.scrollPosition().y() / height)) if height > 0 else 0.0

    def scroll_to_fragment(self, fragment: str) -> None:
        call = "(id => { const e = document.getElementById(id); if (e) e.scrollIntoView(); })"
        self.run_in_page(f"{call}({json.dumps(fragment)})")

    def _restore(self, ok: bool) -> None:
        if ok and self._pending_pixels is not None:
            self.run_in_page(f"window.scrollTo(0, {json.dumps(self._pending_pixels)})")
            self._pending_pixels = None
        if not ok or self._pending_scroll is None:
            return
        if self._pending_scroll <= 0:
            self._pending_scroll = None  # a new page starts at the top
            return
        # The view may have moved on to the next document by the time this runs, one with no
        # root element yet: then there is nothing to scroll.
        call = (
            "(f => { const r = document.documentElement; if (r) scrollTo(0, f * r.scrollHeight); })"
        )
        self.run_in_page(f"{call}({json.dumps(self._pending_scroll)})")

    def _scrolled(self, _position: object) -> None:
        if self.page().scrollPosition().y() > 0:
            self._pending_scroll = None  # the restored place is reached


_SCROLL_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
     Qt.Key.Key_End}
)  # fmt: skip


def _scrolls(event: QEvent) -> bool:
    """Does this input scroll the page: the wheel, a key that scrolls, a drag (of the
    scroll bar, or a selection past the edge)?"""
    kind = event.type()
    if kind == QEvent.Type.Wheel:
        return True
    if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
        return event.key() in _SCROLL_KEYS
    if kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
        return bool(event.buttons() & Qt.MouseButton.LeftButton)
    return False
