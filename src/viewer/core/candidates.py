"""A folder's names prepared once for the quick switcher's queries, in a few long strings and
arrays rather than in objects of their own.

Each note is found under its names (its title, aliases and path), folded (case and diacritics
off, :mod:`viewer.core.fold`), one a line. Kept a note at a time (a named tuple, its folded
names, the same with the letters that do not start a word blanked, a pair of floats), they
took 452 bytes a note: 21.6 MiB of a folder of 50,000 notes whose names fold to 122 letters a
note. Here every note's names are in one string, followed by the letters that start a word in
them, each once (15 letters a note, not a copy of the names: where a word starts is found in
the names themselves when a place matters, :func:`viewer.core.fuzzy.word_start_search`), and
the numbers :mod:`viewer.core.ranking` reads in arrays: 185 bytes a note (8.8 MiB), of which
138 are letters and 8 the pointer to the note. The process keeps 9.5 MiB for them once what
preparing them freed is given back (:func:`viewer.app.interpreter.settle`), where it kept 18.
Ranking a query typed a letter at a time takes about as long as it did (4 % more, measured
over "mdl arch" and "trnsf att").

A string takes as many bytes a letter as its widest letter needs, so the names are kept in one
string per width (ASCII and Latin-1, the rest of the basic plane, the others): a note with an
emoji takes four bytes a letter without making every other note take four.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Final, Generic, TypeVar

from viewer.core.fold import fold
from viewer.core.fuzzy import PER_LETTER, best_in, odd_digits, word_starts

T = TypeVar("T")

#: Candidates whose names are joined into one piece as they are added: the long strings are
#: then joined from fifty pieces, not 50,000 names (which took 40 to 60 ms at once, too long
#: for one slice between the reader's events).
_PIECE: Final = 1_000
#: The least letter of each width past the first: a string below it takes a byte a letter,
#: below the next two, else four.
_WIDER: Final = ("\u0100", "\U00010000")


def _width(text: str) -> int:
    """Which of the strings by width holds ``text``."""
    if text.isascii():
        return 0
    widest = max(text)
    return sum(1 for least in _WIDER if widest >= least)


class Candidates(Generic[T]):
    """Things to find, each under one or more names, each name with a penalty taken off its
    score; their order breaks ties in a ranking. Built with :class:`CandidatesBuilder` or
    :meth:`of`; a place (``0 <= place < len``) stands for one of them.

    The names of place ``p`` are ``texts[widths[p]][firsts[p]:ends[p]]``, one a line; its
    places in that string (``firsts``, ``ends``, ``splits``) are what a ranking reads and
    hands back.
    """

    __slots__ = (
        "ends",
        "firsts",
        "items",
        "kinds",
        "marks",
        "odd",
        "penalty_kinds",
        "splits",
        "tails",
        "texts",
        "widths",
    )

    def __init__(
        self,
        items: Sequence[T],
        texts: tuple[str, str, str],
        widths: array[int],
        firsts: array[int],
        ends: array[int],
        marks: array[int],
        splits: array[int],
        tails: array[float],
        kinds: array[int],
        penalty_kinds: list[tuple[float, ...]],
        odd: str,
    ) -> None:
        self.items = items
        #: Every candidate's folded names, one a line, candidates one a line too, one string
        #: per width (see the module's description).
        self.texts = texts
        #: Which of ``texts`` holds each candidate's names.
        self.widths = widths
        #: Where each candidate's names begin and end in its string.
        self.firsts = firsts
        self.ends = ends
        #: After the names and a line break, the letters that start a word in its names
        #: before its split, each once, a line break, those in the names from it, and a line
        #: break: where the two lines meet. The bound of :mod:`viewer.core.ranking` asks of
        #: every candidate that may match whether a letter starts a word in either part; these
        #: answer it with ``str.find`` (40 ns) where a search of the names takes 200 ns or
        #: more (making a key's ranking take 1.6 times as long), for 15 bytes a note.
        self.marks = marks
        #: Where the names that score less begin (a path, after a title and its aliases):
        #: the first name with a penalty above the first name's, and those after it; one past
        #: ``ends`` if none. The bound of :mod:`viewer.core.ranking` takes the names before
        #: and from here apart, the letters of one never adding to the other.
        self.splits = splits
        #: Two a candidate: the most a name before its split, and one from it, keeps after its
        #: length and penalty are taken off (``-inf`` if there is none), the part of the
        #: score that does not depend on the query.
        self.tails = tails
        #: Each candidate's penalties, one a name, as a place in ``penalty_kinds``: a folder's
        #: notes have a few kinds between them (a title, a path, so many aliases).
        self.kinds = kinds
        self.penalty_kinds = penalty_kinds
        #: The :func:`viewer.core.fuzzy.odd_digits` of all the names (seldom any).
        self.odd = odd

    @classmethod
    def of(cls, candidates: Iterable[tuple[T, Sequence[tuple[str, float]]]]) -> Candidates[T]:
        """Each ``(item, names)``, a name with its penalty, in this order."""
        builder = CandidatesBuilder[T]()
        for item, names in candidates:
            builder.add(item, names)
        return builder.build()

    def __len__(self) -> int:
        return len(self.items)

    def text(self, place: int) -> str:
        """The string that holds the names of the candidate at ``place``."""
        return self.texts[self.widths[place]]

    def names(self, place: int) -> str:
        """Its folded names, one a line."""
        return self.texts[self.widths[place]][self.firsts[place] : self.ends[place]]

    def initials(self, place: int) -> tuple[str, str]:
        """The letters that start a word in its names before its split, and from it, each
        once (see ``marks``)."""
        text, mark = self.texts[self.widths[place]], self.marks[place]
        stop = text.find("\n", mark + 1)
        return text[self.ends[place] + 1 : mark], text[mark + 1 : stop if stop >= 0 else None]

    def penalties(self, place: int) -> tuple[float, ...]:
        """Taken off the score of its name at the same place."""
        return self.penalty_kinds[self.kinds[place]]

    def score(self, place: int, query: str) -> float | None:
        """The best of :func:`viewer.core.fuzzy.score` over its names, each less its penalty."""
        return self.score_words(place, fold(query).split())

    def score_words(
        self, place: int, words: Sequence[str], begin: int = 0, stop: int = sys.maxsize
    ) -> float | None:
        """:meth:`score` of a query already folded and split into ``words``; of the names that
        start from ``begin`` and before ``stop`` in its string alone, if given."""
        return self._best(place, words, begin, stop)[0]

    def best_name(self, place: int, words: Sequence[str]) -> int | None:
        """Which of its names (their place in :meth:`CandidatesBuilder.add`) scores best for
        ``words``: the one the reader may be told matched."""
        return self._best(place, words)[1]

    def _best(
        self, place: int, words: Sequence[str], begin: int = 0, stop: int = sys.maxsize
    ) -> tuple[float | None, int | None]:
        return best_in(
            words,
            self.texts[self.widths[place]],
            self.firsts[place],
            self.ends[place],
            self.penalty_kinds[self.kinds[place]],
            self.odd,
            begin,
            stop,
        )


class CandidatesBuilder(Generic[T]):
    """:class:`Candidates` a candidate at a time: their names are joined into the long strings
    a piece at a time, and the pieces by :meth:`build`."""

    def __init__(self) -> None:
        self._items: list[T] = []
        #: Of each width: the pieces joined, and the names since.
        self._pieces: tuple[list[str], list[str], list[str]] = ([], [], [])
        self._parts: tuple[list[str], list[str], list[str]] = ([], [], [])
        self._lengths = [0, 0, 0]
        self._widths = array("B")
        self._firsts = array("I")
        self._ends = array("I")
        self._marks = array("I")
        self._splits = array("I")
        self._tails = array("d")
        self._kinds = array("I")
        self._penalty_kinds: list[tuple[float, ...]] = []
        #: Each kind's place in ``_penalty_kinds``, and where its split is (see
        #: Candidates.splits): the place of its first penalty above the first.
        self._known: dict[tuple[float, ...], tuple[int, int]] = {}
        self._odd: set[str] = set()

    def __len__(self) -> int:
        return len(self._widths)

    def add(self, item: T, names: Sequence[tuple[str, float]]) -> None:
        """``item`` under ``names``, each with the penalty taken off its score."""
        self._items.append(item)
        self.add_names(names)

    def add_names(self, names: Sequence[tuple[str, float]]) -> None:
        """The next candidate, under ``names``; its item is given to :meth:`build`."""
        folded = [fold(name.replace("\n", " ")) for name, _ in names]
        penalties = tuple(penalty for _, penalty in names)
        kind, apart = self._kind(penalties)
        kept = [
            -PER_LETTER * len(name) - penalty
            for name, penalty in zip(folded, penalties, strict=True)
        ]
        text = "\n".join(folded)
        split = sum(map(len, folded[:apart])) + apart
        starts = word_starts(text)
        self._add(
            text,
            (_once(starts[:split]), _once(starts[split:])),
            kind,
            split,
            max(kept[:apart], default=-math.inf),
            max(kept[apart:], default=-math.inf),
        )

    def copy(self, item: T, source: Candidates[T], place: int) -> None:
        """``item`` under the names the candidate at ``place`` of ``source`` has (the same
        names as when it was added there, not folded again)."""
        self._items.append(item)
        self.copy_names(source, place)

    def copy_names(self, source: Candidates[T], place: int) -> None:
        """The next candidate, under the names of the one at ``place`` of ``source``."""
        first = source.firsts[place]
        kind, _ = self._kind(source.penalties(place))
        self._add(
            source.names(place),
            source.initials(place),
            kind,
            source.splits[place] - first,
            source.tails[2 * place],
            source.tails[2 * place + 1],
        )

    def build(self, items: Sequence[T] | None = None) -> Candidates[T]:
        """The candidates added, in the order they were added; ``items`` are theirs if they
        were added by their names alone (a sequence that makes each when asked: a folder's
        notes by title, not 50,000 entries kept)."""
        if items is None:
            items = self._items
        if len(items) != len(self):
            raise ValueError(f"{len(items)} items for {len(self)} candidates")
        texts = (self._joined(0), self._joined(1), self._joined(2))
        return Candidates(
            items,
            texts,
            self._widths,
            self._firsts,
            self._ends,
            self._marks,
            self._splits,
            self._tails,
            self._kinds,
            self._penalty_kinds,
            "".join(sorted(self._odd)),
        )

    def _joined(self, width: int) -> str:
        pieces, parts = self._pieces[width], self._parts[width]
        return "\n".join([*pieces, "\n".join(parts)] if parts else pieces)

    def _kind(self, penalties: tuple[float, ...]) -> tuple[int, int]:
        if (known := self._known.get(penalties)) is None:
            apart = next(
                (at for at, penalty in enumerate(penalties) if penalty > penalties[0]),
                len(penalties),
            )
            known = self._known[penalties] = (len(self._penalty_kinds), apart)
            self._penalty_kinds.append(penalties)
        return known

    def _add(
        self,
        text: str,
        initials: tuple[str, str],
        kind: int,
        split: int,
        head_tail: float,
        rest_tail: float,
    ) -> None:
        width = _width(text)
        if width:
            self._odd.update(odd_digits(text))
        head, rest = initials
        first = self._lengths[width]
        end = first + len(text)
        mark = end + 1 + len(head)
        self._lengths[width] = mark + 1 + len(rest) + 1
        parts = self._parts[width]
        parts.append(f"{text}\n{head}\n{rest}")
        if len(parts) >= _PIECE:
            self._pieces[width].append("\n".join(parts))
            parts.clear()
        self._widths.append(width)
        self._firsts.append(first)
        self._ends.append(end)
        self._marks.append(mark)
        self._splits.append(first + split)
        self._tails.append(head_tail)
        self._tails.append(rest_tail)
        self._kinds.append(kind)


def _once(starts: str) -> str:
    """The letters of :func:`viewer.core.fuzzy.word_starts` (not the blanks, nor the line
    breaks between names), each once."""
    return "".join(dict.fromkeys(starts.replace(" ", "").replace("\n", "")))
