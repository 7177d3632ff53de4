"""The lines a capture writes: one list item, a timestamp anchor, the text typed, a quote.

The item is ``- <a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a> text``, the anchor
written by :func:`viewer.core.moments.timestamp_anchor` in the note's own convention (so it
reads back as the moment captured). A second line typed (Shift+Enter) becomes a continuation
line indented under the item, so it stays part of it; a quoted cue goes under it as a block
quote (``  > words said``). Blank lines typed are left out: an indented paragraph after a
blank line leaves the list in some Markdown readers and takes the next item with it.
"""

from __future__ import annotations

import re
import unicodedata

from viewer.core.capture.result import CaptureRefused

#: Characters that have no place in a note's text (tab is kept; line breaks split lines).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
#: A line that opens or closes a code block.
_FENCE = re.compile(r"(`{3,}|~{3,})")


def typed_lines(text: str) -> list[str]:
    """The lines of the text typed: line breaks of any kind split it, spaces at the ends of
    lines and blank lines are dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.rstrip() for line in lines if line.strip()]


def check_text(text: str, quote: str | None = None) -> None:
    """Refuse (:class:`CaptureRefused`) text that cannot be written as it is typed: nothing
    at all, control characters, or a code block it opens and does not close."""
    if not typed_lines(text) and not (quote and quote.strip()):
        raise CaptureRefused("There is nothing to add: the text is empty.")
    if fence := _open_fence(typed_lines(text)[1:]):
        raise CaptureRefused(
            f"The text opens a code block ({fence}) it does not close, which would take the "
            "rest of the note into it; nothing was written."
        )
    for part in (text, quote or ""):
        if found := _CONTROL.search(part):
            code = f"U+{ord(found.group()):04X}"
            name = unicodedata.name(found.group(), "a control character")
            raise CaptureRefused(
                f"The text holds an invisible control character ({code}, {name.lower()}); "
                "nothing was written."
            )


def _open_fence(lines: list[str]) -> str | None:
    """The fence of the code block ``lines`` (the item's lines under its first) leave open."""
    fence: str | None = None
    for line in lines:
        stripped = line.strip()
        if fence is None:
            if match := _FENCE.match(stripped):
                fence = match.group(1)
        elif stripped.startswith(fence) and not stripped.strip(fence[0]):
            fence = None
    return fence


def item_lines(
    anchor: str, text: str, quote: str | None = None, *, indent: str = "", marker: str = "-"
) -> list[str]:
    """The lines of the list item, without line endings.

    ``indent`` and ``marker`` are the list's, when the item joins one (``"  "`` and ``"*"``
    for a nested list written with stars, ``"3."`` in a numbered one).
    """
    bullet = f"{marker} "
    under = indent + " " * len(bullet)
    typed = typed_lines(text)
    first = f"{indent}{bullet}{anchor}" + (f" {typed[0]}" if typed else "")
    lines = [first, *(f"{under}{line.lstrip()}" for line in typed[1:])]
    if quote and quote.strip():
        lines.append(f"{under}> {' '.join(quote.split())}")
    return lines
