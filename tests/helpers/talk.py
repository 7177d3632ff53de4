"""A long note about the bundled 40-second clock video, with a passage per timestamp far
apart, and the readers of what the window shows of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.conftest import SAMPLES
from tests.helpers.pages import note_eval, wait_for_note
from viewer.app.main_window import MainWindow

FILLER = " ".join(["The speaker goes on about the matter at hand."] * 30)
TIMES = ("00:05", "00:20", "00:22", "00:30")


def stamp(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A long note about the bundled clock video: a passage per timestamp, far apart."""
    folder = tmp_path / "talk"
    (folder / "media").mkdir(parents=True)
    shutil.copy(SAMPLES / "media" / "test-pattern.webm", folder / "media" / "clock.webm")
    sections = [
        f"## Part {number}\n\n{FILLER}\n\nPassage {number} is said here {stamp(value)}.\n"
        for number, value in enumerate(TIMES, start=1)
    ]
    (folder / "talk.md").write_text(
        "---\ntitle: The clock talk\nvideo: media/clock.webm\n---\n\n"
        + "\n".join(sections)
        + f"\n{FILLER}\n\nLate: {stamp('00:45')}\n\nSee [[other]].\n",
        encoding="utf-8",
    )
    (folder / "other.md").write_text("# Other\n\nNo video here.\n", encoding="utf-8")
    return folder


def open_talk(qtbot: QtBot, window: MainWindow, talk: Path) -> None:
    window.open_folder(talk, "talk.md")
    wait_for_note(qtbot, window, "The clock talk")
    qtbot.waitUntil(lambda: window.player.state.duration > 39, timeout=15_000)
    qtbot.waitUntil(lambda: len(window.player.controls.seek_bar.marks) == 5, timeout=5_000)


def playing_passage(qtbot: QtBot, window: MainWindow) -> str | None:
    return note_eval(
        qtbot,
        window,
        "(() => { const p = document.querySelector('[data-playing]');"
        " const a = document.querySelector('a.timestamp[aria-current=time]');"
        " return p && a && p.contains(a) ? a.getAttribute('href') : null; })()",
    )


def in_view(qtbot: QtBot, window: MainWindow, href: str) -> bool:
    return bool(
        note_eval(
            qtbot,
            window,
            f"(() => {{ const r = document.querySelector(\"a[href='{href}']\")"
            ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()",
        )
    )


def scroll_y(qtbot: QtBot, window: MainWindow) -> float:
    return float(note_eval(qtbot, window, "window.scrollY"))


def click_in_list(window: MainWindow, title: str) -> None:
    navigator, view = window.navigator, window.navigator.tree
    indexes = [navigator.index_of(path) for path in navigator.visible_paths()]
    index = next(index for index in indexes if index.data() == title)
    view.scrollTo(index)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
