"""A note's passages read for the search index: their text with a mark where each timestamp
stands, and the note's timestamps in order.

Reading passages (:mod:`viewer.core.passages`) goes block by block and element by element in
Python, and works out where each timestamp stands: about half a millisecond a note, most of
what building the index cost. The index needs less at build time: the words of each passage,
and which timestamp each word belongs to when a hit is shown. So a passage is kept as its
text with :data:`MARK` (a character no tokenizer reads as a letter) where each timestamp
stood, and the note's timestamps once, in order (:class:`Marked`); a hit's moment is worked
out from the marks when it is shown (:func:`unmark`).

Most notes are written plainly, as the bundled sample and the note generators' are:
paragraphs and headings, ``yt-timestamp`` anchors in the generators' form, wiki links. For
such a body, :func:`plain_passages` reads the passages with a few operations over the whole
text: the anchors are cut out by one regular expression, each replaced by the mark; each wiki
link by its text (:func:`viewer.core.links.parse_wikilink`); the body is cut into blocks at
blank lines and ``#`` headings, and a block's white space is squeezed only where it needs to
be. A block with anything else in it (HTML, an entity, a Markdown link, code holding a
timestamp) is read by :func:`viewer.core.passages.read_body` alone, which gives it the
passage it has in the note; a body with lines of other kinds (list items, quotes, tables,
fenced code, rules, underlines, footnotes, indented lines) gives ``None``, and
:func:`marked_passages` reads it in full. Either way, :func:`unmark` gives back exactly the
passages' text and timestamps (``tests/core/test_search_rows.py`` compares them on the bundled
notes, a generated folder and random Markdown).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from viewer.core.links import parse_wikilink
from viewer.core.passages import Reading, read_body
from viewer.core.timecode import (
    Timecode,
    forget_remembered,
    parse_all_remembered,
    parse_remembered,
)

#: Stands where a timestamp stood in a passage's text: a control character, which SQLite's
#: ``unicode61`` tokenizer and the snippet's word pattern both read as a separator, and
#: ``str.split`` does not read as white space (nor SQLite's JSON as the end of the text, as NUL).
MARK = "\x02"
#: What the mark character of a note's own text is kept as (its rows' text only).
NOT_MARK = "\ufffd"
#: Put after ``[[`` where ``![[`` was (an embed), so that links are found by a pattern that
#: starts with a literal: one with an optional ``!`` first is tried at every character.
_EMBED = "\x01"
#: The anchor note generators write (docs/FORMAT.md), with times of digits, colons and dots.
_STAMP = re.compile(r'<a class="yt-timestamp" data-t="([0-9:.]{1,40})">\[[0-9:.]{0,40}\]</a>')
_WIKI = re.compile(r"\[\[([^\[\]\n]{1,501}?)\]\]")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_NUMBERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")
#: What may start a line the cut into blocks here does not read (a list item, a quote, a
#: table, fenced code, a rule, an underline, a footnote; digits and "[" are looked at again).
_OTHER_FIRST = frozenset(">*+-_=~`|:[0123456789")
#: White space that ``str.split`` squeezes, besides the space and the line break, in ASCII.
_ODD_SPACES = "\t\x0b\x0c\x1c\x1d\x1e\x1f"
_MARKED = re.compile(r"[*`]|__")
#: Separates a label from the value it was read as, where that is not the label's own
#: (an anchor whose ``data-t`` does not read as a time, but its text does).
VALUE_SEPARATOR = "\x1f"


@dataclass(slots=True)
class Marked:
    """A note's passages as the index keeps them."""

    #: ``(kind, text)`` of each passage, in order, :data:`MARK` where each timestamp stood.
    passages: list[tuple[str, str]] = field(default_factory=list)
    #: Each timestamp's label as written (``data-t``), in order; followed by
    #: :data:`VALUE_SEPARATOR` and the value's text where the label does not read as it.
    labels: list[str] = field(default_factory=list)
    #: Each timestamp's value, in order.
    values: list[Timecode] = field(default_factory=list)


