"""Fuzzy matching for the quick switcher: "mdl arch" finds "Model architectures in AI".

Each word of the query must appear in the name as a subsequence (its letters in order, gaps
allowed); words may come in any order. Letters that start a word of the name, and letters that
follow the previous matched letter, score more, so "ma" prefers "Model Architectures" to
"format". Case and diacritics do not count: "cafe" finds "Café" (:mod:`viewer.core.fold`).

:func:`score` says the rule plainly, one name at a time. :func:`best_in` gives the same
numbers faster, for names folded once for many queries (:mod:`viewer.core.candidates` holds a
folder's), and :func:`rank` (with :mod:`viewer.core.ranking`, which ranks a whole folder in
short steps) orders candidates by it.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, TypeVar

from viewer.core.fold import fold

if TYPE_CHECKING:
    from viewer.core.candidates import Candidates

T = TypeVar("T")

MATCH: Final = 1.0
WORD_START: Final = 8.0
CONSECUTIVE: Final = 5.0
FIRST_LETTER: Final = 4.0  # a match at the very start of the name
GAP: Final = 0.1  # per letter skipped between two matched letters
MAX_STARTS: Final = 6  # places the first letter of a word is tried at; the rest follow greedily
#: Between equal matches, the shorter name is the closer one: this much off per letter.
PER_LETTER: Final = 0.01

#: What a prepared name has in place of a letter that does not start a word (never a letter
#: of a query word: the query is split at white space).
_BLANK: Final = " "
#: In folded ASCII text, a letter that does not start a word: after a letter (unless it is a
#: digit), or a digit after a digit. The same rule as :func:`_starts_word`, run in C.
_NOT_STARTING: Final = re.compile(r"(?<=[a-z])[^0-9]|(?<=[0-9])[0-9]")


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


def odd_digits(text: str) -> str:
    """The characters of ``text`` that are digits to :func:`_starts_word` (``str.isdigit``)
    but not to a regular expression's ``\\d`` (``str.isdecimal``): "❶", a superscript. Folded
    names seldom hold any (folding makes most of them plain digits); :func:`word_start_search`
    needs them to answer as :func:`_starts_word` does."""
    if text.isascii():
        return ""
    return "".join(sorted(c for c in set(text) if c.isdigit() and not c.isdecimal()))


#: Where a letter is found in ``text[start:end]``: ``search(text, start, end)``.
Search = Callable[[str, int, int], re.Match[str] | None]


@functools.lru_cache(maxsize=4096)
def word_start_search(letter: str, odd: str = "") -> Search:
    """A search for ``letter`` where it starts a word (:func:`_starts_word`), in text whose
    :func:`odd_digits` are among ``odd``: ``search(text, start, end)``, which may look at the
    letter before ``start``.

    What :func:`word_starts` would keep, found in the text itself, so prepared names need no
    second string of word starts (half their memory). A letter does not start a word after a
    letter or digit, unless one of the two is a digit and the other not: the letter is searched
    for first (found in C as fast as ``str.find``: about 200 ns in a note's names, where a
    look-behind first takes 3 µs), then what stands before it is looked at. ``\\w`` is what
    ``str.isalnum`` holds and ``_``, ``\\d`` what ``str.isdecimal`` holds; ``odd`` adds the
    other digits.
    """
    escaped = re.escape(letter)
    odd = re.escape(odd)
    inside = f"[\\d{odd}]" if letter.isdigit() else f"[^\\W\\d_{odd}]"
    return re.compile(f"{escaped}(?<!{inside}{escaped})").search


def _word_in(word: str, text: str, start: int, end: int, odd: str) -> float | None:
    """:func:`_word_score` of ``word`` in the name at ``text[start:end]``, without slicing it:
    the same steps and the same arithmetic, so the same number. ``odd`` are ``text``'s
    :func:`odd_digits` (see :func:`word_start_search`)."""
    letter = word[0]
    first = text.find(letter, start, end)
    if first < 0:
        return None
    at_start = word_start_search(letter, odd)
    if len(word) == 1:  # the best beginning is the first word start, if any
        if at_start(text, first, end) is None:
            return MATCH
        return MATCH + WORD_START + (FIRST_LETTER if first == start else 0.0)
    begins = [first]
    found = at_start(text, first + 1, end)
    while found is not None and len(begins) < MAX_STARTS:
        place = found.start()
        begins.append(place)
        found = at_start(text, place + 1, end)
    if (whole := text.find(word, start, end)) >= 0 and whole not in begins:
        begins.append(whole)
        begins.sort()
    best: float | None = None
    rest = word[1:]
    for begin in begins:
        score = MATCH + (WORD_START if _starts_word(text, begin) else 0.0)
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
                if _starts_word(text, position):
                    score += WORD_START
            previous = position
        if best is None or score > best:
            best = score
    return best


def best_in(
    words: Sequence[str],
    text: str,
    start: int,
    last: int,
    penalties: Sequence[float],
    odd: str,
    begin: int = 0,
    stop: int = sys.maxsize,
) -> tuple[float | None, int | None]:
    """The best of :func:`score` over the names at ``text[start:last]``, one a line, each
    less its penalty, and which of them scored it: of the names that start from ``begin`` and
    before ``stop`` alone, if given (places in ``text``). ``odd`` are ``text``'s
    :func:`odd_digits`."""
    if not words:
        found = max((0.0 - penalty for penalty in penalties), default=None)
        return found, None if found is None else list(penalties).index(-found)
    best: float | None = None
    which: int | None = None
    for place, penalty in enumerate(penalties):
        end = text.find("\n", start, last)
        if end < 0:
            end = last
        if start < begin or start >= stop:  # a name not looked at
            start = end + 1
            continue
        total = 0.0
        for word in words:
            found = _word_in(word, text, start, end, odd)
            if found is None:
                break
            total += found
        else:
            value = (total - PER_LETTER * (end - start)) - penalty
            if best is None or value > best:
                best, which = value, place
        start = end + 1
    return best, which


def rank(query: str, candidates: Candidates[T], limit: int) -> list[T]:
    """The ``limit`` best matches of ``query``, best first; ties keep the candidates' order."""
    from viewer.core.ranking import Ranking
    from viewer.core.stepwise import finish

    ranking = Ranking(candidates, query, limit)
    finish(ranking.steps())
    return ranking.results
