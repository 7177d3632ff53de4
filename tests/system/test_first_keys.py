"""The keys a reader presses first, straight after the app starts, work the video.

No click first: the window gets the keyboard as a window manager gives it (X input focus), and
the keys go wherever the app put its focus when it started.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from tests.helpers.desktop import App
from tests.helpers.frames import FPS
from tests.system.conftest import CLOCK_NOTE, CLOCK_TITLE, Launch, copy_samples


def _notes_list(app: App, image: QImage) -> QImage:
    """The side pane (the filter box and the notes list) in a screenshot."""
    window, picture = app.geometry(), app.picture_window()
    assert picture is not None
    width = int((picture.x - window.x) * 0.25)
    top, bottom = int(window.height * 0.03), int(window.height * 0.9)
    return image.copy(QRect(window.x, window.y + top, width, bottom - top))


def test_the_first_keys_after_launch_work_the_video(launch: Launch, tmp_path: Path) -> None:
    notes = copy_samples(tmp_path)
    app = launch(tmp_path / "home", str(notes / CLOCK_NOTE))
    app.wait_for_title(CLOCK_TITLE)
    app.focus()
    app.wait_for_frame(lambda number: number == 0, "the clip's first frame")
    side = _notes_list(app, app.screenshot("before-keys"))

    app.key("k")
    app.wait_for_frame(lambda number: number >= FPS // 2, "the clip playing after k", 5)
    app.key("k")
    paused = app.wait_until_still()
    app.key("l")
    later = paused + 10 * FPS
    app.wait_for_frame(lambda number: abs(number - later) <= 2, f"frame {later} after l", 5)
    app.key("j")
    app.wait_for_frame(lambda number: abs(number - paused) <= 2, f"frame {paused} after j", 5)
    app.key("space")
    app.wait_for_frame(
        lambda number: number >= paused + FPS // 2, "the clip playing after Space", 5
    )

    assert _notes_list(app, app.screenshot("after-keys")) == side, (
        "the filter box or the notes list changed under the keys (see the screenshots "
        f"before-keys and after-keys in {tmp_path / 'screens'})"
    )
    app.quit()
