"""Turning a note file's bytes into text, whatever encoding and line endings it came with."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.problems import Kind, Problem

#: Notes larger than this are shown truncated: a real note is a few kilobytes, and rendering
#: many megabytes of Markdown would freeze the window for no reader's benefit.
MAX_NOTE_BYTES = 1_000_000


@dataclass(slots=True)
class DecodedText:
    text: str
    problems: list[Problem] = field(default_factory=list)
    #: The codec the text was read with (``utf-8`` with or without a byte order mark, also for
    #: damaged UTF-8; ``utf-16``, ``utf-32``, or the encoding detection found); ``""`` when
    #: the bytes are not text. Writing into the note uses it (:mod:`viewer.core.capture`).
    encoding: str = "utf-8"


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
    problems: list[Problem] = []
    size = max(size or 0, len(data))
    cut = size > MAX_NOTE_BYTES
    if cut:
        problems.append(
            Problem(
                Kind.TRUNCATED,
                f"The note is {size / 1_000_000:.1f} MB; only its first "
                f"{MAX_NOTE_BYTES // 1_000_000} MB is shown.",
            )
        )
        # Cut at a line break, so no character or tag is split in half.
        end = data.rfind(b"\n", 0, MAX_NOTE_BYTES)
        data = data[: end if end > 0 else MAX_NOTE_BYTES]
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text, encoding = data.decode("utf-32", errors="replace"), "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    elif _looks_binary(data):
        problem = Problem(Kind.NOT_TEXT, "The file is not text (it looks like binary data).")
        return DecodedText("", [*problems, problem], "")
    else:
        encoding, text = _decode_8bit(data, cut, problems)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.append(Problem(Kind.EMPTY, "The file is empty."))
    return DecodedText(text, problems, encoding)


def _decode_8bit(data: bytes, cut: bool, problems: list[Problem]) -> tuple[str, str]:
    """UTF-8 when it is, else the encoding detection finds, with a problem saying which;
    the codec and the text."""
    try:
        if cut:  # it may end inside a character: that is the cut, not a fault of the file
            decoder = codecs.getincrementaldecoder("utf-8-sig")()
            return "utf-8", str(decoder.decode(data, final=False))
        return "utf-8", data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.start
    replaced = data.decode("utf-8-sig", errors="replace")
    line = data.count(b"\n", 0, bad) + 1
    characters = len(_UTF8_CHARACTER.findall(replaced))
    if characters and characters >= replaced.count("\ufffd"):
        # As many real UTF-8 characters as bad bytes: a UTF-8 file that was damaged, and
        # reading it in another encoding would garble every good character. (Other
        # encodings give a few valid UTF-8 sequences by chance, among many bad bytes.)
        problems.append(
            Problem(
                Kind.INVALID_UTF8,
                f"The file is not valid UTF-8 (first bad byte at position {bad}); "
                "unreadable characters are shown as \ufffd.",
                line,
            )
        )
        return "utf-8", replaced
    encoding, text = guess_encoding(data)
    problems.append(
        Problem(
            Kind.ENCODING_GUESSED,
            f"The file is not UTF-8; it was read as {encoding_name(encoding)}, "
            "the encoding it most likely has.",
            line,
        )
    )
    return encoding, text


#: A character that only a valid multi-byte UTF-8 sequence gives.
_UTF8_CHARACTER = re.compile("[^\x00-\x7f\ufffd]")
#: Markdown's own characters: an encoding that does not read them as ASCII is not a note's.
_ASCII_PROBE = bytes(range(9, 127))
FALLBACK_ENCODING = "cp1252"


def _reads_ascii(encoding: str) -> bool:
    try:
        return _ASCII_PROBE.decode(encoding) == _ASCII_PROBE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def guess_encoding(data: bytes) -> tuple[str, str]:
    """The encoding ``data`` (not UTF-8) most likely has, and the text it gives.

    charset-normalizer weighs every code page by how much of a mess the text would be and
    which language it looks like. On short Western text many code pages tie on mess, and its
    pick among them is arbitrary ("très" read as Windows-1250 gives "trčs", "Größe" as Mac
    Turkish "Grˆşe"): where Windows-1252 gives text as clean as its best, Windows-1252 is
    taken, the code page most such notes were saved in. Encodings that do not read ASCII as
    ASCII (UTF-16 without a BOM, EBCDIC) are never a Markdown note's.
    """
    from charset_normalizer import from_bytes

    best = None
    for match in from_bytes(data):
        if not _reads_ascii(match.encoding):
            continue
        if best is None:
            best = match
        if match.percent_chaos > best.percent_chaos:
            break
        if FALLBACK_ENCODING in match.could_be_from_charset:
            return FALLBACK_ENCODING, data.decode(FALLBACK_ENCODING, errors="replace")
    if best is None:
        return FALLBACK_ENCODING, data.decode(FALLBACK_ENCODING, errors="replace")
    return best.encoding, str(best)


_NAMES = {
    "cp932": "Shift JIS",
    "shift_jis": "Shift JIS",
    "euc_jp": "EUC-JP",
    "cp949": "EUC-KR",
    "euc_kr": "EUC-KR",
    "gb2312": "GB2312",
    "gb18030": "GB18030",
    "big5": "Big5",
    "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U",
    "latin_1": "ISO-8859-1",
    "mac_roman": "Mac OS Roman",
}


def encoding_name(codec: str) -> str:
    """A codec's name as people know it: ``cp1252`` -> ``Windows-1252``."""
    if codec in _NAMES:
        return _NAMES[codec]
    if re.fullmatch(r"cp125[0-8]", codec):
        return f"Windows-{codec[2:]}"
    if match := re.fullmatch(r"iso8859_(\d+)", codec):
        return f"ISO-8859-{match.group(1)}"
    return codec.replace("_", "-").upper()


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
