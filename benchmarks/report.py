"""What a run prints: the table of rows, the machine it ran on, and the JSON report."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from benchmarks.bench import Bench
from benchmarks.model import Row


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:.2f}"


def table(rows: Sequence[Row]) -> str:
    header = ("what", "figure", "baseline", "ratio", "target", "met")
    lines = [header]
    for row in rows:
        figure = _shown(row.figure, row.unit)
        if "p95_ms" in row.details:  # the seek rows: their tail matters as much as the median
            figure += f" (p95 {row.details['p95_ms']:.0f} ms)"
        if "busy_ms" in row.details:  # an interaction: its stall, the work in it, its results
            parts = [f"busy {row.details['busy_ms']:.0f}"]
            if "final_ms" in row.details:
                first, final = row.details.get("first_ms"), row.details["final_ms"]
                parts.append(
                    f"{final:.0f} ms" if first is None else f"{first:.0f} / {final:.0f} ms"
                )
            figure += f" ({'; '.join(parts)})"
        met = {True: "yes", False: "NO", None: "—"}[row.met]
        if row.error or row.skipped:
            met = "ERROR" if row.error else "skipped"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        baseline = _shown(row.baseline, row.unit)
        lines.append((row.what, figure, baseline, ratio, row.target_text, met))
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        if row.error or row.skipped:
            out.append(f"{row.key}: {row.error or 'skipped: ' + str(row.skipped)}")
    return "\n".join(out)


def machine() -> dict[str, Any]:
    model = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            "",
        )
    except (OSError, subprocess.SubprocessError):
        pass
    memory = 0
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    import PySide6

    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_mib": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "load_average_at_start": list(os.getloadavg()),
    }


def document(
    info: dict[str, Any], bench: Bench, rows: Sequence[Row], elapsed: float
) -> dict[str, Any]:
    """The JSON report (``--json``): every row with all its samples."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": asdict(bench.settings),
        "drop_caches": bench.drop_report,
        "rows": [row.as_json() for row in rows],
        "elapsed_s": elapsed,
    }


def summary(info: dict[str, Any], elapsed: float) -> str:
    """The line under the table: the machine and how busy it was."""
    return (
        f"\n{info['cpus']} CPUs ({info['cpu_model']}), load average "
        f"{info['load_average_at_start'][0]:.2f} at start, "
        f"{info['load_average_at_end'][0]:.2f} at end; "
        f"took {elapsed:.0f} s"
    )
