"""What every page of the app has in common: it opens no windows and logs its console."""

from __future__ import annotations

import logging

from PySide6.QtWebEngineCore import QWebEnginePage

Level = QWebEnginePage.JavaScriptConsoleMessageLevel
#: A page's console.info / warn / error, at the same level in the app's log.
_LOG_LEVELS = {
    Level.InfoMessageLevel: logging.DEBUG,
    Level.WarningMessageLevel: logging.WARNING,
    Level.ErrorMessageLevel: logging.ERROR,
}


class ContainedPage(QWebEnginePage):
    """A page that stays in its view: no pop-ups, tabs or windows; console lines to a log."""

    #: The logger a page's console messages go to.
    console = logging.getLogger("viewer.page")

    def createWindow(  # type: ignore[override]  # Qt accepts None: no window
        self, _type: QWebEnginePage.WebWindowType
    ) -> QWebEnginePage | None:
        return None

    def javaScriptConsoleMessage(self, level: Level, message: str, line: int, source: str) -> None:
        # Uncaught exceptions arrive here as errors too, so a broken script is never silent.
        self.console.log(_LOG_LEVELS.get(level, logging.DEBUG), "%s (%s:%d)", message, source, line)
