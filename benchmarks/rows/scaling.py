"""Scaling (``--rows scaling``): the first open at 1,000, 10,000 and 50,000 notes, and the
exponent k of ``time ~ notes ** k`` by a log-log fit; the baseline is the same fit for reading
the bytes. The page cache is not dropped here: the exponent is about the app's own work.
"""

from __future__ import annotations

from benchmarks.bench import Bench
from benchmarks.model import Family, Row, Target
from benchmarks.stats import loglog_slope, median


def measure(bench: Bench) -> list[Row]:
    sizes = bench.settings.scaling_sizes
    row = Row(
        "scaling",
        f"open time at {' / '.join(f'{size:,}' for size in sizes)} notes (first open)",
        "exponent",
        Target(exponent_at_most=1.1),
    )
    first, first_read, warm, read = [], [], [], []
    for size in sizes:
        samples = bench.open_runs(size, bench.settings.scaling_runs, disk=False)
        first.append(median(samples["first"]))
        first_read.append(median(samples["first_read"]))
        warm.append(median(samples["warm"]))
        read.append(median(samples["bytes"]))
    # Figure and baseline are exponents, not medians of samples: no ratio of the two.
    row.figure = loglog_slope(sizes, first)
    row.baseline = loglog_slope(sizes, read)
    row.details = {
        "sizes": list(sizes),
        "first_open_s": first,
        "warm_open_s": warm,
        "read_bytes_s": read,
        "warm_exponent": loglog_slope(sizes, warm),
        "first_read_s": first_read,
        "first_read_exponent": loglog_slope(sizes, first_read),
    }
    return [row.judge()]


FAMILY = Family("scaling", ("scaling",), measure)
