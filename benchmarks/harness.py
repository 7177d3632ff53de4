"""The benchmark harness: each row measured against a baseline taken in the same run.

Rows (``--rows`` takes these names, comma-separated):

* ``startup``: process start to the first note on screen, and to the player ready, against a bare
  PySide6 app showing one QWebEngineView with a static page (process start to loadFinished);
* ``open``: opening a folder of 10,000 generated notes, ready to navigate, against reading
  every file's bytes in Python: cold (the page cache dropped before both, as root), first (an
  empty index cache, the files in the page cache: the notes listed by name), the read of every
  note that follows in the background, and warm (again, from the index the read filled);
* ``render``: the sample note to the note pane's HTML, against ``markdown.markdown()``;
* ``seek``: a timestamp click to the web player's ``seeked`` event (local AV1 WebM), against setting
  ``currentTime`` from script in the same page;
* ``follow``: follow-along's cost while a video plays: the app's CPU with following on,
  against the same stretch of playing with it off;
* ``memory``: the app with the 10,000-note folder open, all its processes, against the bare app;
* ``native``: the native player (Qt Multimedia, local MP4): a seek to its first frame, against
  ``QMediaPlayer.setPosition`` to that frame in the same process; memory while playing,
  against a bare ``QMediaPlayer`` playing the same clip;
* ``scaling``: the first open at 1,000, 10,000 and 50,000 notes, and its log-log exponent;
* ``search``: building the full-text index against inserting the same text into a bare FTS5
  table, and the p95 of varied queries against the same FTS5 statements on bare tables
  (``benchmarks/search_rows.py``).

Every figure is the median of several runs. Start-up and memory run in processes of their own
(``benchmarks/drivers``), each open in a fresh process too, so no run inherits another's
imports, caches or memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.search_rows import row_search
from benchmarks.stats import loglog_slope, median, percentile

REPO = Path(__file__).resolve().parents[1]
SAMPLE_NOTE = REPO / "tests" / "core" / "data" / "samples" / "model_architectures_in_ai.md"
GROUPS = {
    "startup": ("startup",),
    "open": ("open_cold", "open_first", "open_first_read", "open_warm"),
    "render": ("render",),
    "seek": ("seek",),
    "follow": ("follow",),
    "memory": ("memory", "memory_indexed"),
    "scaling": ("scaling",),
    "search": ("search_build", "search_query", "search_ui"),
    "native": ("native_seek", "native_memory"),
}
ORDER = ("render", "open", "scaling", "startup", "seek", "follow", "memory", "native", "search")
CHROMIUM_FLAGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--mute-audio",
)


@dataclass
class Settings:
    quick: bool
    drop_caches: bool
    seed: int
    startup_runs: int
    open_notes: int
    open_runs: int
    scaling_sizes: tuple[int, ...]
    scaling_runs: int
    render_batches: int
    render_calls: int
    seek_samples: int
    memory_runs: int
    memory_seconds: float

    @classmethod
    def make(cls, quick: bool, drop_caches: bool, seed: int) -> Settings:
        if quick:
            return cls(quick, drop_caches, seed, 2, 500, 2, (200, 500, 1000), 2, 3, 5, 6, 1, 0.5)
        return cls(
            quick, drop_caches, seed, 7, 10_000, 5, (1_000, 10_000, 50_000), 3, 30, 10, 30, 3, 1.5
        )


@dataclass
class Row:
    key: str
    what: str
    unit: str
    target: str
    figure: float | None = None
    baseline: float | None = None
    ratio: float | None = None
    met: bool | None = None
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None  # why it was not measured in this run

    def settle(self, met: Callable[[Row], bool] | None = None) -> Row:
        """Figure and baseline as medians of the samples, their ratio, and the verdict."""
        if self.samples:
            self.figure = median(self.samples)
        if self.baseline_samples:
            self.baseline = median(self.baseline_samples)
        if self.figure is not None and self.baseline:
            self.ratio = self.figure / self.baseline
        if met is not None and self.figure is not None:
            self.met = met(self)
        return self


class Bench:
    """One run of the harness: its settings, its scratch folder and its subprocesses."""

    def __init__(self, settings: Settings, workdir: Path, log: Callable[[str], None]) -> None:
        self.settings = settings
        self.workdir = workdir
        self.log = log
        self.home = workdir / "home"
        self.folders: dict[int, Path] = {}
        self.open_samples: dict[int, dict[str, list[float]]] = {}
        self.drop_report: dict[str, Any] = {"asked": settings.drop_caches}
        for sub in (".config", ".cache", ".local/share", "runtime"):
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)

    def reset_home(self) -> None:
        """Forget what the app keeps between runs (its index and search index, its settings),
        so the next run opens the folder for the first time."""
        for sub in (".config", ".cache"):
            shutil.rmtree(self.home / sub, ignore_errors=True)
            (self.home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)

    # Processes

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_DATA_HOME=str(self.home / ".local/share"),
            XDG_RUNTIME_DIR=str(self.home / "runtime"),
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        )
        flags = env.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
        wanted = list(CHROMIUM_FLAGS)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            wanted.insert(0, "--no-sandbox")
        env["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(
            flags + [flag for flag in wanted if flag not in flags]
        )
        env.setdefault("QT_LOGGING_RULES", "*.debug=false;qt.webenginecontext.info=false")
        return env

    def driver(self, name: str, *args: str, timeout: float = 180.0) -> tuple[float, dict[str, Any]]:
        """Run ``benchmarks.drivers.<name>``: the clock reading just before the spawn, and
        the JSON line it printed."""
        command = [sys.executable, "-m", f"benchmarks.drivers.{name}", *args]
        started = time.monotonic()
        done = subprocess.run(
            command, cwd=REPO, env=self.env(), capture_output=True, text=True, timeout=timeout
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            tail = "\n".join(done.stderr.strip().splitlines()[-8:])
            raise RuntimeError(f"{name} printed no result (exit {done.returncode}):\n{tail}")
        result: dict[str, Any] = json.loads(lines[-1])
        if "error" in result:
            raise RuntimeError(f"{name}: {result['error']}")
        return started, result

    # Folders and caches

    def folder(self, count: int) -> Path:
        if count not in self.folders:
            path = self.workdir / f"notes-{count}"
            started = time.perf_counter()
            generate.generate_folder(path, count, self.settings.seed)
            self.log(f"generated {count} notes in {time.perf_counter() - started:.1f} s")
            self.folders[count] = path
        return self.folders[count]

    def drop_caches(self) -> None:
        """Empty the OS page cache (root only), so a cold open really reads from the disk."""
        if not self.settings.drop_caches:
            return
        before = _cached_kib()
        try:
            os.sync()
            with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as control:
                control.write("3\n")
        except OSError as error:
            self.drop_report.update(worked=False, reason=str(error))
            self.settings.drop_caches = False
            self.log(f"cannot drop the page cache ({error}); cold opens read from it")
            return
        after = _cached_kib()
        # "Cached" also counts shared memory and tmpfs, which cannot be dropped: the verdict
        # comes from reading the notes' bytes after a drop (row_open), not from this.
        self.drop_report.setdefault("cached_mib", []).append([before // 1024, after // 1024])

    def open_once(
        self, folder: Path, mode: str, cache: Path | None = None, into: list[float] | None = None
    ) -> float:
        """Seconds of one open in a fresh process; its CPU seconds are added to ``into``."""
        args = [str(folder), "--mode", mode]
        if mode in ("app", "check") and cache is not None:
            args += ["--cache", str(cache)]
        _started, result = self.driver("open_folder", *args)
        if into is not None:
            into.append(float(result["cpu_seconds"]))
        return float(result["seconds"])

    def open_runs(self, count: int, runs: int, disk: bool = True) -> dict[str, list[float]]:
        """Opens of the folder of ``count`` notes, each with its baseline (reading the bytes):

        * ``disk``: the first open with the page cache dropped (only where that is possible),
          against reading the bytes from the disk too;
        * ``first``: the first open (an empty index cache) with the files in the page cache,
          as right after they were written: what the window shows at once;
        * ``first_read``: the read of every note that follows it in the background (and fills
          the index);
        * ``warm``: the open after that, from the index cache; ``first`` and ``warm`` against
          reading the bytes from the page cache;
        * ``check``: the check against the disk that follows a warm open in the background.
        """
        folder = self.folder(count)
        keys = ("disk", "bytes_disk", "first", "first_read", "warm", "check", "bytes")
        samples = self.open_samples.setdefault(
            count, {name: [] for key in keys for name in (key, f"{key}_cpu")}
        )
        for run in range(len(samples["first"]), runs):
            disk_cache = self.workdir / f"cache-{count}-{run}-disk" / "index.sqlite3"
            cache = self.workdir / f"cache-{count}-{run}" / "index.sqlite3"
            # Alternate which goes first, so neither always meets the other's leftovers.
            app_first = run % 2 == 1
            if disk and self.settings.drop_caches:
                for mode in ("app", "bytes") if app_first else ("bytes", "app"):
                    self.drop_caches()
                    if not self.settings.drop_caches:
                        break  # it failed: the report says so
                    key = "disk" if mode == "app" else "bytes_disk"
                    cpu = samples[f"{key}_cpu"]
                    samples[key].append(self.open_once(folder, mode, disk_cache, cpu))
            # Not counted: the files back in the page cache (a first open by name reads none
            # of them, and the page cache may just have been dropped).
            self.open_once(folder, "bytes")
            for mode in ("app", "bytes") if app_first else ("bytes", "app"):
                if mode == "app":
                    # What the window does: show at once, then check (read) in the background.
                    for key, app_mode in (
                        ("first", "app"),
                        ("first_read", "check"),
                        ("warm", "app"),
                        ("check", "check"),
                    ):
                        cpu = samples[f"{key}_cpu"]
                        samples[key].append(self.open_once(folder, app_mode, cache, cpu))
                else:
                    samples["bytes"].append(
                        self.open_once(folder, "bytes", None, samples["bytes_cpu"])
                    )
            for used in (disk_cache, cache):
                shutil.rmtree(used.parent, ignore_errors=True)
        return samples


def _cached_kib() -> int:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith("Cached:"):
                return int(line.split()[1])
    return 0


# The rows


def row_startup(bench: Bench) -> list[Row]:
    note = Row(
        "startup_note",
        "start-up: process start to the first note on screen",
        "s",
        "ratio <= 1.25",
    )
    player = Row(
        "startup_player",
        "start-up: process start to the player ready",
        "s",
        "ratio <= 1.6",
    )
    marks: list[dict[str, float]] = []
    clock_check: list[float] = []
    # One of each first, not counted: both then find Qt's libraries in the page cache.
    bench.driver("bare_startup")
    bench.driver("app_startup")
    for run in range(bench.settings.startup_runs):
        for name in ("bare_startup", "app_startup")[:: 1 if run % 2 == 0 else -1]:
            started, result = bench.driver(name)
            elapsed = float(result["event"]) - started
            if name == "app_startup":
                note.samples.append(float(result["note_event"]) - started)
                player.samples.append(elapsed)
                marks.append(result.get("marks", {}))
                clock_check.append(float(result["since_process_start"]))
            else:
                # The bare app: one view, its static page loaded. Both rows compare with it.
                note.baseline_samples.append(elapsed)
                player.baseline_samples.append(elapsed)
    details = {
        "app_marks_s": {key: median([m[key] for m in marks if key in m]) for key in marks[0]},
        "app_since_process_start_s": median(clock_check),
        "folder": "the bundled sample notes (welcome.md)",
    }
    note.details = player.details = details
    return [
        note.settle(lambda r: (r.ratio or 99) <= 1.25),
        player.settle(lambda r: (r.ratio or 99) <= 1.6),
    ]


def row_open(bench: Bench) -> list[Row]:
    count = bench.settings.open_notes
    samples = bench.open_runs(count, bench.settings.open_runs)
    folder = bench.folder(count)
    what = f"open {count:,} notes, ready to navigate"
    cold_target = "ratio <= 3, and under 1 s"
    disk = Row(
        "open_cold",
        f"{what}: cold (page cache dropped)",
        "s",
        cold_target,
        samples=samples["disk"],
        baseline_samples=samples["bytes_disk"],
    )
    first = Row(
        "open_first",
        f"{what}: first open (page cache warm)",
        "s",
        cold_target,
        samples=samples["first"],
        baseline_samples=samples["bytes"],
    )
    first_read = Row(
        "open_first_read",
        f"{what}: first open, every note read and links resolved (in the background)",
        "s",
        "none: in the background",
        samples=samples["first_read"],
        baseline_samples=samples["bytes"],
    )
    warm = Row(
        "open_warm",
        "open the same folder again: warm (from the index, checked in the background)",
        "s",
        "ratio <= 0.5",
        samples=samples["warm"],
        baseline_samples=samples["bytes"],
    )
    if not samples["disk"]:
        disk.skipped = str(
            bench.drop_report.get("reason", "the page cache is not dropped (see --drop-caches)")
        )
    for row, key, base in (
        (disk, "disk", "bytes_disk"),
        (first, "first", "bytes"),
        (first_read, "first_read", "bytes"),
        (warm, "warm", "bytes"),
    ):
        if samples[f"{key}_cpu"]:
            cpu, base_cpu = median(samples[f"{key}_cpu"]), median(samples[f"{base}_cpu"])
            row.details.update(cpu_s=cpu, baseline_cpu_s=base_cpu, cpu_ratio=cpu / base_cpu)
    if samples["bytes_disk"] and samples["bytes"]:
        # The evidence that dropping the page cache worked: reading the bytes got slower.
        slower = median(samples["bytes_disk"]) / median(samples["bytes"])
        bench.drop_report["bytes_read_slower_after_drop"] = slower
        bench.drop_report["worked"] = slower > 2
    warm.details["background_check_s"] = median(samples["check"])
    nocache = [bench.open_once(folder, "nocache") for _ in range(min(3, bench.settings.open_runs))]
    first.details["without_index_cache_s"] = median(nocache)
    from benchmarks.stages import open_breakdown

    first.details["breakdown"] = open_breakdown(folder)
    first.details["shown"] = (
        "the index has never seen the folder and it holds more than READ_NOW_LIMIT notes: "
        "the notes are listed by file name (IndexCache.glance) and read in the background"
    )
    rows = [disk, first, first_read, warm]
    first_read.settle()
    for row in (disk, first):
        row.settle(lambda r: (r.ratio or 99) <= 3 and (r.figure or 99) < 1)
    warm.settle(lambda r: (r.ratio or 99) <= 0.5)
    return rows


def row_scaling(bench: Bench) -> list[Row]:
    sizes = bench.settings.scaling_sizes
    row = Row(
        "scaling",
        f"open time at {' / '.join(f'{size:,}' for size in sizes)} notes (first open)",
        "exponent",
        "exponent <= 1.1 (log-log fit)",
    )
    first, first_read, warm, read = [], [], [], []
    for size in sizes:
        # The page cache is not dropped here: the exponent is about the app's own work.
        samples = bench.open_runs(size, bench.settings.scaling_runs, disk=False)
        first.append(median(samples["first"]))
        first_read.append(median(samples["first_read"]))
        warm.append(median(samples["warm"]))
        read.append(median(samples["bytes"]))
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
    row.met = row.figure <= 1.1
    return [row]


def row_render(bench: Bench) -> list[Row]:
    import markdown

    from viewer.core.links import LinkResolver, NoteNames
    from viewer.core.note import parse_note
    from viewer.core.note_page import note_document
    from viewer.core.render import NoteRenderer
    from viewer.resources import asset_text

    row = Row(
        "render",
        "render the sample note to the pane's HTML",
        "ms",
        "ratio <= 1.5",
    )
    text = SAMPLE_NOTE.read_text(encoding="utf-8")
    path = SAMPLE_NOTE.name
    # The notes it links to exist, as they would in its folder.
    resolver = LinkResolver(
        NoteNames(f"{name}.md", name.replace("_", " ").capitalize())
        for name in (
            "redpointai",
            "the_future_of_ai_architectures_beyond_transformers",
            "compound_ai_systems_and_their_development",
        )
    )
    renderer = NoteRenderer()
    css = asset_text("note.css")

    def app() -> None:
        note = parse_note(text, SAMPLE_NOTE, SAMPLE_NOTE.parent)
        rendered = renderer.render(note, path, resolver.resolve)
        note_document(rendered.html, css)

    def baseline() -> None:
        markdown.markdown(text)

    for action in (app, baseline):  # warm up: first calls compile patterns and load modules
        for _ in range(3):
            action()
    calls = bench.settings.render_calls
    cpu: dict[str, list[float]] = {"app": [], "baseline": []}
    for batch in range(bench.settings.render_batches):
        for action, into in ((app, row.samples), (baseline, row.baseline_samples))[
            :: 1 if batch % 2 == 0 else -1
        ]:
            started, cpu_started = time.perf_counter(), time.thread_time()
            for _ in range(calls):
                action()
            into.append((time.perf_counter() - started) / calls * 1000)
            cpu[action.__name__].append((time.thread_time() - cpu_started) / calls * 1000)
    row.details = {
        "calls_per_sample": calls,
        "note": str(SAMPLE_NOTE.relative_to(REPO)),
        "cpu_ms": median(cpu["app"]),
        "baseline_cpu_ms": median(cpu["baseline"]),
        "cpu_ratio": median(cpu["app"]) / median(cpu["baseline"]),
    }
    return [row.settle(lambda r: (r.ratio or 99) <= 1.5)]


def row_seek(bench: Bench) -> list[Row]:
    row = Row(
        "seek",
        "timestamp click to the web player's seeked event, local AV1 WebM",
        "ms",
        "ratio <= 1.5, p95 under 100 ms",
    )
    _started, result = bench.driver("seek", "--samples", str(bench.settings.seek_samples))
    timings = _seek_samples(
        row, result, "note_page.seekRequested.emit(t), the signal a timestamp click sends"
    )
    if clicks := timings.get("click"):
        row.details["real_click_median_ms"] = median(clicks)
        row.details["real_click_p95_ms"] = percentile(clicks, 0.95)
    return [row.settle(lambda r: (r.ratio or 99) <= 1.5 and r.details["p95_ms"] < 100)]


def row_follow(bench: Bench) -> list[Row]:
    row = Row(
        "follow",
        "follow-along while playing: CPU of the app's processes, following on against off",
        "s",
        "ratio <= 1.1",
    )
    _started, result = bench.driver("follow")
    row.samples = [float(value) for value in result["samples"]["on"]]
    row.baseline_samples = [float(value) for value in result["samples"]["off"]]
    row.details = {
        "cpu_seconds_per_stretch": result["seconds"],
        "passage_changes": result["passage_changes"],
        "note": "a timestamp every second, passages far apart: the highlight moves and the "
        "note scrolls every second",
    }
    return [row.settle(lambda r: (r.ratio or 99) <= 1.1)]


def _seek_samples(row: Row, result: dict[str, Any], path: str) -> dict[str, list[float]]:
    """A seek row's samples from its driver's ``timings`` (seconds), in milliseconds; the
    timings by name."""
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


def _mib(runs: list[dict[str, Any]], key: str) -> list[float]:
    return [run[key] / 1024 for run in runs]


def _memory_samples(row: Row, app: list[dict[str, Any]], bare: list[dict[str, Any]]) -> None:
    """A memory row's samples (each run's peak PSS, in MiB) and the USS medians."""
    row.samples, row.baseline_samples = _mib(app, "pss_kib"), _mib(bare, "pss_kib")
    row.details["app_uss_mib"] = median(_mib(app, "uss_kib"))
    row.details["bare_uss_mib"] = median(_mib(bare, "uss_kib"))


def row_memory(bench: Bench) -> list[Row]:
    count = bench.settings.open_notes
    folder = bench.folder(count)
    row = Row(
        "memory",
        f"peak memory (PSS) of the app and its QtWebEngine processes, {count:,} notes open",
        "MiB",
        "ratio <= 1.5",
    )
    indexed = Row(
        "memory_indexed",
        f"peak memory (PSS), {count:,} notes open, read and their search index built",
        "MiB",
        "ratio <= 1.5",
    )
    seconds = str(bench.settings.memory_seconds)
    app_runs: list[dict[str, Any]] = []
    indexed_runs: list[dict[str, Any]] = []
    bare_runs: list[dict[str, Any]] = []
    for run in range(bench.settings.memory_runs):
        for name in ("bare_startup", "app_startup")[:: 1 if run % 2 == 0 else -1]:
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
    _memory_samples(indexed, indexed_runs, bare_runs)
    _memory_samples(row, app_runs, bare_runs)
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
    return [
        row.settle(lambda r: (r.ratio or 99) <= 1.5),
        indexed.settle(lambda r: (r.ratio or 99) <= 1.5),
    ]


def row_native(bench: Bench) -> list[Row]:
    seek = Row(
        "native_seek",
        "native player: seek to the first frame there, local MP4 (H.264)",
        "ms",
        "ratio <= 1.2",
    )
    _started, result = bench.driver(
        "native_player", "--samples", str(bench.settings.seek_samples * 2)
    )
    _seek_samples(
        seek, result, "NativePlayer.seek(t) to its seeked signal; baseline QMediaPlayer.setPosition"
    )
    memory = Row(
        "native_memory",
        "native player: peak memory (PSS) while playing the MP4",
        "MiB",
        "ratio <= 1.25",
    )
    seconds = str(bench.settings.memory_seconds)
    runs: dict[str, list[dict[str, Any]]] = {"app": [], "bare": []}
    for run in range(bench.settings.memory_runs):
        for mode in ("bare", "app")[:: 1 if run % 2 == 0 else -1]:
            _started, result = bench.driver("native_player", "--memory", seconds, "--mode", mode)
            runs[mode].append(result["memory"])
    _memory_samples(memory, runs["app"], runs["bare"])
    memory.details.update(
        {
            "window_s": bench.settings.memory_seconds,
            "note": "one process each: the app's NativePlayer (with the app's imports) against a "
            "bare QMediaPlayer + QVideoWidget + QAudioOutput, from the first frame on",
        }
    )
    return [
        seek.settle(lambda r: (r.ratio or 99) <= 1.2),
        memory.settle(lambda r: (r.ratio or 99) <= 1.25),
    ]


ROWS: dict[str, Callable[[Bench], list[Row]]] = {
    "startup": row_startup,
    "open": row_open,
    "render": row_render,
    "seek": row_seek,
    "follow": row_follow,
    "memory": row_memory,
    "scaling": row_scaling,
    "search": row_search,
    "native": row_native,
}


# Output


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
        if row.key in ("seek", "native_seek") and "p95_ms" in row.details:
            figure += f" (p95 {row.details['p95_ms']:.0f} ms)"
        met = {True: "yes", False: "NO", None: "—"}[row.met]
        if row.error or row.skipped:
            met = "ERROR" if row.error else "skipped"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        lines.append((row.what, figure, _shown(row.baseline, row.unit), ratio, row.target, met))
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


def _rows_wanted(text: str) -> list[str]:
    wanted = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in GROUPS]
    if unknown:
        raise SystemExit(f"unknown rows {unknown}; choose from {', '.join(GROUPS)}")
    return [name for name in ORDER if name in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure the app against baselines taken in the same run.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument(
        "--quick", action="store_true", help="smaller folders and fewer runs (for smoke tests)"
    )
    parser.add_argument(
        "--rows", default=",".join(ORDER), help=f"comma-separated rows ({', '.join(ORDER)})"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--drop-caches",
        choices=("auto", "yes", "no"),
        default="auto",
        help="empty the OS page cache before each cold open (auto: as root, not with --quick)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args(argv)
    rows_wanted = _rows_wanted(args.rows)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    drop = args.drop_caches == "yes" or (args.drop_caches == "auto" and is_root and not args.quick)
    settings = Settings.make(args.quick, drop, args.seed)

    def log(message: str) -> None:
        print(f"[benchmarks] {message}", file=sys.stderr, flush=True)

    # Stopped with SIGTERM, still remove the generated folders (hundreds of MB).
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))
    started = time.monotonic()
    info = machine()
    workdir = Path(tempfile.mkdtemp(prefix="viewer-bench-"))
    bench = Bench(settings, workdir, log)
    rows: list[Row] = []
    try:
        for name in rows_wanted:
            log(f"{name}…")
            step = time.monotonic()
            try:
                rows.extend(ROWS[name](bench))
            except Exception as error:  # a failed row is reported, the others still run
                rows.extend(
                    Row(key, key, "", "", error=f"{type(error).__name__}: {error}")
                    for key in GROUPS[name]
                )
            log(f"{name} done in {time.monotonic() - step:.1f} s")
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            step = time.monotonic()
            shutil.rmtree(workdir, ignore_errors=True)
            log(f"removed the generated folders in {time.monotonic() - step:.1f} s")
    info["load_average_at_end"] = list(os.getloadavg())
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": asdict(settings),
        "drop_caches": bench.drop_report,
        "rows": [asdict(row) for row in rows],
        "elapsed_s": time.monotonic() - started,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(table(rows))
        print(
            f"\n{info['cpus']} CPUs ({info['cpu_model']}), load average "
            f"{info['load_average_at_start'][0]:.2f} at start, "
            f"{info['load_average_at_end'][0]:.2f} at end; "
            f"took {report['elapsed_s']:.0f} s"
        )
    return 1 if any(row.error for row in rows) else 0
