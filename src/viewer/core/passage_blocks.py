"""Each passage's id written on its block of the rendered note, as ``data-passage="N"``.

A passage (:mod:`viewer.core.passages`) is read from the Markdown, line by line; the page is
python-markdown's HTML of the same Markdown. Its id is its :attr:`~viewer.core.passages
.Passage.index`, the number the search index stores with each hit, so the app finds a hit's
block by its id (``[data-passage="7"]``) instead of looking for its words, which may be said
twice in a note.

Which element is a passage's block: a heading, a paragraph, a list item (a loose item's first
paragraph is part of it, its later ones are paragraphs of their own, as in the Markdown), a
block quote (whole), a table row or a code block; a footnote is a paragraph. The blocks of
the page are matched to the passages in order, by kind and by their letters and digits (the
timestamps left out): the two readings agree on those, not on white space, punctuation or how
a timestamp reads; then the footnotes, which the page lists at its end, to the passages left
over. Where they disagree (an image alone in a paragraph, HTML the line reader takes for
text), that passage has no block, and the blocks after it still find theirs.

This runs on HTML the sanitizer has already cleaned, where the note's own ``data-passage``
attributes are gone: what it writes is the only ``data-passage`` of the page, and the final
sanitizing pass lets only digits through (:mod:`viewer.core.sanitize`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Sequence

from viewer.core.passages import Passage

#: The attribute written on each passage's block.
ATTRIBUTE = "data-passage"
#: The elements that may carry it (the sanitizer allows it on these only).
BLOCK_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "tr", "pre"})

# Sanitized HTML as html5ever writes it: lower-case names, every value double-quoted (a quote
# in a value is &quot;), no comments, no CDATA. A value may hold '>', so it is read whole.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_NOT_LETTERS = re.compile(r"[\W_]+")
#: A footnote reference as written (``[^temp]``): the page shows a number in its place.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

Key = tuple[str, str]


class _Block:
    __slots__ = ("at", "footnote", "kind", "paragraphs", "parts")

    def __init__(self, kind: str, at: int, footnote: bool = False) -> None:
        self.kind = kind
        #: A footnote, listed at the end of the page, not where the Markdown has it.
        self.footnote = footnote
        self.parts: list[str] = []
        #: Where to write the attribute: the end of the block's start tag's name.
        self.at = at
        #: Paragraphs met directly inside (a list item's first one is part of the item).
        self.paragraphs = 0

    def key(self) -> Key:
        return self.kind, letters("".join(self.parts))


def letters(text: str) -> str:
    """The letters and digits of ``text``: what both readings agree on."""
    return _NOT_LETTERS.sub("", text)


def passage_key(passage: Passage) -> Key:
    text = passage.text
    if "[^" in text:
        text = _FOOTNOTE_REFERENCE.sub("", text)
    return passage.kind, letters(text)


def html_blocks(page: str) -> list[_Block]:
    """The passage-like blocks of sanitized HTML, in document order."""
    blocks: list[_Block] = []
    # Per open element: its name, the block it is (or None), whether it starts text left out,
    # whether it is a footnotes' section.
    stack: list[tuple[str, _Block | None, bool, bool]] = []
    collecting: list[_Block] = []  # the blocks whose text is being read, innermost last
    skipping = 0  # open elements whose text counts for no passage
    footnotes = 0
    last = 0
    for match in _TAG.finditer(page):
        if match.start() > last and collecting and not skipping:
            collecting[-1].parts.append(html.unescape(page[last : match.start()]))
        last = match.end()
        closing, name = match.group(1), match.group(2)
        if closing:
            depth = len(stack) - 1
            while depth >= 0 and stack[depth][0] != name:
                depth -= 1
            if depth < 0:
                continue  # closes nothing open
            for _name, block, skipped, footnote in stack[depth:]:
                if block is not None:
                    collecting.remove(block)
                skipping -= skipped
                footnotes -= footnote
            del stack[depth:]
            continue
        if name in _VOID:
            continue
        classes = _classes(match.group(3))
        skipped = not skipping and _skipped(name, classes, match.group(3))
        footnote = name == "div" and "footnote" in classes
        block = None
        if not skipping and not skipped:
            block = _block_for(name, collecting, footnotes > 0, match.start(3))
        if block is not None:
            blocks.append(block)
            collecting.append(block)
        stack.append((name, block, skipped, footnote))
        skipping += skipped
        footnotes += footnote
    return blocks


def _classes(attributes: str) -> set[str]:
    found = _CLASS.search(attributes)
    return set(found.group(1).split()) if found else set()


def _skipped(name: str, classes: set[str], attributes: str) -> bool:
    """Text no passage holds: a timestamp as the page shows it ("2:43"; one that is not a
    time shows its label, which the passage holds too), a footnote reference's number, the
    table of contents (the headings again)."""
    if name == "a" and "timestamp" in classes:
        return "inert" in classes or ' href="' in attributes
    if name == "a" and "footnote-ref" in classes:
        return True
    return name == "div" and "toc" in classes


def _block_for(name: str, collecting: list[_Block], in_footnotes: bool, at: int) -> _Block | None:
    inner = collecting[-1] if collecting else None
    if inner is not None and inner.kind != "item":
        return None  # inside a quote, a row, a heading, a paragraph or code: part of it
    if name in _HEADINGS:
        return _Block("heading", at)
    if name == "li":
        return _Block("paragraph", at, True) if in_footnotes else _Block("item", at)
    if name == "p":
        if inner is not None:
            inner.paragraphs += 1
            if inner.paragraphs == 1:
                return None  # a loose item's first paragraph is the item's text
        return _Block("paragraph", at)
    if name == "blockquote":
        return _Block("quote", at)
    if name == "tr":
        return _Block("row", at)
    if name == "pre":
        return _Block("code", at)
    return None


def align(passages: Sequence[Key], blocks: Sequence[Key]) -> list[tuple[int, int]]:
    """Pairs ``(passage, block)`` of equal keys, both in order (a passage said twice goes to
    its own copy). Where they differ, the side that finds its match the sooner on the other
    skips to it; when neither will ever find one, both are passed over. Linear, give or take
    a binary search: a note of thousands of passages the page lays out otherwise must not
    cost a quadratic alignment."""
    if list(passages) == list(blocks):
        return [(i, i) for i in range(len(passages))]
    in_passages: dict[Key, list[int]] = {}
    for i, key in enumerate(passages):
        in_passages.setdefault(key, []).append(i)
    in_blocks: dict[Key, list[int]] = {}
    for j, key in enumerate(blocks):
        in_blocks.setdefault(key, []).append(j)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(passages) and j < len(blocks):
        if passages[i] == blocks[j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
            continue
        block = _next(in_blocks.get(passages[i]), j)  # where this passage's block may be
        passage = _next(in_passages.get(blocks[j]), i)  # where this block's passage may be
        if passage is not None and (block is None or passage - i <= block - j):
            i = passage
        elif block is not None:
            j = block
        else:
            i, j = i + 1, j + 1
    return pairs


def _next(positions: list[int] | None, start: int) -> int | None:
    """The first of ``positions`` (sorted) at or after ``start``."""
    if not positions:
        return None
    at = bisect_left(positions, start)
    return positions[at] if at < len(positions) else None


def with_passage_ids(page: str, passages: Sequence[Passage]) -> str:
    """``page`` (sanitized HTML of a note's body) with ``data-passage="N"`` on the block of
    each passage ``N`` that has one."""
    if not passages:
        return page
    blocks = html_blocks(page)
    keys = [passage_key(p) for p in passages]
    # The footnotes are at the end of the page: matched to the passages left over.
    main = [block for block in blocks if not block.footnote]
    pairs = [(p, main[b]) for p, b in align(keys, [block.key() for block in main])]
    notes = [block for block in blocks if block.footnote]
    if notes:
        matched = {p for p, _ in pairs}
        left = [p for p in range(len(passages)) if p not in matched]
        found = align([keys[p] for p in left], [block.key() for block in notes])
        pairs += [(left[p], notes[b]) for p, b in found]
    inserts = sorted((block.at, passages[p].index) for p, block in pairs)
    out: list[str] = []
    last = 0
    for at, index in inserts:
        out += [page[last:at], f' {ATTRIBUTE}="{index:d}"']
        last = at
    out.append(page[last:])
    return "".join(out)
