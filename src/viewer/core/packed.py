"""A big read-mostly table of names kept packed: each note's link targets, each note's backlinks.

A folder of 50,000 notes holds 374,000 link targets and as many backlinks; as dicts of tuples
of strings they took 30 MiB (with the interpreter's table of interned strings behind them),
more than a tenth of the whole app. Packed, they take 7 MiB: the table sorted by key and cut
into pieces of :data:`PIECE` entries, each piece ``marshal``-led and compressed. A lookup
unpacks one piece (about a millisecond); a walk over the table unpacks one piece at a time,
so a worker going through it lets the UI thread in between two. The last piece unpacked is
kept, so that looking up keys near each other (in order, or the same one twice) unpacks it
once::

    links = PackedTable.of({"a.md": ("b",), "b.md": ()})
    links["a.md"]                          # ("b",)
    links = links.replaced({"c.md": ("a",), "b.md": None})  # other pieces kept as they are

A changed table is made of the unchanged pieces of the one before (the very bytes) and the
pieces the change touched, packed again: a note edited in a folder of 50,000 repacks one
piece. The folder index stores the pieces as they are (:meth:`PackedTable.parts`), so a
folder opened from it unpacks nothing until a piece is asked for.
"""

from __future__ import annotations

import bisect
import itertools
import marshal
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: Entries to a piece: unpacking one takes about a millisecond (two at most on a busy
#: machine), and 200 entries compress nearly as well as 1,000 (3.9 against 3.8 MiB).
PIECE = 200
#: zlib's fastest level: level 6 packs 10% smaller and takes four times as long.
_LEVEL = 1
#: marshal's format (4: Python 3.4 and later; a piece is read back only by the same code).
_MARSHAL_VERSION = 4

Value = tuple[str, ...]
#: What :meth:`PackedTable.parts` gives and :meth:`PackedTable.from_parts` takes: the packed
#: pieces, the first key of each, and the number of entries.
Parts = tuple[tuple[bytes, ...], tuple[str, ...], int]


class PackedTable(Mapping[str, Value]):
    """A mapping of strings to tuples of strings, in the order of its keys, kept packed."""

    __slots__ = ("_firsts", "_last", "_length", "_pieces")

    def __init__(self, pieces: tuple[bytes, ...], firsts: tuple[str, ...], length: int) -> None:
        self._pieces = pieces
        #: The first key of each piece, to find the piece a key would be in.
        self._firsts = firsts
        self._length = length
        #: The piece last unpacked, by its place: (place, piece). One attribute, replaced
        #: whole, so a thread reading it never sees a place with another piece.
        self._last: tuple[int, dict[str, Value]] = (-1, {})

    @classmethod
    def of(cls, table: Mapping[str, Value] | Iterable[tuple[str, Value]]) -> PackedTable:
        """``table`` packed (its items sorted by key)."""
        return cls.of_sorted(sorted(table.items() if isinstance(table, Mapping) else table))

    @classmethod
    def of_sorted(cls, items: Iterable[tuple[str, Value]]) -> PackedTable:
        """``items``, given in the order of their keys (each once), packed as they come: a
        piece at a time, so the items need never be all alive at once (a folder's links, read
        note by note, are packed by the hundred and let go: had they all been kept until the
        last note was read, the 2 KiB blocks of memory they leave half empty, one in every
        few, would have kept 60 MiB of a folder of 50,000 notes)."""
        pieces: list[bytes] = []
        firsts: list[str] = []
        length = 0
        remaining = iter(items)
        while part := dict(itertools.islice(remaining, PIECE)):
            pieces.append(_pack(part))
            firsts.append(next(iter(part)))
            length += len(part)
        return cls(tuple(pieces), tuple(firsts), length)

    @classmethod
    def from_parts(cls, parts: Any) -> PackedTable:
        """The table :meth:`parts` gave; ``ValueError`` if ``parts`` is not of that shape."""
        if type(parts) is not tuple or len(parts) != 3:
            raise ValueError("a packed table of the wrong shape")
        pieces, firsts, length = parts
        if (
            type(pieces) is not tuple
            or type(firsts) is not tuple
            or type(length) is not int
            or len(pieces) != len(firsts)
            or not all(type(piece) is bytes for piece in pieces)
            or not all(type(first) is str for first in firsts)
        ):
            raise ValueError("a packed table of the wrong shape")
        return cls(pieces, firsts, length)

    @property
    def parts(self) -> Parts:
        """What :meth:`from_parts` makes this table again from (bytes and strings only)."""
        return self._pieces, self._firsts, self._length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, key: str) -> Value:
        place = bisect.bisect_right(self._firsts, key) - 1
        if place < 0:
            raise KeyError(key)
        return self._piece(place)[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        place = bisect.bisect_right(self._firsts, key) - 1
        return place >= 0 and key in self._piece(place)

    def __iter__(self) -> Iterator[str]:
        for place in range(len(self._pieces)):
            yield from self._piece(place)

    def items(self) -> Iterator[tuple[str, Value]]:  # type: ignore[override]
        """Every entry, in the order of the keys, a piece unpacked at a time."""
        for place in range(len(self._pieces)):
            yield from self._piece(place).items()

    def values(self) -> Iterator[Value]:  # type: ignore[override]
        for place in range(len(self._pieces)):
            yield from self._piece(place).values()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        if isinstance(other, PackedTable):
            if self._pieces == other._pieces:
                return True
            if self._length != other._length:
                return False
            if self._firsts == other._firsts:  # the same cut: compare the pieces that differ
                return all(
                    mine == theirs or self._piece(place) == other._piece(place)
                    for place, (mine, theirs) in enumerate(
                        zip(self._pieces, other._pieces, strict=True)
                    )
                )
        return len(self) == len(other) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]

    def replaced(self, changes: Mapping[str, Value | None]) -> PackedTable:
        """This table with each key of ``changes`` given its value, or taken out where that is
        ``None``. Only the pieces the keys fall in are unpacked and packed again."""
        if not changes:
            return self
        touched: dict[int, list[str]] = {}
        for key in changes:
            place = max(bisect.bisect_right(self._firsts, key) - 1, 0)
            touched.setdefault(place, []).append(key)
        pieces: list[bytes] = []
        firsts: list[str] = []
        length = self._length
        for place, (piece, first) in enumerate(zip(self._pieces, self._firsts, strict=True)):
            if place not in touched:
                pieces.append(piece)
                firsts.append(first)
                continue
            entries = dict(self._piece(place))
            length -= len(entries)
            for key in touched.pop(place):
                if (value := changes[key]) is None:
                    entries.pop(key, None)
                else:
                    entries[key] = value
            length += len(entries)
            more = PackedTable.of(entries)
            pieces.extend(more._pieces)
            firsts.extend(more._firsts)
        if touched:  # an empty table: every key is new
            added = [(key, value) for key in touched[0] if (value := changes[key]) is not None]
            more = PackedTable.of(added)
            pieces.extend(more._pieces)
            firsts.extend(more._firsts)
            length = more._length
        return PackedTable(tuple(pieces), tuple(firsts), length)

    def _piece(self, place: int) -> dict[str, Value]:
        last_place, piece = self._last
        if last_place != place:
            piece = marshal.loads(zlib.decompress(self._pieces[place]))
            self._last = (place, piece)
        return piece

    def __repr__(self) -> str:
        return f"<PackedTable of {self._length} entries in {len(self._pieces)} pieces>"


def _pack(piece: dict[str, Value]) -> bytes:
    return zlib.compress(marshal.dumps(piece, _MARSHAL_VERSION), _LEVEL)
