"""Memory of a process and all its descendants (QtWebEngineProcess helpers), read from /proc.

PSS (proportional set size, from ``/proc/<pid>/smaps_rollup``) counts a page shared by n
processes as 1/n in each, so the sum over a process tree is what the tree really costs; the
sum of RSS counts shared libraries once per process and overstates it. PSS has one catch on a
shared machine: pages of Qt's libraries that *other* programs map too (another Qt app, a test
run) are split with them, so the tree's PSS drops while they run. USS (the private pages only)
does not move with other programs, but leaves the libraries out. Linux only, stdlib only.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class TreeMemory:
    processes: int
    pss_kib: int  # sum of PSS (RSS where smaps_rollup cannot be read)
    uss_kib: int  # sum of private pages (Private_Clean + Private_Dirty)
    rss_kib: int  # sum of RSS
    hwm_kib: int  # sum of each process's peak RSS so far (VmHWM)
    pss_exact: bool  # every PSS figure came from smaps_rollup

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            data = stat.read()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields follow the last ')'.
    fields = data[data.rfind(b")") + 2 :].split()
    return int(fields[1])


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, parents first."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = _parent_of(int(name))
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    tree, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        tree.append(current)
        queue.extend(sorted(children.get(current, [])))
    return tree


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rollup_kib(pid: int) -> tuple[int, int] | None:
    """PSS and USS of ``pid``, from ``smaps_rollup``."""
    pss = uss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    uss += int(line.split()[1])
    except OSError:
        return None
    return pss, uss


def tree_memory(pid: int) -> TreeMemory:
    pids = descendants(pid)
    pss = uss = rss = hwm = 0
    exact = True
    for member in pids:
        member_rss = _status_kib(member, "VmRSS")
        rollup = _rollup_kib(member)
        if rollup is None:
            exact = False
            rollup = member_rss, member_rss
        pss += rollup[0]
        uss += rollup[1]
        rss += member_rss
        hwm += _status_kib(member, "VmHWM")
    return TreeMemory(len(pids), pss, uss, rss, hwm, exact)


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU time so far of ``pid`` and all its descendants, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in [pid, *descendants(pid)]:
        try:
            with open(f"/proc/{each}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue  # it ended meanwhile
        fields = data[data.rfind(b")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
