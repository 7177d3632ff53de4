"""Playback for study, through the real window and the clock clips: moment to moment, frame
steps, loops, links to a time range, the lead-in, chapters and continuous play. The clocks'
burned-in frame numbers and the players' own reports make every landing checkable."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.fake_youtube import install_fake_youtube
from tests.helpers.frames import FPS, frame_number
from tests.helpers.pages import click_element, note_eval, player_eval, wait_for_note
from tests.helpers.players import video_paused, video_time
from tests.helpers.talk import in_view, open_talk, playing_passage, stamp
from tests.helpers.waits import stays
from viewer.app import continuous
from viewer.app.main_window import MainWindow
from viewer.app.player.base import PlayerState
from viewer.app.player.controls import SeekBar
from viewer.app.player.native import NativePlayer

MEDIA = REPO / "tests" / "data" / "media"
ID = "7-3IxVvWoxc"
CTRL = Qt.KeyboardModifier.ControlModifier


def key(window: MainWindow, which: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A key pressed with the keyboard in the note, as a reader reading it would."""
    QTest.keyClick(window.note_view.focusProxy(), which, modifier or Qt.KeyboardModifier.NoModifier)


def native(window: MainWindow) -> NativePlayer:
    player = window.player.active
    assert isinstance(player, NativePlayer)
    return player


def context_menu_action(qtbot: QtBot, window: MainWindow, selector: str, text: str) -> None:
    """A real right click on ``selector`` in the note, then the menu's item called ``text``."""
    point = click_element(qtbot, window.note_view, selector)  # scrolls it into view
    QTest.mouseClick(window.note_view.focusProxy(), Qt.MouseButton.RightButton, pos=point)

    def open_menus() -> list[QMenu]:
        widgets = QApplication.topLevelWidgets()
        return [menu for menu in widgets if isinstance(menu, QMenu) and menu.isVisible()]

    qtbot.waitUntil(lambda: len(open_menus()) == 1)
    menu = open_menus()[0]
    actions = [action for action in menu.actions() if action.text() == text]
    assert actions, [action.text() for action in menu.actions()]
    actions[0].trigger()
    menu.close()


def seek_paused(qtbot: QtBot, window: MainWindow, seconds: float) -> float:
    """Go to ``seconds`` paused; where the video landed."""
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        window.playback.seek(seconds, play=False)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)
    return float(seeked.args[0])


def pixel(bar: SeekBar, x: int, y: int) -> QColor:
    return bar.grab().toImage().pixelColor(x, y)


def distance(one: QColor, other: QColor) -> int:
    return sum(
        abs(a - b)
        for a, b in zip(one.getRgb()[:3], other.getRgb()[:3], strict=True)  # type: ignore[arg-type]
    )


# --- moment to moment ---------------------------------------------------------------------------


def test_next_and_previous_timestamp_step_through_the_note_showing_each_passage(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    menu = window.keymap.built.menus["Playback"]
    keys = {action.text(): action.shortcut().toString() for action in menu.actions()}
    assert keys["Next T&imestamp"] == "Ctrl+Down"
    assert keys["Previous &Timestamp"] == "Ctrl+Up"
    assert not in_view(qtbot, window, "seek:20")

    landings = []
    for expected in (5.0, 20.0, 22.0):
        with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
            key(window, Qt.Key.Key_Down, CTRL)
        landings.append(round(seeked.args[0], 1))
        href = f"seek:{expected:g}"
        qtbot.waitUntil(lambda href=href: in_view(qtbot, window, href), timeout=5_000)
        qtbot.waitUntil(lambda href=href: playing_passage(qtbot, window) == href, timeout=5_000)
    assert landings == [5.0, 20.0, 22.0]
    assert abs(video_time(qtbot, window) - 22.0) <= 0.1
    # It was paused, and stays paused: the reader steps, the video waits.
    assert not window.player.state.playing

    # Previous, just after a timestamp, is the one before it; again, the one before that.
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_Up, CTRL)
    assert abs(seeked.args[0] - 20.0) <= 0.1
    qtbot.waitUntil(lambda: playing_passage(qtbot, window) == "seek:20", timeout=5_000)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_Up, CTRL)
    assert abs(seeked.args[0] - 5.0) <= 0.1
    qtbot.waitUntil(lambda: in_view(qtbot, window, "seek:5"), timeout=5_000)
    # Before the first there is none: it says so, and the video stays.
    key(window, Qt.Key.Key_Up, CTRL)
    assert window.status.currentMessage() == "This is the note's first timestamp."
    assert abs(video_time(qtbot, window) - 5.0) <= 0.1


