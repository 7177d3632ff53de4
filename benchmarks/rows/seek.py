"""Seek (``--rows seek``): a timestamp click to the web player's ``seeked`` event (local AV1
WebM), against setting ``currentTime`` from script in the same page (``drivers/seek.py``).
"""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median, percentile


def measure(bench: Bench) -> list[Row]:
    row = Row(
        "seek",
        "timestamp click to the web player's seeked event, local AV1 WebM",
        "ms",
        Target(ratio_at_most=1.5, p95_under_ms=100),
    )
    _started, result = bench.driver("seek", "--samples", str(bench.settings.seek_samples))
    timings = seek_samples(
        row, result, "note_page.seekRequested.emit(t), the signal a timestamp click sends"
    )
    if clicks := timings.get("click"):
        row.details["real_click_median_ms"] = median(clicks)
        row.details["real_click_p95_ms"] = percentile(clicks, 0.95)
    return [row.settle()]


def seek_samples(row: Row, result: dict[str, Any], path: str) -> dict[str, list[float]]:
    """A seek row's samples from its driver's ``timings`` (seconds), in milliseconds; the
    timings by name. The web and the native seek rows both take theirs so."""
    timings = {
        name: [value * 1000 for value in values] for name, values in result["timings"].items()
    }
    row.samples = timings.get("app", [])
    row.baseline_samples = timings.get("baseline", [])
    if not row.samples or not row.baseline_samples:
        raise RuntimeError(f"{row.key}: the driver measured nothing: {result.get('misses')}")
    row.details = {
        "p95_ms": percentile(row.samples, 0.95),
        "baseline_p95_ms": percentile(row.baseline_samples, 0.95),
        "misses": result.get("misses", {}),
        "path": path,
    }
    return timings


FAMILY = Family("seek", ("seek",), measure)
