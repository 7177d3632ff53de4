"""The auto-captions yt-dlp writes, read straight from their lines: a shortcut to the same speech.

yt-dlp writes YouTube's auto-captions as pairs of cues (shared/TRANSCRIPTS.md): a cue whose
second line brings the new words, each after its inline time, then a 10 ms cue that repeats
those words over a line holding one space::

    00:00:02.640 --> 00:00:05.110 align:start position:0%
    so today we're going to talk
    about<00:00:02.960><c> the</c><00:00:03.360><c> router</c>

    00:00:05.110 --> 00:00:05.120 align:start position:0%
    about the router
    (a line holding one space)

So after the header every pair is the same eight lines: a blank one, a timing line, the words
before, the new words, a blank line, a timing line, the new words again, a space. Read the
general way, such a file is cut into 10,000 cues (:mod:`.webvtt`) whose last lines are then
picked (:mod:`.speech`). Here the file's lines are taken as eight columns (slices with a
step), and each column is checked at once:

* the blank lines are blank, the spaces are spaces, and no text line is empty or holds
  ``-->`` (which would start a cue of its own), nor does the header: so the W3C's algorithm
  finds exactly these cues, the new words as the last line of each first one;
* every timing line is valid and written like the first (:func:`.webvtt.alike_spans`): no
  cue is dropped, no problem named, and the starts are read as columns of digits;
* the 10 ms cues' lines are the new words without their tags, which makes them the text said
  without a pass over 30,000 tags (:func:`_said_as_written`; else the tags are taken out).

Any other file gives ``None`` and is read the general way.
"""

from __future__ import annotations

from viewer.core.transcripts.cues import Cue
from viewer.core.transcripts.speech import (
    ROLLING,
    has_sentence_marks,
    irregular_spaces,
    last_stamps,
    without_tags,
    words_as_speech,
)
from viewer.core.transcripts.webvtt import alike_spans, milliseconds_in_columns, milliseconds_of

#: The lines of a pair, from its blank line: the words before, the new words, the new words
#: again and the space are its third, fourth, seventh and eighth.
_PAIR = 8
_REPEATED, _WRITTEN, _SAID, _SPACE = 2, 3, 6, 7
#: A space between two words, as the line with tags has it, every digit read as 0.
_TIMED_SPACE = b"<00:00:00.000><c> "
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LAYOUT = str.maketrans("123456789", "000000000")
#: Stands in for the bytes of a ``</c>`` until the translation drops them.
_GONE = b"\x01"
#: Where an inline time's digits are in a space so written (0xff); every other byte as 0,
#: as the translation that keeps only spaces makes the words.
_TIME_DIGITS = bytes(0xFF if char in b"0123456789" else 0 for char in _TIMED_SPACE)
_SPACES_ONLY = bytes(char if char == ord(" ") else 0 for char in range(256))
_UTF8, _SURROGATES = "utf-8", "surrogatepass"
#: The pairs looked at together.
_CHUNK = 1024


