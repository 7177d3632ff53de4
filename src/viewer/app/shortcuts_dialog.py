"""Help › Keyboard Shortcuts (F1, ?): every command and its keys, read from the actions and
shortcuts themselves, so the screen cannot drift from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: A group of the screen: its title and its rows (a command's words, its keys).
Group = tuple[str, list[tuple[str, str]]]


#: Keys of special keyboards (Open, Refresh, Exit, Help, Back…) that standard bindings add:
#: they work, but a list of keys for people is clearer without them.
_SPECIAL_KEYS = range(Qt.Key.Key_Help.value, Qt.Key.Key_unknown.value)


def keys_text(sequences: Iterable[QKeySequence]) -> str:
    """``Ctrl+O, F5`` as this system writes keys: keys of special keyboards left out, and
    ``Shift+>`` where ``>`` is there already (the same key, as some keyboards send it)."""
    sequences = list(sequences)
    shown: list[str] = []
    for sequence in sequences:
        combination = sequence[0]  # type: ignore[index]  # operator[] has no stub
        key, modifiers = combination.key(), combination.keyboardModifiers()
        if len(sequences) > 1 and key.value in _SPECIAL_KEYS and not modifiers:
            continue
        text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if modifiers == Qt.KeyboardModifier.ShiftModifier and text.removeprefix("Shift+") in shown:
            continue
        shown.append(text)
    return ", ".join(shown)


def plain(text: str) -> str:
    """A menu text without its mnemonic and ellipsis: ``&Open Folder…`` -> ``Open Folder``."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_groups(menus: dict[str, list[QAction]]) -> list[Group]:
    """A group per menu, a row per action that has keys."""
    return [
        (title, [(plain(a.text()), keys_text(a.shortcuts())) for a in actions if a.shortcuts()])
        for title, actions in menus.items()
    ]


def shortcut_group(
    title: str, shortcuts: Iterable[QShortcut], handled: Iterable[tuple[str, str]] = ()
) -> Group:
    """A group of a pane's own keys: its shortcuts, described by each one's ``whatsThis``,
    and the keys its widgets handle themselves (their words, their keys)."""
    rows = [(s.whatsThis(), keys_text(s.keys())) for s in shortcuts]
    return (title, [*list(handled), *rows])


class ShortcutsDialog(QDialog):
    """The keys, grouped as the menus are, with a box that narrows them."""

    def __init__(self, groups: list[Group], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.setObjectName("shortcutsDialog")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Find a command or a key")
        self.filter.setAccessibleName("Find a command or a key")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for title, rows in groups:
            if not rows:
                continue
            group = QTreeWidgetItem(self.tree, [title.replace("&", "")])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for words, keys in rows:
                QTreeWidgetItem(group, [words, keys])
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._narrow)
        self.resize(560, 640)

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        groups = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            assert group is not None
            children = [group.child(row) for row in range(group.childCount())]
            groups.append((group, [child for child in children if child is not None]))
        return groups

    def rows(self) -> list[tuple[str, str, str]]:
        """What the screen shows now: (group, command, keys) for each row not hidden."""
        return [
            (group.text(0), row.text(0), row.text(1))
            for group, rows in self._groups()
            for row in rows
            if not row.isHidden() and not group.isHidden()
        ]

    def _narrow(self, text: str) -> None:
        needle = text.casefold().strip()
        for group, rows in self._groups():
            shown = 0
            for row in rows:
                hit = needle in row.text(0).casefold() or needle in row.text(1).casefold()
                row.setHidden(not hit)
                shown += hit
            group.setHidden(not shown)
