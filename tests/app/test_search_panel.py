"""The search panel (Ctrl+Shift+F): hits grouped by note, opened at their moment in the real
note pane and the real player, with the index built and kept current in the background."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from benchmarks import generate
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QResizeEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListView, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.fake_youtube import install_fake_youtube
from tests.helpers.pages import note_eval, wait_for_note
from tests.helpers.spies import calls
from tests.helpers.waits import stays
from viewer.app.main_window import MainWindow
from viewer.app.search_panel import SearchPanel, as_typed
from viewer.app.search_results import (
    COUNT_ROLE,
    HIT_ROLE,
    HTML_ROLE,
    LAYOUT_BATCH,
    SOURCE_ROLE,
    TIME_ROLE,
    TITLE_ROLE,
    TRANSCRIPT_LABEL,
    HitDelegate,
    time_text,
)
from viewer.core.search import (
    QueryError,
    SearchCounts,
    SearchIndex,
    SearchResults,
    halves,
    parse_query,
    search_index_path,
)

PATTERN = "test_pattern_seeking.md"
PATTERN_TITLE = "Test pattern: seeking a local video"
CONTROL = Qt.KeyboardModifier.ControlModifier
#: The search hit marked in the note: its text, and whether it is inside the pane's viewport.
MARKED = """(() => {
  const marks = [...document.querySelectorAll('mark[data-search-hit]')];
  if (!marks.length) return null;
  const box = marks[0].getBoundingClientRect();
  return {text: marks.map((m) => m.textContent).join(''),
          visible: box.top >= 0 && box.bottom <= window.innerHeight,
          top: window.scrollY};
})()"""


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def open_and_index(qtbot: QtBot, window: MainWindow, root: Path, note: str) -> None:
    """Open ``root`` at ``note`` and wait for its search index to be built."""
    with qtbot.waitSignal(window.search.indexed, timeout=60_000):
        window.open_folder(root, note)


def search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Ctrl+Shift+F from the note, type ``text``, and wait for its answer."""
    window.note_view.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_F, CONTROL | Qt.KeyboardModifier.ShiftModifier)
    panel = window.search_panel
    assert focused() is panel.box
    type_text(focused(), text)
    qtbot.waitUntil(lambda: panel.shown == as_typed(text) and panel.complete, timeout=10_000)


def type_text(widget: QWidget, text: str) -> None:
    """Keys for ASCII; otherwise what an input method sends, as for Japanese."""
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def rows(window: MainWindow) -> list[tuple[str, ...]]:
    """The panel's list as the reader sees it: ("note", title, count) and ("hit", time, html)."""
    model = window.search_panel.results.hits
    shown: list[tuple[str, ...]] = []
    for row in range(model.rowCount()):
        index = model.index(row)
        if index.data(TITLE_ROLE):
            shown.append(("note", index.data(HIT_ROLE).title, str(index.data(COUNT_ROLE))))
        else:
            shown.append(("hit", index.data(TIME_ROLE), index.data(HTML_ROLE)))
    return shown


def click_row(window: MainWindow, row: int, modifiers: Qt.KeyboardModifier = CONTROL) -> None:
    results = window.search_panel.results
    index = results.hits.index(row)
    results.scrollTo(index)
    # As a reader clicks a row once it is on screen (the list lays its rows out in batches).
    deadline = time.monotonic() + 10
    while not results.viewport().rect().contains(results.visualRect(index).center()):
        assert time.monotonic() < deadline, f"row {row} never came on screen"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    point = results.visualRect(index).center()
    QTest.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def marked(qtbot: QtBot, window: MainWindow) -> dict[str, object] | None:
    value = note_eval(qtbot, window, MARKED)
    return value if isinstance(value, dict) else None


