"""The YouTube path end to end, with the IFrame API served by a named fake (no network here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl, QUrlQuery
from PySide6.QtWebEngineCore import QWebEngineScript
from pytestqt.qtbot import QtBot

from tests.helpers.browser import UrlCatcher
from tests.helpers.fake_youtube import FakeYouTubeRedirect, install_fake_youtube
from tests.helpers.pages import click_element, note_eval, player_eval, wait_for_note
from tests.helpers.waits import stays
from viewer.app.main_window import MainWindow
from viewer.identity import PLAYER_ORIGIN

#: A copy of the real note from the format's description (its 22 timestamps, its video id).
SHARED_SAMPLE = Path(__file__).resolve().parents[1] / "core" / "data" / "samples"


def with_fake_youtube(qtbot: QtBot, window: MainWindow) -> FakeYouTubeRedirect:
    """The player page reloaded with the fake IFrame API in place of YouTube's."""
    redirect = install_fake_youtube(window.player_profile)
    window.player.web.reload_page()
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=10_000)
    return redirect


#: The calls that make a player or give it a video.
PLAYING_CALLS = ("Player", "cueVideoById", "loadVideoById")


def _calls(qtbot: QtBot, window: MainWindow) -> list[list[Any]]:
    return player_eval(qtbot, window, "(window.__fakeYouTube || {calls: []}).calls") or []


def test_timestamp_click_reaches_the_youtube_player_as_seek_to(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    redirect = with_fake_youtube(qtbot, window)
    window.open_folder(SHARED_SAMPLE)
    wait_for_note(qtbot, window, "Model architectures in AI")
    # The player page makes YouTube's player in place of its element "yt-player".
    qtbot.waitUntil(
        lambda: ["Player", "yt-player", "7-3IxVvWoxc"] in _calls(qtbot, window), timeout=10_000
    )
    assert redirect.redirected == 1

    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:163']")
    qtbot.waitUntil(lambda: ["seekTo", 163, True] in _calls(qtbot, window), timeout=5_000)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    players = [call for call in _calls(qtbot, window) if call[0] == "Player"]
    assert len(players) == 1 and players[0][2] == "7-3IxVvWoxc"


def _youtube_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "part_one.md").write_text(
        "---\ntitle: Part one\nvideoId: AAAAAAAAAAA\n---\n"
        'Start <a class="yt-timestamp" data-t="00:00:33">[00:00:33]</a>, '
        'late <a class="yt-timestamp" data-t="50:10:00">[50:10:00]</a>. '
        "Next: [[part_two]].\n",
        encoding="utf-8",
    )
    (folder / "part_two.md").write_text(
        "---\ntitle: Part two\nvideoId: AAAAAAAAAAA\n---\nSame video. [[other_talk]]\n",
        encoding="utf-8",
    )
    (folder / "other_talk.md").write_text(
        "---\ntitle: Other talk\nvideoId: BBBBBBBBBBB\n---\nAnother video.\n", encoding="utf-8"
    )
    return folder


