"""Native (``--rows native``): the native player (Qt Multimedia, local MP4): a seek to its first
frame, against ``QMediaPlayer.setPosition`` to that frame in the same process; memory while
playing, against a bare ``QMediaPlayer`` playing the same clip (``drivers/native_player.py``).
"""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.rows.memory import memory_samples
from benchmarks.rows.seek import seek_samples


def measure(bench: Bench) -> list[Row]:
    _started, result = bench.driver(
        "native_player", "--samples", str(bench.settings.seek_samples * 2)
    )
    seek = Row(
        "native_seek",
        "native player: seek to the first frame there, local MP4 (H.264)",
        "ms",
        Target(ratio_at_most=1.2),
    )
    seek_samples(
        seek, result, "NativePlayer.seek(t) to its seeked signal; baseline QMediaPlayer.setPosition"
    )
    memory = Row(
        "native_memory",
        "native player: peak memory (PSS) while playing the MP4",
        "MiB",
        Target(ratio_at_most=1.25),
    )
    seconds = str(bench.settings.memory_seconds)
    runs: dict[str, list[dict[str, Any]]] = {"app": [], "bare": []}
    for run in range(bench.settings.memory_runs):
        for mode in in_turn(run, "bare", "app"):
            _started, result = bench.driver("native_player", "--memory", seconds, "--mode", mode)
            runs[mode].append(result["memory"])
    memory_samples(memory, runs["app"], runs["bare"])
    memory.details.update(
        {
            "window_s": bench.settings.memory_seconds,
            "note": "one process each: the app's NativePlayer (with the app's imports) against a "
            "bare QMediaPlayer + QVideoWidget + QAudioOutput, from the first frame on",
        }
    )
    return [seek.settle(), memory.settle()]


FAMILY = Family("native", ("native_seek", "native_memory"), measure)
