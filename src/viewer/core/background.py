"""Threads that work for the window give way to the window's own thread.

On a machine of two cores, a big folder's search ranks on two connections at once
(:mod:`viewer.core.search.halves`) while the window lists what came: three threads for two
cores, and the window's thread, which must answer every event within a frame, waited its turn
like the others (a 24 ms stall as the hits came, at 50,000 notes). A thread that calls
:func:`give_way` runs at a lower priority (a nice of :data:`NICE`), so the window's thread is
run first whenever both are ready, and the others use what it leaves.

Linux sets a priority per thread; elsewhere this does nothing (macOS and Windows have no
portable way from Python, and their schedulers favour the thread of the window in front).
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import suppress

#: How far below the window's threads the background ones run (0 to 19; 10: about a tenth of
#: the time when both want it).
NICE = 10


def give_way() -> None:
    """Lower the priority of the calling thread below the window's (Linux only)."""
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    with suppress(OSError):  # not allowed, or the thread is gone: it runs as it was
        os.setpriority(os.PRIO_PROCESS, thread, max(os.getpriority(os.PRIO_PROCESS, thread), NICE))
