"""Windows a test made, closed and freed the way the app does at its end, and places left
in a note as an earlier run would have left them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from viewer.app.main_window import MainWindow
from viewer.core.places import Place, Places


def close_all(qapp: QApplication, windows: Iterable[MainWindow]) -> None:
    """Close each window still open, then free its web views before their profiles."""
    for window in windows:
        if window.isVisible():
            window.close()
        window.shutdown()
        window.deleteLater()
    qapp.processEvents()


def left_at(places_file: Path, note: Path, time: float, scroll: float = 0.0) -> None:
    """The reader left ``note`` at ``time`` in its video, ``scroll`` down the note."""
    places = Places(places_file)
    places.remember(note, Place(time, scroll))
    places.save()
