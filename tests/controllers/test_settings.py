"""The settings file (QSettings, in a folder of the test's): written only when a value changes.

Qt writes the whole file again after any ``setValue``, in the next turn of the event loop,
through a lock file and a file renamed over the old one, syncing both to the disk: on the UI
thread, at each note shown (the session to reopen) and each time the folder is read again (the
recent folders), a wait on the disk that a value unchanged does not need."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from pytestqt.qtbot import QtBot

from viewer.app.settings import Settings


def written() -> tuple[int, int]:
    """The settings file as the system knows it: a file written again is a new one."""
    info = os.stat(QSettings().fileName())
    return info.st_ino, info.st_mtime_ns


def test_values_set_again_unchanged_leave_the_file_as_it_was(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    settings.remember_session(folder, "talk.md")
    settings.add_recent_folder(folder)
    settings.geometry = QByteArray(b"\x01\x02")
    settings.zoom = 1.25
    settings.sync()
    before = written()

    settings.remember_session(folder, "talk.md")  # the same note shown again
    settings.add_recent_folder(folder)  # the folder read again after a change
    settings.geometry = QByteArray(b"\x01\x02")
    settings.zoom = 1.25
    qtbot.wait(50)  # Qt's own write would have come in a turn of the event loop
    settings.sync()
    assert written() == before

    settings.remember_session(folder, "second.md")
    settings.sync()
    assert written() != before
    again = Settings()
    assert (again.last_folder, again.last_note) == (folder, "second.md")
    assert again.recent_folders == [folder]
    assert again.geometry == QByteArray(b"\x01\x02")
    assert again.zoom == 1.25
