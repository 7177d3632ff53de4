"""Coverage-guided fuzzing of the Qt-free core: bytes → note → rendered, sanitized HTML.

One input exercises everything a note file reaches: decoding and front matter
(:func:`note_from_bytes`), every line as a timecode (:func:`timecode.parse`) and as a YouTube URL
(:func:`parse_youtube_url`), the wiki links of the body against a folder (:func:`find_wikilinks`,
:class:`LinkResolver`), and rendering (:meth:`NoteRenderer.render`), whose output must hold no
script, no ``on*`` attribute and no dangerous URL (:func:`tests.core.html_checks.dangers`).
Any exception is a finding.

Run standalone, from the repository root::

    .venv/bin/python tests/fuzz/fuzz_core.py -runs=200000              # atheris / libFuzzer
    .venv/bin/python tests/fuzz/fuzz_core.py -max_total_time=300 -print_final_stats=1

With atheris installed (``.venv/bin/pip install atheris``) this is libFuzzer: its options apply,
and a seed corpus (the bundled notes and hostile snippets) and a dictionary of the note syntax
are set up in a temporary folder unless given. Without atheris it falls back to seeded random
inputs built from the same seeds and dictionary (also with ``-random`` when atheris is
there); ``-runs=N``, ``-seed=S``, ``-max_total_time=T`` are honoured, and ``-keep_going``
counts distinct findings instead of stopping at the first. The quick pytest in
``tests/core/test_hostile_files.py`` runs :func:`fuzz_one` over :func:`random_inputs`, so CI
exercises this target too.

Nothing is written outside a temporary folder: crash artifacts go there too, unless
``-artifact_prefix=`` is given.
"""

from __future__ import annotations

import contextlib
import math
import random
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(REPO))

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the environment
    atheris = None

# Standalone under atheris, the viewer's code is instrumented for coverage feedback.
_instrumented = (
    atheris.instrument_imports(include=["viewer", "markdown"])
    if atheris is not None and __name__ == "__main__" and "-random" not in sys.argv
    else contextlib.nullcontext()
)
with _instrumented:
    from tests.core.html_checks import dangers, parse_html

    from viewer.core import timecode
    from viewer.core.applinks import URL_SCHEMES
    from viewer.core.links import LinkResolver, NoteNames, find_wikilinks
    from viewer.core.note import note_from_bytes
    from viewer.core.render import NoteRenderer

#: A folder that does not exist: a note's local video path is only ever looked up, never read.
ROOT = Path(tempfile.gettempdir()) / "viewer-fuzz-no-such-folder"
NOTE_PATH = "sub/note.md"
FOLDER = [
    NoteNames("welcome.md", "Welcome to Viewer", ("home",)),
    NoteNames("sub/note.md", "The note"),
    NoteNames("people/Daniel Osei.md", "Daniel Osei", ("Dan",)),
]
FOLDER_PATHS = {note.path for note in FOLDER}
RENDERER = NoteRenderer()  # one for all inputs, as the app keeps one