def test_ctrl_shift_f_opens_the_panel_and_lists_hits_grouped_by_note(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    assert window.navigator.isVisible() and not window.search_panel.isVisible()
    search(qtbot, window, "sourdough")
    panel = window.search_panel
    assert panel.isVisible() and not window.navigator.isVisible()
    # What the core finds, grouped under each note's title, with its time and <mark>.
    with SearchIndex(notes) as index:
        expected = index.search(as_typed("sourdough"), 100, by_note=True)
    assert [note.path for note in expected.notes][:2] == [
        "welcome.md",
        "sourdough_fermentation.md",
    ]
    shown = rows(window)
    wanted: list[tuple[str, ...]] = []
    for note in expected.notes:
        wanted.append(("note", note.title, str(len(note.hits))))
        wanted += [("hit", time_text(hit), hit.snippet.html()) for hit in note.hits]
    assert shown == wanted
    assert shown[3][:2] == ("hit", "0:45")
    assert "inside a <mark>sourdough</mark> starter" in shown[3][2]
    assert "The Science of <mark>Sourdough</mark> Fermentation" in shown[1][2]
    assert shown[1][1] == ""  # the welcome note's line has no time
    hits = len(expected.hits)
    assert panel.message.text() == f"{hits} hits in {len(expected.notes)} notes"
    # The best hit is selected: Enter would open it. Esc goes back to the notes list.
    assert panel.results.currentIndex().row() == 1
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.navigator.isVisible() and not panel.isVisible()
    assert window.current == "welcome.md"


def test_a_click_on_a_hit_opens_the_note_marks_the_hit_and_plays_from_its_time(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "halfway")
    assert rows(window)[:2] == [
        ("note", PATTERN_TITLE, "1"),
        ("hit", "0:20", rows(window)[1][2]),
    ]
    assert "<mark>halfway</mark>" in rows(window)[1][2]
    with qtbot.waitSignal(window.player.seeked, timeout=20_000) as seeked:
        click_row(window, 1, Qt.KeyboardModifier.NoModifier)
    assert abs(seeked.args[0] - 20.0) <= 0.5
    assert window.current == PATTERN
    wait_for_note(qtbot, window, PATTERN_TITLE)
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "halfway")
    # In view, in the middle of the pane.
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("visible") is True)
    # The panel stays open with the hit selected, for the next one.
    assert window.search_panel.isVisible()
    assert window.search_panel.results.currentIndex().row() == 1

    # A hit at the foot of the note open: scrolled down to it; a passage without a timestamp
    # belongs to the latest one before it.
    before = float(note_eval(qtbot, window, "window.scrollY"))
    panel = window.search_panel
    panel.box.selectAll()
    QTest.keyClicks(panel.box, '"keyframe every second"')
    qtbot.waitUntil(lambda: panel.shown == '"keyframe every second"', timeout=10_000)
    assert rows(window)[:2] == [("note", PATTERN_TITLE, "1"), ("hit", "0:38", rows(window)[1][2])]
    with qtbot.waitSignal(window.player.seeked, timeout=20_000) as seeked:
        click_row(window, 1, Qt.KeyboardModifier.NoModifier)
    assert abs(seeked.args[0] - 38.0) <= 0.5
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "keyframe every second")
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("visible") is True)
    assert float(note_eval(qtbot, window, "window.scrollY")) > before + 100


CLOCK = "local_mp4_clock.md"
CLOCK_TITLE = "Clock: an MP4 file beside the note"


