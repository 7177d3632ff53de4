"""The packed tables that keep a folder's links and backlinks."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core import packed
from viewer.core.packed import PackedTable

names = st.text(max_size=12)
tables = st.dictionaries(names, st.tuples(names) | st.tuples(names, names) | st.just(()))


@given(tables)
def test_a_packed_table_answers_as_the_table_it_was_made_of(
    table: dict[str, tuple[str, ...]],
) -> None:
    packed_table = PackedTable.of(table)
    assert len(packed_table) == len(table)
    assert dict(packed_table.items()) == table
    assert list(packed_table) == sorted(table)
    assert all(packed_table[key] == value for key, value in table.items())
    assert packed_table == table
    assert "\x00 not a key" not in packed_table or "\x00 not a key" in table
    assert PackedTable.from_parts(packed_table.parts) == table


@given(tables, st.dictionaries(names, st.none() | st.tuples(names)))
def test_a_table_replaced_is_the_table_updated(
    table: dict[str, tuple[str, ...]], changes: dict[str, tuple[str, ...] | None]
) -> None:
    expected = dict(table)
    for key, value in changes.items():
        if value is None:
            expected.pop(key, None)
        else:
            expected[key] = value
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packed, "PIECE", 3)  # many pieces, and pieces that empty or grow
        replaced = PackedTable.of(table).replaced(changes)
    assert dict(replaced.items()) == expected
    assert len(replaced) == len(expected)
    assert list(replaced) == sorted(expected)


def test_a_change_packs_again_only_the_piece_it_falls_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packed, "PIECE", 10)
    table = PackedTable.of({f"note {number:03}.md": (f"target {number}",) for number in range(100)})
    changed = table.replaced({"note 042.md": ("elsewhere",), "note 043.md": None})
    before, after = table.parts[0], changed.parts[0]
    assert len(before) == len(after) == 10
    assert [old is new for old, new in zip(before, after, strict=True)] == [
        place != 4 for place in range(10)
    ]
    assert changed["note 042.md"] == ("elsewhere",)
    assert "note 043.md" not in changed and len(changed) == 99


def test_tables_cut_differently_compare_by_what_they_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {f"{number:03}": (str(number),) for number in range(50)}
    monkeypatch.setattr(packed, "PIECE", 7)
    small_pieces = PackedTable.of(table)
    monkeypatch.setattr(packed, "PIECE", 20)
    large_pieces = PackedTable.of(table)
    assert small_pieces == large_pieces
    assert small_pieces != large_pieces.replaced({"010": ("other",)})
    assert small_pieces != large_pieces.replaced({"010": None})
    assert large_pieces.replaced({"010": ("other",)}) != large_pieces


@pytest.mark.parametrize(
    "parts",
    [
        None,
        ((), ()),
        ([b"x"], ("a",), 1),
        ((b"x",), ("a", "b"), 1),
        (("x",), ("a",), 1),
        ((b"x",), (1,), 1),
        ((b"x",), ("a",), "1"),
    ],
)
def test_parts_of_the_wrong_shape_are_refused(parts: object) -> None:
    with pytest.raises(ValueError, match="wrong shape"):
        PackedTable.from_parts(parts)


def test_a_packed_table_holds_a_fraction_of_the_memory_of_its_dict() -> None:
    """A folder's links: 20,000 notes naming 7 notes each, out of 60,000 names."""

    def table() -> dict[str, tuple[str, ...]]:
        return {
            f"notes/topic {number % 97}/note number {number}.md": tuple(
                f"Some linked note called {(number * 7 + link) % 60_000}" for link in range(7)
            )
            for number in range(20_000)
        }

    def held(make: object) -> int:
        gc.collect()
        tracemalloc.start()
        try:
            kept = make()  # type: ignore[operator]
            gc.collect()
            size = tracemalloc.get_traced_memory()[0]
            del kept
        finally:
            tracemalloc.stop()
        return size

    as_dict = held(table)
    as_packed = held(lambda: PackedTable.of(table()))
    assert as_packed * 4 < as_dict, (as_packed, as_dict)
