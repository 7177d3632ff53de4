"""The quick switcher on a folder of 50,000 notes: typing never waits for the ranking.

The switcher ranks in slices between events (``viewer.app.slices``). These tests drive it with
real key events and wait for what it shows; none of them measures a time (the benchmark's
``switcher`` rows do).
"""

from __future__ import annotations

import gc
import random
import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.signals import SignalLog
from tests.helpers.waits import event_loop_turned, stays
from viewer.app import switcher as switcher_module
from viewer.app.slices import Slices
from viewer.app.switcher import MAX_SHOWN, QuickSwitcher, names, prepare
from viewer.core.candidates import Candidates, CandidatesBuilder
from viewer.core.folder import NotesFolder
from viewer.core.fuzzy import rank
from viewer.core.note_table import FileStamp, NoteEntry, NoteTable
from viewer.core.stepwise import Steps, finish

COUNT = 50_000
WORDS = [
    "model",
    "architecture",
    "transformer",
    "attention",
    "memory",
    "scaling",
    "data",
    "training",
    "inference",
    "agents",
    "retrieval",
    "research",
    "people",
    "market",
    "policy",
    "history",
    "future",
    "pattern",
    "trend",
    "energy",
    "chips",
]


def big_folder(root: Path, count: int = COUNT) -> NotesFolder:
    """Titles and paths much like a real big folder's: a few words each, in channel folders."""
    rng = random.Random(24)
    entries: dict[str, NoteEntry] = {}
    for number in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(2, 5))]
        path = f"channel_{number % 12}/{'_'.join(words)}_{number}.md"
        title = " ".join(words).capitalize()
        entries[path] = NoteEntry(path, title, (), False, 0, FileStamp(1_000, number))
    return NotesFolder(root, entries, [], {})


_PREPARED: dict[int, Candidates[NoteEntry]] = {}