def test_a_hit_in_what_was_said_shows_its_source_and_plays_from_its_cue(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    # The clock clip's subtitles, beside it, are its note's transcript.
    (notes / "media" / "clock-h264.vtt").write_text(
        "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nA clock ticks\n\n"
        "00:00:06.000 --> 00:00:08.000\nthe numbat speaks at six seconds\n",
        encoding="utf-8",
    )
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "numbat")
    model = window.search_panel.results.hits
    assert rows(window) == [
        ("note", CLOCK_TITLE, "1"),
        (
            "hit",
            "0:06",
            f"{TRANSCRIPT_LABEL}A clock ticks the <mark>numbat</mark> speaks at six seconds",
        ),
    ]
    assert model.index(1).data(SOURCE_ROLE) == "transcript"
    assert "said in the video" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(1).data(Qt.ItemDataRole.DisplayRole).startswith("0:06 transcript A clock")
    # Opened: its note, the video from the cue's start, and the moment told to whoever shows
    # the transcript; the words are not in the note, so nothing there is marked.
    opened: list[float] = []
    window.search.transcriptHitOpened.connect(opened.append)
    window.transcripts.set_visible(False)  # the reader had hidden the transcript
    with qtbot.waitSignal(window.player.seeked, timeout=20_000) as seeked:
        click_row(window, 1, Qt.KeyboardModifier.NoModifier)
    assert abs(seeked.args[0] - 6.0) <= 0.5
    assert opened == [6.0]
    assert window.current == CLOCK
    wait_for_note(qtbot, window, CLOCK_TITLE)
    # The transcript is on screen again, at the cue the words were said in.
    pane = window.transcript_pane
    qtbot.waitUntil(lambda: pane.isVisible() and pane.model.now == 1, timeout=10_000)
    assert pane.is_in_view(1)
    # A note hit's mark comes once the page has loaded: it is loaded, and none came.
    stays(
        qtbot,
        lambda: marked(qtbot, window) is None,
        after=lambda: not window.search.display.is_loading(),
    )
    # in:notes leaves it out; in:transcript keeps only it.
    panel = window.search_panel
    panel.box.selectAll()
    QTest.keyClicks(panel.box, "numbat OR clock in:transcript")
    qtbot.waitUntil(lambda: panel.shown == "numbat OR clock in:transcript", timeout=10_000)
    assert {model.index(row).data(SOURCE_ROLE) for row in range(1, model.rowCount())} == {
        "transcript"
    }
    panel.box.selectAll()
    QTest.keyClicks(panel.box, "numbat in:notes")
    qtbot.waitUntil(lambda: panel.shown == "numbat in:notes", timeout=10_000)
    assert panel.message.text() == "No results"


def test_with_ctrl_a_hit_opens_without_seeking_also_in_the_note_already_open(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "twelve")
    seeks: list[float] = []
    window.player.seeked.connect(seeks.append)
    click_row(window, 1, CONTROL)
    wait_for_note(qtbot, window, PATTERN_TITLE)
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "twelve")
    # In the note already open, from the keyboard: Ctrl+Enter moves the mark, no seek.
    box = window.search_panel.box
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box, "thirty")
    QTest.keyClick(box, Qt.Key.Key_Return, CONTROL)  # before the hits came: waits for them
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "thirty")
    assert (
        note_eval(qtbot, window, "document.querySelectorAll('mark[data-search-hit]').length") == 1
    )
    assert window.player.asked is None
    # Enter (no Ctrl) in the note already open plays from the hit's time: its seek is the
    # first and only one, so neither Ctrl+Enter asked for one.
    seeked = qtbot.waitSignal(window.player.seeked, timeout=20_000)
    QTest.keyClick(box, Qt.Key.Key_Return)
    stays(qtbot, lambda: len(seeks) == 1, after=seeked)
    assert abs(seeks[0] - 33.0) <= 0.5


@pytest.mark.parametrize(
    "typed",
    ['"unclosed', "NOT", "OR", "word" * 500],
    ids=["stray quote", "lone NOT", "lone OR", "2,000 characters"],
)
def test_a_query_that_cannot_be_read_gets_a_plain_message(
    qtbot: QtBot, window: MainWindow, notes: Path, typed: str
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    with pytest.raises(QueryError) as error:
        parse_query(as_typed(typed))
    search(qtbot, window, typed)
    panel = window.search_panel
    assert panel.message.text() == str(error.value)
    assert panel.message.isVisible()
    assert rows(window) == []
    # Enter on it opens nothing; the next word is searched as usual.
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert window.current == "welcome.md"
    panel.box.clear()
    QTest.keyClicks(panel.box, "sourdough")
    qtbot.waitUntil(lambda: panel.message.text().endswith("2 notes"), timeout=10_000)


def test_no_results_says_so(qtbot: QtBot, window: MainWindow, notes: Path) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "zyzzogeton")
    assert window.search_panel.message.text() == "No results"
    assert rows(window) == []


