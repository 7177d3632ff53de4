"""Text folded for comparing: case and diacritics do not count ("cafe" finds "Café").

The one rule, for the quick switcher (:mod:`viewer.core.fuzzy`), the search box's words
(:mod:`viewer.core.search.query`) and what the search index stores of each passage
(:mod:`viewer.core.search.rows`), so a word typed is folded exactly as the text it looks for:

1. compatibility decomposition (NFKD): a ligature becomes its letters (``ﬁ`` → ``fi``), a
   full- or half-width form the plain one (``Ａ`` → ``A``, ``ｶ`` → ``カ``), a letter with a
   diacritic the letter and the mark (``é`` → ``e`` + ``´``);
2. the combining marks taken off, except the kana voicing marks: ``ガ`` is not ``カ``, as
   ``b`` is not ``p``, while ``é`` is ``e`` with an accent;
3. recomposed (NFC: the kana with their marks, Korean syllables from their letters);
4. case folded last (``ß`` → ``ss``, ``İ`` → ``i``).

Decomposing before case folding is what makes folding the same on both sides: the other order
leaves capitals where a compatibility form decomposes only after case folding (``㎒`` → ``MHz``,
``ℌ`` → ``H``), so folded text folded again would change. With this order ``fold(fold(t)) ==
fold(t)`` for every character (a test pins it), and one letter may become several (``ß``,
``ﬁ``), harmless where only folded text is compared.
"""

from __future__ import annotations

import unicodedata

#: Combining marks that make another letter, not an accented one: the kana voicing marks.
_KEPT_MARKS = frozenset("\u3099\u309a")


def fold(text: str) -> str:
    """``text`` with case and diacritics folded away (see the module's rule)."""
    if text.isascii():
        return text.lower()  # most text: nothing to decompose, and ten times faster
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(
        char for char in decomposed if not unicodedata.combining(char) or char in _KEPT_MARKS
    )
    return unicodedata.normalize("NFC", bare).casefold()
