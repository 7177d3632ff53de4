"""Fuzzy matching for the quick switcher: "mdl arch" finds "Model architectures in AI".

Each word of the query must appear in the name as a subsequence (its letters in order, gaps
allowed); words may come in any order. Letters that start a word of the name, and letters that
follow the previous matched letter, score more, so "ma" prefers "Model Architectures" to
"format". Case and diacritics do not count: "cafe" finds "Café".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

MATCH = 1.0
WORD_START = 8.0
CONSECUTIVE = 5.0
FIRST_LETTER = 4.0  # a match at the very start of the name
GAP = 0.1  # per letter skipped between two matched letters
MAX_STARTS = 6  # where the first letter of a word is tried; the rest follow greedily


def fold(text: str) -> str:
    """Lower-case and without diacritics (é → e, ß → ss); one letter of ``text`` may become
    more than one, which is harmless here since only folded text is compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _word_starts(name: str) -> frozenset[int]:
    starts = set()
    previous = ""
    for position, char in enumerate(name):
        # A letter after a space or a mark, or where digits and letters meet ("2024talk").
        if char.isalnum() and (not previous.isalnum() or char.isdigit() != previous.isdigit()):
            starts.add(position)
        previous = char
    return frozenset(starts)


@dataclass(frozen=True, slots=True)
class Folded:
    """A name prepared once for many queries."""

    text: str
    starts: frozenset[int]

    @classmethod
    def of(cls, name: str) -> Folded:
        text = fold(name)
        return cls(text, _word_starts(text))


def _word_score(word: str, name: Folded) -> float | None:
    text, starts = name.text, name.starts
    best: float | None = None
    begin = text.find(word[0])
    tried = 0
    while begin >= 0 and tried < MAX_STARTS:
        tried += 1
        score = MATCH + (WORD_START if begin in starts else 0.0)
        score += FIRST_LETTER if begin == 0 else 0.0
        previous = begin
        for letter in word[1:]:
            position = text.find(letter, previous + 1)
            if position < 0:
                return best  # later starts cannot fit either
            score += MATCH
            if position == previous + 1:
                score += CONSECUTIVE
            else:
                score -= GAP * (position - previous - 1)
                if position in starts:
                    score += WORD_START
            previous = position
        if best is None or score > best:
            best = score
        begin = text.find(word[0], begin + 1)
    return best


def score(query: str, name: Folded | str) -> float | None:
    """How well ``query`` matches ``name``: ``None`` if it does not, higher is better."""
    folded = name if isinstance(name, Folded) else Folded.of(name)
    words = fold(query).split()
    if not words:
        return 0.0
    total = 0.0
    for word in words:
        found = _word_score(word, folded)
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

    @classmethod
    def of(cls, item: T, names: Sequence[tuple[str, float]]) -> Candidate[T]:
        return cls(
            item,
            tuple(Folded.of(name) for name, _ in names),
            tuple(penalty for _, penalty in names),
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
    scored = [
        (found, order, candidate.item)
        for order, candidate in enumerate(candidates)
        if (found := candidate.score(query)) is not None
    ]
    scored.sort(key=lambda hit: (-hit[0], hit[1]))
    return [item for _, _, item in scored[:limit]]
