"""Turning a note file's bytes into text, whatever encoding and line endings it came with."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

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


def decode(data: bytes) -> DecodedText:
    """Decode a note's bytes to text with ``\\n`` line endings, saying what was unusual."""
    problems: list[str] = []
    if len(data) > MAX_NOTE_BYTES:
        problems.append(
            f"The note is {len(data) / 1_000_000:.1f} MB; only its first "
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
