"""The length of a video file read from its container's header: MP4 and Matroska/WebM; any
other file, or a damaged one, has no length rather than a wrong one."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SAMPLES
from viewer.core.media_length import media_length

MEDIA = REPO / "tests" / "data" / "media"


@pytest.mark.parametrize(
    ("path", "seconds"),
    [
        (MEDIA / "clock-h264.mp4", 20.0),
        (MEDIA / "ticks.m4a", 20.0),
        (MEDIA / "clock-vp9.webm", 20.008),
        (MEDIA / "clock-av1.webm", 20.008),
        (MEDIA / "clock-hevc.mkv", 20.021),
        (SAMPLES / "media" / "test-pattern.webm", 40.008),
    ],
)
def test_the_clips_lengths_are_read_from_their_headers(path: Path, seconds: float) -> None:
    # The lengths FFmpeg gives for the same files (ffprobe: format duration).
    assert media_length(path) == pytest.approx(seconds, abs=0.001)


@pytest.mark.parametrize(
    "path", [MEDIA / "ticks.mp3", MEDIA / "damaged.mp4", MEDIA / "clock-h264.vtt"]
)
def test_a_file_of_another_kind_or_damaged_has_no_length(path: Path) -> None:
    assert media_length(path) is None


def test_a_missing_file_or_a_folder_has_no_length(tmp_path: Path) -> None:
    assert media_length(tmp_path / "gone.mp4") is None
    assert media_length(tmp_path) is None


@pytest.mark.parametrize("name", ["clock-h264.mp4", "clock-vp9.webm"])
def test_a_file_cut_short_has_no_length_or_its_own(tmp_path: Path, name: str) -> None:
    data = (MEDIA / name).read_bytes()
    for cut in (4, 40, 400, len(data) // 2):
        path = tmp_path / name
        path.write_bytes(data[:cut])
        assert media_length(path) in (None, pytest.approx(media_length(MEDIA / name)))


def _box(kind: bytes, content: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(content), kind) + content


def test_a_fragmented_mp4_gives_the_length_of_its_fragments(tmp_path: Path) -> None:
    # mvhd version 0 with no duration (0), and mvex/mehd holding 90 s at 1000 units a second.
    mvhd = _box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, 0) + bytes(80))
    mehd = _box(b"mehd", bytes(4) + struct.pack(">I", 90_000))
    moov = _box(b"moov", mvhd + _box(b"mvex", mehd))
    path = tmp_path / "fragmented.mp4"
    path.write_bytes(_box(b"ftyp", b"isom" + bytes(4)) + moov)
    assert media_length(path) == 90.0


def test_an_mp4_whose_header_comes_last_is_read(tmp_path: Path) -> None:
    # Not "fast start": the movie's data first, its header after it.
    mvhd = _box(b"mvhd", b"\x01" + bytes(3) + bytes(16) + struct.pack(">IQ", 600, 600 * 75))
    path = tmp_path / "late.mov"
    path.write_bytes(_box(b"ftyp", b"qt  " + bytes(4)) + _box(b"mdat", bytes(5000)) +
                     _box(b"moov", mvhd))  # fmt: skip
    assert media_length(path) == 75.0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"\x1a\x45\xdf\xa3", b"\x00\x00\x00\x18ftyp"]))
def test_any_bytes_give_a_length_or_none_never_an_error(data: bytes, head: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x"
        path.write_bytes(head + data)
        seconds = media_length(path)
    assert seconds is None or 0 < seconds <= 7 * 24 * 3600
