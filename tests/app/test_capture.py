"""Add Note at This Moment through the real window: N opens the box under the note at the
video's time, real keys type into it, and the file is compared byte for byte with what the
core puts in (docs/CAPTURE.md). Also its undo, a file changed on disk or read-only, the
preferences (lead-in, pause), a quoted cue, Copy Frame and the hand-offs (the editor at the
new line, Obsidian).

The note is about the clock clip of ``tests/data/media`` (20 s, 320 × 180, its frame number in
its picture), with its WebVTT transcript beside it; the video is sent to a time, paused, so the
moment is known. A seek to ``x.5`` s lands within the second whatever frame shows it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.app.test_desktop import _recorder
from tests.app.test_youtube import SHARED_SAMPLE, with_fake_youtube
from tests.conftest import REPO
from tests.core.capture_checks import a, inserted_at
from tests.helpers.frames import FPS, HEIGHT, WIDTH, frame_code
from tests.helpers.pages import note_eval, wait_for_note
from tests.helpers.players import backend, video_paused, video_time
from tests.helpers.waits import stays
from viewer.app.capture_box import CaptureBox
from viewer.app.main_window import MainWindow

MEDIA = REPO / "tests" / "data" / "media"
TITLE = "Clock notes"
NOTE = (
    f"---\ntitle: {TITLE}\nvideo: media/clock.mp4\n---\n"
    "\n"
    f"Intro {a('00:02')}.\n"
    "\n"
    "## Middle\n"
    "\n"
    f"- First point {a('00:05')}\n"
    f"- Second point {a('00:12')}\n"
    "\n"
    f"Closing words {a('00:18')}.\n"
)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
#: The clip's second cue (tests/data/media/clock-h264.vtt), said from 6 to 8 seconds.
SECOND_CUE = "The second cue, from six to eight seconds"


def item(value: str, *lines: str) -> bytes:
    """The list item a capture at ``value`` writes: its first line, then those under it."""
    first, *under = lines
    return "".join([f"- {a(value)} {first}\n", *(f"  {line}\n" for line in under)]).encode()


@pytest.fixture
def clock(tmp_path: Path) -> Path:
    """A folder with a note about the clock clip, its transcript beside the video."""
    folder = tmp_path / "clock"
    (folder / "media").mkdir(parents=True)
    shutil.copy(MEDIA / "clock-h264.mp4", folder / "media" / "clock.mp4")
    shutil.copy(MEDIA / "clock-h264.vtt", folder / "media" / "clock.vtt")
    (folder / "clock.md").write_text(NOTE, encoding="utf-8")
    (folder / "other.md").write_text("# Other\n\nNo video here.\n", encoding="utf-8")
    return folder


def open_clock(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    window.open_folder(folder, "clock.md")
    wait_for_note(qtbot, window, TITLE)
    qtbot.waitUntil(lambda: window.player.state.duration > 19, timeout=15_000)
    qtbot.waitUntil(lambda: len(window.player.controls.seek_bar.marks) == 4, timeout=5_000)


def paused_at(qtbot: QtBot, window: MainWindow, seconds: float) -> None:
    """The video sent to ``seconds`` and paused there, its frame on screen."""
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        window.player.seek(seconds, play=False)
    qtbot.waitUntil(lambda: abs(window.player.position() - seconds) < 0.05, timeout=5_000)


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None
) -> None:
    """A key pressed with the keyboard in the note, as the reader reads it."""
    window.display.focus_note()
    qtbot.waitUntil(lambda: window.note_view.focusProxy().hasFocus(), timeout=5_000)
    QTest.keyClick(window.note_view.focusProxy(), key, modifier or Qt.KeyboardModifier.NoModifier)


def box(window: MainWindow) -> CaptureBox:
    return window.capture_box


def type_note(qtbot: QtBot, window: MainWindow, *lines: str) -> None:
    """Type ``lines`` into the open box, Shift+Enter between them (not Enter yet)."""
    editor = box(window).editor
    qtbot.waitUntil(editor.hasFocus, timeout=5_000)
    for number, line in enumerate(lines):
        if number:
            QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        QTest.keyClicks(editor, line)


def enter(window: MainWindow) -> None:
    QTest.keyClick(box(window).editor, Qt.Key.Key_Return)


def captured_text(qtbot: QtBot, window: MainWindow) -> str | None:
    """The text of the block marked as the line just added, if the page has one."""
    return note_eval(qtbot, window, "document.querySelector('[data-captured]')?.textContent")


def test_n_opens_the_box_at_the_moment_and_enter_writes_exactly_the_line(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    before = note.read_bytes()
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    assert box(window).isVisible()
    assert box(window).moment.text() == "Note at 0:08"
    # Under the note, not over it: the box and the page share the pane.
    assert box(window).geometry().top() >= window.note_view.geometry().bottom()
    # The moment was taken when the box opened: the video moving on does not change it.
    paused_at(qtbot, window, 15.5)
    # N, K and Space type into the box: the window's keys are not taken there.
    type_note(qtbot, window, "Nick knows K", "more")
    assert box(window).text == "Nick knows K\nmore"
    assert not window.player.state.playing
    enter(window)

    after = note.read_bytes()
    assert after == inserted_at(before, b"- Second point", item("00:08:00", "Nick knows K", "more"))
    assert not box(window).isVisible()
    assert window.status.currentMessage() == "Added a note at 0:08 — Ctrl+Z takes it back"
    # The note shows the line, marked, in view.
    qtbot.waitUntil(lambda: "Nick knows K" in (captured_text(qtbot, window) or ""), timeout=10_000)
    in_view = note_eval(
        qtbot,
        window,
        "(() => { const r = document.querySelector('[data-captured]').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; })()",
    )
    assert in_view
    assert window.actions_by_name["undo_capture"].isEnabled()


def test_esc_writes_nothing_and_gives_the_keyboard_back_to_the_note(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    before = note.read_bytes()
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 3.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Not this")
    QTest.keyClick(box(window).editor, Qt.Key.Key_Escape)
    assert not box(window).isVisible()
    assert note.read_bytes() == before
    qtbot.waitUntil(lambda: window.note_view.focusProxy().hasFocus(), timeout=5_000)
    # Cancelled, the text is gone: the next box starts empty.
    press(qtbot, window, Qt.Key.Key_N)
    assert box(window).isVisible() and box(window).text == ""
    assert not window.actions_by_name["undo_capture"].isEnabled()


def test_a_file_changed_on_disk_after_the_box_opened_is_not_written_and_the_text_is_kept(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Mine")
    # An editor saves the note meanwhile, and the app shows it.
    edited = note.read_bytes().replace(b"Closing words", b"Closing words, edited,")
    note.write_bytes(edited)
    qtbot.waitUntil(
        lambda: note_eval(qtbot, window, "document.body?.textContent.includes('edited') ?? false"),
        timeout=10_000,
    )
    enter(window)
    assert note.read_bytes() == edited  # nothing written
    assert box(window).isVisible() and box(window).text == "Mine"
    message = box(window).message
    assert message.isVisible()
    assert message.text() == (
        "“clock.md” was changed on disk since it was shown; nothing was written. "
        "It is shown again as it is now: Enter adds the line to it."
    )
    # Enter again: the line goes into the note as it is now.
    enter(window)
    assert note.read_bytes() == inserted_at(edited, b"- Second point", item("00:08:00", "Mine"))
    assert not box(window).isVisible()


def test_a_capture_while_the_watcher_reloads_the_note(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 13.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Quick")
    # Saved elsewhere an instant before Enter, while the watcher waits for the file to settle.
    edited = note.read_bytes().replace(b"Intro", b"Intro, edited,")
    note.write_bytes(edited)
    enter(window)
    assert note.read_bytes() == edited
    assert box(window).text == "Quick"
    # The watcher's own reload comes after, and shows the same note: one more Enter writes.
    qtbot.waitUntil(lambda: not window.session._note_timer.isActive(), timeout=5_000)
    enter(window)
    expected = inserted_at(edited, b"\nClosing", item("00:13:00", "Quick"))
    assert note.read_bytes() == expected
    qtbot.waitUntil(lambda: "Quick" in (captured_text(qtbot, window) or ""), timeout=10_000)

    # Saved again unchanged by an editor, the note wakes the watcher, and is not shown again:
    # the note on screen is those bytes already, and the new line stays marked.
    reloads: list[bool] = []
    window.session.noteReloaded.connect(lambda: reloads.append(True))
    with qtbot.waitSignal(window.session.note_watcher.fileChanged, timeout=5_000):
        note.write_bytes(expected)
    stays(
        qtbot,
        lambda: reloads == [] and "Quick" in (captured_text(qtbot, window) or ""),
        after=lambda: not window.session._note_timer.isActive(),
    )


def test_ctrl_z_takes_the_lines_back_byte_for_byte_one_by_one(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    original = note.read_bytes()
    open_clock(qtbot, window, clock)
    undo = window.actions_by_name["undo_capture"]
    assert not undo.isEnabled()
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "One")
    enter(window)
    first = note.read_bytes()
    paused_at(qtbot, window, 19.5)
    press(qtbot, window, Qt.Key.Key_N)
    # A new box: the last line's "Ctrl+Z takes it back" is old news, and goes.
    assert not window.status.currentMessage().startswith("Added a note")
    type_note(qtbot, window, "Two")
    enter(window)
    assert note.read_bytes() == first + b"\n" + item("00:19:00", "Two")

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.read_bytes() == first
    assert window.status.currentMessage() == "Took back the note at 0:19"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.read_bytes() == original
    assert not undo.isEnabled()
    qtbot.waitUntil(
        lambda: note_eval(
            qtbot, window, "document.body !== null && !document.body.textContent.includes('One')"
        ),
        timeout=10_000,
    )


def test_undo_leaves_a_note_changed_since_as_it_is(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Kept")
    enter(window)
    edited = note.read_bytes() + b"\nWritten elsewhere.\n"
    note.write_bytes(edited)
    window.actions_by_name["undo_capture"].trigger()
    assert note.read_bytes() == edited
    assert window.status.currentMessage() == (
        "“clock.md” was changed since the line was added, so it is left as it is; "
        "the line can be removed in an editor."
    )
    assert not window.actions_by_name["undo_capture"].isEnabled()


def test_a_read_only_note_says_so_in_the_box_and_keeps_the_text(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    before = note.read_bytes()
    open_clock(qtbot, window, clock)
    note.chmod(0o444)  # no write bit: read-only for the app, even running as root
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Try again")
    enter(window)
    assert note.read_bytes() == before
    assert box(window).message.text() == "“clock.md” is read-only; nothing was written."
    assert box(window).isVisible() and box(window).text == "Try again"
    # Made writable, the same Enter writes, the file keeping its permissions.
    note.chmod(0o640)
    enter(window)
    assert note.read_bytes() == inserted_at(
        before, b"- Second point", item("00:08:00", "Try again")
    )
    assert note.stat().st_mode & 0o777 == 0o640


def test_the_lead_in_from_preferences_puts_the_note_earlier(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    before = note.read_bytes()
    open_clock(qtbot, window, clock)
    window.actions_by_name["preferences"].trigger()
    dialog = window.commands.dialog
    qtbot.waitExposed(dialog)
    assert not dialog.pause.isChecked()  # the video plays on while typing, unless chosen
    QTest.mouseClick(dialog.pause, Qt.MouseButton.LeftButton)
    dialog.lead_in.clear()
    QTest.keyClicks(dialog.lead_in, "5")
    dialog.accept()
    assert window.settings.capture_lead_in == 5
    assert window.settings.capture_pauses
    window.activateWindow()  # as the desktop does once a dialog closes
    paused_at(qtbot, window, 12.5)
    press(qtbot, window, Qt.Key.Key_N)
    assert box(window).moment.text() == "Note at 0:07"
    type_note(qtbot, window, "Earlier")
    enter(window)
    assert note.read_bytes() == inserted_at(before, b"- Second point", item("00:07:00", "Earlier"))


def test_the_video_plays_on_while_typing_unless_the_preference_pauses_it(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    open_clock(qtbot, window, clock)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        window.player.seek(1.0, play=True)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "playing")
    started = video_time(qtbot, window)
    qtbot.waitUntil(lambda: video_time(qtbot, window) > started + 0.5, timeout=5_000)
    QTest.keyClick(box(window).editor, Qt.Key.Key_Escape)
    assert window.player.state.playing

    window.settings.capture_pauses = True
    press(qtbot, window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: video_paused(qtbot, window), timeout=5_000)
    QTest.keyClick(box(window).editor, Qt.Key.Key_Escape)
    # Closed, the box lets the video play again.
    qtbot.waitUntil(lambda: not video_paused(qtbot, window), timeout=5_000)


def test_the_cue_on_screen_can_be_quoted_under_the_note(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    note = clock / "clock.md"
    before = note.read_bytes()
    open_clock(qtbot, window, clock)
    pane = window.transcript_pane
    # Before the first cue is said, there is nothing to quote.
    paused_at(qtbot, window, 1.5)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_N)
    assert not box(window).quote_box.isVisible()
    QTest.keyClick(box(window).editor, Qt.Key.Key_Escape)

    paused_at(qtbot, window, 6.5)
    qtbot.waitUntil(lambda: pane.model.now == 1, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_N)
    quote = box(window).quote_box
    assert quote.isVisible() and not quote.isChecked()
    QTest.mouseClick(quote, Qt.MouseButton.LeftButton)
    assert box(window).cue.text() == f"> {SECOND_CUE}"
    box(window).editor.setFocus()
    type_note(qtbot, window, "Said")
    enter(window)
    expected = item("00:06:00", "Said", f"> {SECOND_CUE}")
    assert note.read_bytes() == inserted_at(before, b"- Second point", expected)

    # The pane hidden, the caption over the picture is what is on screen: it is offered.
    press(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not pane.isVisible(), timeout=5_000)
    assert window.player.captions_shown
    press(qtbot, window, Qt.Key.Key_N)
    assert box(window).quote_box.isVisible()
    assert box(window).quote == SECOND_CUE  # still ticked, as the reader left it
    QTest.keyClick(box(window).editor, Qt.Key.Key_Escape)
    # The captions off (C) too: no words on screen, nothing to quote.
    press(qtbot, window, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: not window.player.captions_shown, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_N)
    assert not box(window).quote_box.isVisible() and box(window).quote is None


def test_copy_frame_puts_the_native_players_picture_on_the_clipboard(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 5.0)
    QGuiApplication.clipboard().clear()
    window.actions_by_name["copy_frame"].trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    # The clip's own picture: the frame number it carries is the frame at 5 s.
    assert frame_code(lambda x, y: image.pixelColor(x, y).lightness()) == 5 * FPS
    assert window.status.currentMessage() == f"Copied the picture at 0:05 ({WIDTH} × {HEIGHT})"

    # The video's own menu (a right click on the picture) has it too.
    paused_at(qtbot, window, 10.0)
    QGuiApplication.clipboard().clear()
    player = window.player.active
    assert player is not None
    centre = player.rect().center()
    QTest.mouseClick(player, Qt.MouseButton.RightButton, pos=centre)
    QApplication.sendEvent(  # what the window system sends after it (offscreen does not)
        player,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, player.mapToGlobal(centre)),
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    copy = next(action for action in menu.actions() if action.text() == "Copy Frame")
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(copy).center())
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull(), timeout=5_000)
    image = QGuiApplication.clipboard().image()
    assert frame_code(lambda x, y: image.pixelColor(x, y).lightness()) == 10 * FPS


def test_copy_frame_of_a_file_the_web_player_plays_draws_its_picture(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    # AV1: no decoder in the app's own player here, so the web player plays it.
    shutil.copy(MEDIA / "clock-av1.webm", clock / "media" / "clock.webm")
    note = clock / "clock.md"
    note.write_text(NOTE.replace("media/clock.mp4", "media/clock.webm"), encoding="utf-8")
    open_clock(qtbot, window, clock)
    qtbot.waitUntil(lambda: backend(window) == "web", timeout=10_000)
    paused_at(qtbot, window, 5.02)  # the middle of frame 125, clear of its edges
    QGuiApplication.clipboard().clear()
    window.actions_by_name["copy_frame"].trigger()
    qtbot.waitUntil(lambda: not QGuiApplication.clipboard().image().isNull(), timeout=5_000)
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)
    assert frame_code(lambda x, y: image.pixelColor(x, y).lightness()) == 125


def test_copy_frame_of_a_youtube_video_says_why_it_cannot(qtbot: QtBot, window: MainWindow) -> None:
    with_fake_youtube(qtbot, window)
    window.open_folder(SHARED_SAMPLE)
    wait_for_note(qtbot, window, "Model architectures in AI")
    QGuiApplication.clipboard().setText("kept")
    window.actions_by_name["copy_frame"].trigger()
    assert window.status.currentMessage() == (
        "A YouTube video's picture cannot be copied: YouTube's own player draws it, "
        "and it gives no access to its pixels."
    )
    assert QGuiApplication.clipboard().text() == "kept"


def test_open_in_editor_goes_to_the_line_added(
    qtbot: QtBot, window: MainWindow, clock: Path, tmp_path: Path
) -> None:
    script, record = _recorder(tmp_path)
    window.settings.editor = f"'{script}' --line {{line}} {{file}}"
    open_clock(qtbot, window, clock)
    paused_at(qtbot, window, 8.5)
    press(qtbot, window, Qt.Key.Key_N)
    type_note(qtbot, window, "Here")
    enter(window)
    press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(record.exists, timeout=10_000)
    # The new item is the file's line 11, under "- First point".
    assert json.loads(record.read_text(encoding="utf-8")) == [
        "--line",
        "11",
        str(clock / "clock.md"),
    ]
    assert (clock / "clock.md").read_text(encoding="utf-8").split("\n")[10].endswith("Here")


class _Obsidian(QObject):
    """Stands in for Obsidian: records the links it was given, as encoded."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def obsidian() -> Iterator[_Obsidian]:
    catcher = _Obsidian()
    QDesktopServices.setUrlHandler("obsidian", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("obsidian")


def test_open_in_obsidian_is_offered_in_a_vault_and_opens_the_note_there(
    qtbot: QtBot, window: MainWindow, clock: Path, tmp_path: Path, obsidian: _Obsidian
) -> None:
    action = window.actions_by_name["open_in_obsidian"]
    open_clock(qtbot, window, clock)
    assert not action.isVisible()  # not a vault

    vault = tmp_path / "My Vault"
    (vault / ".obsidian").mkdir(parents=True)
    talks = vault / "talks"
    shutil.copytree(clock, talks / "by day")
    os.rename(talks / "by day" / "clock.md", talks / "by day" / "clock notes.md")
    window.open_folder(talks, "by day/clock notes.md")
    wait_for_note(qtbot, window, TITLE)
    assert action.isVisible()
    action.trigger()
    assert obsidian.urls == [
        "obsidian://open?vault=My%20Vault&file=talks%2Fby%20day%2Fclock%20notes"
    ]
    assert window.status.currentMessage() == "Opened by day/clock notes.md in Obsidian"


def test_the_box_keys_are_listed_and_n_on_a_note_without_video_says_why(
    qtbot: QtBot, window: MainWindow, clock: Path
) -> None:
    open_clock(qtbot, window, clock)
    window.open_note("other.md")
    wait_for_note(qtbot, window, "Other")
    press(qtbot, window, Qt.Key.Key_N)
    assert not box(window).isVisible()
    assert window.status.currentMessage() == (
        "This note has no video: a note at a moment needs one to time it."
    )
    window.actions_by_name["shortcuts"].trigger()
    dialog = QApplication.activeModalWidget() or window.commands.dialog
    rows = dialog.rows()
    assert ("Playback", "Add Note at This Moment", "N") in rows
    assert ("Playback", "Undo Add Note", "Ctrl+Z") in rows
    assert ("In the note box", "New line", "Shift+Enter") in rows
    dialog.reject()
