"""The status bar alone: a link's address covers the message under it only while the pointer
is on the link."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pytestqt.qtbot import QtBot

from viewer.app import status_bar
from viewer.app.status_bar import Scope, StatusBar


@pytest.fixture
def bar(qtbot: QtBot) -> StatusBar:
    widget = StatusBar()
    qtbot.addWidget(widget)
    return widget


def test_a_message_covered_by_a_link_comes_back_when_the_pointer_leaves(bar: StatusBar) -> None:
    bar.say("Added a note at 2:43 — Ctrl+Z takes it back", 10_000, Scope.NOTE)
    bar.hover("Play from 0:03")
    assert bar.currentMessage() == "Play from 0:03"
    bar.hover("Play from 0:07")  # from one link to the next
    bar.hover("")
    assert bar.currentMessage() == "Added a note at 2:43 — Ctrl+Z takes it back"
    assert bar.scope is Scope.NOTE
    # Another note: what was said about this one goes, covered or not.
    bar.hover("Play from 0:03")
    bar.note_changed()
    bar.hover("")
    assert bar.currentMessage() == ""


def test_a_covered_message_whose_time_ran_out_meanwhile_stays_gone(
    bar: StatusBar, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [100.0]
    monkeypatch.setattr(status_bar, "time", SimpleNamespace(monotonic=lambda: now[0]))
    bar.say("Playing from 0:37", 3000, Scope.PLAYBACK)
    bar.hover("Open other.md")
    now[0] += 5
    bar.hover("")
    assert bar.currentMessage() == ""
    # A message said meanwhile is not covered by the link's address, and not undone by it.
    bar.hover("Open other.md")
    bar.say("Zoom 110%", 2000)
    bar.hover("")
    assert bar.currentMessage() == "Zoom 110%"
