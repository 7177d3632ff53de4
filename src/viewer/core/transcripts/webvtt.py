"""Reading WebVTT as the W3C's parsing algorithm reads it: each cue's times and its text.

The file must start with ``WEBVTT`` (after an optional byte order mark), then a space, a tab
or a line break; anything else is not WebVTT. Then come blocks: a cue is an optional id line,
a timing line ``start --> end [settings]`` and text lines up to a blank line. As in the
specification, a line holding ``-->`` inside a cue's text ends that cue and starts the next
one, and NOTE, STYLE and REGION blocks are not cues. A timing line whose times are not
``mm:ss.ttt`` or ``h:mm:ss.ttt`` (two digits for minutes and seconds, three for the fraction)
drops its cue, and the problem names its line. A cue that ends before it starts is kept, as
browsers keep it.

A three-hour talk's auto-captions hold some 10,000 cues, so the common shapes are read
without a Python step per cue: a file whose cues all have the same number of lines is read
by slicing its lines, and one whose blocks are all simple by one regular expression; each
shortcut is taken only when checks over the whole file show it gives what the algorithm
gives, and anything else is read line by line, as the specification says.

:class:`CueList` keeps each cue's times and text as written, tags and all (the inline word
times of auto-captions are read from them); :func:`seconds_of` gives the times in seconds
and :func:`plain_text` the text a reader sees.
"""

from __future__ import annotations

import html
import re
import sys
from array import array
from collections.abc import Sequence
from itertools import repeat
from operator import add, floordiv, itemgetter, mod, mul, truediv

#: Larger hours are a typo or an attack: ``int`` refuses to read very long numbers.
_MAX_HOUR_DIGITS = 9

# A timestamp as the algorithm accepts it: two-digit minutes and seconds up to 59, three
# digits of fraction, and hours (any number of digits) or none. [0-9], not \d, which takes
# any script's digits.
_STAMP = rf"((?:[0-9]{{1,{_MAX_HOUR_DIGITS}}}:)?[0-5][0-9]:[0-5][0-9]\.[0-9]{{3}})(?![0-9])"
_SPACE = r"[ \t\f]*"
_TIMING = rf"{_SPACE}{_STAMP}{_SPACE}-->{_SPACE}{_STAMP}[^\n]*"
#: A timing line: its start and end as written.
_TIMING_LINE = re.compile(_TIMING)
#: A cue whose timing line follows a line break, and its text up to a blank line.
_SIMPLE_CUE = re.compile(rf"\n{_TIMING}((?:\n[^\n]+)*)")
# Any timestamp as the algorithm collects it, to say why one is refused (_stamp_problem).
_ANY_STAMP = r"([0-9]+):([0-9]+)(?::([0-9]+))?\.([0-9]+)"
_ANY_TIMING = re.compile(rf"{_SPACE}{_ANY_STAMP}{_SPACE}-->{_SPACE}{_ANY_STAMP}")
# The tokenizer's tags: ``<`` opens one and ``>`` (or the end of the text) closes it.
_TAG = re.compile(r"<[^>]*>?")
_STAMP_ALONE = re.compile(_STAMP)
#: A timestamp's layout, any digits in it (as :mod:`.speech` finds inline times).
_ANY_STAMP_ALONE = re.compile(
    rf"(?:[0-9]{{1,{_MAX_HOUR_DIGITS}}}:)?[0-9]{{2}}:[0-9]{{2}}\.[0-9]{{3}}"
)
# A valid timestamp's hours and minutes, and its seconds (``ss.ttt``).
_BEFORE_SECONDS = itemgetter(slice(None, -7))
_SECONDS = itemgetter(slice(-6, None))