_LINK_TEXTS: dict[str, str | None] = {}


def forget() -> None:
    """Let go of what reading notes here remembered (their links' texts, their times): a
    folder's read for the index is over, and 10,000 times and as many link texts of a folder
    of 50,000 notes would stay for the rest of the session."""
    _LINK_TEXTS.clear()
    forget_remembered()


def _linked(marked: str) -> str:
    """``marked`` with each wiki link replaced by its text (remembered: a folder names the
    same notes again and again); the link left as written where its text is not read here
    (its block is read in full, or the note)."""
    pieces = _WIKI.split(marked)  # text, a link's inside, text, …: no call back per link
    texts = _LINK_TEXTS
    for at in range(1, len(pieces), 2):
        inner = pieces[at]
        if inner in texts:
            text = texts[inner]
        else:
            if len(texts) >= 100_000:
                texts.clear()
            text = texts[inner] = _read_link(inner)
        pieces[at] = "[[" + inner + "]]" if text is None else text
    return "".join(pieces)


def _read_link(inner: str) -> str | None:
    embed = inner[:1] == _EMBED
    if embed:
        inner = inner[1:]
    if not 0 < len(inner) <= 500 or " ".join(inner.split()) != inner:
        return None  # white space the note's reader squeezes first: not read here
    if "|" not in inner and "#" not in inner:
        return inner  # a target alone: its text (parse_wikilink strips it, as it is)
    link = parse_wikilink(inner, embed)
    if link is None:
        return None
    text = link.text
    # A heading's closing marks are cut before its links are read: a text ending like them
    # would be cut here; one starting like a heading would start one.
    return None if text[-1] in "# \t" or text[0] == "#" else text


def plain_passages(body: str, video_id: str | None = None) -> Marked | None:
    """The passages of ``body`` as :func:`viewer.core.passages.read_body` reads them, marked;
    ``None`` when the body has lines of kinds only that function reads."""
    if MARK in body or _EMBED in body or VALUE_SEPARATOR in body:
        return None
    parts = _STAMP.split(body)
    labels: list[str] = parts[1::2]
    values = parse_all_remembered(labels)
    if None in values:
        return None
    marked = MARK.join(parts[0::2]) if labels else body
    if "[[" in marked:
        if "!" in marked:
            marked = marked.replace("![[", "[[" + _EMBED)
        marked = _linked(marked)
        if _EMBED in marked:
            return None
    plain_spaces = body.isascii() and not any(space in body for space in _ODD_SPACES)
    whole = _whole(body, marked, plain_spaces)
    if whole is not None:
        return Marked(whole, labels, values)  # type: ignore[arg-type]  # no None in values
    lines = body.split("\n")
    texts = marked.split("\n")
    note = _Reader(lines, texts, labels, values, video_id, plain_spaces)  # type: ignore[arg-type]
    start = -1  # the first line of the paragraph being read, if any
    for number, line in enumerate(lines):
        first = line[:1]
        if not first or (first.isspace() and not line.strip()):
            if start >= 0:
                note.paragraph(start, number)
                start = -1
            continue
        if first == "#" and (heading := _ATX.match(line)):
            if start >= 0:
                note.paragraph(start, number)
                start = -1
            text = texts[number][heading.end() :].rstrip(" \t#")
            note.block("heading", text, number, number + 1)
            continue
        if first in _OTHER_FIRST:
            if first == "[":
                if line[1:2] == "^":
                    return None
            elif not first.isdigit() or _NUMBERED.match(line):
                return None
        elif first.isspace():
            return None
        if start < 0:
            start = number
    if start >= 0:
        note.paragraph(start, len(lines))
    return note.marked


