"""A deterministic generator of synthetic notes folders in the real format (shared/FORMAT.md).

Each note looks like ``shared/samples/model_architectures_in_ai.md``: YAML front matter with
``title``, ``videoId``, ``aliases`` and ``tags``; a body of headings and paragraphs of about
5 KB with 20 to 40 ``yt-timestamp`` anchors, in the generator's ``minutes:seconds:00`` habit,
in true hours (``00:00:33``), or both mixed in one note; some labels disagree with their
``data-t``; wiki links in every written form, about a quarter of them to notes that do not
exist. A few files have a byte order mark or CRLF line endings, as real folders do.

The same ``count`` and ``seed`` always give the same names and the same bytes, whatever the
machine or ``PYTHONHASHSEED``: every random choice comes from :class:`random.Random` seeded
with text, and nothing iterates over a set. Modification times are fixed too, in the past
(from 2026-01-01), so a cache sees an old, settled folder, as a reader's folder is.

    python -m benchmarks.generate DEST --count 10000 [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 1
#: 2026-01-01T00:00:00Z; file ``i`` is given this time plus ``i`` seconds.
BASE_MTIME_NS = 1_767_225_600 * 1_000_000_000
TARGET_BYTES = 5_000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "architecture model transformer attention memory scaling compute training data inference "
    "latency quality agents retrieval evaluation benchmark research product customer startup "
    "engineering hardware chips energy cost curve reliability safety alignment reasoning search "
    "language vision speech robotics planning feedback reward policy gradient optimizer tokens "
    "context window embedding vector database pipeline deployment monitoring open source "
    "license community ecosystem platform interface workflow automation experiment hypothesis "
    "result insight trend pattern history future consolidation breakthrough iteration prototype "
    "team culture hiring leadership strategy market funding revenue margin growth adoption "
    "regulation policy privacy security trust fairness bias climate health education science"
)
_FILLER = _words(
    "the a an of to in on for with about from by as that which while because although and but "
    "or so yet also often rarely clearly notably mostly"
)
_VERBS = _words(
    "discusses explains argues notes observes suggests questions highlights describes compares "
    "emphasizes warns predicts recalls outlines contrasts"
)
_FIRST = _words(
    "Jonathan Mara Daniel Aisha Kenji Lucia Omar Priya Tomas Ingrid Samuel Wei Nadia Carlos "
    "Elena Hiroshi Amara Felix Sofia Ravi Greta Mateo Yuki Leila"
)
_LAST = _words(
    "Frankle Lindqvist Osei Rahman Tanaka Moreno Haddad Sharma Novak Berg Adeyemi Chen Petrova "
    "Alvarez Rossi Sato Mensah Weber Costa Iyer Holm Ortiz Kimura Farouk"
)
_CHANNELS = _words(
    "redpointai lex_fridman_podcast dwarkesh_podcast latent_space no_priors gradient_dissent "
    "the_cognitive_revolution machine_learning_street_talk stanford_online mit_lectures "
    "ted_talks bbc_science"
)
_TAGS = _words("ai ml research podcast interview lecture talk systems hardware policy science")
_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_HEADINGS = (
    "Background",
    "The Dominance of Transformers",
    "Historical Context",
    "Architectural Simplicity Over Time",
    "Future Outlook",
    "Open Questions",
    "Key Takeaways",
    "Practical Advice",
    "Costs and Trade-offs",
    "Evaluation",
)


@dataclass(frozen=True, slots=True)
class Plan:
    """Where each note goes and what it is called, decided before any note is written."""

    path: str  # folder-relative, forward slashes
    stem: str
    title: str
    person: bool


def _title_words(rng: random.Random) -> list[str]:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.4:
        words.insert(rng.randint(1, len(words)), rng.choice(("in", "of", "and", "for", "beyond")))
    return words


def plan_folder(count: int, seed: int = DEFAULT_SEED) -> list[Plan]:
    """The names of ``count`` notes: one in ten a person in ``people/``, the rest by channel."""
    rng = random.Random(f"viewer-benchmark-plan-{seed}-{count}")
    channels = _CHANNELS[: max(1, min(len(_CHANNELS), count // 500))]
    plans: list[Plan] = []
    used: dict[str, int] = {}
    for index in range(count):
        person = index % 10 == 9
        if person:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            title, base, folder = name, name, "people"
        else:
            words = _title_words(rng)
            title = " ".join(words).capitalize()
            if rng.random() < 0.15:
                title = title.replace(" ", ": ", 1)  # a colon: the title must be quoted in YAML
            base = "_".join(words).lower()
            folder = channels[index % len(channels)]
        seen = used.get(base.lower(), 0)
        used[base.lower()] = seen + 1
        stem = base if not seen else f"{base}_{seen + 1}"
        if seen:
            title = f"{title} ({seen + 1})"
        plans.append(Plan(f"{folder}/{stem}.md", stem, title, person))
    return plans


def _video_id(rng: random.Random) -> str:
    return "".join(rng.choice(_ID_CHARS) for _ in range(11))


def _yaml_text(text: str) -> str:
    if any(mark in text for mark in ":#'\"[]{},&*!|>%@`") or text[:1] in "-?":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(_LAST), rng.choice(_VERBS)]
    size = sum(len(word) + 1 for word in words)
    while size < length:
        word = rng.choice(_FILLER) if rng.random() < 0.35 else rng.choice(_WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def _stamp(seconds: int, style: str) -> str:
    """A time as the generator writes it: ``mm:ss:00`` under an hour, or true hours."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if style == "minutes" and hours == 0:
        return f"{minutes:02d}:{secs:02d}:00"
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def _anchor(data_t: str, label: str) -> str:
    return f'<a class="yt-timestamp" data-t="{data_t}">[{label}]</a>'


