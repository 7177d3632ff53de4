"""A note's rows in the index, read the short way, say what its passages say: the same text,
the same timestamps, the same moment for every word."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from benchmarks import generate
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from tests.core.conftest import SAMPLES as CORE_SAMPLES
from viewer.core.folder import scan
from viewer.core.note import load_note
from viewer.core.passages import Passage, passages_of, read_body
from viewer.core.search.plain_notes import (
    MARK,
    NOT_MARK,
    Marked,
    marked_passages,
    plain_passages,
    unmark,
)
from viewer.core.search.rows import NoteRows, moment_of, read_note

VIDEO_ID = "7-3IxVvWoxc"
Seen = tuple[int, str, str | None, tuple[object, ...], object]


def from_passages(passages: list[Passage]) -> list[Seen]:
    return [(p.index, p.text, p.section, p.timestamps, p.before) for p in passages]


def from_rows(rows: NoteRows) -> list[Seen]:
    """The passages as a search hit sees them: each row's text, and the moment of each
    timestamp's place in it (the one that stands there) and of its start before them."""
    stamps = rows.stamps.split("\n") if rows.stamps else []
    seen = []
    for text, index, start, first, last, section, shown, unspaced in rows.rows:
        assert start == 0 and isinstance(section, str)
        plain, offsets = unmark(unspaced or shown or text)
        moments = tuple(
            (at, moment_of(offsets, at, first, last, stamps, rows.true_hours)) for at in offsets
        )
        before = moment_of([], 0, first, first - 1, stamps, rows.true_hours)
        seen.append((index, plain, section or None, moments, before))
    return seen


def same_as_read_in_full(marked: Marked, body: str, video_id: str | None) -> None:
    reading = read_body(body, video_id)
    expected = []
    values = iter(reading.values)
    for passage in reading.passages:
        found = [(at, moment.label, next(values)) for at, moment in passage.timestamps]
        expected.append((passage.kind, passage.text.replace(MARK, NOT_MARK), found))
    got = []
    labels = iter(zip(marked.labels, marked.values, strict=True))
    for kind, text in marked.passages:
        plain, offsets = unmark(text)
        found = []
        for at in offsets:
            label, value = next(labels)
            found.append((at, label.split("\x1f")[0], value))
        got.append((kind, plain, found))
    assert got == expected


def check_folder(root: Path) -> int:
    """Every note of ``root``: its rows read the short way and in full (a front matter read
    whole, as when its transcripts are looked for) against its passages; how many notes were
    read the short way."""
    short = 0
    for path in scan(root).files:
        note = load_note(root / path, root)
        expected = (note.title, from_passages(passages_of(note)))
        quick = read_note(root, path)
        whole = read_note(root, path, frozenset({"none"}) if not quick.named else frozenset())
        assert quick is not None and whole is not None
        for rows in (quick, whole):
            assert (rows.title, from_rows(rows)) == expected, path
            assert rows.tags == whole.tags
        short += plain_passages(note.body, note.video.value if note.video else None) is not None
    return short


def test_the_bundled_notes_and_the_sample(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    shutil.copytree(SAMPLES, root)
    shutil.copy(CORE_SAMPLES / "model_architectures_in_ai.md", root / "sample.md")
    assert check_folder(root) >= 1  # the sample is plain


def test_a_generated_folder_is_read_the_short_way(tmp_path: Path) -> None:
    generate.generate_folder(tmp_path / "notes", 300)
    assert check_folder(tmp_path / "notes") == 300


def ts(value: str, written: str | None = None) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{written or value}]</a>'


PIECES = [
    "words",
    "more words here",
    " ",
    "  ",
    "\t",
    "\xa0",
    "\n",
    "\n\n",
    "\n \n",
    ".",
    ts("02:43:00"),
    ts("00:00:33"),
    ts("1:05"),
    ts("3:07:00"),
    ts("nonsense", "0:42"),
    ts("9:99"),
    '<a class="yt-timestamp"  data-t="1:00">[1:00]</a>',
    f"[a link](https://youtu.be/{VIDEO_ID}?t=95)",
    "[other](https://example.com/x)",
    "[[target]]",
    "[[target|shown text]]",
    "[[ spaced  target ]]",
    "[[stem#Heading|alias]]",
    "[[stem#Heading]]",
    "[[#]]",
    "[[]]",
    "[[C#]]",
    "![[embedded]]",
    "[[x|C#]]",
    "<br/>",
    "<br>",
    "<span>",
    "**bold**",
    "*",
    "__",
    "`code`",
    "`" + ts("0:12") + "`",
    "&amp;",
    "# ",
    "## Heading ",
    " #",
    "- ",
    "1. ",
    "2024 ",
    "> ",
    "---",
    "===",
    "```",
    "| a | b |\n|---|---|\n",
    "[^1]: ",
    "#tag",
    "\x00",
    "\x02",
    "東京",
    "Café",
]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=24))
def test_any_markdown_read_the_short_way_reads_as_in_full(pieces: list[str]) -> None:
    read_both_ways("".join(pieces))


@pytest.mark.parametrize(
    "body",
    [
        "# # <br/>",  # the heading "#": its last "#" is not a closing one (the break follows)
        "## Notes on C# <br/>",
        "# Title #\t<br>\n\nText.",
        "Learning C# <br/>\n\n# Next",
    ],
)
def test_a_hash_before_a_closing_break_is_read_as_in_full(body: str) -> None:
    read_both_ways(body)


def read_both_ways(body: str) -> None:
    for video_id in (None, VIDEO_ID):
        plain = plain_passages(body, video_id)
        if plain is not None:
            same_as_read_in_full(plain, body, video_id)
        same_as_read_in_full(marked_passages(body, video_id), body, video_id)


@pytest.mark.parametrize(
    "body",
    [
        f"Text {ts('1:00')} and more.\n\n## Head {ts('2:00')} ##\n",
        f"{ts('1:00')} starts it\n",
        f"ends it **{ts('1:00')}**\n",
        f"From: [[x]] <br/> {ts('0:05')}\nnext line\n",
    ],
)
def test_a_mark_stands_where_the_timestamp_stood(body: str) -> None:
    marked = plain_passages(body)
    assert marked is not None
    assert all(MARK in text for _kind, text in marked.passages if "1:00" in body)
    same_as_read_in_full(marked, body, None)