#: Pieces of the note syntax, for the dictionary and for random inputs.
TOKENS = [
    "---\n", "title: ", "videoId: ", "video: ", "aliases: ", "tags: ", "[[", "]]", "|", "\\|",
    "#", "![[", "![", "](", ")", "[", "]", "<a ", "</a>", 'class="yt-timestamp"', "data-t=",
    '"', "'", ">", "<", "/>", "02:43:00", "00:00:33", "59:50:00", "1h2m3s", "?t=", "&t=",
    "#t=", "https://youtu.be/7-3IxVvWoxc", "https://www.youtube.com/watch?v=", "7-3IxVvWoxc",
    "javascript:", "data:", "vbscript:", "file:", "seek:", "note:", "missing-note:",
    "viewer-file://notes/", "../", "%2e%2e/", "\\", "<script>", "</script>", "<img src=x ",
    "onerror=", "<svg onload=", "<style>", "<iframe ", "<noscript>", "<math>", "<template>",
    "<!--", "-->", "<![CDATA[", "&#", "&#x6A;", "&lt;", "&quot;", "\x00", "\r\n", "\ufeff",
    "> ", "- ", "1. ", "    ", "```", "~~~", "| a | b |\n|---|---|\n", "[^1]", "[^1]: ", "*",
    "_", "`", "\n", "\n\n", " ", "\t", "&", ";", "=", ":",
]  # fmt: skip


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def browser_scheme(url: str) -> str:
    """The scheme a browser reads in ``url`` (WHATWG URL: C0 and space trimmed at both ends,
    tab and newline removed anywhere), lower-cased; ``""`` for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def _check_rendered(html: str) -> None:
    assert html.startswith('<article class="note">'), html[:80]
    found = dangers(html)
    assert not found, found
    assert "<script" not in html.lower()
    for element in parse_html(html).elements:
        assert not any(name.startswith("on") for name in element.attrs), element
        for name in ("href", "src"):
            if name in element.attrs:
                scheme = browser_scheme(element.attrs[name])
                assert scheme in URL_SCHEMES or scheme == "", (name, element.attrs[name])


def fuzz_one(data: bytes) -> None:
    """One input through every core entry point; raises on any broken promise."""
    note = note_from_bytes(data, ROOT / NOTE_PATH, ROOT)
    assert isinstance(note.title, str) and note.title.strip()
    assert all(problem.message.strip() for problem in note.problems)
    assert all(isinstance(value, str) for value in note.properties.values())
    assert note.video is None or note.video.kind in ("youtube", "url")  # no file under ROOT

    text = data.decode("utf-8", errors="replace")
    for line in [text, *text.splitlines()[:64]]:
        value = timecode.parse(line)
        if value is not None:
            assert math.isfinite(value.seconds) and 0 <= value.seconds <= timecode.MAX_SECONDS
            assert timecode.format_seconds(value.seconds)
        link = timecode.parse_youtube_url(line)
        if link is not None:
            assert timecode.is_video_id(link.video_id)
            assert link.start is None or 0 <= link.start <= timecode.MAX_SECONDS

    resolver = LinkResolver([*FOLDER, NoteNames("zz/self.md", note.title, note.aliases)])
    allowed = {*FOLDER_PATHS, "zz/self.md"}
    for wikilink in list(find_wikilinks(note.body))[:200]:
        found = resolver.resolve(wikilink.target)
        assert found is None or found in allowed, (wikilink, found)
        assert resolver.resolve("../" + wikilink.target) is None
    for line in text.splitlines()[:64]:
        found = resolver.resolve(line)
        assert found is None or found in allowed

    duration = float(len(data) % 4000) if len(data) % 3 else None
    rendered = RENDERER.render(note, NOTE_PATH, resolver.resolve, duration)
    _check_rendered(rendered.html)
    assert all(
        math.isfinite(stamp.seconds) and 0 <= stamp.seconds <= timecode.MAX_SECONDS
        for stamp in rendered.timestamps
    )
    assert all(link.path is None or link.path in allowed for link in rendered.links)


# --- seeds and random inputs ---------------------------------------------------------------------

SNIPPETS = [
    b"---\ntitle: A note\nvideoId: 7-3IxVvWoxc\naliases: [a, b]\ntags: [x]\n---\n# H\n\ntext\n",
    b'<a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a> and [[welcome|home]]\n',
    b"[[people/Daniel Osei#Intro | Dan]] ![[welcome]] [x](https://youtu.be/7-3IxVvWoxc?t=163)\n",
    b"---\nvideo: ../../etc/passwd\n---\n![](../../x.png) <img src=x onerror=alert(1)>\n",
    b'<svg onload=alert(1)><a href="javascript:alert(1)">x</a><div><a href="seek:12">t</a></div>',
    b"| a | b |\n|---|---|\n| [[x\\|y]] | <a class=yt-timestamp data-t=1:02>[1:02]</a> |\n",
    b"> > > - - 1. quote and lists\n\n```\ncode\n```\n\n[^1]\n\n[^1]: a footnote\n",
    b"---\n- a list\n---\nbody\n",
    b"\xef\xbb\xbf---\r\ntitle: \xe9t\xe9\r\n---\r\nbody\r\n",
]


def seeds() -> list[bytes]:
    """The bundled notes, the real sample note and hostile snippets."""
    samples = REPO / "notes"
    found = [path.read_bytes() for path in sorted(samples.rglob("*.md"))]
    found += [path.read_bytes() for path in sorted((REPO / "tests").rglob("samples/*.md"))]
    return [*found, *SNIPPETS]


def random_inputs(seed: int, count: int, max_size: int = 2000) -> Iterator[bytes]:
    """``count`` inputs: seeds cut, spliced and mutated, token soups and raw bytes."""
    rng = random.Random(seed)
    pool = seeds()
    tokens = [token.encode() for token in TOKENS]
    for _ in range(count):
        kind = rng.random()
        if kind < 0.4:
            data = bytearray(rng.choice(pool)[: rng.randrange(1, max_size)])
            for _ in range(rng.randrange(1, 8)):
                at = rng.randrange(len(data) + 1)
                if rng.random() < 0.5:
                    data[at:at] = rng.choice(tokens)
                elif data:
                    del data[at : at + rng.randrange(1, 16)]
                else:
                    data[at:at] = bytes([rng.randrange(256)])
        elif kind < 0.8:
            data = bytearray(b"".join(rng.choice(tokens) for _ in range(rng.randrange(1, 80))))
            if rng.random() < 0.3:
                data[:0] = b"---\n" + rng.choice(tokens) + b"\n---\n"
        else:
            data = bytearray(rng.randbytes(rng.randrange(0, 300)))
        yield bytes(data[:max_size])


# --- running ------------------------------------------------------------------------------------


def _option(argv: list[str], name: str, default: int) -> int:
    for arg in argv:
        if arg.startswith(f"-{name}="):
            return int(arg.split("=", 1)[1])
    return default


def _run_random(argv: list[str]) -> None:
    runs = _option(argv, "runs", 10_000)
    seed = _option(argv, "seed", 0)
    budget = _option(argv, "max_total_time", 0)
    keep_going = "-keep_going" in argv  # count distinct findings instead of stopping at one
    findings: dict[str, tuple[int, bytes]] = {}
    start = time.monotonic()
    done = 0
    for data in random_inputs(seed, runs):
        try:
            fuzz_one(data)
        except Exception as error:
            if not keep_going:
                print(f"FINDING after {done} inputs; the input was {data!r}", file=sys.stderr)
                raise
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{type(error).__name__} at {Path(frame.filename).name}:{frame.lineno}"
            count, first = findings.get(where, (0, data))
            findings[where] = (count + 1, first)
        done += 1
        if budget and time.monotonic() - start > budget:
            break
    took = time.monotonic() - start
    print(f"random fuzzing: {done} inputs in {took:.1f} s, {len(findings)} distinct findings")
    for where, (count, first) in findings.items():
        print(f"  {where}: {count} inputs, first {first[:300]!r}")
    if findings:
        sys.exit(1)


def _run_atheris(argv: list[str]) -> None:
    work = Path(tempfile.mkdtemp(prefix="viewer-fuzz-"))
    extra = []
    if not any(arg.startswith("-dict=") for arg in argv):
        lines = [
            '"' + "".join(f"\\x{byte:02x}" for byte in token.encode()) + '"' for token in TOKENS
        ]
        (work / "note.dict").write_text("\n".join(lines) + "\n", encoding="ascii")
        extra.append(f"-dict={work / 'note.dict'}")
    if not any(arg.startswith("-artifact_prefix=") for arg in argv):
        extra.append(f"-artifact_prefix={work}/")
    if not any(not arg.startswith("-") for arg in argv[1:]):
        corpus = work / "corpus"
        corpus.mkdir()
        for index, data in enumerate(seeds()):
            (corpus / f"seed-{index:03d}").write_bytes(data)
        extra.append(str(corpus))
    print(f"fuzzing; corpus, dictionary and any crash files in {work}", file=sys.stderr)
    atheris.Setup([argv[0], *extra, *argv[1:]], fuzz_one)
    atheris.Fuzz()


def main(argv: list[str]) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    if atheris is None or "-random" in argv:
        _run_random(argv)
    else:
        _run_atheris(argv)


if __name__ == "__main__":
    main(sys.argv)
