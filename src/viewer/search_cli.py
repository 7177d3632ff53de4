"""``viewer search FOLDER QUERY``: the folder's full-text search, for scripts.

The index is brought up to date first (only notes and transcripts that changed are read), in
the same cache file the app uses. A hit is in a note's text, or in what was said in its video
(its transcript): the text output puts ``transcript`` before a transcript hit's time, and
``--json`` gives each hit's ``source``. Exit status: 0 with hits, 1 with none, 2 for a usage
error or a query that cannot be read, with a message on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from viewer.core.search import BuildReport, QueryError, SearchIndex, SearchResults, parse_query
from viewer.core.search.query import TRANSCRIPT
from viewer.core.timecode import format_seconds
from viewer.usage import Parser

PROG = "viewer search"


def _parser() -> Parser:
    parser = Parser(
        prog=PROG,
        description="Search the notes of a folder, and what was said in their videos (the "
        "transcript files beside them). Prints one hit per line: the note's path, the time the "
        "hit belongs to, and a snippet, separated by tabs. In a note, the time is that of "
        "the first timestamp after the words in their paragraph, list item, quote or table "
        "row (else the last one there); in a passage without one, the latest one before it in "
        "the note; - before the note's first timestamp. A hit in a transcript has "
        "'transcript ' before its time, the moment the words were said (the start of their "
        "cue); its path is the note's. --json gives each hit's source: note or transcript.",
        epilog='Query: words, "a phrase", prefix*, OR, NOT word (or -word), title:word, '
        "tag:word, in:notes or in:transcript (only one of them). Put -- before a query that "
        "starts with '-'.",
    )
    parser.add_argument("folder", type=Path, help="the notes folder")
    parser.add_argument("query", nargs="+", help="what to search for")
    parser.add_argument("--json", action="store_true", help="print the hits as JSON")
    parser.add_argument(
        "--limit", type=_limit, default=50, metavar="N", help="at most N hits (default 50)"
    )
    return parser


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("the limit must be between 1 and 10000")
    return value


def to_json(results: SearchResults) -> str:
    hits = []
    for hit in results.hits:
        shown: dict[str, object] = {
            "path": hit.path,
            "title": hit.title,
            "source": hit.source,
            "snippet": hit.snippet.text,
            "seconds": hit.seconds,
            "label": hit.label,
        }
        if hit.source == TRANSCRIPT:
            shown.update(transcript=hit.transcript, language=hit.language, cue=hit.cue)
        hits.append(shown)
    return json.dumps({"query": results.query, "hits": hits}, ensure_ascii=False, indent=2)


def to_text(results: SearchResults) -> str:
    lines = []
    for hit in results.hits:
        time = format_seconds(hit.seconds) if hit.seconds is not None else "-"
        if hit.source == TRANSCRIPT:
            time = f"transcript {time}"
        # A snippet is one line: a transcript's cues may hold a tab.
        text = hit.snippet.text.replace("\t", " ")
        lines.append(f"{hit.path}\t{time}\t{text}")
    return "\n".join(lines)


def _progress(report: BuildReport) -> Callable[[int, int], None]:
    """On a terminal, what a first build of a big folder is doing (it takes seconds)."""

    def progress(done: int, total: int) -> None:
        if total >= 500:
            end = "\n" if done == total else ""
            what = "notes and transcripts" if report.counted_transcripts else "notes"
            print(f"\r{PROG}: indexing {done:,} of {total:,} {what}", end=end, file=sys.stderr)

    return progress


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    # What goes wrong with the index file is printed below as notices, once.
    logging.getLogger("viewer.search").addHandler(logging.NullHandler())
    if not args.folder.is_dir():
        print(f"{PROG}: '{args.folder}' is not a folder", file=sys.stderr)
        return 2
    try:
        query = parse_query(" ".join(args.query))
    except QueryError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    with SearchIndex(args.folder) as index:
        report = BuildReport()
        index.build(_progress(report) if sys.stderr.isatty() else None, None, report)
        for problem in report.problems:
            print(f"{PROG}: {problem}", file=sys.stderr)
        results = index.search(query, args.limit)
        for notice in index.take_notices():
            print(f"{PROG}: {notice}", file=sys.stderr)
    try:
        if results.hits or args.json:
            print(to_json(results) if args.json else to_text(results), flush=True)
    except BrokenPipeError:  # `viewer search … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0 if results.hits else 1
