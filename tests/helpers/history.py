"""The history read back through its own interface, without moving it."""

from __future__ import annotations

import copy

from viewer.app.history import History


def visits(history: History) -> list[str]:
    """Every visit's note, oldest first, the current one in brackets (read by walking a copy
    back to the start, then forward to the end)."""
    walk = copy.deepcopy(history)
    if walk.current is None:
        return []
    at = 0
    while walk.back() is not None:
        at += 1
    shown = [walk.current.path]
    while (visit := walk.forward()) is not None:
        shown.append(visit.path)
    shown[at] = f"[{shown[at]}]"
    return shown
