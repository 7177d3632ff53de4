"""What every page of the app has in common: it opens no windows and logs its console."""

from __future__ import annotations

import logging

from PySide6.QtWebEngineCore import QWebEnginePage


class ContainedPage(QWebEnginePage):
    """A page that stays in its view: no pop-ups, tabs or windows; console lines to a log."""

    #: The logger a page's console messages go to, at debug level.
    console = logging.getLogger("viewer.page")

    def createWindow(  # type: ignore[override]  # Qt accepts None: no window
        self, _type: QWebEnginePage.WebWindowType
    ) -> QWebEnginePage | None:
        return None

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        self.console.debug("%s (%s:%d)", message, source, line)
