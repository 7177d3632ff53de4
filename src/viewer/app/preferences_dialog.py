"""File › Preferences: the theme, the editor a note opens in (File › Open in Editor), how Add
Note at This Moment takes its moment (the video paused while typing, a lead-in), the lead-in
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
    QSpinBox,
    QWidget,
)

from viewer.app.settings import MAX_LEAD_IN, MAX_TIMESTAMP_LEAD_IN, Settings
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
        self.timestamp_lead_in = QDoubleSpinBox(self)
        self.timestamp_lead_in.setObjectName("timestampLeadIn")
        self.timestamp_lead_in.setAccessibleName("Lead-in before a timestamp")
        self.timestamp_lead_in.setRange(0.0, MAX_TIMESTAMP_LEAD_IN)
        self.timestamp_lead_in.setSingleStep(0.5)
        self.timestamp_lead_in.setDecimals(1)
        self.timestamp_lead_in.setSuffix(" s")
        self.timestamp_lead_in.setValue(preferences.lead_in)
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
        form.addRow("Add Note at This Moment:", self.pause)
        form.addRow("Moment of a note:", self.lead_in)
        form.addRow("Lead-in before a timestamp:", self.timestamp_lead_in)
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
        self.preferences.capture_pauses = self.pause.isChecked()
        self.preferences.capture_lead_in = self.lead_in.value()
        self.preferences.lead_in = self.timestamp_lead_in.value()
        self.preferences.continuous_play = self.continuous.isChecked()
        super().accept()
