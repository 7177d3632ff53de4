"""SQLite's count of the memory it allocates, turned off for this process.

SQLite counts every allocation and release under one lock shared by every connection of the
process (``SQLITE_CONFIG_MEMSTATUS``, on unless SQLite was built otherwise), and ranking a big
query allocates for every passage. Measured at 50,000 notes, a word in 43,000 of them: ranked
on one connection, 141 ms with the count, 129 without; in two halves on two connections at
once (:mod:`viewer.core.search.halves`), 86 to 93 ms with it, the two threads waiting on each
other for that lock, and 64 ms without. Nothing here reads the count (``sqlite3_status``), and
SQLite's documentation lists turning it off among the settings for speed.

Python's ``sqlite3`` has no call for it: :func:`stop_counting_memory` calls SQLite's own
``sqlite3_config`` through :mod:`ctypes`, on the library the ``sqlite3`` module loaded, found
by name among those the process has loaded already (never loaded anew: another copy could be
another version). A setting can only be changed while SQLite is shut down, so it is shut down,
set and started again: call it at the start of the program, before any connection is opened
and while no other thread uses SQLite. On Linux only, where it was measured; elsewhere, or if
anything does not go as described, SQLite is left as it was.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3  # noqa: F401  # its module loads the library, which is looked for below
import sys

#: ``SQLITE_CONFIG_MEMSTATUS`` and ``SQLITE_OK`` in ``sqlite3.h``.
_CONFIG_MEMSTATUS = 9
_OK = 0
#: The library the ``sqlite3`` module is linked with, by the name it is loaded under.
_LIBRARY = "libsqlite3.so.0"


def stop_counting_memory() -> bool:
    """Turn SQLite's count of its memory off; whether it was (see the module's description)."""
    if sys.platform != "linux":
        return False
    try:
        library = ctypes.CDLL(_LIBRARY, mode=os.RTLD_NOLOAD)
    except OSError:
        return False  # built into the module, or under another name: left as it is
    if library.sqlite3_shutdown() != _OK:
        return False
    configured: bool = library.sqlite3_config(_CONFIG_MEMSTATUS, ctypes.c_int(0)) == _OK
    started: bool = library.sqlite3_initialize() == _OK
    return started and configured
