"""File › Preferences: the theme, and the editor a note opens in (File › Open in Editor)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from viewer.app.settings import Settings
from viewer.app.theme import CHOICES


class PreferencesDialog(QDialog):
    """Shows the preferences; OK keeps what was chosen, Cancel leaves them as they were."""

    def __init__(self, preferences: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.preferences = preferences
        self.themes = QButtonGroup(self)
        row = QHBoxLayout()
        for choice in CHOICES:
            button = QRadioButton(choice.capitalize(), self)
            button.setObjectName(f"theme-{choice}")
            button.setChecked(choice == preferences.theme)
            self.themes.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.editor = QLineEdit(preferences.editor, self)
        self.editor.setObjectName("editorCommand")
        self.editor.setAccessibleName("Editor command")
        self.editor.setPlaceholderText("The system's application for Markdown files")
        hint = QLabel(
            "For example <code>code --goto {file}:{line}</code> or "
            "<code>gedit +{line} {file}</code>. Empty: the system's application.",
            self,
        )
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Theme:", row)
        form.addRow("Editor command:", self.editor)
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def theme(self) -> str:
        checked = self.themes.checkedButton()
        return checked.objectName().removeprefix("theme-") if checked else "system"

    def accept(self) -> None:
        self.preferences.theme = self.theme
        self.preferences.editor = self.editor.text()
        super().accept()
