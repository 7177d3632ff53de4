"""A note's timeline: its video, its timestamps resolved in one convention, and its passages.

Worked out once per note (and once more when the video's length becomes known, which may
change how a three-field value reads: docs/FORMAT.md rule 3), and asked by everything that
relates the note's text to the video's time: the renderer writes each passage's id on its
block (``data-passage="N"``, :mod:`viewer.core.passage_blocks`) and resolves each timestamp's
link as here; the search index stores the passages with their moments; follow-along, the
seek bar's marks, search hits and "open in editor" find a passage by that id.

A passage's id is its :attr:`~viewer.core.passages.Passage.index`; a timestamp's is its
:attr:`Stamp.index`, its place among the note's timestamps in document order. The timestamps
are those of :mod:`viewer.core.passages`: ``yt-timestamp`` anchors and links to the note's own
YouTube video with a start time, not in code.

Which passage the video is at (follow-along, docs/FORMAT.md): the one holding the latest
timestamp at or before the video's time, :data:`SEEK_TOLERANCE` included; of equal times, the
first in the note.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from viewer.core.note import Note
from viewer.core.passages import Moment, Passage, read_body
from viewer.core.timecode import Convention, Timecode
from viewer.core.video import VideoSource, youtube_id

#: A timestamp counts as reached this many seconds before its time. Clicking a timestamp seeks
#: to its time, and a player may report a position just short of it (positions in whole
#: milliseconds, seeks that land on a frame): the passage clicked must be the one shown.
SEEK_TOLERANCE = 0.05
#: Words of a passage a seek bar mark shows.
EXCERPT_WORDS = 14
_LEADING = " \t\n\u2014\u2013:,;.-"  # what a passage may start with after a timestamp


@dataclass(frozen=True, slots=True)
class Stamp:
    """One timestamp of the note, resolved."""

    #: Its place among the note's timestamps, in document order (0 for the first).
    index: int
    #: Where it seeks to, under the note's convention and the video's length if known.
    seconds: float
    #: The value as written (``data-t``, or a link's start time).
    label: str
    #: The id of the passage that holds it.
    passage: int
    value: Timecode


@dataclass(frozen=True, slots=True)
class SeekMark:
    """What the seek bar shows of a timestamp: where, its label and the words it cites."""

    seconds: float
    label: str
    #: The first words of its passage.
    excerpt: str
    #: The id of its passage (``data-passage``).
    passage: int
    #: Its :attr:`Stamp.index`.
    index: int


@dataclass(frozen=True, eq=False)
class NoteTimeline:
    """A note's video, timestamps and passages. Make one with :meth:`of`."""

    video: VideoSource | None
    #: The passages in document order; ``passages[n].index == n``.
    passages: tuple[Passage, ...]
    #: The value of each timestamp as written, in document order.
    values: tuple[Timecode, ...]
    #: The note-level reading of its three-field values (docs/FORMAT.md, rule 2).
    convention: Convention
    #: The video's length, when the player knows it.
    duration: float | None = None
    #: The line of the file (from 1) the note's body starts on.
    body_line: int = 1
    #: Every timestamp in document order; ``stamps[n].index == n``.
    stamps: tuple[Stamp, ...] = field(default=(), init=False)
    _times: tuple[float, ...] = field(default=(), init=False, repr=False)
    _order: tuple[int, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        stamps: list[Stamp] = []
        for passage in self.passages:
            for _at, moment in passage.timestamps:
                value = self.values[len(stamps)]
                stamps.append(
                    Stamp(len(stamps), moment.seconds, moment.label, passage.index, value)
                )
        by_time = sorted(stamps, key=lambda stamp: (stamp.seconds, stamp.index))
        object.__setattr__(self, "stamps", tuple(stamps))
        object.__setattr__(self, "_times", tuple(stamp.seconds for stamp in by_time))
        object.__setattr__(self, "_order", tuple(stamp.index for stamp in by_time))

    @classmethod
    def of(cls, note: Note, duration: float | None = None) -> NoteTimeline:
        """The timeline of ``note``, its video ``duration`` seconds long if that is known."""
        return cls.of_body(note.body, note.video, duration, note.body_line)

    @classmethod
    def of_body(
        cls,
        body: str,
        video: VideoSource | None = None,
        duration: float | None = None,
        body_line: int = 1,
    ) -> NoteTimeline:
        """The timeline of a note's Markdown body (front matter taken off)."""
        read = read_body(body, youtube_id(video))
        made = cls(video, read.passages, read.values, read.convention, None, body_line)
        return made.with_duration(duration)

    # The video

    @property
    def youtube_id(self) -> str | None:
        """The note's YouTube id; ``None`` for a file, a URL or no video."""
        return youtube_id(self.video)

    @property
    def video_name(self) -> str | None:
        """What the reader calls the video (:attr:`VideoSource.name`); ``None`` without one."""
        return self.video.name if self.video is not None else None

    # Its length

    def changed_by(self, duration: float | None) -> bool:
        """Whether knowing that the video is ``duration`` seconds long changes the reading of
        any timestamp (docs/FORMAT.md rule 3: a reading past the end gives way)."""
        return any(
            self.convention.seconds(value, duration) != stamp.seconds
            for value, stamp in zip(self.values, self.stamps, strict=True)
        )

    def with_duration(self, duration: float | None) -> NoteTimeline:
        """This timeline, the video ``duration`` seconds long (``None``: not known)."""
        if duration == self.duration:
            return self
        passages = self.passages
        if self.changed_by(duration):
            passages = _resolved(passages, self.values, self.convention, duration)
        return NoteTimeline(
            self.video, passages, self.values, self.convention, duration, self.body_line
        )

    # The video's time

    @property
    def first_seconds(self) -> float | None:
        """Where the note's first timestamp (in document order) seeks to."""
        return self.stamps[0].seconds if self.stamps else None

    def latest_at(self, seconds: float) -> int | None:
        """The :attr:`Stamp.index` of the latest timestamp at or before ``seconds`` (give or
        take :data:`SEEK_TOLERANCE`), the first in the note of equal ones; ``None`` before the
        first."""
        at = bisect_right(self._times, seconds + SEEK_TOLERANCE)
        if at == 0:
            return None
        first_equal = bisect_left(self._times, self._times[at - 1])
        return self._order[first_equal]

    def next_after(self, seconds: float) -> Stamp | None:
        """The first timestamp (in time) later than ``seconds`` by more than
        :data:`SEEK_TOLERANCE`, the first in the note of equal ones; ``None`` after the last."""
        at = bisect_right(self._times, seconds + SEEK_TOLERANCE)
        if at == len(self._times):
            return None
        return self.stamps[self._order[at]]

    def previous_before(self, seconds: float) -> Stamp | None:
        """The latest timestamp (in time) earlier than ``seconds`` by more than
        :data:`SEEK_TOLERANCE`, the first in the note of equal ones; ``None`` before the first."""
        at = bisect_left(self._times, seconds - SEEK_TOLERANCE)
        if at == 0:
            return None
        return self.stamps[self._order[bisect_left(self._times, self._times[at - 1])]]

    def span_of(self, index: int) -> tuple[float, float | None]:
        """Where timestamp ``index``'s passage plays: from its time to the next later
        timestamp's (``None``: on to the end of the video, the last passage's end)."""
        start = self.stamps[index].seconds
        following = self.next_after(start)
        return start, following.seconds if following is not None else None

    def passage_at(self, seconds: float) -> Passage | None:
        """The passage the video is at when it plays ``seconds``: the one holding the
        timestamp :meth:`latest_at` gives."""
        index = self.latest_at(seconds)
        return None if index is None else self.passages[self.stamps[index].passage]

    def marks(self) -> tuple[SeekMark, ...]:
        """The seek bar's marks: every timestamp, in document order."""
        excerpts: dict[int, str] = {}
        marks = []
        for stamp in self.stamps:
            if stamp.passage not in excerpts:
                excerpts[stamp.passage] = excerpt(self.passages[stamp.passage].text)
            marks.append(
                SeekMark(
                    stamp.seconds, stamp.label, excerpts[stamp.passage], stamp.passage, stamp.index
                )
            )
        return tuple(marks)

    # The file

    def line_of(self, passage: int) -> int:
        """The line of the note's file (from 1) that passage ``passage`` starts on."""
        return self.body_line + self.passages[passage].line


def excerpt(text: str, words: int = EXCERPT_WORDS) -> str:
    """The first ``words`` words of a passage's text, "…" after them if there are more (a dash
    or comma it starts with, where a timestamp stood before it, left out)."""
    found = text.lstrip(_LEADING).split()
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


def _resolved(
    passages: tuple[Passage, ...],
    values: tuple[Timecode, ...],
    convention: Convention,
    duration: float | None,
) -> tuple[Passage, ...]:
    """``passages`` with their moments resolved again, the video ``duration`` seconds long."""
    found = iter(values)
    before: Moment | None = None
    resolved = []
    for passage in passages:
        timestamps = tuple(
            (at, Moment(convention.seconds(next(found), duration), moment.label))
            for at, moment in passage.timestamps
        )
        resolved.append(replace(passage, timestamps=timestamps, before=before))
        if timestamps:
            before = timestamps[-1][1]
    return tuple(resolved)
