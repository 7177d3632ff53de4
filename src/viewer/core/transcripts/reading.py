"""Reading a subtitle or transcript file (WebVTT, SubRip) into a :class:`Transcript`.

The text says which format it is: a file that starts with ``WEBVTT`` is read as WebVTT
(:mod:`.webvtt`), anything else as SubRip (:mod:`.srt`), whatever its name. Then the cues
become speech (:mod:`.speech`): rolling auto-captions give each word said once.

A subtitle file is whatever a person downloaded or typed, so nothing here raises on bad
input: a cue that cannot be read is skipped and named in ``problems``, and the rest is shown.
"""

from __future__ import annotations

import codecs
from operator import attrgetter, gt
from pathlib import Path

from viewer.core.transcripts.cues import Cue, Transcript
from viewer.core.transcripts.rolling import rolling_speech
from viewer.core.transcripts.speech import as_speech
from viewer.core.transcripts.srt import parse_srt
from viewer.core.transcripts.webvtt import is_webvtt, normalized, read_webvtt

#: Refused above this size: a three-hour talk's auto-captions are about 3 MB.
MAX_BYTES = 20_000_000
_START = attrgetter("start")
#: Problems listed one by one; past this, one line counts the rest.
MAX_PROBLEMS = 10

NOT_SUBTITLES = (
    "This is neither WebVTT (which starts with 'WEBVTT') nor SubRip (cues with "
    "'00:00:01,000 --> 00:00:02,000' times): no cue could be read."
)


def parse_transcript(
    text: str, *, file: Path | None = None, language: str | None = None
) -> Transcript:
    """The cues of a WebVTT or SubRip text as speech, in time order, and what could not be
    read; ``file`` and ``language`` say where it comes from, if from a file."""
    cues, problems = _speech_of(text)
    starts = list(map(_START, cues))
    if any(map(gt, starts, starts[1:])):
        cues.sort(key=_START)
    if not cues and not problems:
        problems = ["The file holds no cue with text."]
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], f"… and {more} more cues that could not be read."]
    return Transcript(tuple(cues), tuple(problems), file, language)


def _speech_of(text: str) -> tuple[list[Cue], list[str]]:
    """The cues of a text as speech, in file order, and the problems met."""
    webvtt = is_webvtt(text)
    text = normalized(text)
    if webvtt:
        speech = rolling_speech(text)  # yt-dlp's auto-captions, read straight
        if speech is not None:
            return speech, []
        cues = read_webvtt(text)
        return as_speech(cues), cues.problems
    srt, problems, has_times = parse_srt(text)
    if not has_times:
        problems = [NOT_SUBTITLES] if text.strip() else ["The file holds no text."]
    return srt, problems


def read_transcript(path: Path, language: str | None = None) -> Transcript:
    """The cues of the subtitle file at ``path`` (in ``language``, if known); a file that
    cannot be read gives a problem."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Transcript(
                problems=(f"The subtitle file '{path.name}' is too large ({size:,} bytes).",)
            )
        data = path.read_bytes()
    except OSError as error:
        return Transcript(
            problems=(f"The subtitle file '{path.name}' cannot be read: {error.strerror}.",)
        )
    text = decoded(data)
    del data  # a large file's bytes, not kept while its text is read
    if text is None:
        return Transcript(problems=(f"'{path.name}' is not a text file.",))
    return parse_transcript(text, file=path, language=language)


def decoded(data: bytes) -> str | None:
    """The text of a subtitle file's bytes; ``None`` for binary data.

    UTF-8 (with or without a byte order mark) is the rule, and WebVTT's only encoding: bad
    bytes in it become U+FFFD. Some SubRip files are UTF-16 with a byte order mark; older
    ones are often Windows-1252, which leaves five bytes undefined (shown as U+FFFD).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data.startswith((b"WEBVTT", codecs.BOM_UTF8 + b"WEBVTT")):
            return data.decode("utf-8-sig", errors="replace")
        return data.decode("cp1252", errors="replace")