class CueList:
    """The cues of a WebVTT file in file order, as written: each cue's start and end (valid
    timestamps, as text) and its text, tags and all; and the problems met.

    What the fast readers found is kept as they found it (the timing lines with where their
    times are in them, the columns of text lines) and taken apart only when asked for.
    """

    __slots__ = ("_columns", "_texts", "_times", "_timings", "problems")

    def __init__(
        self,
        times: list[tuple[str, str]] | None = None,
        texts: list[str] | None = None,
        problems: list[str] | None = None,
        *,
        timings: tuple[list[str], tuple[int, int, int, int]] | None = None,
        columns: Sequence[list[str]] = (),
    ) -> None:
        self._times = times
        self._timings = timings
        self._texts = texts
        self._columns = columns
        self.problems = problems if problems is not None else []
        if times is None and timings is None:
            self._times = []

    def __len__(self) -> int:
        return len(self._times) if self._times is not None else len(self._timing_lines())

    def _timing_lines(self) -> list[str]:
        return self._timings[0] if self._timings is not None else []

    def end(self, index: int) -> str:
        """The end of cue ``index``, as written."""
        return self._stamps(1, [index])[0]

    def starts(self, indices: Sequence[int] | None = None) -> list[str]:
        """Every cue's start as written, or those of the cues at ``indices``."""
        return self._stamps(0, indices)

    def ends(self, indices: Sequence[int] | None = None) -> list[str]:
        """Every cue's end as written, or those of the cues at ``indices``."""
        return self._stamps(1, indices)

    def _stamps(self, which: int, indices: Sequence[int] | None) -> list[str]:
        if self._times is not None:
            times = self._times
            if indices is None:
                return [pair[which] for pair in times]
            return [times[index][which] for index in indices]
        lines, spans = self._timings or ([], (0, 0, 0, 0))
        start, end = spans[2 * which], spans[2 * which + 1]
        if indices is None:
            return [line[start:end] for line in lines]
        return [lines[index][start:end] for index in indices]

    def texts(self) -> list[str]:
        """Each cue's text, its lines joined by line breaks."""
        if self._texts is None:
            if not self._columns:
                self._texts = [""] * len(self)
            elif len(self._columns) == 1:
                self._texts = self._columns[0]
            else:
                self._texts = ["\n".join(lines) for lines in zip(*self._columns, strict=True)]
        return self._texts

    def last_lines(self) -> list[str]:
        """Each cue's last line of text ("" for a cue without text)."""
        if self._columns:
            return self._columns[-1]
        return [text[text.rfind("\n") + 1 :] for text in self.texts()]


def is_webvtt(text: str) -> bool:
    """Whether ``text`` starts as a WebVTT file must: ``WEBVTT``, then a space, tab or line
    break, or nothing more."""
    text = text[1:] if text.startswith("\ufeff") else text
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\n\r")


def normalized(text: str) -> str:
    """The text as the algorithm reads it: no byte order mark, line feeds only, and U+FFFD
    for NUL."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def parse_webvtt(text: str) -> CueList | None:
    """The cues of a WebVTT text in file order, as written, and the problems met; ``None``
    when the text is not WebVTT."""
    if not is_webvtt(text):
        return None
    return read_webvtt(normalized(text))


def read_webvtt(text: str) -> CueList:
    """The cues of a WebVTT text already known to be one and :func:`normalized`."""
    return _uniform(text) or _simple(text) or _by_lines(text)


def _uniform(text: str) -> CueList | None:
    """The cues of a file whose cues all have the same number of lines (and all an id line
    or none), as yt-dlp writes them: read by slicing the list of lines. ``None`` when the
    file is not so."""
    lines = text.rstrip("\n").split("\n")
    lines.append("")  # every block ends with a blank line, the last one too
    header = 1
    while lines[header] and "-->" not in lines[header]:
        header += 1
    if lines[header]:  # the header runs into a cue
        return None
    first = header
    while first < len(lines) - 1 and not lines[first]:
        first += 1
    if first == len(lines) - 1:
        return CueList()
    size = lines.index("", first) - first + 1  # the first block's lines, the blank one too
    arrow = 0 if "-->" in lines[first] else 1
    if (len(lines) - first) % size or size < 2 + arrow or any(lines[first + size - 1 :: size]):
        return None
    if not all(all(lines[first + line :: size]) for line in range(size - 1)):
        return None  # a block with fewer lines, and blank lines between two blocks
    columns = [lines[first + line :: size] for line in range(size - 1) if line != arrow]
    if any("-->" in "\n".join(column) for column in columns):
        return None  # an arrow in an id or text line starts a cue of its own
    timings = lines[first + arrow :: size]
    spans = _spans(timings)
    if spans is None:
        return None  # a timing line that is not one: line by line says which
    return CueList(timings=(timings, spans), columns=columns[arrow:])


# Which digits a valid timestamp may have where: 0 to 5 (the tens of minutes and seconds) or
# any. A line's shape, its digits mapped to one of each kind, is valid exactly when it is.
_SHAPE = str.maketrans("0123456789", "0000009999")
#: Every digit as 0: lines written alike (times in the same places) then read the same.
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


def _spans(timings: list[str]) -> tuple[int, int, int, int] | None:
    """Where the start and end are in every one of ``timings``, if they are all valid timing
    lines with their times in the same places; else ``None``.

    Lines written alike are checked at once (:func:`alike_spans`); others by their shapes, of
    which a file has a few hundred at most: the regular expression runs on each shape once,
    not on each of 10,000 lines.
    """
    joined = "\n".join(timings)
    spans = alike_spans(joined, len(timings[0]) + 1)
    if spans is not None:
        return spans
    shapes = set(joined.translate(_SHAPE).split("\n"))
    found = set()
    for shape in shapes:
        match = _TIMING_LINE.fullmatch(shape)
        if match is None:
            return None
        found.add((*match.span(1), *match.span(2)))
    return found.pop() if len(found) == 1 else None


def alike_spans(joined: str, width: int) -> tuple[int, int, int, int] | None:
    """Where the start and end are in every line of ``joined`` (lines joined by line breaks,
    ``width`` characters apart with their break), when all are valid timing lines written
    alike: the same characters in the same places but for digits, and the tens of minutes
    and of seconds at most 5 in each. ``None`` when they are not alike.

    One translation and one comparison of the whole text, and the tens read as columns (a
    slice with a step): no step per line.
    """
    first = joined[: width - 1]
    match = _TIMING_LINE.fullmatch(first)
    if match is None or (len(joined) + 1) % width:
        return None
    layout = first.translate(_DIGITS_AS_ZERO) + "\n"
    if joined.translate(_DIGITS_AS_ZERO) + "\n" != layout * ((len(joined) + 1) // width):
        return None
    for stamp_end in (match.end(1), match.end(2)):
        for tens in (stamp_end - 9, stamp_end - 6):  # of the minutes, of the seconds
            if joined[tens::width].strip("012345"):
                return None
    return (*match.span(1), *match.span(2))


def _simple(text: str) -> CueList | None:
    """The cues of a file whose blocks all have their timing line first (or after an id
    line) and no other arrow: read by one regular expression. ``None`` when it is not so."""
    start = text.find("\n")
    if start < 0:
        return CueList()
    found = _SIMPLE_CUE.findall(text, start)
    if text.count("-->", start) != len(found):
        return None  # an arrow in a text line, or a timing line that is not one
    times = [(begin, end) for begin, end, _text in found]
    return CueList(times, [written[1:] for _begin, _end, written in found])


def _by_lines(text: str) -> CueList:
    """The algorithm's block loop, line by line, for every other file."""
    times: list[tuple[str, str]] = []
    texts: list[str] = []
    problems: list[str] = []
    lines = text.split("\n")
    at = 1
    # The header: up to a blank line, or to a line holding an arrow (the first cue).
    while at < len(lines) and lines[at] and "-->" not in lines[at]:
        at += 1
    while at < len(lines):
        if not lines[at]:
            at += 1
            continue
        at = _block(lines, at, times, texts, problems)
    return CueList(times, texts, problems)


