"""SubRip read as players read it, and a file that is no subtitle file at all."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from viewer.core.transcripts import Cue, parse_transcript, read_transcript
from viewer.core.transcripts.reading import NOT_SUBTITLES

SRT = (
    "1\n00:00:01,000 --> 00:00:03,500\n<i>First</i> {\\an8}cue\n\n"
    '2\n00:00:04,250 --> 00:00:06,000 X1:100 X2:200\n<font color="#fff">Second</font>\n'
    "on two lines\n"
)
EXPECTED = (Cue(1.0, 3.5, "First cue"), Cue(4.25, 6.0, "Second\non two lines"))


def test_numbered_cues_with_comma_decimals_and_tags() -> None:
    read = parse_transcript(SRT)
    assert read.cues == EXPECTED
    assert read.problems == ()


def test_a_point_before_the_milliseconds_short_fractions_and_no_numbers() -> None:
    text = "00:00:01.5 --> 00:00:02.25\none\n\n100:00:00,000 --> 100:00:01,000\ntwo\n"
    assert parse_transcript(text).cues == (Cue(1.5, 2.25, "one"), Cue(360000.0, 360001.0, "two"))


def test_cues_without_a_blank_line_between_them() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n"
    assert parse_transcript(text).cues == (Cue(1.0, 2.0, "one"), Cue(3.0, 4.0, "two"))


def test_a_less_than_sign_that_opens_no_tag_is_text() -> None:
    assert parse_transcript("1\n00:00:01,000 --> 00:00:02,000\na < b\n").cues[0].text == "a < b"


def test_what_cannot_be_read_is_named_by_its_line() -> None:
    text = (
        "just text before any cue\n\n"
        "1\n00:00:01,000 --> 00:00:02,000\ngood\n\n"
        "2\n00:00:0x,000 --> 00:00:02,000\nbad time\n\n"
        "3\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n"
        "4\n00:61:00,000 --> 00:62:00,000\nsixty-one minutes\n"
    )
    read = parse_transcript(text)
    assert read.cues == (Cue(1.0, 2.0, "good"),)
    assert read.problems == (
        "Line 1: 'just text before any cue' has no 'start --> end' time before it; skipped.",
        "Line 8: '00:00:0x,000 --> 00:00:02,000' is not a cue time "
        "(hh:mm:ss,mmm --> hh:mm:ss,mmm); the cue is skipped.",
        "Line 12: the cue ends before it starts; it is skipped.",
        "Line 16: a time on it has 60 minutes or seconds or more; the cue is skipped.",
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("\n", "\r\n").encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its byte order mark
        lambda text: text.encode("cp1252"),
    ],
    ids=["crlf", "utf-8 bom", "utf-16", "cp1252"],
)
def test_files_as_people_have_them(tmp_path: Path, encode: object) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(encode(SRT.replace("First", "Café")))  # type: ignore[operator]
    read = read_transcript(path, "fr")
    assert read.cues[0].text == "Café cue"
    assert (read.file, read.language, read.problems) == (path, "fr", ())


def test_a_file_that_is_neither_format_gets_one_sentence() -> None:
    assert parse_transcript("Dear diary,\ntoday I saw a film.\n").problems == (NOT_SUBTITLES,)
    assert parse_transcript("").problems == ("The file holds no text.",)
    assert parse_transcript("WEBVTT\n\nNOTE nothing here\n").problems == (
        "The file holds no cue with text.",
    )


def test_a_webvtt_file_named_srt_is_read_as_webvtt(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>hi\n", encoding="utf-8")
    assert read_transcript(path).cues == (Cue(1.0, 2.0, "hi"),)