def test_notes_of_the_same_video_share_the_player_and_another_video_loads(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    with_fake_youtube(qtbot, window)
    window.open_folder(_youtube_folder(tmp_path), "part_one.md")
    wait_for_note(qtbot, window, "Part one")
    qtbot.waitUntil(lambda: window.player.state.duration == 3600, timeout=10_000)
    # Knowing the duration re-renders the note (50:10:00 gives way): click after that.
    qtbot.waitUntil(
        lambda: note_eval(qtbot, window, "!!document.querySelector(\"a[href='seek:3010']\")")
    )
    player_eval(qtbot, window, "window.__sameVideoMarker = 'kept'")

    click_element(qtbot, window.note_view, "a.wikilink[href='note:part_two.md']")
    wait_for_note(qtbot, window, "Part two")
    # The page was not reloaded (the marker survives) and no second player was made.
    assert player_eval(qtbot, window, "window.__sameVideoMarker") == "kept"
    assert [call[0] for call in _calls(qtbot, window)].count("Player") == 1

    click_element(qtbot, window.note_view, "a.wikilink[href='note:other_talk.md']")
    wait_for_note(qtbot, window, "Other talk")
    # The same player, another video cued in it (not played: the reader has not asked).
    stays(
        qtbot,
        lambda: (
            [call[0] for call in _calls(qtbot, window) if call[0] in PLAYING_CALLS]
            == ["Player", "cueVideoById"]
        ),
        after=lambda: ["cueVideoById", "BBBBBBBBBBB"] in _calls(qtbot, window),
    )


def test_a_reading_past_the_end_of_the_video_gives_way_once_the_duration_is_known(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # FORMAT.md rule 3. The note has 00:00:33, so 50:10:00 reads as 50 hours; the fake's
    # video lasts an hour, so once the player says so it becomes 50 min 10 s.
    with_fake_youtube(qtbot, window)
    window.open_folder(_youtube_folder(tmp_path), "part_one.md")
    wait_for_note(qtbot, window, "Part one")
    qtbot.waitUntil(
        lambda: (
            note_eval(
                qtbot,
                window,
                "[...document.querySelectorAll('a.timestamp')].map(a => a.getAttribute('href'))",
            )
            == ["seek:33", "seek:3010"]
        ),
        timeout=10_000,
    )
    assert note_eval(qtbot, window, "document.querySelectorAll('a.timestamp')[1].textContent") == (
        "50:10"
    )


def test_the_embed_request_names_the_app_as_youtube_asks(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # YouTube's "Embedded player API client identity": a Referer of https://<application id>,
    # with the same origin in the player's parameters. Seen at the interceptor, before any
    # connection would be tried.
    redirect = with_fake_youtube(qtbot, window)
    window.open_folder(_youtube_folder(tmp_path), "part_one.md")
    wait_for_note(qtbot, window, "Part one")
    qtbot.waitUntil(lambda: bool(redirect.embeds), timeout=10_000)
    url, headers = redirect.embeds[0]
    assert PLAYER_ORIGIN == "https://io.github.videonotes.viewer"
    assert url.path() == "/embed/AAAAAAAAAAA"
    query = QUrlQuery(url)
    assert query.queryItemValue("origin", QUrl.ComponentFormattingOption.FullyDecoded) == (
        PLAYER_ORIGIN
    )
    assert query.queryItemValue("widget_referrer", QUrl.ComponentFormattingOption.FullyDecoded) == (
        PLAYER_ORIGIN
    )
    assert headers["Referer"] == f"{PLAYER_ORIGIN}/"
    assert player_eval(qtbot, window, "document.referrer === '' && location.origin") == (
        PLAYER_ORIGIN
    )
    policy = "document.querySelector('meta[name=referrer]').content"
    assert player_eval(qtbot, window, policy) == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    ("video_id", "code", "title"),
    [
        ("EMBEDBLOCKD", "embed-blocked", "This video can't be embedded here"),
        ("NOEMBED-101", "embed-blocked", "This video can't be embedded here"),
        ("NOTFOUND100", "not-found", "This video can't be found"),
        ("IDENTITY152", "identity", "YouTube didn't accept this player"),
        ("IDENTITY153", "identity", "YouTube didn't accept this player"),
    ],
)
def test_a_youtube_error_says_what_the_reader_can_do_and_watches_at_the_moment_asked(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    browser: UrlCatcher,
    video_id: str,
    code: str,
    title: str,
) -> None:
    with_fake_youtube(qtbot, window)
    folder = tmp_path / "refused"
    folder.mkdir()
    (folder / "talk.md").write_text(
        f"---\ntitle: Refused\nvideoId: {video_id}\n---\n"
        'Said here <a class="yt-timestamp" data-t="02:43:00">[02:43:00]</a>.\n',
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.player.failed, timeout=10_000) as failed:
        window.open_folder(folder)
    assert failed.args[0] == code
    wait_for_note(qtbot, window, "Refused")
    pane = "({title: document.getElementById('status-title').textContent,"
    pane += " button: document.getElementById('open-in-browser').hidden ? null"
    pane += " : document.getElementById('open-in-browser').textContent.trim()})"
    assert player_eval(qtbot, window, pane) == {"title": title, "button": "Watch on YouTube"}

    click_element(qtbot, window.note_view, "a.timestamp[href='seek:163']")
    # Nothing plays, and the window does not pretend it does.
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Can't play from 2:43"))
    qtbot.waitUntil(
        lambda: (
            player_eval(qtbot, window, pane)
            == {"title": title, "button": "Watch on YouTube at 2:43"}
        )
    )
    click_element(
        qtbot, window.player.web.view, "#open-in-browser", QWebEngineScript.ScriptWorldId.MainWorld
    )
    qtbot.waitUntil(lambda: bool(browser.urls))
    assert browser.urls == [f"https://www.youtube.com/watch?v={video_id}&t=163s"]
