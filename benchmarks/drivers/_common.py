"""What the drivers share: the result line, the process's own start time, offline players."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from typing import Any


def since_process_start() -> float:
    """Seconds since the kernel started this process (``/proc/self/stat``, 10 ms ticks).

    A cross-check only: the harness times each start itself, from just before the spawn.
    """
    with open("/proc/self/stat", "rb") as stat:
        fields = stat.read().rsplit(b")", 1)[1].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22 of stat(5)
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started


def emit(result: dict[str, Any]) -> None:
    """The driver's one result: a JSON line on stdout (Chromium talks on stderr)."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def block_remote_requests(profile: Any) -> Any:
    """Make the player's profile act as if offline: this machine may not reach YouTube.

    The app's own interceptor still runs first; then every http(s) request is blocked before
    it is sent (no DNS look-up either), and the player shows its "offline" panel.
    """
    from PySide6.QtWebEngineCore import QWebEngineUrlRequestInterceptor

    class Offline(QWebEngineUrlRequestInterceptor):
        def __init__(self, app_interceptor: Any) -> None:
            super().__init__()
            self.app_interceptor = app_interceptor

        def interceptRequest(self, info: Any) -> None:
            if self.app_interceptor is not None:
                self.app_interceptor.interceptRequest(info)
            if info.requestUrl().scheme() in ("http", "https"):
                info.block(True)

    offline = Offline(getattr(profile, "interceptor", None))
    profile.setUrlRequestInterceptor(offline)
    profile.benchmark_offline = offline  # the profile does not own it: keep it alive
    return offline


def exit_now(code: int) -> None:
    """Leave at once, output flushed: a driver's figure is printed, and tearing down Qt and
    Chromium would only add to the next run's noise."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def sample_memory_then_quit(
    app: Any, parent: Any, seconds: float, samples: list[dict[str, object]]
) -> None:
    """Every 250 ms for ``seconds``, the memory of this process and its children; then quit."""
    from PySide6.QtCore import QTimer

    from benchmarks.procmem import tree_memory

    deadline = time.monotonic() + seconds

    def take() -> None:
        samples.append(tree_memory(os.getpid()).as_dict())
        if time.monotonic() >= deadline:
            timer.stop()
            app.quit()

    timer = QTimer(parent, interval=250)
    timer.timeout.connect(take)
    take()
    timer.start()


def note_files(root: str) -> Iterator[str]:
    """Every ``.md`` file below ``root``, hidden folders and files left out, as the app scans."""
    pending = [root]
    while pending:
        with os.scandir(pending.pop()) as listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    pending.append(entry.path)
                elif entry.name.endswith(".md"):
                    yield entry.path
