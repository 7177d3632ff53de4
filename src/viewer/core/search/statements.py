"""The query as SQL: every text of the user's is a bound parameter built from our tokens.

:func:`body_sql` turns the clauses on a note's text into one ranked statement (all terms of
spaced scripts: one MATCH on ``passages``; all unspaced and long enough: one MATCH on
``unspaced``) or into rowid sets combined with INTERSECT, UNION and EXCEPT; :func:`filter_sql`
turns ``title:`` and ``tag:`` into a condition on ``notes``; :func:`ranked_notes_sql` lists
the notes that match, best first, with their counts, and :func:`note_rows_sql` the passages
of some of them (a page of a list grouped by note). ``in:`` is a condition on the rowid: a
transcript's rows are those with :data:`~viewer.core.search.rows.TRANSCRIPT_BIT` set.
"""

from __future__ import annotations

import sqlite3
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


#: The SQLite that reads ``AS MATERIALIZED`` (3.35); the trigram tokenizer the index needs
#: came in 3.34.
MATERIALIZED_SINCE = (3, 35, 0)

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
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of the matching passages (all of :data:`PASSAGE_COLUMNS`, or their rowids
    only) and its arguments; its last parameters are those of ``notes_sql`` (a condition on
    ``notes``, if any), the limit and the offset.

    Best first; unranked (a mixed query) they come in the order of the notes and passages
    stored. ``sources`` are those ``in:`` keeps.
    """
    source, args, ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    if ranked == "passages":
        sql = f"SELECT {PASSAGE_COLUMNS} FROM {source}{within} ORDER BY rank LIMIT ? OFFSET ?"
    elif ranked is not None:
        sql = f"SELECT rowid FROM {source}{within} ORDER BY rank LIMIT ? OFFSET ?"
    else:
        sql = f"SELECT rowid FROM {source}{within} ORDER BY rowid LIMIT ? OFFSET ?"
    return sql, args


def ranked_notes_sql(
    clauses: Sequence[Clause],
    notes_sql: str | None,
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of the notes with passages that match, best note first (the note of the
    best passage; unranked: in the order stored), and its arguments; its last parameters are
    those of ``notes_sql``, then a range of rowids (the first in it, the first after it), then
    how many notes to give at most.

    Each row is a note: ``note`` (its id), ``hits`` (its passages that match), ``best`` (the
    rank of its best one, None when unranked), and, the same on every row, how many notes and
    how many passages match in all (in the range). Ranking every passage is unavoidable; the
    ranks are not kept: a page of a list grouped by note then ranks only its notes' passages
    (:func:`note_rows_sql`).
    """
    source, args, ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    best, order = ("min(rank)", "3, 1") if ranked is not None else ("NULL", "1")
    note = f"rowid >> {ROWID_BITS} AS note, count(*) AS hits, {best} AS best"
    rows = f"FROM {source}{within} AND rowid >= ? AND rowid < ? GROUP BY 1"
    if sqlite3.sqlite_version_info < MATERIALIZED_SINCE:
        sql = (
            f"SELECT {note}, count(*) OVER () AS notes_in_all,"
            f" sum(count(*)) OVER () AS hits_in_all {rows} ORDER BY {order} LIMIT ?"
        )
    else:
        # The notes and hits in all counted in the groups kept in a table of their own: by
        # a window over the groups, they took 113 million instructions of the 609 it took
        # to rank and group half the notes of a word in 43,000 of 50,000, 61 this way.
        sql = (
            f"WITH found AS MATERIALIZED (SELECT {note} {rows}) SELECT note, hits, best,"
            " (SELECT count(*) FROM found) AS notes_in_all,"
            " (SELECT sum(hits) FROM found) AS hits_in_all"
            f" FROM found ORDER BY {order} LIMIT ?"
        )
    return sql, args


def ranks_sql(
    clauses: Sequence[Clause],
    notes_sql: str | None,
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of the passages that match in a range of rowids, each its rowid and rank
    (None when unranked), in no order, and its arguments; its last parameters are those of
    ``notes_sql``, then the range (the first rowid in it, the first after it). For a few
    notes: their order, and a page of their hits, from one statement."""
    source, args, ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    rank = "rank" if ranked is not None else "NULL"
    return f"SELECT rowid, {rank} FROM {source}{within} AND rowid >= ? AND rowid < ?", args


def note_rows_sql(
    clauses: Sequence[Clause],
    notes_sql: str | None,
    notes: int,
    sources: frozenset[str] = frozenset(SOURCES),
) -> tuple[str, list[object]]:
    """A statement of the matching passages of ``notes`` notes (all of
    :data:`PASSAGE_COLUMNS` or their rowids only, then their rank: None when unranked), in no
    order, and its arguments; its last parameters are those of ``notes_sql``, then the least
    and the greatest rowid of those notes, then their ids.

    Ordered by rank, FTS5 would rank every passage that matches before SQLite keeps those of
    the notes asked for; unordered, only theirs are ranked (18 ms where it took 140, for a
    word in 43,000 notes of 50,000)."""
    source, args, ranked = _matching(clauses)
    within = _within(notes_sql, sources)
    columns = PASSAGE_COLUMNS if ranked == "passages" else "rowid"
    rank = "rank" if ranked is not None else "NULL"
    marks = ", ".join("?" * notes)
    sql = (
        f"SELECT {columns}, {rank} FROM {source}{within}"
        f" AND rowid BETWEEN ? AND ? AND (rowid >> {ROWID_BITS}) IN ({marks})"
    )
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
