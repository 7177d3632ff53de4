"""The query as SQL: every text of the user's is a bound parameter built from our tokens.

:func:`body_sql` turns the clauses on a note's text into one ranked statement (all terms of
spaced scripts: one MATCH on ``passages``; all unspaced and long enough: one MATCH on
``unspaced``) or into rowid sets combined with INTERSECT, UNION and EXCEPT; :func:`filter_sql`
turns ``title:`` and ``tag:`` into a condition on ``notes``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from viewer.core.search.query import Clause, Term
from viewer.core.search.rows import ROWID_BITS


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


PASSAGE_COLUMNS = "rowid, note, passage, start, section, times, text"


def body_sql(clauses: Sequence[Clause], notes_sql: str | None) -> tuple[str, list[object]]:
    """A statement of the matching passages, best first (all of :data:`PASSAGE_COLUMNS`, or
    their rowids only), and its arguments; its last parameters are those of ``notes_sql`` (a
    condition on ``notes``, if any) and the limit."""
    terms = [term for clause in clauses for term in clause.terms]
    # A row's note is its rowid >> ROWID_BITS: a filter needs no join.
    within = (
        f" AND (rowid >> {ROWID_BITS}) IN (SELECT id FROM notes WHERE {notes_sql})"
        if notes_sql
        else ""
    )
    if all(not term.unspaced for term in terms):
        sql = (
            f"SELECT {PASSAGE_COLUMNS} FROM passages"
            f" WHERE passages MATCH ?{within} ORDER BY rank LIMIT ?"
        )
        return sql, [fts_expression(clauses, Term.fts)]
    trigram_ready = all(len(piece) >= 3 for term in terms for piece in term.pieces)
    if all(term.unspaced for term in terms) and trigram_ready:
        sql = f"SELECT rowid FROM unspaced WHERE unspaced MATCH ?{within} ORDER BY rank LIMIT ?"
        return sql, [fts_expression(clauses, piece_fts)]
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
    sql = f"SELECT rowid FROM ({sets}) WHERE 1{within} ORDER BY rowid LIMIT ?"
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
