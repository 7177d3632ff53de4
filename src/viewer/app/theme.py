"""Light, dark, or as the system says: the reader's choice, applied to the widgets and handed
to the pages (the note's stylesheet and the player's take ``light`` or ``dark``).

Qt follows the system's scheme on its own where the platform says what it is. A choice of
light or dark is applied as the application's palette (the Fusion style draws every widget
from it) and, where the platform can, as its colour scheme too.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

CHOICES = ("system", "light", "dark")


def system_is_dark() -> bool:
    """Does the system ask for dark colours?"""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    Role, Group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        Role.Window: "#202124",
        Role.WindowText: "#e8eaed",
        Role.Base: "#17181a",
        Role.AlternateBase: "#26282c",
        Role.ToolTipBase: "#303134",
        Role.ToolTipText: "#e8eaed",
        Role.PlaceholderText: "#9aa0a6",
        Role.Text: "#e8eaed",
        Role.Button: "#2d2f33",
        Role.ButtonText: "#e8eaed",
        Role.BrightText: "#ffffff",
        Role.Light: "#3c4043",
        Role.Midlight: "#34373b",
        Role.Mid: "#2a2c30",
        Role.Dark: "#111214",
        Role.Shadow: "#000000",
        Role.Highlight: "#8ab4f8",
        Role.HighlightedText: "#202124",
        Role.Link: "#8ab4f8",
        Role.LinkVisited: "#c58af9",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#80868b"))
    return palette


class Theme(QObject):
    """The reader's choice and what it comes to now; ``changed`` when that changes."""

    #: ``light`` or ``dark``: what the widgets and pages now show.
    changed = Signal(str)

    def __init__(self, choice: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choice = choice if choice in CHOICES else "system"
        self._shown = self.effective
        # A bound method: Qt drops the connection when this object goes away.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self._apply()

    @property
    def effective(self) -> str:
        if self.choice != "system":
            return self.choice
        return "dark" if system_is_dark() else "light"

    def set_choice(self, choice: str) -> None:
        if choice not in CHOICES or choice == self.choice:
            return
        self.choice = choice
        self._apply()

    def _apply(self) -> None:
        hints = QGuiApplication.styleHints()
        scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
        hints.setColorScheme(scheme.get(self.choice, Qt.ColorScheme.Unknown))
        if self.choice == "dark":
            QGuiApplication.setPalette(dark_palette())
        elif self.choice == "light":
            QGuiApplication.setPalette(QApplication.style().standardPalette())
        else:  # an empty palette resolves nothing: the platform's and the style's again
            QGuiApplication.setPalette(QPalette())
        self._announce()

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self._announce()

    def _announce(self) -> None:
        if (now := self.effective) != self._shown:
            self._shown = now
            self.changed.emit(now)
