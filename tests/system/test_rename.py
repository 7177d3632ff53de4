"""The open note's file is renamed (by an editor, a file manager, a sync): the window follows
it to its new path, showing the same note, and remembers it under that path."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers.desktop import App, frame_time, saved_places, saved_settings
from tests.helpers.frames import FPS
from tests.system.conftest import (
    CLOCK_NOTE,
    CLOCK_TITLE,
    Launch,
    click_into_note,
    copy_samples,
)

#: Long enough for the app to see the folder change on a loaded machine: it waits 0.4 s for
#: a burst of changes to settle (viewer.app.session.FOLDER_SETTLE_MS), then reads the folder.
NOTICE_S = 5.0


def _ink(app: App, image: QImage) -> int:
    """How much text the note pane shows in a screenshot: its dark pixels, counted."""
    window, picture = app.geometry(), app.picture_window()
    assert picture is not None
    pane = picture.x - window.x  # the notes list and the note, left of the video
    count = 0
    for y in range(window.y + int(window.height * 0.06), window.y + int(window.height * 0.9), 2):
        for x in range(window.x + int(pane * 0.4), window.x + int(pane * 0.92), 2):
            count += image.pixelColor(x, y).lightness() < 128
    return count


def test_renaming_the_open_note_keeps_it_open_under_its_new_path(
    launch: Launch, tmp_path: Path
) -> None:
    notes = copy_samples(tmp_path)
    note, renamed = notes / CLOCK_NOTE, notes / "clock_renamed.md"
    home = tmp_path / "home"
    app = launch(home, str(note))
    app.wait_for_title(CLOCK_TITLE)
    app.focus()
    app.wait_for_frame(lambda number: number == 0, "the clip's first frame")
    click_into_note(app)
    app.key("k")
    app.wait_for_frame(lambda number: number >= FPS, "the clip playing after k", 5)
    app.key("k")
    paused = app.wait_until_still()
    text = _ink(app, app.screenshot("before-rename"))
    assert text > 0, "the note pane shows no text before the rename"

    note.rename(renamed)
    # Until the app has taken the new path in (its settings say so), or the note pane has
    # changed, for at most NOTICE_S.
    deadline = time.monotonic() + NOTICE_S
    while time.monotonic() < deadline:
        if saved_settings(home).get("session/note") == renamed.name:
            break
        if _ink(app, app.screenshot("after-rename")) < text * 0.8:
            break
        time.sleep(0.3)
    title = app.title()
    text_after = _ink(app, app.screenshot("after-rename"))
    app.quit()

    assert text_after >= text * 0.8, (
        f"after the rename the note pane shows far less text ({text_after} dark pixels, "
        f"{text} before): the note is no longer shown (see the screenshots in "
        f"{tmp_path / 'screens'})"
    )
    assert title == CLOCK_TITLE, f"after the rename the window's title is {title!r}"
    settings = saved_settings(home)
    assert settings.get("session/note") == renamed.name, (
        f"the last note saved is {settings.get('session/note')!r}, not the new name"
    )
    places = saved_places(home)
    assert str(note) not in places, f"places.json still has the old path: {places}"
    assert places.get(str(renamed)) == pytest.approx(frame_time(paused), abs=1.5 / FPS), (
        f"places.json has no place at {frame_time(paused):.2f} s for the new path: {places}"
    )
