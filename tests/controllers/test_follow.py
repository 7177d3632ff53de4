"""Follow-along alone: which passage is marked as the video's time moves, and when the view is
brought to it (playing, following on, not after a scroll by hand, not while the find bar is
open). The page is a named fake that answers the app's scripts as the note pane's page does
(the real page is proven end to end in tests/app/test_video_and_note.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPointF, Signal
from pytestqt.qtbot import QtBot

from viewer.app.follow import PAUSE_AFTER_HAND_SCROLL, READ_MARKS, FollowAlong
from viewer.app.player.controls import Mark

#: The page's timestamps: href, label, first words.
ROWS = [["seek:5", "0:05", "Passage one"], ["seek:20", "0:20", "Passage two"],
        ["seek:22", "0:22", "Passage three"]]  # fmt: skip


class FakePage(QObject):
    scrollPositionChanged = Signal(QPointF)


class FakeView:
    """Answers READ_MARKS with :data:`ROWS`, and records each passage marked: (index, into
    view)."""

    def __init__(self) -> None:
        self._page = FakePage()
        self.marked: list[tuple[int, bool]] = []

    def page(self) -> FakePage:
        return self._page

    def evaluate(self, script: str, done: Callable[[Any], None]) -> None:
        if script == READ_MARKS:
            done(ROWS)
            return
        index, into_view = json.loads("[" + re.search(r"\)\((.*)\)$", script)[1] + "]")
        self.marked.append((index, into_view))
        done(f"Part {index + 1}")

    def scroll_by_hand(self) -> None:
        self._page.scrollPositionChanged.emit(QPointF(0, 300))


@pytest.fixture
def view() -> FakeView:
    return FakeView()


@pytest.fixture
def follow(qtbot: QtBot, view: FakeView) -> FollowAlong:
    follow = FollowAlong(view)  # type: ignore[arg-type]
    marks: list[list[Mark]] = []
    follow.read_marks(marks.append)
    assert [mark.seconds for mark in marks[0]] == [5.0, 20.0, 22.0]
    follow._own_scroll_until = 0.0  # the page's own first scroll is over
    return follow


def test_the_passage_of_the_latest_timestamp_is_marked_and_brought_into_view_while_playing(
    follow: FollowAlong, view: FakeView
) -> None:
    sections: list[str] = []
    follow.sectionChanged.connect(sections.append)
    follow.update(4.0, playing=True)  # before the first timestamp: nothing to mark
    follow.update(20.5, playing=True)
    follow.update(21.0, playing=True)  # the same passage: the page is not touched
    follow.update(23.0, playing=True)
    assert view.marked == [(1, True), (2, True)]
    assert sections == ["Part 2", "Part 3"]


def test_a_paused_video_marks_its_passage_but_leaves_the_readers_place(
    follow: FollowAlong, view: FakeView
) -> None:
    follow.update(21.0, playing=False)
    assert view.marked[-1] == (1, False)


def test_after_a_scroll_by_hand_the_view_is_left_where_the_reader_put_it(
    follow: FollowAlong, view: FakeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("viewer.app.follow.time.monotonic", lambda: clock[0])
    view.scroll_by_hand()
    follow.update(21.0, playing=True)
    assert view.marked[-1] == (1, False)
    clock[0] += PAUSE_AFTER_HAND_SCROLL + 0.1  # the pause is over: following again
    follow.update(23.0, playing=True)
    assert view.marked[-1] == (2, True)


def test_while_the_find_bar_is_open_following_holds_and_after_it_waits_as_after_a_scroll(
    follow: FollowAlong, view: FakeView, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr("viewer.app.follow.time.monotonic", lambda: clock[0])
    follow.hold(True)
    clock[0] += 60  # however long the reader searches
    follow.update(21.0, playing=True)
    assert view.marked[-1] == (1, False)
    follow.hold(False)
    follow.update(23.0, playing=True)
    assert view.marked[-1] == (2, False)
    assert follow.following is False


def test_another_page_coming_forgets_the_old_timestamps(
    follow: FollowAlong, view: FakeView
) -> None:
    follow.forget()
    follow.update(21.0, playing=True)
    assert view.marked == []  # nothing to mark until the new page's timestamps are read


def test_a_mark_clicked_brings_its_passage_into_view_even_after_a_scroll(
    follow: FollowAlong, view: FakeView
) -> None:
    view.scroll_by_hand()
    follow.bring_into_view(0)
    assert view.marked[-1] == (0, True)
