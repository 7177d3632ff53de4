"""Fuzzy matching for the quick switcher: "mdl arch" finds "Model architectures in AI".

Each word of the query must appear in the name as a subsequence (its letters in order, gaps
allowed); words may come in any order. Letters that start a word of the name, and letters that
follow the previous matched letter, score more, so "ma" prefers "Model Architectures" to
"format". Case and diacritics do not count: "cafe" finds "Café" (:mod:`viewer.core.fold`).

:func:`score` says the rule plainly, one name at a time. A :class:`Candidate` is a note's names
prepared once for many queries; its :meth:`Candidate.score` gives the same numbers faster, and
:func:`rank` (with :mod:`viewer.core.ranking`, which ranks a whole folder in short steps)
orders candidates by it.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Generic, NamedTuple, TypeVar

from viewer.core.fold import fold

T = TypeVar("T")

MATCH = 1.0
WORD_START = 8.0
CONSECUTIVE = 5.0
FIRST_LETTER = 4.0  # a match at the very start of the name
GAP = 0.1  # per letter skipped between two matched letters
MAX_STARTS = 6  # places the first letter of a word is tried at; the rest follow greedily
#: Between equal matches, the shorter name is the closer one: this much off per letter.
PER_LETTER = 0.01

#: What a prepared name has in place of a letter that does not start a word (never a letter
#: of a query word: the query is split at white space).
_BLANK = " "
#: In folded ASCII text, a letter that does not start a word: after a letter (unless it is a
#: digit), or a digit after a digit. The same rule as :func:`_starts_word`, run in C.
_NOT_STARTING = re.compile(r"(?<=[a-z])[^0-9]|(?<=[0-9])[0-9]")


def _starts_word(text: str, place: int) -> bool:
    """A letter or digit after a space, a mark or an underscore (paths: "letting_rivers"), or
    where digits and letters meet ("2024talk"). Asked of a few places only, never of all."""
    if place == 0:
        return True
    before = text[place - 1]
    return not before.isalnum() or before.isdigit() != text[place].isdigit()


def word_starts(text: str) -> str:
    """``text`` (folded) with every letter that does not start a word blanked: the letters
    left are where :func:`_starts_word` holds, at the same places."""
    if text.isascii():
        return _NOT_STARTING.sub(_BLANK, text)
    return "".join(
        letter if _starts_word(text, place) else _BLANK for place, letter in enumerate(text)
    )


class Folded:
    """A name prepared once for many queries."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def of(cls, name: str) -> Folded:
        return cls(fold(name))

    @property
    def starts(self) -> frozenset[int]:
        """Where its words start."""
        text = self.text
        return frozenset(
            place
            for place in range(len(text))
            if text[place].isalnum() and _starts_word(text, place)
        )


def _begins(word: str, text: str) -> list[int]:
    """Where a match of ``word`` may best begin: its first letter's first place, where a word
    of the name starts with it, and where the whole word stands (all letters consecutive)."""
    letter = word[0]
    first = text.find(letter)
    if first < 0:
        return []
    begins = [first]
    place = text.find(letter, first + 1)
    while place >= 0 and len(begins) < MAX_STARTS:
        if _starts_word(text, place):
            begins.append(place)
        place = text.find(letter, place + 1)
    if (whole := text.find(word)) >= 0 and whole not in begins:
        begins.append(whole)
        begins.sort()
    return begins


def _word_score(word: str, text: str) -> float | None:
    best: float | None = None
    for begin in _begins(word, text):
        score = MATCH + (WORD_START if _starts_word(text, begin) else 0.0)
        score += FIRST_LETTER if begin == 0 else 0.0
        previous = begin
        for letter in word[1:]:
            position = text.find(letter, previous + 1)
            if position < 0:
                return best  # later beginnings cannot fit either
            score += MATCH
            if position == previous + 1:
                score += CONSECUTIVE
            else:
                score -= GAP * (position - previous - 1)
                if _starts_word(text, position):
                    score += WORD_START
            previous = position
        if best is None or score > best:
            best = score
    return best


def score(query: str, name: Folded | str) -> float | None:
    """How well ``query`` matches ``name``: ``None`` if it does not, higher is better."""
    folded = name if isinstance(name, Folded) else Folded.of(name)
    words = fold(query).split()
    if not words:
        return 0.0
    total = 0.0
    for word in words:
        found = _word_score(word, folded.text)
        if found is None:
            return None
        total += found
    # Between equal matches, the shorter name is the closer one.
    return total - PER_LETTER * len(folded.text)


