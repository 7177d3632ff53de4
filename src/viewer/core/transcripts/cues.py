"""What a transcript is once read: its cues (the words said, each with its time) in time order,
and what could not be read."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple


class Cue(NamedTuple):
    """Words said from ``start`` until ``end`` (seconds). A named tuple: a long talk has
    thousands, made by :data:`make_cue`."""

    start: float
    end: float
    text: str


#: Makes a cue of a tuple of its start, end and text in C: ``make_cue(Cue, (start, end, text))``
#: (a named tuple's own constructor is Python code, a step too many for thousands of cues).
make_cue = tuple.__new__


_START = attrgetter("start")


@dataclass(frozen=True, slots=True)
class Transcript:
    """The cues of one subtitle or transcript file, as speech: each word said once.

    ``file`` and ``language`` say where it was read from (``None`` for a text parsed
    directly); ``problems`` are sentences naming what was skipped and why.
    """

    cues: tuple[Cue, ...] = ()
    problems: tuple[str, ...] = ()
    file: Path | None = None
    language: str | None = None
    _starts: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(map(_START, self.cues)))

    def index_at(self, seconds: float) -> int | None:
        """The index of the cue said at ``seconds``: the latest to start, if several overlap;
        ``None`` before the first cue and in the gaps between cues."""
        index = bisect.bisect_right(self._starts, seconds)
        for at in range(index - 1, max(0, index - 8) - 1, -1):
            cue = self.cues[at]
            if cue.start <= seconds < cue.end:
                return at
        return None

    def at(self, seconds: float) -> Cue | None:
        """The cue shown at ``seconds`` (the latest to start, if several overlap)."""
        index = self.index_at(seconds)
        return None if index is None else self.cues[index]

    def latest_at(self, seconds: float) -> int | None:
        """The index of the last cue to start at or before ``seconds`` (what a pane following
        along keeps highlighted through a gap)."""
        index = bisect.bisect_right(self._starts, seconds)
        return index - 1 if index else None

    def shifted(self, seconds: float) -> Transcript:
        """The same transcript with every cue ``seconds`` later (earlier when negative): a
        reader's correction for a file that runs early or late. Cues pushed before 0:00 start
        there."""
        if not seconds:
            return self
        cues = tuple(
            Cue(max(0.0, cue.start + seconds), max(0.0, cue.end + seconds), cue.text)
            for cue in self.cues
        )
        return Transcript(cues, self.problems, self.file, self.language)
