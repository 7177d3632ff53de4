"""File › Preferences: the theme, the editor a note opens in (File › Open in Editor), the lead-in
before a timestamp clicked, and continuous play."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
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
        self.lead_in = QDoubleSpinBox(self)
        self.lead_in.setObjectName("leadIn")
        self.lead_in.setAccessibleName("Lead-in before a timestamp")
        self.lead_in.setRange(0.0, MAX_LEAD_IN)
        self.lead_in.setSingleStep(0.5)
        self.lead_in.setDecimals(1)
        self.lead_in.setSuffix(" s")
        self.lead_in.setValue(preferences.lead_in)
        lead_hint = QLabel(
            "A timestamp clicked plays from this many seconds before it, to hear what leads up"
            " to it. Marks, follow-along and copied links keep the time as written.",
            self,
        )
        lead_hint.setWordWrap(True)
        self.continuous = QCheckBox("When a video ends, play the next note's video", self)
        self.continuous.setObjectName("continuousPlay")
        self.continuous.setChecked(preferences.continuous_play)
        form = QFormLayout(self)
        form.addRow("Theme:", row)
        form.addRow("Editor command:", self.editor)
        form.addRow("", hint)
        form.addRow("Lead-in:", self.lead_in)
        form.addRow("", lead_hint)
        form.addRow("Continuous play:", self.continuous)
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
        self.preferences.lead_in = self.lead_in.value()
        self.preferences.continuous_play = self.continuous.isChecked()
        super().accept()
