"""The navigator's tree: folders first, notes in order, rows for open folders, the filter."""

from __future__ import annotations

import pytest

from tests.helpers.spies import calls
from viewer.core.note_table import FileStamp, NoteEntry, NoteTable
from viewer.core.note_tree import (
    BY_MODIFIED,
    BY_TITLE,
    Folder,
    Haystack,
    NoteTree,
    filter_words,
    filtered,
    narrows,
)
from viewer.core.stepwise import finish


def entry(path: str, title: str, mtime: int = 0) -> NoteEntry:
    return NoteEntry(path, title, (), False, 0, FileStamp(1, mtime))


ENTRIES = [
    entry("b.md", "Beta", 3),
    entry("a.md", "alpha", 1),
    entry("people/zoe.md", "Zoe", 2),
    entry("people/adam.md", "Adam", 5),
    entry("talks/2024/keynote.md", "Keynote", 4),
    entry("Zed/x.md", "X", 0),
]


def names(rows: list[Folder | NoteEntry]) -> list[str]:
    return [row.path if isinstance(row, Folder) else row.title for row in rows]


def test_folders_come_first_by_name_then_notes_by_title() -> None:
    tree = finish(NoteTree.build(ENTRIES, BY_TITLE))
    everything = tree.rows(tree.top, lambda _folder: True)
    assert names(everything) == [
        "people", "Adam", "Zoe", "talks", "talks/2024", "Keynote", "Zed", "X", "alpha", "Beta",
    ]  # fmt: skip
    # Every note, folder by folder, as the rows show them.
    assert [e.title for e in tree.notes] == ["Adam", "Zoe", "Keynote", "X", "alpha", "Beta"]
    assert tree.folders["talks"].count == 1 and tree.folders["people"].first == 0


def test_closed_folders_hide_their_rows_and_the_newest_come_first_by_date() -> None:
    tree = finish(NoteTree.build(ENTRIES, BY_MODIFIED))
    opened = {"people"}
    rows = tree.rows(tree.top, lambda folder: folder.path in opened)
    assert names(rows) == ["people", "Adam", "Zoe", "talks", "Zed", "Beta", "alpha"]
    assert names(tree.rows(tree.folders["talks"], lambda _folder: False)) == ["talks/2024"]
    assert [folder.path for folder in tree.ancestors("talks/2024/keynote.md")] == [
        "talks",
        "talks/2024",
    ]


def test_a_filter_keeps_matching_notes_and_the_folders_on_the_way_to_them() -> None:
    tree = finish(NoteTree.build(ENTRIES, BY_TITLE))
    matched = finish(filtered(tree, filter_words("A")))
    # "a" is in Adam, in "talks/…" and in alpha, Beta: by title or by path.
    assert [tree.notes[place].title for place in matched] == ["Adam", "Keynote", "alpha", "Beta"]
    rows = tree.rows(tree.top, lambda _folder: True, matched)
    assert names(rows) == ["people", "Adam", "talks", "talks/2024", "Keynote", "alpha", "Beta"]
    narrower = finish(filtered(tree, filter_words("ada"), within=matched))
    assert narrower == finish(filtered(tree, filter_words("ada")))
    assert [tree.notes[place].title for place in narrower] == ["Adam"]


def plain_filter(tree: NoteTree, words: list[str]) -> list[int]:
    """The filter's rule, a note at a time."""
    return [
        place
        for place, note in enumerate(tree.notes)
        if all(word in f"{note.title}\n{note.path}".casefold() for word in words)
    ]


def test_the_filter_reads_titles_as_their_case_folded_letters_a_line_each() -> None:
    """Folding can lengthen a title (ß is ss), a title can hold a line break, and a folder
    can hold more notes than a chunk: each note is still matched on its own title and path."""
    notes = [entry(f"n{number:04}.md", f"Note {number}") for number in range(600)]
    notes[3] = entry("n0003.md", "Straße der Modelle")
    notes[300] = entry("n0300.md", "Two\nlines of TITLE")
    notes[301] = entry("n0301.md", "ÉCOLE")
    notes[599] = entry("sub/last.md", "İstanbul")
    tree = finish(NoteTree.build(notes, BY_TITLE))
    for query in ("strasse", "STRASSE modelle", "lines of", "two lines", "école", "n0301",
                  "istanbul", "i̇stanbul", "sub/", "note 59", ".md", "nothing here"):  # fmt: skip
        words = filter_words(query)
        assert finish(filtered(tree, words)) == plain_filter(tree, words), query
    assert [tree.notes[p].title for p in finish(filtered(tree, ["strasse"]))] == [
        "Straße der Modelle"
    ]


def test_a_filter_kept_for_the_next_query_is_made_again_for_another_table() -> None:
    tree = finish(NoteTree.build(ENTRIES, BY_TITLE))
    haystack = finish(Haystack.of(tree.notes.table))
    assert finish(filtered(tree, ["zoe"], haystack=haystack)) == plain_filter(tree, ["zoe"])
    changed = [entry("people/zoe.md", "Chloe", 2) if e.path == "people/zoe.md" else e
               for e in ENTRIES]  # fmt: skip
    other = finish(NoteTree.build(changed, BY_TITLE))
    assert finish(filtered(other, ["zoe"], haystack=haystack)) == plain_filter(other, ["zoe"])
    assert finish(filtered(other, ["chloe"], haystack=haystack)) == plain_filter(other, ["chloe"])


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [(["ad"], ["adam"], True), (["ad"], ["da"], False), (["a"], ["b", "xa"], True)],
)
def test_a_filter_narrows_an_earlier_one_when_each_word_is_in_a_later_word(
    earlier: list[str], later: list[str], expected: bool
) -> None:
    assert narrows(earlier, later) is expected


def test_a_tree_of_a_table_holds_places_and_makes_no_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Built, sorted, filtered and listed as rows, a tree of a folder's table reads its
    columns: an entry is made for a row on screen alone (50,000 made at each sort and each
    filter held the window 200 ms)."""
    table = NoteTable.of(sorted(ENTRIES, key=lambda entry: entry.path))
    made = calls(monkeypatch, NoteTable, "__getitem__")
    by_date = finish(NoteTree.build(table, BY_MODIFIED))
    by_title = finish(NoteTree.build(table, BY_TITLE))
    matched = finish(filtered(by_title, filter_words("a")))
    rows = by_title.placed_rows(by_title.top, lambda _folder: True, matched)
    assert made == []
    assert [by_title.path(row) for row in rows if isinstance(row, int)] == [
        "people/adam.md", "talks/2024/keynote.md", "a.md", "b.md",
    ]  # fmt: skip
    assert names(by_date.rows(by_date.top, lambda _folder: True))[-2:] == ["Beta", "alpha"]
    assert by_title.place_of("b.md") == 5 and by_title.place_of("nothing.md") is None
