"""SQLite's count of its memory, turned off at the program's start, and SQLite working on."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Opens a connection, uses FTS5, and prints whether the count was turned off, the memory
#: SQLite says it uses, and a ranked hit.
SCRIPT = """
import ctypes, os, sys
from viewer.core.sqlite_memory import stop_counting_memory
stopped = stop_counting_memory() if sys.argv[1] == "stop" else None
import sqlite3
library = ctypes.CDLL("libsqlite3.so.0", mode=os.RTLD_NOLOAD)
connection = sqlite3.connect(":memory:")
connection.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
connection.executemany("INSERT INTO t VALUES (?)", [("otters swim",), ("otters otters",)])
best = connection.execute("SELECT x FROM t WHERE t MATCH 'otters' ORDER BY rank").fetchone()
print(stopped, library.sqlite3_memory_used(), best[0])
"""


def run(how: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, how], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split(maxsplit=2)


@pytest.mark.skipif(sys.platform != "linux", reason="turned off on Linux only")
def test_sqlite_stops_counting_its_memory_and_works_as_before() -> None:
    counted, stopped = run("count"), run("stop")
    assert counted[0] == "None" and int(counted[1]) > 0
    assert stopped[0] == "True" and int(stopped[1]) == 0
    assert counted[2] == stopped[2] == "otters otters\n"