def _wikilink(rng: random.Random, plans: list[Plan], self_index: int) -> str:
    roll = rng.random()
    if roll < 0.25:  # a note that does not exist, as generated folders have many
        return f"[[{'_'.join(_title_words(rng)).lower()}]]"
    other = plans[rng.randrange(len(plans))]
    if len(plans) > 1 and other is plans[self_index]:
        other = plans[(self_index + 1) % len(plans)]
    text = " ".join(_title_words(rng))
    if other.person:
        return rng.choice(
            (f"[[{other.title}]]", f"[[people/{other.stem}]]", f"[[{other.stem}|{text}]]")
        )
    if roll < 0.55:
        return f"[[{other.stem} | {text}]]"
    if roll < 0.7:
        return f"[[{other.title}]]"
    if roll < 0.8:
        return f"[[{other.stem}#{rng.choice(_HEADINGS)}|{text}]]"
    if roll < 0.83:
        return f"![[{other.stem}]]"
    return f"[[{other.stem}]]"


def note_text(plans: list[Plan], index: int, seed: int = DEFAULT_SEED) -> str:
    """The text of note ``index`` of the planned folder (``\\n`` line endings)."""
    plan = plans[index]
    rng = random.Random(f"viewer-benchmark-note-{seed}-{len(plans)}-{index}")
    lines = ["---", f"title: {_yaml_text(plan.title)}", f"videoId: {_video_id(rng)}"]
    aliases = rng.randint(0, 3)
    if aliases == 1 and rng.random() < 0.5:
        lines.append(f"aliases: {_yaml_text(' '.join(_title_words(rng)))}")
    elif aliases:
        lines.append("aliases:")
        lines += [f"  - {_yaml_text(' '.join(_title_words(rng)))}" for _ in range(aliases)]
    tags = [_TAGS[i] for i in sorted(rng.sample(range(len(_TAGS)), rng.randint(1, 4)))]
    lines += [f"tags: [{', '.join(tags)}]", "---", ""]
    lines += [f"From: [[{rng.choice(_CHANNELS)}]] <br/> ", ""]

    # The timestamps: increasing through a video of 20 minutes to 2 hours.
    style = rng.choices(("minutes", "hours", "mixed"), (0.5, 0.35, 0.15))[0]
    count = rng.randint(20, 40)
    length = rng.randint(20 * 60, 120 * 60)
    times = sorted(rng.sample(range(1, length), count - 1))
    times.insert(0, 0 if style != "hours" else rng.randint(5, 59))
    stamps: list[str] = []
    for position, seconds in enumerate(times):
        written = style if style != "mixed" else rng.choice(("minutes", "hours"))
        if position == 0 and style != "minutes":
            written = "hours"
        data_t = _stamp(seconds, written)
        label = data_t
        if rng.random() < 0.04:  # data-t is the truth; the label is sometimes off
            label = _stamp(seconds + 10, written)
        stamps.append(_anchor(data_t, label))

    budget = TARGET_BYTES - sum(len(line) + 1 for line in lines)
    budget -= sum(len(stamp) for stamp in stamps)
    per_sentence = max(40, budget // count - 22)
    links = rng.randint(3, 10)
    link_at = sorted(rng.sample(range(count), min(links, count)))
    heading_every = rng.randint(4, 7)
    body: list[str] = []
    paragraph: list[str] = []
    position = 0
    while position < len(stamps):
        text = _sentence(rng, per_sentence)
        if position in link_at:
            words = text.split(" ")
            words.insert(rng.randint(2, len(words)), _wikilink(rng, plans, index))
            text = " ".join(words)
        written = stamps[position]
        if rng.random() < 0.08 and position + 1 < len(stamps):  # two in a row, as in the sample
            position += 1
            written += f", {stamps[position]}"
        paragraph.append(f"{text} {written}.")
        if len(paragraph) >= 3 or position == len(stamps) - 1:
            body += [" ".join(paragraph), ""]
            paragraph = []
        if position % heading_every == heading_every - 1 and position < len(stamps) - 2:
            level = rng.choice(("##", "##", "###"))
            heading = rng.choice(_HEADINGS)
            if rng.random() < 0.1:
                heading = _wikilink(rng, plans, index)
            body += [f"{level} {heading}"]
        position += 1
    return "\n".join(lines + body).rstrip("\n") + "\n"


def note_bytes(plans: list[Plan], index: int, seed: int = DEFAULT_SEED) -> bytes:
    text = note_text(plans, index, seed)
    data = text.encode("utf-8")
    if index % 97 == 13:
        data = data.replace(b"\n", b"\r\n")
    if index % 89 == 7:
        data = b"\xef\xbb\xbf" + data
    return data


def generate_folder(root: Path, count: int, seed: int = DEFAULT_SEED) -> list[str]:
    """Write ``count`` notes below ``root`` (created if needed); their relative paths."""
    plans = plan_folder(count, seed)
    made: set[str] = set()
    for index, plan in enumerate(plans):
        target = root / plan.path
        folder = target.parent
        if str(folder) not in made:
            folder.mkdir(parents=True, exist_ok=True)
            made.add(str(folder))
        target.write_bytes(note_bytes(plans, index, seed))
        mtime = BASE_MTIME_NS + index * 1_000_000_000
        os.utime(target, ns=(mtime, mtime))
    return [plan.path for plan in plans]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("dest", type=Path, help="the folder to write the notes into")
    parser.add_argument("--count", type=int, default=1000, help="how many notes (1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the seed (1)")
    args = parser.parse_args(argv)
    paths = generate_folder(args.dest, args.count, args.seed)
    print(f"wrote {len(paths)} notes to {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
