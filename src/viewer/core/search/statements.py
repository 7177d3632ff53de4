"""The query as SQL: every text of the user's is a bound parameter built from our tokens.

:func:`body_sql` turns the clauses on a note's text into one ranked statement (all terms of
spaced scripts: one MATCH on ``passages``; all unspaced and long enough: one MATCH on
``unspaced``) or into rowid sets combined with INTERSECT, UNION and EXCEPT; :func:`filter_sql`
turns ``title:`` and ``tag:`` into a condition on ``notes``; :func:`count_sql` counts the
passages that match, note by note. ``in:`` is a condition on the rowid: a transcript's rows
are those with :data:`~viewer.core.search.rows.TRANSCRIPT_BIT` set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from viewer.core.search.query import NOTES, SOURCES, Clause, Term
from viewer.core.search.rows import ROWID_BITS, TRANSCRIPT_BIT


def fts_expression(clauses: Sequence[Clause], render: Callable[[Term], str]) -> str:
    positive = [c for c in clauses if not c.negated]
    negative = [c for c in clauses if c.negated]
    expression = " AND ".join(
        "(" + " OR ".join(render(term) for term in clause.terms) + ")" for clause in positive
    )
    for clause in negative:
        expression += " NOT (" + " OR ".join(render(term) for term in clause.terms) + ")"
    return expression


def piece_fts(term: Term) -> str:
    return " AND ".join('"' + piece.replace('"', '""') + '"' for piece in term.pieces)


PASSAGE_COLUMNS = "rowid, passage, start, first, last, section, coalesce(shown, text)"


def _matching(clauses: Sequence[Clause]) -> tuple[str, list[object], str | None]:
    """``FROM …`` of the rows that match (ending in a WHERE clause more can be added to with
    AND), its arguments, and the FTS5 table whose rank orders them (None: no rank)."""
    terms = [term for clause in clauses for term in clause.terms]
    if all(not term.unspaced for term in terms):
        return "passages WHERE passages MATCH ?", [fts_expression(clauses, Term.fts)], "passages"
    trigram_ready = all(len(piece) >= 3 for term in terms for piece in term.pieces)
    if all(term.unspaced for term in terms) and trigram_ready:
        return "unspaced WHERE unspaced MATCH ?", [fts_expression(clauses, piece_fts)], "unspaced"
    # Mixed, or pieces too short for trigrams: sets of rowids, one per term.
    args: list[object] = []

    def term_set(term: Term) -> str:
        if not term.unspaced:
            args.append(term.fts())
            return "SELECT rowid FROM passages WHERE passages MATCH ?"
        parts = []
        for piece in term.pieces:
            if len(piece) >= 3:
                args.append('"' + piece.replace('"', '""') + '"')
                parts.append("SELECT rowid FROM unspaced WHERE unspaced MATCH ?")
            else:
                args.append("%" + like_escape(piece) + "%")
                parts.append("SELECT rowid FROM unspaced WHERE text LIKE ? ESCAPE '\\'")
        return " INTERSECT ".join(parts)

    def clause_set(clause: Clause) -> str:
        return " UNION ".join(f"SELECT rowid FROM ({term_set(term)})" for term in clause.terms)

    positive = [clause for clause in clauses if not clause.negated]
    negative = [clause for clause in clauses if clause.negated]
    sets = " INTERSECT ".join(f"SELECT rowid FROM ({clause_set(c)})" for c in positive)
    for clause in negative:
        sets += f" EXCEPT SELECT rowid FROM ({clause_set(clause)})"
    return f"({sets}) WHERE 1", args, None


def _within(notes_sql: str | None, sources: frozenset[str]) -> str:
    # A row's note is its rowid >> ROWID_BITS, its source one bit of it: no join.
    within = ""
    if sources != frozenset(SOURCES):
        within = f" AND (rowid & {TRANSCRIPT_BIT}) {'=' if NOTES in sources else '!='} 0"
    if notes_sql:
        within += f" AND (rowid >> {ROWID_BITS}) IN (SELECT id FROM notes WHERE {notes_sql})"
    return within


def body_sql(
    clauses: Sequence[Clause],
    notes_sql: str | None,
    by_note: bool = False,
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of the matching passages (all of :data:`PASSAGE_COLUMNS`, or their rowids
    only) and its arguments; its last parameters are those of ``notes_sql`` (a condition on
    ``notes``, if any), the limit and the offset.

    Best first; ``by_note``: note after note, in the order of each one's best passage, and
    within a note best first (a list grouped by note can then be read a page at a time).
    Unranked (a mixed query) they come in the order of the notes and passages stored.
    ``sources`` are those ``in:`` keeps.
    """
    source, args, ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    if ranked is not None and by_note:
        sql = (
            f"SELECT rowid FROM (SELECT rowid, rank AS r, min(rank) OVER"
            f" (PARTITION BY rowid >> {ROWID_BITS}) AS best FROM {source}{within})"
            f" ORDER BY best, rowid >> {ROWID_BITS}, r LIMIT ? OFFSET ?"
        )
    elif ranked == "passages":
        sql = f"SELECT {PASSAGE_COLUMNS} FROM {source}{within} ORDER BY rank LIMIT ? OFFSET ?"
    elif ranked is not None:
        sql = f"SELECT rowid FROM {source}{within} ORDER BY rank LIMIT ? OFFSET ?"
    else:
        sql = f"SELECT rowid FROM {source}{within} ORDER BY rowid LIMIT ? OFFSET ?"
    return sql, args


def count_sql(
    clauses: Sequence[Clause],
    notes_sql: str | None,
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of ``note`` (its id) and ``hits`` (its passages that match) for each note
    with any, and its arguments; its last parameters are those of ``notes_sql``."""
    source, args, _ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    sql = f"SELECT rowid >> {ROWID_BITS} AS note, count(*) AS hits FROM {source}{within} GROUP BY 1"
    return sql, args


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_sql(clauses: Sequence[Clause]) -> tuple[str, list[object]]:
    """The condition on ``notes`` that ``title:`` and ``tag:`` filters make."""
    conditions: list[str] = ["1"]
    args: list[object] = []
    for clause in clauses:
        options = []
        for term in clause.terms:
            column = term.field or "title"
            if term.unspaced:
                likes = []
                for piece in term.pieces:
                    likes.append(f"{column} LIKE ? ESCAPE '\\'")
                    args.append("%" + like_escape(piece) + "%")
                options.append("(" + " AND ".join(likes) + ")")
            else:
                options.append("id IN (SELECT rowid FROM names WHERE names MATCH ?)")
                args.append(f"{column} : {term.fts()}")
        condition = "(" + " OR ".join(options) + ")"
        conditions.append(f"NOT {condition}" if clause.negated else condition)
    return " AND ".join(conditions), args