def _block(
    lines: list[str],
    at: int,
    times: list[tuple[str, str]],
    texts: list[str],
    problems: list[str],
) -> int:
    """The algorithm's "collect a WebVTT block" from line ``at`` (from 0): adds the cue it
    finds, if any, and gives the line after the block."""
    count, seen_arrow, found = 0, False, None
    buffer: list[str] = []
    while at < len(lines) and lines[at]:
        line = lines[at]
        count += 1
        if "-->" in line:
            if count == 1 or (count == 2 and not seen_arrow):
                seen_arrow = True
                found = _timing(line, at + 1, problems)
                if found is not None:
                    buffer = []  # the id line is not text
                at += 1
                continue
            break  # this line starts the next block
        buffer.append(line)
        at += 1
    if found is not None:
        times.append(found)
        texts.append("\n".join(buffer))
    return at


def _timing(line: str, number: int, problems: list[str]) -> tuple[str, str] | None:
    """The start and end of a timing line, or ``None`` and a problem naming line
    ``number``."""
    match = _TIMING_LINE.fullmatch(line)
    if match is not None:
        return match.group(1), match.group(2)
    shown = line if len(line) <= 60 else line[:59] + "…"
    why = "is not a cue's time (mm:ss.ttt or hh:mm:ss.ttt, then --> and the end)"
    written = _ANY_TIMING.match(line)
    if written is not None:
        for stamp in (written.groups()[:4], written.groups()[4:]):
            if (reason := _stamp_problem(*stamp)) is not None:
                why = reason
                break
    problems.append(f"Line {number}: '{shown}' {why}; the cue is dropped.")
    return None


def _stamp_problem(first: str, second: str, third: str | None, fraction: str) -> str | None:
    """Why a timestamp the algorithm collected is refused, or ``None`` if it is not."""
    two_fields = third is None
    if len(fraction) != 3:
        return "has a time whose fraction is not three digits"
    if len(second) != 2 or (two_fields and len(first) != 2) or (third and len(third) != 2):
        return "has a time whose minutes or seconds are not two digits"
    if len(first) > _MAX_HOUR_DIGITS:
        return "has a time too large to be one"
    minutes, seconds = (first, second) if two_fields else (second, third or "")
    if int(minutes) > 59 or int(seconds) > 59:
        return "has a time with 60 minutes or seconds or more"
    return None


def seconds(stamp: str) -> float:
    """The seconds of a valid timestamp: ``01:02:03.500`` -> ``3723.5``."""
    hours_minutes = stamp[:-7]
    whole = 0
    for part in hours_minutes.split(":"):
        whole = whole * 60 + int(part)
    return whole * 60 + float(stamp[-6:])


