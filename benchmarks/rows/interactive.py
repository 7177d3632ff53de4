"""What the reader does once a folder is open (``--rows interactive``), at each size of the
scaling rows (1,000, 10,000 and 50,000 notes; 200, 500 and 1,000 with ``--quick``).

Each size is one run of ``drivers/interactive.py`` in the real window: the folder opened, read
and indexed, then each interaction done with real key and mouse events, several times. A row's
figure is the interaction's longest stall of the UI thread (the longest time between two ticks
of a 2 ms timer, less the 2 ms); its baseline is the same timer's longest stall with the window
idle, in the same process (no ratio: an idle stall is a millisecond or two). The parenthesis
after the figure gives the UI thread's longest stretch of work between two ticks ("busy": its
CPU time, which a machine busy with other programs does not lengthen, as it lengthens the
stall), then when the first and the final results were on screen after the first event. Two
rows per size are baselines themselves: the idle window, and a bare ``QListWidget`` filled
with the same 50 names the switcher showed last.

The memory row: the app with the largest folder open, read and its search index built (peak
PSS of all its processes, ``drivers/app_startup.py --after-index``), against the bare app.
"""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.rows.memory import memory_samples

FRAME_MS = 16  # one frame at 60 Hz
TYPING = Target(under_ms=FRAME_MS, first_under_ms=50, final_under_ms=150)
STALL = Target(under_ms=FRAME_MS)

#: Each interaction of the driver: what the table calls it, and its target.
INTERACTIONS: tuple[tuple[str, str, Target], ...] = (
    ("switcher_open", "quick switcher: opened (Ctrl+P), the first 50 listed", TYPING),
    ("switcher_type", "quick switcher: a query typed key by key (the worst key)", TYPING),
    ("switcher_close", "quick switcher: closed (Esc)", STALL),
    ("filter_open", "notes filter: Ctrl+L", STALL),
    ("filter_type", "notes filter: words typed key by key (the worst key)", TYPING),
    ("filter_close", "notes filter: Esc, the whole tree back", TYPING),
    ("search_open", "search panel: opened (Ctrl+Shift+F)", STALL),
    ("search_type", "search panel: a query typed key by key (the worst key)", STALL),
    (
        "search_results",
        "search panel: the hits on screen after the query is sent (200 ms after the last key)",
        TYPING,
    ),
    ("search_close", "search panel: closed (Esc), the notes list back", STALL),
    ("preview", "notes list: arrow key down, to the next note's page on screen", STALL),
    ("expand", "notes list: the folder with the most notes opened or closed (a click)", STALL),
    ("watcher", "a note saved by another program, to its new title in the list", STALL),
    ("sort", "notes list: sorted by date, or by title again (the keyboard)", STALL),
)
MEMORY = Target(ratio_at_most=1.5)


#: The three sizes, smallest first, as the rows' keys name them (the notes are in their text).
SIZES = ("small", "medium", "large")


def keys() -> tuple[str, ...]:
    per_size = [name for name, _what, _target in INTERACTIONS] + ["idle", "bare_list"]
    return (*(f"{name}_{size}" for name in per_size for size in SIZES), "memory_large")


def measure(bench: Bench) -> list[Row]:
    settings = bench.settings
    sizes = settings.scaling_sizes
    named = dict(zip(sorted(sizes), SIZES, strict=True))
    rounds = "1" if settings.quick else "3"
    runs: dict[int, dict[str, Any]] = {}
    for size in sizes:
        folder = bench.folder(size)
        bench.reset_home()  # the first open of the folder: read and indexed, as a reader has it
        _started, result = bench.driver(
            "interactive", str(folder), "--rounds", rounds, timeout=1800
        )
        runs[size] = result
        bench.log(
            f"interactive at {size:,} notes: ready after {result['ready_s']:.0f} s, "
            f"biggest folder {result['biggest_folder']['notes']:,} notes"
        )
    rows: list[Row] = []
    for name, what, target in INTERACTIONS:
        for size in sizes:
            run = runs[size]
            measured = run["interactions"].get(name)
            row = Row(f"{name}_{named[size]}", f"{what}, {size:,} notes", "ms", target)
            if measured is None:
                row.skipped = "not measured in this run"
                rows.append(row)
                continue
            row.samples = [float(measured["stall_ms"])]
            row.baseline_samples = [float(run["idle"]["stall_ms"])]
            row.details = {
                key: measured[key]
                for key in (
                    "first_ms",
                    "final_ms",
                    "busy_ms",
                    "stall_cpu_ms",
                    "stalls_ms",
                    "firsts_ms",
                    "finals_ms",
                    "count",
                )
                if key in measured
            }
            row.settle()
            row.ratio = None  # against an idle stall of a millisecond or less, a ratio says little
            rows.append(row)
    for size in sizes:
        idle = runs[size]["idle"]
        row = Row(
            f"idle_{named[size]}",
            f"baseline: the window idle, {size:,} notes open",
            "ms",
            Target.none("a baseline"),
            samples=[float(idle["stall_ms"])],
            details={"stall_cpu_ms": idle["stall_cpu_ms"], "busy_ms": idle["busy_ms"]},
        )
        rows.append(row.settle())
    for size in sizes:
        bare = runs[size]["bare_list"]
        row = Row(
            f"bare_list_{named[size]}",
            f"baseline: a bare QListWidget filled with the same {bare['names']} names, "
            f"{size:,} notes",
            "ms",
            Target.none("a baseline"),
            samples=[float(bare["stall_ms"])],
            details={
                "final_ms": bare["final_ms"],
                "stall_cpu_ms": bare["stall_cpu_ms"],
                "busy_ms": bare["busy_ms"],
            },
        )
        rows.append(row.settle())
    rows.append(_memory(bench, max(sizes)))
    by_key = {row.key: row for row in rows}
    return [by_key[key] for key in keys()]


def _memory(bench: Bench, size: int) -> Row:
    folder = bench.folder(size)
    row = Row(
        "memory_large",
        f"peak memory (PSS), {size:,} notes open, read and their search index built",
        "MiB",
        MEMORY,
    )
    seconds = str(bench.settings.memory_seconds)
    app_runs: list[dict[str, Any]] = []
    bare_runs: list[dict[str, Any]] = []
    for run in range(1 if bench.settings.quick else 2):
        for name in in_turn(run, "bare_startup", "app_startup"):
            if name == "app_startup":
                bench.reset_home()
                args = ("--folder", str(folder), "--memory", seconds, "--after-index")
                _started, result = bench.driver(name, *args, "--timeout", "1500", timeout=1800)
                app_runs.append(result["memory"])
            else:
                _started, result = bench.driver(name, "--memory", seconds)
                bare_runs.append(result["memory"])
    memory_samples(row, app_runs, bare_runs)
    row.details["note"] = (
        "sampled from the moment the background read of the folder and the search index "
        "build had both ended"
    )
    row.settle()
    row.details["uss_ratio"] = row.details["app_uss_mib"] / row.details["bare_uss_mib"]
    return row


FAMILY = Family("interactive", keys(), measure)
