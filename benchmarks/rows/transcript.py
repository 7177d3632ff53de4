"""Transcript (``--rows transcript``): reading three hours of YouTube auto-captions as speech.

``read_transcript`` of a file of rolling auto-captions as yt-dlp writes them (``captions.py``:
about 10,000 cues), against a bare pass of the same file with one regular expression: the
file read and ``re.findall`` of each cue's timing line and text. Both in this process, in
alternating batches; each sample is one call.
"""

from __future__ import annotations

import re
import time

from benchmarks.bench import Bench, in_turn
from benchmarks.captions import generate_captions
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median

HOURS = 3
#: The bare pass: every cue's start, end and text lines, as one regular expression finds them.
BARE = re.compile(r"^(\S+) --> (\S+)[^\n]*\n((?:[^\n]+\n)*)", re.MULTILINE)


def measure(bench: Bench) -> list[Row]:
    from viewer.core.transcripts import read_transcript

    row = Row(
        "transcript_read",
        f"read {HOURS} hours of rolling auto-captions as speech (read_transcript)",
        "ms",
        Target(ratio_at_most=2),
    )
    path = bench.workdir / "transcripts" / "talk [aaaaaaaaaaa].en.vtt"
    path.parent.mkdir(parents=True, exist_ok=True)
    cues = generate_captions(path, HOURS * 3600.0, bench.settings.seed)

    def app() -> None:
        read_transcript(path, "en")

    def baseline() -> None:
        BARE.findall(path.read_text(encoding="utf-8"))

    for action in (app, baseline):  # warm up: compiled patterns, the file in the page cache
        for _ in range(2):
            action()
    batches, calls = (3, 2) if bench.settings.quick else (9, 3)
    cpu: dict[str, list[float]] = {"app": [], "baseline": []}
    for batch in range(batches):
        for action, into in in_turn(batch, (app, row.samples), (baseline, row.baseline_samples)):
            for _ in range(calls):
                started, cpu_started = time.perf_counter(), time.thread_time()
                action()
                into.append((time.perf_counter() - started) * 1000)
                cpu[action.__name__].append((time.thread_time() - cpu_started) * 1000)
    read = read_transcript(path, "en")
    row.details = {
        "file_bytes": path.stat().st_size,
        "cues_in_file": cues,
        "segments_read": len(read.cues),
        "words_read": sum(len(cue.text.split()) for cue in read.cues),
        "cpu_ms": median(cpu["app"]),
        "baseline_cpu_ms": median(cpu["baseline"]),
        "cpu_ratio": median(cpu["app"]) / median(cpu["baseline"]),
        "baseline": f"re.findall({BARE.pattern!r}) of the file's text",
    }
    return [row.settle()]


FAMILY = Family("transcript", ("transcript_read",), measure)