#: A line that may start a block of another kind than a paragraph or a heading, or with white
#: space (and a body's first character, after a line break put before it).
_LINE_START = re.compile(
    "\n[>*+\\-_=~`|:\\[0-9 \t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
    "\u202f\u205f\u3000]"
)
#: Where a plain body's blocks part: blank lines, and before a heading.
_PARTS = re.compile(r"\n(?:\n+|(?=#{1,6}(?:[ \t]|\n|$)))")
#: A ``<br>`` that ends its block reads as nothing (it breaks a line that ends anyway).
_LAST_BREAK = re.compile(r"<br ?/?>[ \t]*(?=\n\n|\n#{1,6}[ \t]|\n?$)")
#: A "#" before a break: in a heading, text that a closing sequence of "#"s is not (the break
#: stands after them), which it would seem to be once the break is taken out.
_HASH_BEFORE_BREAK = re.compile(r"#[ \t]*<br")


def _whole(body: str, marked: str, plain_spaces: bool) -> list[tuple[str, str]] | None:
    """The passages of a body of paragraphs and headings only, with nothing else to read in
    them, by operations on the whole marked text; ``None`` for any other body."""
    if _LINE_START.match("\n" + body[:1]):
        return None
    for match in _LINE_START.finditer(body):
        at = match.end() - 1
        char = body[at]
        if char == "[":
            if body.startswith("[^", at):
                return None
        elif not char.isdigit() or _NUMBERED.match(body, at):
            return None
    text = marked
    if "<" in text:
        if _HASH_BEFORE_BREAK.search(text):
            return None  # the break keeps a heading's last "#"s from closing it
        text = _LAST_BREAK.sub("", text)
        if "<" in text:
            return None
    # A character looked for first, then the pair: a pair is looked for at a tenth of the
    # speed, and the characters rarely occur in notes' text.
    if (
        "&" in text
        or ("[" in text and "[[" in text)
        or ("]" in text and "](" in text)
        or (MARK in text and "`" in text)
    ):
        return None
    squeeze = not plain_spaces or "  " in text
    emphasis = "*" in text or ("_" in text and "__" in text) or "`" in text
    short = not (squeeze or emphasis)
    if short and MARK in text:
        # The space before each timestamp goes (as in _add_plain), for the whole text at once;
        # a heading's text starting with one would lose the space that makes it a heading.
        text = text.replace(" " + MARK, MARK)
        if "#" + MARK in text:
            return None
    passages: list[tuple[str, str]] = []
    for part in _PARTS.split(text):
        if part[:1] == "#" and (heading := _ATX.match(part)):
            end = part.find("\n")
            head = (part[heading.end() :] if end < 0 else part[heading.end() : end]).rstrip(" \t#")
            _add_plain(passages, "heading", head, squeeze, emphasis)
            if end < 0:
                continue
            part = part[end + 1 :]
        if short and "\n" not in part:
            # A one-line paragraph of plain text: stripped, and its marks at either end seen to.
            part = part.strip()
            if part and (part[0] == MARK or part[-1] == MARK):
                part = _edges(part)
            if part:
                passages.append(("paragraph", part))
            continue
        _add_plain(passages, "paragraph", part, squeeze or "\n" in part, emphasis)
    return passages


def _add_plain(
    passages: list[tuple[str, str]], kind: str, text: str, squeeze: bool, emphasis: bool
) -> None:
    text = " ".join(text.split()) if squeeze else text.strip()
    if MARK in text:
        text = text.replace(" " + MARK, MARK)
    if emphasis and ("*" in text or "__" in text or ("`" in text and MARK not in text)):
        text = _MARKED.sub("", text).strip()
    if text and (text[0] == MARK or text[-1] == MARK):
        text = _edges(text)
    if text:
        passages.append((kind, text))


