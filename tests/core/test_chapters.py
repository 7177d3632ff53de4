"""A note's chapters: its headings, each from the first timestamp of its section."""

from __future__ import annotations

from pathlib import Path

from viewer.core.chapters import Chapter, Chapters
from viewer.core.note import parse_note
from viewer.core.timeline import NoteTimeline


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def timeline(body: str, tmp_path: Path, front: str = "videoId: 7-3IxVvWoxc") -> NoteTimeline:
    return NoteTimeline.of(parse_note(f"---\n{front}\n---\n{body}", tmp_path / "n.md", tmp_path))


BODY = (
    "Before any heading {a}.\n\n"
    "## Opening\n\nNo time here.\n\nThen it starts {b}, goes on {c}.\n\n"
    "## Nothing timed\n\nJust words.\n\n"
    "### The middle {d}\n\nMore {e}.\n\n"
    "## Same moment\n\nAgain {d2}.\n\n"
    "## End\n\n- a list item {f}\n"
).format(
    a=ts("00:02"), b=ts("00:10"), c=ts("00:15"), d=ts("00:30"), e=ts("00:35"),
    d2=ts("00:30"), f=ts("01:00"),
)  # fmt: skip


def test_each_heading_starts_at_its_sections_first_timestamp(tmp_path: Path) -> None:
    chapters = Chapters.of(timeline(BODY, tmp_path))
    assert [(c.title, c.start) for c in chapters] == [
        ("Opening", 10.0),
        # A heading's own timestamp counts; its anchor is not part of its title.
        ("The middle", 30.0),
        # "Nothing timed" has no timestamp: no chapter. "Same moment" starts where "The
        # middle" does: the first in the note keeps that moment.
        ("End", 60.0),
    ]
    # Each chapter knows its heading's passage, as the page numbers it.
    tl = timeline(BODY, tmp_path)
    for chapter in chapters:
        assert tl.passages[chapter.passage].kind == "heading"
        assert tl.passages[chapter.passage].text == chapter.title


def test_the_chapter_of_a_time_and_the_next_and_previous(tmp_path: Path) -> None:
    chapters = Chapters.of(timeline(BODY, tmp_path))
    assert chapters.at(5.0) is None  # before the first chapter
    assert chapters.at(9.97) is not None  # a seek lands a little short: counted as there
    assert chapters.at(29.0) == chapters.chapters[0] == Chapter("Opening", 10.0, 1)
    assert [chapters.after(t).title for t in (0.0, 10.0, 30.02)] == [
        "Opening", "The middle", "End",
    ]  # fmt: skip
    assert chapters.after(60.0) is None
    assert chapters.before(10.0) is None
    assert chapters.before(31.0).title == "The middle"
    opening = chapters.chapters[0]
    assert chapters.end_of(opening) == 30.0
    assert chapters.end_of(chapters.chapters[-1]) is None  # to the end of the video


def test_chapters_follow_the_video_when_a_section_cites_an_earlier_moment(
    tmp_path: Path,
) -> None:
    body = f"## Summary\n\nIn short {ts('00:40')}.\n\n## Start\n\nFirst {ts('00:05')}.\n"
    chapters = Chapters.of(timeline(body, tmp_path))
    assert [(c.title, c.start) for c in chapters] == [("Start", 5.0), ("Summary", 40.0)]


def test_a_note_without_headings_or_video_has_no_chapters(tmp_path: Path) -> None:
    assert not Chapters.of(timeline(f"Just text {ts('00:05')}.\n", tmp_path))
    assert not Chapters.of(timeline(f"## A\n\nText {ts('00:05')}.\n", tmp_path, "title: x"))
    assert not Chapters.of(None)