def rolling_speech(text: str) -> list[Cue] | None:
    """The speech of a WebVTT text (normalized: line feeds only) made of pairs of rolling
    auto-captions, as :func:`.speech.as_speech` gives it; ``None`` for any other text."""
    lines = text.split("\n")
    while lines[-1] == "" and len(lines) > 1:  # line breaks at the end (no copy of the text)
        lines.pop()
    try:
        header = lines.index("", 1)  # the header ends at the first blank line
    except ValueError:
        return None
    pairs, rest = divmod(len(lines) - header, _PAIR)
    if rest or not pairs or any("-->" in line for line in lines[1:header]):
        return None
    repeated, written, said, space = (
        lines[header + line :: _PAIR] for line in (_REPEATED, _WRITTEN, _SAID, _SPACE)
    )
    if any(lines[header::4]) or space.count(" ") != pairs:
        return None  # a blank line that is not, or a last line other than the space
    if not (all(repeated) and all(written) and all(said)):
        return None  # an empty line would end its cue there
    timings = lines[header + 1 :: 4]  # the pair's two timing lines, pair after pair
    del lines  # the rest of the file's lines, done with
    width = len(timings[0]) + 1  # each timing line's, with its break, if all alike
    layout = timings[0].translate(_LAYOUT)
    spans = alike_spans(timings[0], width)  # where the times are in the first
    if spans is None:
        return None
    starts: list[int] = []
    timed = as_written = False
    plain_said = True  # no "&", no spaces but single ones, no sentence's end
    # About a thousand pairs at a time, which stay in the processor's cache while looked at.
    for at in range(0, pairs, _CHUNK):
        # The timing lines valid and alike (as the first of all), the starts read off them.
        some_timings = "\n".join(timings[2 * at : 2 * (at + _CHUNK)])
        if (
            alike_spans(some_timings, width) != spans
            or timings[2 * at].translate(_LAYOUT) != layout
        ):
            return None
        count = min(_CHUNK, pairs - at)
        starts += milliseconds_in_columns(some_timings, spans[:2], 2 * width, count)
        # The text lines: no arrow in them; inline times in the new words; said as written?
        some_written = "\n".join(written[at : at + _CHUNK])
        some_said = "\n".join(said[at : at + _CHUNK])
        for part in (some_written, some_said, "\n".join(repeated[at : at + _CHUNK])):
            if "-" in part and "-->" in part:
                return None
        timed = timed or ROLLING.search(some_written) is not None
        as_written = (as_written or not at) and _said_as_written(some_written, some_said)
        plain_said = plain_said and not (
            "&" in some_said or irregular_spaces(some_said) or has_sentence_marks(some_said)
        )
    del repeated
    if not timed:
        return None  # words without inline times: read as the cues they are
    if as_written:
        # A line of new words all white space (which the general reading leaves out) is
        # then said as it is, and left out as a line without words.
        plain = None if plain_said else "\n".join(said)
        texts, stamps = said, _last_times(written)
    elif all(map(str.strip, written)):  # else such a line would count as one more
        plain, texts, stamps = without_tags("\n".join(written)), None, last_stamps(written)
    else:
        return None
    start_from, start_to, end_from, end_to = spans  # where the times are in a timing line
    if not all(stamps):  # a line without inline times: its last word at its cue's start
        stamps = [
            stamp or timing[start_from:start_to]
            for stamp, timing in zip(stamps, timings[::2], strict=True)
        ]
    return words_as_speech(
        plain,
        written,
        starts,
        milliseconds_of(stamps),  # yt-dlp's, all hh:mm:ss.ttt: read as columns too
        lambda at: timings[2 * at][end_from:end_to],
        texts,
    )


def _said_as_written(written: str, said: str) -> bool:
    """Whether the lines of the 10 ms cues (``said``) are the lines of new words
    (``written``) without their tags, as the tags are taken out of them
    (:func:`.speech.without_tags`).

    They are when said holds no ``<``, and the new words without their ``</c>``, every digit
    read as 0, are said (every digit read as 0) with each space written as an inline time and
    a c tag: then every ``<`` of the new words opens a whole tag, and the words between the
    tags are said's but perhaps for their digits. Those are compared last, when said has
    any: both texts as large integers, which must be equal but where the times' digits are.
    All on the bytes: each ``</c>`` replaced by as many bytes that the translation then drops
    (cheaper than taking it out at once), and the spaces replaced; then comparisons.
    """
    if "<" in said or "\x01" in written:
        return False
    data, expected = written.encode(_UTF8, _SURROGATES), said.encode(_UTF8, _SURROGATES)
    unclosed = data.replace(b"</c>", _GONE * len(b"</c>"))
    digits = any(map(said.__contains__, "0123456789"))
    if unclosed.translate(_DIGITS_AS_ZERO, _GONE) != (
        expected.translate(_DIGITS_AS_ZERO) if digits else expected
    ).replace(b" ", _TIMED_SPACE):
        return False
    if not digits:
        return True
    # The words' digits: the texts may differ only where the mask marks a time's digit.
    tagged = int.from_bytes(unclosed.translate(None, _GONE), "little")
    times = expected.translate(_SPACES_ONLY).replace(b" ", _TIME_DIGITS)
    difference = tagged ^ int.from_bytes(expected.replace(b" ", _TIMED_SPACE), "little")
    return difference & ~int.from_bytes(times, "little") == 0


def _last_times(written: list[str]) -> list[str]:
    """The last inline time of each line of new words ("" for none), when they are the
    words said with an inline time and a c tag before each but the first
    (:func:`_said_as_written`): the twelve characters before the last ``><c>``."""
    return [line[end - 12 : end] if (end := line.rfind("><c>")) >= 0 else "" for line in written]
