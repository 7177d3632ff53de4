"""The quick switcher's ranking of a whole folder, in short steps: the best first, the same
order as :func:`viewer.core.fuzzy.rank` gives, with less work.

Scoring every name in Python takes a quarter of a second for 50,000 notes, so a ranking does
less, and does it a step at a time (:mod:`viewer.core.stepwise`):

1. A first look: the best the previous query scored and the 150 it bounded highest (when this
   query only narrows it) and the first candidates, else the first 150, scored at once;
   their best are the first results, and the last of them a floor the final best cannot be
   below. After "trn", "trns" starts from a floor of 28.5, its final one (21.6 from the best
   of "trn" alone).
2. A regular expression per word rules out, in C, every candidate that cannot match; each one
   left gets a bound: the most it could score, from which of the query's letters start one of
   its words, in its names before its ``split`` (a title and its aliases) and from it (its
   path) apart (:meth:`Ranking.bound`). Those whose bound is below the floor are set aside.
3. Candidates are scored in the order of their bounds, highest first, until the next bound is
   below the last of the best so far: none after it could enter. A candidate first comes off
   with a closer bound worked out name by name (:meth:`Ranking.closer_bound`), and is scored,
   in the names whose closer bound can enter, only if that is still the highest. For a
   one-letter query the bound is nearly the score, so not many more than the best 50 of
   50,000 are scored.
4. The results are final (``settled``). A query that adds letters or words to the one before
   set aside in step 2, unsearched, the candidates whose bound kept, with the most the
   letters added can add, is below the floor: none of them can enter. Whether they match,
   and their bounds, for the next query to narrow, are worked out now, in steps of their
   own, after the results (``done``).

The module is compiled with mypyc (setup.py), as are :mod:`viewer.core.fuzzy` and
:mod:`viewer.core.candidates`: its constants are ``Final`` (compiled, a name read from the
module's namespace is a lookup in a dict each time, a ``Final`` one a constant) and what it
calls for each candidate are methods of small classes, not closures (called directly, not
through Python's calling convention). Run as Python, it ranks the same.

A query that only narrows an earlier one (each earlier word is within a word of the new one,
as when a letter or a word is typed) looks only at what the earlier one let through. When it
only adds letters or words, it adds what they score at most to the bounds the earlier one
kept, and looks for them in each name from where the earlier one's closer bound ended, rather
than working both out again.
"""

from __future__ import annotations

import heapq
import math
import re
import struct
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, TypeVar

from viewer.core.candidates import Candidates
from viewer.core.fold import fold
from viewer.core.fuzzy import (
    CONSECUTIVE,
    FIRST_LETTER,
    GAP,
    MATCH,
    PER_LETTER,
    WORD_START,
    Search,
    word_start_search,
)
from viewer.core.stepwise import Steps

T = TypeVar("T")

#: Candidates scored for the first results, when there is no earlier query to start from.
FIRST_LOOK: Final = 150
#: Candidates of the first look scored between two steps (a few milliseconds).
FIRST_LOOK_STEP: Final = 50
#: Candidates looked at between two steps (filtered and bounded, or scored).
FILTER_STEP: Final = 300
#: The share of those searched that match above which those that cannot enter are not.
LAZY_MATCHED: Final = 0.85
SCORE_STEP: Final = 60  # in fours of a score; the closer bound counts one
#: The bound is kept this far above any score it bounds (the two add in another order).
_SLACK: Final = 1e-6
#: The most a letter after a word's first can add: on a word start past a gap of one, or
#: right after the letter before it.
_AT_START: Final = MATCH - GAP + WORD_START
_ALONG: Final = MATCH + CONSECUTIVE
_APART: Final = MATCH - GAP


def words_of(query: str) -> list[str]:
    """The query as the ranking reads it: folded, split at white space."""
    return fold(query).split()


def _within(word: str, other: str) -> bool:
    """Whether ``word``'s letters are in ``other`` in order (then ``other`` matches only
    where ``word`` does)."""
    letters = iter(other)
    return all(letter in letters for letter in word)


