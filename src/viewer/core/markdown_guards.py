"""Guards against python-markdown's quadratic cases, so a hostile note cannot freeze the window.

Links: python-markdown looks to the end of the paragraph for the end of every unclosed ``[``
or ``](``; :func:`bound_link_processors` bounds that look, and a note with very many of them
is laid out as plain text (:func:`unclosed_links`). Raw HTML: the sanitizer's parser is
quadratic in nesting depth, so a note with very many unclosed elements is too
(:func:`unclosed_tags`). Nesting: lists and quotes nested deeper than any note needs are laid
out as plain text too (:func:`too_deep`), whatever python-markdown's version makes of them
(3.11.3 stopped with a RecursionError, 3.11.4 lays out 5,000 levels).
"""

from __future__ import annotations

import re
from typing import Any

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

#: How far python-markdown may look for the end of a link's text or address. Unbounded, it
#: looks to the end of the paragraph for every unclosed "[" or "](", which is quadratic
#: (Python-Markdown#798): a 12 KB note of them took seconds, an 80 KB one minutes.
LINK_LOOKAHEAD = 1000
_LINK_PROCESSORS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)
#: A "[" or "](" whose end is not within the lookahead: each costs the parser a full look.
_FAR_BRACKET = re.compile(rf"\[(?![^\]]{{0,{LINK_LOOKAHEAD}}}\])")
_FAR_PAREN = re.compile(rf"\]\((?![^)]{{0,{LINK_LOOKAHEAD}}}\))")
#: Past this many, a note is laid out as plain text rather than freezing the window.
MAX_UNCLOSED_LINKS = 1500
#: Whether python-markdown finds where every bracket of a text closes in one pass (3.11.4
#: on), once per text: a link's text is then looked for in linear time, and a slice of the
#: text for each "[" would make it work the closing brackets out anew each time (a note of
#: 100,000 timestamps took over a minute).
_BRACKETS_FOUND_AT_ONCE = hasattr(LinkInlineProcessor, "_findBracketEnds")


class _BoundedLookahead:
    """Mixed into python-markdown's link processors: they look at most LINK_LOOKAHEAD ahead."""

    def getLink(self, data: str, index: int) -> Any:
        return super().getLink(data[: index + LINK_LOOKAHEAD], index)  # type: ignore[misc]

    def getText(self, data: str, index: int) -> Any:
        if _BRACKETS_FOUND_AT_ONCE:  # bounded already; a slice would defeat it
            return super().getText(data, index)  # type: ignore[misc]
        return super().getText(data[: index + LINK_LOOKAHEAD], index)  # type: ignore[misc]


def bound_link_processors(md: markdown.Markdown) -> None:
    # Registry keeps (name, priority) pairs privately; re-registering needs the priority.
    for item in list(getattr(md.inlinePatterns, "_priority")):  # noqa: B009
        if item.name in _LINK_PROCESSORS:
            original = md.inlinePatterns[item.name]
            bounded = type(
                f"Bounded{type(original).__name__}", (_BoundedLookahead, type(original)), {}
            )
            md.inlinePatterns.register(bounded(original.pattern, md), item.name, item.priority)


#: Raw HTML elements that never have an end tag.
_OPENING_TAG = re.compile(
    r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b)[a-zA-Z]"
)
#: Past this many open raw HTML elements, a note is laid out as plain text: the sanitizer's
#: HTML parser is quadratic in nesting depth (40,000 nested elements took 5 s).
MAX_UNCLOSED_TAGS = 5000


def unclosed_tags(body: str) -> int:
    """How many raw HTML elements in ``body`` are opened and never closed (roughly)."""
    if body.count("<") <= MAX_UNCLOSED_TAGS:
        return 0  # cannot be more, and most notes stop here
    return len(_OPENING_TAG.findall(body)) - body.count("</") - body.count("/>")


def unclosed_links(body: str) -> int:
    """How many link openings in ``body`` have no end within the lookahead."""
    return len(_FAR_BRACKET.findall(body)) + len(_FAR_PAREN.findall(body))


#: Past this many levels of lists, quotes or indentation on one line, a note is laid out as
#: plain text. (A note nests a handful; the page lays out 100 levels without trouble.)
MAX_NESTING = 100
#: A line that starts with MAX_NESTING levels: list markers (each with the blanks after it:
#: a long rule of dashes or stars is no list), quote marks, or indentation four columns at a
#: time. Each level is matched atomically,
#: so a line that falls short costs a pass over it, not a search of ways to split it.
_TOO_DEEP = re.compile(
    rf"^(?>(?:[-*+]|\d{{1,9}}[.)])[ \t]++|>[ \t]*+|[ ]{{4}}|\t){{{MAX_NESTING}}}", re.MULTILINE
)


def too_deep(body: str) -> bool:
    """Whether a line of ``body`` nests lists, quotes or indentation :data:`MAX_NESTING`
    levels deep or more."""
    return _TOO_DEEP.search(body) is not None
