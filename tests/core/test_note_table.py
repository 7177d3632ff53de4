"""A folder's notes in columns: the same entries back as went in, found by path, changed in
place, stored and read back, in a fraction of the memory of one object per note."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core import note_table
from viewer.core.note_table import (
    CHUNK,
    Entries,
    FileStamp,
    NoteEntry,
    NoteTable,
    NoteTableBuilder,
    Picked,
)


def entry(path: str, title: str = "", aliases: tuple[str, ...] = (), **marks: int) -> NoteEntry:
    return NoteEntry(
        path,
        title or path.removesuffix(".md"),
        aliases,
        bool(marks.get("video", 0)),
        marks.get("problems", 0),
        FileStamp(marks.get("size", 10), marks.get("mtime", 1_700_000_000_000_000_000)),
    )


def many(count: int) -> Iterator[NoteEntry]:
    """Notes as a big folder has them: a folder, a path, a title, most with two aliases."""
    for n in range(count):
        yield entry(
            f"folder_{n // 1000:02}/talk_about_models_and_data_number_{n:06}.md",
            f"Talk about models and data {n}",
            () if n % 4 == 0 else (f"models and data {n}", f"another name of it {n}"),
            video=n % 2,
            problems=n % 3,
            size=4_000 + n,
            mtime=1_796_596_771_469_166_584 + n,
        )


def test_a_table_gives_back_the_entries_that_went_in() -> None:
    entries = list(many(3 * CHUNK + 5))  # chunks, and a part of one
    table = NoteTable.of(entries)
    assert len(table) == len(entries)
    assert list(table) == entries
    assert [table[place] for place in range(len(table))] == entries
    assert table[-1] == entries[-1]
    assert list(table[2:5]) == entries[2:5]
    assert list(table.paths()) == [entry.path for entry in entries]
    assert table.title(CHUNK) == entries[CHUNK].title
    assert table.aliases(1) == entries[1].aliases and table.aliases(0) == ()
    assert table.stamp(7) == entries[7].stamp and table.mtime_ns(7) == entries[7].stamp.mtime_ns
    with pytest.raises(IndexError):
        table[len(entries)]


def test_a_wide_character_widens_only_its_own_chunk() -> None:
    """A string takes as many bytes a character as its widest one: one emoji in a title
    makes its chunk four bytes a character, not every title."""
    entries = [
        entry(f"{n:05}.md", "Plain title" if n != 3 else "Title 🎙") for n in range(4 * CHUNK)
    ]
    table = NoteTable.of(entries)
    assert list(table) == entries
    chunks = table.parts()[4]  # the titles
    assert isinstance(chunks, list) and len(chunks) == 4
    assert chunks[0].__sizeof__() > 3 * len(chunks[0])  # four bytes a character
    assert all(chunk.__sizeof__() < 2 * len(chunk) for chunk in chunks[1:])  # one byte


@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=12),
            st.text(max_size=12),
            st.lists(st.text(max_size=6), max_size=3),
            st.booleans(),
            st.integers(0, 50),
            st.integers(0, 2**64 - 1),
            st.integers(-(2**63), 2**63 - 1),
        ),
        unique_by=lambda row: row[0],
        max_size=40,
    )
)
def test_any_entries_come_back_and_are_found_by_path(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    entries = sorted(
        NoteEntry(path, title, tuple(aliases), video, problems, FileStamp(size, mtime))
        for path, title, aliases, video, problems, size, mtime in rows
    )
    table = NoteTable.of(entries)
    assert list(table) == entries
    for place, each in enumerate(entries):
        assert table.place_of(each.path) == place
        assert table.get(each.path) == each
        assert each in table
    assert table.place_of("\0not a path") is None
    assert NoteTable.from_parts(table.parts()) == table


def test_paths_that_share_a_hash_are_each_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index keeps a few bits of each path's hash: where they are the same, the paths
    themselves are compared."""
    monkeypatch.setattr(note_table, "_HASH_MASK", 0)  # every path the same hash
    entries = list(many(40))
    table = NoteTable.of(entries)
    assert [table.place_of(each.path) for each in entries] == list(range(40))
    assert table.place_of("folder_0/missing.md") is None


