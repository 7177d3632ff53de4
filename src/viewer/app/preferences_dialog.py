"""File › Preferences: the theme, the editor a note opens in (File › Open in Editor), and how
Add Note at This Moment takes its moment (the video paused while typing, a lead-in)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from viewer.app.settings import MAX_LEAD_IN, Settings
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
        self.pause = QCheckBox("Pause the video while typing a note", self)
        self.pause.setObjectName("capturePauses")
        self.pause.setChecked(preferences.capture_pauses)
        self.lead_in = QSpinBox(self)
        self.lead_in.setObjectName("captureLeadIn")
        self.lead_in.setAccessibleName("Capture notes this many seconds earlier")
        self.lead_in.setRange(0, MAX_LEAD_IN)
        self.lead_in.setSuffix(" s earlier")
        self.lead_in.setSpecialValueText("At the video's time")
        self.lead_in.setValue(preferences.capture_lead_in)
        self.lead_in.setToolTip(
            "A note is put this many seconds before the video's time when the box opens: "
            "a thought often comes a moment after what prompted it."
        )
        form = QFormLayout(self)
        form.addRow("Theme:", row)
        form.addRow("Editor command:", self.editor)
        form.addRow("", hint)
        form.addRow("Add Note at This Moment:", self.pause)
        form.addRow("Moment of a note:", self.lead_in)
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
        self.preferences.capture_pauses = self.pause.isChecked()
        self.preferences.capture_lead_in = self.lead_in.value()
        super().accept()
