"""The player pane alone, with fake backends (no Chromium, no decoder): which backend plays
what, that requests made early are done in order once it can, that it speaks only for the
backend on screen, and where the reader is while a resumed video is still on its way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.fake_player import FakeBackends
from viewer.app.player.base import Failure
from viewer.app.player.pane import PlayerPane
from viewer.core.transcripts import Transcript, parse_transcript
from viewer.core.video import VideoSource

CLIP = VideoSource("file", "/notes/media/clock.mp4")
AV1 = VideoSource("file", "/notes/media/clock.webm")
TALK = VideoSource("youtube", "AbCdEfGhIjK")
MEDIA = REPO / "tests" / "data" / "media"


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


def _transcript(*lines: str) -> Transcript:
    """A transcript with one two-second cue per line, from 0:02 on."""
    cues = "".join(
        f"00:00:{2 * n + 2:02d}.000 --> 00:00:{2 * n + 4:02d}.000\n{line}\n\n"
        for n, line in enumerate(lines)
    )
    return parse_transcript("WEBVTT\n\n" + cues)


def test_captions_reach_whichever_backend_plays_the_video_and_go_with_it(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    web = backends.made["web"]
    talk = _transcript("Said in the talk")
    pane.set_video(TALK)
    pane.set_transcript(talk)
    assert web.subtitles is talk
    # A file: the probe picks the native player; captions given meanwhile go to it.
    pane.set_video(CLIP)
    clip = _transcript("Said in the clip")
    pane.set_transcript(clip)
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    native = backends.made["native"]
    assert native.subtitles is clip
    assert web.subtitles is None  # the talk's captions left with the talk
    # Another video has none of the last one's until it is given its own.
    pane.set_video(AV1)
    qtbot.waitUntil(lambda: pane.active is web, timeout=2_000)
    assert web.subtitles is None and native.subtitles is None
    assert pane.transcript is None
    assert pane.toggle_subtitles() is None


def test_captions_given_before_the_players_exist_reach_the_one_the_probe_picks(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    clip = _transcript("Said in the clip")
    pane.set_video(CLIP)
    pane.set_transcript(clip)
    pane.start()
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    assert backends.made["native"].subtitles is clip
    assert backends.made["web"].subtitles is None


def test_a_subtitle_file_given_with_the_video_is_read_into_its_captions(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    pane.set_video(CLIP, MEDIA / "clock-h264.vtt")
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    given = backends.made["native"].subtitles
    cue = given.at(2.5) if given is not None else None
    assert cue is not None and cue.text == "The first cue, from two to four seconds"


def test_the_same_video_shown_again_after_a_failure_keeps_its_captions(
    pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    talk = _transcript("Said in the talk")
    pane.set_video(TALK)
    pane.set_transcript(talk)
    backends.made["web"].fail(Failure.OFFLINE, "YouTube cannot be reached.")
    assert pane.set_video(TALK) is True  # tried again
    assert backends.made["web"].subtitles is talk


def test_c_turns_captions_off_for_every_backend_and_the_videos_after(
    qtbot: QtBot, pane: PlayerPane, backends: FakeBackends
) -> None:
    pane.start()
    web = backends.made["web"]
    pane.set_video(TALK)
    assert pane.toggle_subtitles() is None  # no captions: nothing to turn off
    assert web.subtitles_shown and pane.captions_shown
    pane.set_transcript(_transcript("Said in the talk"))
    with qtbot.waitSignal(pane.captionsShownChanged, timeout=1_000) as told:
        assert pane.toggle_subtitles() is False
    assert told.args == [False]
    assert pane.flash.text() == "Subtitles off"
    assert not web.subtitles_shown
    # The native player made afterwards starts with them off too.
    pane.set_video(CLIP)
    pane.set_transcript(_transcript("Said in the clip"))
    qtbot.waitUntil(lambda: pane.active is backends.made.get("native"), timeout=2_000)
    assert not backends.made["native"].subtitles_shown
    assert pane.toggle_subtitles() is True
    assert pane.flash.text() == "Subtitles on"
    assert backends.made["native"].subtitles_shown and web.subtitles_shown
