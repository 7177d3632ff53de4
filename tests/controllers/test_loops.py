"""Loops alone, on the player pane with a fake backend (no decoder): the wrap at the end timed
from the time reports at the current speed, reports from before the jump back ignored, a range
played once, and what ends a loop (a seek elsewhere, another note)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from tests.helpers.fake_player import FakeBackends, FakePlayer
from viewer.app.loops import Loops
from viewer.app.player.pane import PlayerPane
from viewer.app.session import Session
from viewer.app.status_bar import StatusBar
from viewer.core.index_cache import IndexCache
from viewer.core.places import Places


def stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "media").mkdir(parents=True)
    (root / "media" / "clock.mp4").write_bytes(b"")  # the fake backend reads nothing
    for name in ("talk", "other"):
        (root / f"{name}.md").write_text(
            f"---\ntitle: {name}\nvideo: media/clock.mp4\n---\n\n"
            f"One {stamp('00:05')}.\n\nTwo {stamp('00:20')}.\n\nThree {stamp('00:22')}.\n",
            encoding="utf-8",
        )
    return root


@pytest.fixture
def parts(
    qtbot: QtBot, folder: Path, index: IndexCache, places: Places
) -> Iterator[tuple[Loops, PlayerPane, Session, StatusBar]]:
    pane = PlayerPane(FakeBackends())
    qtbot.addWidget(pane)
    status = StatusBar()
    qtbot.addWidget(status)
    session = Session(index, places)
    owner = QObject()
    loops = Loops(pane, session, status, owner)
    pane.start()
    session.noteChanged.connect(lambda _arrival: pane.set_video(session.note.video))  # type: ignore[union-attr]
    session.open_folder(folder, "talk.md")
    qtbot.waitUntil(lambda: pane.native is not None and pane.active is pane.native)
    yield loops, pane, session, status
    session.close()
    pane.shutdown()


def backend(pane: PlayerPane) -> FakePlayer:
    assert isinstance(pane.native, FakePlayer)
    return pane.native


def playing_at(pane: PlayerPane, seconds: float, rate: float = 1.0) -> None:
    """The fake backend reports the time, playing, as a real one does a few times a second."""
    backend(pane)._report(current_time=seconds, playing=True, rate=rate)


def test_a_passage_loop_goes_back_at_its_end_and_ignores_reports_from_before_the_jump(
    qtbot: QtBot, parts: tuple[Loops, PlayerPane, Session, StatusBar]
) -> None:
    loops, pane, _session, status = parts
    loops.loop_passage(1)  # [00:20] to [00:22]
    assert (loops.loop is not None) and (loops.loop.start, loops.loop.end) == (20.0, 22.0)
    assert pane.controls.seek_bar.loop == (20.0, 22.0)
    assert backend(pane).calls[-1] == ("seek", 20.0, True)
    assert status.currentMessage() == "Looping 0:20–0:22 (\\ to stop)"

    # A backend that reports in its own time, as a real one does: the seek is only asked.
    fake = backend(pane)
    fake.seek = lambda seconds, play=True: fake.calls.append(("seek", seconds, play))  # type: ignore[method-assign]
    with qtbot.waitSignal(loops.wrapped, timeout=1_000):
        playing_at(pane, 22.01)  # at the end: back at once
    assert fake.calls[-1] == ("seek", 20.0, True)
    calls = len(fake.calls)
    playing_at(pane, 22.05)  # a report sent before the jump back arrives after it
    assert len(fake.calls) == calls and loops.wraps == 1
    playing_at(pane, 20.04)  # from the start again
    playing_at(pane, 22.0)  # and at the end again: back again
    assert len(fake.calls) == calls + 1 and loops.wraps == 2


def test_the_wrap_is_timed_from_a_report_at_the_current_speed(
    qtbot: QtBot, parts: tuple[Loops, PlayerPane, Session, StatusBar]
) -> None:
    loops, pane, _session, _status = parts
    loops.loop_range(10.0, 12.0)
    playing_at(pane, 11.0)  # a second before the end: no timer yet beyond the next report
    playing_at(pane, 11.7, rate=2.0)  # 0.3 s of video at 2×: 150 ms from now
    with qtbot.waitSignal(loops.wrapped, timeout=1_000):
        pass  # no report comes: the timer goes back on its own
    assert backend(pane).calls[-1] == ("seek", 10.0, True)


def test_a_range_played_once_pauses_at_its_end(
    qtbot: QtBot, parts: tuple[Loops, PlayerPane, Session, StatusBar]
) -> None:
    loops, pane, _session, _status = parts
    loops.play_range(3.0, 5.0)
    assert pane.controls.seek_bar.loop == (3.0, 5.0)
    playing_at(pane, 5.0)
    assert backend(pane).calls[-1] == ("pause",)
    assert loops.loop is None and pane.controls.seek_bar.loop == (None, None)


def test_a_seek_elsewhere_or_another_note_ends_the_loop(
    qtbot: QtBot, parts: tuple[Loops, PlayerPane, Session, StatusBar]
) -> None:
    loops, pane, session, status = parts
    loops.loop_range(20.0, 22.0)
    pane.seek(21.0)  # within it: it holds
    assert loops.active
    pane.seek(30.0)
    assert not loops.active and pane.controls.seek_bar.loop == (None, None)
    assert status.currentMessage() == "Loop ended"

    pane.seek(10.0, play=False)
    loops.set_a()
    assert pane.controls.seek_bar.loop == (10.0, None)
    pane.seek(15.0, play=False)
    loops.set_b()
    assert loops.loop is not None and (loops.loop.start, loops.loop.end) == (10.0, 15.0)
    session.open_note("other.md")
    assert not loops.active and pane.controls.seek_bar.loop == (None, None)


def test_a_loop_needs_its_end_after_its_start(
    parts: tuple[Loops, PlayerPane, Session, StatusBar],
) -> None:
    loops, pane, _session, status = parts
    loops.set_b()
    assert status.currentMessage() == "Set where the loop starts first, with [."
    pane.seek(10.0, play=False)
    loops.set_a()
    loops.set_b()  # at the same moment
    assert status.currentMessage() == "The loop's end must be after its start."
    assert loops.loop is None
    loops.clear_loop()
    assert status.currentMessage() == "Loop cleared"
    loops.clear_loop()
    assert status.currentMessage() == "There is no loop to clear."
