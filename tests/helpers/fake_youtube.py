"""A FAKE YouTube IFrame Player API for tests: this machine has no network.

The app's player page asks for the real script at https://www.youtube.com/iframe_api. The
:class:`FakeYouTubeRedirect` interceptor, installed on the player's profile in place of the
app's own (which it still calls first), redirects exactly that request to the local file
``tests/fakes/fake_youtube_iframe_api.js``, served by :class:`FakeYouTubeScheme`. Everything
else the app does on that path (its player page, bridge, seek queue) is the real code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from viewer.app.player.web import PlayerProfile

SCHEME = "fake-youtube"
REAL_API = "https://www.youtube.com/iframe_api"
FAKE_API = QUrl(f"{SCHEME}://api/iframe_api.js")
SOURCE = Path(__file__).resolve().parents[1] / "fakes" / "fake_youtube_iframe_api.js"


def register_fake_youtube_scheme() -> None:
    """Before the QApplication exists, like the app's own schemes."""
    scheme = QWebEngineUrlScheme(SCHEME.encode())
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)


class FakeYouTubeScheme(QWebEngineUrlSchemeHandler):
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(SOURCE.read_bytes()))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(b"text/javascript"), buffer)


class FakeYouTubeRedirect(QWebEngineUrlRequestInterceptor):
    """Runs the app's interceptor, then sends the API request to the fake; records the embed
    requests as the app's interceptor left them and blocks them (there is no network)."""

    def __init__(self, app_interceptor: QWebEngineUrlRequestInterceptor) -> None:
        super().__init__()
        self.app_interceptor = app_interceptor
        self.redirected = 0
        #: (URL, request headers) of every youtube.com/embed/ request.
        self.embeds: list[tuple[QUrl, dict[str, str]]] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        self.app_interceptor.interceptRequest(info)
        url = info.requestUrl()
        if url.toString() == REAL_API:
            self.redirected += 1
            info.redirect(FAKE_API)
        elif url.host() == "www.youtube.com" and url.path().startswith("/embed/"):
            headers = {
                bytes(name.data()).decode(): bytes(value.data()).decode()
                for name, value in info.httpHeaders().items()
            }
            self.embeds.append((url, headers))
            info.block(True)


def install_fake_youtube(profile: PlayerProfile) -> FakeYouTubeRedirect:
    redirect = FakeYouTubeRedirect(profile.interceptor)
    profile.installUrlSchemeHandler(SCHEME.encode(), FakeYouTubeScheme(profile))
    profile.setUrlRequestInterceptor(redirect)
    profile.fake_youtube = redirect  # type: ignore[attr-defined]  # keeps it alive
    return redirect
