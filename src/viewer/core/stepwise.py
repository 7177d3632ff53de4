"""Work on a whole folder's notes done in short steps, so a caller can stop between them.

A step is what a generator does between two ``yield``s: about a millisecond of work or less.
The window runs such generators a few milliseconds at a time and handles the reader's keys in
between (:mod:`viewer.app.slices`); a test or a script runs them to the end with :func:`finish`.
What a generator computes is its return value (``StopIteration.value``, or ``yield from``).
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable, Generator, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Steps in the sorted merge are this many items long.
MERGE_STEP = 1_000
#: A list this long or shorter is sorted in one step (a sort of 2,000 keys: about 1 ms).
SORT_STEP = 2_000
#: Places sorted by keys made one by one from a table's columns (a title case folded, with
#: its path: 5 to 8 microseconds a key) are sorted and merged this many to a step: 2,000 a
#: step held the window up to 16 ms when a folder of 50,000 notes changed.
PLACES_STEP = 400

Steps = Generator[None, None, R]


def finish(steps: Steps[R]) -> R:
    """Run ``steps`` to the end and give its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def sorted_stepwise(items: Sequence[T], key: Callable[[T], Any]) -> Steps[list[T]]:
    """``sorted(items, key=key)``, stable, in steps: runs of :data:`SORT_STEP` items sorted one
    at a time, then merged :data:`MERGE_STEP` items at a time.

    The runs hold places in ``items``, not pairs of key and item: a key that is a string or a
    number and a place are never tracked by the garbage collector, so sorting 50,000 notes
    does not bring on a full collection (tens of milliseconds, the whole program stopped).
    """
    if len(items) <= SORT_STEP:
        return sorted(items, key=key)
    keys: list[Any] = []
    for start in range(0, len(items), SORT_STEP):
        keys.extend(map(key, items[start : start + SORT_STEP]))
        yield
    runs: list[list[int]] = []
    for start in range(0, len(items), SORT_STEP):
        # Sorting places by their keys is stable: equal keys keep the places' order.
        runs.append(sorted(range(start, min(len(items), start + SORT_STEP)), key=keys.__getitem__))
        yield
    merged: Iterator[int] = heapq.merge(*runs, key=keys.__getitem__)
    result: list[T] = []
    while True:
        before = len(result)
        result.extend(items[place] for place in islice(merged, MERGE_STEP))
        if len(result) == before:
            return result
        yield


def sorted_places(count: int, key: Callable[[int], Any]) -> Steps[array[int]]:
    """``range(count)`` sorted by ``key`` of each, stable, in steps, as an array: what
    :func:`sorted_stepwise` does, keeping only a run's keys at a time and those of the runs'
    heads while they are merged (each key is made twice). Sorting a big folder's places by
    title kept 50,000 keys and 50,000 numbers while the folder was read (9 MB), and the
    process kept the memory they took after they went."""
    if count <= PLACES_STEP:
        return array("I", sorted(range(count), key=key))
    runs: list[array[int]] = []
    for start in range(0, count, PLACES_STEP):
        runs.append(array("I", sorted(range(start, min(count, start + PLACES_STEP)), key=key)))
        yield
    merged: Iterator[int] = heapq.merge(*runs, key=key)
    result = array("I")
    while True:
        before = len(result)
        result.extend(islice(merged, PLACES_STEP))
        if len(result) == before:
            return result
        yield


def chunks(count: int, size: int) -> Iterator[range]:
    """``range(count)`` in consecutive ranges of ``size``."""
    for start in range(0, count, size):
        yield range(start, min(count, start + size))
