"""Time ranges in links: media fragments and YouTube's start and end, read in the core, written
as the note pane's range links, and rendered from a note's links to its own video."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.html_checks import parse_html
from viewer.core.applinks import SeekLink, parse_link, seek_href
from viewer.core.fragments import TimeRange, media_fragment, youtube_range
from viewer.core.note import parse_note
from viewer.core.render import NoteRenderer

ID = "7-3IxVvWoxc"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("t=90,120", TimeRange(90, 120)),
        ("#t=90,120", TimeRange(90, 120)),
        ("t=npt:90,120", TimeRange(90, 120)),
        ("t=1:30,2:00", TimeRange(90, 120)),
        ("t=0:01:30,0:02:00.5", TimeRange(90, 120.5)),
        ("t=90.25,95", TimeRange(90.25, 95)),
        ("t=,120", TimeRange(0, 120)),  # from the start
        ("t=90", TimeRange(90, None)),  # from 90 s on: a plain seek
        ("xywh=160,120,320,240&t=10,20", TimeRange(10, 20)),  # other dimensions ignored
        ("t=120,90", None),  # ends before it starts
        ("t=90,90", None),
        ("t=90,", None),
        ("t=abc,120", None),
        ("t=smpte:00:01:30:00,00:02:00:00", None),  # SMPTE time codes: not read
        ("t=-5,10", None),
        ("t=", None),
        ("track=audio", None),
        ("", None),
        ("heading-id", None),
    ],
)
def test_a_media_fragment_names_a_range_or_nothing(
    fragment: str, expected: TimeRange | None
) -> None:
    assert media_fragment(fragment) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://youtu.be/{ID}?t=90&end=120", (ID, TimeRange(90, 120))),
        (f"https://www.youtube.com/watch?v={ID}&t=1m30s&end=120", (ID, TimeRange(90, 120))),
        (f"https://www.youtube.com/embed/{ID}?start=90&end=120", (ID, TimeRange(90, 120))),
        (f"https://youtu.be/{ID}?end=30", (ID, TimeRange(0, 30))),
        (f"https://youtu.be/{ID}?t=90", (ID, TimeRange(90, None))),
        (f"https://youtu.be/{ID}?t=90&end=60", (ID, TimeRange(90, None))),  # end ignored
        (f"https://youtu.be/{ID}", None),
        ("https://example.com/watch?v=x&t=90&end=120", None),
    ],
)
def test_a_youtube_link_gives_its_start_and_end(
    url: str, expected: tuple[str, TimeRange] | None
) -> None:
    assert youtube_range(url) == expected


def test_a_range_link_reads_back_as_a_seek_with_an_end() -> None:
    assert seek_href(90, 120) == "seek:90,120"
    assert seek_href(90.5, 120.25) == "seek:90.5,120.25"
    assert parse_link("seek:90,120") == SeekLink(90.0, 120.0)
    assert parse_link("seek:90") == SeekLink(90.0, None)
    for malformed in ("seek:90,", "seek:120,90", "seek:90,90", "seek:90,x", "seek:,90"):
        assert parse_link(malformed) is None, malformed


def _links(tmp_path: Path, front: str, body: str) -> list[tuple[str | None, str | None]]:
    root = tmp_path / "notes"
    (root / "media").mkdir(parents=True, exist_ok=True)
    (root / "media" / "talk.mp4").write_bytes(b"")
    note = parse_note(f"---\n{front}\n---\n{body}", root / "talk.md", root)
    rendered = NoteRenderer().render(note, "talk.md", lambda _target: None)
    body_html = rendered.html.split("</header>", 1)[1]
    return [(a.attrs.get("class"), a.attrs.get("href")) for a in parse_html(body_html).find("a")]


def test_links_to_a_range_of_the_notes_own_file_play_it(tmp_path: Path) -> None:
    links = _links(
        tmp_path,
        "video: media/talk.mp4",
        "[a](media/talk.mp4#t=90,120) [b](#t=1:30,2:00) [c](./media/talk.mp4#t=npt:5)"
        " [d](media/other.mp4#t=90,120) [e](#heading) [f](media/talk.mp4#t=9,3)",
    )
    assert links == [
        ("video-link", "seek:90,120"),
        ("video-link", "seek:90,120"),
        ("video-link", "seek:5"),
        (None, None),  # another file: not the note's video, and no note
        (None, "#heading"),  # an anchor of the page, as before
        (None, None),  # a range that ends before it starts: nothing to play
    ]


def test_links_to_a_range_of_the_notes_youtube_video_or_media_url_play_it(
    tmp_path: Path,
) -> None:
    youtube = _links(
        tmp_path,
        f"videoId: {ID}",
        f"[a](https://youtu.be/{ID}?t=90&end=120) [b](#t=10,20)"
        f" [c](https://youtu.be/dQw4w9WgXcQ?t=90&end=120)",
    )
    assert youtube == [
        ("video-link", "seek:90,120"),
        ("video-link", "seek:10,20"),
        ("external", "https://youtu.be/dQw4w9WgXcQ?t=90&end=120"),
    ]
    url = "https://media.example.org/talk.mp4"
    media = _links(
        tmp_path,
        f"video: {url}",
        f"[a]({url}#t=90,120) [b](https://media.example.org/other.mp4#t=90,120)",
    )
    assert media == [
        ("video-link", "seek:90,120"),
        ("external", "https://media.example.org/other.mp4#t=90,120"),
    ]


def test_without_a_video_a_fragment_link_stays_an_anchor(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    note = parse_note("[a](#t=90,120)\n", root / "plain.md", root)
    rendered = NoteRenderer().render(note, "plain.md", lambda _target: None)
    (link,) = parse_html(rendered.html.split("</header>", 1)[1]).find("a")
    assert link.attrs.get("href") == "#t=90,120"
