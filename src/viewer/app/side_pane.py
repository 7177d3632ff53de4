"""The side pane: the notes list, or the search panel in its place while it is open, and the
room each needs beside the note.

    side = SidePane(navigator, search_panel)
    side.show_search()   # Ctrl+Shift+F: the panel, widened for its snippets
    side.show_list()     # Esc: the list again, as wide as it was
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from viewer.app.navigator import Navigator
from viewer.app.search_panel import SearchPanel

#: The search panel is at least this wide while it is open (snippets need the room).
PANEL_WIDTH = 340
LIST_WIDTH = 160


class SidePane(QStackedWidget):
    #: The list is back in place of the search panel.
    listShown = Signal()

    def __init__(
        self, navigator: Navigator, panel: SearchPanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.navigator, self.panel = navigator, panel
        self.addWidget(navigator)
        self.addWidget(panel)
        navigator.setMinimumWidth(LIST_WIDTH)
        #: The splitter's sizes before the panel widened the pane, and the width it gave it.
        self._narrow: tuple[list[int], int] | None = None

    def searching(self) -> bool:
        return self.currentWidget() is self.panel

    def show_search(self) -> None:
        """The panel in place of the notes list, its query selected; the pane widened for
        the snippets, taking the room from the pane beside it."""
        if not self.searching():
            self.setCurrentWidget(self.panel)
            splitter = self._splitter()
            sizes = splitter.sizes() if splitter else []
            if splitter is not None and sizes and sizes[0] < PANEL_WIDTH:
                beside = splitter.widget(1)
                spare = max(0, sizes[1] - (beside.minimumWidth() if beside else 0))
                grow = min(PANEL_WIDTH - sizes[0], spare)
                self._narrow = (list(sizes), sizes[0] + grow)
                splitter.setSizes([sizes[0] + grow, sizes[1] - grow, *sizes[2:]])
        self.panel.focus_box()

    def show_list(self) -> None:
        """Back to the notes list, as wide as it was if the reader did not resize the pane."""
        if not self.searching():
            return
        # Narrowed while hidden, the list is laid out once, as it is shown, and painted once:
        # shown first, it was laid out again after its first paint, and painted again.
        splitter = self._splitter()
        if splitter is not None and self._narrow and splitter.sizes()[0] == self._narrow[1]:
            splitter.setSizes(self._narrow[0])
        self._narrow = None
        self.setCurrentWidget(self.navigator)
        self.listShown.emit()

    def focus_filter(self) -> None:
        """Ctrl+L: the list, with its filter box's text selected."""
        self.show_list()
        self.navigator.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.navigator.filter_box.selectAll()

    def _splitter(self) -> QSplitter | None:
        parent = self.parentWidget()
        return parent if isinstance(parent, QSplitter) else None
