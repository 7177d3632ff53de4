"""Where a capture goes: in time order, after the passage of the latest timestamp at or before
the moment, never inside a passage, front matter or code; at the end under Notes without
timestamps. Each test checks the exact bytes written and the lines reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.core.capture_checks import a, captured, inserted_at
from viewer.core.capture import CaptureRefused, Written, capture, writer
from viewer.core.capture.place import Placement
from viewer.core.front_matter import read_front_matter
from viewer.core.links import LinkResolver
from viewer.core.note import load_note
from viewer.core.render import NoteRenderer
from viewer.core.timeline import NoteTimeline
from viewer.core.video import VideoSource

NOTE = (
    "---\ntitle: Talk\nvideoId: 7-3IxVvWoxc\n---\n"
    "\n"
    f"Intro sentence {a('00:00:00')}.\n"
    "\n"
    "## Part one\n"
    f"Bet on transformers {a('02:43:00')}. Still confident {a('02:59:00')}.\n"
    "### LSTMs\n"
    f"Before the Transformer {a('03:37:00')}.\n"
)


@pytest.mark.parametrize(("seconds", "value"), [(185, "03:05:00"), (170, "02:50:00")])
def test_after_a_paragraph_before_the_heading_that_follows_it(
    notes_dir: Path, seconds: int, value: str
) -> None:
    # 2:50 falls between the paragraph's two timestamps: a passage is never split.
    written, before, after = captured(notes_dir, NOTE, seconds, "An idea")
    item = f"- {a(value)} An idea\n"
    assert after == inserted_at(before, b"### LSTMs", f"\n{item}\n".encode())
    assert written.lines == range(11, 12)
    assert after.decode().split("\n")[written.line - 1] == item.rstrip("\n")


def test_after_a_multi_line_list_item_and_what_is_nested_under_it(notes_dir: Path) -> None:
    before = (
        f"- First point {a('01:00:00')} goes on\n"
        "  over a second line\n"
        "lazily continued\n"
        "  - a nested point\n"
        "    continued\n"
        f"- Second point {a('02:00:00')}\n"
    )
    written, data, after = captured(notes_dir, before, 90, "Between")
    expected = inserted_at(data, b"- Second", f"- {a('01:30:00')} Between\n".encode())
    assert after == expected
    assert written.lines == range(6, 7)


def test_a_footnote_right_under_an_item_is_not_taken_for_its_text(notes_dir: Path) -> None:
    before = f"- one {a('01:00:00')}\n[^1]: Where it was said.\n"
    _, data, after = captured(notes_dir, before, 70, "x")
    assert after == inserted_at(data, b"[^1]", f"- {a('01:10:00')} x\n\n".encode())


def test_a_nested_item_gets_a_sibling_at_its_own_indentation(notes_dir: Path) -> None:
    before = f"- Topic\n  - sub {a('01:00:00')}\n  - other {a('02:00:00')}\n- Next\n"
    _, data, after = captured(notes_dir, before, 75, "x")
    assert after == inserted_at(data, b"  - other", f"  - {a('01:15:00')} x\n".encode())


@pytest.mark.parametrize(
    ("first", "second", "new"), [("*", "*", "*"), ("1.", "2.", "2."), ("7)", "8)", "8)")]
)
def test_the_new_item_is_written_as_the_list_writes_its_items(
    notes_dir: Path, first: str, second: str, new: str
) -> None:
    before = f"{first} one {a('01:00:00')}\n{second} two {a('02:00:00')}\n"
    _, data, after = captured(notes_dir, before, 61, "between")
    assert after == inserted_at(
        data, f"{second} two".encode(), f"{new} {a('01:01:00')} between\n".encode()
    )


def test_after_a_whole_table_not_inside_it(notes_dir: Path) -> None:
    before = (
        "| time | what |\n| --- | --- |\n"
        f"| {a('01:00:00')} | one |\n| {a('02:00:00')} | two |\n"
        "\nAfter the table.\n"
    )
    _, data, after = captured(notes_dir, before, 90, "late")
    assert after == inserted_at(data, b"\nAfter", f"\n- {a('01:30:00')} late\n".encode())


def test_after_a_heading_or_a_block_quote_set_off_by_blank_lines(notes_dir: Path) -> None:
    before = f"## Intro {a('00:10:00')}\nText.\n\n> Quoted {a('01:00:00')}\n> on\n\nNext.\n"
    _, data, after = captured(notes_dir, before, 20, "one")
    assert after == inserted_at(data, b"Text.", f"\n- {a('00:20:00')} one\n\n".encode())
    _, data, after = captured(notes_dir, after, 70, "two")
    assert after == inserted_at(data, b"\nNext.", f"\n- {a('01:10:00')} two\n".encode())


def test_a_list_that_starts_after_the_passage_gets_the_capture_as_its_first_item(
    notes_dir: Path,
) -> None:
    before = f"Para {a('01:00:00')}.\n\n- later {a('02:00:00')}\n"
    _, data, after = captured(notes_dir, before, 90, "new")
    assert after == inserted_at(data, b"- later", f"- {a('01:30:00')} new\n".encode())


def test_captures_in_a_row_make_one_list_in_time_order(notes_dir: Path) -> None:
    _, _, after = captured(notes_dir, NOTE, 200, "b")
    _, _, after = captured(notes_dir, after, 190, "a")
    # Of one moment, each capture goes after the ones made before it.
    _, _, after = captured(notes_dir, after, 200, "c")
    _, _, after = captured(notes_dir, after, 200.9, "d")
    text = after.decode()
    expected = "".join(
        f"- {a(value)} {word}\n"
        for value, word in [
            ("03:10:00", "a"),
            ("03:20:00", "b"),
            ("03:20:00", "c"),
            ("03:20:00", "d"),
        ]
    )
    assert f"confident {a('02:59:00')}.\n\n{expected}\n### LSTMs" in text


def test_a_moment_before_every_timestamp_goes_before_the_earliest(notes_dir: Path) -> None:
    before = f"# Title\n\nIntro.\n\nFirst {a('01:00:00')}.\n"
    _, data, after = captured(notes_dir, before, 30, "early")
    assert after == inserted_at(data, b"First", f"- {a('00:30:00')} early\n\n".encode())
    listed = f"- one {a('01:00:00')}\n- two {a('02:00:00')}\n"
    _, data, after = captured(notes_dir, listed, 30, "early")
    assert after == inserted_at(data, b"- one", f"- {a('00:30:00')} early\n".encode())


def test_without_timestamps_at_the_end_under_a_new_notes_heading(notes_dir: Path) -> None:
    text = "# Title\n\nSome text.\n"
    written, _, after = captured(notes_dir, text + "\n\n", 163, "First note")
    item = f"- {a('02:43:00')} First note\n"
    assert after == f"{text}\n## Notes\n\n{item}\n\n".encode()  # the blank lines stay last
    assert written.lines == range(7, 8)


def test_without_timestamps_at_the_end_of_an_existing_notes_section(notes_dir: Path) -> None:
    before = "# Title\n\n## Notes\n\n- an idea\n\n## Links\n\n- elsewhere\n"
    _, data, after = captured(notes_dir, before, 5, "more")
    assert after == inserted_at(data, b"\n## Links", f"- {a('00:05:00')} more\n".encode())
    before = "## notes\nSomething.\n"
    _, data, after = captured(notes_dir, before, 5, "more")
    assert after == data + f"\n- {a('00:05:00')} more\n".encode()


def test_front_matter_is_never_written_into(notes_dir: Path) -> None:
    before = "---\ntitle: Only front matter\n---\n"
    written, data, after = captured(notes_dir, before, 61, "x")
    assert after == data + f"\n## Notes\n\n- {a('01:01:00')} x\n".encode()
    assert written.lines == range(7, 8)
    # Without a line break after its closing line, the note still ends without one.
    written, data, after = captured(notes_dir, before.rstrip("\n"), 61, "x")
    assert after == data + f"\n\n## Notes\n\n- {a('01:01:00')} x".encode()
    assert written.lines == range(7, 8)


def test_an_empty_note_gets_a_notes_section(notes_dir: Path) -> None:
    written, _, after = captured(notes_dir, b"", 0, "start")
    assert after == f"## Notes\n\n- {a('00:00:00')} start\n".encode()
    assert written.lines == range(3, 4)


def test_code_is_never_written_into_and_its_timestamps_do_not_count(notes_dir: Path) -> None:
    fenced = f"Text.\n\n```\n{a('01:00:00')}\n```\n"
    _, data, after = captured(notes_dir, fenced, 90, "x")
    assert after == data + f"\n## Notes\n\n- {a('01:30:00')} x\n".encode()
    unclosed = "Text.\n\n```\nnever closed\n"
    _, data, after = captured(notes_dir, unclosed, 90, "x")
    assert after == inserted_at(data, b"```", f"## Notes\n\n- {a('01:30:00')} x\n\n".encode())


@pytest.mark.parametrize(
    ("body", "value"),
    [
        # minutes:seconds:00, the generator's habit
        (f"Said {a('02:43:00')}. Later {a('42:13:00')}.\n", "50:05:00"),
        # true hours: 00:00:33 says so
        (f"Early {a('00:00:33')}. Later {a('00:45:00')}.\n", "00:50:05"),
    ],
)
def test_the_anchor_is_in_the_notes_convention_and_reads_back_as_the_moment(
    notes_dir: Path, body: str, value: str
) -> None:
    written, data, after = captured(notes_dir, body, 3005.7, "late")
    assert after == data + f"\n- {a(value)} late\n".encode()
    timeline = NoteTimeline.of_body(read_front_matter(after.decode()).body)
    assert [stamp.seconds for stamp in timeline.stamps][-1] == 3005
    assert timeline.passages[timeline.stamps[-1].passage].text == "late"
    assert written.line == 3


def test_typed_lines_and_a_quote_stay_in_the_item_the_app_shows(notes_dir: Path) -> None:
    written, data, after = captured(
        notes_dir,
        NOTE,
        185,
        "First line  \r\n\n   second line\n",
        quote="so today we're\n going to talk",
    )
    item = f"- {a('03:05:00')} First line\n  second line\n  > so today we're going to talk\n"
    assert after == inserted_at(data, b"### LSTMs", f"\n{item}\n".encode())
    assert written.lines == range(11, 14)
    note = load_note(notes_dir / "note.md", notes_dir)
    page = NoteRenderer().render(note, "note.md", LinkResolver([]).resolve).html
    listed = re.search(r"<li [^>]*>(.*?)</li>", page, re.S)
    assert listed is not None
    assert 'href="seek:185"' in listed.group(1)
    assert re.search(
        r"First line\s+second line<blockquote[^>]*>\s*<p>so today we're going to talk<",
        listed.group(1),
    )


def test_a_capture_between_a_paragraph_and_a_list_is_not_read_into_the_paragraph(
    notes_dir: Path,
) -> None:
    captured(notes_dir, f"Said {a('01:00:00')}.\n- an item\n", 70, "mine")
    note = load_note(notes_dir / "note.md", notes_dir)
    page = NoteRenderer().render(note, "note.md", LinkResolver([]).resolve).html
    assert "mine</li>" in page


def test_a_note_in_a_subfolder_and_a_youtube_link_to_its_video_as_a_timestamp(
    notes_dir: Path,
) -> None:
    before = "Intro [at 1:00](https://youtu.be/7-3IxVvWoxc?t=60).\n\nLater.\n"
    path = notes_dir / "sub" / "talk.md"
    path.parent.mkdir()
    path.write_bytes(before.encode())
    video = VideoSource("youtube", "7-3IxVvWoxc")
    written = capture(notes_dir, path, before.encode(), 65, "x", video=video)
    assert path.read_bytes() == inserted_at(
        before.encode(), b"\nLater.", f"\n- {a('01:05:00')} x\n".encode()
    )
    assert isinstance(written, Written)
    assert written.lines == range(3, 4)


def test_a_quote_alone_and_a_closed_code_block_stay_in_the_item(notes_dir: Path) -> None:
    before = f"- one {a('01:00:00')}\n- two {a('02:00:00')}\n"
    _, data, after = captured(notes_dir, before, 70, "", quote="words said")
    assert after == inserted_at(data, b"- two", f"- {a('01:10:00')}\n  > words said\n".encode())
    _, data, after = captured(notes_dir, before, 70, "see:\n```\nx = 1\n```")
    item = f"- {a('01:10:00')} see:\n  ```\n  x = 1\n  ```\n"
    assert after == inserted_at(data, b"- two", item.encode())


def test_a_place_that_would_change_how_the_note_reads_is_refused(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Between the two lines of a paragraph, the item would take the second line into it.
    monkeypatch.setattr(writer, "place", lambda *_: Placement(1, "", "-", False, False))
    before = f"Line one {a('01:00:00')}\nline two.\n".encode()
    path = notes_dir / "note.md"
    path.write_bytes(before)
    with pytest.raises(CaptureRefused) as refusal:
        capture(notes_dir, path, before, 70, "x")
    assert str(refusal.value) == (
        "The line cannot be added to “note.md” without changing how the text around it reads; "
        "nothing was written."
    )
    assert path.read_bytes() == before