def test_a_frame_step_shows_the_next_and_the_previous_frame_of_the_file(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "local_mp4_clock.md")
    wait_for_note(qtbot, window, "Clock: an MP4 file beside the note")
    qtbot.waitUntil(lambda: window.player.state.duration > 1, timeout=15_000)
    seek_paused(qtbot, window, 7.3)
    player = native(window)
    assert player.last_frame is not None
    first = frame_number(player.last_frame)
    assert abs(first - int(7.3 * FPS)) <= 1

    # "." one frame on, "," back, read off the picture's own frame code.
    shown = []
    for which in (Qt.Key.Key_Period, Qt.Key.Key_Period, Qt.Key.Key_Comma):
        with qtbot.waitSignal(window.player.seeked, timeout=10_000):
            key(window, which)
        assert player.last_frame is not None
        shown.append(frame_number(player.last_frame) - first)
    assert shown == [1, 2, 1]
    assert video_paused(qtbot, window)

    # While playing, a step pauses on the frame after the one on screen.
    window.player.play()
    qtbot.waitUntil(lambda: video_time(qtbot, window) > 8.0, timeout=5_000)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: video_paused(qtbot, window), timeout=5_000)
    assert player.last_frame is not None
    assert frame_number(player.last_frame) == int(seeked.args[0] * FPS)


def test_on_youtube_a_frame_step_is_a_thirtieth_of_a_second_paused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    folder = tmp_path / "yt"
    folder.mkdir()
    (folder / "talk.md").write_text(
        f"---\ntitle: A talk\nvideoId: {ID}\n---\nSaid {stamp('02:43:00')}.\n\n"
        f"[Ninety to ninety-one and a half](https://youtu.be/{ID}?t=90&end=91.5)\n",
        encoding="utf-8",
    )
    window.open_folder(folder)
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration > 0, timeout=10_000)
    seek_paused(qtbot, window, 100.0)

    def fake_time() -> float:
        return float(player_eval(qtbot, window, "window.__fakeYouTube.players[0]._now()"))

    for which, expected in ((Qt.Key.Key_Period, 100 + 1 / 30), (Qt.Key.Key_Comma, 100.0)):
        with qtbot.waitSignal(window.player.seeked, timeout=10_000):
            key(window, which)
        assert abs(fake_time() - expected) < 0.001
    assert not window.player.state.playing

    # The note's link with an end plays that range and pauses there, by the time reports.
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a[href='seek:90,91.5']")
    assert seeked.args[0] == 90.0
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=10_000)
    assert 91.4 <= fake_time() <= 91.6


# --- loops --------------------------------------------------------------------------------------


def test_a_passage_loop_wraps_at_its_end_again_and_again_at_any_speed(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    reported: list[float] = []

    def report(state: PlayerState) -> None:
        if state.playing:
            reported.append(state.current_time)

    window.player.stateChanged.connect(report)
    # The passage of [00:20] runs to the next timestamp, [00:22].
    context_menu_action(qtbot, window, "a.timestamp[href='seek:20']", "Loop This Passage")
    bar = window.player.controls.seek_bar
    assert bar.loop == (20.0, 22.0)
    qtbot.waitUntil(lambda: bool(reported) and 20.0 <= reported[-1] < 21.0, timeout=10_000)
    reported.clear()

    def wraps() -> int:
        # Counted from the time reports: the time drops from the end back to the start.
        return sum(1 for before, after in itertools.pairwise(reported) if after < before - 1)

    qtbot.waitUntil(lambda: wraps() >= 1, timeout=10_000)
    window.player.set_rate(2.0)  # faster: the loop keeps its end
    qtbot.waitUntil(lambda: wraps() >= 3, timeout=15_000)
    assert window.player.state.rate == 2.0
    assert window.playback.loops.wraps >= 3
    # Tight: never reported past the end by more than a frame or two, nor before the start.
    assert max(reported) <= 22.1, max(reported)
    assert min(reported) >= 19.9, min(reported)
    assert bar.loop == (20.0, 22.0)


def test_an_a_b_loop_shows_as_a_band_on_the_seek_bar_and_clears(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    bar = window.player.controls.seek_bar
    seek_paused(qtbot, window, 10.0)
    key(window, Qt.Key.Key_BracketLeft)
    assert bar.loop == (10.0, None)
    seek_paused(qtbot, window, 15.0)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_BracketRight)
    assert abs(seeked.args[0] - 10.0) <= 0.1  # from A, playing
    assert bar.loop == (10.0, 15.0)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)

    # The band, in pixels: on its top row (clear of the track's ticks and of the handle,
    # which plays within it) between A and B it is the highlight colour, faintly; outside it,
    # the bar's background.
    y = bar.rect().center().y() - 8
    accent = bar.palette().color(bar.palette().ColorRole.Highlight)
    inside, outside = pixel(bar, bar.x_of(12.5), y), pixel(bar, bar.x_of(35.0), y)
    assert distance(inside, outside) > 30
    assert distance(inside, accent) < distance(outside, accent)
    assert distance(pixel(bar, bar.x_of(10.0), y), accent) < 30  # its ends are solid

    key(window, Qt.Key.Key_Backslash)
    assert bar.loop == (None, None)
    assert window.status.currentMessage() == "Loop cleared"
    assert distance(pixel(bar, bar.x_of(12.5), y), outside) < 10


