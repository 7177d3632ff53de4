"""Slow work a module-scoped fixture needs (the PyInstaller bundle, the wheel), started early
in the session and run beside the tests before it, instead of after them.

The packaging tests come late in the run, and their builds take a minute and more of one
processor while the tests before them mostly use the other. A module offers its work at
import, under the fixture's name; if a selected test uses that fixture, the work starts in a
thread of its own as the first test that drives no web engine begins (not beside the window's
end-to-end tests and their Chromium processes: one run with the builds beside them ended in a
crash in one of Qt's threads), its programs at a lower priority, and the fixture waits for
what it made::

    bundle = early("built", build_bundle)    # build_bundle(folder) -> Built

    @pytest.fixture(scope="module")
    def built() -> Built:
        return bundle()     # the result, once the build started early is done

The work gets a folder of its own, removed at the end of the session. Where its fixture is
not used (the module's tests deselected), nothing starts, and ``bundle()`` runs it then.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar, cast

import pytest

T = TypeVar("T")

#: Each fixture's module, its work, and what to do with what it made if no test took it.
_offered: dict[str, tuple[str, Callable[[Path], object], Callable[[object], None] | None]] = {}
#: Offered work a selected test needs, until it starts.
_waiting: list[tuple[str, Callable[[Path], object]]] = []
_running: dict[str, Future[object]] = {}
_folders: list[Path] = []
#: The programs early work is running.
_processes: set[subprocess.Popen[str]] = set()
_pool: ThreadPoolExecutor | None = None


def early(
    fixture: str, work: Callable[[Path], T], unused: Callable[[T], None] | None = None
) -> Callable[[], T]:
    """Offer ``work`` for the tests of its module that use ``fixture``; what it returns waits
    for it. ``unused`` is given what it made if no test asked for it (the session stopped
    before them): a program it left running is stopped there."""
    _offered[fixture] = (work.__module__, work, cast(Callable[[object], None] | None, unused))

    def result() -> T:
        future = _running.pop(fixture, None)
        if future is None:
            _waiting[:] = [(name, other) for name, other in _waiting if name != fixture]
            return work(_folder())
        return cast(T, future.result())

    return result


def lower_priority(command: list[str]) -> list[str]:
    """``command`` run with a lower priority, where ``nice`` is there to do it."""
    nice = shutil.which("nice") if sys.platform != "win32" else None
    return [nice, "-n", "10", *command] if nice else command


def run(
    command: list[str], *, timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run(command)`` for early work: at a lower priority, its output kept, and
    stopped if the session ends first (a failed test with ``-x``, Ctrl+C)."""
    with subprocess.Popen(
        lower_priority(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        _processes.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            _processes.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="viewer-tests-early-"))
    _folders.append(folder)
    return folder


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    used = {
        (item.module.__name__, name)
        for item in session.items
        if isinstance(item, pytest.Function) and item.module is not None
        for name in item.fixturenames
    }
    wanted = [
        (fixture, work)
        for fixture, (module, work, _unused) in _offered.items()
        if (module, fixture) in used
    ]
    _waiting.extend(wanted)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    global _pool
    if not _waiting or item.get_closest_marker("e2e") is not None:
        return
    _pool = ThreadPoolExecutor(max_workers=len(_waiting), thread_name_prefix="early")
    for fixture, work in _waiting:
        _running[fixture] = _pool.submit(work, _folder())
    _waiting.clear()


def pytest_sessionfinish(session: pytest.Session) -> None:
    for process in list(_processes):
        process.kill()  # no test is left to wait for it
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    for fixture, future in _running.items():
        unused = _offered[fixture][2]
        if unused is not None and not future.cancelled() and future.exception() is None:
            unused(future.result())
    _running.clear()
    _waiting.clear()
    for folder in _folders:
        shutil.rmtree(folder, ignore_errors=True)
