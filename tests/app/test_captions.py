"""Captions over the picture, through the real window: the web player's caption line for a
YouTube note (the IFrame API served by a named fake, as there is no network here) and for a
file the web player plays, the native player's line for a local clip, C to turn them off and on,
and the reader's choice kept from one backend to the other."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineScript
from pytestqt.qtbot import QtBot

from tests.app.test_local_formats import MEDIA, native, note_about
from tests.app.test_youtube import with_fake_youtube
from tests.helpers.pages import click_element, player_eval, settled, wait_for_note
from tests.helpers.players import backend, video_loaded
from viewer.app.main_window import MainWindow
from viewer.core.transcripts import Transcript, parse_transcript

#: Cues of a talk: the third one's text is markup written as text (`&lt;`), which must show
#: as the characters it spells, never be made into an element.
TALK_VTT = """WEBVTT

00:00:00.000 --> 00:00:10.000
Before the first timestamp

00:00:33.000 --> 00:00:35.000
So today we talk about the router

00:00:35.000 --> 00:00:40.000
and &lt;img src=x onerror="window.__injected = 1"&gt; what it <b>routes</b>
"""
INJECTED = 'and <img src=x onerror="window.__injected = 1"> what it routes'


def talk() -> Transcript:
    return parse_transcript(TALK_VTT)


def caption(qtbot: QtBot, window: MainWindow) -> tuple[str, bool]:
    """The web player's caption line as the page has it: its text, and whether it shows."""
    text, shown = player_eval(
        qtbot,
        window,
        "[document.getElementById('caption').textContent,"
        " document.getElementById('caption').checkVisibility()]",
    )
    return str(text), bool(shown)


def press_c(window: MainWindow) -> None:
    """A real C key press, where the reader is (the note)."""
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_C)


def youtube_note(folder: Path, video_id: str = "AAAAAAAAAAA", name: str = "talk.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        f"---\ntitle: A talk\nvideoId: {video_id}\n---\n"
        'From <a class="yt-timestamp" data-t="00:00:33">[00:00:33]</a> on.\n',
        encoding="utf-8",
    )
    return folder


def test_captions_follow_the_youtube_player_over_its_picture_and_c_turns_them_off_and_on(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_note(tmp_path / "talks"), "talk.md")
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    assert caption(qtbot, window) == ("", False)  # no transcript: no line, not even empty

    window.player.set_transcript(talk())
    qtbot.waitUntil(lambda: caption(qtbot, window) == ("Before the first timestamp", True))
    # A timestamp clicked: the caption of that moment, then the next one as the video plays.
    click_element(qtbot, window.note_view, "a.timestamp[href='seek:33']")
    qtbot.waitUntil(
        lambda: caption(qtbot, window) == ("So today we talk about the router", True),
        timeout=5_000,
    )
    qtbot.waitUntil(lambda: caption(qtbot, window) == (INJECTED, True), timeout=8_000)
    assert player_eval(qtbot, window, "document.querySelectorAll('#captions *').length") == 1
    assert player_eval(qtbot, window, "window.__injected ?? null") is None
    # Over the bottom of the picture: inside it, in its lower part, white on dark.
    box = player_eval(
        qtbot,
        window,
        "(() => { const c = document.getElementById('caption').getBoundingClientRect();"
        " const p = document.getElementById('yt-host').getBoundingClientRect();"
        " const s = getComputedStyle(document.getElementById('caption'));"
        " return [c.top > p.top + p.height / 2, c.bottom < p.bottom,"
        " s.color, s.backgroundColor]; })()",
    )
    assert box == [True, True, "rgb(255, 255, 255)", "rgba(8, 8, 8, 0.75)"]

    press_c(window)
    qtbot.waitUntil(lambda: not caption(qtbot, window)[1], timeout=3_000)
    assert window.player.flash.text() == "Subtitles off"
    press_c(window)
    qtbot.waitUntil(lambda: caption(qtbot, window)[1], timeout=3_000)
    assert window.player.flash.text() == "Subtitles on"


def test_captions_hide_behind_the_message_of_a_video_that_cannot_play(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_note(tmp_path / "talks", "NOTFOUND100"), "talk.md")
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.error is not None, timeout=10_000)
    window.player.set_transcript(talk())
    # The line has the caption of 0:00, yet the message is what shows.
    qtbot.waitUntil(lambda: caption(qtbot, window)[0] == "Before the first timestamp")
    assert caption(qtbot, window) == ("Before the first timestamp", False)
    assert player_eval(qtbot, window, "document.getElementById('status').checkVisibility()")


def test_captions_on_the_native_player_from_the_pane_and_c_turns_them_off(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.open_folder(note_about(tmp_path / "n", "clock-h264.mp4", "Clock"), "clip.md")
    wait_for_note(qtbot, window, "Clock")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=20_000)
    assert backend(window) == "native"
    player = native(window)
    assert not player.cue.isVisible()  # the clip has no subtitle file beside it
    window.player.set_transcript(parse_transcript((MEDIA / "clock-h264.vtt").read_text()))
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(
        lambda: player.cue.text() == "The first cue, from two to four seconds", timeout=5_000
    )
    assert player.cue.isVisible()
    press_c(window)
    qtbot.waitUntil(lambda: not player.cue.isVisible(), timeout=3_000)
    assert window.player.flash.text() == "Subtitles off"


