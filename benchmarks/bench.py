"""One run of the harness: its settings, its scratch folder and home, and its subprocesses.

``Bench`` starts the drivers (``benchmarks/drivers``), each in a process of its own with the
scratch home as its ``HOME``, generates the note folders the rows open, and drops the page
cache before a cold open.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from benchmarks import generate

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--mute-audio",
)

T = TypeVar("T")


def in_turn(run: int, *sides: T) -> tuple[T, ...]:
    """The sides of a comparison in the order of this run: as given on even runs, reversed on
    odd ones, so neither always meets the other's leftovers."""
    return sides if run % 2 == 0 else sides[::-1]


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

    def drop_caches(self) -> bool:
        """Empty the OS page cache (root only), so a cold open really reads from the disk;
        whether it did."""
        if not self.settings.drop_caches:
            return False
        before = _cached_kib()
        try:
            os.sync()
            with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as control:
                control.write("3\n")
        except OSError as error:
            self.drop_report.update(worked=False, reason=str(error))
            self.settings.drop_caches = False
            self.log(f"cannot drop the page cache ({error}); cold opens read from it")
            return False
        after = _cached_kib()
        # "Cached" also counts shared memory and tmpfs, which cannot be dropped: the verdict
        # comes from reading the notes' bytes after a drop (rows/open.py), not from this.
        self.drop_report.setdefault("cached_mib", []).append([before // 1024, after // 1024])
        return True

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
            if disk and self.settings.drop_caches:
                for mode in in_turn(run, "bytes", "app"):
                    if not self.drop_caches():
                        break  # it failed: the report says so
                    key = "disk" if mode == "app" else "bytes_disk"
                    cpu = samples[f"{key}_cpu"]
                    samples[key].append(self.open_once(folder, mode, disk_cache, cpu))
            # Not counted: the files back in the page cache (a first open by name reads none
            # of them, and the page cache may just have been dropped).
            self.open_once(folder, "bytes")
            for mode in in_turn(run, "bytes", "app"):
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
