"""Transcript pane (``--rows transcript_pane``): the app with a YouTube note's three-hour
auto-captions (about 10,000 cues) open in the pane under the video, against the same note
without a transcript: peak memory of all its processes (``drivers/transcript_pane.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, in_turn
from benchmarks.captions import auto_captions
from benchmarks.model import Family, Row, Target
from benchmarks.rows.memory import memory_samples
from benchmarks.stats import median

TARGET = Target(ratio_at_most=1.1)
HOURS = 3
NOTE = "---\ntitle: A three-hour talk\nvideoId: AbCdEfGhIjK\n---\n\nNotes on the talk.\n"


def folders(bench: Bench) -> dict[str, Path]:
    """The same note, with its auto-captions as yt-dlp names them and without."""
    made = {}
    for mode in ("with", "without"):
        folder = bench.workdir / f"transcript-{mode}"
        (folder / "subs").mkdir(parents=True, exist_ok=True)
        (folder / "talk.md").write_text(NOTE, encoding="utf-8")
        if mode == "with":
            vtt = folder / "subs" / "A three-hour talk [AbCdEfGhIjK].en.vtt"
            vtt.write_text(auto_captions(HOURS * 3600, bench.settings.seed), encoding="utf-8")
        made[mode] = folder
    return made


def measure(bench: Bench) -> list[Row]:
    row = Row(
        "transcript_pane_memory",
        f"peak memory (PSS), a note's {HOURS}-hour transcript open in the pane under the video",
        "MiB",
        TARGET,
    )
    paths = folders(bench)
    seconds = str(bench.settings.memory_seconds)
    runs: dict[str, list[dict[str, Any]]] = {"with": [], "without": []}
    for run in range(bench.settings.memory_runs):
        for mode in in_turn(run, "without", "with"):
            bench.reset_home()  # the pane shown (a reader's earlier choice would hide it)
            _started, result = bench.driver(
                "transcript_pane", str(paths[mode]), "--memory", seconds
            )
            runs[mode].append(result)
    memory_samples(row, [r["memory"] for r in runs["with"]], [r["memory"] for r in runs["without"]])
    row.details.update(
        {
            "cues": runs["with"][-1]["cues"],
            "vtt_bytes": next((paths["with"] / "subs").iterdir()).stat().st_size,
            "ready_ms_with": median([r["ready_ms"] for r in runs["with"]]),
            "ready_ms_without": median([r["ready_ms"] for r in runs["without"]]),
            "longest_stall_ms_with": median([r["longest_stall_ms"] for r in runs["with"]]),
            "longest_stall_ms_without": median([r["longest_stall_ms"] for r in runs["without"]]),
            "window_s": bench.settings.memory_seconds,
            "note": "the same YouTube note with and without its auto-captions (the player "
            "offline, as in the memory rows); sampled once the note, the player and every cue "
            "(laid out in the pane) were on screen; ready_ms: from the open until then; "
            "longest_stall_ms: the longest the event loop did not turn meanwhile",
        }
    )
    return [row.settle()]


FAMILY = Family("transcript_pane", ("transcript_pane_memory",), measure)
