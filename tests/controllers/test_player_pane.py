"""The player pane alone, with fake backends (no Chromium, no decoder): which backend plays
what, that requests made early are done in order once it can, that it speaks only for the
backend on screen, and where the reader is while a resumed video is still on its way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.fake_player import FakeBackends
from viewer.app.player.base import Failure
from viewer.app.player.pane import PlayerPane
from viewer.core.video import VideoSource

CLIP = VideoSource("file", "/notes/media/clock.mp4")
AV1 = VideoSource("file", "/notes/media/clock.webm")
TALK = VideoSource("youtube", "AbCdEfGhIjK")


@pytest.fixture
def backends() -> FakeBackends:
    return FakeBackends()


@pytest.fixture
def pane(qtbot: QtBot, backends: FakeBackends) -> Iterator[PlayerPane]:
    pane = PlayerPane(backends)
    qtbot.addWidget(pane)
    yield pane
    pane.shutdown()


def test_a_resume_asked_before_the_player_exists_lands_on_the_backend_that_plays_the_file(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    """The relaunch: the note's video and its saved time are asked before start(); the file
    is probed then, and the seek goes to the native player once the probe has answered, not
    to the web player it replaces."""
    pane.set_video(CLIP)
    pane.seek(21.0, play=False)
    assert pane.position() == 21.0  # where the reader is, though nothing has loaded
    pane.start()
    with qtbot.waitSignal(pane.seeked, timeout=2_000) as landed:
        pass
    assert landed.args == [21.0]
    native = backends.made["native"]
    assert native.calls[-2:] == [("load", CLIP.value, None, ""), ("seek", 21.0, False)]
    assert ("seek", 21.0, False) not in backends.made["web"].calls
    assert pane.state.current_time == 21.0 and not pane.state.playing
    assert pane.position() == 21.0


def test_until_a_seek_lands_the_place_is_the_one_asked_not_the_players_zero(
    pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    pane.set_video(TALK)
    web = backends.made["web"]
    web.is_ready = False  # as YouTube's player while it loads: requests wait in the backend
    web.seek = lambda seconds, play=True: web.calls.append(("seek", seconds, play))  # type: ignore[method-assign]
    pane.seek(163.0, play=False)
    assert pane.state.current_time == 0.0
    assert pane.position() == 163.0
    web.seeked.emit(163.0)
    assert pane.position() == 163.0
    web.stateChanged.emit(web.state.__class__(current_time=170.0, duration=3600.0))
    assert pane.position() == 170.0


def test_youtube_plays_in_the_web_player_and_a_file_the_probe_gives_to_the_web_player_too(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    pane.set_video(TALK)
    assert pane.active is backends.made["web"]
    assert backends.made["web"].calls[-1] == ("load", TALK.value, None, "")
    pane.set_media_resolver(lambda path: "viewer-file://notes/" + path.rsplit("/", 1)[-1])
    pane.set_video(AV1)
    qtbot.waitUntil(lambda: backends.made["web"].calls[-1][0] == "load", timeout=2_000)
    assert backends.made["web"].calls[-1] == (
        "load", AV1.value, "viewer-file://notes/clock.webm", "",
    )  # fmt: skip
    assert "native" not in backends.made


def test_the_pane_speaks_only_for_the_backend_that_plays_the_current_video(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    pane.set_video(CLIP)
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    native, web = backends.made["native"], backends.made["web"]
    heard: list[str] = []
    pane.failed.connect(lambda _code, sentence: heard.append(sentence))
    web.fail(Failure.OFFLINE, "YouTube cannot be reached.")  # not on screen: not heard
    native.fail(Failure.DAMAGED, "The file is cut short.")
    assert heard == ["The file is cut short."]
    assert pane.error == (Failure.DAMAGED, "The file is cut short.")


def test_leaving_a_backend_for_another_stops_it_and_the_new_one_starts_from_the_readers_choices(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    pane.set_rate(1.5)
    pane.set_video(CLIP)
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    native = backends.made["native"]
    assert native.state.rate == 1.5
    pane.set_video(TALK)
    assert pane.active is backends.made["web"]
    assert native.calls[-1] == ("load", None, None, "")  # nothing plays behind


def test_the_same_video_again_keeps_playing_and_another_note_video_is_new(
    pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    assert pane.set_video(TALK) is True
    pane.play()
    assert pane.set_video(TALK) is False
    assert pane.state.playing
    assert pane.set_video(VideoSource("youtube", "ZZZZZZZZZZZ")) is True


def test_shutdown_stops_every_backend_and_releases_them(
    qtbot: QtBot, backends: FakeBackends
) -> None:
    pane = PlayerPane(backends)
    qtbot.addWidget(pane)
    pane.start()
    pane.shutdown()
    assert backends.released