def narrows(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """Whether every candidate that matches the words ``later`` matches ``earlier`` too."""
    return all(any(_within(word, other) for other in later) for word in earlier)


def _added(earlier: Sequence[str], later: Sequence[str]) -> list[tuple[str, int]] | None:
    """What ``later`` adds to ``earlier`` if it only adds letters to its last word, or words
    after it: each word with letters added and the place of the first, else ``None``."""
    count = len(earlier)
    if (
        not count
        or len(later) < count
        or later[: count - 1] != earlier[: count - 1]
        or not later[count - 1].startswith(earlier[-1])
    ):
        return None
    return [(later[count - 1], len(earlier[-1])), *((word, 0) for word in later[count:])]


class _Best:
    """The ``limit`` best ``(score, place)`` seen, a higher score first, then an earlier place."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._heap: list[tuple[float, int]] = []  # (score, -place): the worst on top

    def add(self, score: float, place: int) -> None:
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, (score, -place))
        elif (score, -place) > self._heap[0]:
            heapq.heapreplace(self._heap, (score, -place))

    def full(self) -> bool:
        return len(self._heap) >= self.limit

    def worst(self) -> float:
        return self._heap[0][0]

    def places(self) -> list[int]:
        return [-place for _, place in sorted(self._heap, reverse=True)]


class Ranking(Generic[T]):
    """One query over :class:`Candidates` (in the order that breaks ties), run with
    :meth:`steps`. ``results`` holds the best so far; ``done`` says they are final.

    ``after`` is an earlier finished ranking of the same candidates: if this query narrows
    it, only what it let through is looked at, and its best are the first look.
    """

    def __init__(
        self,
        candidates: Candidates[T],
        query: str,
        limit: int,
        after: Ranking[T] | None = None,
    ) -> None:
        self.candidates = candidates
        self.query = query
        self.words = words_of(query)
        self.limit = limit
        self._results: list[T] | None = None
        #: ``results`` are in: a first look at least.
        self.started = False
        #: ``results`` are final; what is kept for a query that narrows this one may still be
        #: being worked out (see step 4).
        self.settled = False
        #: All is done: the results, and what is kept for a query that narrows this one.
        self.done = False
        #: The places of the candidates that may match (known once done): every one that
        #: does, and, when nearly all do, some not searched that could not enter.
        self.passed: Sequence[int] | None = None
        #: The bound of each in ``passed`` (see :meth:`bound`), of its names before the
        #: candidate's ``split`` and of those from it, for a query that narrows this one by
        #: letters or words added (empty when not kept).
        self._heads: Sequence[float] = ()
        self._rests: Sequence[float] = ()
        #: What the closer bound of each candidate it worked it out for found, name by name
        #: (see _CloserAfter), for a query that narrows this one by letters or words added.
        self._closers: dict[int, tuple[float, ...]] = {}
        self._best_places: list[int] = []
        #: The best it scored, more than ``limit`` (for the first look of the next query).
        self._near_places: list[int] = []
        #: The first it took off its heap, the highest bounds (for the next first look).
        self._promising: list[int] = []
        usable = (
            after is not None
            and after.done
            and after.candidates is candidates
            and after.passed is not None
            and narrows(after.words, self.words)
        )
        self._after = after if usable else None

    @property
    def results(self) -> list[T]:
        """The best so far, best first."""
        results = self._results
        if results is None:
            items = self.candidates.items
            results = self._results = [items[place] for place in self._best_places]
        return results

    def matched_name(self, row: int) -> int | None:
        """Which name of the result at ``row`` scores best for the query (its place among the
        candidate's names): what the reader may be told matched."""
        if not self.words:
            return None
        return self.candidates.best_name(self._best_places[row], self.words)

    def forget_bounds(self) -> None:
        """Let go of the bounds kept for a narrowing query (a narrowing query then works
        them out again)."""
        self._heads = self._rests = ()
        self._closers = {}

    def narrows(self, earlier: Ranking[T]) -> bool:
        """Whether this ranking looks only at what ``earlier`` let through."""
        return self._after is earlier

    def steps(self) -> Steps[None]:
        """Rank, a step at a time (see the module's description)."""
        if self.limit <= 0:
            self._finish([])
            return
        if not self.words:
            yield from self._everything()
            return
        candidates = self.candidates
        words = self.words
        after = self._after
        if after is not None and after.words == words:  # white space typed: the same query
            self.passed = after.passed
            self._heads, self._rests = after._heads, after._rests
            self._closers = after._closers
            self._near_places = after._near_places
            self._promising = after._promising
            self._finish(after._best_places)
            return
        source: Sequence[int] = (
            after.passed
            if after is not None and after.passed is not None
            else range(len(candidates))
        )
        # 1. The first look.
        first = list(source[:FIRST_LOOK])
        # After an earlier query: the best it scored, which often stay among the best, and
        # those it bounded highest, which often score high for the letters added.
        if after is not None:
            known = set(after._near_places)
            likely = [place for place in after._promising if place not in known]
            known.update(likely)
            more = source[: max(0, FIRST_LOOK + 50 - len(known))]
            first = after._near_places + likely + [p for p in more if p not in known]
        best = _Best(self.limit)
        near = _Best(FIRST_LOOK)
        looked: dict[int, float] = {}
        score_words = candidates.score_words
        for count, place in enumerate(first, 1):
            found = score_words(place, words)
            if found is not None:
                looked[place] = found
                best.add(found, place)
                near.add(found, place)
            if count % FIRST_LOOK_STEP == 0:
                yield
        self._show(best)
        yield
        # 2. What can match, and the most each can score. The best of the first look are
        # no better than the final best: a candidate whose bound is below the last of them
        # can never enter, and is not kept for step 3; it stays in ``passed`` with its
        # bound, for a query that narrows this one to add to.
        floor = best.worst() - _SLACK if best.full() else -math.inf
        first_search, *other_searches = [_letters_in_order(word) for word in words]
        added = _added(after.words, words) if after is not None and after._heads else None
        old_heads: Sequence[float] = ()
        old_rests: Sequence[float] = ()
        if added is not None and after is not None:
            parts = _Parts(candidates, added)
            old_heads, old_rests = after._heads, after._rests
        else:
            parts = _Parts(candidates, [(word, 0) for word in words])
        # Arrays, added to a step at a time from short lists (see _part and _add).
        passed = array("i")
        heads, rests = array("d"), array("d")
        # A heap of the bounds, the highest on top, each with its candidate's place in
        # ``passed`` in one int (ints are not tracked by the garbage collector, tuples are:
        # 50,000 of them would make its next full pass over the program's objects come
        # sooner).
        bounds: list[int] = []
        heappush, ceil = heapq.heappush, math.ceil
        texts, widths, firsts, ends = (
            candidates.texts,
            candidates.widths,
            candidates.firsts,
            candidates.ends,
        )
        tails = candidates.tails
        searched = matched = 0
        # Candidates that cannot enter whatever the letters added score (see step 4).
        deferred = array("i")
        deferred_heads, deferred_rests = array("d"), array("d")
        reach = _most_added(added) if added is not None else math.inf

        def filtered(
            among: Sequence[int],
            among_heads: Sequence[float],
            among_rests: Sequence[float],
            floor: float,
            deferring: bool,
        ) -> Steps[None]:
            """The candidates at the places ``among``, with the bounds kept of each (if any)."""
            nonlocal searched, matched
            count = len(among)
            for begin in range(0, count, FILTER_STEP):
                # This step's part of them, read into lists (see _part).
                stop = min(count, begin + FILTER_STEP)
                places = _part(among, begin, stop)
                kept_heads = _part(among_heads, begin, stop) if among_heads else []
                kept_rests = _part(among_rests, begin, stop) if among_rests else []
                # What this step lets through or defers, added to the arrays at its end.
                new_places: list[int] = []
                new_heads: list[float] = []
                new_rests: list[float] = []
                later_places: list[int] = []
                later_heads: list[float] = []
                later_rests: list[float] = []
                before = len(passed)
                # When nearly all that are searched match, adding to the bounds kept costs
                # less than a search: a candidate that cannot enter is kept unsearched, for
                # the next query to search if it can enter that one (``passed`` then holds
                # some that do not match).
                lazy = (
                    bool(old_heads)
                    and searched >= FILTER_STEP
                    and matched >= LAZY_MATCHED * searched
                )
                for each in range(stop - begin):
                    place = places[each]
                    if deferring and (
                        (
                            kept_heads[each]
                            if kept_heads[each] > kept_rests[each]
                            else kept_rests[each]
                        )
                        + reach
                        + _SLACK
                        < floor
                    ):
                        later_places.append(place)
                        later_heads.append(kept_heads[each])
                        later_rests.append(kept_rests[each])
                        continue
                    if lazy:
                        head, rest = parts.of(place)
                        head += kept_heads[each]
                        rest += kept_rests[each]
                        most = (head if head > rest else rest) + _SLACK
                        if most < floor:
                            new_places.append(place)
                            new_heads.append(head)
                            new_rests.append(rest)
                            continue
                    searched += 1
                    text, first_place, end = texts[widths[place]], firsts[place], ends[place]
                    if first_search(text, first_place, end) is None or (
                        other_searches
                        and any(search(text, first_place, end) is None for search in other_searches)
                    ):
                        continue
                    matched += 1
                    if not lazy:
                        head, rest = parts.of(place)
                        if kept_heads:
                            head += kept_heads[each]
                            rest += kept_rests[each]
                        else:
                            head += tails[2 * place]
                            rest += tails[2 * place + 1]
                        most = (head if head > rest else rest) + _SLACK
                    if most >= floor:  # as _key(most, its place in passed), without the call
                        at = before + len(new_places)
                        heappush(bounds, (_CEILING - ceil(most * _PER_UNIT)) << _SHIFT | at << 1)
                    new_places.append(place)
                    new_heads.append(head)
                    new_rests.append(rest)
                for packed, new in (
                    (passed, new_places),
                    (deferred, later_places),
                ):
                    _add(packed, new)
                for packed_floats, new_floats in (
                    (heads, new_heads),
                    (rests, new_rests),
                    (deferred_heads, later_heads),
                    (deferred_rests, later_rests),
                ):
                    _add(packed_floats, new_floats)
                yield

        yield from filtered(source, old_heads, old_rests, floor, deferring=bool(old_heads))
        # 3. Scored in the order of their bounds, until none left can enter. A candidate
        # comes off the heap first with the bound of all its names at once; it goes back
        # with the bound of its best name alone (see Ranking.closer_bound), and is scored
        # when it comes off with that and is still on top. The best of the first look are
        # among the best already, scored. Of its names, only those before its split, or from
        # it, are looked at if the bound of the others is below the last of the best: a
        # name there cannot make it enter.
        closer = _CloserBound(candidates, words)
        # The closer bounds the ranking before worked out, added to (see _CloserAfter).
        earlier = after._closers if added is not None and after is not None else {}
        extend = _CloserAfter(candidates, added) if added is not None else None
        closers: dict[int, tuple[float, ...]] = {}
        splits = candidates.splits
        heappop = heapq.heappop
        work = 0
        least = -math.inf
        promising: list[int] = []
        while bounds:
            if work >= SCORE_STEP:
                work = 0
                self._show(best)
                yield
            key = heappop(bounds)
            if best.full():
                least = best.worst() - _SLACK
                if _bound_in(key) < least:
                    break
            kept = (key >> 1) & _PLACES
            place = passed[kept]
            if not key & _CLOSER and len(promising) < FIRST_LOOK:
                promising.append(place)
            if place in looked:
                continue
            begin, stop = 0, _ALL
            if heads[kept] + _SLACK < least:
                begin = splits[place]
            elif rests[kept] + _SLACK < least:
                stop = splits[place]
            if not key & _CLOSER:
                work += 1
                lines: list[float] = [begin, stop]
                before = earlier.get(place)
                if (
                    extend is not None
                    and before is not None
                    and before[0] <= begin
                    and stop <= before[1]
                ):
                    nearer = extend.of(place, before, begin, stop, lines)
                else:
                    nearer = closer.of(place, begin, stop, lines)
                closers[place] = found_in = tuple(lines)
                if nearer is None or nearer < least:
                    continue
                if bounds and nearer < _bound_in(bounds[0]):
                    heappush(bounds, _key(nearer, kept, closer=True))
                    continue
            else:
                found_in = closers[place]
            # Scored in the names whose closer bound can enter, one at a time.
            work += 4
            found = None
            for at in range(2, len(found_in), 3):
                if found_in[at + 1] + _SLACK >= least:
                    start = int(found_in[at])
                    score = score_words(place, words, start, start + 1)
                    if score is not None and (found is None or score > found):
                        found = score
            if found is not None:
                best.add(found, place)
                near.add(found, place)
        self._closers = closers
        self._near_places = near.places()
        self._promising = promising
        # 4. The results are final. What a query that narrows this one needs of the
        # candidates set aside in step 2 (that they match, and their bounds) is worked out
        # after them, in steps of its own: a letter typed after "trn" sets aside 27,000 of
        # 48,800 ("trns"), and its results come 40 ms sooner.
        self._settle(best.places())
        if deferred:
            yield
            least = best.worst() - _SLACK if best.full() else -math.inf
            yield from filtered(deferred, deferred_heads, deferred_rests, least, deferring=False)
        self.passed = passed
        self._heads, self._rests = heads, rests
        self.done = True

    def _everything(self) -> Steps[None]:
        """The empty query: every candidate, scored by its penalties alone."""
        candidates = self.candidates
        best = _Best(self.limit)
        penalties, kinds = candidates.penalty_kinds, candidates.kinds
        # The most each kind of penalties lets a name keep: no length is taken off.
        most = [max((-penalty for penalty in kind), default=None) for kind in penalties]
        for begin in range(0, len(candidates), FILTER_STEP):
            for place in range(begin, min(len(candidates), begin + FILTER_STEP)):
                found = most[kinds[place]]
                if found is not None:
                    best.add(found, place)
            if begin == 0:
                self._show(best)
            yield
        self.passed = range(len(candidates))
        self._finish(best.places())

    def _show(self, best: _Best) -> None:
        self._best_places = best.places()
        self._results = None
        self.started = True

    def _settle(self, places: list[int]) -> None:
        self._best_places = places
        self._results = None
        self.started = self.settled = True

    def _finish(self, places: list[int]) -> None:
        self._settle(places)
        self.done = True

    @staticmethod
    def _bound_of(candidates: Candidates[T], words: Sequence[str]) -> Callable[[int], float]:
        """The most the candidate at a place can score for ``words`` (see :meth:`bound`)."""
        parts = _Parts(candidates, [(word, 0) for word in words])
        tails = candidates.tails

        def bound(index: int) -> float:
            if not words:  # the empty query: no length is taken off (see fuzzy.score)
                penalties = candidates.penalties(index)
                return max((-penalty for penalty in penalties), default=0.0) + _SLACK
            head, rest = parts.of(index)
            return max(head + tails[2 * index], rest + tails[2 * index + 1]) + _SLACK

        return bound

    @classmethod
    def bound(cls, candidates: Candidates[T], place: int, query: str) -> float:
        """The most the candidate at ``place`` can score for ``query``, never less than its
        score.

        A word's first letter scores :data:`MATCH`, more if a word of some name starts with
        it, more again if a name does. Each letter after it scores at most :data:`MATCH` and
        :data:`WORD_START` less one :data:`GAP` if it starts a word somewhere; else
        :data:`MATCH` and :data:`CONSECUTIVE` if it follows the letter before it somewhere;
        else :data:`MATCH` less one :data:`GAP`. The names' length and penalty take off at
        least their tail. The names before the candidate's split and those from it are
        bounded apart (a path's folders do not lend their word starts to a title), each with
        its own tail, and the higher of the two is the bound.
        """
        return cls._bound_of(candidates, words_of(query))(place)

    @classmethod
    def closer_bound(cls, candidates: Candidates[T], place: int, query: str) -> float | None:
        """The most the candidate at ``place`` can score for ``query`` (never less than its
        score; None if it does not match), name by name, and place by place.

        In each name, a word's letters are looked for as the rule takes them from its first
        letter's first place: every match has each letter there or later. So a letter can
        score as a word start only if it starts a word there or later, and as one following
        the letter before only if the two stand together from that letter's place on.
        """
        return _CloserBound(candidates, words_of(query)).of(place)


#: A bound, a candidate's place and whether the bound is the closer one, in one int: the
#: bound rounded up to a ten-thousandth and taken from a ceiling (a higher bound makes a
#: smaller key) in the high bits, the place below it, the kind of bound in the lowest bit.
#: 59 bits in all (bounds from -600,000 to 200,000, 33 million places): compiled, an int
#: that fits in 63 is worked with in C, a wider one as a Python object.
_PLACE_BITS: Final = 25
_PLACES: Final = (1 << _PLACE_BITS) - 1
_CLOSER: Final = 1
_CEILING: Final = 1 << 31
_PER_UNIT: Final = 1e4
_SHIFT: Final = _PLACE_BITS + 1
#: Past the end of any text: every name (see Candidates.score_words).
_ALL: Final = sys.maxsize


def _add(packed: array[Any], new: list[Any]) -> None:
    """Add ``new`` to ``packed``. Each number added to an array on its own is parsed (a
    hundred nanoseconds); ``struct`` packs a list of them at a time."""
    if new:
        packed.frombytes(struct.pack(f"{len(new)}{packed.typecode}", *new))


def _part(numbers: Sequence[Any], begin: int, stop: int) -> list[Any]:
    """``numbers[begin:stop]`` as a list. A ranking keeps what it lets through in arrays, an
    eighth of the memory of a list of Python numbers, and reads them a step's part at a time
    into a short list: compiled (setup.py), reading an item of a list is a C call, of an array
    a Python call (an eighth of a key's time); a list of all 50,000, as long as the ranking,
    would be looked through by each of the garbage collector's passes over new objects."""
    part = numbers[begin:stop]
    return part.tolist() if isinstance(part, array) else list(part)


def _words_from(
    text: str,
    start: int,
    end: int,
    place: int,
    total: float,
    words: Sequence[tuple[tuple[str, Search] | None, Sequence[tuple[str, str, Search]]]],
) -> tuple[float, int]:
    """``total`` with what each of ``words`` adds to a closer bound in the name at
    ``text[start:end]`` (see :func:`_word_from`), and where the last letter was found: -1 if a
    word is not in the name."""
    for first_letter, rest in words:
        most, place = _word_from(text, start, end, place, first_letter, rest)
        if place < 0:
            return total, place
        total += most
    return total, place


def _word_from(
    text: str,
    start: int,
    end: int,
    place: int,
    first_letter: tuple[str, Search] | None,
    rest: Sequence[tuple[str, str, Search]],
) -> tuple[float, int]:
    """What a word's letters add to a closer bound (see :meth:`Ranking.closer_bound`) in the
    name at ``text[start:end]``, and where its last letter was found (-1 if one is not in the
    name): from its first letter's first place if ``first_letter`` is given, else ``rest``
    from ``place`` on (letters added to a word looked for before)."""
    most = 0.0
    if first_letter is not None:
        letter, at_start = first_letter
        place = text.find(letter, start, end)
        if place < 0:
            return most, place
        most = MATCH
        if at_start(text, place, end) is not None:
            most += WORD_START
            if place == start:
                most += FIRST_LETTER
    for other, pair, other_at_start in rest:
        previous, place = place, text.find(other, place + 1, end)
        if place < 0:
            return most, place
        if other_at_start(text, place, end) is not None:
            most += _AT_START
        elif text.find(pair, previous, end) >= 0:
            most += _ALONG
        else:
            most += _APART
    return most, place


def _key(bound: float, place: int, closer: bool = False) -> int:
    return (_CEILING - math.ceil(bound * _PER_UNIT)) << _SHIFT | place << 1 | closer


def _bound_in(key: int) -> float:
    """The bound in a key, rounded up: still never below the score it bounds."""
    return (_CEILING - (key >> _SHIFT)) / _PER_UNIT


def _most_added(added: Sequence[tuple[str, int]]) -> float:
    """The most the letters of each ``(word, start)`` (see :func:`_added`) can add to a bound
    (see :meth:`Ranking.bound`): a word's first letter starting a name, each letter after it
    starting a word or following the one before."""
    most = 0.0
    for word, start in added:
        if start == 0:
            most += MATCH + WORD_START + FIRST_LETTER
        most += max(_AT_START, _ALONG) * (len(word) - max(1, start))
    return most


def _letters_in_order(word: str) -> Search:
    """A search for ``word``'s letters in order within one line (one name), in
    ``text[start:end]`` (``search(text, start, end)``).

    Each gap runs to the next place of the letter after it and never gives any back (the
    first place is always the right one), so a line that does not match costs one pass per
    place of the first letter, not a pass per way of placing every letter.
    """
    first, *rest = (re.escape(letter) for letter in word)
    gaps = "".join(f"[^{letter}\n]*+{letter}" for letter in rest)
    return re.compile(first + gaps).search


class _Parts:
    """What the letters of each ``(word, start)``, from its letter ``start`` on, add to the
    bound of the candidate at a place: in its names before its split, and in those from it
    (see :meth:`Ranking.bound`); the names' tails not included (:meth:`of`). A class, as
    :class:`_CloserBound` is."""

    def __init__(self, candidates: Candidates[Any], pieces: Sequence[tuple[str, int]]) -> None:
        self.prepared: list[tuple[tuple[str, str] | None, list[tuple[str, str]]]] = [
            (
                (word[0], "\n" + word[0]) if start == 0 else None,
                [(word[at], word[at - 1 : at + 1]) for at in range(max(1, start), len(word))],
            )
            for word, start in pieces
        ]
        self.texts = candidates.texts
        self.widths = candidates.widths
        self.firsts = candidates.firsts
        self.ends = candidates.ends
        self.splits = candidates.splits
        self.marks = candidates.marks

    def of(self, index: int) -> tuple[float, float]:
        text = self.texts[self.widths[index]]
        first, last, split = self.firsts[index], self.ends[index], self.splits[index]
        # Its initials: the letters that start a word before its split, between ``last``
        # and ``mark``, and from it, between ``mark`` and ``stop`` (Candidates.marks).
        mark = self.marks[index]
        stop = text.find("\n", mark + 1)
        if stop < 0:
            stop = len(text)
        head = rest = 0.0
        for first_letter, others in self.prepared:
            if first_letter is not None:
                letter, after_line = first_letter
                head += MATCH
                rest += MATCH
                at = text.find(letter, last, stop)
                if at >= 0:  # then which of the two has it
                    if at < mark:
                        head += WORD_START
                        if text.startswith(letter, first) or (
                            text.find(after_line, first, split) >= 0
                        ):
                            head += FIRST_LETTER
                    if at > mark or text.find(letter, mark, stop) >= 0:
                        rest += WORD_START
                        if text.startswith(letter, split) or (
                            text.find(after_line, split, last) >= 0
                        ):
                            rest += FIRST_LETTER
            for other, pair in others:
                at = text.find(other, last, stop)
                if at >= 0:
                    if at < mark:
                        head += _AT_START
                        if text.find(other, mark, stop) >= 0:
                            rest += _AT_START
                        elif text.find(pair, split, last) >= 0:
                            rest += _ALONG
                        else:
                            rest += _APART
                    else:
                        rest += _AT_START
                        head += _ALONG if text.find(pair, first, split) >= 0 else _APART
                elif text.find(pair, first, last) >= 0:
                    head += _ALONG if text.find(pair, first, split) >= 0 else _APART
                    rest += _ALONG if text.find(pair, split, last) >= 0 else _APART
                else:
                    head += _APART
                    rest += _APART
        return head, rest


class _CloserBound:
    """The most the candidate at a place can score for ``words`` (see
    :meth:`Ranking.closer_bound`), of its names that start between ``begin`` and ``stop``;
    what it found in each is added to ``lines`` if given (see :class:`_CloserAfter`): a class,
    not a closure, so that compiled (setup.py) a ranking calls it directly."""

    def __init__(self, candidates: Candidates[Any], words: Sequence[str]) -> None:
        odd = candidates.odd
        self.prepared = [
            (
                (word[0], word_start_search(word[0], odd)),
                [
                    (word[at], word[at - 1 : at + 1], word_start_search(word[at], odd))
                    for at in range(1, len(word))
                ],
            )
            for word in words
        ]
        self.candidates = candidates

    def of(
        self,
        index: int,
        begin: int = 0,
        stop: int = _ALL,
        lines: list[float] | None = None,
    ) -> float | None:
        prepared, candidates = self.prepared, self.candidates
        texts, widths, firsts, ends = (
            candidates.texts,
            candidates.widths,
            candidates.firsts,
            candidates.ends,
        )
        penalties = candidates.penalties(index)
        if not prepared:  # the empty query: no length is taken off (see fuzzy.score)
            return max((-penalty for penalty in penalties), default=None)
        text, start, last = texts[widths[index]], firsts[index], ends[index]
        best: float | None = None
        for penalty in penalties:
            end = text.find("\n", start, last)
            if end < 0:
                end = last
            if start < begin or start >= stop:  # a name not looked at
                start = end + 1
                continue
            total, place = _words_from(
                text, start, end, start, -PER_LETTER * (end - start) - penalty, prepared
            )
            if place >= 0:  # every word is in this name
                if lines is not None:
                    lines += (start, total, place)
                if best is None or total > best:
                    best = total
            start = end + 1
        return None if best is None else best + _SLACK


class _CloserAfter:
    """:meth:`Ranking.closer_bound` for a query that adds the letters and words ``added`` (see
    :func:`_added`) to one whose closer bound of a candidate left ``before``: the names
    between ``begin`` and ``stop`` that held every earlier word, the bound of each so far,
    and where the look for the last word's letters ended in it. The letters added are
    looked for from there, as :meth:`Ranking.closer_bound` would; ``None`` if no name holds
    them."""

    def __init__(self, candidates: Candidates[Any], added: Sequence[tuple[str, int]]) -> None:
        odd = candidates.odd
        self.pieces = [
            (
                (word[0], word_start_search(word[0], odd)) if start == 0 else None,
                [
                    (word[at], word[at - 1 : at + 1], word_start_search(word[at], odd))
                    for at in range(max(1, start), len(word))
                ],
            )
            for word, start in added
        ]
        self.candidates = candidates

    def of(
        self,
        index: int,
        before: Sequence[float],
        begin: int,
        stop: int,
        lines: list[float],
    ) -> float | None:
        pieces, candidates = self.pieces, self.candidates
        texts, widths, ends = candidates.texts, candidates.widths, candidates.ends
        text, last = texts[widths[index]], ends[index]
        best: float | None = None
        for at in range(2, len(before), 3):
            start = int(before[at])
            if start < begin or start >= stop:
                continue
            total, place = before[at + 1], int(before[at + 2])
            end = text.find("\n", start, last)
            if end < 0:
                end = last
            total, place = _words_from(text, start, end, place, total, pieces)
            if place >= 0:  # every word is in this name
                lines += (start, total, place)
                if best is None or total > best:
                    best = total
        return None if best is None else best + _SLACK
