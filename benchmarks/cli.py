"""``python -m benchmarks``: the options, the run of the families asked for, the output."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks import generate, report
from benchmarks.bench import Bench, Settings
from benchmarks.model import Family, Row
from benchmarks.rows import FAMILIES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the app against baselines taken in the same run.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--quick", action="store_true", help="smaller folders and fewer runs (for smoke tests)"
    )
    names = ", ".join(FAMILIES)
    parser.add_argument(
        "--rows", default=",".join(FAMILIES), help=f"comma-separated rows ({names})"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--drop-caches",
        choices=("auto", "yes", "no"),
        default="auto",
        help="empty the OS page cache before each cold open (auto: as root, not with --quick)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    return parser


def _families_wanted(text: str) -> list[Family]:
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in FAMILIES]
    if unknown:
        raise SystemExit(f"unknown rows {unknown}; choose from {', '.join(FAMILIES)}")
    return [family for name, family in FAMILIES.items() if name in wanted]


def _log(message: str) -> None:
    print(f"[benchmarks] {message}", file=sys.stderr, flush=True)


def measure_families(bench: Bench, families: Sequence[Family]) -> list[Row]:
    """Every family's rows, in turn; a family that fails is reported as its rows with the
    error, and the others still run."""
    rows: list[Row] = []
    for family in families:
        _log(f"{family.name}…")
        step = time.monotonic()
        try:
            measured = family.measure(bench)
            keys = tuple(row.key for row in measured)
            if keys != family.keys:
                raise RuntimeError(f"{family.name} measured the rows {keys}, not {family.keys}")
            rows.extend(measured)
        except Exception as error:
            rows.extend(Row.failed(key, error) for key in family.keys)
        _log(f"{family.name} done in {time.monotonic() - step:.1f} s")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    families = _families_wanted(args.rows)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    drop = args.drop_caches == "yes" or (args.drop_caches == "auto" and is_root and not args.quick)
    settings = Settings.make(args.quick, drop, args.seed)
    # Stopped with SIGTERM, still remove the generated folders (hundreds of MB).
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    started = time.monotonic()
    info = report.machine()
    workdir = Path(tempfile.mkdtemp(prefix="viewer-bench-"))
    bench = Bench(settings, workdir, _log)
    try:
        rows = measure_families(bench, families)
    finally:
        if args.keep:
            _log(f"kept {workdir}")
        else:
            step = time.monotonic()
            shutil.rmtree(workdir, ignore_errors=True)
            _log(f"removed the generated folders in {time.monotonic() - step:.1f} s")
    info["load_average_at_end"] = list(os.getloadavg())
    elapsed = time.monotonic() - started
    if args.json:
        print(json.dumps(report.document(info, bench, rows, elapsed), indent=2))
    else:
        print(report.table(rows))
        print(report.summary(info, elapsed))
    return 1 if any(row.error for row in rows) else 0
