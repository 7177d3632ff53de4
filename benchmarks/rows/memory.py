"""Memory (``--rows memory``): the app with the 10,000-note folder open, all its processes
(peak PSS), against the bare app; once right after the first open, once after the background
read and the search index build (``drivers/app_startup.py --memory``).
"""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median

TARGET = Target(ratio_at_most=1.5)


def measure(bench: Bench) -> list[Row]:
    count = bench.settings.open_notes
    folder = bench.folder(count)
    row = Row(
        "memory",
        f"peak memory (PSS) of the app and its QtWebEngine processes, {count:,} notes open",
        "MiB",
        TARGET,
    )
    indexed = Row(
        "memory_indexed",
        f"peak memory (PSS), {count:,} notes open, read and their search index built",
        "MiB",
        TARGET,
    )
    seconds = str(bench.settings.memory_seconds)
    app_runs: list[dict[str, Any]] = []
    indexed_runs: list[dict[str, Any]] = []
    bare_runs: list[dict[str, Any]] = []
    for run in range(bench.settings.memory_runs):
        for name in in_turn(run, "bare_startup", "app_startup"):
            if name == "app_startup":
                # A fresh home each time: the first open of the folder, and its first index.
                bench.reset_home()
                args = ("--folder", str(folder), "--memory", seconds)
                _started, result = bench.driver(name, *args)
                app_runs.append(result["memory"])
                bench.reset_home()
                _started, result = bench.driver(name, *args, "--after-index", "--timeout", "300")
                indexed_runs.append(result["memory"])
            else:
                _started, result = bench.driver(name, "--memory", seconds)
                bare_runs.append(result["memory"])
    indexed.details["note"] = (
        "sampled from the moment the background read of the folder and the search index "
        "build had both ended"
    )
    memory_samples(indexed, indexed_runs, bare_runs)
    memory_samples(row, app_runs, bare_runs)
    row.details.update(
        {
            "uss_ratio": row.details["app_uss_mib"] / row.details["bare_uss_mib"],
            "app_rss_sum_mib": median(_mib(app_runs, "rss_kib")),
            "bare_rss_sum_mib": median(_mib(bare_runs, "rss_kib")),
            "app_processes": app_runs[-1]["processes"],
            "bare_processes": bare_runs[-1]["processes"],
            "pss_exact": all(run["pss_exact"] for run in app_runs + bare_runs),
            "window_s": bench.settings.memory_seconds,
            "note": "largest sum of PSS over the window after the first note and player were ready "
            "(PSS falls while other programs map the same Qt libraries; USS does not); "
            "YouTube is blocked (no network), so no embed is loaded",
        }
    )
    return [row.settle(), indexed.settle()]


def _mib(runs: list[dict[str, Any]], key: str) -> list[float]:
    return [run[key] / 1024 for run in runs]


def memory_samples(row: Row, app: list[dict[str, Any]], bare: list[dict[str, Any]]) -> None:
    """A memory row's samples (each run's peak PSS, in MiB) and the USS medians. The app's and
    the native player's memory rows both take theirs so."""
    row.samples, row.baseline_samples = _mib(app, "pss_kib"), _mib(bare, "pss_kib")
    row.details["app_uss_mib"] = median(_mib(app, "uss_kib"))
    row.details["bare_uss_mib"] = median(_mib(bare, "uss_kib"))


FAMILY = Family("memory", ("memory", "memory_indexed"), measure)
