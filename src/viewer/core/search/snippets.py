"""Where a query's terms stand in a passage's text, and the snippet shown around the first.

SQLite finds the passages; the spans are found here, in the passage text as stored, with the
same folding and word splitting as the index (:func:`viewer.core.search.query.tokens`), so an
offset in a passage maps to the timestamp it belongs to, and a snippet's highlights are given
as offsets: the caller escapes the text and marks the spans, never parses markers out of it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.fold import fold
from viewer.core.search.query import UNSPACED, Term

Span = tuple[int, int]
#: About how many characters a snippet shows, and how many of them come before the hit.
SNIPPET_CHARS = 180
SNIPPET_LEAD = 60


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of a passage's text, with the spans of the terms found in it."""

    text: str
    spans: tuple[Span, ...] = ()

    def marked(self, before: str, after: str) -> str:
        """The text with ``before`` and ``after`` around each span (for a terminal)."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def html(self) -> str:
        """The text escaped for HTML, each span in ``<mark>``."""
        out, last = [], 0
        for start, end in self.spans:
            out += [html.escape(self.text[last:start]), "<mark>"]
            out += [html.escape(self.text[start:end]), "</mark>"]
            last = end
        out.append(html.escape(self.text[last:]))
        return "".join(out)


#: One character folded: a passage's non-ASCII letters are folded one by one, and few differ.
_fold_char = lru_cache(maxsize=4096)(fold)


def _folded(text: str, strip_diacritics: bool) -> tuple[str, list[int] | None]:
    """``text`` folded character by character, and the index in ``text`` of each result
    (``None`` when they are the same: ASCII folds to as many characters)."""
    if text.isascii():
        return text.lower(), None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            chars.append(char.lower())
            origin.append(index)
            continue
        folded = _fold_char(char) if strip_diacritics else char.casefold()
        chars.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(chars), origin


#: Not a letter or digit on either side: where the index's words start and end.
_BEFORE, _AFTER = r"(?<![^\W_])", r"(?![^\W_])"


@lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    """One expression for every spaced term: its words, with anything but letters and
    digits between them, whole words except the last word of a prefix."""
    options = []
    for term in terms:
        if not term.words:
            continue
        words = r"[\W_]+".join(re.escape(word) for word in term.words)
        options.append(_BEFORE + words + (r"[^\W_]*" if term.prefix else _AFTER))
    return re.compile("|".join(options)) if options else None


def find_spans(text: str, terms: Sequence[Term]) -> list[Span]:
    """Where each term occurs in ``text``, sorted, as offsets into ``text``."""
    spans: list[Span] = []
    pattern = _pattern(tuple(terms))
    if pattern is not None:
        folded, origin = _folded(text, True)
        if origin is not None:
            folded = UNSPACED.sub(" ", folded)  # the index reads these as separators
        for match in pattern.finditer(folded):
            start, end = match.span()
            spans.append((start, end) if origin is None else (origin[start], origin[end]))
    pieces = [piece for term in terms for piece in term.pieces]
    if pieces:
        folded, origin = _folded(text, False)
        for piece in pieces:
            start = folded.find(piece)
            while start >= 0:
                end = start + len(piece)
                spans.append((start, end) if origin is None else (origin[start], origin[end]))
                start = folded.find(piece, end)
    return _merged(sorted(spans))


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, spans: Sequence[Span]) -> Snippet:
    """About :data:`SNIPPET_CHARS` of ``text`` around its first span, cut between words."""
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_LEAD)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if spans and end < spans[0][1]:
        end = min(len(text), spans[0][1])
    if end < len(text):
        space = text.rfind(" ", max(start, spans[0][1] if spans else start), end)
        end = space if space > start else end
    lead = "…" if start > 0 else ""
    shift = len(lead) - start
    shown = tuple(
        (max(a, start) + shift, min(b, end) + shift) for a, b in spans if a < end and b > start
    )
    return Snippet(lead + text[start:end] + ("…" if end < len(text) else ""), shown)
