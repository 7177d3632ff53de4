"""A note's timeline: its video, its timestamps in one convention, its passages, worked out once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.core.conftest import SAMPLE_NOTE
from viewer.core.note import load_note, parse_note
from viewer.core.render import NoteRenderer
from viewer.core.timeline import SEEK_TOLERANCE, NoteTimeline, SeekMark, excerpt
from viewer.core.video import VideoSource

ID = "7-3IxVvWoxc"
YOUTUBE = VideoSource("youtube", ID)


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def note(text: str, tmp_path: Path, name: str = "note.md") -> NoteTimeline:
    return NoteTimeline.of(parse_note(text, tmp_path / name, tmp_path))


def sample() -> NoteTimeline:
    return NoteTimeline.of(load_note(SAMPLE_NOTE, SAMPLE_NOTE.parent))


def test_the_sample_note_written_in_minutes_and_seconds() -> None:
    timeline = sample()
    assert timeline.youtube_id == ID and timeline.video_name == ID
    assert not timeline.convention.true_hours  # 02:43:00 is 2 min 43 s
    assert [stamp.index for stamp in timeline.stamps] == list(range(22))
    first = timeline.stamps[1]
    assert (first.label, first.seconds, first.passage) == ("02:43:00", 163.0, 3)
    assert timeline.stamps[-1].label == "01:00:00" and timeline.stamps[-1].seconds == 60.0
    # Each timestamp belongs to the passage that holds it, as the passages say.
    for passage in timeline.passages:
        held = [stamp for stamp in timeline.stamps if stamp.passage == passage.index]
        assert [(s.seconds, s.label) for s in held] == [
            (moment.seconds, moment.label) for _, moment in passage.timestamps
        ]
    assert timeline.first_seconds == 0.0


def test_a_note_written_in_true_hours() -> None:
    body = f"Early {ts('00:00:33')}.\n\nLater {ts('00:45:00')}.\n\nLast {ts('01:02:00')}.\n"
    timeline = NoteTimeline.of_body(body, YOUTUBE)
    assert timeline.convention.true_hours  # 00:00:33 says so
    assert [stamp.seconds for stamp in timeline.stamps] == [33, 2700, 3720]
    # The other convention reads the same values as minutes and seconds.
    minutes = NoteTimeline.of_body(body.replace("00:00:33", "00:33"), YOUTUBE)
    assert [stamp.seconds for stamp in minutes.stamps] == [33, 45, 62]


def test_a_youtube_note_counts_links_to_its_own_video(tmp_path: Path) -> None:
    text = (
        f"---\nvideoId: {ID}\n---\n"
        f"See [the bet](https://youtu.be/{ID}?t=163) and {ts('03:00')}.\n\n"
        "Another [video](https://youtu.be/dQw4w9WgXcQ?t=99) is only a link.\n"
    )
    timeline = note(text, tmp_path)
    assert timeline.video == YOUTUBE
    assert [(stamp.label, stamp.seconds, stamp.passage) for stamp in timeline.stamps] == [
        ("163", 163.0, 0),
        ("03:00", 180.0, 0),
    ]


def test_a_local_file_note(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "talk one.mp4").write_bytes(b"\0")
    text = (
        "---\nvideo: media/talk one.mp4\n---\n"
        f"Said {ts('00:10')}. A [YouTube link](https://youtu.be/{ID}?t=5) is only a link.\n"
    )
    timeline = note(text, tmp_path)
    assert timeline.video is not None and timeline.video.kind == "file"
    assert timeline.youtube_id is None
    assert timeline.video_name == "talk one.mp4"
    assert [(stamp.label, stamp.seconds) for stamp in timeline.stamps] == [("00:10", 10.0)]


def test_a_note_without_a_video(tmp_path: Path) -> None:
    timeline = note(f"# Notes\n\nSaid {ts('00:10')}, see https://youtu.be/{ID}?t=5.\n", tmp_path)
    assert timeline.video is None and timeline.youtube_id is None and timeline.video_name is None
    assert [stamp.label for stamp in timeline.stamps] == ["00:10"]
    assert NoteTimeline.of_body("No timestamps here.").passage_at(10.0) is None


def test_a_sentence_said_twice_is_two_passages_each_with_its_own_id(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Twice\n---\n"
        f"The same sentence {ts('01:00')}.\n\n"
        "Between.\n\n"
        f"The same sentence {ts('05:00')}.\n"
    )
    timeline = note(text, tmp_path)
    first, second = timeline.stamps
    assert first.passage != second.passage
    assert timeline.passages[first.passage].text == timeline.passages[second.passage].text
    assert timeline.passage_at(60.0) is timeline.passages[first.passage]
    assert timeline.passage_at(400.0) is timeline.passages[second.passage]
    assert [mark.passage for mark in timeline.marks()] == [first.passage, second.passage]
    # The lines of the file they start on (the body starts on line 4).
    assert timeline.line_of(first.passage) == 4
    assert timeline.line_of(second.passage) == 8
    # The page the renderer makes has each one's id on its own block.
    rendered = NoteRenderer().render(
        parse_note(text, tmp_path / "twice.md", tmp_path), "twice.md", lambda _: None
    )
    blocks = re.findall(r'<p data-passage="(\d+)">The same sentence', rendered.html)
    assert blocks == [str(first.passage), str(second.passage)]


def test_the_videos_length_changes_a_three_field_reading() -> None:
    """Rule 3: in true hours 01:30:00 is an hour and a half; a ten-minute video has no such
    time, and minutes and seconds (1 min 30 s) it is."""
    body = f"Early {ts('00:00:33')}.\n\nThen {ts('01:30:00')}.\n\nAfter.\n"
    timeline = NoteTimeline.of_body(body, YOUTUBE)
    assert [stamp.seconds for stamp in timeline.stamps] == [33, 5400]
    assert timeline.changed_by(600.0)
    assert not timeline.changed_by(7200.0)  # long enough: the reading stands
    short = timeline.with_duration(600.0)
    assert short.duration == 600.0
    assert [stamp.seconds for stamp in short.stamps] == [33, 90]
    # The passages' moments follow, the one after the timestamp's passage too.
    assert short.passages[1].moment is not None and short.passages[1].moment.seconds == 90
    assert short.passages[2].moment is not None and short.passages[2].moment.seconds == 90
    assert short.passage_at(100.0) is short.passages[1]
    assert timeline.passage_at(100.0) is timeline.passages[0]
    assert NoteTimeline.of_body(body, YOUTUBE, duration=600.0).stamps == short.stamps
    assert short.with_duration(None).stamps == timeline.stamps
    assert timeline.with_duration(7200.0).stamps == timeline.stamps
    # The page seeks where the timeline says.
    text = f"---\nvideoId: {ID}\n---\n{body}"
    rendered = NoteRenderer().render(parse_note(text, Path("/n/a.md")), "a.md", lambda _: None, 600)
    assert [t.seconds for t in rendered.timestamps] == [33, 90]
    assert rendered.timeline is not None and rendered.timeline.duration == 600
    assert 'href="seek:90"' in rendered.html


def test_the_latest_timestamp_at_a_time() -> None:
    body = (
        f"One {ts('01:00')}.\n\nTwo {ts('02:00')}.\n\n"
        f"A recap of one {ts('01:00')}.\n\nThree {ts('03:00')}.\n"
    )
    timeline = NoteTimeline.of_body(body, YOUTUBE)
    assert timeline.latest_at(59.0) is None  # before the first
    assert timeline.latest_at(60.0) == 0
    assert timeline.latest_at(119.0) == 0  # the first in the note of equal times
    assert timeline.latest_at(150.0) == 1  # the latest by time, not by place in the note
    assert timeline.latest_at(1000.0) == 3
    # A player may report a position just short of the time a click sought to.
    assert timeline.latest_at(120.0 - SEEK_TOLERANCE / 2) == 1
    assert timeline.latest_at(120.0 - SEEK_TOLERANCE * 2) == 0
    assert timeline.passage_at(130.0) is timeline.passages[1]


def test_the_sample_notes_timestamp_said_twice_plays_its_first_passage() -> None:
    timeline = sample()
    twice = [stamp for stamp in timeline.stamps if stamp.label == "42:13:00"]
    assert len(twice) == 2 and twice[0].passage != twice[1].passage
    assert timeline.latest_at(2533.0) == twice[0].index
    at = timeline.passage_at(170.0)  # 2:50: the passage holding [02:43:00]
    assert at is not None and at.index == 3
    assert timeline.passage_at(5000.0) is timeline.passages[12]  # 46:18, the latest before


def test_the_seek_bars_marks() -> None:
    long = " ".join(f"w{n}" for n in range(20))
    body = (
        f"{ts('00:05')} — A short start.\n\n"
        f"- {long} {ts('00:10')}\n"
        f"- item {ts('00:20')} and {ts('00:30')}\n"
    )
    marks = NoteTimeline.of_body(body).marks()
    assert marks == (
        SeekMark(5.0, "00:05", "A short start.", 0, 0),
        SeekMark(10.0, "00:10", " ".join(f"w{n}" for n in range(14)) + " …", 1, 1),
        SeekMark(20.0, "00:20", "item and", 2, 2),
        SeekMark(30.0, "00:30", "item and", 2, 3),
    )
    assert excerpt("") == ""


def test_line_of_counts_from_the_top_of_the_file(tmp_path: Path) -> None:
    text = "---\ntitle: Lines\ntags: [a]\n---\n\nFirst.\n\n- item\n- item two\n"
    timeline = note(text, tmp_path)
    assert [timeline.line_of(p.index) for p in timeline.passages] == [6, 8, 9]
    lines = text.split("\n")
    assert [lines[timeline.line_of(p.index) - 1] for p in timeline.passages] == [
        "First.",
        "- item",
        "- item two",
    ]


@pytest.mark.parametrize("duration", [None, 600.0])
def test_the_renderer_uses_the_timeline_it_is_given(duration: float | None) -> None:
    text = f"---\nvideoId: {ID}\n---\nEarly {ts('00:00:33')}.\n\nThen {ts('01:30:00')}.\n"
    parsed = parse_note(text, Path("/n/a.md"))
    timeline = NoteTimeline.of(parsed, duration)
    rendered = NoteRenderer().render(parsed, "a.md", lambda _: None, timeline=timeline)
    assert rendered.timeline is timeline
    assert [(t.label, t.seconds) for t in rendered.timestamps] == [
        (stamp.label, stamp.seconds) for stamp in timeline.stamps
    ]
    ids = [int(n) for n in re.findall(r'data-passage="(\d+)"', rendered.html)]
    assert ids == [passage.index for passage in timeline.passages]


def test_the_next_and_previous_timestamp_of_a_time(tmp_path: Path) -> None:
    body = (
        f"---\nvideoId: {ID}\n---\nA {ts('00:05')}.\n\nB {ts('00:20')} and {ts('00:20')}.\n\n"
        f"C {ts('00:12')}.\n\nD {ts('00:30')}.\n"
    )
    timeline = note(body, tmp_path)
    # In time, not in the note: 5, 12, 20 (twice), 30.
    assert [timeline.next_after(t).seconds for t in (0.0, 5.0, 5.04, 12.0)] == [
        5.0, 12.0, 12.0, 20.0,
    ]  # fmt: skip
    # Of equal times, the first in the note.
    assert timeline.next_after(13.0).index == 1
    assert timeline.next_after(30.0) is None
    assert timeline.previous_before(5.0) is None
    assert timeline.previous_before(20.0).seconds == 12.0
    assert timeline.previous_before(25.0).index == 1
    # A timestamp's passage plays from its time to the next later one; the last to the end.
    assert timeline.span_of(0) == (5.0, 12.0)
    assert timeline.span_of(1) == (20.0, 30.0)
    assert timeline.span_of(2) == (20.0, 30.0)
    assert timeline.span_of(4) == (30.0, None)
