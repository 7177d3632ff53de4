"""Where a capture goes in a note: in time order, after the passage it follows.

The moment captured follows the note's latest timestamp at or before it (of equal ones, the
last in the note, so captures of one moment stay in the order they were made). The capture
goes right after the passage holding that timestamp (docs/FORMAT.md), never inside it:

- after a list item, with everything nested or continued under it, as the next item of the
  same list (same indentation and bullet; the next number in a numbered list);
- after a paragraph, a heading or a block quote, as a list item of its own, a blank line
  before it; when a bulleted list starts right after the passage's blank line, as its first
  item;
- after a table row, after the whole table (a line inside it would end the table).

A passage is never split, so a capture between two timestamps of one paragraph goes after the
paragraph. A moment before all of a note's timestamps goes right before the passage of the
earliest one. A note without timestamps gets the capture at its end, in its ``Notes`` section
(the last heading that says ``Notes``, at its end), or under a new ``## Notes`` heading at the
end of the note. Front matter is never written into, and a code block never: a place inside
one moves to before it. A blank line is added after the capture where the next line would
otherwise run into it.

Everything here works on the note's lines as text (the file's lines, front matter included,
line endings taken off); :mod:`viewer.core.capture.writer` turns the place into bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.core.passages import Passage
from viewer.core.timeline import NoteTimeline, Stamp

#: The heading a note without timestamps gets its captures under, when it has no such section.
NOTES_HEADING = "## Notes"
_NOTES = "notes"

_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BULLETS = "-*+"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the capture's lines go, and as which list item."""

    #: The line of the file (from 0) they go before; the number of lines: at the end.
    index: int
    #: The list item's indentation and marker (``-``, ``*``, ``4.``).
    indent: str
    marker: str
    #: A blank line before the item (after the heading, if one is made) and after it.
    blank_before: bool
    blank_after: bool
    #: A heading to write first (a note without timestamps and without a Notes section).
    heading: str | None = None

    def around(self, item: Sequence[str]) -> list[str]:
        """The lines to insert: ``item`` with the heading and blank lines it needs."""
        lines = [""] if self.blank_before else []
        if self.heading is not None:
            lines += [self.heading, ""]
        return [*lines, *item, *([""] if self.blank_after else [])]

    @property
    def lines_before_item(self) -> int:
        """How many of the lines inserted come before the item's first line."""
        return int(self.blank_before) + (2 if self.heading is not None else 0)


@dataclass(frozen=True, slots=True)
class NoteLines:
    """A note's lines, and where its body starts among them."""

    lines: Sequence[str]
    #: The line (from 0) of the body's line 0 (a passage's :attr:`Passage.line`).
    body_start: int
    #: The first line wholly in the body: after the front matter's closing ``---`` line,
    #: whose rest is the body's line 0.
    first: int

    def line_of(self, passage: Passage) -> int:
        return self.body_start + passage.line


def latest_stamp(timeline: NoteTimeline, seconds: float) -> Stamp | None:
    """The note's latest timestamp at or before ``seconds``; of equal ones, the last."""
    found = [stamp for stamp in timeline.stamps if stamp.seconds <= seconds]
    return max(found, key=lambda stamp: (stamp.seconds, stamp.index)) if found else None


def place(note: NoteLines, timeline: NoteTimeline, seconds: float) -> Placement:
    """Where a capture at ``seconds`` goes in ``note`` (``timeline`` is its body's)."""
    passages = timeline.passages
    if (stamp := latest_stamp(timeline, seconds)) is not None:
        return _after(note, passages[stamp.passage])
    if timeline.stamps:
        earliest = min(timeline.stamps, key=lambda stamp: (stamp.seconds, stamp.index))
        return _before(note, passages[earliest.passage])
    return _at_end(note, passages)


def _after(note: NoteLines, passage: Passage) -> Placement:
    lines = note.lines
    start = note.line_of(passage)
    end = _end_of(lines, start, passage.kind)
    if passage.kind == "item" and (item := _item(lines[start])) is not None:
        return _placed(note, end, item[0], _next_marker(item[1]), joins=True)
    follows = end + 1
    if end < len(lines) and not lines[end].strip() and follows < len(lines):
        item = _item(lines[follows])
        if item is not None and not item[0] and item[1] in _BULLETS:
            return _placed(note, follows, "", item[1], joins=True)
    return _placed(note, end, "", "-", joins=False)


def _before(note: NoteLines, passage: Passage) -> Placement:
    lines = note.lines
    start = note.line_of(passage)
    if passage.kind == "row":
        while start - 1 >= note.first and _is_row(lines[start - 1]):
            start -= 1
    if passage.kind == "item" and (item := _item(lines[start])) is not None:
        return _placed(note, start, item[0], item[1], joins=True)
    return _placed(note, start, "", "-", joins=False)


def _at_end(note: NoteLines, passages: Sequence[Passage]) -> Placement:
    lines = note.lines
    sections = [p for p in passages if p.kind == "heading" and p.text.casefold() == _NOTES]
    if not sections:
        end = _last_content(lines, len(lines), note.first)
        return _placed(note, end, "", "-", joins=False, heading=NOTES_HEADING)
    heading = sections[-1]
    at = note.line_of(heading)
    level = _level(lines, at)
    limit = len(lines)
    for later in passages[heading.index + 1 :]:
        if later.kind == "heading" and _level(lines, note.line_of(later)) <= level:
            limit = note.line_of(later)
            break
    end = _last_content(lines, limit, at + 1)
    last = next((p for p in reversed(passages) if note.line_of(p) < end), None)
    if last is not None and last.kind == "item" and last.index > heading.index:
        start = note.line_of(last)
        item = _item(lines[start])
        if item is not None and not item[0] and _end_of(lines, start, "item") == end:
            return _placed(note, end, "", _next_marker(item[1]), joins=True)
    return _placed(note, end, "", "-", joins=False)


