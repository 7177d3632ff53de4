"""The video pops out into a window of its own and back, on a real X server: the picture goes
on playing in the new window and again in the main one (read off the screen, by the clip's
frame code), the keys pressed in the main window work it, and the choice is saved."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.desktop import App, saved_settings, wait_for
from tests.helpers.frames import FPS
from tests.system.conftest import CLOCK_NOTE, CLOCK_TITLE, Launch, copy_samples


def _video_window(app: App) -> str | None:
    """The app's window on screen besides the main one, if there is one."""
    others = [window for window in app.windows() if window != app.window]
    return others[0] if others else None


def test_the_picture_plays_on_in_its_own_window_and_back(launch: Launch, tmp_path: Path) -> None:
    notes = copy_samples(tmp_path)
    home = tmp_path / "home"
    app = launch(home, str(notes / CLOCK_NOTE))
    app.wait_for_title(CLOCK_TITLE)
    app.focus()
    app.wait_for_frame(lambda number: number == 0, "the clip's first frame")
    app.key("k")
    playing = app.wait_for_frame(lambda number: number >= FPS // 2, "the clip playing after k")

    app.key("i")  # out: the keyboard stays in the main window, with the note
    popped = wait_for(
        lambda: _video_window(app), 10, lambda: f"no video window appeared: {app.windows()}"
    )
    assert app.picture_window() is None, "the main window still has a picture window"
    out = app.wait_for_frame(
        lambda number: number > playing, "the clip playing on in its window", inside=popped
    )
    app.wait_for_frame(
        lambda number: number >= out + FPS, "a second more of it, there", inside=popped
    )

    app.key("i")  # and back
    wait_for(lambda: _video_window(app) is None or None, 10, lambda: "the video window stayed")
    back = app.wait_for_frame(lambda number: number > out + FPS, "the clip back in the window")
    app.wait_for_frame(lambda number: number >= back + FPS // 2, "and playing on there")
    app.quit()
    assert saved_settings(home)["pop_out/shown"] == "false"
