"""A note file's bytes as lines, and those bytes with new lines put in and nothing else changed.

The bytes are read as the app reads them (:func:`viewer.core.text.decode`): UTF-8 with or
without a byte order mark, else the encoding detection finds (Windows-1252 for most such
notes). New lines are written in that encoding, with the line ending of the line before them
(else the next one's, else the file's first, else LF), and a file that does not end with a
line break still does not. Every other byte stays where it was: the result is always
``before[:k] + inserted + before[k:]``.

Before the bytes are given out they are read back as the app will read them: the same lines,
the new ones among them, in the same encoding. Anything else (a guess of the encoding that
the new characters would tip) is refused, so no capture ever changes how the rest of a note
reads. UTF-16 and UTF-32 notes, binary files and notes larger than the app shows are refused
too: a sentence says why.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.core.capture.result import CaptureRefused
from viewer.core.text import MAX_NOTE_BYTES, decode, encoding_name

_ENDING = re.compile(rb"\r\n|\r|\n")


def _text_lines(text: str) -> list[str]:
    """The lines of decoded text (``\\n`` endings), the empty rest after a last break left out."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True, slots=True)
class NoteBytes:
    """A note's bytes, read: its text's lines, and where each line starts and how it ends."""

    data: bytes
    #: The codec new text is written in.
    encoding: str
    #: The text as the app reads it (``\\n`` line endings).
    text: str
    #: The text's lines, without their endings.
    lines: tuple[str, ...]
    #: Where each line starts in :attr:`data`, and its ending (``b""`` for a last line
    #: without one).
    starts: tuple[int, ...]
    endings: tuple[bytes, ...]

    @classmethod
    def read(cls, data: bytes, name: str) -> NoteBytes:
        """``data``, the bytes of the note ``name`` (for the sentences), read; raises
        :class:`CaptureRefused` for a note that lines cannot be added to."""
        if len(data) > MAX_NOTE_BYTES:
            raise CaptureRefused(
                f"“{name}” is larger than the {MAX_NOTE_BYTES // 1_000_000} MB the app shows; "
                "nothing was written."
            )
        decoded = decode(data)
        if not decoded.encoding:
            raise CaptureRefused(f"“{name}” is not text; nothing was written.")
        if decoded.encoding in ("utf-16", "utf-32"):
            raise CaptureRefused(
                f"“{name}” is saved as {decoded.encoding.upper()}; lines are added only to "
                "notes saved as UTF-8 or in a one-byte encoding such as Windows-1252. "
                "Nothing was written."
            )
        bom = decoded.encoding == "utf-8" and data.startswith(codecs.BOM_UTF8)
        position = len(codecs.BOM_UTF8) if bom else 0
        starts: list[int] = []
        endings: list[bytes] = []
        for match in _ENDING.finditer(data, position):
            starts.append(position)
            endings.append(match.group())
            position = match.end()
        if position < len(data):
            starts.append(position)
            endings.append(b"")
        lines = _text_lines(decoded.text)
        if len(lines) != len(starts):  # a multi-byte encoding whose bytes hold line breaks
            raise CaptureRefused(
                f"The lines of “{name}” cannot be told apart in its "
                f"{encoding_name(decoded.encoding)} bytes; nothing was written."
            )
        return cls(
            data, decoded.encoding, decoded.text, tuple(lines), tuple(starts), tuple(endings)
        )

    def ending_at(self, index: int) -> bytes:
        """The line ending for lines put in before line ``index``: the one of the line before,
        else of the line there, else the file's first, else LF."""
        if index > 0 and self.endings[index - 1]:
            return self.endings[index - 1]
        if index < len(self.endings) and self.endings[index]:
            return self.endings[index]
        return next((ending for ending in self.endings if ending), b"\n")

    def with_lines(self, index: int, new: Sequence[str], name: str) -> bytes:
        """The bytes with ``new`` lines put in before line ``index`` (the number of lines:
        at the end); raises :class:`CaptureRefused` when the note's encoding cannot hold
        them, or the result would not read back as this note with these lines."""
        ending = self.ending_at(index)
        encoded = [self._encoded(line, name) for line in new]
        if index < len(self.starts):
            at = self.starts[index]
            inserted = b"".join(line + ending for line in encoded)
        elif self.endings and not self.endings[-1]:
            at = len(self.data)  # the last line has no line break: it keeps none
            inserted = b"".join(ending + line for line in encoded)
        else:
            at = len(self.data)
            inserted = b"".join(line + ending for line in encoded)
        result = self.data[:at] + inserted + self.data[at:]
        read = decode(result)
        expected = [*self.lines[:index], *new, *self.lines[index:]]
        if read.encoding != self.encoding or _text_lines(read.text) != expected:
            raise CaptureRefused(
                f"Adding the line would change how the rest of “{name}” reads (its encoding "
                f"would no longer be taken for {encoding_name(self.encoding)}); "
                "nothing was written."
            )
        return result

    def _encoded(self, line: str, name: str) -> bytes:
        if "\n" in line or "\r" in line:
            raise ValueError("a line holds a line break")
        try:
            return line.encode(self.encoding)
        except UnicodeEncodeError:
            missing = "".join(dict.fromkeys(c for c in line if not _encodes(c, self.encoding)))
            raise CaptureRefused(
                f"“{name}” is saved in {encoding_name(self.encoding)}, which cannot hold "
                f"“{missing}”; nothing was written."
            ) from None


def _encodes(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
