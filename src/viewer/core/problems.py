"""What can be wrong with a note, and how much it matters to the reader.

An error means the reader sees less than the file holds: the file is unreadable or cut, its
front matter (or part of it) is ignored, its video cannot be used. A warning means the note is
shown whole but something in it is probably a slip: a link to a note that does not exist, a
timestamp label that disagrees with its time, an encoding that had to be guessed, a transcript
that cannot be read in full, a local copy that cannot be used or is not the video's length. The
kinds
are described for note writers in docs/FORMAT.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Kind(StrEnum):
    # Errors.
    UNREADABLE = "unreadable"
    NOT_TEXT = "not-text"
    TRUNCATED = "truncated"
    INVALID_UTF8 = "invalid-utf8"
    FRONT_MATTER_UNCLOSED = "front-matter-unclosed"
    FRONT_MATTER_INVALID = "front-matter-invalid"
    FRONT_MATTER_LINE = "front-matter-line"
    FIELD_IGNORED = "field-ignored"
    VIDEO = "video"
    SHOWN_AS_TEXT = "shown-as-text"
    # Warnings.
    ENCODING_GUESSED = "encoding-guessed"
    EMPTY = "empty"
    MISSING_NOTE = "missing-note"
    LABEL_MISMATCH = "label-mismatch"
    TRANSCRIPT = "transcript"
    LOCAL_COPY = "local-copy"

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self in _WARNINGS else Severity.ERROR


_WARNINGS = frozenset(
    {
        Kind.ENCODING_GUESSED,
        Kind.EMPTY,
        Kind.MISSING_NOTE,
        Kind.LABEL_MISMATCH,
        Kind.TRANSCRIPT,
        Kind.LOCAL_COPY,
    }
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a note, in words for its reader.

    ``line`` is the line of the file (from 1) the problem is on, where it has one.
    """

    kind: Kind
    message: str
    line: int | None = None

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def is_error(self) -> bool:
        return self.kind.severity is Severity.ERROR

    def __str__(self) -> str:
        return self.message
