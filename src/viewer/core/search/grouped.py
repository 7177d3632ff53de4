"""A query's hits grouped by note, read a page at a time: the notes in order, with their counts.

Ranking every passage that matches is most of a query's time (a word in 43,000 notes of
50,000: 93,665 passages, 110 of its 150 ms). The window lists the hits note by note, a page of
100 at a time, and says how many there are in all: one pass ranks every passage and keeps only
the best notes, a few pages' worth, how many hits each has, and how many notes and hits there
are in all (:class:`NoteOrder`); a page then ranks the passages of its own notes only. The
index keeps the last query's order until the file changes, so the counts and the next pages
cost no second pass until the reader scrolls past the notes kept.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from viewer.core.search.rows import ROWID_BITS

#: A row of :func:`~viewer.core.search.statements.ranked_notes_sql`: note, hits, best,
#: notes in all, hits in all.
NoteRow = tuple[int, int, "float | None", int, int]


def note_rows(ranks: Iterable[tuple[int, float | None]]) -> list[NoteRow]:
    """The rows :func:`~viewer.core.search.statements.ranked_notes_sql` would give for the
    passages of ``ranks`` (rowid and rank, None when unranked), every note of them."""
    best: dict[int, float] = {}
    hits: dict[int, int] = {}
    for rowid, rank in ranks:
        note = rowid >> ROWID_BITS
        score = 0.0 if rank is None else rank
        if note not in hits:
            best[note], hits[note] = score, 1
        else:
            hits[note] += 1
            if score < best[note]:
                best[note] = score
    total = sum(hits.values())
    ordered = sorted(hits, key=lambda note: (best[note], note))
    return [(note, hits[note], best[note], len(hits), total) for note in ordered]


@dataclass(frozen=True, slots=True)
class NoteOrder:
    """The best notes a query finds, in order, how many hits each has, and how many there
    are in all."""

    #: Note ids (``notes.id``), best first.
    notes: array[int]
    #: Hits of each note, in the same order.
    counts: array[int]
    #: Notes and hits in all (the notes kept can be fewer).
    notes_in_all: int
    hits_in_all: int
    #: Where each note's hits start in the whole list.
    starts: array[int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", array("q", accumulate(self.counts, initial=0)))

    @classmethod
    def merged(cls, parts: Sequence[Sequence[NoteRow]], keep: int) -> NoteOrder:
        """The order of the notes of ``parts`` (each best first, of notes apart), the best
        ``keep`` of them kept."""
        rows = sorted(
            (row for part in parts for row in part), key=lambda row: (row[2] or 0.0, row[0])
        )[:keep]
        return cls(
            array("q", (row[0] for row in rows)),
            array("q", (row[1] for row in rows)),
            sum(part[0][3] for part in parts if part),
            sum(part[0][4] for part in parts if part),
        )

    @property
    def complete(self) -> bool:
        return len(self.notes) == self.notes_in_all

    def covers(self, end: int) -> bool:
        """Whether the notes kept hold every hit before the ``end``-th."""
        return self.complete or self.starts[-1] >= end

    def page(self, offset: int, limit: int) -> tuple[int, list[int], int]:
        """The notes whose hits make the page of ``limit`` from the ``offset``-th hit on: where
        the first is in the order, the notes, and how many hits of the first came on earlier
        pages. The notes kept must cover the page (:meth:`covers`)."""
        if offset >= self.starts[-1] or limit <= 0:
            return 0, [], 0
        first = bisect.bisect_right(self.starts, offset) - 1
        last = bisect.bisect_left(self.starts, offset + limit, first + 1) - 1
        return first, list(self.notes[first : last + 1]), offset - self.starts[first]