def test_indexing_shows_its_progress_and_the_index_follows_new_notes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "big"
    generate.generate_folder(root, 3000)  # a build long enough to search during it
    (root / "start.md").write_text("# Start\n\nNothing to see.\n", encoding="utf-8")
    label = window.search.progress_label
    shown: list[tuple[str, bool]] = []
    window.search.progress.connect(
        lambda _done, _total: shown.append((label.text(), label.isVisible()))
    )
    panel = window.search_panel
    with qtbot.waitSignal(window.search.indexed, timeout=120_000):
        window.open_folder(root, "start.md")
        qtbot.waitUntil(lambda: len(shown) >= 2, timeout=60_000)
        # Searching while the index is built searches what is there, and says so.
        search(qtbot, window, "transformer")
        building = (panel.building.isVisible(), panel.building.text())
    assert shown[0] == ("Indexing notes… 0 of 3,001", True)
    assert ("Indexing notes… 100 of 3,001", True) in shown
    assert shown[-1] == ("Indexing notes… 3,001 of 3,001", True)
    assert building[0] is True
    assert building[1].startswith("The index is still being built (")
    assert building[1].endswith(" of 3,001 notes read): some hits may be missing.")
    # Built: the label goes, the panel stops saying so and asks again.
    assert not label.isVisible()
    assert not panel.building.isVisible()
    with SearchIndex(root) as index:
        complete = index.search(as_typed("transformer"), 100, by_note=True)
        counts = index.count(as_typed("transformer"))
    total = f"{counts.hits:,} hits in {counts.notes:,} notes"
    qtbot.waitUntil(lambda: panel.message.text() == total)
    assert len(panel.results.hits.rows) == len(complete.hits) + len(complete.notes)

    # A note written after the index was built is found once the watcher has read the folder.
    panel.box.selectAll()
    QTest.keyClicks(panel.box, "zyzzogeton")
    qtbot.waitUntil(lambda: panel.message.text() == "No results", timeout=10_000)
    (root / "later").mkdir()
    (root / "later" / "fresh.md").write_text(
        '# Fresh\n\n- The zyzzogeton weevil <a class="yt-timestamp" data-t="01:02">[01:02]</a>\n',
        encoding="utf-8",
    )
    qtbot.waitUntil(lambda: panel.message.text() == "1 hit in 1 note", timeout=20_000)
    assert rows(window)[0] == ("note", "Fresh", "1")
    assert rows(window)[1][:2] == ("hit", "1:02")
    # And one removed is forgotten.
    (root / "later" / "fresh.md").unlink()
    qtbot.waitUntil(lambda: panel.message.text() == "No results", timeout=20_000)


def test_a_japanese_word_is_found_inside_a_sentence_and_marked_in_the_note(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "ja"
    root.mkdir()
    (root / "start.md").write_text("# Start\n\nNothing to see.\n", encoding="utf-8")
    (root / "tokyo.md").write_text(
        "---\ntitle: 旅行のメモ\nvideo: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n---\n\n"
        "昨日は友達と東京タワーに行きました。"
        '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>\n\n'
        "景色がとてもきれいでした。\n",
        encoding="utf-8",
    )
    open_and_index(qtbot, window, root, "start.md")
    search(qtbot, window, "東京")
    shown = rows(window)
    assert shown[0] == ("note", "旅行のメモ", "1")
    assert shown[1][:2] == ("hit", "1:05")
    assert "友達と<mark>東京</mark>タワー" in shown[1][2]
    click_row(window, 1, CONTROL)
    wait_for_note(qtbot, window, "旅行のメモ")
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "東京")


