"""``viewer transcript NOTE``: a note's transcript as the app reads it, for scripts.

The note is read within its own folder (the folder it is in), as ``viewer check NOTE`` reads
it: its transcript files are found there (see :mod:`viewer.core.transcripts.finding`), one is
chosen (``--language``, else the system's language, else English, else the first) and read
as speech. Exit status: 0 with cues, 1 when the note has none (a sentence on stderr), 2 for a
usage error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from viewer.core.folder import is_note_file, scan
from viewer.core.note import load_note
from viewer.core.timecode import format_seconds
from viewer.core.transcripts import (
    Transcript,
    TranscriptFile,
    choose_file,
    read_transcript,
    system_languages,
    transcript_files,
)
from viewer.usage import Parser

PROG = "viewer transcript"


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Print a note's transcript as the app reads it: one line per cue, the "
        "time it starts (M:SS, or H:MM:SS past an hour) and its words, separated by a tab. "
        "Auto-captions come out as the words said, each once. Exit status: 0 with cues, 1 "
        "when the note has no transcript (or none that can be read), 2 for a usage error.",
        epilog="The transcript files of a note are found in its folder: a local video's .vtt "
        "and .srt files with the same name, a YouTube note's files named for its id "
        "(yt-dlp's 'Title [ID].en.vtt'), and the file 'transcript:' names in its front matter.",
    )
    parser.add_argument("note", type=Path, metavar="NOTE", help="the note (a .md file)")
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"note", "file", "language", "cues": [{"start", "end", "text"}]}',
    )
    parser.add_argument(
        "--language",
        metavar="LANG",
        help="the language to read (en, ja, pt-BR…); without it, the system's language",
    )
    return parser


def to_json(root: Path, note: Path, transcript: Transcript) -> str:
    data: dict[str, Any] = {
        "note": _shown(note, root),
        "file": _shown(transcript.file, root) if transcript.file is not None else None,
        "language": transcript.language,
        "cues": [
            {"start": _number(cue.start), "end": _number(cue.end), "text": cue.text}
            for cue in transcript.cues
        ],
        "problems": list(transcript.problems),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_text(transcript: Transcript) -> str:
    return "\n".join(
        f"{format_seconds(cue.start)}\t{' '.join(cue.text.split())}" for cue in transcript.cues
    )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _number(seconds: float) -> int | float:
    return int(seconds) if float(seconds).is_integer() else round(seconds, 3)


def _chosen(files: list[TranscriptFile], language: str | None) -> TranscriptFile | None:
    if language is None:
        return choose_file(files, system_languages())
    chosen = choose_file(files, [language])
    wanted = language.replace("_", "-").lower().split("-")[0]
    if chosen is None or (chosen.language or "").lower().split("-")[0] != wanted:
        return None
    return chosen


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    path: Path = args.note
    if not is_note_file(path):
        print(f"{PROG}: '{path}' is not a note (a .md file)", file=sys.stderr)
        return 2
    path = Path(os.path.abspath(path))
    root = path.parent
    note = load_note(path, root)
    files, problems = transcript_files(note, root, scan(root, notes=False).subtitles)
    for problem in problems:
        print(f"{PROG}: {problem}", file=sys.stderr)
    chosen = _chosen(files, args.language)
    if chosen is None:
        if files and args.language is not None:
            languages = ", ".join(sorted({file.language or "none" for file in files}))
            print(
                f"{PROG}: '{path.name}' has no transcript in '{args.language}' "
                f"(its languages: {languages}).",
                file=sys.stderr,
            )
        else:
            print(f"{PROG}: '{path.name}' has no transcript.", file=sys.stderr)
        return 1
    transcript = read_transcript(chosen.path, chosen.language)
    for problem in transcript.problems:
        print(f"{PROG}: {_shown(chosen.path, root)}: {problem}", file=sys.stderr)
    try:
        if transcript.cues or args.json:
            print(to_json(root, path, transcript) if args.json else to_text(transcript), flush=True)
    except BrokenPipeError:  # `viewer transcript … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if transcript.cues else 1
