"""A note's chapters: its headings, placed on the video's time by their timestamps.

A heading opens a section of the note, which runs to the next heading (of any level). Its
chapter starts at the first timestamp of that section, in document order: the moment the
section's first cited sentence is said. A section without a timestamp is no chapter (it says
nothing about the video's time); nor is a second heading whose section starts at the same
moment as an earlier one (the first in the note keeps it).

Chapters are in time order, each running to where the next one starts, the last to the end of
the video. Notes are usually written in the video's order, so this is the order of the headings;
a section that cites an earlier moment (a summary at the top) takes its place in time.

The heading the status bar shows for the moment playing (follow-along's section) is the one
above the passage of the latest timestamp; :meth:`Chapters.at` gives the chapter of a time,
which is the same heading whenever the note is in the video's order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from viewer.core.timeline import SEEK_TOLERANCE, NoteTimeline


@dataclass(frozen=True, slots=True)
class Chapter:
    """A heading of the note, from the time it starts at."""

    title: str
    start: float
    #: The id of the heading's passage (``data-passage``).
    passage: int


@dataclass(frozen=True, slots=True)
class Chapters:
    """A note's chapters in time order (see the module's description)."""

    chapters: tuple[Chapter, ...] = ()

    @classmethod
    def of(cls, timeline: NoteTimeline | None) -> Chapters:
        """The chapters of the note with this timeline (none without a video)."""
        if timeline is None or timeline.video is None:
            return cls()
        found: list[Chapter] = []
        heading: tuple[str, int] | None = None
        for passage in timeline.passages:
            if passage.kind == "heading":
                heading = (passage.text, passage.index)
            if heading is not None and passage.timestamps:  # the heading's own, or below it
                found.append(Chapter(heading[0], passage.timestamps[0][1].seconds, heading[1]))
                heading = None  # its start is known: the rest of the section adds nothing
        kept: list[Chapter] = []
        for chapter in sorted(found, key=lambda chapter: chapter.start):  # stable: note order
            if not kept or chapter.start - kept[-1].start > SEEK_TOLERANCE:
                kept.append(chapter)
        return cls(tuple(kept))

    def __len__(self) -> int:
        return len(self.chapters)

    def __iter__(self) -> Iterator[Chapter]:
        return iter(self.chapters)

    def __bool__(self) -> bool:
        return bool(self.chapters)

    def at(self, seconds: float) -> Chapter | None:
        """The chapter playing at ``seconds``; ``None`` before the first."""
        starts = [chapter.start for chapter in self.chapters]
        at = bisect_right(starts, seconds + SEEK_TOLERANCE)
        return self.chapters[at - 1] if at else None

    def after(self, seconds: float) -> Chapter | None:
        """The first chapter starting later than ``seconds``."""
        return next(
            (chapter for chapter in self.chapters if chapter.start > seconds + SEEK_TOLERANCE),
            None,
        )

    def before(self, seconds: float) -> Chapter | None:
        """The latest chapter starting earlier than ``seconds``."""
        earlier = [c for c in self.chapters if c.start < seconds - SEEK_TOLERANCE]
        return earlier[-1] if earlier else None

    def end_of(self, chapter: Chapter) -> float | None:
        """Where ``chapter`` ends: the next one's start (``None``: the end of the video)."""
        following = self.after(chapter.start)
        return following.start if following is not None else None
