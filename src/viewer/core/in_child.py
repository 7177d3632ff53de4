"""A big folder's first read, and its search index's first build, run in a child process.

Reading 50,000 notes makes millions of short-lived objects. In the window's process they
left its memory in holes the process never gave back (12 MiB at 50,000 notes: the folder's
read and the search index's build), and the reading thread held the interpreter that the
window's thread needs between keys. In a child process they do neither. The child keeps
what it read in the folder index or the search index and ends; the window's process then
takes the folder from the folder index (:meth:`IndexCache.cached`, a few columns of strings
and numbers), and searches the search index as always::

    folder = open_in_child(index, root, progress)   # None: read it here instead
    built = build_in_child(root, cache_folder, progress, cancelled, report)  # or None

The child is the program itself, started afresh with a command kept for this
(``viewer index-folder``, ``viewer index-search``) and no window: it costs a third of a
second, worth it for a big folder (:data:`APART_AT` notes), not for a note saved. It tells
its progress on its standard output, a line at a time; a child that cannot start or fails
is said in the log, and the caller does the work itself.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from viewer.core.folder import NotesFolder, Progress
from viewer.core.index_cache import IndexCache
from viewer.core.search import BuildReport, build_index

log = logging.getLogger("viewer.folder")

#: A folder of this many notes or more is first read, and first indexed, in a child process.
APART_AT = 5_000
#: The child's commands.
READ, BUILD = "index-folder", "index-search"
#: How often a build's ``cancelled`` is asked while its child runs.
CANCEL_POLL_S = 0.05


def open_in_child(
    index: IndexCache, root: Path, progress: Progress | None = None
) -> NotesFolder | None:
    """:meth:`IndexCache.open` of ``root``, run in a child process, and the folder it kept
    in the index; ``progress`` is told as the child reads. ``None`` if that could not be
    done (the child could not start, failed, or the index could not keep the folder)."""
    for line in _child([READ, str(index.path), index.key, str(root)]):
        match line.split():
            case ["progress", done, total] if progress is not None:
                progress(int(done), int(total))
            case ["read"]:
                return index.cached(root)
    return None


def build_in_child(
    root: Path,
    cache_folder: Path | None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    report: BuildReport | None = None,
) -> tuple[BuildReport, list[str]] | None:
    """:func:`~viewer.core.search.build_index` run in a child process: the report (``report``
    filled, if given) and the notices about the index file; ``None`` if the child could not
    start or failed. ``cancelled`` is asked as it runs; a cancelled child is stopped, and
    the index keeps what it stored."""
    report = report if report is not None else BuildReport()
    folder = str(cache_folder) if cache_folder is not None else ""
    for line in _child([BUILD, str(root), folder], cancelled):
        match line.split(maxsplit=1):
            case ["progress", numbers]:
                done, total, transcripts = map(int, numbers.split())
                report.counted_transcripts = transcripts
                if progress is not None:
                    progress(done, total)
            case ["built", said]:
                told = json.loads(said)
                for name, value in told["report"].items():
                    setattr(report, name, value)
                return report, list(told["notices"])
            case ["stopped"]:
                report.cancelled = True
                return report, []
    return None


def _child(arguments: list[str], cancelled: Callable[[], bool] | None = None) -> Iterator[str]:
    """Run the program with ``arguments``: each line it says. Stopped when ``cancelled``
    (then a last line ``stopped``); what went wrong is logged."""
    try:
        child = subprocess.Popen(
            [*_program(), *arguments], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
        )  # fmt: skip
    except OSError as error:
        log.info("no child process for %s (%s)", arguments[0], error)
        return
    stopped = threading.Event()
    if cancelled is not None:

        def watch() -> None:
            while child.poll() is None:
                if cancelled():
                    stopped.set()
                    child.terminate()
                    return
                stopped.wait(CANCEL_POLL_S)

        threading.Thread(target=watch, name="child watch", daemon=True).start()
    with child:
        assert child.stdout is not None and child.stderr is not None
        for line in child.stdout:
            yield line.rstrip("\n")
        errors = child.stderr.read()
    if stopped.is_set():
        yield "stopped"
    elif child.returncode != 0:
        log.info("the child process for %s failed (%s): %s", arguments[0], child.returncode, errors)


def _program() -> list[str]:
    """How this program is started: the packaged program itself, or this Python with the
    package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "viewer"]


def main(command: str, argv: Sequence[str]) -> int:
    """In the child: ``index-folder INDEX KEY FOLDER`` (read the folder into the folder
    index, ``read`` at the end) or ``index-search FOLDER [CACHE]`` (build its search index,
    ``built`` and the report at the end); a ``progress`` line as it goes."""
    if command == READ and len(argv) == 3:
        path, key, root = argv
        try:
            IndexCache(Path(path), key).open(Path(root), progress=_told)
        except OSError as error:
            print(f"{root}: {error}", file=sys.stderr)
            return 1
        print("read", flush=True)
        return 0
    if command == BUILD and len(argv) == 2:
        report = BuildReport()

        def told(done: int, total: int) -> None:
            print("progress", done, total, report.counted_transcripts, flush=True)

        cache = Path(argv[1]) if argv[1] else None
        report, notices = build_index(Path(argv[0]), cache, told, None, report)
        said = {"report": dataclasses.asdict(report), "notices": notices}
        print("built", json.dumps(said), flush=True)
        return 0
    print(f"usage: viewer {READ} INDEX KEY FOLDER | viewer {BUILD} FOLDER CACHE", file=sys.stderr)
    return 2


def _told(done: int, total: int) -> None:
    print("progress", done, total, flush=True)
