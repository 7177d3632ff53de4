"""A deterministic generator of YouTube auto-captions as yt-dlp writes them ("rolling").

Each spoken line shows up twice, as in the real files (shared/TRANSCRIPTS.md): a cue that
repeats the line before and adds the new words with inline ``<hh:mm:ss.mmm><c> word</c>``
times, then a 10 ms cue that repeats the new line alone over a line holding one space. The
words come from a fixed vocabulary, about 150 a minute, with a pause now and then; the same
``seconds`` and ``seed`` always give the same text.

    python -m benchmarks.captions DEST.vtt --seconds 10800 [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

DEFAULT_SEED = 1

_VOCABULARY = tuple(
    str.split(
        "so today we are going to talk about the way a city keeps its water clean and what "
        "happens when it rains for three days in a row you have the pipes the pumps and the "
        "treatment plant and all of them were built for a town half this size which is why "
        "engineers spend most of their time on maintenance rather than new work it turns out "
        "that the cheapest fix is usually a wetland upstream because plants and soil do the "
        "filtering for free if you give them room and time people ask me whether this scales "
        "and honestly it depends on the land the budget and the patience of the council"
    )
)


def timestamp(seconds: float) -> str:
    """``3723.5`` -> ``01:02:03.500``: WebVTT's long form, as yt-dlp writes it."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def spoken_lines(seconds: float, seed: int = DEFAULT_SEED) -> Iterator[list[tuple[float, str]]]:
    """Lines of speech until ``seconds``: each a list of ``(time said, word)``."""
    rng = random.Random(f"captions-{seed}")
    now = 0.3
    while now < seconds:
        line = []
        for _ in range(rng.randint(4, 8)):
            line.append((now, rng.choice(_VOCABULARY)))
            now += rng.uniform(0.18, 0.45)
        yield line
        if rng.random() < 0.15:  # a pause between two thoughts
            now += rng.uniform(1.5, 3.0)


def rolling_captions(lines: Sequence[Sequence[tuple[float, str]]], language: str = "en") -> str:
    """The WebVTT text yt-dlp writes for YouTube's auto-captions of ``lines`` of speech."""
    out = [f"WEBVTT\nKind: captions\nLanguage: {language}\n"]
    settings = "align:start position:0%"
    previous = " "
    for index, line in enumerate(lines):
        start = line[0][0]
        following = lines[index + 1][0][0] if index + 1 < len(lines) else line[-1][0] + 1.0
        shown_until = max(start + 0.02, following - 0.01)
        first, *rest = line
        timed = "".join(f"<{timestamp(at)}><c> {word}</c>" for at, word in rest)
        out.append(
            f"{timestamp(start)} --> {timestamp(shown_until)} {settings}\n"
            f"{previous}\n{first[1]}{timed}\n"
        )
        previous = " ".join(word for _at, word in line)
        out.append(
            f"{timestamp(shown_until)} --> {timestamp(shown_until + 0.01)} {settings}\n"
            f"{previous}\n \n"
        )
    return "\n".join(out)


def rolling_vtt(lines: Sequence[tuple[float, str]], end: float, language: str = "en") -> str:
    """The auto-caption file of ``lines``, each the time it starts and the words said; the
    words of a line said evenly until the next line starts (the last one, until ``end``)."""
    timed = []
    for number, (start, text) in enumerate(lines):
        until = lines[number + 1][0] if number + 1 < len(lines) else end
        words = text.split()
        step = (until - start - 0.01) / max(1, len(words))
        timed.append([(start + step * at, word) for at, word in enumerate(words)])
    return rolling_captions(timed, language)


def auto_captions(seconds: float, seed: int = DEFAULT_SEED) -> str:
    """``seconds`` of rolling auto-captions as a text (a three-hour talk: about 10,000 cues)."""
    return rolling_captions(list(spoken_lines(seconds, seed)))


def generate_captions(path: Path, seconds: float, seed: int = DEFAULT_SEED) -> int:
    """Write ``seconds`` of rolling auto-captions to ``path``; the number of cues written."""
    lines = list(spoken_lines(seconds, seed))
    path.write_text(rolling_captions(lines), encoding="utf-8")
    return 2 * len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.captions", description=__doc__)
    parser.add_argument("dest", type=Path, help="the .vtt file to write")
    parser.add_argument("--seconds", type=float, default=3 * 3600.0)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    cues = generate_captions(args.dest, args.seconds, args.seed)
    print(f"{args.dest}: {cues:,} cues, {args.dest.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
