"""What a capture or an undo comes to: the note written, a conflict, or a refusal in a sentence.

A :class:`Stamp` says which bytes of a note the reader was shown, so that nothing is written
over a file that changed since. Each outcome carries what the app needs next: the lines to
highlight and the bytes to take the capture back (:class:`Written`), or the sentence to show
(:class:`Conflict`, :class:`CaptureRefused`). None of them holds the text the reader typed:
the caller keeps it, for another try.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


class CaptureRefused(Exception):
    """Nothing was written, and why, in a sentence for the reader (``str(error)``)."""


def digest(data: bytes) -> str:
    """The hash a :class:`Stamp` keeps of a note's bytes."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Stamp:
    """A note's bytes as the reader was shown them: their size, their hash, and the file's
    modification time then.

    Only the size and the hash decide whether the file changed: a file saved again with the
    same bytes, or touched, shows the reader nothing new. The time is kept for the app's own
    use (a watcher may compare it first: it costs no read).
    """

    size: int
    digest: str
    mtime_ns: int = 0

    @classmethod
    def of(cls, data: bytes, mtime_ns: int = 0) -> Stamp:
        """The stamp of ``data``, read from a file last modified at ``mtime_ns``."""
        return cls(len(data), digest(data), mtime_ns)

    def matches(self, data: bytes) -> bool:
        """Whether ``data`` are the bytes this stamp was made of."""
        return len(data) == self.size and digest(data) == self.digest


@dataclass(frozen=True, slots=True)
class Written:
    """A capture written into a note: where, which lines, and how to take it back."""

    #: The note as the caller named it (a symbolic link, if it is one).
    path: Path
    #: The file written: the note's real path, through any links.
    target: Path
    #: The lines of the file (from 1) the captured list item takes, its first line first.
    lines: range
    #: The note's bytes before the capture, and after it (what :func:`undo` checks for and
    #: puts back).
    before: bytes = field(repr=False)
    after: bytes = field(repr=False)
    #: The stamp of the note as written: the app shows these bytes now.
    stamp: Stamp

    @property
    def line(self) -> int:
        """The line (from 1) of the captured list item: where an editor opens."""
        return self.lines.start


@dataclass(frozen=True, slots=True)
class Restored:
    """A capture taken back: the note holds its earlier bytes again."""

    path: Path
    target: Path
    #: The stamp of the note as restored.
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class Conflict:
    """Nothing was written, because the file is not what the reader was shown (or, for an
    undo, not what the capture wrote): it changed on disk, or it is gone."""

    path: Path
    #: The sentence for the reader.
    message: str
    #: The stamp of the file as it is now; ``None`` when it is gone or cannot be read.
    current: Stamp | None = None
