"""The side pane: the notes list, or the search panel in its place while it is open.

    side = SidePane(navigator, search_panel)
    side.show_search()   # Ctrl+Shift+F: the panel, its query selected
    side.show_list()     # Esc: the list again

Both have the pane's one width, the one the reader gave it (the splitter's, kept with the
window's layout): the note beside it is not narrowed as a search opens and widened as it
closes, its lines rewrapped and the place read moved each time. Widening it for the panel
also made opening and closing it a frame slower: 5 to 8 ms of each, for the note's page
laid out again at its new width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from viewer.app.navigator import Navigator
from viewer.app.search_panel import SearchPanel

#: The narrowest the pane can be made.
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

    def searching(self) -> bool:
        return self.currentWidget() is self.panel

    def show_search(self) -> None:
        """The panel in place of the notes list, its query selected."""
        self.setCurrentWidget(self.panel)
        self.panel.focus_box()

    def show_list(self) -> None:
        """Back to the notes list."""
        if self.searching():
            self.setCurrentWidget(self.navigator)
            self.listShown.emit()

    def focus_filter(self) -> None:
        """Ctrl+L: the list, with its filter box's text selected."""
        self.show_list()
        self.navigator.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.navigator.filter_box.selectAll()