@pytest.mark.parametrize("count", [0, 1, 255, 256, 5_000, 50_000])
def test_a_big_index_is_sorted_a_few_hundred_keys_at_a_time(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """A folder is scanned in a worker thread, and a sort holds the interpreter the window's
    thread needs until it is done: 50,000 paths are indexed without sorting more than a
    thousand keys at once, in the same order as all of them sorted together."""
    sizes: list[int] = []

    def counted(keys: list[int]) -> list[int]:
        sizes.append(len(keys))
        return sorted(keys)

    monkeypatch.setattr(note_table, "sorted", counted, raising=False)
    builder = note_table._TextBuilder()
    for number in range(count):
        builder.add(f"folder_{number % 97}/note {number}.md")
    paths = builder.build()
    index = note_table._index_of(paths)
    keys = [(hash(path) & note_table._HASH_MASK) << 24 | place for place, path in enumerate(paths)]
    assert list(index) == sorted(keys)
    assert max(sizes, default=0) <= 1_000


def test_entries_out_of_order_or_twice_are_refused() -> None:
    builder = NoteTableBuilder()
    builder.add(entry("b.md"))
    with pytest.raises(ValueError, match="does not come after"):
        builder.add(entry("a.md"))
    with pytest.raises(ValueError, match="does not come after"):
        builder.add(entry("b.md"))


def test_a_replaced_entry_makes_only_its_chunk_again() -> None:
    entries = list(many(2 * CHUNK))
    table = NoteTable.of(entries)
    place = CHUNK + 3
    changed = entries[place]._replace(
        title="A new title 🎙", aliases=("one", "two", "three"), problems=0, has_video=True,
        stamp=FileStamp(1, 2),
    )  # fmt: skip
    again = table.replaced({place: changed})
    expected = [*entries[:place], changed, *entries[place + 1 :]]
    assert list(again) == expected and again == NoteTable.of(expected)
    assert list(table) == entries  # the table it was made of is as it was
    assert again.same_names(table)
    assert list(table.changed_places(again)) == [place]
    assert table.parts()[4][0] is again.parts()[4][0]  # the other chunk of titles, shared
    assert table.parts()[0] is again.parts()[0]  # and the paths
    with pytest.raises(ValueError, match="another path"):
        table.replaced({0: entries[1]})


def test_differing_tells_the_files_changed_come_or_gone() -> None:
    entries = list(many(CHUNK + 10))
    table = NoteTable.of(entries)
    files = {each.path: each.stamp for each in reversed(entries)}  # a scan's own order
    assert table.holds(files) and table.differing(files) == []
    touched = entries[CHUNK + 1].path
    files[touched] = FileStamp(5, 6)
    assert table.differing(files) == [touched] and not table.holds(files)
    files["aa new.md"] = FileStamp(1, 1)
    del files[entries[0].path]
    assert table.differing(files) == ["aa new.md", touched]


def test_stored_parts_that_do_not_fit_are_refused() -> None:
    parts = NoteTable.of(many(10)).parts()
    broken = [
        "not parts",
        parts[:9],
        (None, *parts[1:]),
        (parts[0], b"\x00", *parts[2:]),  # an end for one path of ten
        (*parts[:2], parts[2][:8], *parts[3:]),  # sizes for one note of ten
        (*parts[:8], b"\xff" * 40, parts[9]),  # aliases past their end
        (*parts[:9], b"\x00" * 12),  # marks for three notes
        ([parts[0][0][:-1]], *parts[1:]),  # paths shorter than their ends
    ]
    for each in broken:
        with pytest.raises(ValueError):
            NoteTable.from_parts(each)


def test_picked_entries_keep_places_not_entries() -> None:
    entries = list(many(30))
    table = NoteTable.of(entries)
    picked = Picked.of(table, [5, 1, 20])
    assert list(picked) == [entries[5], entries[1], entries[20]]
    assert list(Picked.of(picked, [2, 0])) == [entries[20], entries[5]]
    assert Picked.of(picked, [2, 0]).table is table
    assert list(picked[1:]) == [entries[1], entries[20]] and picked[-1] == entries[20]
    of_a_list = Picked.of(entries[::-1], [0, 3])  # entries of no table: a table of them
    assert list(of_a_list) == [entries[-1], entries[-4]]
    assert of_a_list.path(1) == entries[-4].path
    # A run of what was picked: the same notes, in places of its own.
    run = Picked.of(picked, range(1, 3))
    assert list(run) == [entries[1], entries[20]] and run.table is table
    run.places[0] = 0
    assert list(picked) == [entries[5], entries[1], entries[20]]


def test_entries_by_path_answer_as_a_dict_would() -> None:
    items = list(many(20))
    view = Entries(NoteTable.of(items))
    as_dict = {each.path: each for each in items}
    assert view == as_dict and len(view) == 20 and list(view) == list(as_dict)
    assert view[items[3].path] == items[3] and items[3].path in view
    assert view.get("missing.md") is None and "missing.md" not in view and 3 not in view
    with pytest.raises(KeyError):
        view["missing.md"]
    assert list(view.values()) == items and view.values() is view.table
    assert list(view.items()) == list(as_dict.items())


def test_a_table_takes_a_third_of_the_memory_of_its_entries() -> None:
    """What 10,000 notes as a big folder has them take, kept as a table: under 180 bytes
    a note. As entries (a named tuple, its strings, a tuple of aliases, a stamp) they took
    560, where the folder kept one a note."""
    count = 10_000
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        table = NoteTable.of(many(count))
        gc.collect()
        grown = tracemalloc.take_snapshot().compare_to(before, "filename")
        entries = list(many(count))
        gc.collect()
        as_objects = tracemalloc.take_snapshot().compare_to(before, "filename")
    finally:
        tracemalloc.stop()
    assert len(table) == len(entries) == count
    per_note = sum(stat.size_diff for stat in grown) / count
    objects_per_note = sum(stat.size_diff for stat in as_objects) / count - per_note
    assert per_note < 180
    assert objects_per_note > 3 * per_note