def _word_in(word: str, text: str, starts: str, start: int, end: int) -> float | None:
    """:func:`_word_score` of ``word`` in the name at ``text[start:end]``, without slicing it:
    the same steps and the same arithmetic, so the same number; ``starts`` is
    :func:`word_starts` of ``text``, which answers "does a word start here?" by looking."""
    letter = word[0]
    first = text.find(letter, start, end)
    if first < 0:
        return None
    if len(word) == 1:  # the best beginning is the first word start, if any
        if starts.find(letter, first, end) < 0:
            return MATCH
        return MATCH + WORD_START + (FIRST_LETTER if first == start else 0.0)
    begins = [first]
    place = starts.find(letter, first + 1, end)
    while place >= 0 and len(begins) < MAX_STARTS:
        begins.append(place)
        place = starts.find(letter, place + 1, end)
    if (whole := text.find(word, start, end)) >= 0 and whole not in begins:
        begins.append(whole)
        begins.sort()
    best: float | None = None
    rest = word[1:]
    for begin in begins:
        score = MATCH + (WORD_START if starts[begin] != _BLANK else 0.0)
        score += FIRST_LETTER if begin == start else 0.0
        previous = begin
        for letter in rest:
            position = text.find(letter, previous + 1, end)
            if position < 0:
                return best
            score += MATCH
            if position == previous + 1:
                score += CONSECUTIVE
            else:
                score -= GAP * (position - previous - 1)
                if starts[position] != _BLANK:
                    score += WORD_START
            previous = position
        if best is None or score > best:
            best = score
    return best


#: Penalty tuples are few and shared by many candidates: one object each.
_PENALTIES: dict[tuple[float, ...], tuple[float, ...]] = {}
_TAILS: dict[tuple[float, float], tuple[float, float]] = {}
#: The place of the first name with a penalty above the first's, by penalties.
_APART: dict[tuple[float, ...], int] = {}


class Candidate(NamedTuple, Generic[T]):
    """Something to find, under one or more names (a note: its title, aliases and path)."""

    item: T
    #: The folded names, one a line: a regular expression rules most candidates out at once.
    text: str
    #: ``text`` with the letters that do not start a word blanked (:func:`word_starts`).
    starts: str
    #: Taken off the score of the name at the same place.
    penalties: tuple[float, ...]
    #: Where in ``text`` the names that score less begin (a path, after a title and its
    #: aliases): the first name with a penalty above the first name's, and those after it;
    #: past the end of ``text`` if none. The bound of :mod:`viewer.core.ranking` takes the
    #: names before and from here apart, the letters of one never adding to the other.
    split: int
    #: The most a name before ``split``, and one from it, keeps after its length and penalty
    #: are taken off (``-inf`` if there is none): the part of the score that does not depend
    #: on the query.
    tails: tuple[float, float]

    @classmethod
    def of(cls, item: T, names: Sequence[tuple[str, float]]) -> Candidate[T]:
        folded = [fold(name.replace("\n", " ")) for name, _ in names]
        text = "\n".join(folded)
        penalties = tuple(penalty for _, penalty in names)
        if (apart := _APART.get(penalties)) is None:
            penalties = _PENALTIES.setdefault(penalties, penalties)
            apart = _APART[penalties] = next(
                (at for at, penalty in enumerate(penalties) if penalty > penalties[0]),
                len(penalties),
            )
        else:
            penalties = _PENALTIES[penalties]
        split = sum(map(len, folded[:apart])) + apart
        kept = [
            -PER_LETTER * len(name) - penalty
            for name, penalty in zip(folded, penalties, strict=True)
        ]
        tails = (max(kept[:apart], default=-math.inf), max(kept[apart:], default=-math.inf))
        tails = _TAILS.setdefault(tails, tails)
        return cls(item, text, word_starts(text), penalties, split, tails)

    @property
    def tail(self) -> float:
        """The most any of its names keeps after its length and penalty are taken off."""
        return max(self.tails)

    def score(self, query: str) -> float | None:
        """The best of :func:`score` over its names, each less its penalty."""
        return self.score_words(fold(query).split())

    def score_words(
        self, words: Sequence[str], begin: int = 0, stop: int = sys.maxsize
    ) -> float | None:
        """:meth:`score` of a query already folded and split into ``words``; of the names
        that start from ``begin`` and before ``stop`` in ``text`` alone, if given."""
        return self._best(words, begin, stop)[0]

    def best_name(self, words: Sequence[str]) -> int | None:
        """Which of its names (their place in :meth:`of`) scores best for ``words``: the one
        the reader may be told matched."""
        return self._best(words)[1]

    def _best(
        self, words: Sequence[str], begin: int = 0, stop: int = sys.maxsize
    ) -> tuple[float | None, int | None]:
        penalties = self.penalties
        if not words:
            found = max((0.0 - penalty for penalty in penalties), default=None)
            return found, None if found is None else penalties.index(-found)
        text, starts = self.text, self.starts
        best: float | None = None
        which: int | None = None
        start = 0
        for place, penalty in enumerate(penalties):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            if start < begin or start >= stop:  # a name not looked at
                start = end + 1
                continue
            total = 0.0
            for word in words:
                found = _word_in(word, text, starts, start, end)
                if found is None:
                    break
                total += found
            else:
                value = (total - PER_LETTER * (end - start)) - penalty
                if best is None or value > best:
                    best, which = value, place
            start = end + 1
        return best, which


def rank(query: str, candidates: Iterable[Candidate[T]], limit: int) -> list[T]:
    """The ``limit`` best matches of ``query``, best first; ties keep the candidates' order."""
    from viewer.core.ranking import Ranking
    from viewer.core.stepwise import finish

    ranking = Ranking(list(candidates), query, limit)
    finish(ranking.steps())
    return ranking.results
