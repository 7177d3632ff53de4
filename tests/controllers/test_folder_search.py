"""The folder's search alone: a real session on real files, its real index (SQLite FTS5) built
in its worker thread, the real side pane and search panel; the note display is a named fake
that records what it was asked to mark (the real one is proven end to end in
tests/app/test_search_panel.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from viewer.app.folder_search import FolderSearch
from viewer.app.navigator import Navigator
from viewer.app.search_panel import SearchPanel, as_typed
from viewer.app.search_results import HIT_ROLE
from viewer.app.session import Session
from viewer.app.side_pane import SidePane
from viewer.app.status_bar import StatusBar
from viewer.core.index_cache import IndexCache
from viewer.core.places import Places
from viewer.core.search import Hit


class FakeDisplay(QObject):
    """Stands in for the note display: pages 'load' when the test says so."""

    pageLoaded = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.loading = False
        self.marked: list[Hit] = []
        self.focused = 0

    def is_loading(self) -> bool:
        return self.loading

    def mark_hit(self, hit: Hit) -> None:
        self.marked.append(hit)

    def focus_note(self) -> None:
        self.focused += 1


def _stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "bread.md").write_text(
        "---\ntitle: Bread\nvideoId: AbCdEfGhIjK\n---\n\n"
        f"Sourdough needs a starter {_stamp('00:01:05')}.\n\n"
        f"Knead it well {_stamp('00:02:10')}.\n",
        encoding="utf-8",
    )
    (root / "rivers.md").write_text("# Rivers\n\nFloods are natural.\n", encoding="utf-8")
    return root


class Parts:
    def __init__(self, tmp_path: Path) -> None:
        cache = tmp_path / "cache"
        self.session = Session(IndexCache(cache / "index.sqlite"), Places(tmp_path / "p.json"))
        self.side = SidePane(Navigator(), SearchPanel())
        self.status = StatusBar()
        self.display = FakeDisplay()
        self.seeks: list[float] = []
        self.search = FolderSearch(
            self.session, self.side, self.display,  # type: ignore[arg-type]
            self.session.open_note, self.seeks.append, self.status, cache,
        )  # fmt: skip


@pytest.fixture
def parts(qtbot: QtBot, tmp_path: Path) -> Iterator[Parts]:
    made = Parts(tmp_path)
    qtbot.addWidget(made.side)
    qtbot.addWidget(made.status)
    yield made
    made.search.stop()
    made.session.close()


def _indexed(qtbot: QtBot, parts: Parts, folder: Path, note: str) -> None:
    with qtbot.waitSignal(parts.search.indexed, timeout=30_000):
        parts.session.open_folder(folder, note)


def _ask(qtbot: QtBot, parts: Parts, query: str) -> list[Hit]:
    """Type ``query`` in the panel's box and wait for its answer."""
    panel = parts.search.panel
    parts.search.open_panel()
    panel.box.clear()
    QTest.keyClicks(panel.box, query)
    qtbot.waitUntil(lambda: panel.shown == as_typed(query), timeout=10_000)
    hits = panel.results.hits
    rows = [row for row in range(hits.rowCount()) if not hits.is_title(row)]
    found = [hits.index(row).data(HIT_ROLE) for row in rows]
    return [hit for hit in found if isinstance(hit, Hit)]


def test_a_hit_in_another_note_opens_it_is_marked_once_its_page_loads_and_plays_from_its_time(
    qtbot: QtBot, parts: Parts, folder: Path
) -> None:
    _indexed(qtbot, parts, folder, "rivers.md")
    hits = _ask(qtbot, parts, "knead")
    assert [(hit.path, hit.seconds) for hit in hits] == [("bread.md", 130.0)]
    parts.display.loading = True  # the note's page is on its way
    parts.search.open_hit(hits[0], seek=True)
    assert parts.session.current == "bread.md"
    assert parts.seeks == [130.0]
    assert parts.display.marked == []  # not on a page that is not there yet
    parts.display.loading = False
    parts.display.pageLoaded.emit(True)
    assert parts.display.marked == [hits[0]]


def test_a_hit_in_the_note_on_screen_is_marked_at_once_and_opening_it_only_does_not_seek(
    qtbot: QtBot, parts: Parts, folder: Path
) -> None:
    _indexed(qtbot, parts, folder, "bread.md")
    hits = _ask(qtbot, parts, "sourdough")
    parts.search.open_hit(hits[0], seek=False)
    assert parts.display.marked == [hits[0]]
    assert parts.seeks == []


def test_the_panel_opens_in_the_side_pane_and_closing_it_gives_the_keys_back_to_the_note(
    qtbot: QtBot, parts: Parts, folder: Path
) -> None:
    parts.search.open_panel()
    assert parts.side.searching()
    parts.search.panel.closeRequested.emit()
    assert not parts.side.searching()
    assert parts.display.focused == 1


def test_a_note_changed_on_disk_is_found_by_its_new_words(
    qtbot: QtBot, parts: Parts, folder: Path
) -> None:
    _indexed(qtbot, parts, folder, "rivers.md")
    assert _ask(qtbot, parts, "levees") == []
    (folder / "rivers.md").write_text("# Rivers\n\nLevees fail.\n", encoding="utf-8")
    with qtbot.waitSignal(parts.search.indexed, timeout=30_000):
        pass
    assert [hit.path for hit in _ask(qtbot, parts, "levees")] == ["rivers.md"]
