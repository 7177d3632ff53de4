"""Turning a note file's bytes into text, whatever encoding and line endings it came with."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

#: Notes larger than this are shown truncated: a real note is a few kilobytes, and rendering
#: many megabytes of Markdown would freeze the window for no reader's benefit.
MAX_NOTE_BYTES = 1_000_000


@dataclass(slots=True)
class DecodedText:
    text: str
    problems: list[str] = field(default_factory=list)


#: Control characters that do not occur in text (tab, line feed, form feed, CR, ESC do).
_CONTROL = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # Deleting the control bytes and comparing lengths counts them in C, not in a loop.
    control = len(sample) - len(sample.translate(None, _CONTROL))
    return control > len(sample) // 10


def read_note_bytes(path: Path) -> tuple[bytes, int]:
    """The first bytes of a note file (no more than are shown) and the file's full size.

    Only regular files are read: a FIFO or device named ``.md`` would block or never end.
    Raises ``OSError`` like ``open`` does.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        # Exactly as many bytes as will be shown: a buffered read of "up to 1 MB" would
        # allocate a megabyte for every 5 KB note of a folder.
        remaining = min(info.st_size, MAX_NOTE_BYTES + 1)
        chunks = []
        while remaining > 0 and (chunk := os.read(fd, remaining)):
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks), info.st_size
    finally:
        os.close(fd)


def decode(data: bytes, size: int | None = None) -> DecodedText:
    """Decode a note's bytes to text with ``\\n`` line endings, saying what was unusual.

    ``size`` is the whole file's size when ``data`` is only its beginning.
    """
    problems: list[str] = []
    size = max(size or 0, len(data))
    if size > MAX_NOTE_BYTES:
        problems.append(
            f"The note is {size / 1_000_000:.1f} MB; only its first "
            f"{MAX_NOTE_BYTES // 1_000_000} MB is shown."
        )
        # Cut at a line break, so no character or tag is split in half.
        cut = data.rfind(b"\n", 0, MAX_NOTE_BYTES)
        data = data[: cut if cut > 0 else MAX_NOTE_BYTES]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif _looks_binary(data):
        return DecodedText("", [*problems, "The file is not text (it looks like binary data)."])
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            text = data.decode("utf-8-sig", errors="replace")
            problems.append(
                f"The file is not valid UTF-8 (first bad byte at position {error.start}); "
                "unreadable characters are shown as \ufffd."
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append("The file is empty.")
    return DecodedText(text, problems)


# A fenced code block (``` or ~~~, up to three spaces in) to its closing fence or the end.
_FENCED = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.M | re.S)
# An inline code span: matching runs of backticks on one line.
_INLINE_CODE = re.compile(r"(`+)[^`\n]+?\1")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def without_code(body: str) -> str:
    """``body`` with code blocks and spans blanked out (same length, same lines).

    What is written as code is shown as code: timestamps, wiki links and headings in it are
    text, so the folder index and ``viewer check`` must not count them either.
    """
    if "`" not in body and "~~~" not in body:
        return body
    return _INLINE_CODE.sub(_blank, _FENCED.sub(_blank, body))
