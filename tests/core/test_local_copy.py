"""A note's local copy beside its YouTube video: the pairing, which plays, what the pane says,
and what the check says about the two lengths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from tests.core.conftest import WriteNote
from viewer.core.local_copy import (
    LocalCopy,
    duration_of,
    fallback_notice,
    length_problems,
    which_plays,
)
from viewer.core.note import load_note
from viewer.core.problems import Kind
from viewer.core.transcripts import transcript_files
from viewer.core.video import VideoSource

CLIP = REPO / "tests" / "data" / "media" / "clock-h264.mp4"


def _copy(written: str = "media/talk.mp4", duration: float | None = None) -> LocalCopy:
    return LocalCopy(VideoSource("file", f"/notes/{written}"), written, duration)


def test_a_note_with_an_id_and_a_file_plays_youtube_with_the_file_as_its_copy(
    write: WriteNote, notes_dir: Path
) -> None:
    write("media/talk.mp4", CLIP.read_bytes())
    note = load_note(
        write("talk.md", "---\nvideoId: 7-3IxVvWoxc\nvideo: media/talk.mp4\n---\nBody\n"),
        notes_dir,
    )
    # The id wins, as it always has: links, moment links and transcripts go by it.
    assert note.video == VideoSource("youtube", "7-3IxVvWoxc")
    assert note.local_copy is not None
    assert note.local_copy.source == VideoSource(
        "file", str((notes_dir / "media" / "talk.mp4").resolve())
    )
    assert note.local_copy.written == "media/talk.mp4"
    assert note.problems == ()


@pytest.mark.parametrize(
    ("front", "copy"),
    [
        ("video: media/talk.mp4", False),  # no id: the file is the video, not a copy
        ("videoId: nope\nvideo: media/talk.mp4", False),  # a bad id: the file is the video
        ("videoId: 7-3IxVvWoxc", False),
        ("videoId: 7-3IxVvWoxc\nvideo: https://youtu.be/7-3IxVvWoxc", False),  # said twice
        ("videoId: 7-3IxVvWoxc\nvideo: https://example.com/talk.mp4", False),  # not a copy
    ],
)
def test_only_a_file_beside_a_valid_id_is_a_copy(
    write: WriteNote, notes_dir: Path, front: str, copy: bool
) -> None:
    write("media/talk.mp4", CLIP.read_bytes())
    note = load_note(write("talk.md", f"---\n{front}\n---\nBody\n"), notes_dir)
    assert (note.local_copy is not None) is copy
    assert [p for p in note.problems if p.kind is not Kind.VIDEO] == []
    assert note.video is not None


@pytest.mark.parametrize(
    ("video", "message"),
    [
        (
            "media/gone.mp4",
            "The video file 'media/gone.mp4' does not exist; the YouTube video plays without a "
            "local copy.",
        ),
        (
            "../outside.mp4",
            "The video file is refused: ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "'video' names another YouTube video (dQw4w9WgXcQ) than videoId (7-3IxVvWoxc); the "
            "videoId is played.",
        ),
        ("[1, 2]", "'video' beside a videoId should be the path of a local copy; it is ignored."),
    ],
)
def test_a_copy_that_cannot_be_used_is_a_warning_on_its_line_and_youtube_plays(
    write: WriteNote, notes_dir: Path, video: str, message: str
) -> None:
    note = load_note(
        write("talk.md", f"---\ntitle: T\nvideoId: 7-3IxVvWoxc\nvideo: {video}\n---\nBody\n"),
        notes_dir,
    )
    assert note.video == VideoSource("youtube", "7-3IxVvWoxc")
    assert note.local_copy is None and note.video_problem is None
    [problem] = note.problems
    assert (problem.kind, problem.line, problem.is_error) == (Kind.LOCAL_COPY, 4, False)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2533", 2533.0), ("42:13", 2533.0), ("'42:13'", 2533.0), ("'1:02:33'", 3753.0),
     ("PT42M13S", 2533.0), ("'2533.5'", 2533.5), ("~", None)],
)  # fmt: skip
def test_the_notes_duration_is_read_in_the_forms_generators_write(
    write: WriteNote, notes_dir: Path, value: str, seconds: float | None
) -> None:
    write("media/talk.mp4", CLIP.read_bytes())
    note = load_note(
        write(
            "talk.md",
            f"---\nvideoId: 7-3IxVvWoxc\nvideo: media/talk.mp4\nduration: {value}\n---\n",
        ),
        notes_dir,
    )
    assert note.local_copy is not None
    assert note.local_copy.duration == seconds
    assert note.problems == ()
    assert "duration" in note.properties  # still shown to the reader


@pytest.mark.parametrize("value", ["soon", "-5", "0", "true", "[1]"])
def test_a_duration_that_is_not_a_length_is_a_warning(value: str) -> None:
    seconds, why = duration_of({"duration": yaml.safe_load(value)})
    assert seconds is None
    assert why is not None and why.startswith("'duration'") and "is not a length" in why


def test_a_duration_made_of_aliases_is_not_written_out() -> None:
    # Nine levels of ten aliases each: a billion items as text.
    laughs = "a0: &a0 [x]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10)
    )
    meta = yaml.safe_load(laughs + "duration: *a9\n")
    seconds, why = duration_of(meta)
    assert seconds is None
    assert why == (
        "'duration' is not a length such as 42:13 or 2533 (seconds); the local copy's length "
        "is not compared with it."
    )


def test_the_copy_plays_when_chosen_or_when_youtube_fails_for_any_reason() -> None:
    assert which_plays(copy_chosen=False, youtube_failure=None) == "youtube"
    assert which_plays(copy_chosen=True, youtube_failure=None) == "copy"
    for failure in ("offline", "embed-blocked", "identity", "not-found", "unplayable"):
        assert which_plays(copy_chosen=False, youtube_failure=failure) == "copy"


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        ("offline", "YouTube can't be reached — playing the local copy media/talk.mp4"),
        ("embed-blocked", "YouTube doesn't allow this video to play here — playing the local "
                          "copy media/talk.mp4"),
        ("identity", "YouTube refused to play this video here — playing the local copy "
                     "media/talk.mp4"),
        ("not-found", "YouTube no longer has this video — playing the local copy media/talk.mp4"),
        ("unplayable", "YouTube can't play this video here — playing the local copy "
                       "media/talk.mp4"),
    ],
)  # fmt: skip
def test_the_pane_says_why_the_copy_plays(failure: str, said: str) -> None:
    assert fallback_notice(failure, _copy()) == said


def test_the_copy_is_compared_with_the_notes_duration_when_it_has_one() -> None:
    assert length_problems(_copy(duration=2533), 2533.4, 2400) == []
    assert length_problems(_copy(duration=2533), 2530.0, None) == []  # within three seconds
    assert length_problems(_copy(duration=2533), 2461.0, None) == [
        "The local copy media/talk.mp4 is 41:01 long, the video 42:13 (its duration): 72 s "
        "apart, so the note's times may land elsewhere in the copy."
    ]
    # A copy longer than the video is as far from it.
    assert len(length_problems(_copy(duration=60), 70.0, None)) == 1


def test_without_a_duration_the_copy_must_reach_the_notes_last_timestamp() -> None:
    assert length_problems(_copy(), 2461.0, 2460.0) == []
    assert length_problems(_copy(), 2461.0, 2463.0) == []  # within three seconds
    assert length_problems(_copy(), 2461.0, None) == []  # no timestamps: nothing to compare
    assert length_problems(_copy(), 2461.0, 2533.0) == [
        "The note's last timestamp, 42:13, is past the end of the local copy media/talk.mp4 "
        "(41:01): the copy may be cut short, or of another cut of the video."
    ]


def test_a_copy_whose_length_is_unknown_is_not_compared() -> None:
    assert length_problems(_copy(duration=10), None, 9999) == []


def test_transcripts_beside_the_copy_are_the_notes_too(write: WriteNote, notes_dir: Path) -> None:
    shutil.copy(CLIP, notes_dir / "talk.mp4")
    write("talk.en.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n")
    write("transcripts/Talk [7-3IxVvWoxc].ja.vtt", "WEBVTT\n")
    note = load_note(
        write("talk.md", "---\nvideoId: 7-3IxVvWoxc\nvideo: talk.mp4\n---\n"), notes_dir
    )
    files, problems = transcript_files(
        note, notes_dir, ["talk.en.vtt", "transcripts/Talk [7-3IxVvWoxc].ja.vtt"]
    )
    assert problems == []
    assert [(file.path.name, file.language) for file in files] == [
        ("talk.en.vtt", "en"),
        ("Talk [7-3IxVvWoxc].ja.vtt", "ja"),
    ]
