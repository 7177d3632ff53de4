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
once (regular expressions and joins over the whole text), and word by word only in a line
that must be cut at a sentence's end.
"""

from __future__ import annotations

import html
import re
from itertools import repeat
from operator import or_, sub

from viewer.core.transcripts.cues import Cue
from viewer.core.transcripts.webvtt import CueList, are_stamps, plain_text, seconds, seconds_of

#: A pause longer than this (seconds) between two lines of captions ends a segment.
PAUSE = 1.2
#: A segment ends at the end of the line that brings it to this many words...
FEW_WORDS = 12
#: ...or before the line that would take it past this many.
MOST_WORDS = 20

_STAMP = r"(?:[0-9]+:)?[0-9]{2}:[0-9]{2}\.[0-9]{3}"
#: An inline time followed by a ``c`` tag: the mark of rolling auto-captions.
_ROLLING = re.compile(rf"<{_STAMP}><c[.>]")
_STAMP_IN_LINE = re.compile(rf"<({_STAMP})><c")
#: A word with its time: ``<00:00:02.960><c> the</c>``; the class of the ``c`` tag may vary.
_TIMED = re.compile(rf"<({_STAMP})>(?:<c[^>]*>)?([^<]*)")
#: A tag, within its line: each line of the joined text is a cue of its own.
_TAG = re.compile(r"<[^>\n]*>?")
_SENTENCE_MARK = re.compile(r"[.?!…]")
#: White space other than a space or a line break.
_OTHER_SPACE = re.compile(r"[^\S \n]")
#: A word that ends a sentence: a full stop, question or exclamation mark, then quotes.
_SENTENCE_END = re.compile(r"[.?!…][\"')\]’”]*$")


def as_speech(cues: CueList) -> list[Cue]:
    """The cues as speech: rolling auto-captions as segments of the words said, any other
    cues as they are, their text made plain. Cues without text are left out."""
    lasts = cues.last_lines()
    if _ROLLING.search("\n".join(lasts)):
        return _rolling(cues, lasts)
    speech = []
    starts, ends = seconds_of(cues.starts()), seconds_of(cues.ends())
    for start, end, text in zip(starts, ends, cues.texts(), strict=True):
        if plain := plain_text(text):
            speech.append(Cue(start, end, plain))
    return speech


def _rolling(cues: CueList, lasts: list[str]) -> list[Cue]:
    """Rolling auto-captions as segments of the words said."""
    # The cues that add words: the last line of a 10 ms cue is blank.
    adding = [at for at, line in enumerate(lasts) if line != " " and line.strip()]
    written = [lasts[at] for at in adding]
    joined = "\n".join(written)
    plain = _TAG.sub("", joined.replace("</c>", "").replace("<c>", ""))
    if "&" in plain:
        plain = html.unescape(plain)
    texts = plain.split("\n")
    if _irregular_spaces(plain):
        texts = [" ".join(text.split()) for text in texts]
    start_stamps = cues.starts(adding)
    # The time of each line's last word: its last inline time, else its cue's start.
    stamps = [_last_stamp(line) for line in written]
    if not are_stamps(stamps):
        stamps = [found[-1] if (found := _STAMP_IN_LINE.findall(line)) else "" for line in written]
    lines = _Lines(
        texts,
        seconds_of(start_stamps),
        seconds_of([stamp or start for stamp, start in zip(stamps, start_stamps, strict=True)]),
        adding,
    )
    lines = lines.with_words()
    punctuated = _SENTENCE_MARK.search(plain) is not None
    if punctuated:
        lines = lines.cut_at_sentences(written)
    return _segments(lines, cues, punctuated)


def _last_stamp(line: str) -> str:
    """The last inline time of a line of auto-captions ("" for none), found as yt-dlp
    writes it: ``<00:00:02.960><c> the</c>``."""
    end = line.rfind("><c")
    return line[line.rfind("<", 0, end) + 1 : end] if end >= 0 else ""


def _irregular_spaces(text: str) -> bool:
    """Whether some line of ``text`` has spaces other than one between two words."""
    return (
        "  " in text
        or " \n" in text
        or "\n " in text
        or text.startswith(" ")
        or text.endswith(" ")
        or any(space in text for space in "\t\v\f\r\x1c\x1d\x1e\x1f")
        or (not text.isascii() and _OTHER_SPACE.search(text) is not None)
    )


class _Lines:
    """Lines of words said, as parallel lists: each line's text, the times of its first and
    last words, and the cue it came from."""

    __slots__ = ("cues", "lasts", "starts", "texts")

    def __init__(
        self, texts: list[str], starts: list[float], lasts: list[float], cues: list[int]
    ) -> None:
        self.texts, self.starts, self.lasts, self.cues = texts, starts, lasts, cues

    def __len__(self) -> int:
        return len(self.texts)

    def _only(self, kept: list[int]) -> _Lines:
        return _Lines(
            [self.texts[at] for at in kept],
            [self.starts[at] for at in kept],
            [self.lasts[at] for at in kept],
            [self.cues[at] for at in kept],
        )

    def with_words(self) -> _Lines:
        """Without the lines that hold no word (tags alone)."""
        kept = [at for at, text in enumerate(self.texts) if text]
        return self if len(kept) == len(self.texts) else self._only(kept)

    def cut_at_sentences(self, written: list[str]) -> _Lines:
        """Each line that holds a sentence's end before its last word cut after it."""
        cut = _Lines([], [], [], [])
        for at, text in enumerate(self.texts):
            words = text.split(" ")
            ends = [index for index, word in enumerate(words) if _SENTENCE_END.search(word)]
            times = _word_times(written[at], self.starts[at]) if ends[:1] != [] else []
            if not ends or ends == [len(words) - 1] or len(times) != len(words):
                cut.add(text, self.starts[at], self.lasts[at], self.cues[at])
                continue
            first = 0
            for index in [*ends, len(words) - 1]:
                if index >= first:
                    piece = " ".join(words[first : index + 1])
                    cut.add(piece, times[first], times[index], self.cues[at])
                    first = index + 1
        return cut

    def add(self, text: str, start: float, last: float, cue: int) -> None:
        self.texts.append(text)
        self.starts.append(start)
        self.lasts.append(last)
        self.cues.append(cue)


