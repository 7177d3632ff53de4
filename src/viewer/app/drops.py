"""A folder or a note dropped on the window opens, as File › Open Folder would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget


class Drops(QObject):
    """Watches ``widget`` for drops of local files; ``open_path`` gets the first one."""

    def __init__(self, widget: QWidget, open_path: Callable[[Path], object]) -> None:
        super().__init__(widget)
        self._open_path = open_path
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QDragEnterEvent | QDropEvent):
            urls = event.mimeData().urls()
            if urls and urls[0].isLocalFile():
                event.acceptProposedAction()
                if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
                    self._open_path(Path(urls[0].toLocalFile()))
                return True
        return super().eventFilter(watched, event)