def test_a_link_to_a_time_range_plays_it_and_pauses_at_its_end(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "range"
    (folder / "media").mkdir(parents=True)
    shutil.copy(MEDIA / "clock-h264.mp4", folder / "media" / "clock.mp4")
    (folder / "range.md").write_text(
        "---\ntitle: Ranges\nvideo: media/clock.mp4\n---\n\n"
        f"The count {stamp('00:02')}: [from three to five](media/clock.mp4#t=3,5), "
        "and [twelve to thirteen and a half](#t=12,13.5).\n",
        encoding="utf-8",
    )
    window.open_folder(folder, "range.md")
    wait_for_note(qtbot, window, "Ranges")
    qtbot.waitUntil(lambda: window.player.state.duration > 1, timeout=15_000)
    hrefs = note_eval(
        qtbot, window, "[...document.querySelectorAll('a.video-link')].map(a => a.href)"
    )
    assert hrefs == ["seek:3,5", "seek:12,13.5"]

    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a[href='seek:3,5']")
    assert abs(seeked.args[0] - 3.0) <= 0.1
    assert window.player.controls.seek_bar.loop == (3.0, 5.0)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=10_000)
    # Paused at its end, the picture's frame code says so; the range is done.
    player = native(window)
    assert player.last_frame is not None
    assert abs(frame_number(player.last_frame) - 5 * FPS) <= 3
    assert window.player.controls.seek_bar.loop == (None, None)

    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a[href='seek:12,13.5']")
    assert abs(seeked.args[0] - 12.0) <= 0.1
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=10_000)
    assert abs(video_time(qtbot, window) - 13.5) <= 0.12


# --- lead-in ------------------------------------------------------------------------------------


def test_the_lead_in_starts_before_each_timestamp_clicked_and_keeps_it_as_written(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    window.commands.edit_preferences()
    dialog = window.commands.dialog
    dialog.timestamp_lead_in.setValue(3.0)  # type: ignore[union-attr]
    dialog.accept()  # type: ignore[union-attr]
    assert window.settings.lead_in == 3.0
    open_talk(qtbot, window, talk)

    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:20']")
    assert abs(seeked.args[0] - 17.0) <= 0.1  # three seconds early
    assert abs(video_time(qtbot, window) - 17.0) <= 0.5
    # During the lead-in the passage clicked is the one playing, not the one before it.
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    assert playing_passage(qtbot, window) == "seek:20"
    assert window.status.section.text() == "Part 2"
    stays(
        qtbot,
        lambda: playing_passage(qtbot, window) == "seek:20",
        after=lambda: video_time(qtbot, window) >= 19.0,
    )
    # The marks and a copied link keep the time as written.
    bar = window.player.controls.seek_bar
    assert [mark.seconds for mark in bar.marks][:2] == [5.0, 20.0]
    context_menu_action(qtbot, window, "a.timestamp[href='seek:22']", "Copy Link to This Moment")
    assert QGuiApplication.clipboard().text() == (
        '<a class="yt-timestamp" data-t="00:22:00">[00:22:00]</a>'
    )
    # The next timestamp after the one clicked lands its lead-in early too.
    key(window, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)
    seek_paused(qtbot, window, 17.0)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_Down, CTRL)
    assert abs(seeked.args[0] - 19.0) <= 0.1  # [00:22], three seconds early


# --- chapters -----------------------------------------------------------------------------------


