"""The transcript pane under the video, through the real window: the bundled clock clip with a
WebVTT transcript beside it, and a YouTube note (the web player faked) with rolling
auto-captions as yt-dlp writes them. Real clicks, keys and wheel turns; the real player's time.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks.captions import rolling_vtt
from PySide6.QtCore import QAbstractAnimation, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.app.test_youtube import with_fake_youtube
from tests.helpers.pages import wait_for_note
from tests.helpers.players import video_time
from tests.helpers.talk import open_talk, stamp
from tests.helpers.waits import event_loop_turned, stays
from viewer.app import transcripts as transcripts_module
from viewer.app.main_window import MainWindow
from viewer.app.transcript_pane import TranscriptPane, now_colours
from viewer.core.background import NICE
from viewer.core.folder import scan
from viewer.core.transcript_choices import TranscriptChoices
from viewer.core.transcripts import read_transcript
from viewer.core.transcripts.finding import system_languages

#: The clock clip's transcript: a line every two seconds; "router" is said three times.
ROUTER_LINES = (2, 7, 14)
LINES = tuple(
    (1.0 + 2 * n, f"Line {n + 1} is said here{', near the router' if n in ROUTER_LINES else ''}.")
    for n in range(19)
)


def clip_vtt() -> str:
    cues = "".join(f"{_time(start)} --> {_time(start + 2)}\n{text}\n\n" for start, text in LINES)
    return f"WEBVTT\n\n{cues}"


def _time(seconds: float) -> str:
    return f"00:{int(seconds) // 60:02d}:{int(seconds) % 60:02d}.000"


@pytest.fixture
def clip(talk: Path) -> Path:
    """The clock talk (tests.helpers.talk) with a transcript beside its video."""
    (talk / "media" / "clock.vtt").write_text(clip_vtt(), encoding="utf-8")
    return talk


def row_at(seconds: float) -> int:
    """The row of the clip's transcript said last at ``seconds``."""
    return max(row for row, (start, _text) in enumerate(LINES) if start <= seconds)


def open_clip(qtbot: QtBot, window: MainWindow, clip: Path) -> TranscriptPane:
    open_talk(qtbot, window, clip)
    pane = window.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(LINES), timeout=10_000)
    return pane


def short_pane(qtbot: QtBot, window: MainWindow) -> None:
    """A pane a few lines high, so the transcript scrolls."""
    window.column.setSizes([600, 140])
    qtbot.waitUntil(lambda: window.transcript_pane.list.viewport().height() < 120)


