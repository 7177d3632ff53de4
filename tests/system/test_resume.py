"""The video resumes where the reader left it, across a relaunch of the real program.

One run plays the clock note's clip for about 3 s, pauses it and quits (module fixture); each
test then relaunches the app (`viewer` without arguments: the last folder and note) on its own
copy of that home and reads what it shows and saves.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.desktop import App, Desktop, frame_time, saved_places
from tests.helpers.frames import FPS
from tests.system.conftest import (
    CLOCK_NOTE,
    CLOCK_TITLE,
    Launch,
    click_into_note,
    copy_samples,
    launcher,
)

#: How far a saved time may be from the frame on screen when the reader paused (a frame, and
#: the time the player reports is rounded to the frame it shows).
FRAME_S = 1.5 / FPS


@dataclass(frozen=True)
class Left:
    """A home where the reader played the clock note's clip to ``time`` and quit."""

    home: Path
    note: Path
    time: float


@pytest.fixture(scope="module")
def left(tmp_path_factory: pytest.TempPathFactory, desktop: Desktop) -> Left:
    folder = tmp_path_factory.mktemp("left")
    note = copy_samples(folder) / CLOCK_NOTE
    home = folder / "home"
    with launcher(desktop, folder) as launch:
        app = launch(home, str(note))
        app.wait_for_title(CLOCK_TITLE)
        app.focus()
        app.wait_for_frame(lambda number: number == 0, "the clip's first frame")
        click_into_note(app)
        app.key("k")
        time.sleep(3)  # playing: the reader watches for about 3 s
        app.key("k")
        paused = app.wait_until_still()
        app.quit()
    places = saved_places(home)
    assert str(note) in places, f"places.json has no place for the note: {places}"
    saved = places[str(note)]
    # The harness itself: the keys played and paused the clip, and the app saved the time.
    assert 2.0 < saved < 4.5, f"the clip was paused at {saved:.2f} s, not after about 3 s"
    assert saved == pytest.approx(frame_time(paused), abs=FRAME_S)
    return Left(home, note, saved)


def _relaunch(launch: Launch, left: Left, tmp_path: Path) -> tuple[App, Path]:
    """`viewer`, without arguments, on a copy of the home ``left`` describes."""
    home = tmp_path / "home"
    # Not the runtime folder: sockets, and nothing a relaunch may rely on.
    shutil.copytree(left.home, home, ignore=lambda folder, _names: _runtime(folder, left.home))
    app = launch(home)
    app.wait_for_title(CLOCK_TITLE)
    app.focus()
    return app, home


def _runtime(folder: str, home: Path) -> list[str]:
    return ["runtime"] if Path(folder) == home else []


def test_a_relaunch_shows_the_video_paused_where_it_was_left(
    launch: Launch, left: Left, tmp_path: Path
) -> None:
    app, _home = _relaunch(launch, left, tmp_path)
    app.wait_for_frame(lambda _number: True, "any frame of the clip")
    wanted = round(left.time * FPS)
    shown = app.wait_for_frame(
        lambda number: abs(number - wanted) <= 1,
        f"the frame the reader left the clip at ({left.time:.2f} s: frame {wanted})",
        timeout=5,
    )
    still = app.wait_until_still()
    assert abs(still - wanted) <= 1, (
        f"the clip went on from frame {shown} to {still} by itself after a relaunch"
    )
    app.quit()


def test_quitting_right_after_a_relaunch_keeps_the_place(
    launch: Launch, left: Left, tmp_path: Path
) -> None:
    app, home = _relaunch(launch, left, tmp_path)
    app.quit()  # at once: the reader has not watched anything
    saved = saved_places(home).get(str(left.note))
    assert saved == pytest.approx(left.time, abs=0.05), (
        f"places.json keeps {saved} s for the note after a relaunch and a quit, "
        f"not the {left.time:.2f} s the reader left it at"
    )


def test_playing_on_after_a_relaunch_goes_on_from_the_place(
    launch: Launch, left: Left, tmp_path: Path
) -> None:
    app, home = _relaunch(launch, left, tmp_path)
    app.wait_for_frame(lambda _number: True, "any frame of the clip")
    click_into_note(app)
    app.key("k")
    time.sleep(1)  # playing: the reader watches for about 1 s more
    app.key("k")
    paused = app.wait_until_still()
    app.quit()
    saved = saved_places(home).get(str(left.note))
    assert saved is not None and saved == pytest.approx(left.time + 1, abs=0.6), (
        f"after playing on for 1 s from {left.time:.2f} s, places.json keeps {saved} s "
        f"for the note (the picture stopped at {frame_time(paused):.2f} s)"
    )
