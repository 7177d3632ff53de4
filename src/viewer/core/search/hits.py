"""A hit: where it was found (a note's passage, or what was said in its video), its snippet,
and the moment it belongs to, made from the rows a query found.

A note's row holds its passage's text with a mark where each timestamp stands
(:mod:`viewer.core.search.plain_notes`), and the note its timestamps: the moment of a hit is
worked out here, for the hits shown only. A transcript's row holds where each cue starts in
its text and when it was said (:mod:`viewer.core.search.spoken`): the hit is the cue its
first word is in.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from viewer.core.passages import Moment
from viewer.core.search.plain_notes import unmark
from viewer.core.search.query import NOTES, TRANSCRIPT, Query, Term
from viewer.core.search.rows import ROWID_BITS, TRANSCRIPT_BIT, moment_of
from viewer.core.search.snippets import Snippet, find_spans, snippet
from viewer.core.search.spoken import TranscriptFiles, cue_times
from viewer.core.timecode import format_seconds


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage that matches: where it is, what it says, and the moment it belongs to."""

    path: str
    title: str
    #: Index of the passage in the note (:attr:`viewer.core.passages.Passage.index`), the id
    #: the note pane gives its block (``data-passage``, :mod:`viewer.core.passage_blocks`);
    #: ``None`` for a transcript's hit, and for a note found by ``title:`` or ``tag:`` alone.
    passage: int | None
    section: str | None
    snippet: Snippet
    #: The timestamp the first match belongs to; ``None`` when none does.
    moment: Moment | None
    #: The first match, as offsets into the passage's text (to highlight it in the note).
    match: tuple[int, int] | None = None
    #: Where it was found: ``"note"`` (the note's text, or its title and tags) or
    #: ``"transcript"`` (what was said in its video: :attr:`path` is still the note's).
    source: str = NOTES
    #: A transcript's hit: the number of the cue its first match is in, as the transcript
    #: file is read (:func:`viewer.core.transcripts.read_transcript`), the file
    #: (folder-relative) and its language.
    cue: int | None = None
    transcript: str | None = None
    language: str | None = None

    @property
    def seconds(self) -> float | None:
        return self.moment.seconds if self.moment else None

    @property
    def label(self) -> str | None:
        return self.moment.label if self.moment else None

    @property
    def in_transcript(self) -> bool:
        """Found in what was said in the note's video, not in the note."""
        return self.source == TRANSCRIPT

    @property
    def in_text(self) -> bool:
        """Found in what the note or its video says (not only by its title or tags)."""
        return self.passage is not None or self.cue is not None


@dataclass(frozen=True, slots=True)
class NoteHits:
    path: str
    title: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    #: Best first.
    hits: tuple[Hit, ...]
    #: A page of a list grouped by note: how many hits each of its notes has in all, by path
    #: (a note's hits can go on over the next page).
    note_hits: dict[str, int] = field(default_factory=dict)

    @property
    def notes(self) -> tuple[NoteHits, ...]:
        """The hits grouped by note; notes in the order of their best hit."""
        grouped: dict[str, list[Hit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.path, []).append(hit)
        return tuple(NoteHits(path, hits[0].title, tuple(hits)) for path, hits in grouped.items())


@dataclass(frozen=True, slots=True)
class SearchCounts:
    """How many hits a query has in all, as :meth:`SearchIndex.search` would list them with no
    limit (a note found by ``title:`` or ``tag:`` alone: one), and in how many notes."""

    hits: int
    notes: int


@dataclass(slots=True)
class _Note:
    """What the hits of one note need of its ``notes`` row."""

    path: str
    title: str
    stamps: str
    true_hours: bool
    transcripts: str
    _stamps: list[str] | None = None
    _files: TranscriptFiles | None = None

    def stamp_labels(self) -> list[str]:
        if self._stamps is None:
            self._stamps = self.stamps.split("\n") if self.stamps else []
        return self._stamps

    def files(self) -> TranscriptFiles:
        if self._files is None:
            self._files = TranscriptFiles.parse(self.transcripts)
        return self._files


#: A row as a query reads it: rowid, passage, start, first, last, section, text shown.
StoredRow = tuple[int, int, int, int, int, "str | bytes", str]


def make_hits(connection: sqlite3.Connection, rows: Sequence[StoredRow], query: Query) -> list[Hit]:
    """The hits of ``rows`` (as :data:`viewer.core.search.statements.PASSAGE_COLUMNS` reads
    them), in their order."""
    if not rows:
        return []
    ids = sorted({row[0] >> ROWID_BITS for row in rows})
    notes = {
        note_id: _Note(path, title, stamps, bool(hours), transcripts)
        for note_id, path, title, stamps, hours, transcripts in connection.execute(
            "SELECT id, path, title, stamps, hours, transcripts FROM notes"
            f" WHERE id IN ({', '.join('?' * len(ids))})",
            ids,
        )
    }
    unspaced: dict[int, str] = {}
    if connection.execute("SELECT rowid FROM unspaced LIMIT 1").fetchone():
        marks = ", ".join("?" * len(rows))
        unspaced = dict(
            connection.execute(
                f"SELECT rowid, text FROM unspaced WHERE rowid IN ({marks})",
                [row[0] for row in rows],
            ).fetchall()
        )
    terms = query.positive_terms
    hits = []
    for rowid, passage, start, first, last, section, text in rows:
        note = notes.get(rowid >> ROWID_BITS)
        if note is None:
            continue  # removed by another window between the statements
        text = unspaced.get(rowid, text)
        if rowid & TRANSCRIPT_BIT:
            assert isinstance(section, bytes)
            hits.append(_spoken_hit(note, passage, start, section, text, terms))
            continue
        assert isinstance(section, str)
        plain, offsets = unmark(text)
        spans = find_spans(plain, terms)
        at = spans[0] if spans else None
        moment = moment_of(
            offsets, at[0] if at else 0, first, last, note.stamp_labels(), note.true_hours
        )
        match = (at[0] + start, at[1] + start) if at else None
        hits.append(
            Hit(
                note.path,
                note.title,
                passage,
                section or None,
                snippet(plain, spans),
                moment,
                match,
            )
        )
    return hits


def _spoken_hit(
    note: _Note,
    file_number: int,
    first_cue: int,
    packed: bytes,
    text: str,
    terms: Sequence[Term],
) -> Hit:
    offsets, starts = cue_times(packed)
    spans = find_spans(text, terms)
    at = spans[0] if spans else None
    cue = max(0, bisect.bisect_right(offsets, at[0] if at else 0) - 1)
    seconds = starts[cue] if starts else 0.0
    files = note.files().files
    file = files[file_number] if 0 <= file_number < len(files) else None
    return Hit(
        note.path,
        note.title,
        None,
        None,
        snippet(text, spans),
        Moment(seconds, format_seconds(seconds)),
        at,
        TRANSCRIPT,
        first_cue + cue,
        file.path if file else None,
        file.language if file else None,
    )
