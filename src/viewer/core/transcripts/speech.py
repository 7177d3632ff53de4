"""Cues as speech: each word said once, in short segments that read well.

YouTube's auto-captions, as yt-dlp writes them, "roll": each cue repeats the line before and
adds a line of new words, each after its inline time (``about<00:00:02.960><c> the</c>``),
and a 10 ms cue between two such cues repeats the new line alone over a blank one. Read as
they are, most words come two or three times. Here each line of new words (a cue's last line,
unless it is blank) is taken once, its first word timed by its cue's start, and the lines are
grouped into segments: a segment ends with a sentence (where the captions have punctuation),
before a pause of more than :data:`PAUSE` seconds between the last word of a line and the
first of the next, once it holds :data:`FEW_WORDS` words, or before it would pass
:data:`MOST_WORDS`. YouTube fills its lines a phrase at a time, so segments are cut between
lines, not inside them (except at a sentence's end). Each segment is a :class:`Cue` that
starts when its first word was said and lasts until the next one starts.

A file is read so when its cues hold words with inline times (``<00:00:02.960><c>``). Any
other file's cues are already speech: they pass through, their text made plain.

A three-hour talk has some 30,000 words on 5,000 lines; the work is done on all of them at
once (byte replacements, regular expressions and joins over the whole text), then in one
pass over the lines that makes the segments, and word by word only in a line that must be cut
at a sentence's end. Times are kept in milliseconds (exact) until a cue is made of them.
:func:`words_as_speech` is that work, given the lines of new words: :mod:`.rolling` hands it
the lines it reads straight from a file yt-dlp wrote, and :func:`as_speech` those of any other.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from itertools import islice, repeat
from operator import or_, sub

from viewer.core.transcripts.cues import Cue, make_cue
from viewer.core.transcripts.webvtt import (
    CueList,
    are_stamps,
    milliseconds,
    milliseconds_of,
    plain_text,
    seconds_of,
    seconds_of_milliseconds,
)

#: A pause longer than this (seconds) between two lines of captions ends a segment.
PAUSE = 1.2
_PAUSE_MS = round(PAUSE * 1000)
#: Below this many milliseconds (about 270 hours), a float's error stays far below one.
_EXACT_MS = 10**9
#: A segment ends at the end of the line that brings it to this many words...
FEW_WORDS = 12
#: ...or before the line that would take it past this many.
MOST_WORDS = 20

_STAMP = r"(?:[0-9]+:)?[0-9]{2}:[0-9]{2}\.[0-9]{3}"
#: An inline time followed by a ``c`` tag: the mark of rolling auto-captions.
ROLLING = re.compile(rf"<{_STAMP}><c[.>]")
_STAMP_IN_LINE = re.compile(rf"<({_STAMP})><c")
#: A word with its time: ``<00:00:02.960><c> the</c>``; the class of the ``c`` tag may vary.
_TIMED = re.compile(rf"<({_STAMP})>(?:<c[^>]*>)?([^<]*)")
#: A tag, within its line: each line of the joined text is a cue of its own.
_TAG = re.compile(r"<[^>\n]*>?")
#: White space other than a space or a line break.
_OTHER_SPACE = re.compile(r"[^\S \n]")
#: A word that ends a sentence: a full stop, question or exclamation mark, then quotes.
_SENTENCE_END = re.compile(r"[.?!…][\"')\]’”]*$")
_SENTENCE_MARKS = ".?!…"

# yt-dlp's tags, every digit read as 0: a word's end, inline time and c tag (between two
# words), a line's first inline time and c tag, a line's last end. Any digit means the same.
_BETWEEN = b"</c><00:00:00.000><c>"
_OPEN = b"<00:00:00.000><c>"
_CLOSE = b"</c>"
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
#: Stands in for a tag's bytes until they are all taken out at once.
_GONE = b"\x01"
#: The bytes taken at a time (to the next line break).
_PIECE = 16_000


def as_speech(cues: CueList) -> list[Cue]:
    """The cues as speech: rolling auto-captions as segments of the words said, any other
    cues as they are, their text made plain. Cues without text are left out."""
    lasts = cues.last_lines()
    if ROLLING.search("\n".join(lasts)):
        # The cues that add words: the last line of a 10 ms cue is blank.
        adding = [at for at, line in enumerate(lasts) if line != " " and line.strip()]
        written = [lasts[at] for at in adding]
        start_stamps = cues.starts(adding)
        # The time of each line's last word: its last inline time, else its cue's start.
        stamps = last_stamps(written)
        stamps = [stamp or start for stamp, start in zip(stamps, start_stamps, strict=True)]
        plain = without_tags("\n".join(written))
        return words_as_speech(
            plain,
            written,
            milliseconds_of(start_stamps),
            milliseconds_of(stamps),
            lambda at: cues.end(adding[at]),
        )
    speech = []
    starts, ends = seconds_of(cues.starts()), seconds_of(cues.ends())
    for start, end, text in zip(starts, ends, cues.texts(), strict=True):
        if plain := plain_text(text):
            speech.append(Cue(start, end, plain))
    return speech


def words_as_speech(
    plain: str | None,
    written: list[str],
    starts: list[int],
    lasts: list[int],
    end_of: Callable[[int], str],
    texts: list[str] | None = None,
) -> list[Cue]:
    """Lines of new words as segments of the words said.

    ``plain`` is the lines' text without tags, a line break between two, and ``texts`` the
    same lines, if at hand (``plain`` may then be ``None``: lines known to hold no ``&``,
    no spaces but single ones between words, and no sentence's end); ``written`` the lines as
    the file has them, tags and all; ``starts`` and ``lasts`` the times of each line's first
    and last words (milliseconds); ``end_of(index)`` the end of line ``index``'s cue.
    """
    punctuated = False
    if plain is not None:
        if "&" in plain:
            plain, texts = html.unescape(plain), None
        if texts is None:
            texts = plain.split("\n")
        if irregular_spaces(plain):
            texts = [" ".join(text.split()) for text in texts]
        punctuated = has_sentence_marks(plain)
    assert texts is not None  # given, when plain is not
    lines = _Lines(texts, starts, lasts, range(len(texts))).with_words()
    if punctuated:
        lines = lines.cut_at_sentences(written)
    return _segments(lines, end_of, punctuated)


def has_sentence_marks(text: str) -> bool:
    """Whether ``text`` holds a full stop, question or exclamation mark (or an ellipsis)."""
    return any(mark in text for mark in _SENTENCE_MARKS)


def without_tags(text: str) -> str:
    """``text`` without its tags (``<00:00:02.960>``, ``<c>``, ``</c>``…), each line's on
    their own: a tag left open ends with its line.

    yt-dlp writes the same three strings of tags around every word, but for their digits:
    read with every digit as 0, they are replaced by bytes that are then dropped together, so
    30,000 words cost a few passes over the text rather than a step per tag. That gives what
    the regular expression gives when every ``<`` is in one of those strings and no word
    holds a digit; any other text is read by the regular expression. The text is taken a
    piece at a time: CPython's search for a long string in a long text full of near misses
    (``<``, ``0``) switches to a slower method, which pieces of a few hundred lines avoid.
    """
    data = text.encode("utf-8", "surrogatepass")
    if _GONE not in data:
        pieces = []
        at = 0
        while at < len(data):
            end = data.find(b"\n", at + _PIECE)
            end = len(data) if end < 0 else end + 1
            marked = data[at:end].translate(_DIGITS_AS_ZERO)
            marked = marked.replace(_BETWEEN, _GONE * len(_BETWEEN))
            marked = marked.replace(_OPEN, _GONE * len(_OPEN))
            pieces.append(marked.replace(_CLOSE, _GONE * len(_CLOSE)))
            at = end
        marked = b"".join(pieces)
        if b"<" not in marked:
            plain = marked.translate(None, _GONE)
            if b"0" not in plain:  # no word held a digit, which is read as 0 here
                return plain.decode("utf-8", "surrogatepass")
    return _TAG.sub("", text.replace("</c>", "").replace("<c>", ""))


def last_stamps(written: list[str]) -> list[str]:
    """The last inline time of each line of auto-captions ("" for none): as yt-dlp writes
    it (``<00:00:02.960><c> the</c>``: what is between the last ``><c`` and the ``<``
    before it) when each one so found is a timestamp, else the last ``<hh:mm:ss.ttt><c``."""
    stamps = [_last_stamp(line) for line in written]
    if are_stamps(stamps):
        return stamps
    return [found[-1] if (found := _STAMP_IN_LINE.findall(line)) else "" for line in written]


def _last_stamp(line: str) -> str:
    """The last inline time of a line of auto-captions ("" for none), found as yt-dlp
    writes it: ``<00:00:02.960><c> the</c>``."""
    end = line.rfind("><c")
    return line[line.rfind("<", 0, end) + 1 : end] if end >= 0 else ""


def irregular_spaces(text: str) -> bool:
    """Whether some line of ``text`` has spaces other than one between two words, or is
    empty (which making its spaces single leaves as it is)."""
    return (
        "  " in text.replace("\n", " ")  # two spaces, or one at a line's end or start
        or text.startswith(" ")
        or text.endswith(" ")
        or any(space in text for space in "\t\v\f\r\x1c\x1d\x1e\x1f")
        or (not text.isascii() and _OTHER_SPACE.search(text) is not None)
    )


class _Lines:
    """Lines of words said, as parallel lists: each line's text, the times of its first and
    last words (milliseconds), and the line of the file it came from (its index in
    ``written``)."""

    __slots__ = ("lasts", "sources", "starts", "texts")

    def __init__(
        self, texts: list[str], starts: list[int], lasts: list[int], sources: Sequence[int]
    ) -> None:
        self.texts, self.starts, self.lasts, self.sources = texts, starts, lasts, sources

    def __len__(self) -> int:
        return len(self.texts)

    def _only(self, kept: list[int]) -> _Lines:
        return _Lines(
            [self.texts[at] for at in kept],
            [self.starts[at] for at in kept],
            [self.lasts[at] for at in kept],
            [self.sources[at] for at in kept],
        )

    def with_words(self) -> _Lines:
        """Without the lines that hold no word (tags alone)."""
        if all(self.texts):
            return self
        return self._only([at for at, text in enumerate(self.texts) if text])

    def cut_at_sentences(self, written: list[str]) -> _Lines:
        """Each line that holds a sentence's end before its last word cut after it."""
        texts: list[str] = []
        starts: list[int] = []
        lasts: list[int] = []
        sources: list[int] = []
        for at, text in enumerate(self.texts):
            words = text.split(" ")
            ends = [index for index, word in enumerate(words) if _SENTENCE_END.search(word)]
            source = self.sources[at]
            times = _word_times(written[source], self.starts[at]) if ends[:1] != [] else []
            if not ends or ends == [len(words) - 1] or len(times) != len(words):
                pieces = [(text, self.starts[at], self.lasts[at])]
            else:
                pieces = []
                first = 0
                for index in [*ends, len(words) - 1]:
                    if index >= first:
                        pieces.append(
                            (" ".join(words[first : index + 1]), times[first], times[index])
                        )
                        first = index + 1
            for piece, start, last in pieces:
                texts.append(piece)
                starts.append(start)
                lasts.append(last)
                sources.append(source)
        return _Lines(texts, starts, lasts, sources)


def _word_times(written: str, start: int) -> list[int]:
    """The time of each word of a line of auto-captions (milliseconds): the words before the
    first inline time at the cue's start, each other at its inline time."""
    head = written[: written.find("<")] if "<" in written else written
    times = [start] * len(html.unescape(head).split())
    for stamp, chunk in _TIMED.findall(written):
        times.extend([milliseconds(stamp)] * len(html.unescape(_TAG.sub("", chunk)).split()))
    return times


def _segments(lines: _Lines, end_of: Callable[[int], str], punctuated: bool) -> list[Cue]:
    """The lines grouped into segments: at a sentence's end, before a pause, once there are
    :data:`FEW_WORDS`, or before there would be more than :data:`MOST_WORDS`.

    Each segment is shown until the next one starts, as a caption line stays until the next;
    the last one until its cue ends. One pass over the lines, a cue made at each break.
    """
    texts, starts, lasts = lines.texts, lines.starts, lines.lasts
    if not texts:
        return []
    # Where a segment must end: before a pause, or after a sentence.
    must = _pauses(starts, lasts)
    if punctuated:
        ends_sentence = [_SENTENCE_END.search(text) is not None for text in texts]
        must = list(map(or_, must, ends_sentence))
    cues: list[Cue] = []
    add, few, most = cues.append, FEW_WORDS, MOST_WORDS  # local names: a step less a line
    spaces = list(map(str.count, texts, repeat(" ")))  # a line's words, less one
    first = words = 0
    minutes, rest = divmod(starts[0], 60_000)
    begin = minutes * 60 + rest / 1000  # seconds as _seconds works them out, inline
    following_lines = zip(spaces, islice(spaces, 1, None), must, strict=False)  # but the last
    for after, (count, following, cut) in enumerate(following_lines, 1):
        words += count + 1
        if cut or words >= few or words + following >= most:  # words + the next's > most
            minutes, rest = divmod(starts[after], 60_000)
            end = minutes * 60 + rest / 1000
            add(make_cue(Cue, (begin, end if end > begin else begin, " ".join(texts[first:after]))))
            first, words, begin = after, 0, end
    last = len(texts) - 1
    end = _seconds(max(milliseconds(end_of(lines.sources[last])), lasts[last]))
    add(make_cue(Cue, (begin, end if end > begin else begin, " ".join(texts[first:]))))
    return cues


def _seconds(value: int) -> float:
    """Milliseconds as seconds, as :func:`.webvtt.seconds_of_milliseconds` works them out."""
    minutes, rest = divmod(value, 60_000)
    return minutes * 60 + rest / 1000


def _pauses(starts: list[int], lasts: list[int]) -> list[bool]:
    """Whether more than :data:`PAUSE` seconds pass between each line's last word and the
    next line's first, as the seconds of the two times say (floats, as a cue's times are).

    Worked out in milliseconds, which say the same but where the pause is 1.2 s to the
    millisecond: a float's error, far below a millisecond, can fall either way there.
    """
    if max(starts, default=0) >= _EXACT_MS or max(lasts, default=0) >= _EXACT_MS:
        begins, ends = seconds_of_milliseconds(starts), seconds_of_milliseconds(lasts)
        return list(map(PAUSE.__lt__, map(sub, begins[1:], ends)))
    gaps = list(map(sub, islice(starts, 1, None), lasts))
    must = list(map(_PAUSE_MS.__lt__, gaps))
    if _PAUSE_MS in gaps:
        for at, gap in enumerate(gaps):
            if gap == _PAUSE_MS:
                begin, end = seconds_of_milliseconds([starts[at + 1], lasts[at]])
                must[at] = begin - end > PAUSE
    return must
