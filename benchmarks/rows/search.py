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
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median, percentile


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
    raw: list[float] = []
    cpu: dict[str, list[float]] = {"build": [], "bare": []}
    kept = None
    for run in range(runs):
        for mode in in_turn(run, "build", "bare", "raw"):
            cache = bench.workdir / f"search-{run}-{mode}"
            _started, result = bench.driver(
                "search_index", str(folder), "--mode", mode, "--cache", str(cache), timeout=900
            )
            seconds = float(result["seconds"])
            if mode == "build":
                build.samples.append(seconds)
                cpu["build"].append(float(result["cpu_seconds"]))
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
        "raw_baseline_s": median(raw),
        "raw_ratio": (build.figure or 0) / median(raw),
    }
    queries = 20 if settings.quick else 100
    query = Row(
        "search_query",
        f"search {count:,} notes: p95 of {queries} varied queries",
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
    return [build, query, _row_ui(bench, folder, runs)]


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


FAMILY = Family("search", ("search_build", "search_query", "search_ui"), measure)
