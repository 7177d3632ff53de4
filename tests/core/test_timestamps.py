"""Finding a note's timestamps: ``yt-timestamp`` anchors and links to its own video."""

from __future__ import annotations

import pytest

from tests.core.conftest import SAMPLE_NOTE
from viewer.core.note import parse_note
from viewer.core.timeline import NoteTimeline, Stamp
from viewer.core.timestamps import attributes
from viewer.core.video import VideoSource

ID = "7-3IxVvWoxc"


def find_timestamps(body: str, video_id: str | None = None) -> tuple[Stamp, ...]:
    video = VideoSource("youtube", video_id) if video_id else None
    return NoteTimeline.of_body(body, video).stamps


def anchor(data_t: str, label: str | None = None) -> str:
    return f'<a class="yt-timestamp" data-t="{data_t}">[{label or data_t}]</a>'


def test_the_sample_note_has_22_timestamps_in_document_order() -> None:
    body = parse_note(SAMPLE_NOTE.read_text(encoding="utf-8"), SAMPLE_NOTE).body
    timeline = NoteTimeline.of_body(body, VideoSource("youtube", ID))
    found = timeline.stamps
    assert not timeline.convention.true_hours
    labels = [stamp.label for stamp in found]
    seconds = [stamp.seconds for stamp in found]
    assert len(found) == 22
    assert labels[:3] == ["00:00:00", "02:43:00", "02:59:00"]
    assert labels[-1] == "01:00:00"
    pairs = set(zip(labels, seconds, strict=True))
    assert {("02:43:00", 163), ("42:13:00", 2533), ("01:00:00", 60)} <= pairs
    assert seconds == [0, 163, 179, 197, 205, 217, 230, 251, 261, 264, 282, 292, 298, 2533,
                       1521, 1455, 1411, 2533, 2595, 2761, 2778, 60]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "labels"),
    [
        (anchor("02:43:00"), ["02:43:00"]),
        ("<A CLASS='yt-timestamp' DATA-T='00:05'>[00:05]</A>", ["00:05"]),
        ('<a data-t="16" class="note yt-timestamp">[0:16]</a>', ["16"]),
        ('<a class="yt-timestamp" data-t=1h2m3s>[x]</a>', ["1h2m3s"]),
        ('<a class="yt-timestamp">[02:43]</a>', ["02:43"]),  # no data-t: the label
        ('<a class="yt-timestamp" data-t="oops">[02:43]</a>', ["oops"]),  # label rescues it
        ('<a class="yt-timestamp" data-t="oops">[also oops]</a>', []),
        ('<a class="timestamp" data-t="02:43">[02:43]</a>', []),  # not the class
        ('<a class="yt-timestamp-ish" data-t="02:43">[02:43]</a>', []),
        (anchor("00:10") + " then " + anchor("00:05"), ["00:10", "00:05"]),
    ],
)
def test_anchors_are_found_with_their_data_t(body: str, labels: list[str]) -> None:
    assert [stamp.label for stamp in find_timestamps(body)] == labels


def test_data_t_is_the_truth_when_the_label_disagrees() -> None:
    (stamp,) = find_timestamps(anchor("06:10:00", "06:10:10"))
    assert stamp.label == "06:10:00"
    assert stamp.seconds == 370


def test_links_to_the_notes_own_video_are_timestamps_in_document_order() -> None:
    body = (
        f"first [here](https://youtu.be/{ID}?t=163) "
        + anchor("00:10")
        + f' <a href="https://www.youtube.com/watch?v={ID}&amp;t=2m">raw</a>'
        + " [other video](https://youtu.be/dQw4w9WgXcQ?t=99)"
        + f" [no time](https://youtu.be/{ID})"
        + f' [titled](<https://www.youtube.com/watch?v={ID}#t=7> "title")'
    )
    found = find_timestamps(body, ID)
    assert [(stamp.label, stamp.value.seconds) for stamp in found] == [
        ("163", 163),
        ("00:10", 10),
        ("120", 120),
        ("7", 7),
    ]
    # Without knowing the note's video, links are only links.
    assert [stamp.label for stamp in find_timestamps(body)] == ["00:10"]


@pytest.mark.parametrize(
    ("text", "attrs"),
    [
        ('class="a b" data-t="1"', {"class": "a b", "data-t": "1"}),
        ("CLASS='x' Data-T=5", {"class": "x", "data-t": "5"}),
        ('title="&quot;quoted&quot; &amp; &lt;b&gt;"', {"title": '"quoted" & <b>'}),
        ('href = "x"', {"href": "x"}),
        ('data-t="a" data-t="b"', {"data-t": "b"}),
    ],
)
def test_attributes_are_read_and_unescaped(text: str, attrs: dict[str, str]) -> None:
    assert attributes(text) == attrs


def test_timestamps_written_as_code_are_not_timestamps() -> None:
    anchor_text = '<a class="yt-timestamp" data-t="01:05">[01:05]</a>'
    body = (
        f"Real {anchor_text}.\n\n```html\n{anchor_text}\n```\n\n"
        f"Inline `{anchor_text}` too.\n\n~~~\n{anchor_text}\n~~~\n"
    )
    assert [found.value.seconds for found in find_timestamps(body)] == [65.0]
