"""The ``viewer`` command: the desktop app, ``viewer check``, ``viewer search``,
``viewer transcript`` and ``viewer --smoke-test``."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from viewer import __version__
from viewer.core.opening import SCHEME
from viewer.usage import Parser


def _check_parser() -> Parser:
    parser = Parser(
        prog="viewer check",
        description="Check a notes folder, or one note within its folder: titles, videos, "
        "timestamps, links and transcripts, without a window. Exit status: 0 when no note has "
        "an error (warnings alone do not fail), 1 when one has (or a warning, with --strict), "
        "2 for a usage error.",
    )
    parser.add_argument(
        "folder", type=Path, metavar="PATH", help="the notes folder, or a note in it, to check"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--problems-only", action="store_true", help="list only the notes that have problems"
    )
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    return parser


def _app_parser() -> Parser:
    parser = Parser(
        prog="viewer",
        usage="%(prog)s [-h] [--new-window] [--smoke-test] [--version] [path]\n"
        "       %(prog)s check PATH [--json] [--problems-only] [--strict]\n"
        "       %(prog)s search FOLDER QUERY [QUERY ...] [--json] [--limit N]\n"
        "       %(prog)s transcript NOTE [--json] [--language LANG]",
        description="Read Markdown notes about videos beside the video.",
        epilog="Without a window: 'viewer check PATH' checks a notes folder, or one note; "
        "'viewer search FOLDER QUERY' searches the notes of a folder, each hit with the "
        "time in the video it belongs to; 'viewer transcript NOTE' prints what was said in "
        "a note's video, from the transcript beside it (see 'viewer check --help', "
        "'viewer search --help', 'viewer transcript --help').",
    )
    parser.add_argument(
        "path",
        nargs="?",
        help="a notes folder, or a note to open in its folder; or a link to a moment of a "
        f"note's video ({SCHEME}://open?path=NOTE&t=SECONDS)",
    )
    parser.add_argument(
        "--new-window",
        action="store_true",
        help="open a window of its own, even when the app is running already (else the "
        "running window opens PATH)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start headless, play the video of PATH (a note; the bundled test-pattern note "
        "without one), seek to its first timestamp, say where it landed, exit 0 if it works",
    )
    parser.add_argument("--version", action="version", version=f"viewer {__version__}")
    return parser


def check(argv: Sequence[str]) -> int:
    from viewer.core.check import check_folder, report_json, report_text
    from viewer.core.folder import is_note_file

    args = _check_parser().parse_args(argv)
    target: Path = args.folder
    only = None
    if is_note_file(target):  # one note, checked within its folder as `viewer NOTE.md` opens it
        target, only = target.parent, target.name
    elif not target.is_dir():
        print(f"viewer check: '{args.folder}' is not a folder or a note", file=sys.stderr)
        return 2
    try:
        report = check_folder(target, only)
    except OSError as error:
        print(f"viewer check: '{args.folder}' cannot be read: {error.strerror}", file=sys.stderr)
        return 2
    if args.problems_only:
        report = report.with_problems_only()
    if args.json:
        for problem in report.folder_problems:
            print(f"viewer check: {problem}", file=sys.stderr)
        for warning in report.folder_warnings:
            print(f"viewer check: warning: {warning}", file=sys.stderr)
    try:
        text = report_json(report) if args.json else report_text(report, args.problems_only)
        print(text, flush=True)
    except BrokenPipeError:  # `viewer check … | head`: the reader has all it wanted
        # Python would flush stdout again at exit and fail again: point it at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return report.exit_status(args.strict)


def program() -> int:
    """The process's entry (the ``viewer`` command, ``python -m viewer``, the bundle): SQLite
    set up for this process before any connection is opened, then :func:`main`."""
    from viewer.core.sqlite_memory import stop_counting_memory

    stop_counting_memory()
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["index-folder"], ["index-search"]):  # its own child (core.in_child)
        from viewer.core.in_child import main as in_child

        return in_child(argv[0], argv[1:])
    if argv[:1] == ["check"]:
        return check(argv[1:])
    if argv[:1] == ["search"]:
        from viewer.search_cli import main as search

        return search(argv[1:])
    if argv[:1] == ["transcript"]:
        from viewer.transcript_cli import main as transcript

        return transcript(argv[1:])
    args = _app_parser().parse_args(argv)
    if args.smoke_test:
        from viewer.app.smoke import run_smoke_test

        return run_smoke_test(None if args.path is None else Path(args.path))
    from viewer.core.opening import OpeningError, read_opening

    try:
        opening = None if args.path is None else read_opening(args.path)
    except OpeningError as error:
        print(f"viewer: {error}", file=sys.stderr)
        return 2
    from viewer.app.application import run

    return run(opening, new_window=args.new_window)
