"""Open a notes folder once, in a fresh process, and time it.

    python -m benchmarks.drivers.open_folder FOLDER --mode app|check|nocache|bytes [--cache FILE]

* ``app``: what the window does before it shows the folder, ``IndexCache(FILE).glance(FOLDER)``:
  the folder as the index last saw it (a warm open) or, when the index has no such folder, its
  notes listed by name (more than ``READ_NOW_LIMIT`` notes) or read (fewer): ready to
  navigate. A missing or empty cache file makes it a first open.
* ``check``: ``IndexCache(FILE).open(FOLDER)``: what the window then runs in the background,
  the folder scanned and checked against the index (each file's size and time).
* ``nocache``: ``NotesFolder.open(FOLDER)`` with the default reader, as the window did before
  the index cache.
* ``bytes``: the baseline: walk the folder with ``os.scandir`` and read every ``.md`` file's
  bytes, and nothing else.

Imports happen before the clock starts. Prints one JSON line: ``seconds`` (wall clock),
``cpu_seconds`` (this process's CPU time, less sensitive to a busy machine), ``notes``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.drivers._common import emit, note_files


def read_every_file(root: str) -> tuple[int, int]:
    """The baseline: every ``.md`` file's bytes, as plain Python reads them."""
    count = size = 0
    for path in note_files(root):
        with open(path, "rb") as note:
            size += len(note.read())
        count += 1
    return count, size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--mode", choices=("app", "check", "nocache", "bytes"), default="app")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()

    from viewer.core.folder import NotesFolder
    from viewer.core.index_cache import IndexCache

    root = args.folder.absolute()
    index = IndexCache(args.cache) if args.mode in ("app", "check") else None
    started, cpu = time.perf_counter(), time.process_time()
    if args.mode == "bytes":
        count, size = read_every_file(str(root))
    else:
        if index is None:
            folder = NotesFolder.open(root)
        elif args.mode == "check":
            folder = index.open(root)
        else:
            folder, _checked = index.glance(root)
        count, size = len(folder), 0
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    emit({"seconds": elapsed, "cpu_seconds": cpu, "notes": count, "bytes": size})
    return 0


if __name__ == "__main__":
    sys.exit(main())