def test_turned_off_on_youtube_they_stay_off_for_the_next_video_in_either_player(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    folder = youtube_note(tmp_path / "n")
    note_about(folder, "clock-h264.mp4", "Clock")
    shutil.copy(MEDIA / "clock-av1.webm", folder / "media" / "clock-av1.webm")
    (folder / "av1.md").write_text(
        "---\ntitle: Clock in AV1\nvideo: media/clock-av1.webm\n---\n"
        'At <a class="yt-timestamp" data-t="00:03">[00:03]</a>.\n',
        encoding="utf-8",
    )
    window.open_folder(folder, "talk.md")
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    window.player.set_transcript(talk())
    qtbot.waitUntil(lambda: caption(qtbot, window)[1])
    press_c(window)
    qtbot.waitUntil(lambda: not caption(qtbot, window)[1], timeout=3_000)

    # The native player: the captions given for the clip, kept off until C.
    window.open_note("clip.md")
    wait_for_note(qtbot, window, "Clock")
    window.player.set_transcript(parse_transcript((MEDIA / "clock-h264.vtt").read_text()))
    qtbot.waitUntil(
        lambda: backend(window) == "native" and video_loaded(qtbot, window), timeout=20_000
    )
    player = native(window)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(lambda: player.cue.text() != "", timeout=5_000)
    assert not player.cue.isVisible()
    press_c(window)
    qtbot.waitUntil(lambda: player.cue.isVisible(), timeout=3_000)

    # A file the probe gives to the web player: its captions there, on, as the reader left them.
    window.open_note("av1.md")
    wait_for_note(qtbot, window, "Clock in AV1")
    window.player.set_transcript(parse_transcript((MEDIA / "clock-h264.vtt").read_text()))
    qtbot.waitUntil(
        lambda: backend(window) == "web" and video_loaded(qtbot, window), timeout=20_000
    )
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(
        lambda: caption(qtbot, window) == ("The first cue, from two to four seconds", True),
        timeout=5_000,
    )


def test_captions_stay_over_the_picture_when_the_page_shows_it_fullscreen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """YouTube's own fullscreen button puts its player in the page's top layer, above
    everything else: the captions go back on top of it. (The request is accepted here, not by
    the window, so only the page's part is seen.)"""
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_note(tmp_path / "talks"), "talk.md")
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    window.player.set_transcript(talk())
    qtbot.waitUntil(lambda: caption(qtbot, window) == ("Before the first timestamp", True))
    window.player.pageFullscreenRequested.disconnect()
    window.player.pageFullscreenRequested.connect(lambda request: request.accept())
    # The fake player's picture asks for fullscreen when clicked, as YouTube's button does.
    player_eval(
        qtbot,
        window,
        "(document.getElementById('yt-player').addEventListener('click', () =>"
        " document.getElementById('yt-player').requestFullscreen()), true)",
    )
    view = window.player.web.view
    QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(
        lambda: player_eval(qtbot, window, "document.fullscreenElement?.id ?? null") == "yt-player"
    )
    qtbot.waitUntil(settled(qtbot, view.page(), 10, QWebEngineScript.ScriptWorldId.MainWorld))
    # Beside the words, inside the caption's box: its dark backing, not the player's colour.
    left, middle = player_eval(
        qtbot,
        window,
        "(() => { const r = document.getElementById('caption').getBoundingClientRect();"
        " return [r.left + 3, r.top + r.height / 2]; })()",
    )
    picture = view.grab().toImage()
    backing = picture.pixelColor(round(left), round(middle))
    player = picture.pixelColor(round(left) - 12, round(middle))
    assert player.name() == "#202124"  # the fake player's background, beside the caption
    assert backing.lightness() < player.lightness() - 10, (backing.name(), player.name())


def test_the_pages_own_fullscreen_button_fills_the_screen_and_esc_leaves_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """YouTube's fullscreen button: the page asks, the window goes fullscreen around the
    player (it used to crash the app), and Esc, which the page would keep, leaves."""
    with_fake_youtube(qtbot, window)
    window.open_folder(youtube_note(tmp_path / "talks"), "talk.md")
    wait_for_note(qtbot, window, "A talk")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    player_eval(
        qtbot,
        window,
        "(document.getElementById('yt-player').addEventListener('click', () =>"
        " document.getElementById('yt-player').requestFullscreen()), true)",
    )
    view = window.player.web.view
    QTest.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(window.isFullScreen, timeout=10_000)
    assert window.fullscreen.active and not window.note_view.isVisible()
    qtbot.waitUntil(
        lambda: player_eval(qtbot, window, "document.fullscreenElement?.id ?? null") == "yt-player"
    )
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=10_000)
    assert window.note_view.isVisible() and not window.fullscreen.active
