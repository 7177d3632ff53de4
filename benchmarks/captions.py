"""YouTube's auto-captions as yt-dlp writes them (``--write-auto-subs``), made up and
deterministic: the rolling WebVTT of shared/TRANSCRIPTS.md.

Each line said appears in a cue of its own, under the line before it, its words after inline
timestamps (``<00:00:02.960><c> word</c>``); between two such cues a 10 ms cue repeats the line
alone, over a line holding one space.

    rolling_vtt([(2.64, "so today we're going to talk"), (5.11, "about the router")], end=8.0)
    auto_captions(3 * 3600, seed=1)      # a three-hour talk: about 10,000 cues
"""

from __future__ import annotations

import random
from collections.abc import Sequence

_SAID = (
    "so today we are going to talk about the router and how it sends packets across the "
    "network to the other side which is where things get interesting because nobody really "
    "knows what happens when a queue fills up and the buffer starts to drop traffic in ways "
    "that look random but follow a pattern once you measure latency carefully over time"
)
_VOCABULARY = tuple(_SAID.split())
_HEADER = "WEBVTT\nKind: captions\nLanguage: en\n\n"
_SETTINGS = "align:start position:0%"


def stamp(seconds: float) -> str:
    """``hh:mm:ss.mmm``, as in a WebVTT timing line."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def rolling_vtt(lines: Sequence[tuple[float, str]], end: float) -> str:
    """The auto-caption file of ``lines`` (each the time it starts and its words), the last
    said until ``end``."""
    out = [_HEADER]
    previous = ""
    for number, (start, text) in enumerate(lines):
        until = lines[number + 1][0] if number + 1 < len(lines) else end
        words = text.split()
        step = (until - start - 0.01) / max(1, len(words))
        timed = words[0] + "".join(
            f"<{stamp(start + step * at)}><c> {word}</c>" for at, word in enumerate(words[1:], 1)
        )
        begin = start + 0.01 if number else start
        # The first cue's upper line is one space, as yt-dlp writes it: a blank line ends a cue.
        above = previous or " "
        out.append(f"{stamp(begin)} --> {stamp(until)} {_SETTINGS}\n{above}\n{timed}\n\n")
        out.append(f"{stamp(until)} --> {stamp(until + 0.01)} {_SETTINGS}\n{text}\n \n\n")
        previous = text
    return "".join(out)


def auto_captions(seconds: float, seed: int = 1, line_seconds: float = 2.2) -> str:
    """A talk of ``seconds`` in auto-captions: a line of five to nine words every
    ``line_seconds`` or so (two cues each: a three-hour talk gives about 10,000 cues)."""
    rng = random.Random(f"captions-{seed}")
    lines: list[tuple[float, str]] = []
    at = 0.5
    while at < seconds - line_seconds:
        lines.append((round(at, 2), " ".join(rng.choices(_VOCABULARY, k=rng.randint(5, 9)))))
        at += line_seconds * rng.uniform(0.8, 1.2)
    return rolling_vtt(lines, seconds)
