"""Generated transcripts for the search rows: hour-long WebVTT files beside generated notes.

:func:`add_transcripts` writes a transcript for every ``every``-th note of a generated folder
(:mod:`benchmarks.generate`), named as yt-dlp names one, by the note's YouTube id
(``transcripts/<stem> [<videoId>].en.vtt``, docs in ``shared/TRANSCRIPTS.md``), so the index
finds it as a reader's would be found. Each is an hour of speech in :data:`CUES` cues of 5 to
10 words, a cue every 1.03 s or so, as a talk's captions run (about 3,500 an hour): mostly
the small words of speech; the note generator's words and names, as often as a talk says its
topic, so the benchmark's queries find them in transcripts as in notes; and a long tail of
rarer words. Deterministic, as the notes are (every choice from :class:`random.Random` seeded
with text), and the files' times fixed in the past.

    python -m benchmarks.transcripts DEST --every 10 [--cues 3500] [--seed 1]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import sys
from pathlib import Path

from benchmarks.generate import _FIRST, _LAST, _WORDS, BASE_MTIME_NS, DEFAULT_SEED, _words

#: Cues of an hour-long talk's captions (shared/TRANSCRIPTS.md: 3,000 to 4,000).
CUES = 3_500
HOUR_S = 3600.0
_SPOKEN = _words(
    "the and to a of that so it is we you in this i like know think just really what for on "
    "with be are have was but can not they do there about um uh right yeah kind actually then "
    "because very well if how when all more one going get would"
)
_SYLLABLES = ("ka", "lo", "min", "ter", "vas", "dre", "pol", "un", "sim", "ra", "bet", "cor")
_VIDEO_ID = re.compile(r"^videoId: (\S+)$", re.MULTILINE)


def _tail(count: int) -> list[str]:
    """``count`` made-up words of two or three syllables: the rarer words of speech."""
    words = ["".join(parts) for parts in itertools.product(_SYLLABLES, repeat=3)]
    words += ["".join(parts) for parts in itertools.product(_SYLLABLES, repeat=2)]
    return words[:count]


def _weights(count: int) -> list[float]:
    """Cumulative Zipf weights of ``count`` words (a word's frequency falls as its rank)."""
    return list(itertools.accumulate(1.0 / rank for rank in range(1, count + 1)))


def transcript_text(seed_text: str, cues: int = CUES) -> str:
    """One transcript's WebVTT text, the same for the same ``seed_text``."""
    rng = random.Random(f"viewer-benchmark-transcript-{seed_text}")
    tail = _tail(1800)
    spoken_weights, tail_weights = _weights(len(_SPOKEN)), _weights(len(tail))
    # A talk keeps to a few topics: a dozen of the generator's words, most of the time.
    topics = rng.sample(_WORDS, 12)
    names = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(3)]
    step = HOUR_S / cues
    lines = ["WEBVTT", "Kind: captions", "Language: en", ""]
    for number in range(cues):
        start = number * step
        words = rng.choices(_SPOKEN, cum_weights=spoken_weights, k=rng.randint(5, 10))
        roll = rng.random()
        if roll < 0.35:
            words[rng.randrange(len(words))] = rng.choice(topics)
        elif roll < 0.45:
            words[rng.randrange(len(words))] = rng.choice(_WORDS)
        if rng.random() < 0.4:
            words[rng.randrange(len(words))] = rng.choices(tail, cum_weights=tail_weights)[0]
        if rng.random() < 0.01:
            words[rng.randrange(len(words))] = rng.choice(names)
        lines += [f"{_stamp(start)} --> {_stamp(start + step * 0.97)}", " ".join(words), ""]
    return "\n".join(lines)


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def add_transcripts(
    root: Path, every: int = 10, cues: int = CUES, seed: int = DEFAULT_SEED
) -> list[str]:
    """Write a transcript for every ``every``-th note below ``root``; their relative paths."""
    notes = sorted(path.relative_to(root).as_posix() for path in root.rglob("*.md"))
    written = []
    folder = root / "transcripts"
    folder.mkdir(exist_ok=True)
    for index, note in enumerate(notes[::every]):
        found = _VIDEO_ID.search((root / note).read_text("utf-8-sig")[:2000])
        if found is None:
            continue
        stem = Path(note).stem
        target = folder / f"{stem} [{found.group(1)}].en.vtt"
        target.write_text(transcript_text(f"{seed}-{note}", cues), "utf-8")
        mtime = BASE_MTIME_NS + index * 1_000_000_000
        os.utime(target, ns=(mtime, mtime))
        written.append(target.relative_to(root).as_posix())
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transcripts")
    parser.add_argument("dest", type=Path, help="a folder of generated notes")
    parser.add_argument("--every", type=int, default=10)
    parser.add_argument("--cues", type=int, default=CUES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    written = add_transcripts(args.dest, args.every, args.cues, args.seed)
    print(f"wrote {len(written)} transcripts below {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
