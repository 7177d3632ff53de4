"""Python's interpreter shared between the window and the worker threads without stalling
the window, in a big folder: its garbage collector, and how often it passes between threads.

A full pass of the garbage collector looks at every object it tracks, and stops every thread
while it does, whichever thread's allocation set it off. A folder of 50,000 notes keeps about
200,000 such objects for as long as it is open (each note's entry and file stamp, the quick
switcher's names, the lists' trees): one pass over them took 30 ms at rest and up to 170 ms
during a change on disk, when the folder read again and the search index brought up to date
(each in a worker thread) allocated enough to set off several. So:

* once a folder is read, and again once its search index is built, what is alive is frozen
  out of the collector's sight (:func:`gc.freeze`): a pass looks only at what was made since.
  Frozen objects are still freed as soon as nothing refers to them (reference counting); only
  a reference cycle among them would be kept for good, and the folder's own structures make
  none (``tests/core/test_folder.py``).
* a full pass is due after 100 passes over the middle generation rather than 10
  (:data:`FULL_PASS_AFTER`), so the short-lived objects of a read (a scan's 50,000 stamps) are
  freed by their counts before one comes due.

What reading a big folder and building its search index allocated and freed meanwhile is
given back to the system once they are done, where the C library can (glibc's
``malloc_trim``: 25 to 30 MiB at 50,000 notes, in a millisecond). So are the source lines of
every module imported since the last time: PySide's import hook reads the source of each
(:func:`inspect.getsource`, looking for ``from __feature__``), and :mod:`linecache` keeps it,
about 80,000 lines, 7 MiB, that nothing reads again (a traceback reads what it needs anew).

One thread runs Python at a time. A worker busy in Python hands the interpreter over when
another thread has waited for it :data:`SWITCH_S`: Python's default, 5 ms, made the window
wait 20 ms and more for each turn of its event loop that calls Python (a timer, a paint of the
list) on a busy machine; at 1 ms, a few.
"""

from __future__ import annotations

import ctypes
import gc
import linecache
import sys
from collections.abc import Callable
from functools import cache

#: Passes over the middle generation between two full passes (Python's default: 10).
FULL_PASS_AFTER = 100
#: How long a thread waiting for the interpreter waits before the running one must let go.
SWITCH_S = 0.001


def configure() -> None:
    """Space the collector's full passes out and switch threads sooner (see the module's
    text); once per process, before the window is made."""
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_PASS_AFTER)
    sys.setswitchinterval(SWITCH_S)


def forget_sources() -> None:
    """Let go of the source lines the imports so far had :mod:`linecache` keep (see the
    module's text): before a folder is read, the 6 MiB they take is there for its notes; let
    go only once the folder was read, it was freed after the notes had taken new memory of
    their own."""
    linecache.clearcache()


def settle() -> None:
    """What is alive now stays (a folder read, an index built): out of the full passes, and
    the memory freed meanwhile back to the system, the source lines read by imports with it.

    The young generations are collected first (a few thousand objects at most), so the
    short-lived cycles made just now are freed rather than frozen for good."""
    forget_sources()
    gc.collect(1)
    gc.freeze()
    if (trim := _libc_function("malloc_trim")) is not None:
        trim(0)


@cache
def _libc_function(name: str) -> Callable[..., int] | None:
    """glibc's function ``name`` (``malloc_trim``), or None where the C library has none
    (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        library = ctypes.CDLL("libc.so.6")  # by name: find_library would start a process
        function: Callable[..., int] = getattr(library, name)
    except (OSError, AttributeError):
        return None
    return function
