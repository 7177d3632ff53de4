"""Search (``--rows search``), on the folder the open rows use.

* ``search_query``: the p95 over varied queries of ``SearchIndex.search(query, limit=50)``
  (parse, the FTS5 statement, snippets, the moment of each hit), against the p95 of the same
  FTS5 statements on bare tables of the same rows (``drivers/search_index.py``).
* ``search_build``: building the index from nothing (scan, read, passages, store), against
  inserting the same passage texts into one bare FTS5 table; each in a fresh process, in
  alternating order. ``details.raw_baseline_s`` is a second baseline: reading every note's
  bytes and inserting them whole into a bare table (the least work that makes a folder's
  text searchable), with its ratio.
* ``search_ui``: the longest gap between two ticks of a 5 ms timer on the UI thread while
  ``SearchIndexer`` builds the index in its worker thread, against the same timer idle.
* ``search_build_transcripts`` and ``search_query_transcripts``: the same two measures on the
  folder with a transcript for one note in ten (:mod:`benchmarks.transcripts`: hour-long,
  3,500 cues each), the baseline's rows holding the transcripts' rows too. The build has no
  bound of its own (it runs in the background, with progress); ``details`` says how much of
  it is reading the transcript files (:func:`viewer.core.transcripts.read_transcript`, the
  transcript reader's own row), measured in the same process.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks import generate, transcripts
from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median, percentile

#: One note in this many has a transcript, in the folder of the transcript rows.
TRANSCRIPT_EVERY = 10


def measure(bench: Bench) -> list[Row]:
    settings = bench.settings
    count = settings.open_notes
    folder = bench.folder(count)
    runs = 2 if settings.quick else 3
    build = Row(
        "search_build",
        f"build the search index of {count:,} notes",
        "s",
        Target(ratio_at_most=2),
    )
    rows = _build_and_query(bench, folder, build, runs, count)
    return [*rows, _row_ui(bench, folder, runs), *_rows_transcripts(bench, count)]


def _rows_transcripts(bench: Bench, count: int) -> list[Row]:
    """The build and query rows on the folder with transcripts (its own copy of the notes)."""
    settings = bench.settings
    folder = bench.workdir / f"notes-{count}-transcripts"
    generate.generate_folder(folder, count, settings.seed)
    made = transcripts.add_transcripts(folder, TRANSCRIPT_EVERY, seed=settings.seed)
    bench.log(f"generated {len(made)} transcripts of {transcripts.CUES:,} cues")
    build = Row(
        "search_build_transcripts",
        f"build the search index of {count:,} notes and {len(made):,} hour-long transcripts",
        "s",
        Target.none("in the background, with progress"),
    )
    rows = _build_and_query(bench, folder, build, 2, count, len(made))
    shutil.rmtree(folder, ignore_errors=True)
    return rows


def _build_and_query(
    bench: Bench, folder: Path, build: Row, runs: int, count: int, spoken: int = 0
) -> list[Row]:
    """``build`` (the index built from nothing against bare FTS5 inserts), and the query row
    on the index it built."""
    settings = bench.settings
    suffix = "_transcripts" if spoken else ""
    raw: list[float] = []
    reading: list[float] = []
    cpu: dict[str, list[float]] = {"build": [], "bare": []}
    kept = None
    # The raw baseline (every note's bytes inserted whole) says nothing more with transcripts.
    modes = ("build", "bare") if spoken else ("build", "bare", "raw")
    for run in range(runs):
        for mode in in_turn(run, *modes):
            cache = bench.workdir / f"search{suffix}-{run}-{mode}"
            _started, result = bench.driver(
                "search_index", str(folder), "--mode", mode, "--cache", str(cache), timeout=900
            )
            seconds = float(result["seconds"])
            if mode == "build":
                build.samples.append(seconds)
                cpu["build"].append(float(result["cpu_seconds"]))
                reading.append(float(result.get("transcripts_read_s", 0.0)))
            elif mode == "bare":
                build.baseline_samples.append(seconds)
                cpu["bare"].append(float(result["cpu_seconds"]))
            else:
                raw.append(seconds)
            if mode == "build" and kept is None:
                kept = cache  # the query row searches this one
            else:
                shutil.rmtree(cache, ignore_errors=True)
    build.settle()
    build.details = {
        "cpu_s": median(cpu["build"]),
        "baseline_cpu_s": median(cpu["bare"]),
        "cpu_ratio": median(cpu["build"]) / median(cpu["bare"]),
    }
    if raw:
        build.details["raw_baseline_s"] = median(raw)
        build.details["raw_ratio"] = (build.figure or 0) / median(raw)
    if spoken:
        build.details["transcripts"] = spoken
        build.details["cues_each"] = transcripts.CUES
        build.details["transcripts_read_s"] = median(reading)
    queries = 20 if settings.quick else 100
    what = f"{count:,} notes and {spoken:,} transcripts" if spoken else f"{count:,} notes"
    query = Row(
        f"search_query{suffix}",
        f"search {what}: p95 of {queries} varied queries",
        "ms",
        Target(ratio_at_most=1.5, p95_under_ms=30),
    )
    assert kept is not None
    _started, result = bench.driver(
        "search_index",
        str(folder),
        "--mode",
        "query",
        "--cache",
        str(kept),
        "--queries",
        str(queries),
        "--seed",
        str(settings.seed),
        timeout=900,
    )
    shutil.rmtree(kept, ignore_errors=True)
    query.samples = [float(value) for value in result["app_ms"]]
    query.baseline_samples = [float(value) for value in result["bare_ms"]]
    query.settle(_p95)
    slowest = sorted(
        zip(query.samples, query.baseline_samples, result["queries"], strict=True), reverse=True
    )[:5]
    query.details = {
        "median_ms": median(query.samples),
        "baseline_median_ms": median(query.baseline_samples),
        "slowest": [{"query": q, "ms": a, "baseline_ms": b} for a, b, q in slowest],
        "hits": result["hits"],
    }
    return [build, query]


def _p95(values: Sequence[float]) -> float:
    return percentile(values, 0.95)


def _row_ui(bench: Bench, folder: Path, runs: int) -> Row:
    row = Row(
        "search_ui",
        "longest stall of the UI thread's event loop while the index is built",
        "ms",
        Target(under_ms=50),
    )
    p99: list[float] = []
    for run in range(runs):
        cache = bench.workdir / f"search-ui-{run}"
        _started, result = bench.driver(
            "search_ui", str(folder), "--cache", str(cache), "--mode", "index", timeout=900
        )
        shutil.rmtree(cache, ignore_errors=True)
        row.samples.append(float(result["max_gap_ms"]))
        p99.append(float(result["p99_gap_ms"]))
        seconds = float(result["seconds"])
        _started, idle = bench.driver(
            "search_ui",
            str(folder),
            "--cache",
            str(cache),
            "--mode",
            "idle",
            "--seconds",
            f"{min(seconds, 10.0):.1f}",
            timeout=120,
        )
        row.baseline_samples.append(float(idle["max_gap_ms"]))
    row.settle()
    row.details = {"p99_gap_ms": median(p99), "timer_interval_ms": 5}
    return row


FAMILY = Family(
    "search",
    (
        "search_build",
        "search_query",
        "search_ui",
        "search_build_transcripts",
        "search_query_transcripts",
    ),
    measure,
)
