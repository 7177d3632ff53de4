"""Follow-along alone: which passage is marked as the video's time moves, and when the view is
brought to it (playing, following on, not after a scroll by hand, not while the find bar is
open). The note's timeline is real; the page is a named fake that records what it was asked
to mark (the real page is proven end to end in tests/app/test_video_and_note.py)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from viewer.app.follow import MARK, PAUSE_AFTER_HAND_SCROLL, FollowAlong, marks_of
from viewer.core.timeline import NoteTimeline
from viewer.core.video import VideoSource


def _stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


#: Three passages with a timestamp each, under two headings (passage ids 0 to 4).
BODY = (
    f"## Part 1\n\nPassage one {_stamp('00:05')}.\n\n"
    f"## Part 2\n\nPassage two {_stamp('00:20')}.\n\nPassage three {_stamp('00:22')}.\n"
)
TIMELINE = NoteTimeline.of_body(BODY, VideoSource("file", "/notes/clock.mp4"))


class FakeView(QObject):
    """Records each passage marked on the page: (passage id, timestamp href, into view)."""

    readerScrolled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[tuple[int, str, bool]] = []

    def run_in_page(self, script: str) -> None:
        assert script.startswith(MARK)
        self.marked.append(tuple(json.loads("[" + script[len(MARK) + 1 : -1] + "]")))

    def scroll_by_hand(self) -> None:
        self.readerScrolled.emit()


@pytest.fixture
def view() -> FakeView:
    return FakeView()


@pytest.fixture
def follow(qtbot: QtBot, view: FakeView) -> FollowAlong:
    follow = FollowAlong(view)  # type: ignore[arg-type]
    follow.follow(TIMELINE)
    return follow


def test_the_seek_bar_has_a_mark_for_each_timestamp_with_its_passages_words() -> None:
    assert [(m.seconds, m.label, m.excerpt) for m in marks_of(TIMELINE)] == [
        (5.0, "0:05", "Passage one."),
        (20.0, "0:20", "Passage two."),
        (22.0, "0:22", "Passage three."),
    ]
    assert marks_of(NoteTimeline.of_body(BODY, None)) == []  # no video: nothing to seek


def test_the_passage_of_the_latest_timestamp_is_marked_and_brought_into_view_while_playing(
    follow: FollowAlong, view: FakeView
) -> None:
    sections: list[str] = []
    follow.sectionChanged.connect(sections.append)
    follow.update(4.0, playing=True)  # before the first timestamp: nothing to mark
    follow.update(20.5, playing=True)
    follow.update(21.0, playing=True)  # the same passage: the page is not touched
    follow.update(23.0, playing=True)
    assert view.marked == [(3, "seek:20", True), (4, "seek:22", True)]
    assert sections == ["Part 2", "Part 2"]


def test_a_paused_video_marks_its_passage_but_leaves_the_readers_place(
    follow: FollowAlong, view: FakeView
) -> None:
    follow.update(21.0, playing=False)
    assert view.marked[-1] == (3, "seek:20", False)


def test_after_a_scroll_by_hand_the_view_is_left_where_the_reader_put_it(
    follow: FollowAlong, view: FakeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("viewer.app.follow.time.monotonic", lambda: clock[0])
    view.scroll_by_hand()
    follow.update(21.0, playing=True)
    assert view.marked[-1] == (3, "seek:20", False)
    clock[0] += PAUSE_AFTER_HAND_SCROLL + 0.1  # the pause is over: following again
    follow.update(23.0, playing=True)
    assert view.marked[-1] == (4, "seek:22", True)


def test_while_the_find_bar_is_open_following_holds_and_after_it_waits_as_after_a_scroll(
    follow: FollowAlong, view: FakeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("viewer.app.follow.time.monotonic", lambda: clock[0])
    follow.hold(True)
    clock[0] += 60  # however long the reader searches
    follow.update(21.0, playing=True)
    assert view.marked[-1] == (3, "seek:20", False)
    follow.hold(False)
    follow.update(23.0, playing=True)
    assert view.marked[-1] == (4, "seek:22", False)
    assert follow.following is False


def test_another_page_coming_forgets_the_old_timestamps(
    follow: FollowAlong, view: FakeView
) -> None:
    follow.forget()
    follow.update(21.0, playing=True)
    assert view.marked == []  # nothing to mark until the new page is there


def test_a_mark_clicked_brings_its_passage_into_view_even_after_a_scroll(
    follow: FollowAlong, view: FakeView
) -> None:
    view.scroll_by_hand()
    follow.bring_into_view(0)
    assert view.marked[-1] == (1, "seek:5", True)
