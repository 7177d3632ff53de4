"""The search box's language, read by our own parser and never handed raw to SQLite.

    databricks                 a word (diacritics and case do not matter: cafe finds Café)
    "famous bet"               a phrase: these words, in this order
    archi*                     a word that starts so
    lstm OR transformer        either
    NOT lstm, -lstm            leave out passages with it
    title:frankle tag:ai       notes whose title / tags hold it (also title:"a phrase")
    in:notes, in:transcript    only what the notes say, or only what was said in their
                               videos (their transcripts; also in:transcripts, in:note);
                               -in:notes is in:transcript; both given: both

Words side by side must all occur in one passage (of a note, or about half a minute of a
transcript). ``in:`` names the place searched, not words: it cannot be one side of ``OR``, and
a place that is neither raises :class:`QueryError`. FTS5 raises on much of what people type
(a stray quote, a lone ``OR``, ``-``, ``*`` or ``:``), so a query is parsed here into
:class:`Query`, and :mod:`viewer.core.search.index` builds the MATCH expression from its
tokens only, each one quoted: no text of the user's reaches SQLite as syntax. What cannot be
read raises :class:`QueryError` with a sentence to show as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from viewer.core.fold import fold

#: Longest query read, in characters, and most terms: beyond that it is not a search box.
MAX_QUERY_CHARS = 500
MAX_TERMS = 24

#: Scripts written without spaces between words: their text is matched as substrings
#: (see :mod:`viewer.core.search.index` for why, and how).
UNSPACED = re.compile(
    "["
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f\u31a0-\u31bf"  # Bopomofo
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK ideographs, supplementary planes
    "]"
)
#: A word as SQLite's ``unicode61`` tokenizer sees one: letters and digits; "_" separates.
_TOKEN = re.compile(r"[^\W_]+")
_FIELDS = {"title": "title", "tag": "tags", "tags": "tags", "in": "in"}
#: The places ``in:`` names, and the source of the hits found there.
NOTES, TRANSCRIPT = "note", "transcript"
SOURCES = (NOTES, TRANSCRIPT)
_PLACES = {
    "note": NOTES,
    "notes": NOTES,
    "transcript": TRANSCRIPT,
    "transcripts": TRANSCRIPT,
}


class QueryError(ValueError):
    """A query that cannot be read; ``str(error)`` is a sentence for the reader."""


def tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` as the index compares them (text of unspaced scripts left out)."""
    return tuple(_TOKEN.findall(UNSPACED.sub(" ", fold(text))))


@dataclass(frozen=True, slots=True)
class Term:
    """One word, prefix or phrase to look for."""

    #: Folded words of a spaced script (empty for a term wholly in an unspaced script).
    words: tuple[str, ...]
    prefix: bool = False
    #: ``title`` or ``tags`` for a filter on the note; ``None`` for the note's text.
    field: str | None = None
    #: Runs of unspaced script in the term (folded), each looked for as a substring.
    pieces: tuple[str, ...] = ()

    @property
    def unspaced(self) -> bool:
        return bool(self.pieces)

    def fts(self) -> str:
        """The term as an FTS5 string: only our own quoting, never the user's syntax."""
        phrase = '"' + " ".join(self.words).replace('"', '""') + '"'
        return phrase + " *" if self.prefix else phrase


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms of which one must occur (``a OR b``), or, negated, none may."""

    terms: tuple[Term, ...]
    negated: bool = False

    @property
    def field(self) -> bool:
        return self.terms[0].field is not None


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    clauses: tuple[Clause, ...]
    #: Where to search: the sources of :data:`SOURCES` kept (``in:``); all of them by default.
    sources: frozenset[str] = frozenset(SOURCES)

    @property
    def everywhere(self) -> bool:
        return self.sources == frozenset(SOURCES)

    @property
    def body(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if not clause.field)

    @property
    def filters(self) -> tuple[Clause, ...]:
        return tuple(clause for clause in self.clauses if clause.field)

    @property
    def positive_terms(self) -> tuple[Term, ...]:
        """The terms to highlight: those of the note's text that are not left out."""
        return tuple(term for clause in self.body if not clause.negated for term in clause.terms)


@dataclass(frozen=True, slots=True)
class _Word:
    """One item of the query as typed, before OR and NOT are applied."""

    text: str
    field: str | None
    negated: bool


_FIELD = re.compile(r"(?i)(title|tags?|in):")


def _split(text: str) -> list[_Word | str]:
    """Words, phrases and the operators ``OR`` and ``NOT`` (as strings), in order."""
    items: list[_Word | str] = []
    position = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace() or char in "()":
            position += 1
            continue
        negated = False
        if char == "-" and position + 1 < length and not text[position + 1].isspace():
            negated, position = True, position + 1
        field = None
        if match := _FIELD.match(text, position):
            field, position = _FIELDS[match.group(1).lower()], match.end()
            if position >= length or text[position].isspace():
                example = "notes" if field == "in" else "word"
                raise QueryError(
                    f"'{match.group(0)}' needs something after it, like {match.group(0)}{example}."
                )
        if position < length and text[position] == '"':
            end = text.find('"', position + 1)
            if end < 0:
                raise QueryError(
                    'A quote is not closed: put a " at the end of the phrase, or remove it.'
                )
            word = text[position + 1 : end]
            position = end + 1
            prefix = position < length and text[position] == "*"
            position += prefix
            items.append(_Word(word + ("*" if prefix else ""), field, negated))
            continue
        word_start = position
        while position < length and not text[position].isspace() and text[position] not in '()"':
            position += 1
        word = text[word_start:position]
        if not negated and field is None and word in ("OR", "NOT", "AND"):
            items.append(word)
            continue
        items.append(_Word(word, field, negated))
    return items