def test_the_notes_headings_are_chapters_on_the_seek_bar(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    open_talk(qtbot, window, talk)
    bar = window.player.controls.seek_bar
    assert [(c.title, c.start) for c in bar.chapters] == [
        ("Part 1", 5.0), ("Part 2", 20.0), ("Part 3", 22.0), ("Part 4", 30.0),
    ]  # fmt: skip
    # Segments: the track has a gap where each chapter begins (the mark's tick stands in it).
    assert len(bar.segments()) == 5
    middle = bar.rect().center().y()
    groove = pixel(bar, bar.x_of(12.0), middle)
    for start in (5.0, 20.0, 22.0, 30.0):
        gap = pixel(bar, bar.x_of(start) + 2, middle)
        assert distance(gap, groove) > 20, start
    # Hovering the track names the chapter there.
    assert bar.hover_text(bar.x_of(26.0)).startswith("<b>Part 3</b><br>0:2")
    # Before the first chapter: the time (mid-second, so the pixel's rounding cannot cross it).
    assert bar.hover_text(bar.x_of(2.5)) == "0:02"

    # Ctrl+Right and Ctrl+Left go from chapter to chapter; the status bar names it.
    for expected in (5.0, 20.0, 22.0):
        with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
            key(window, Qt.Key.Key_Right, CTRL)
        assert abs(seeked.args[0] - expected) <= 0.1
    qtbot.waitUntil(lambda: window.status.section.text() == "Part 3", timeout=5_000)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        key(window, Qt.Key.Key_Left, CTRL)
    assert abs(seeked.args[0] - 20.0) <= 0.1
    qtbot.waitUntil(lambda: window.status.section.text() == "Part 2", timeout=5_000)
    qtbot.waitUntil(lambda: bar.accessibleDescription().endswith(", Part 2"), timeout=5_000)


# --- continuous play ----------------------------------------------------------------------------


@pytest.fixture
def series(tmp_path: Path) -> Path:
    """Two episodes with a video each (20 s clocks), and a note without one between them."""
    folder = tmp_path / "series"
    (folder / "media").mkdir(parents=True)
    for name, title in (("one", "Episode 1"), ("two", "Episode 2")):
        shutil.copy(MEDIA / "clock-h264.mp4", folder / "media" / f"{name}.mp4")
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {title}\nvideo: media/{name}.mp4\n---\n\nSaid {stamp('00:02')}.\n",
            encoding="utf-8",
        )
    (folder / "plain.md").write_text("# Episode 1b\n\nNo video here.\n", encoding="utf-8")
    return folder


def play_to_the_end(qtbot: QtBot, window: MainWindow) -> None:
    window.playback.seek(18.5)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=10_000)
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=10_000)


def test_continuous_play_offers_the_next_note_with_a_video_and_plays_it(
    qtbot: QtBot,
    window: MainWindow,
    series: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(continuous, "COUNTDOWN_S", 2)
    window.open_folder(series, "one.md")
    wait_for_note(qtbot, window, "Episode 1")
    qtbot.waitUntil(lambda: window.player.state.duration > 1, timeout=15_000)
    notice = window.continuous.notice

    # Off (as it is unless the reader turns it on): the video ends, nothing more.
    assert not window.settings.continuous_play
    stopped = qtbot.waitSignal(window.player.stateChanged, timeout=10_000)
    play_to_the_end(qtbot, window)
    stays(qtbot, lambda: not notice.isVisible(), after=stopped)

    # On: the notice says what comes next (the note without a video is passed over).
    window.commands.edit_preferences()
    dialog = window.commands.dialog
    dialog.continuous.setChecked(True)  # type: ignore[union-attr]
    dialog.accept()  # type: ignore[union-attr]
    with qtbot.waitSignal(window.continuous.offered, timeout=15_000) as offered:
        play_to_the_end(qtbot, window)
    assert offered.args == ["two.md"]
    assert notice.isVisible()
    assert notice.label.text() == "Up next: Episode 2 (in 2 s)"
    # Cancel: it stays here.
    QTest.mouseClick(notice.cancel, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    assert window.current == "one.md"

    # Again, left to count down: the next note opens and its video plays from the start.
    with qtbot.waitSignal(window.continuous.offered, timeout=15_000):
        play_to_the_end(qtbot, window)
    qtbot.waitUntil(lambda: notice.label.text() == "Up next: Episode 2 (in 1 s)", timeout=3_000)
    wait_for_note(qtbot, window, "Episode 2")
    assert window.current == "two.md"
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=10_000)
    assert not notice.isVisible()
    qtbot.waitUntil(lambda: 0.3 < video_time(qtbot, window) < 5.0, timeout=10_000)
    assert window.player.source is not None and window.player.source.name == "two.mp4"
