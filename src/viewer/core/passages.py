"""A note's passages, and which timestamp each piece of text belongs to (docs/FORMAT.md).

In these notes a timestamp usually closes the sentence it cites: "…for a specified period
[02:43:00]." The *passage* of a timestamp is the block that holds it: a paragraph, a list item,
a block quote or a table row (headings and code blocks are passages too, so every piece of
text has one). Within a passage, text belongs to the first timestamp after it; text after the
last timestamp of a passage belongs to that last one. A passage without a timestamp belongs to
the latest timestamp before it in the note, and text before the first timestamp of the note
belongs to none.

:func:`note_passages` reads the Markdown source, not the rendered HTML: it is what the search
index stores (plain text per passage, with the character offset of each timestamp in it) and
what follow-along needs (the passage playing now, :meth:`viewer.core.timeline.NoteTimeline
.passage_at`). Passages are numbered in document order and carry their *section*, the nearest
heading above them. A note's passages and timestamps are read once, into its timeline
(:mod:`viewer.core.timeline`), which everything else asks.

Timestamps are found and resolved exactly as the note pane does (:mod:`viewer.core.timestamps`,
:mod:`viewer.core.timecode`): ``yt-timestamp`` anchors and links to the note's own video, not
in code, three-field values read under the note-level convention.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.core.links import parse_wikilink
from viewer.core.note import Note
from viewer.core.text import without_code
from viewer.core.timecode import Convention, Timecode, parse_remembered
from viewer.core.timestamps import (
    ANCHOR,
    FoundTimestamp,
    anchor_timestamp,
    attributes,
    own_video_start,
)
from viewer.core.video import youtube_id


@dataclass(frozen=True, slots=True)
class Moment:
    """A resolved timestamp: the seconds to seek to and the value as written in the note."""

    seconds: float
    label: str


@dataclass(frozen=True, slots=True)
class Passage:
    """One block of a note as plain text, with where its timestamps stood in that text."""

    #: Position in the note, 0 for the first passage, in document order.
    index: int
    #: ``heading``, ``paragraph``, ``item``, ``quote``, ``row`` or ``code``.
    kind: str
    text: str
    #: ``(offset, moment)`` of each timestamp in this passage, offsets into :attr:`text`.
    timestamps: tuple[tuple[int, Moment], ...]
    #: The latest timestamp before this passage in the note (``None`` before the first).
    before: Moment | None
    #: The text of the nearest heading at or above this passage, ``None`` above the first.
    section: str | None
    #: The passage's first line in the note's body, counted from 0.
    line: int

    def moment_at(self, offset: int) -> Moment | None:
        """The timestamp the text at ``offset`` belongs to (docs/FORMAT.md)."""
        return moment_at(self.timestamps, offset, self.before)

    @property
    def moment(self) -> Moment | None:
        """The timestamp the passage as a whole is "at": its first, else the one before it."""
        return self.timestamps[0][1] if self.timestamps else self.before


def moment_at(
    timestamps: Sequence[tuple[int, Moment]], offset: int, before: Moment | None = None
) -> Moment | None:
    """The first timestamp at or after ``offset``; the last one when the text follows them all;
    ``before`` when there are none."""
    if not timestamps:
        return before
    position = bisect_left([at for at, _ in timestamps], offset)
    return timestamps[min(position, len(timestamps) - 1)][1]


def passages_of(note: Note) -> list[Passage]:
    """The passages of a loaded note, its own-video links counting as timestamps."""
    return note_passages(note.body, youtube_id(note.video))


# Block structure, line by line (CommonMark's shapes, read loosely: notes are regular).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ ]?")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]\n]+\]:[ \t]*")
_TABLE_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")

# Inline syntax to take out of the text: each alternative says what the reader sees instead.
# White space and emphasis marks are dealt with between matches, by string methods: a match
# per word would cost more than all the rest of reading a note.
_INLINE = re.compile(
    r"(?=[<!\[&])"  # lets the engine skip to the next candidate (three times faster)
    # The generator's own form, read without the general attribute parser: same result.
    r"(?:(?P<stamp><a class=\"yt-timestamp\" data-t=\"(?P<t>[^\"&<>\n]{1,40})\">"
    r"\[(?P<written>[^\]<>&\n]{0,40})\]</a>)"
    r"|(?P<anchor><[aA]\b[^<>]{0,2000}>[^<]{0,200}</[aA]\s*>)"
    r"|(?P<wiki>!?\[\[(?P<inner>[^\[\]\n]{1,500}?)\]\])"
    # Possessive: a shorter URL would end on a character that cannot follow it, and trying
    # each one made "[x](" said 3,000 times take half a second.
    r"|(?P<link>!?\[(?P<text>[^\[\]\n]{0,500})\]\(\s*<?(?P<url>[^\s)>]{0,2000}+)>?"
    r"(?:\s+\"[^\"\n]{0,500}\")?\s*\))"
    r"|(?P<tag></?[A-Za-z][^<>]{0,2000}>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});))"
)
_MARKED = re.compile(r"[*`]|__")


_BREAKING_TAG = re.compile(
    r"</?(?:br|p|div|li|ul|ol|tr|td|th|table|hr|h[1-6]|blockquote|pre|section|details)\b", re.I
)


@dataclass(slots=True)
class _Block:
    kind: str
    line: int
    lines: list[str]


def _blocks(body: str) -> list[_Block]:
    """The blocks of ``body`` with their block markers taken off each line."""
    blocks: list[_Block] = []
    current: _Block | None = None
    fence: str | None = None
    table = False
    delimiter = -1  # the line under a table's header row: no passage, and it ends nothing
    lines = body.split("\n")

    def start(kind: str, number: int, text: str) -> _Block:
        block = _Block(kind, number, [text])
        blocks.append(block)
        return block

    for number, line in enumerate(lines):
        if fence is not None:
            assert current is not None
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence, current = None, None
            else:
                current.lines.append(line)
            continue
        if number == delimiter:
            continue
        if not line.strip():
            current, table = None, False
            continue
        if match := _FENCE.match(line):
            fence = match.group(1)
            current = _Block("code", number, [])
            blocks.append(current)
            continue
        if match := _ATX.match(line):
            start("heading", number, line[match.end() :].rstrip(" \t#"))
            current, table = None, False
            continue
        if current is not None and current.kind == "paragraph" and _SETEXT.match(line):
            current.kind, current = "heading", None
            continue
        if _RULE.match(line):
            current, table = None, False
            continue
        if table and "|" in line:
            start("row", number, line.replace("|", " "))
            current = None
            continue
        if (
            "|" in line
            and number + 1 < len(lines)
            and "-" in lines[number + 1]
            and _TABLE_DELIMITER.match(lines[number + 1])
        ):
            start("row", number, line.replace("|", " "))
            current, table, delimiter = None, True, number + 1
            continue
        if match := _QUOTE.match(line):
            if current is not None and current.kind == "quote":
                current.lines.append(line[match.end() :])
            else:
                current = start("quote", number, line[match.end() :])
            continue
        if match := _ITEM.match(line):
            current = start("item", number, line[match.end() :])
            continue
        if match := _FOOTNOTE.match(line):
            current = start("paragraph", number, line[match.end() :])
            continue
        if current is not None:
            current.lines.append(line)  # a continuation line, or a lazy one
        else:
            current = start("paragraph", number, line)
    return blocks


#: A timestamp found in a block: its offset in the block's text, its label and its value.
_FoundAt = tuple[int, str, Timecode]
_TRIGGERS = re.compile(r"[<\[&]")


def _plain(source: str, code: bool, video_id: str | None) -> tuple[str, list[_FoundAt]]:
    """The text a reader sees of one block's source, and its timestamps' offsets in it.

    Written for speed (it runs over every block of every note when a folder is indexed):
    white space is squeezed once for the block, what the regular expression finds is handled
    inline, the rarer elements in :func:`_shown`, emphasis marks are taken out at the end.
    """
    source = " ".join(source.split())
    if code:
        return source, []
    if not _TRIGGERS.search(source):
        return _unmarked(source, [])
    hidden = without_code(source) if "`" in source else source
    pieces: list[str] = []
    length = 0
    found: list[_FoundAt] = []
    last = 0
    for match in _INLINE.finditer(source):
        start = match.start()
        if start > last:
            piece = source[last:start]
            if piece[0] == " " and pieces and pieces[-1][-1:] == " ":
                piece = piece[1:]
            pieces.append(piece)
            length += len(piece)
        last = match.end()
        if match.lastgroup == "stamp" and hidden[start] == "<":
            data_t = match.group("t").strip()
            value = parse_remembered(data_t) or parse_remembered(match.group("written").strip())
            if value is not None:
                if pieces and pieces[-1][-1:] == " ":  # "period [02:43:00]." reads "period."
                    pieces[-1] = pieces[-1][:-1]
                    length -= 1
                found.append((length, data_t, value))
                continue
        shown, stamp = _shown(match, hidden[start] != source[start], video_id)
        if stamp is not None:
            if stamp.label is None:  # an anchor: the timestamp stands where it stood
                if pieces and pieces[-1][-1:] == " ":
                    pieces[-1] = pieces[-1][:-1]
                    length -= 1
                found.append((length, stamp.found.label, stamp.found.value))
            else:  # a link to the video: its text, then the timestamp
                found.append((length + len(shown), stamp.found.label, stamp.found.value))
        if shown[:1] == " " and (not pieces or pieces[-1][-1:] == " "):
            shown = shown[1:]
        pieces.append(shown)
        length += len(shown)
    piece = source[last:]
    if piece[:1] == " " and pieces and pieces[-1][-1:] == " ":
        piece = piece[1:]
    pieces.append(piece)
    return _unmarked("".join(pieces), found)


def _unmarked(text: str, found: list[_FoundAt]) -> tuple[str, list[_FoundAt]]:
    """``text`` without emphasis marks and outer spaces, the offsets in ``found`` moved along."""
    if "*" in text or "`" in text or "__" in text:
        cleaned = _MARKED.sub("", text)
        if found:
            found = [(len(_MARKED.sub("", text[:at])), label, value) for at, label, value in found]
        text = cleaned
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    text = stripped.rstrip()
    end = len(text)
    return text, [(min(max(at - shift, 0), end), label, value) for at, label, value in found]


@dataclass(frozen=True, slots=True)
class _Stamp:
    found: FoundTimestamp
    #: ``None`` for an anchor (it is replaced by nothing); the link's text for a link.
    label: str | None


def _shown(match: re.Match[str], in_code: bool, video_id: str | None) -> tuple[str, _Stamp | None]:
    """What the reader sees of an inline element, and the timestamp it is, if it is one."""
    kind = match.lastgroup
    if kind in ("anchor", "stamp"):
        anchor_match = ANCHOR.match(match.group(0))
        label = anchor_match.group("label") if anchor_match else ""
        attrs = attributes(anchor_match.group("attrs")) if anchor_match else {}
        anchor = anchor_timestamp(attrs, label)
        if anchor is not None and not in_code:
            if anchor.value is not None:
                return "", _Stamp(FoundTimestamp(anchor.data_t, anchor.value), None)
            return anchor.label or anchor.data_t, None
        shown = html.unescape(label)
        if video_id and not in_code and (seek := own_video_start(attrs.get("href", ""), video_id)):
            return shown, _Stamp(seek, shown)
        return shown, None
    if kind == "wiki":
        link = parse_wikilink(match.group("inner"), match.group(0).startswith("!"))
        return (link.text if link else match.group(0)), None
    if kind == "link":
        shown = match.group("text")
        if video_id and not in_code and (seek := own_video_start(match.group("url"), video_id)):
            return shown, _Stamp(seek, shown)
        return shown, None
    if kind == "tag":
        # A line break or a block element separates words; <b>, <span> and the like do not.
        return (" " if _BREAKING_TAG.match(match.group(0)) else ""), None
    return html.unescape(match.group(0)), None  # an entity


@dataclass(frozen=True, slots=True)
class Reading:
    """A note's body read once: its passages, and the timestamps' values as written."""

    #: Their moments resolved under :attr:`convention`, the video's length not known.
    passages: tuple[Passage, ...]
    #: The value of each timestamp of the passages, in document order.
    values: tuple[Timecode, ...]
    #: The note-level reading of its three-field values (docs/FORMAT.md, rule 2).
    convention: Convention


def read_body(body: str, video_id: str | None = None) -> Reading:
    """The passages of a note's body (front matter taken off), in document order, and its
    timestamps' values.

    ``video_id`` is the note's YouTube id: links to that video with a start time are
    timestamps too, as in the note pane.
    """
    blocks = _blocks(body)
    read: list[tuple[_Block, str, list[_FoundAt]]] = []
    for block in blocks:
        text, found = _plain("\n".join(block.lines), block.kind == "code", video_id)
        if text or found:
            read.append((block, text, found))
    values = tuple(value for _, _, found in read for _, _, value in found)
    convention = Convention.of(values)
    passages: list[Passage] = []
    before: Moment | None = None
    section: str | None = None
    for block, text, found in read:
        if block.kind == "heading":
            section = text
        timestamps = tuple(
            (at, Moment(convention.seconds(value), label)) for at, label, value in found
        )
        passages.append(
            Passage(len(passages), block.kind, text, timestamps, before, section, block.line)
        )
        if timestamps:
            before = timestamps[-1][1]
    return Reading(tuple(passages), values, convention)


def note_passages(body: str, video_id: str | None = None) -> list[Passage]:
    """The passages of a note's body (see :func:`read_body`)."""
    return list(read_body(body, video_id).passages)