def _term(word: _Word) -> Term | None:
    """The term a word stands for; ``None`` when it holds nothing to search (punctuation)."""
    text = word.text
    prefix = text.endswith("*")
    text = text.rstrip("*")
    if "*" in text:
        raise QueryError(f"'*' goes at the end of a word, as in archi*, not inside '{word.text}'.")
    if UNSPACED.search(text):
        # Case folded only: the trigram index keeps diacritics (SQLite before 3.45 cannot
        # remove them there), and a piece must match its text as written.
        pieces = tuple(piece for piece in re.split(r"[\W_]+", text.casefold()) if piece)
        return Term((), False, word.field, pieces)
    words = tokens(text)
    if not words:
        return None
    return Term(words, prefix, word.field)


def _place(word: _Word) -> str:
    """The source ``in:word`` names; raises :class:`QueryError` for any other word."""
    place = _PLACES.get(word.text.strip().lower())
    if place is None:
        raise QueryError(
            f"'in:{word.text}' is not a place to search: use in:notes or in:transcript."
        )
    return place


def _sources(places: list[tuple[str, bool]]) -> frozenset[str]:
    """The sources searched: those named (all if none is), less those left out."""
    named = {place for place, negated in places if not negated}
    kept = set(named) if named else set(SOURCES)
    kept -= {place for place, negated in places if negated}
    if not kept:
        raise QueryError("The search leaves out both notes and transcripts; keep one of them.")
    return frozenset(kept)


def parse_query(text: str) -> Query:
    """Read what was typed in the search box; raises :class:`QueryError` if it cannot be."""
    if "\x00" in text:
        raise QueryError("The search holds a NUL character; type it again without it.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"The search is too long ({len(text):,} characters); "
            f"keep it under {MAX_QUERY_CHARS} characters."
        )
    if not text.strip():
        raise QueryError("Type a word to search for.")
    items = _split(text)
    clauses: list[Clause] = []
    places: list[tuple[str, bool]] = []
    pending_or = False
    pending_not = False
    after_place = False  # the item before was in:
    if items and all(item in ("AND", "OR", "NOT") for item in items):
        raise QueryError(f"'{text.strip()}' needs words to join, as in lstm OR transformer.")
    for item in items:
        if item == "AND":
            continue
        if isinstance(item, _Word) and item.field == "in":
            if pending_or:
                raise QueryError("in: cannot be one side of OR; it says where to search.")
            places.append((_place(item), item.negated or pending_not))
            pending_not, after_place = False, True
            continue
        if item == "OR" and after_place:
            raise QueryError("in: cannot be one side of OR; it says where to search.")
        after_place = False
        if item == "OR":
            if not clauses or pending_or or pending_not:
                raise QueryError("OR needs a word on each side, as in lstm OR transformer.")
            pending_or = True
            continue
        if item == "NOT":
            if pending_not:
                raise QueryError("NOT NOT: leave out one of them.")
            pending_not = True
            continue
        assert isinstance(item, _Word)
        term = _term(item)
        negated = item.negated or pending_not
        pending_not = False
        if term is None:
            if pending_or:
                raise QueryError(
                    f"'{item.text}' holds no letters or digits to search for after OR."
                )
            continue
        if pending_or:
            pending_or = False
            last = clauses[-1]
            if negated or last.negated:
                raise QueryError("NOT cannot be one side of OR; search for what to find.")
            if (term.field is None) != (not last.field):
                raise QueryError("OR joins words, or title:/tag: filters, not one with the other.")
            clauses[-1] = Clause((*last.terms, term))
            continue
        clauses.append(Clause((term,), negated))
    if pending_or:
        raise QueryError("OR needs a word on each side, as in lstm OR transformer.")
    if pending_not:
        raise QueryError("NOT needs a word after it, as in transformer NOT lstm.")
    if not clauses:
        if places:
            raise QueryError("Say which words to find there, as in in:transcript lstm.")
        raise QueryError("The search holds no letters or digits to look for.")
    if sum(len(clause.terms) for clause in clauses) > MAX_TERMS:
        raise QueryError(f"The search has too many words; use at most {MAX_TERMS}.")
    if all(clause.negated for clause in clauses):
        raise QueryError("Say what to find, not only what to leave out (NOT or -).")
    if all(clause.negated for clause in clauses if not clause.field) and any(
        not clause.field for clause in clauses
    ):
        raise QueryError("Say which words to find, not only which to leave out (NOT or -).")
    sources = _sources(places)
    if places and not any(not clause.field for clause in clauses):
        raise QueryError("Say which words to find there, as in in:transcript lstm.")
    return Query(text, tuple(clauses), sources)