def seconds_of(stamps: Sequence[str]) -> list[float]:
    """The seconds of many valid timestamps, each ``hh:mm`` worked out once (and the rest
    by ``map``, without a Python step per timestamp)."""
    hours_minutes = list(map(_BEFORE_SECONDS, stamps))
    minutes = {key: seconds(key + ":00.000") for key in set(hours_minutes)}
    whole_minutes = map(minutes.__getitem__, hours_minutes)
    return list(map(add, whole_minutes, map(float, map(_SECONDS, stamps))))


def milliseconds(stamp: str) -> int:
    """The milliseconds of a timestamp (``01:02:03.500`` -> ``3723500``): exact, where
    seconds are a float. A time is kept so until a cue is made of it."""
    whole = 0
    for part in stamp[:-7].split(":"):
        whole = whole * 60 + int(part)
    return (whole * 60 + int(stamp[-6:-4])) * 1000 + int(stamp[-3:])


def milliseconds_of(stamps: Sequence[str]) -> list[int]:
    """The milliseconds of many timestamps: at once when they are written alike (yt-dlp
    writes every one as ``hh:mm:ss.mmm``), else one by one."""
    count = len(stamps)
    if count:
        width = len(stamps[0])
        joined = "".join(stamps)
        layout = stamps[0].translate(_DIGITS_AS_ZERO)
        if (
            len(joined) == width * count
            and _ANY_STAMP_ALONE.fullmatch(layout) is not None
            and joined.translate(_DIGITS_AS_ZERO) == layout * count
        ):
            return milliseconds_in_columns(joined, (0, width), width, count)
    return [milliseconds(stamp) for stamp in stamps]


def milliseconds_in_columns(text: str, span: tuple[int, int], step: int, count: int) -> list[int]:
    """The milliseconds of ``count`` timestamps written alike, ``step`` characters apart in
    ``text``, the first at ``span`` (its start and end).

    Each digit of all of them is read at once, as a column (a slice with a step); the
    columns become the slots (four or eight bytes) of one large integer, so that adding each
    column times its worth in milliseconds (10 for a hundredth, 60,000 for a minute...) adds
    every timestamp's digits in its own slot, in C.
    """
    start, end = span
    digits = end - start - (3 if end - start > len("mm:ss.ttt") else 2)  # not ':' or '.'
    # Four bytes a slot hold 99 hours; more hours need eight.
    size = 4 if digits <= len("hhmmssttt") and _FOUR_BYTES else 8
    slots = bytearray(size * count)
    total = 0
    for back, worth in _DIGIT_WORTH[:digits]:
        first = end - back
        column = text[first : first + (count - 1) * step + 1 : step]
        slots[::size] = column.encode("ascii").translate(_DIGIT_VALUE)
        total += worth * int.from_bytes(slots, "little")
    values = array(_FOUR_BYTES if size == 4 else "Q")
    values.frombytes(total.to_bytes(size * count, sys.byteorder))
    return values.tolist()


#: Each digit of a timestamp (counted from its end) and its worth in milliseconds: the
#: thousandths, the seconds, the minutes, then the hours (as many digits as there are).
_DIGIT_WORTH = [
    (1, 1),
    (2, 10),
    (3, 100),
    (5, 1000),
    (6, 10_000),
    (8, 60_000),
    (9, 600_000),
    *((11 + power, 3_600_000 * 10**power) for power in range(_MAX_HOUR_DIGITS)),
]
_DIGIT_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
#: The array type of four-byte numbers ("I" wherever Python runs, but not by law).
_FOUR_BYTES = "I" if array("I").itemsize == 4 else ""


def seconds_of_milliseconds(values: Sequence[int]) -> list[float]:
    """Milliseconds as seconds, worked out as :func:`seconds` works out a timestamp (whole
    minutes, plus the seconds within the minute), so both give the same float."""
    minutes = map(mul, map(floordiv, values, repeat(60_000)), repeat(60))
    return list(map(add, minutes, map(truediv, map(mod, values, repeat(60_000)), repeat(1000))))


def are_stamps(stamps: Sequence[str]) -> bool:
    """Whether every one of ``stamps`` is a valid timestamp or empty, checked by their shapes
    (a few hundred at most) rather than one by one."""
    shapes = set("\n".join(stamps).translate(_SHAPE).split("\n"))
    return all(not shape or _STAMP_ALONE.fullmatch(shape) for shape in shapes)


def plain_text(text: str) -> str:
    """A cue's text as a reader sees it: tags (``<v Speaker>``, ``<c.x>``, ``<i>``, ``<b>``,
    ``<u>``, ``<ruby>``, ``<rt>``, ``<lang>``, inline times) left out, character references
    (``&amp;``) decoded, spaces within a line made single, empty lines dropped."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
