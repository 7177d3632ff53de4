"""Fuzzy matching for the quick switcher: "mdl arch" finds "Model architectures in AI".

Each word of the query must appear in the name as a subsequence (its letters in order, gaps
allowed); words may come in any order. Letters that start a word of the name, and letters that
follow the previous matched letter, score more, so "ma" prefers "Model Architectures" to
"format". Case and diacritics do not count: "cafe" finds "Café" (:mod:`viewer.core.fold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from viewer.core.fold import fold

T = TypeVar("T")

MATCH = 1.0
WORD_START = 8.0
CONSECUTIVE = 5.0
FIRST_LETTER = 4.0  # a match at the very start of the name
GAP = 0.1  # per letter skipped between two matched letters
MAX_STARTS = 6  # places the first letter of a word is tried at; the rest follow greedily


def _starts_word(text: str, place: int) -> bool:
    """A letter or digit after a space, a mark or an underscore (paths: "letting_rivers"), or
    where digits and letters meet ("2024talk"). Asked of a few places only, never of all."""
    if place == 0:
        return True
    before = text[place - 1]
    return not before.isalnum() or before.isdigit() != text[place].isdigit()


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
    return total - 0.01 * len(folded.text)


@dataclass(frozen=True, slots=True)
class Candidate(Generic[T]):
    """Something to find, under one or more names (a note: its title, aliases and path)."""

    item: T
    names: tuple[Folded, ...]
    penalties: tuple[float, ...]  # taken off the score of the name at the same place
    joined: str  # the names one a line: a regular expression rules most candidates out at once

    @classmethod
    def of(cls, item: T, names: Sequence[tuple[str, float]]) -> Candidate[T]:
        folded = tuple(Folded.of(name.replace("\n", " ")) for name, _ in names)
        return cls(
            item,
            folded,
            tuple(penalty for _, penalty in names),
            "\n".join(name.text for name in folded),
        )

    def score(self, query: str) -> float | None:
        best: float | None = None
        for name, penalty in zip(self.names, self.penalties, strict=True):
            found = score(query, name)
            if found is not None and (best is None or found - penalty > best):
                best = found - penalty
        return best


def rank(query: str, candidates: Iterable[Candidate[T]], limit: int) -> list[T]:
    """The ``limit`` best matches of ``query``, best first; ties keep the candidates' order."""
    # Each word's letters in order within one name: the test every match passes, run in C.
    patterns = [
        re.compile("[^\n]*?".join(re.escape(letter) for letter in word))
        for word in fold(query).split()
    ]
    scored = [
        (found, order, candidate.item)
        for order, candidate in enumerate(candidates)
        if all(pattern.search(candidate.joined) for pattern in patterns)
        and (found := candidate.score(query)) is not None
    ]
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    return [item for _, _, item in scored[:limit]]
