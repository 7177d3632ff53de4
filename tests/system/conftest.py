"""The system tier: the real `viewer` program under Xvfb, driven by real X input events.

Each test starts the app as a subprocess with a private HOME and XDG folders
(tests/helpers/environment.py), presses keys and clicks through xdotool, quits it with Ctrl+Q
and reads what it showed (the window's title, a screenshot's pixels) and what it saved
(places.json, the settings file). Select the tier alone with `-m system`.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.helpers.desktop import App, Desktop
from tests.helpers.xvfb import x_display

#: The sample note with a local H.264 clip: a clock and a frame code in its picture.
CLOCK_NOTE = "local_mp4_clock.md"
#: Its window's title, once it shows (the notes folder is always called "notes" here).
CLOCK_TITLE = "Clock: an MP4 file beside the note — notes — Viewer"
#: Bigger than the window's first size (1400x820), so all of it is on screen.
SCREEN = "1600x1000x24"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.system)
            item.add_marker(pytest.mark.e2e)  # so `-m "not e2e"` stays the plain-Python tests
            if not sys.platform.startswith("linux"):
                item.add_marker(pytest.mark.skip(reason="Xvfb and xdotool: Linux only"))


@pytest.fixture(scope="session")
def desktop() -> Iterator[Desktop]:
    with x_display(SCREEN) as display:
        yield Desktop(display)


Launch = Callable[..., App]


@contextmanager
def launcher(desktop: Desktop, folder: Path) -> Iterator[Launch]:
    """``launch(home, *arguments)``: start `viewer` with ``home`` (its log and screenshots in
    ``folder``); every app started is ended when the block ends, whatever happened."""
    started: list[App] = []
    desktop.shots = folder / "screens"

    def launch(home: Path, *arguments: str) -> App:
        app = App(desktop, home, *arguments, log=folder / f"app-{len(started) + 1}.log")
        started.append(app)
        return app

    try:
        yield launch
    finally:
        for app in started:
            app.close()


@pytest.fixture
def launch(desktop: Desktop, tmp_path: Path) -> Iterator[Launch]:
    with launcher(desktop, tmp_path) as start:
        yield start


def copy_samples(folder: Path) -> Path:
    """A copy of the bundled sample notes at ``folder/notes``, free to change."""
    notes = folder / "notes"
    shutil.copytree(SAMPLES, notes)
    return notes


def click_into_note(app: App) -> None:
    """Click on the text of the note (not on a link), as a reader does to start reading."""
    picture = app.picture_window()
    assert picture is not None, "the video pane has no picture window"
    window = app.geometry()
    # The note pane lies between the notes list and the video.
    app.click(int((picture.x - window.x) * 0.62), int(window.height * 0.4))