def test_a_note_with_a_transcript_shows_it_under_the_video_cue_by_cue(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    assert pane.isVisible()
    # Under the video, in its column: note, video and words on screen at once.
    player_box = window.player.geometry()
    pane_box = pane.geometry()
    assert pane.parentWidget() is window.column
    assert pane_box.top() >= player_box.bottom() and pane_box.left() == player_box.left()
    assert window.display.isVisible()
    assert pane.title.text() == "clock.vtt"
    assert pane.model.data(pane.model.index(0)) == "0:01 Line 1 is said here."
    assert pane.model.data(pane.model.index(18)) == "0:37 Line 19 is said here."
    assert not pane.language.isVisible() and not pane.offset.isVisible()
    # The captions over the picture come from the same transcript.
    assert window.player.transcript is pane.transcript
    # Fullscreen is the video alone; the transcript comes back after.
    window.fullscreen.set(True)
    assert not pane.isVisible()
    window.fullscreen.set(False)
    assert pane.isVisible()

    # A note without a transcript: no pane.
    window.open_note("other.md")
    wait_for_note(qtbot, window, "Other")
    qtbot.waitUntil(lambda: not pane.isVisible(), timeout=5_000)


@pytest.mark.skipif(sys.platform != "linux", reason="a priority per thread is Linux's")
def test_a_transcript_is_found_and_read_in_a_thread_that_gives_way_to_the_windows(
    qtbot: QtBot, window: MainWindow, clip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    priorities: list[int] = []
    real = transcripts_module.find_transcript

    def noted(request: Any) -> Any:
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(request)

    monkeypatch.setattr(transcripts_module, "find_transcript", noted)
    open_clip(qtbot, window, clip)
    assert priorities and set(priorities) == {NICE}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < NICE


def test_playing_highlights_the_cue_said_and_keeps_it_in_view(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    short_pane(qtbot, window)
    assert not pane.is_in_view(row_at(29.1))
    window.seek(29.1)
    qtbot.waitUntil(lambda: pane.model.now == row_at(29.1), timeout=5_000)
    qtbot.waitUntil(lambda: pane.is_in_view(row_at(29.1)), timeout=5_000)
    # The highlight is drawn: the bar at the row's left edge in the note's "playing" colour.
    now = pane.model.now
    assert now is not None and pane.is_in_view(now)
    rect = pane.list.visualRect(pane.model.index(now))
    picture = pane.list.viewport().grab(rect).toImage()
    _tint, edge = now_colours(pane.list.palette())
    assert picture.pixelColor(1, rect.height() // 2).rgb() == edge.rgb()
    # It moves on with the video, and stays in view.
    qtbot.waitUntil(lambda: video_time(qtbot, window) >= 33.2, timeout=8_000)
    qtbot.waitUntil(lambda: pane.model.now == row_at(33.2), timeout=3_000)
    qtbot.waitUntil(lambda: pane.is_in_view(row_at(33.2)), timeout=3_000)


def _wheel(pane: TranscriptPane, notches: int) -> None:
    viewport = pane.list.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(
        centre,
        viewport.mapToGlobal(centre),
        QPoint(0, 0),
        QPoint(0, notches * 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_a_wheel_scroll_pauses_following_for_a_while(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    short_pane(qtbot, window)
    window.seek(28.5)
    qtbot.waitUntil(lambda: (pane.model.now or 0) >= row_at(28.5), timeout=5_000)
    qtbot.waitUntil(lambda: pane.is_in_view(pane.model.now or 0), timeout=5_000)
    bar = pane.list.verticalScrollBar()
    top = bar.value()
    _wheel(pane, 5)  # up, towards the start
    qtbot.waitUntil(lambda: bar.value() < top, timeout=3_000)
    by_hand = bar.value()
    # The video passes the next line: highlighted where it is, the list left where it was.
    qtbot.waitUntil(lambda: pane.model.now == row_at(31), timeout=6_000)
    # Had it followed, the list would have glided there by the time the glide is over.
    turned = event_loop_turned()
    stays(
        qtbot,
        lambda: bar.value() == by_hand and not pane.is_in_view(row_at(31)),
        after=lambda: turned() and pane.glide.state() != QAbstractAnimation.State.Running,
    )
    # Once the pause is over (a few seconds), the next line brings the list back.
    pane.paused_until = 0.0
    qtbot.waitUntil(lambda: pane.is_in_view(pane.model.now or 0), timeout=6_000)
    assert pane.model.now is not None and pane.model.now >= row_at(31)


def test_clicking_a_cue_or_enter_on_it_plays_the_real_video_from_there(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    row = row_at(21)
    pane.list.scrollTo(pane.model.index(row))
    centre = pane.list.visualRect(pane.model.index(row)).center()
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        QTest.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert seeked.args[0] == pytest.approx(21.0, abs=0.3)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - 21.0) < 1.5, timeout=5_000)
    assert window.status.currentMessage().startswith("Playing from 0:21")

    # A click with Ctrl (or Shift) selects: it does not seek.
    row = row_at(9)
    centre = pane.list.visualRect(pane.model.index(row)).center()
    QTest.mouseClick(
        pane.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, centre
    )
    assert pane.list.selectionModel().isSelected(pane.model.index(row))
    # Enter plays from the keyboard's row.
    pane.list.setFocus()
    pane.list.setCurrentIndex(pane.model.index(row))
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        QTest.keyClick(pane.list, Qt.Key.Key_Return)
    assert seeked.args[0] == pytest.approx(9.0, abs=0.3)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - 9.0) < 1.5, timeout=5_000)


def test_find_within_the_transcript_counts_steps_and_holds_following(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    short_pane(qtbot, window)
    pane.list.setFocus()
    QTest.keyClick(pane.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.find_box.hasFocus()
    assert not window.display.find_bar.isVisible()  # the pane's find, not the note's
    assert pane.following  # nothing to find yet
    QTest.keyClicks(pane.find_box, "ROUTER")
    assert not pane.following  # held while the reader finds
    assert pane.count.text() == "1 of 3"
    found = [row for row, text in enumerate(pane.model.texts) if "router" in text]
    assert found == list(ROUTER_LINES)
    assert pane.model.found == ROUTER_LINES[0] and pane.is_in_view(ROUTER_LINES[0])
    QTest.keyClick(pane.find_box, Qt.Key.Key_Return)
    assert pane.count.text() == "2 of 3"
    assert pane.model.found == ROUTER_LINES[1] and pane.is_in_view(ROUTER_LINES[1])
    QTest.keyClick(pane.find_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(pane.find_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.count.text() == "3 of 3" and pane.model.found == ROUTER_LINES[2]
    QTest.keyClicks(pane.find_box, "x")
    assert pane.count.text() == "No matches"
    QTest.keyClick(pane.find_box, Qt.Key.Key_Escape)
    assert pane.find_box.text() == "" and pane.list.hasFocus()
    assert pane.model.pattern is None and pane.count.text() == ""
    assert not pane.following  # the pause after a find, as after a scroll by hand

    # Ctrl+F in the note finds in the note.
    window.display.focus_note()
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.display.find_bar.isVisible()


def _select(pane: TranscriptPane, first: int, last: int) -> None:
    """Ctrl+click the first row, Shift+click the last: the reader's way to select lines."""
    for row, modifier in (
        (first, Qt.KeyboardModifier.ControlModifier),
        (last, Qt.KeyboardModifier.ShiftModifier),
    ):
        pane.list.scrollTo(pane.model.index(row))
        centre = pane.list.visualRect(pane.model.index(row)).center()
        QTest.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, modifier, centre)


def test_copy_as_markdown_quotes_the_lines_with_an_anchor_in_the_notes_convention(
    qtbot: QtBot, window: MainWindow, clip: Path
) -> None:
    pane = open_clip(qtbot, window, clip)
    _select(pane, row_at(19), row_at(23))
    QTest.keyClick(pane.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # The clock talk writes minutes:seconds (00:05): its anchors are minutes:seconds:00.
    assert QGuiApplication.clipboard().text() == (
        '> <a class="yt-timestamp" data-t="00:19:00">[00:19:00]</a> '
        "Line 10 is said here. Line 11 is said here. Line 12 is said here."
    )
    assert window.status.currentMessage() == "Copied 3 lines of the transcript as Markdown"

    # The pane's menu has it too; lines apart make paragraphs of their own.
    note = clip / "talk.md"
    note.write_text(
        note.read_text(encoding="utf-8") + f"\nTrue hours: {stamp('00:00:33')}\n", "utf-8"
    )
    qtbot.waitUntil(lambda: window.session.timeline.convention.true_hours, timeout=5_000)
    pane.list.clearSelection()
    _select(pane, row_at(1), row_at(3))
    centre = pane.list.visualRect(pane.model.index(row_at(15))).center()
    QTest.mouseClick(
        pane.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, centre
    )
    menu = pane.menu(row_at(15))
    copy = next(action for action in menu.actions() if action.objectName() == "copyAsMarkdown")
    copy.trigger()
    assert QGuiApplication.clipboard().text() == (
        '> <a class="yt-timestamp" data-t="00:00:01">[00:00:01]</a> '
        "Line 1 is said here. Line 2 is said here.\n"
        ">\n"
        '> <a class="yt-timestamp" data-t="00:00:15">[00:00:15]</a> Line 8 is said here, near '
        "the router."
    )


def test_offset_keys_shift_the_highlight_and_it_is_kept_across_a_relaunch(
    qtbot: QtBot, make_window: Callable[[], MainWindow], clip: Path
) -> None:
    vtt = clip / "media" / "clock.vtt"
    before = (vtt.read_bytes(), vtt.stat().st_mtime_ns)
    first = make_window()
    pane = open_clip(qtbot, first, clip)
    first.player.seek(21.5, play=False)
    qtbot.waitUntil(lambda: pane.model.now == row_at(21.5), timeout=5_000)
    for _ in range(2):  # the words come a second later
        QTest.keyClick(
            pane.list,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )
    assert pane.model.now == row_at(21.5) - 1
    assert pane.transcript is not None and pane.transcript.cues[0].start == 2.0
    assert pane.offset.isVisible() and pane.offset.text() == "+1 s"
    assert first.player.transcript is pane.transcript  # the captions shifted too
    assert first.status.currentMessage() == "Transcript +1 s: its words come 1 s later"
    first.column.setSizes([500, 220])
    sizes = first.column.sizes()
    # The video drawn at its new size before the window goes (a flush after would find none).
    qtbot.waitUntil(event_loop_turned())
    first.close()
    assert TranscriptChoices().get(clip / "talk.md").offset == 1.0
    assert (vtt.read_bytes(), vtt.stat().st_mtime_ns) == before  # files are never written

    second = make_window()
    pane = open_clip(qtbot, second, clip)
    assert second.column.sizes() == sizes
    second.player.seek(21.5, play=False)
    qtbot.waitUntil(lambda: pane.model.now == row_at(21.5) - 1, timeout=5_000)
    assert pane.offset.text() == "+1 s"
    second.actions_by_name["transcript_timing_reset"].trigger()
    assert pane.model.now == row_at(21.5) and not pane.offset.isVisible()
    assert TranscriptChoices().get(clip / "talk.md").offset == 0.0


def youtube_folder(tmp_path: Path) -> Path:
    """A YouTube note (true hours: 00:00:33) with its auto-captions in two languages, named as
    yt-dlp names them, in a folder of their own."""
    folder = tmp_path / "talks"
    (folder / "subs").mkdir(parents=True)
    (folder / "router.md").write_text(
        "---\ntitle: The router talk\nvideoId: AbCdEfGhIjK\n---\n\n"
        f"Where it starts {stamp('00:00:33')}.\n",
        encoding="utf-8",
    )
    lines = [
        (0.5, "so today we are going to talk"),
        (5.1, "about the router and its queue"),
        (9.4, "which fills up when traffic comes"),
        (13.8, "and then the buffer starts to drop"),
    ]
    for language, words in (("en", lines), ("ja", [(at, f"{text} ja") for at, text in lines])):
        vtt = folder / "subs" / f"The router talk [AbCdEfGhIjK].{language}.vtt"
        vtt.write_text(rolling_vtt(words, 18.0), encoding="utf-8")
    return folder


def test_a_youtube_notes_auto_captions_are_followed_in_the_pane(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_folder(tmp_path), "router.md")
    wait_for_note(qtbot, window, "The router talk")
    pane = window.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert pane.isVisible() and pane.title.text() == "The router talk [AbCdEfGhIjK].en.vtt"
    window.seek(6.0)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=10_000)
    qtbot.waitUntil(lambda: pane.model.now is not None, timeout=5_000)
    now = pane.model.now
    assert now is not None and "router" in pane.model.texts[now]
    qtbot.waitUntil(lambda: "which fills" in pane.model.texts[pane.model.now or 0], timeout=8_000)

    # Copied in the note's convention (true hours).
    pane.list.clearSelection()
    _select(pane, now, now)
    QTest.keyClick(pane.list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    start = int(pane.model.cues[now].start)
    assert (
        QGuiApplication.clipboard()
        .text()
        .startswith(
            f'> <a class="yt-timestamp" data-t="00:00:{start:02d}">[00:00:{start:02d}]</a> '
        )
    )


def test_the_language_follows_the_system_and_the_readers_choice_is_kept(
    qtbot: QtBot,
    make_window: Callable[[], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The system's languages as the environment gives them, without changing the process's
    # environment: the C library would then word its own messages in Japanese meanwhile.
    monkeypatch.setattr(
        "viewer.app.transcripts.system_languages", lambda: system_languages({"LANG": "ja_JP"})
    )
    folder = youtube_folder(tmp_path)
    first = make_window()
    first.open_folder(folder, "router.md")
    pane = first.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert pane.chosen is not None and pane.chosen.language == "ja"
    assert pane.language.isVisible() and pane.language.text() == "ja"
    menu = pane.language.menu()
    assert [action.text() for action in menu.actions()] == ["en", "ja"]
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: pane.chosen is not None and pane.chosen.language == "en")
    assert not pane.model.texts[-1].endswith("ja")
    first.close()

    second = make_window()
    second.open_folder(folder, "router.md")
    pane = second.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert pane.chosen is not None and pane.chosen.language == "en"
    assert [action.isChecked() for action in pane.language.menu().actions()] == [True, False]


def test_a_file_that_is_not_a_transcript_shows_its_sentence_in_the_pane(
    qtbot: QtBot, window: MainWindow, talk: Path
) -> None:
    vtt = talk / "media" / "clock.vtt"
    vtt.write_bytes(b"\x00\x01PK binary, not words\x00")
    open_talk(qtbot, window, talk)
    pane = window.transcript_pane
    sentence = " ".join(read_transcript(vtt).problems)
    assert sentence
    qtbot.waitUntil(lambda: pane.message.text() == sentence, timeout=10_000)
    assert pane.isVisible() and pane.message.isVisible() and not pane.list.isVisible()

    # Bad timings: the cues that can be read are shown, and what was skipped is said.
    vtt.write_text(clip_vtt().replace("00:00:05.000 -->", "00:00:5.0000 -->"), "utf-8")
    window.reload()
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(LINES) - 1, timeout=10_000)
    assert pane.notice.isVisible()
    assert read_transcript(vtt).problems[0] in pane.notice.text()


def test_view_transcript_hides_the_pane_and_shows_no_transcript_when_asked(
    qtbot: QtBot, make_window: Callable[[], MainWindow], clip: Path
) -> None:
    window = make_window()
    pane = open_clip(qtbot, window, clip)
    action = window.actions_by_name["transcript"]
    assert action.isChecked() and pane.isVisible()
    QTest.keyClick(
        window.note_view.focusProxy(),
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert not pane.isVisible() and not action.isChecked()
    window.close()

    window = make_window()
    action = window.actions_by_name["transcript"]
    assert not action.isChecked()
    window.open_folder(clip, "talk.md")
    pane = window.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(LINES), timeout=10_000)
    stays(qtbot, lambda: not pane.isVisible(), after=event_loop_turned())
    # Asked for on a note without a transcript, the pane says so.
    window.open_note("other.md")
    wait_for_note(qtbot, window, "Other")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0, timeout=5_000)
    action.trigger()
    assert pane.isVisible() and pane.message.text() == "No transcript for this note."
    # Shown again, as the reader asked: the next note with a transcript shows it.
    window.open_note("talk.md")
    qtbot.waitUntil(lambda: pane.model.rowCount() == len(LINES), timeout=10_000)
    assert pane.isVisible()


def test_a_youtube_notes_transcript_is_found_among_the_files_the_folders_scan_listed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder of 50,000 notes takes a second of Python to scan: the folder on screen was
    # made by a scan that listed its subtitle files already, so a note switch scans nothing.
    import viewer.app.transcripts as transcripts

    scans: list[Path] = []

    def counted(root: Path) -> object:
        scans.append(root)
        return scan(root)

    monkeypatch.setattr(transcripts, "scan", counted)
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_folder(tmp_path), "router.md")
    wait_for_note(qtbot, window, "The router talk")
    pane = window.transcript_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    assert pane.title.text() == "The router talk [AbCdEfGhIjK].en.vtt"
    assert scans == []