def expected(folder: NotesFolder, query: str) -> list[str]:
    """The ranking the rule gives (``core.fuzzy.rank``, proven against the rule itself in
    ``tests/core/test_ranking.py``), by path."""
    if id(folder) not in _PREPARED:
        ordered = sorted(folder, key=lambda entry: (entry.title.casefold(), entry.path))
        _PREPARED[id(folder)] = Candidates.of((entry, names(entry)) for entry in ordered)
    return [entry.path for entry in rank(query, _PREPARED[id(folder)], MAX_SHOWN)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> NotesFolder:
    return big_folder(tmp_path_factory.mktemp("big"))


@pytest.fixture
def switcher(qtbot: QtBot, folder: NotesFolder) -> QuickSwitcher:
    parent = QWidget()
    parent.resize(1000, 700)
    qtbot.addWidget(parent)
    parent.show()
    switcher = QuickSwitcher(parent)
    switcher.set_folder(folder)
    switcher.popup()
    qtbot.waitUntil(switcher.settled, timeout=60_000)  # names prepared, the first 50 shown
    return switcher


def test_a_key_returns_before_its_ranking_and_the_results_follow(
    qtbot: QtBot, switcher: QuickSwitcher, folder: NotesFolder
) -> None:
    before = switcher.shown_paths()
    assert before == expected(folder, "")
    QTest.keyClick(switcher.query, "m")
    # The key is handled and the window is back in its event loop: nothing ranked yet, the
    # list still shows what it showed.
    assert switcher.query.text() == "m"
    assert not switcher.settled()
    assert switcher.shown == ("", True)
    assert switcher.shown_paths() == before
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == expected(folder, "m")


def test_typing_on_while_results_come_shows_only_newer_ones_and_ends_with_the_last(
    qtbot: QtBot, switcher: QuickSwitcher, folder: NotesFolder
) -> None:
    log = SignalLog(switcher)
    typed = "trnsf att"
    for end in range(1, len(typed) + 1):
        QTest.keyClick(switcher.query, typed[end - 1])
        # Let the ranking of this key start (its first results come): the next key cancels it.
        qtbot.waitUntil(
            lambda end=end: switcher.shown is not None and switcher.shown[0] == typed[:end],
            timeout=30_000,
        )
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == expected(folder, typed)
    shown = log.args("resultsShown")
    queries = [query for query, _final in shown]
    # Each results shown are for the query typed then, or a later one: none came late.
    assert queries == sorted(queries, key=len)
    assert all(typed.startswith(query) for query in queries)
    # Nothing more arrives for an older query after the last one.
    stays(qtbot, lambda: log.args("resultsShown")[-1] == (typed, True), after=event_loop_turned())


def test_a_key_typed_as_the_ranking_before_it_works_out_what_it_keeps_narrows_it(
    qtbot: QtBot, folder: NotesFolder
) -> None:
    """The results of "trn" are shown as soon as they are final; what its ranking keeps for
    the next key is worked out after, a step a turn of the event loop here. "s" typed
    meanwhile lets that finish first, then narrows it, and shows its own results."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    switcher = QuickSwitcher(parent, Slices(parent, slice_ms=0))
    switcher.set_folder(folder)
    switcher.popup()
    qtbot.waitUntil(switcher.settled, timeout=60_000)
    for letter in "trn":
        QTest.keyClick(switcher.query, letter)
        qtbot.waitUntil(switcher.settled, timeout=30_000)
    trn = switcher._ranking
    assert trn is not None and trn.query == "trn"
    assert not trn.done  # the results are shown, what it keeps is being worked out
    assert switcher.shown_paths() == expected(folder, "trn")
    QTest.keyClick(switcher.query, "s")
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == expected(folder, "trns")
    trns = switcher._ranking
    assert trn.done and trns is not None and trns.narrows(trn)


def test_typed_fast_then_waited_for_shows_the_ranking_of_what_was_typed(
    qtbot: QtBot, switcher: QuickSwitcher, folder: NotesFolder
) -> None:
    log = SignalLog(switcher)
    QTest.keyClicks(switcher.query, "mdl arch")
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == expected(folder, "mdl arch")
    assert log.args("resultsShown")[-1] == ("mdl arch", True)
    # A letter taken back shows that query's ranking again.
    QTest.keyClick(switcher.query, Qt.Key.Key_Backspace)
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == expected(folder, "mdl arc")


def test_enter_before_the_results_opens_the_best_match_for_what_was_typed(
    qtbot: QtBot, switcher: QuickSwitcher, folder: NotesFolder
) -> None:
    chosen: list[str] = []
    switcher.noteChosen.connect(chosen.append)
    QTest.keyClicks(switcher.query, "people tr")
    QTest.keyClick(switcher.query, Qt.Key.Key_Return)
    assert chosen == expected(folder, "people tr")[:1]
    assert not switcher.isVisible()


def test_a_folder_read_again_while_open_is_ranked_again(
    qtbot: QtBot, switcher: QuickSwitcher, folder: NotesFolder, tmp_path: Path
) -> None:
    QTest.keyClicks(switcher.query, "zebra")
    qtbot.waitUntil(switcher.settled, timeout=30_000)
    assert switcher.shown_paths() == []
    assert switcher.empty.isVisible()
    entries = dict(folder.entries)
    entries["zoo/zebra.md"] = NoteEntry(
        "zoo/zebra.md", "Zebra crossings", (), False, 0, FileStamp(1, 1)
    )
    switcher.set_folder(NotesFolder(folder.root, entries, [], {}))
    qtbot.waitUntil(lambda: switcher.shown_paths() == ["zoo/zebra.md"], timeout=30_000)
    assert switcher.settled()
    assert not switcher.empty.isVisible()


def test_a_folder_read_again_folds_only_the_names_of_notes_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = list(big_folder(tmp_path, 2_000))
    before = finish(prepare(entries))
    changed = entries[5]._replace(title="Zebra crossings", stamp=FileStamp(2_000, 5))
    new = NoteEntry("zoo/okapi.md", "Okapi", ("Forest giraffe",), False, 0, FileStamp(1, 1))
    later = [*entries[:5], changed, *entries[6:1_500], new]
    folded: list[str] = []
    add = CandidatesBuilder.add_names

    def counted(builder: CandidatesBuilder[NoteEntry], names: list[tuple[str, float]]) -> None:
        folded.append(names[0][0])  # the title
        add(builder, names)

    monkeypatch.setattr(CandidatesBuilder, "add_names", counted)
    again = finish(prepare(later, before))
    assert sorted(folded) == sorted([changed.title, new.title])
    monkeypatch.undo()
    fresh = finish(prepare(later))
    assert again.items == fresh.items
    assert [again.names(at) for at in range(len(again))] == [
        fresh.names(at) for at in range(len(fresh))
    ]
    for query in ("zebra", "forest gi", "mdl arch", ""):
        assert rank(query, again, MAX_SHOWN) == rank(query, fresh, MAX_SHOWN)


def test_a_folder_already_in_title_order_is_not_sorted_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder reader sorts a folder by title in its thread; the switcher takes that order
    as it is (no key made on the window's thread) and ranks as with its own sort."""
    folder = big_folder(tmp_path, count=5_000)
    finish(folder.in_title_order())
    keys: list[str] = []

    def counted(entry: NoteEntry) -> str:
        keys.append(entry.path)
        return ""

    monkeypatch.setattr(NoteTable, "title_order", lambda table, place: counted(table[place]))
    monkeypatch.setattr(switcher_module, "title_order", counted)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    switcher = QuickSwitcher(parent)
    switcher.set_folder(folder)
    switcher.popup()
    qtbot.waitUntil(switcher.settled, timeout=60_000)
    QTest.keyClicks(switcher.query, "mdl arch")
    qtbot.waitUntil(switcher.settled, timeout=60_000)
    assert switcher.shown_paths() == expected(folder, "mdl arch")
    assert keys == []


def test_names_are_prepared_a_few_dozen_notes_a_step(tmp_path: Path) -> None:
    """A step is what a slice of the window's thread cannot cut: 500 notes' names folded a
    step took 18 ms at 50,000 notes, over a frame, after every note saved elsewhere, and 100
    a step ran the slices of 4 ms to 6 to 10."""
    entries = finish(big_folder(tmp_path, count=1_000).in_title_order())
    steps = prepare(entries, ordered=True)
    taken = 0
    with pytest.raises(StopIteration) as end:
        while True:
            next(steps)
            taken += 1
    assert len(end.value.value) == 1_000
    assert taken >= 40
    again = prepare(entries, end.value.value, ordered=True)
    assert sum(1 for _ in again) >= 40


def test_names_prepared_again_need_no_table_of_the_notes_before(tmp_path: Path) -> None:
    """The notes prepared before are walked alongside, in their shared order: preparing a
    folder whose every note changed (its names listed, then read) takes no more memory at
    its peak than preparing it afresh (a table of 20,000 places took 1.5 MB more)."""
    listed = big_folder(tmp_path, count=20_000)
    read = {
        path: entry._replace(has_video=True, stamp=FileStamp(2_000, 1))
        for path, entry in listed.entries.items()
    }
    ordered = finish(NotesFolder(tmp_path, read, [], {}).in_title_order())
    before = finish(prepare(finish(listed.in_title_order()), ordered=True))

    def peak(steps: Steps[Candidates[NoteEntry]]) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            finish(steps)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    afresh = peak(prepare(ordered, ordered=True))
    again = peak(prepare(ordered, before, ordered=True))
    assert again < afresh + 300_000, (again, afresh)
