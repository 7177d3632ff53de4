"""Find in the note (Ctrl+F): a bar above the note pane, with the page's own find."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWebEngineCore import QWebEngineFindTextResult, QWebEnginePage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from viewer.app.find_button import find_button
from viewer.app.note_view import NoteView

_FORWARD = QWebEnginePage.FindFlag(0)


class _FindBox(QLineEdit):
    """Enter finds the next match, Shift+Enter the previous one."""

    stepRequested = Signal(bool)  # backwards?

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.stepRequested.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            event.accept()
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    """Searches the note on screen as the reader types; Esc closes it and clears the marks."""

    #: The keys its box handles, as Help › Keyboard Shortcuts lists them.
    KEYS = (("Next match", "Enter"), ("Previous match", "Shift+Enter"))

    #: The bar opened (True) or closed (False): while it is open the reader is finding their
    #: way in the note, and the video must not pull the view elsewhere.
    openChanged = Signal(bool)

    def __init__(self, view: NoteView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.box = _FindBox(self)
        self.box.setPlaceholderText("Find in note")
        self.box.setAccessibleName("Find in note")
        self.box.setClearButtonEnabled(True)
        self.count = QLabel("", self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999 of 999"))
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.previous = find_button(
            self, "▲", "Previous match (Shift+Enter)", lambda: self.step(True)
        )
        self.next = find_button(self, "▼", "Next match (Enter)", lambda: self.step(False))
        self.close_button = find_button(self, "✕", "Close (Esc)", self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count)
        for button in (self.previous, self.next, self.close_button):
            layout.addWidget(button)
        #: What the page was last asked to find (the page keeps its own place among matches).
        self.searched = ""
        #: The last answer: (active match, number of matches).
        self.result: tuple[int, int] = (0, 0)
        self.box.textChanged.connect(self._text_changed)
        self.box.stepRequested.connect(self.step)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.setWhatsThis("Close the find bar")
        escape.activated.connect(self.close_bar)
        view.page().findTextFinished.connect(self._found)
        view.loadFinished.connect(self._page_loaded)
        self.hide()

    def open_bar(self) -> None:
        """Ctrl+F: show the bar with its text selected, searching again what it holds."""
        self.show()
        self.openChanged.emit(True)
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        if self.box.text() and not self.searched:
            self._find(self.box.text())

    def close_bar(self) -> None:
        self._find("")
        self.hide()
        self.openChanged.emit(False)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def step(self, backwards: bool) -> None:
        text = self.box.text()
        if not text:
            return
        flags = QWebEnginePage.FindFlag.FindBackward if backwards else _FORWARD
        self._find(text, flags)

    def _text_changed(self, text: str) -> None:
        self._find(text)

    def _find(self, text: str, flags: QWebEnginePage.FindFlag = _FORWARD) -> None:
        self.searched = text
        if not text:
            self.result = (0, 0)
            self.count.setText("")
        self.view.page().findText(text, flags)

    def _found(self, result: QWebEngineFindTextResult) -> None:
        if not self.searched:
            return
        self.result = (result.activeMatch(), result.numberOfMatches())
        active, total = self.result
        self.count.setText(f"{active} of {total}" if total else "No matches")

    def _page_loaded(self, ok: bool) -> None:
        # Another note, or the same one rendered again: the marks went with the old page.
        if ok and self.isVisible() and self.box.text():
            self._find(self.box.text())
        elif ok:
            self.searched = ""