def _word_times(written: str, start: float) -> list[float]:
    """The time of each word of a line of auto-captions: the words before the first inline
    time at the cue's start, each other at its inline time."""
    head = written[: written.find("<")] if "<" in written else written
    times = [start] * len(html.unescape(head).split())
    for stamp, chunk in _TIMED.findall(written):
        times.extend([seconds(stamp)] * len(html.unescape(_TAG.sub("", chunk)).split()))
    return times


def _segments(lines: _Lines, cues: CueList, punctuated: bool) -> list[Cue]:
    """The lines grouped into segments: at a sentence's end, before a pause, once there are
    :data:`FEW_WORDS`, or before there would be more than :data:`MOST_WORDS`."""
    texts, starts, lasts = lines.texts, lines.starts, lines.lasts
    if not texts:
        return []
    counts = [spaces + 1 for spaces in map(str.count, texts, repeat(" "))]
    # Where a segment must end: before a pause, or after a sentence.
    must = list(map(PAUSE.__lt__, map(sub, starts[1:], lasts)))
    if punctuated:
        ends_sentence = [_SENTENCE_END.search(text) is not None for text in texts]
        must = list(map(or_, must, ends_sentence))
    # Where each segment ends: the index of the line after it.
    breaks = []
    words = 0
    pairs = zip(counts[:-1], counts[1:], must, strict=True)
    for after, (count, following, cut) in enumerate(pairs, 1):
        words += count
        if cut or words >= FEW_WORDS or words + following > MOST_WORDS:
            breaks.append(after)
            words = 0
    # Each segment is shown until the next one starts, as a caption line stays until the
    # next; the last one until its cue ends.
    last = len(texts) - 1
    final = max(seconds(cues.end(lines.cues[last])), lasts[last])
    firsts = [0, *breaks]
    ends = [starts[after] for after in breaks] + [final]
    return [
        Cue(starts[first], max(end, starts[first]), " ".join(texts[first:after]))
        for first, after, end in zip(firsts, [*breaks, len(texts)], ends, strict=True)
    ]