def _placed(
    note: NoteLines,
    index: int,
    indent: str,
    marker: str,
    *,
    joins: bool,
    heading: str | None = None,
) -> Placement:
    """The placement at ``index`` (moved out of a code block), with the blank lines it needs.

    An item that joins a list needs none before it; anything else is set off from a line
    before it. After it, a line that is not a list item (a paragraph would be read as part
    of it, a heading might not be read as one) is set off too.
    """
    lines = note.lines
    index = _outside_code(lines, note.first, index)
    before = index > 0 and bool(lines[index - 1].strip()) and not joins
    after = index < len(lines) and bool(lines[index].strip()) and _item(lines[index]) is None
    return Placement(index, indent, marker, before, after, heading)


def _end_of(lines: Sequence[str], start: int, kind: str) -> int:
    """The line after the block that starts at ``start``: a list item with what is nested
    under it, a table, a heading, or a paragraph or block quote up to a blank line or the
    start of another block (a setext heading's underline is part of it)."""
    if kind == "row":
        end = start + 1
        header = start == 0 or not _is_row(lines[start - 1])
        if header and end < len(lines) and _TABLE_DELIMITER.match(lines[end]):
            end += 1  # the line under the header row, which may have no "|"
        while end < len(lines) and _is_row(lines[end]):
            end += 1
        return end
    if kind == "item" and (item := _item(lines[start])) is not None:
        return _end_of_item(lines, start, _width(item[0]) + len(item[1]) + 1)
    if _ATX.match(lines[start]):
        return start + 1
    end = start + 1
    while end < len(lines) and lines[end].strip():
        line = lines[end]
        if _SETEXT.match(line):
            return end + 1
        if (kind == "quote" and _QUOTE.match(line)) or not _starts_block(lines, end):
            end += 1
            continue
        break
    return end


def _end_of_item(lines: Sequence[str], start: int, column: int) -> int:
    """The line after the list item at ``start`` whose text starts at ``column``: its lines
    go on while indented to that column (blank lines between them included), and while
    unindented lines continue its text (lazily, as Markdown allows)."""
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if not line.strip():
            following = end
            while following < len(lines) and not lines[following].strip():
                following += 1
            if following < len(lines) and _width(lines[following]) >= column:
                end = following
                continue
            break
        if _width(line) >= column:
            if match := _FENCE.match(line.lstrip()):
                end = _code_end(lines, end, match.group(1)) or len(lines)
                continue
            end += 1
            continue
        if _starts_block(lines, end):
            break
        end += 1
    return end


def _code_end(lines: Sequence[str], start: int, fence: str) -> int | None:
    """The line after the code block whose opening fence is at ``start``; ``None`` when it
    is never closed (it runs to the end of the note)."""
    for number in range(start + 1, len(lines)):
        stripped = lines[number].strip()
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return number + 1
    return None


def _outside_code(lines: Sequence[str], first: int, index: int) -> int:
    """``index``, or the opening fence of the code block it would be inside."""
    number = first
    while number < index:
        if match := _FENCE.match(lines[number]):
            end = _code_end(lines, number, match.group(1))
            if end is None or end > index:
                return number
            number = end
            continue
        number += 1
    return index


def _last_content(lines: Sequence[str], limit: int, floor: int) -> int:
    """The line after the last line before ``limit`` (not before ``floor``) that holds text,
    a thematic break on its own not counting."""
    end = limit
    while end > floor:
        line = lines[end - 1]
        if not line.strip() or (
            _RULE.match(line) and (end - 2 < floor or not lines[end - 2].strip())
        ):
            end -= 1
            continue
        break
    return max(end, floor)


def _level(lines: Sequence[str], at: int) -> int:
    """The level of the heading at line ``at``: its ``#`` count, or 1 or 2 for one
    underlined with ``=`` or ``-``."""
    if match := _ATX.match(lines[at]):
        return len(match.group(1))
    for line in lines[at + 1 :]:
        if _SETEXT.match(line):
            return 1 if "=" in line else 2
    return 2


def _item(line: str) -> tuple[str, str] | None:
    """The indentation and marker of a list item's first line; ``None`` for any other line."""
    if _RULE.match(line):  # "- - -" and "* * *" are thematic breaks
        return None
    match = _ITEM.match(line)
    return (match.group(1), match.group(2)) if match else None


def _next_marker(marker: str) -> str:
    """The marker of the item after one marked ``marker``: ``-`` after ``-``, ``4.`` after
    ``3.``."""
    if marker in _BULLETS:
        return marker
    return f"{int(marker[:-1]) + 1}{marker[-1]}"


def _starts_block(lines: Sequence[str], index: int) -> bool:
    """Whether line ``index`` starts a block of its own, as the passages are read
    (:mod:`viewer.core.passages`), rather than going on with the text above it."""
    line = lines[index]
    return bool(
        _ATX.match(line)
        or _FENCE.match(line)
        or _QUOTE.match(line)
        or _RULE.match(line)
        or _FOOTNOTE.match(line)
        or _item(line) is not None
        or (
            "|" in line
            and index + 1 < len(lines)
            and bool(_TABLE_DELIMITER.match(lines[index + 1]))
        )
    )


def _is_row(line: str) -> bool:
    return bool(line.strip()) and "|" in line


def _width(line: str) -> int:
    """The width of ``line``'s indentation, a tab counting as four spaces."""
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
