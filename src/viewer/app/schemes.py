"""The app's URL schemes, and the handler that serves files from the opened folder.

``seek:``, ``note:`` and ``missing-note:`` are links the note pane catches and never loads.
Chromium only hands a link to ``acceptNavigationRequest`` for a scheme that has a handler, so
they get one that refuses everything. ``viewer-file://notes/<path>`` serves images and media
from the opened folder, read-only and never from outside it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from viewer.core.applinks import FILE, FILE_HOST, LINK_SCHEMES, file_href
from viewer.core.paths import PathRefused, resolve_inside

log = logging.getLogger("viewer.schemes")

#: The origin of the note pages, as a request's initiator names it.
NOTES_ORIGIN = f"{FILE}://{FILE_HOST}"

_MEDIA_TYPES = {
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".ogv": "video/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".wav": "audio/wav",
    ".svg": "image/svg+xml",
}


def register_schemes() -> None:
    """Declare the schemes to Chromium; must run before the QApplication exists."""
    for name in LINK_SCHEMES:
        scheme = QWebEngineUrlScheme(name.encode())
        scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
        QWebEngineUrlScheme.registerScheme(scheme)
    files = QWebEngineUrlScheme(FILE.encode())
    files.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    files.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(files)


def file_url(relative: str) -> str:
    """The ``viewer-file:`` URL of a folder-relative path."""
    return file_href(relative)


def without_fragment(url: QUrl) -> str:
    return url.toString().split("#", 1)[0]


class _RefuseAll(QWebEngineUrlSchemeHandler):
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)


#: Files of the folder are data, never pages of their own: no sniffing a type into HTML, and no
#: script even if one is opened as a document (an SVG, say). Each header maps to a list of
#: values: the stubs say one QByteArray, which PySide6 would read as a list of single bytes.
_FILE_HEADERS = {
    QByteArray(b"X-Content-Type-Options"): [QByteArray(b"nosniff")],
    QByteArray(b"Content-Security-Policy"): [
        QByteArray(
            b"default-src 'none'; img-src 'self'; media-src 'self'; "
            b"style-src 'unsafe-inline'; sandbox"
        )
    ],
}
_PAGE_HEADERS = {QByteArray(b"X-Content-Type-Options"): [QByteArray(b"nosniff")]}


class FolderFileHandler(QWebEngineUrlSchemeHandler):
    """Serves ``viewer-file://notes/<path>`` from the opened folder, and nothing else.

    One handler per profile: each answers only GET requests that the app itself starts (an
    empty initiator: a page it loads) or that come from a page of an origin it names, so the
    YouTube frame in the player's profile, or any other page, reads nothing of the folder.
    """

    def __init__(self, initiators: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self._initiators = frozenset(initiators)
        self._refuse = _RefuseAll(self)
        self._page: tuple[str, bytes] | None = None

    def serve_page(self, url: QUrl, document: str) -> None:
        """Answer ``url`` with ``document`` (the rendered note) instead of the file there."""
        self._page = (without_fragment(url), document.encode("utf-8"))

    def url_of(self, absolute: str) -> str | None:
        """The address a page loads the file at ``absolute`` from (None: not in the folder)."""
        if self.root is None:
            return None
        try:
            relative = Path(os.path.abspath(absolute)).relative_to(self.root).as_posix()
        except ValueError:
            return None
        return file_url(relative)

    def install(self, profile: QWebEngineProfile) -> None:
        profile.installUrlSchemeHandler(FILE.encode(), self)
        for name in LINK_SCHEMES:
            profile.installUrlSchemeHandler(name.encode(), self._refuse)

    def _allowed(self, job: QWebEngineUrlRequestJob) -> bool:
        if job.requestMethod() != b"GET":
            return False
        initiator = job.initiator()
        return initiator.isEmpty() or initiator.toString() in self._initiators

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        if not self._allowed(job):
            log.info(
                "refused %s %s to %s",
                bytes(job.requestMethod().data()).decode(errors="replace"),
                url.toString()[:200],
                job.initiator().toString() or "the app",
            )
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        if self._page is not None and without_fragment(url) == self._page[0]:
            page = QBuffer(job)
            page.setData(QByteArray(self._page[1]))
            page.open(QIODevice.OpenModeFlag.ReadOnly)
            job.setAdditionalResponseHeaders(_PAGE_HEADERS)  # type: ignore[arg-type]  # see above
            job.reply(QByteArray(b"text/html;charset=utf-8"), page)
            return
        if self.root is None or url.host() != FILE_HOST:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        relative = url.path().lstrip("/")
        try:
            path = resolve_inside(self.root, relative)
        except PathRefused as refused:
            log.info("refused %s: %s", url.toString(), refused)
            job.fail(QWebEngineUrlRequestJob.Error.RequestDenied)
            return
        if not path.is_file():
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        device = QFile(str(path), job)
        if not device.open(QIODevice.OpenModeFlag.ReadOnly):
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        kind = _MEDIA_TYPES.get(path.suffix.lower()) or _guess_type(path.name)
        job.setAdditionalResponseHeaders(_FILE_HEADERS)  # type: ignore[arg-type]  # see above
        job.reply(QByteArray((kind or "application/octet-stream").encode()), device)


def _guess_type(name: str) -> str | None:
    import mimetypes  # with the first file a page asks for, not with the window

    return mimetypes.guess_type(name)[0]