class _Reader:
    """Reads the blocks of one body into :class:`Marked`."""

    __slots__ = ("labels", "lines", "marked", "next", "plain_spaces", "texts", "values", "video_id")

    def __init__(
        self,
        lines: list[str],
        texts: list[str],
        labels: list[str],
        values: list[Timecode],
        video_id: str | None,
        plain_spaces: bool,
    ) -> None:
        self.lines, self.texts, self.video_id = lines, texts, video_id
        self.labels, self.values = labels, values
        #: No white space but single spaces and line breaks: a one-line block needs squeezing
        #: only where spaces are doubled.
        self.plain_spaces = plain_spaces
        self.marked = Marked()
        #: The first of ``labels`` not read yet (the anchors of the blocks before it are).
        self.next = 0

    def paragraph(self, start: int, end: int) -> None:
        text = self.texts[start] if end == start + 1 else " ".join(self.texts[start:end])
        self.block("paragraph", text, start, end)

    def block(self, kind: str, text: str, start: int, end: int) -> None:
        """Read one block: lines ``start`` to ``end``, ``text`` its marked text."""
        if not self.plain_spaces or end > start + 1 or "  " in text or text[:1] == " ":
            text = " ".join(text.split())
        elif text[-1:] == " ":
            text = text.rstrip()
        marked = self.marked
        taken = self.next
        marks = text.count(MARK)
        self.next = taken + marks
        if "<" in text or "&" in text or "[[" in text or "](" in text or (marks and "`" in text):
            # As the note pane's passages are read: the block alone gives the same passage.
            _add(marked, read_body("\n".join(self.lines[start:end]), self.video_id))
            return
        if marks:
            text = text.replace(" " + MARK, MARK)
            marked.labels.extend(self.labels[taken : self.next])
            marked.values.extend(self.values[taken : self.next])
        if "*" in text or "__" in text or ("`" in text and not marks):
            text = _MARKED.sub("", text).strip()
        if marks and (text[0] == MARK or text[-1] == MARK):
            text = _edges(text)
        if text:
            marked.passages.append((kind, text))


def _edges(text: str) -> str:
    """``text`` without the white space that its marks at either end cover: the reader's text
    is stripped once the timestamps are out, and those stand at its ends."""
    lead = len(text) - len(text.lstrip(MARK))
    if lead and text[lead : lead + 1].isspace():
        text = text[:lead] + text[lead:].lstrip()
    trail = len(text) - len(text.rstrip(MARK))
    if trail and text[-trail - 1 : -trail].isspace():
        text = text[:-trail].rstrip() + text[-trail:]
    return text


def _add(marked: Marked, reading: Reading) -> None:
    """Add the passages read in full to ``marked``: a mark where each timestamp stands."""
    values = iter(reading.values)
    for passage in reading.passages:
        # The mark's character in a note's own text (a damaged file) is kept as U+FFFD.
        text = passage.text.replace(MARK, NOT_MARK) if MARK in passage.text else passage.text
        for at, _moment in reversed(passage.timestamps):
            text = text[:at] + MARK + text[at:]
        marked.passages.append((passage.kind, text))
        for _at, moment in passage.timestamps:
            value = next(values)
            label = moment.label.replace("\n", " ")
            if parse_remembered(label) != value or VALUE_SEPARATOR in label:
                label = label.replace(VALUE_SEPARATOR, " ") + VALUE_SEPARATOR + value.text
            marked.labels.append(label)
            marked.values.append(value)


def marked_passages(body: str, video_id: str | None = None) -> Marked:
    """The passages of ``body`` marked: the short way when it is plain, else in full."""
    plain = plain_passages(body, video_id)
    if plain is not None:
        return plain
    marked = Marked()
    _add(marked, read_body(body, video_id))
    return marked


def unmark(text: str) -> tuple[str, list[int]]:
    """A marked passage's text as the reader reads it, and where its timestamps stand in it
    (as :attr:`viewer.core.passages.Passage.timestamps` gives them)."""
    if MARK not in text:
        return text, []
    offsets: list[int] = []
    at = text.find(MARK)
    while at >= 0:
        offsets.append(at - len(offsets))
        at = text.find(MARK, at + 1)
    return text.replace(MARK, ""), offsets


def stamp_at(offsets: list[int], offset: int) -> int:
    """How many of a passage's timestamps stand before ``offset`` (its text belongs to the
    next one: :func:`viewer.core.passages.moment_at`)."""
    return bisect.bisect_left(offsets, offset)
