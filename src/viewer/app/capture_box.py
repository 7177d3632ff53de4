"""The box a note is typed in (Add Note at This Moment): a panel under the note, above the
status bar, with the moment it is for, the text, and "Quote what was said" when a cue is on
screen.

    box = CaptureBox(parent)
    box.open_at("2:43", cue="the words said then")
    box.submitted.connect(write)        # Enter
    box.cancelled.connect(forget)       # Esc, or its close button

Enter writes and Shift+Enter starts a second line; Esc cancels. The box says why a line was
not written (:meth:`say`) and keeps the text for another try. It takes the window's keys
while it has the keyboard (N, K, Space and the rest type into it), and draws with the
palette, so it reads the same in the light and the dark theme.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: How many lines of text the box shows before it scrolls.
LINES_SHOWN = 3
#: The sentence's colours (text, background), as the note's own warnings (note.css).
WARNING_COLOURS = {"light": ("#5f4700", "#fff6dc"), "dark": ("#f3dc9b", "#3a3016")}


class NoteEdit(QPlainTextEdit):
    """The text of the note: Enter submits, Shift+Enter breaks the line, Esc cancels."""

    submitted = Signal()
    cancelled = Signal()

    def event(self, event: QEvent) -> bool:
        # The window's own keys (N, K, Esc, Ctrl+Z…) are shortcuts: while typing here, the
        # keys mean what they mean in a text box.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _typed_here(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _typed_here(event: QKeyEvent) -> bool:
    """Whether a key goes to the text box rather than to a shortcut of the window: Enter and
    Esc, the editing keys (undo, redo, cut, copy, paste, select all) and text."""
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
        return True
    editing = (
        QKeySequence.StandardKey.Undo,
        QKeySequence.StandardKey.Redo,
        QKeySequence.StandardKey.Cut,
        QKeySequence.StandardKey.Copy,
        QKeySequence.StandardKey.Paste,
        QKeySequence.StandardKey.SelectAll,
    )
    if any(event.matches(key) for key in editing):
        return True
    commands = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    text = event.text()
    return bool(text) and text.isprintable() and not event.modifiers() & commands


class CaptureBox(QFrame):
    """The panel a note is typed in; hidden until :meth:`open_at`."""

    #: Enter: write the text.
    submitted = Signal()
    #: Esc or the close button: write nothing.
    cancelled = Signal()

    #: The keys of the box, as Help › Keyboard Shortcuts lists them.
    KEYS = (("Add the note", "Enter"), ("New line", "Shift+Enter"), ("Cancel", "Esc"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.moment = QLabel(self)
        self.moment.setObjectName("captureMoment")
        font = self.moment.font()
        font.setWeight(font.Weight.DemiBold)
        self.moment.setFont(font)
        self.quote_box = QCheckBox("Quote what was said", self)
        self.quote_box.setObjectName("captureQuote")
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setToolTip("Cancel (Esc)")
        self.close_button.setAccessibleName("Cancel")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.cancelled)
        self.editor = NoteEdit(self)
        self.editor.setObjectName("captureText")
        self.editor.setAccessibleName("Note at this moment")
        self.editor.setTabChangesFocus(True)
        self.editor.submitted.connect(self.submitted)
        self.editor.cancelled.connect(self.cancelled)
        self.cue = QLabel(self)
        self.cue.setObjectName("captureCue")
        self.cue.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.cue.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("captureMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setContentsMargins(6, 4, 6, 4)
        self.hint = QLabel(
            "Enter adds it to the note · Shift+Enter: a new line · Esc: cancel", self
        )
        self.hint.setObjectName("captureHint")
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.moment)
        top.addStretch(1)
        top.addWidget(self.quote_box)
        top.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 8)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.editor)
        column.addWidget(self.cue)
        column.addWidget(self.message)
        column.addWidget(self.hint)
        self.quote_box.toggled.connect(self._show_cue)
        self._cue_text: str | None = None
        self._fit_height()
        self._colour_message()
        # The window's colours, not the page's: the box is the app's, in either theme.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.hide()

    # Opening and closing

    def open_at(self, moment: str, cue: str | None = None) -> None:
        """Show the box for a note at ``moment`` (as the reader reads times, ``2:43``), the
        keyboard in it; ``cue`` is the line said then, offered as a quote. Text typed before
        and not written stays."""
        self.moment.setText(f"Note at {moment}")
        self.editor.setPlaceholderText(f"What to note at {moment}")
        self._cue_text = cue
        self.quote_box.setVisible(cue is not None)
        self.quote_box.setToolTip(f"Adds under the note: “{cue}”" if cue else "")
        self._show_cue()
        self.say("")
        self.show()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_box(self, clear: bool) -> None:
        """Hide the box; ``clear`` drops the text (it was written, or cancelled)."""
        if clear:
            self.editor.clear()  # "Quote what was said" stays as the reader left it
        self.say("")
        self.hide()

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    # What the reader typed

    @property
    def text(self) -> str:
        return self.editor.toPlainText()

    @property
    def quote(self) -> str | None:
        """The cue to quote, if the reader asked for it."""
        if self._cue_text is not None and self.quote_box.isChecked():
            return self._cue_text
        return None

    def say(self, sentence: str) -> None:
        """Why the line was not written ("" to take it back); the text stays as it is."""
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))

    # Drawing

    def _show_cue(self, _checked: bool = False) -> None:
        cue = self._cue_text
        shown = cue is not None and self.quote_box.isChecked()
        self.cue.setText(f"> {cue}" if shown else "")
        self.cue.setVisible(shown)

    def _fit_height(self) -> None:
        metrics = QFontMetrics(self.editor.font())
        margins = self.editor.contentsMargins()
        frame = 2 * self.editor.frameWidth() + 2 * round(self.editor.document().documentMargin())
        height = metrics.lineSpacing() * LINES_SHOWN + frame + margins.top() + margins.bottom()
        self.editor.setFixedHeight(height)

    def _colour_message(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        text, background = WARNING_COLOURS["dark" if dark else "light"]
        self.message.setStyleSheet(
            f"#captureMessage {{ color: {text}; background: {background}; border-radius: 3px; }}"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_message()
        super().changeEvent(event)
