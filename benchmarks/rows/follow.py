"""Follow (``--rows follow``): follow-along's cost while a video plays: the CPU of the app's
processes with following on, against the same stretch of playing with it off
(``drivers/follow.py``).
"""

from __future__ import annotations

from benchmarks.bench import Bench
from benchmarks.model import Family, Row, Target


def measure(bench: Bench) -> list[Row]:
    _started, result = bench.driver("follow")
    row = Row(
        "follow",
        "follow-along while playing: CPU of the app's processes, following on against off",
        "s",
        Target(ratio_at_most=1.1),
        samples=[float(value) for value in result["samples"]["on"]],
        baseline_samples=[float(value) for value in result["samples"]["off"]],
        details={
            "cpu_seconds_per_stretch": result["seconds"],
            "passage_changes": result["passage_changes"],
            "note": "a timestamp every second, passages far apart: the highlight moves and the "
            "note scrolls every second",
        },
    )
    return [row.settle()]


FAMILY = Family("follow", ("follow",), measure)
