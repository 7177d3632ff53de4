"""Reading WebVTT and SubRip files, and finding the one that belongs to a video."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core.transcripts import Cue, find_subtitles, parse_transcript, read_transcript

VTT = """WEBVTT
Kind: captions

NOTE a comment block
that spans two lines

intro
00:01.000 --> 00:03.500 align:start position:10%
<v Ana>Hello <b>there</b></v> &amp; welcome

00:00:04.250 --> 00:00:06.000
Second line one
Second line two
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
<i>First</i> {\\an8}cue

2
00:00:04,250 --> 00:00:06,000
Second
"""


def test_webvtt_cues_have_their_times_and_plain_text() -> None:
    subtitles = parse_transcript(VTT)
    assert subtitles.cues == (
        Cue(1.0, 3.5, "Hello there & welcome"),
        Cue(4.25, 6.0, "Second line one\nSecond line two"),
    )
    assert subtitles.problems == ()


def test_subrip_cues_have_their_times_and_plain_text() -> None:
    subtitles = parse_transcript(SRT)
    assert subtitles.cues == (Cue(1.0, 3.5, "First cue"), Cue(4.25, 6.0, "Second"))
    assert subtitles.problems == ()


def test_windows_line_endings_and_a_byte_order_mark_are_read() -> None:
    text = "\ufeff" + SRT.replace("\n", "\r\n")
    assert parse_transcript(text).cues == parse_transcript(SRT).cues


def test_the_cue_at_a_time() -> None:
    subtitles = parse_transcript(SRT)
    assert subtitles.at(0.5) is None
    assert subtitles.at(1.0) == Cue(1.0, 3.5, "First cue")
    assert subtitles.at(3.49) == Cue(1.0, 3.5, "First cue")
    assert subtitles.at(3.5) is None  # the end is exclusive
    assert subtitles.at(5.0) == Cue(4.25, 6.0, "Second")
    assert subtitles.at(60.0) is None


def test_overlapping_cues_show_the_latest_to_start() -> None:
    subtitles = parse_transcript(
        "WEBVTT\n\n00:01.000 --> 00:10.000\nlong\n\n00:02.000 --> 00:03.000\nshort\n"
    )
    assert subtitles.at(2.5) == Cue(2.0, 3.0, "short")
    assert subtitles.at(5.0) == Cue(1.0, 10.0, "long")


def test_bad_cues_are_skipped_and_named_and_the_rest_is_kept() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\ngood\n\n"
        "2\n00:00:0x,000 --> 00:00:02,000\nbad time\n\n"
        "3\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n"
        "just text without a time\n"
    )
    subtitles = parse_transcript(text)
    assert subtitles.cues == (Cue(1.0, 2.0, "good"),)
    assert len(subtitles.problems) == 3
    assert "Line 6" in subtitles.problems[0] and "not a cue time" in subtitles.problems[0]
    assert "ends before it starts" in subtitles.problems[1]
    assert "has no 'start --> end' time" in subtitles.problems[2]


def test_webvtt_keeps_a_cue_that_ends_before_it_starts_as_browsers_do() -> None:
    # SubRip has no rule for it and skips it (above); WebVTT's parser keeps it.
    subtitles = parse_transcript("WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n")
    assert subtitles.cues == (Cue(5.0, 4.0, "backwards"),)


def test_a_file_of_nothing_but_garbage_says_so() -> None:
    subtitles = parse_transcript("This is not a subtitle file\nat all\n")
    assert subtitles.cues == ()
    assert subtitles.problems


def test_many_problems_are_counted_not_listed() -> None:
    text = "\n\n".join(f"{n}\nxx --> yy\ntext" for n in range(30))
    problems = parse_transcript(text).problems
    assert len(problems) == 11
    assert problems[-1] == "… and 20 more cues that could not be read."


def test_a_file_too_large_is_refused_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.core.transcripts import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    path = tmp_path / "long.vtt"
    path.write_text("WEBVTT\n\n" + "00:01.000 --> 00:02.000\nwords\n\n" * 10)
    assert read_transcript(path).problems == (
        "The subtitle file 'long.vtt' is too large (318 bytes).",
    )


@given(st.text())
def test_any_text_gives_cues_or_problems_never_an_exception(text: str) -> None:
    subtitles = parse_transcript(text)
    assert subtitles.cues or subtitles.problems
    assert all(cue.text for cue in subtitles.cues)


def test_a_binary_file_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "clip.srt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert read_transcript(path).problems == ("'clip.srt' is not a text file.",)


def test_a_windows_1252_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "clip.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé\n".encode("cp1252"))
    assert read_transcript(path).cues == (Cue(1.0, 2.0, "Café"),)


def test_a_missing_file_gives_a_problem(tmp_path: Path) -> None:
    problems = read_transcript(tmp_path / "gone.vtt").problems
    assert len(problems) == 1 and "cannot be read" in problems[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "talk.mp4").write_bytes(b"")
    return tmp_path


def test_a_file_beside_the_video_with_the_same_stem_is_found(folder: Path) -> None:
    video = folder / "media" / "talk.mp4"
    assert find_subtitles(video, {}, folder, folder) == (None, [])
    (folder / "media" / "talk.srt").write_text(SRT)
    assert find_subtitles(video, {}, folder, folder) == (folder / "media" / "talk.srt", [])
    (folder / "media" / "talk.vtt").write_text(VTT)
    assert find_subtitles(video, {}, folder, folder) == (folder / "media" / "talk.vtt", [])


def test_front_matter_names_the_file_relative_to_the_note(folder: Path) -> None:
    (folder / "media" / "english.vtt").write_text(VTT)
    meta = {"subtitles": "media/english.vtt"}
    found = find_subtitles(folder / "media" / "talk.mp4", meta, folder, folder)
    assert found == ((folder / "media" / "english.vtt").resolve(), [])
    # Also for a video that is not a local file.
    assert find_subtitles(None, meta, folder, folder)[0] == (folder / "media" / "english.vtt")


@pytest.mark.parametrize(
    ("named", "says"),
    [
        ("../outside.vtt", "points outside the notes folder"),
        ("/etc/passwd", "absolute path"),
        ("media/missing.vtt", "does not exist"),
        ("media/talk.mp4", "is not a .vtt or .srt file"),
        (42, "should be the path of a .vtt or .srt file"),
        ("  ", "should be the path of a .vtt or .srt file"),
    ],
)
def test_front_matter_names_that_cannot_be_used_say_why(
    folder: Path, named: object, says: str
) -> None:
    path, problems = find_subtitles(None, {"subtitles": named}, folder, folder)
    assert path is None
    assert len(problems) == 1 and says in problems[0]