@pytest.mark.allow_log(r"^The search index file was removed; it is rebuilt\.$")
def test_an_index_removed_while_open_is_rebuilt_and_the_status_bar_says_so(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    # No build on its way (the folder's check after the open may start one, which would make
    # the file anew itself): the file is removed from under an index at rest.
    qtbot.waitUntil(window.search.idle, timeout=10_000)
    search(qtbot, window, "clock")  # the panel's queries have the file open
    path = search_index_path(notes)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with qtbot.waitSignal(window.search.indexed, timeout=60_000):
        search(qtbot, window, "sourdough")
        message = window.statusBar().currentMessage()
    assert message == "The search index file was removed; it is rebuilt."
    assert path.exists()
    qtbot.waitUntil(
        lambda: window.search_panel.message.text() == "2 hits in 2 notes", timeout=10_000
    )


@pytest.mark.allow_log(r"^The search index was damaged \(.+\); it is rebuilt\.$")
def test_a_damaged_index_is_rebuilt_and_the_status_bar_says_so(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    path = search_index_path(notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database " * 4096)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    open_and_index(qtbot, window, notes, "welcome.md")
    damaged = [m for m in messages if m.startswith("The search index was damaged (")]
    assert damaged and damaged[0].endswith("); it is rebuilt.")
    search(qtbot, window, "sourdough")
    assert window.search_panel.message.text() == "2 hits in 2 notes"


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("sourd", "sourd*"),
        ("famous be", "famous be"),  # too short to be worth a prefix
        ("lstm OR", "lstm OR"),
        ('"famous bet', '"famous bet'),
        ('"famous bet"', '"famous bet"'),
        ("transformer -lstm", "transformer -lstm"),
        ("title:frankle", "title:frankle"),
        ("archi*", "archi*"),
        ("東京タワー", "東京タワー"),
        ("sourdough ", "sourdough "),
    ],
)
def test_the_last_word_typed_is_searched_as_a_prefix(typed: str, sent: str) -> None:
    assert as_typed(typed) == sent


def test_a_title_filter_lists_the_note_and_enter_opens_it(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "title:sourdough")
    assert rows(window) == [("note", "The Science of Sourdough Fermentation", "0")]
    assert window.search_panel.message.text() == "1 hit in 1 note"
    seeks: list[float] = []
    window.player.seeked.connect(seeks.append)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    wait_for_note(qtbot, window, "The Science of Sourdough Fermentation")
    assert window.current == "sourdough_fermentation.md"
    assert window.player.asked is None  # the new note's video was not asked to seek
    assert seeks == []
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.navigator.isVisible()


class PaintWidths(QObject):
    """The width of a widget at each paint of it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widths: list[int] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.widths.append(watched.width())
        return False


class Resizes(QObject):
    """The sizes a widget is given, as it is given them."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.sizes: list[tuple[int, int]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent):
            self.sizes.append((event.size().width(), event.size().height()))
        return False


def test_the_note_beside_keeps_its_width_as_the_search_panel_opens_and_closes(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    """The side pane has one width, the reader's, for the list and the panel: the note's page
    is not narrowed and widened again (its lines rewrapped, the place read moved) by a search."""
    open_and_index(qtbot, window, notes, "welcome.md")
    sizes = window.splitter.sizes()
    resizes = Resizes(window.note_view)
    search(qtbot, window, "sourdough")
    assert window.splitter.sizes() == sizes
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.navigator.isVisible()
    qtbot.wait(50)  # a resize posted by the layout would have come
    assert window.splitter.sizes() == sizes
    assert resizes.sizes == []


def test_the_side_pane_dragged_wider_while_searching_stays_as_wide_for_the_list(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    search(qtbot, window, "sourdough")
    first, second, *rest = window.splitter.sizes()
    window.splitter.setSizes([first + 80, second - 80, *rest])
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.navigator.isVisible()
    assert window.splitter.sizes() == [first + 80, second - 80, *rest]


def test_the_list_comes_back_painted_once_at_its_own_width(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    open_and_index(qtbot, window, notes, "welcome.md")
    narrow = window.splitter.sizes()[0]
    search(qtbot, window, "sourdough")
    viewport = window.navigator.tree.viewport()
    paints = PaintWidths(viewport)
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(paints.widths))
    # A paint asked for after the list's first one: any the list had coming came before it.
    witness_box = window.navigator.filter_box
    witness = PaintWidths(witness_box)
    QTimer.singleShot(50, witness_box.update)
    stays(qtbot, lambda: len(paints.widths) == 1, after=lambda: bool(witness.widths))
    assert window.splitter.sizes()[0] == narrow
    assert paints.widths == [viewport.width()]


#: The search hit marked in the note: the marks' text, and the passage block they are in (its
#: id and its timestamps), read from the page itself.
MARKED_BLOCK = """(() => {
  const marks = [...document.querySelectorAll('mark[data-search-hit]')];
  if (!marks.length) return null;
  const blocks = marks.map((mark) => mark.closest('[data-passage]') || mark.closest('p, li'));
  const block = blocks[0];
  const box = marks[0].getBoundingClientRect();
  return {text: marks.map((mark) => mark.textContent).join(''),
          same: blocks.every((other) => other === block),
          passage: block.getAttribute('data-passage'),
          seeks: [...block.querySelectorAll('a.timestamp')].map((a) => a.getAttribute('href')),
          visible: box.top >= 0 && box.bottom <= window.innerHeight};
})()"""


def test_a_sentence_said_twice_is_marked_where_the_hit_chosen_is(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "twice"
    root.mkdir()
    (root / "start.md").write_text("# Start\n\nNothing to see.\n", encoding="utf-8")
    sentence = "The narrator repeats that the lighthouse keeper never slept"
    filler = "".join(f"Paragraph {n} of something else entirely.\n\n" for n in range(40))
    (root / "twice.md").write_text(
        "---\ntitle: Said twice\nvideoId: AAAAAAAAAAA\n---\n\n"
        f'{sentence} <a class="yt-timestamp" data-t="00:05">[00:05]</a>.\n\n'
        f"{filler}"
        f'{sentence} <a class="yt-timestamp" data-t="01:09">[01:09]</a>.\n',
        encoding="utf-8",
    )
    # YouTube's player, served by a fake (there is no network here).
    install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    open_and_index(qtbot, window, root, "start.md")
    search(qtbot, window, '"lighthouse keeper"')
    shown = rows(window)
    assert shown[0] == ("note", "Said twice", "2")
    assert [row[:2] for row in shown[1:]] == [("hit", "0:05"), ("hit", "1:09")]
    # A real click on the 1:09 hit: that copy is marked and in view, not the one at 0:05.
    with qtbot.waitSignal(window.player.seeked, timeout=20_000) as seeked:
        click_row(window, 2, Qt.KeyboardModifier.NoModifier)
    assert abs(seeked.args[0] - 69.0) <= 0.5
    wait_for_note(qtbot, window, "Said twice")
    qtbot.waitUntil(lambda: (marked_block(qtbot, window) or {}).get("visible") is True)
    found = marked_block(qtbot, window)
    assert found is not None
    assert (found["text"], found["same"], found["seeks"]) == (
        "lighthouse keeper",
        True,
        ["seek:69"],
    )
    hit = window.search_panel.results.hits.index(2).data(HIT_ROLE)
    assert found["passage"] == str(hit.passage)
    # And the 0:05 hit, chosen from the keyboard in the note now open, moves the mark back.
    box = window.search_panel.box
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Up)
    QTest.keyClick(box, Qt.Key.Key_Return, CONTROL)
    qtbot.waitUntil(lambda: (marked_block(qtbot, window) or {}).get("seeks") == ["seek:5"])
    assert (
        note_eval(qtbot, window, "document.querySelectorAll('mark[data-search-hit]').length") == 1
    )


def marked_block(qtbot: QtBot, window: MainWindow) -> dict[str, object] | None:
    value = note_eval(qtbot, window, MARKED_BLOCK)
    return value if isinstance(value, dict) else None


def otters(root: Path, count: int) -> None:
    root.mkdir()
    (root / "start.md").write_text("# Start\n\nNothing to see.\n", encoding="utf-8")
    (root / "otters.md").write_text(
        "# Otters\n\n"
        + "".join(
            f"Otter number {n} floats by "
            f'<a class="yt-timestamp" data-t="{n // 60:02d}:{n % 60:02d}">[{n}]</a>.\n\n'
            for n in range(count)
        ),
        encoding="utf-8",
    )


def test_a_page_of_hits_is_laid_out_a_few_rows_at_a_time_and_scrolls_where_asked(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row's height lays its snippet out as rich text: a page laid out at once held the
    window 40 ms. The rows' heights are worked out a few at a time, between events; a row
    asked for before its batch is scrolled to once it is there."""
    root = tmp_path / "many"
    otters(root, 60)
    open_and_index(qtbot, window, root, "start.md")
    results = window.search_panel.results
    measures = calls(monkeypatch, HitDelegate, "_measure")
    per_turn: list[int] = []
    seen = [0]

    def turn() -> None:
        per_turn.append(len(measures) - seen[0])
        seen[0] = len(measures)

    ticks = QTimer(interval=0)
    ticks.timeout.connect(turn)
    ticks.start()
    search(qtbot, window, "otter")
    last = results.hits.index(results.hits.rowCount() - 1)
    results.scrollTo(last)  # asked before its batch: scrolled to once it is laid out
    qtbot.waitUntil(lambda: results.viewport().rect().contains(results.visualRect(last).center()))
    ticks.stop()
    # Each snippet laid out once at a width, however often its size is asked; all 60 of them.
    measured = [(html, width) for _delegate, html, width, _option in measures]
    assert len(set(measured)) == len(measured)
    assert len({html for html, _width in measured}) == 60
    assert max(per_turn) <= LAYOUT_BATCH, per_turn


def test_a_big_folder_lists_a_first_look_at_the_hits_then_the_whole_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a folder of 50,000 notes is ranked, here one of 24: in two halves, the first 4
    # notes of the first half ranked alone first.
    monkeypatch.setattr(halves, "SPLIT_NOTES", 10)
    monkeypatch.setattr(halves, "FIRST_LOOK_NOTES", 4)
    root = tmp_path / "big"
    root.mkdir()
    for n in range(24):  # the later a note, the more it says otters: the best come last
        (root / f"n{n:02}.md").write_text(
            f"# Note {n}\n\n" + "Otters swim. " * (1 + n // 4) + "\n\nMore otters.\n", "utf-8"
        )
    shown: list[tuple[list[str], SearchCounts | None, str]] = []
    original = SearchPanel.show_results

    def show_results(
        panel: SearchPanel, query: str, results: SearchResults, counts: SearchCounts | None
    ) -> None:
        original(panel, query, results, counts)
        shown.append(([hit.path for hit in results.hits], counts, panel.message.text()))

    monkeypatch.setattr(SearchPanel, "show_results", show_results)
    open_and_index(qtbot, window, root, "n00.md")
    # Notes are numbered from 1: the first look is at notes 1 to 3.
    with closing(sqlite3.connect(search_index_path(root))) as index_file:
        first = index_file.execute("SELECT path FROM notes WHERE id < 4").fetchall()
    first_notes = {path for (path,) in first}
    assert len(first_notes) == 3
    window.note_view.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_F, CONTROL | Qt.KeyboardModifier.ShiftModifier)
    panel = window.search_panel
    type_text(panel.box, "otters")
    QTest.keyClick(panel.box, Qt.Key.Key_Return)  # before any hit came: the best, once known
    qtbot.waitUntil(lambda: len(shown) == 2 and panel.complete, timeout=10_000)
    (early, none, searching), (whole, counts, said) = shown
    assert none is None and searching == "Searching…"
    assert early and set(early) <= first_notes
    assert counts == SearchCounts(48, 24) and said == "48 hits in 24 notes"
    with SearchIndex(root) as index:
        best = [hit.path for hit in index.search(as_typed("otters"), 100, by_note=True).hits]
    assert whole == best and best[0] not in first_notes
    # Enter chose the best of the whole page, not of the first look.
    qtbot.waitUntil(lambda: window.current == best[0])


class RowsPainted(QObject):
    """At each paint of a list's viewport, how many of its rows were laid out."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        #: How many rows were laid out at each paint.
        self.paints: list[int] = []
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            model = self.view.model()
            laid = [
                self.view.visualRect(model.index(row, 0)).isValid()
                for row in range(model.rowCount())
            ]
            self.paints.append(sum(laid))
        return False


def test_rows_are_drawn_as_they_were_measured_not_laid_out_at_each_paint(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    otters(root, 40)
    open_and_index(qtbot, window, root, "start.md")
    results = window.search_panel.results
    painted = RowsPainted(results)
    search(qtbot, window, "otter")
    qtbot.waitUntil(lambda: painted.paints[-1:] == [41], timeout=10_000)
    laid_out = calls(monkeypatch, HitDelegate, "_document")
    paints = len(painted.paints)
    results.viewport().repaint()
    assert len(painted.paints) == paints + 1
    # Not even the selected row: it was laid out in a selected row's colours, and kept.
    assert laid_out == []
    # Another row selected is laid out once in those colours, then drawn as it was.
    qtbot.keyClick(results, Qt.Key.Key_Down)
    results.viewport().repaint()
    results.viewport().repaint()
    assert [(html, selected) for _delegate, html, _width, _option, selected in laid_out] == [
        (results.currentIndex().data(HTML_ROLE), True)
    ]


def test_a_long_list_of_hits_says_how_many_and_brings_more_as_it_scrolls(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    root = tmp_path / "many"
    otters(root, 111)
    open_and_index(qtbot, window, root, "start.md")
    search(qtbot, window, "otter")
    panel = window.search_panel
    model = panel.results.hits
    # The true count, though the list holds the first hundred of them.
    assert panel.message.text() == "111 hits in 1 note"
    assert rows(window)[0] == ("note", "Otters", "111")
    assert model.rowCount() == 101
    # The reader turns the wheel down the list: the rest come, under the same note.
    with SearchIndex(root) as index:
        expected = index.search(as_typed("otter"), 200, by_note=True).hits
    viewport = panel.results.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    bar = panel.results.verticalScrollBar()

    def wheel() -> bool:
        if model.rowCount() == 112 and bar.value() == bar.maximum():
            return True
        event = QWheelEvent(
            centre,
            viewport.mapToGlobal(centre),
            QPoint(0, 0),
            QPoint(0, -120 * 5),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)
        return False

    qtbot.waitUntil(wheel, timeout=20_000)
    assert [row[0] for row in rows(window)] == ["note"] + ["hit"] * 111
    assert [model.index(row).data(HIT_ROLE) for row in range(1, 112)] == list(expected)
    assert rows(window)[111][1] == time_text(expected[110])
    assert panel.message.text() == "111 hits in 1 note"
    # The last one opens like any other.
    click_row(window, 111, CONTROL)
    wait_for_note(qtbot, window, "Otters")
    qtbot.waitUntil(lambda: (marked(qtbot, window) or {}).get("text") == "Otter")
