"""The rows of the table, one module per family, each measured against a baseline taken in
the same run. ``--rows`` takes the families' names; they run in the order of ``FAMILIES``.

Every figure is the median of several runs. Start-up and memory run in processes of their own
(``benchmarks/drivers``), each open in a fresh process too, so no run inherits another's
imports, caches or memory.
"""

from __future__ import annotations

from benchmarks.model import Family
from benchmarks.rows import (
    follow,
    interactive,
    memory,
    native,
    render,
    scaling,
    search,
    seek,
    startup,
    transcript,
    transcript_pane,
)
from benchmarks.rows import open as open_folder

FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        render.FAMILY,
        open_folder.FAMILY,
        scaling.FAMILY,
        startup.FAMILY,
        seek.FAMILY,
        follow.FAMILY,
        memory.FAMILY,
        native.FAMILY,
        search.FAMILY,
        transcript.FAMILY,
        transcript_pane.FAMILY,
        interactive.FAMILY,
    )
}
