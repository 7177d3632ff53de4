"""The search index of a notes folder, timed in a fresh process.

    python -m benchmarks.drivers.search_index FOLDER --mode build|bare|raw|query --cache DIR

* ``build``: ``SearchIndex(FOLDER, DIR).build()`` from an empty cache folder: the folder
  scanned, every note read, split into passages and stored (FTS5 ``unicode61`` with
  diacritics folded, plus the notes, names and timestamps tables), and its transcripts if it
  has some (``transcripts_read_s``: the time spent reading their files).
* ``bare``: the baseline: the same passage texts (taken from the notes before the clock starts;
  with a folder's transcripts, their rows' texts too, after their notes') inserted into one
  bare FTS5 table with the same tokenizer, in transactions of as many notes.
* ``raw``: a second baseline: every note's bytes read and inserted whole (one row a note)
  into a bare FTS5 table: the least work that makes a folder's text searchable.
* ``query``: with the index ``build`` left in DIR, each of the ``--queries`` varied queries
  (:func:`queries`) through ``SearchIndex.search(query, limit=50)`` against the same FTS5
  statement on bare tables of the same rows (``SELECT rowid, text … MATCH ? ORDER BY rank
  LIMIT 50``): each query a few times in alternating order, its median kept.

Imports happen before the clock starts. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.drivers._common import emit, note_files
from benchmarks.generate import _FIRST, _LAST, _TAGS, _WORDS

if TYPE_CHECKING:
    from viewer.core.transcripts import Transcript

LIMIT = 50
REPEATS = 5


def queries(count: int, seed: int) -> list[str]:
    """``count`` varied queries over the generator's words: single words, common and rare,
    two words, phrases, prefixes, OR, NOT, title: and tag: filters."""
    rng = random.Random(f"viewer-benchmark-queries-{seed}")
    words = list(_WORDS)
    names = list(_FIRST + _LAST)
    makers = [
        lambda: rng.choice(words),
        lambda: rng.choice(names),
        lambda: f"{rng.choice(words)} {rng.choice(words)}",
        lambda: f'"{rng.choice(names)} {rng.choice(("discusses", "explains", "notes", "argues"))}"',
        lambda: f'"{rng.choice(words)} {rng.choice(words)}"',
        lambda: rng.choice(words)[: rng.randint(3, 5)] + "*",
        lambda: f"{rng.choice(words)} OR {rng.choice(names)}",
        lambda: f"{rng.choice(words)} -{rng.choice(words)}",
        lambda: f"{rng.choice(words)} title:{rng.choice(words)}",
        lambda: f"{rng.choice(names)} tag:{rng.choice(_TAGS)}",
    ]
    return [makers[index % len(makers)]() for index in range(count)]


def _passage_texts(root: Path) -> list[list[str]]:
    """The stored texts of every note, as the index would store them, per note: its
    passages', then its transcripts' (those of the folder's subtitle files that are its)."""
    from viewer.core.folder import scan
    from viewer.core.search.rows import name_ids, read_note
    from viewer.core.search.spoken import find_transcripts, read_transcripts

    found = scan(root)
    by_id: dict[str, list[str]] = {}
    for name in found.subtitles:
        for token in name_ids((name,)):
            by_id.setdefault(token, []).append(name)
    ids = frozenset(by_id) if found.subtitles else None
    texts = []
    for path in found.files:
        read = read_note(root, path, ids)
        if read is None:
            texts.append([])
            continue
        rows = [row[0] for row in read.rows]
        if read.note is not None:
            names = by_id.get(read.video_id, []) if read.video_id else []
            files, _problems = find_transcripts(read.note, root, names)
            rows += [row[0] for row in read_transcripts(root, files).rows]
        texts.append(rows)
    return texts


def build(root: Path, cache: Path) -> dict[str, float]:
    """The build, and the part of it spent reading transcript files (the transcript reader's
    own work, measured around each call)."""
    from viewer.core.search import SearchIndex, spoken

    reading = [0.0]
    read_transcript = spoken.read_transcript

    def timed(path: Path, language: str | None = None) -> Transcript:
        begun = time.perf_counter()
        try:
            return read_transcript(path, language)
        finally:
            reading[0] += time.perf_counter() - begun

    started, cpu = time.perf_counter(), time.process_time()
    with SearchIndex(root, cache) as index:
        # Once the index is open: the file is keyed on a digest of the code that writes it,
        # which a function of this module in the search code's place would change.
        spoken.read_transcript = timed  # type: ignore[assignment]
        try:
            report = index.build()
        finally:
            spoken.read_transcript = read_transcript
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "notes": report.indexed,
        "transcripts": report.transcripts,
        "transcripts_read_s": reading[0],
    }


