"""Where a note's video comes from: ``videoId`` or ``video`` in its front matter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core.conftest import WriteNote, messages
from viewer.core.note import load_note
from viewer.core.video import VideoSource

ID = "7-3IxVvWoxc"


def video_of(
    write: WriteNote, notes_dir: Path, yaml: str, name: str = "sub/note.md"
) -> tuple[VideoSource | None, tuple[str, ...]]:
    note = load_note(write(name, f"---\n{yaml}\n---\nBody\n"), notes_dir)
    return note.video, tuple(messages(note.problems))


@pytest.mark.parametrize(
    "yaml",
    [
        f"videoId: {ID}",
        f"videoId: '{ID}'",
        f"videoId: '  {ID}  '",
        f"video: https://www.youtube.com/watch?v={ID}",
        f"video: https://www.youtube.com/watch?v={ID}&t=10",
        f"video: https://youtu.be/{ID}",
        f"video: https://www.youtube.com/embed/{ID}",
        f"video: https://www.youtube.com/shorts/{ID}",
        f"video: '  https://m.youtube.com/watch?v={ID}  '",
    ],
)
def test_youtube_ids_and_urls_give_a_youtube_video(
    write: WriteNote, notes_dir: Path, yaml: str
) -> None:
    assert video_of(write, notes_dir, yaml) == (VideoSource("youtube", ID), ())


@pytest.mark.parametrize(
    ("yaml", "shown"),
    [
        ("videoId: 7-3IxVvWox", "'7-3IxVvWox'"),
        ("videoId: 7-3IxVvWoxcX", "'7-3IxVvWoxcX'"),
        ('videoId: "abc\'); alert(1); //"', "'abc'); alert(1); //'"),
        ('videoId: "<script>x</script>"', "'<script>x</script>'"),
        (f"videoId: '{ID}?autoplay=1'", f"'{ID}?autoplay=1'"),
        (f"videoId: https://youtu.be/{ID}", f"'https://youtu.be/{ID}'"),
        ("videoId: 12345", "12345"),
        ("videoId: [a, b]", "['a', 'b']"),
        ("videoId: true", "True"),
        ("videoId:", "None"),
    ],
)
def test_an_invalid_video_id_is_reported_and_never_used(
    write: WriteNote, notes_dir: Path, yaml: str, shown: str
) -> None:
    video, problems = video_of(write, notes_dir, yaml)
    assert video is None
    assert problems == (
        f"videoId {shown} is not a YouTube video id (11 letters, digits, '-' or '_'); "
        "no video is shown.",
    )


def test_a_long_invalid_video_id_is_cut_in_the_problem(write: WriteNote, notes_dir: Path) -> None:
    _, problems = video_of(write, notes_dir, f"videoId: {'x' * 200}")
    assert f"'{'x' * 40}'" in problems[0]
    assert "x" * 41 not in problems[0]


def test_a_local_file_is_found_relative_to_the_note(write: WriteNote, notes_dir: Path) -> None:
    clip = write("sub/media/clip one.webm", b"\x1aE\xdf\xa3")
    for yaml in ("video: media/clip one.webm", "video: ./media/clip one.webm",
                 "video: media/clip%20one.webm", "video: media\\clip one.webm",
                 "video: ../sub/media/clip one.webm"):  # fmt: skip
        assert video_of(write, notes_dir, yaml) == (VideoSource("file", str(clip.resolve())), ())


def test_a_missing_local_file_is_reported(write: WriteNote, notes_dir: Path) -> None:
    video, problems = video_of(write, notes_dir, "video: media/missing.webm")
    assert video is None
    assert problems == ("The video file 'media/missing.webm' does not exist.",)


@pytest.mark.parametrize(
    "value",
    ["../../outside.webm", "../../../etc/passwd", "/etc/passwd", "%2e%2e/%2e%2e/outside.webm",
     "C:\\Windows\\clip.webm", "\\\\server\\share\\clip.webm"],
)  # fmt: skip
def test_a_video_file_outside_the_folder_is_refused(
    write: WriteNote, notes_dir: Path, value: str
) -> None:
    (notes_dir.parent / "outside.webm").write_bytes(b"x")
    video, problems = video_of(write, notes_dir, f"video: '{value}'")
    assert video is None
    assert len(problems) == 1
    assert problems[0].startswith("The video file is refused: ")


def test_a_video_file_through_a_link_out_of_the_folder_is_refused(
    write: WriteNote, notes_dir: Path
) -> None:
    outside = notes_dir.parent / "outside.webm"
    outside.write_bytes(b"x")
    os.symlink(outside, write("sub/placeholder", "").parent / "clip.webm")
    video, problems = video_of(write, notes_dir, "video: clip.webm")
    assert video is None
    assert "outside the notes folder" in problems[0]


@pytest.mark.parametrize(
    "url",
    ["https://example.com/media/talk.mp4", "http://example.com/a.webm?x=1#t=5",
     "HTTPS://EXAMPLE.COM/A.MP4"],
)  # fmt: skip
def test_an_http_media_url_is_a_url_video(write: WriteNote, notes_dir: Path, url: str) -> None:
    assert video_of(write, notes_dir, f"video: '{url}'") == (VideoSource("url", url), ())


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "JavaScript:alert(1)", "data:video/mp4;base64,AAAA",
     "file:///etc/passwd", "ftp://example.com/a.mp4", "vbscript:x"],
)  # fmt: skip
def test_other_schemes_are_ignored_and_reported(
    write: WriteNote, notes_dir: Path, value: str
) -> None:
    video, problems = video_of(write, notes_dir, f"video: '{value}'")
    assert video is None
    assert len(problems) == 1
    assert "is not http(s) or a file; it is ignored." in problems[0]


@pytest.mark.parametrize("yaml", ["video: 42", "video: [a, b]", "video: ''", "video: {a: 1}"])
def test_a_video_that_is_not_text_is_reported(write: WriteNote, notes_dir: Path, yaml: str) -> None:
    assert video_of(write, notes_dir, yaml) == (
        None,
        ("'video' should be a YouTube link, a media URL or a file path; it is ignored.",),
    )


def test_no_video_is_no_problem(write: WriteNote, notes_dir: Path) -> None:
    assert video_of(write, notes_dir, "title: T") == (None, ())


def test_video_id_comes_before_video(write: WriteNote, notes_dir: Path) -> None:
    yaml = f"videoId: {ID}\nvideo: https://example.com/other.mp4"
    assert video_of(write, notes_dir, yaml) == (VideoSource("youtube", ID), ())


@pytest.mark.parametrize(
    ("source", "at", "url"),
    [
        (VideoSource("youtube", ID), None, f"https://www.youtube.com/watch?v={ID}"),
        (VideoSource("youtube", ID), 163.7, f"https://www.youtube.com/watch?v={ID}&t=163s"),
        (VideoSource("url", "https://e.com/a.mp4"), 5, "https://e.com/a.mp4"),
        (VideoSource("file", "/notes/a.webm"), 5, None),
    ],
)
def test_watch_url(source: VideoSource, at: float | None, url: str | None) -> None:
    assert source.watch_url(at) == url


def test_an_id_of_eleven_digits_is_an_id_even_though_yaml_reads_a_number(
    write: WriteNote, notes_dir: Path
) -> None:
    video, problems = video_of(write, notes_dir, "videoId: 12345678901")
    assert video == VideoSource("youtube", "12345678901")
    assert problems == ()


def test_a_bad_video_id_gives_way_to_a_good_video_field(write: WriteNote, notes_dir: Path) -> None:
    video, problems = video_of(write, notes_dir, f"videoId: nope\nvideo: https://youtu.be/{ID}")
    assert video == VideoSource("youtube", ID)
    assert problems == (
        "videoId 'nope' is not a YouTube video id (11 letters, digits, '-' or '_'); "
        "the 'video' field is used instead.",
    )
