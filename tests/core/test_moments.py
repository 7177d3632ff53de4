"""Links to a moment: YouTube's short link, or an anchor in the note's own convention."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.core.moments import moment_link, three_fields
from viewer.core.timecode import Convention, parse
from viewer.core.video import VideoSource

MINUTES = 'Said <a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a>.'
HOURS = 'Early <a class="yt-timestamp" data-t="00:00:33">[00:00:33]</a>.'


def test_a_youtube_moment_is_the_short_link_with_its_time() -> None:
    video = VideoSource("youtube", "7-3IxVvWoxc")
    assert moment_link(video, 163.9, MINUTES) == "https://youtu.be/7-3IxVvWoxc?t=163"


@pytest.mark.parametrize(
    ("body", "seconds", "anchor"),
    [
        (MINUTES, 163, '<a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a>'),
        (HOURS, 163, '<a class="yt-timestamp" data-t="00:02:43">[00:02:43]</a>'),
        (MINUTES, 3600, '<a class="yt-timestamp" data-t="60:00">[60:00]</a>'),
        (MINUTES, 3723, '<a class="yt-timestamp" data-t="01:02:03">[01:02:03]</a>'),
    ],
)
def test_a_local_moment_is_an_anchor_in_the_notes_convention(
    body: str, seconds: int, anchor: str
) -> None:
    video = VideoSource("file", str(Path("/notes/media/talk.mp4")))
    assert moment_link(video, seconds, body) == anchor


@pytest.mark.parametrize("true_hours", [False, True])
@pytest.mark.parametrize("seconds", [0, 1, 59, 60, 163, 599, 3599, 3600, 3601, 3660, 7322, 86399])
def test_the_anchor_reads_back_as_the_same_time(true_hours: bool, seconds: int) -> None:
    convention = Convention(true_hours)
    value = parse(three_fields(seconds, convention))
    assert value is not None
    assert convention.seconds(value) == seconds