def bare(root: Path, cache: Path) -> dict[str, float]:
    from viewer.core.search.index import BATCH_NOTES

    notes = _passage_texts(root)
    cache.mkdir(parents=True, exist_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(cache / "bare.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL").fetchall()
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE VIRTUAL TABLE bare USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    for start in range(0, len(notes), BATCH_NOTES):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO bare (text) VALUES (?)",
            [(text,) for texts in notes[start : start + BATCH_NOTES] for text in texts],
        )
        connection.execute("COMMIT")
    connection.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": elapsed, "cpu_seconds": cpu, "notes": len(notes)}


def raw(root: Path, cache: Path) -> dict[str, float]:
    """The second baseline: every note's bytes read and inserted whole into a bare table."""
    from viewer.core.search.index import BATCH_NOTES

    cache.mkdir(parents=True, exist_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(cache / "raw.sqlite3", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL").fetchall()
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE VIRTUAL TABLE raw USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    batch: list[tuple[str]] = []
    count = 0
    for path in note_files(str(root)):
        with open(path, "rb") as note:
            batch.append((note.read().decode("utf-8", "replace"),))
        count += 1
        if len(batch) == BATCH_NOTES:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT INTO raw (text) VALUES (?)", batch)
            connection.execute("COMMIT")
            batch = []
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany("INSERT INTO raw (text) VALUES (?)", batch)
    connection.execute("COMMIT")
    connection.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": elapsed, "cpu_seconds": cpu, "notes": count}


def query(root: Path, cache: Path, count: int, seed: int) -> dict[str, object]:
    from viewer.core.search import SearchIndex, parse_query, search_index_path
    from viewer.core.search.query import Term
    from viewer.core.search.rows import ROWID_BITS
    from viewer.core.search.statements import fts_expression

    index_file = search_index_path(root.resolve(), cache)
    bare_file = cache / "bare-query.sqlite3"
    bare_file.unlink(missing_ok=True)
    connection = sqlite3.connect(bare_file, isolation_level=None)
    connection.execute("ATTACH DATABASE ? AS app", (str(index_file),))
    connection.execute(
        "CREATE VIRTUAL TABLE bare USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute(
        "CREATE VIRTUAL TABLE bare_names USING fts5(title, tags,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute("BEGIN")
    connection.execute("INSERT INTO bare (rowid, text) SELECT rowid, text FROM app.passages")
    connection.execute(
        "INSERT INTO bare_names (rowid, title, tags) SELECT rowid, title, tags FROM app.names"
    )
    connection.execute("COMMIT")
    connection.execute("DETACH DATABASE app")
    connection.execute("PRAGMA optimize")

    def baseline_statement(text: str) -> tuple[str, list[object]]:
        parsed = parse_query(text)
        args: list[object] = [fts_expression(parsed.body, Term.fts)]
        sql = "SELECT rowid, text FROM bare WHERE bare MATCH ?"
        for clause in parsed.filters:
            (term,) = clause.terms
            sql += f" AND (rowid >> {ROWID_BITS}) IN"
            sql += " (SELECT rowid FROM bare_names WHERE bare_names MATCH ?)"
            args.append(f"{term.field} : {term.fts()}")
        return sql + " ORDER BY rank LIMIT ?", [*args, LIMIT]

    texts = queries(count, seed)
    app_ms: list[float] = []
    bare_ms: list[float] = []
    hits: list[int] = []
    with SearchIndex(root, cache) as index:
        for text in texts:  # warm up: both sides' pages in the page cache
            index.search(text, LIMIT)
            sql, args = baseline_statement(text)
            connection.execute(sql, args).fetchall()
        for number, text in enumerate(texts):
            sql, args = baseline_statement(text)
            app_runs: list[float] = []
            bare_runs: list[float] = []
            for repeat in range(REPEATS):
                for side in ("app", "bare") if (number + repeat) % 2 == 0 else ("bare", "app"):
                    started = time.perf_counter()
                    if side == "app":
                        found = len(index.search(text, LIMIT).hits)
                        app_runs.append(time.perf_counter() - started)
                    else:
                        connection.execute(sql, args).fetchall()
                        bare_runs.append(time.perf_counter() - started)
            hits.append(found)
            app_ms.append(statistics.median(app_runs) * 1000)
            bare_ms.append(statistics.median(bare_runs) * 1000)
    connection.close()
    return {"queries": texts, "app_ms": app_ms, "bare_ms": bare_ms, "hits": hits}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--mode", choices=("build", "bare", "raw", "query"), required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import viewer.core.search  # noqa: F401 - imported before any clock starts

    root = args.folder.absolute()
    if args.mode == "build":
        emit(build(root, args.cache))
    elif args.mode == "bare":
        emit(bare(root, args.cache))
    elif args.mode == "raw":
        emit(raw(root, args.cache))
    else:
        emit(query(root, args.cache, args.queries, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
