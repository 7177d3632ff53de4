"""The native player on real clips, in a real widget: seeks read back from the decoded frames.

The clips (``tests/data/media``, made by ``scripts/make_test_media.sh``) carry their frame
number as a row of black and white squares along the top edge, which :func:`frame_number`
reads from the frame the video sink delivered.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.helpers.frames import FPS, frame_number
from tests.helpers.waits import event_loop_turned, play_for, stays
from viewer.app.player.media_facts import media_url
from viewer.app.player.native import NativePlayer
from viewer.app.player.probe import MediaProbe, ProbeResult, Verdict
from viewer.core.transcripts.reading import read_transcript
from viewer.core.video import VideoSource

MEDIA = REPO / "tests" / "data" / "media"
VIDEOS = ["clock-h264.mp4", "clock-hevc.mkv", "clock-vp9.webm"]


def source(name: str) -> VideoSource:
    return VideoSource("file", str(MEDIA / name))


@pytest.fixture
def player(qapp: QApplication, qtbot: QtBot) -> Iterator[NativePlayer]:
    widget = NativePlayer()
    widget.resize(640, 420)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()
    widget.close()
    widget.deleteLater()
    qapp.processEvents()


class Events:
    def __init__(self, player: NativePlayer) -> None:
        self.seeks: list[float] = []
        self.frames: list[QVideoFrame | None] = []  # the frame shown when each seek ended
        self.failures: list[tuple[str, str]] = []

        def seeked(at: float) -> None:
            self.seeks.append(at)
            self.frames.append(player.last_frame)

        player.seeked.connect(seeked)
        player.failed.connect(lambda code, message: self.failures.append((code, message)))


def load(qtbot: QtBot, player: NativePlayer, name: str) -> Events:
    events = Events(player)
    player.load(source(name))
    qtbot.waitUntil(lambda: player.is_ready or player.error is not None, timeout=10_000)
    return events


def seek(qtbot: QtBot, player: NativePlayer, events: Events, at: float, play: bool) -> float:
    before = len(events.seeks)
    player.seek(at, play=play)
    qtbot.waitUntil(lambda: len(events.seeks) > before, timeout=10_000)
    return events.seeks[-1]


@pytest.mark.parametrize("name", VIDEOS)
@pytest.mark.parametrize("play", [True, False], ids=["playing", "paused"])
def test_a_seek_lands_on_the_frame_asked_for(
    qtbot: QtBot, player: NativePlayer, name: str, play: bool
) -> None:
    events = load(qtbot, player, name)
    assert player.error is None
    assert player.screens.currentWidget() is player.video
    # Between keyframes (every 5 s), forwards and backwards.
    for target in (7.3, 13.64, 2.0):
        landed = seek(qtbot, player, events, target, play)
        assert abs(landed - target) < 0.2
        frame = events.frames[-1]
        assert frame is not None
        assert abs(frame_number(frame) - math.floor(target * FPS)) <= 1
        assert player.state.playing is play
        assert abs(player.state.current_time - target) < 0.2
    assert events.failures == []


@pytest.mark.parametrize("name", VIDEOS)
def test_a_video_plays_frame_after_frame(qtbot: QtBot, player: NativePlayer, name: str) -> None:
    load(qtbot, player, name)
    player.play()
    qtbot.waitUntil(lambda: (player.last_frame_time or 0) > 1.0, timeout=10_000)
    assert player.last_frame is not None
    first = frame_number(player.last_frame)
    qtbot.waitUntil(lambda: (player.last_frame_time or 0) > 2.0, timeout=10_000)
    assert frame_number(player.last_frame) > first + FPS // 2
    assert player.state.playing
    assert player.state.duration == pytest.approx(20.0, abs=0.1)


@pytest.mark.parametrize("name", ["ticks.mp3", "ticks.m4a"])
def test_audio_shows_its_title_and_seeks(qtbot: QtBot, player: NativePlayer, name: str) -> None:
    events = load(qtbot, player, name)
    assert player.screens.currentWidget() is player.title
    assert not player.video.isVisible()  # no black rectangle
    assert player.title.text() == name
    player.set_title("A podcast episode")
    assert player.title.text() == "A podcast episode"
    assert seek(qtbot, player, events, 12.0, play=True) == 12.0
    # It plays on from there: the next reports move on from 12 s.
    qtbot.waitUntil(lambda: player.state.current_time > 12.0, timeout=5_000)
    assert player.state.current_time < 13.0
    assert player.state.playing
    assert seek(qtbot, player, events, 3.5, play=False) == 3.5
    # Paused there: the report of the pause says so, at the time asked.
    qtbot.waitUntil(lambda: not player.state.playing, timeout=5_000)
    assert player.media.playbackState() == QMediaPlayer.PlaybackState.PausedState
    assert player.state.current_time == pytest.approx(3.5, abs=0.05)


def test_subtitles_show_the_cue_of_the_frame_shown(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-h264.mp4")
    subtitles = read_transcript(MEDIA / "clock-h264.vtt")
    player.set_subtitles(subtitles)
    assert player.cue.isVisible()
    assert player.cue.text() == ""
    seek(qtbot, player, events, 2.5, play=False)
    assert player.cue.text() == "The first cue, from two to four seconds"
    seek(qtbot, player, events, 5.0, play=False)
    assert player.cue.text() == ""
    # While playing, the second cue appears with the frame at 6 s. (Connected after the
    # player, this sees each frame once the player has updated the cue for it.)
    shown: list[tuple[float, str]] = []
    player.video.videoSink().videoFrameChanged.connect(
        lambda frame: shown.append((frame.startTime() / 1e6, player.cue.text()))
    )
    seek(qtbot, player, events, 5.4, play=True)
    qtbot.waitUntil(lambda: player.cue.text() != "", timeout=5_000)
    assert player.cue.text() == "The second cue, from six to eight seconds"
    # The first frame at or after 6 s, whichever that is (a busy machine drops frames),
    # is the first with the cue; none before it has one.
    first = next(at for at, text in shown if text)
    assert first == next(at for at, _text in shown if at >= 6.0)
    assert all(not text for at, text in shown if at < 6.0)
    player.set_subtitles_visible(False)
    assert not player.cue.isVisible()
    player.set_subtitles_visible(True)
    assert player.cue.isVisible()


def test_a_video_without_subtitles_has_no_cue_line(qtbot: QtBot, player: NativePlayer) -> None:
    load(qtbot, player, "clock-vp9.webm")
    assert not player.cue.isVisible()
    assert not player.has_subtitles


def test_a_damaged_file_says_so(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "damaged.mp4")
    assert player.error is not None
    assert events.failures == [(player.error[0].value, player.error[1])]
    assert events.failures[0][0] == "damaged"
    assert "damaged.mp4" in player.message.text() and "cut short" in player.message.text()
    assert player.screens.currentWidget() is player.message
    player.seek(3.0)  # ignored, as for every failed video
    # Refused at once, nothing queued: once the event loop has gone round, no seek can report.
    stays(qtbot, lambda: events.seeks == [], after=event_loop_turned())


def test_a_missing_file_says_so(qtbot: QtBot, player: NativePlayer, tmp_path: Path) -> None:
    events = Events(player)
    player.load(VideoSource("file", str(tmp_path / "gone.mp4")))
    assert events.failures == [("not-found", "The file 'gone.mp4' does not exist (any more).")]


def test_a_picture_that_cannot_be_decoded_says_so(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-av1.webm")
    player.play()
    qtbot.waitUntil(lambda: bool(events.failures), timeout=5_000)
    code, message = events.failures[0]
    assert code == "unplayable"
    assert message == (
        "'clock-av1.webm' cannot be shown here. Its picture is AV1, which this player cannot "
        "decode here; no frame came within 2 s."
    )
    assert player.message.text() == message
    assert not player.state.playing


def test_twice_the_rate_plays_twice_as_fast(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-h264.mp4")

    def advance(rate: float, start: float) -> float:
        player.set_rate(rate)
        seek(qtbot, player, events, start, play=True)
        first = player.last_frame_time or 0.0
        elapsed = play_for(qtbot, 1.5)
        return ((player.last_frame_time or 0.0) - first) / elapsed

    normal = advance(1.0, 1.0)
    double = advance(2.0, 5.0)
    assert player.state.rate == 2.0
    assert 1.6 <= double / normal <= 2.4


def test_loading_another_file_stops_the_previous_one(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-h264.mp4")
    seek(qtbot, player, events, 10.0, play=True)
    load(qtbot, player, "ticks.mp3")
    frames: list[float] = []
    player.video.videoSink().videoFrameChanged.connect(
        lambda frame: frames.append(frame.startTime() / 1e6) if frame.isValid() else None
    )
    assert player.last_frame is None
    media = player.findChildren(QMediaPlayer)
    assert len(media) == 1
    assert media[0].source().toLocalFile() == str(MEDIA / "ticks.mp3")
    assert not player.state.playing
    assert player.state.current_time == 0.0
    # The MP3 plays half a second, through the same media player: the MP4, had it gone on,
    # would have shown a dozen frames meanwhile. Not one came.
    player.play()
    stays(
        qtbot,
        lambda: frames == [] and player.last_frame is None,
        after=lambda: player.state.current_time >= 0.5,
    )
    # And back: the MP4 starts again from its beginning, paused on its first frame.
    load(qtbot, player, "clock-h264.mp4")
    qtbot.waitUntil(lambda: player.last_frame is not None, timeout=5_000)
    assert player.last_frame is not None
    assert frame_number(player.last_frame) == 0
    assert not player.state.playing


def test_leaving_a_file_before_it_is_read_is_quiet(qtbot: QtBot, player: NativePlayer) -> None:
    """The reader moves on while the file is still opening: Qt stops reading it, with no
    warning in the log (the strict log level fails this test on one)."""
    expected = media_url(source("clock-h264.mp4"))
    for _ in range(3):
        player.load(source("clock-h264.mp4"))
        qtbot.waitUntil(lambda: player.media.source() == expected)  # Qt has started reading
        player.load(None)
        qtbot.waitUntil(lambda: player.media.source().isEmpty())  # and is told to stop
    # Qt has let go of the last one (no media): the files left said nothing, nor failed.
    stays(
        qtbot,
        lambda: player.error is None and not player.is_ready,
        after=lambda: player.media.mediaStatus() == QMediaPlayer.MediaStatus.NoMedia,
    )
    load(qtbot, player, "clock-h264.mp4")
    assert player.is_ready


def test_requests_before_the_file_is_loaded_are_applied_the_latest_seek_wins(
    qtbot: QtBot, player: NativePlayer
) -> None:
    events = Events(player)
    player.load(source("clock-h264.mp4"))
    player.seek(4.0, play=False)
    player.seek(9.0, play=False)
    qtbot.waitUntil(lambda: bool(events.seeks), timeout=10_000)
    assert events.seeks == [9.0]
    assert player.last_frame is not None
    assert abs(frame_number(player.last_frame) - 9 * FPS) <= 1


@pytest.mark.parametrize(
    ("name", "verdict", "backend"),
    [
        ("clock-h264.mp4", Verdict.VIDEO, "native"),
        ("clock-hevc.mkv", Verdict.VIDEO, "native"),
        ("clock-vp9.webm", Verdict.VIDEO, "native"),
        ("ticks.mp3", Verdict.AUDIO, "native"),
        ("ticks.m4a", Verdict.AUDIO, "native"),
        ("clock-av1.webm", Verdict.UNDECODABLE_VIDEO, "web"),
        ("damaged.mp4", Verdict.DAMAGED, None),
        ("clock-h264.vtt", Verdict.DAMAGED, None),
        ("missing.mp4", Verdict.NOT_FOUND, None),
    ],
)
def test_the_probe_tells_which_player_can_play_a_file(
    qtbot: QtBot, name: str, verdict: Verdict, backend: str | None
) -> None:
    probe = MediaProbe()
    results: list[ProbeResult] = []
    probe.finished.connect(results.append)
    probe.start(source(name))
    assert results == []  # answered from the event loop, never inside start()
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    result = results[0]
    assert (result.verdict, result.backend) == (verdict, backend)
    assert result.source == source(name)
    assert bool(result.message) is (backend != "native")
    assert not probe.busy


def test_a_new_probe_drops_the_one_running(qtbot: QtBot) -> None:
    probe = MediaProbe()
    results: list[ProbeResult] = []
    probe.finished.connect(results.append)
    probe.start(source("clock-av1.webm"))
    probe.start(source("ticks.mp3"))
    # The AV1 file could only answer through its media player: once the MP3 has answered and
    # every media player the probe made is gone, nothing is left that could.
    stays(
        qtbot,
        lambda: [result.source for result in results] == [source("ticks.mp3")],
        after=lambda: bool(results) and not probe.findChildren(QMediaPlayer),
    )


def test_skip_toggle_volume_and_mute_report_their_state(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-h264.mp4")
    states: list[object] = []
    player.stateChanged.connect(states.append)
    seek(qtbot, player, events, 5.0, play=False)
    before = len(events.seeks)
    player.skip(3.0)
    qtbot.waitUntil(lambda: len(events.seeks) > before, timeout=5_000)
    assert events.seeks[-1] == 8.0
    assert not player.state.playing
    player.toggle()
    qtbot.waitUntil(lambda: player.state.playing, timeout=5_000)
    player.toggle()
    qtbot.waitUntil(lambda: not player.state.playing, timeout=5_000)
    player.set_volume(0.3)
    player.set_muted(True)
    qtbot.waitUntil(lambda: player.state.muted, timeout=5_000)
    assert player.state.volume == pytest.approx(0.3)
    assert states[-1] == player.state
    player.skip(-30.0)  # clamped at the start
    qtbot.waitUntil(lambda: events.seeks[-1] == 0.0, timeout=5_000)
    assert player.last_frame is not None
    assert frame_number(player.last_frame) == 0


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def media_server() -> Iterator[str]:
    """The clips over HTTP from this machine, as a direct media URL would serve them."""
    handler = functools.partial(_QuietHandler, directory=str(MEDIA))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_media_url_plays_and_seeks(qtbot: QtBot, player: NativePlayer, media_server: str) -> None:
    events = Events(player)
    player.load(VideoSource("url", f"{media_server}/clock-h264.mp4"))
    qtbot.waitUntil(lambda: player.is_ready or player.error is not None, timeout=10_000)
    assert player.error is None
    seek(qtbot, player, events, 11.5, play=False)
    assert events.frames[-1] is not None
    assert abs(frame_number(events.frames[-1]) - math.floor(11.5 * FPS)) <= 1


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("clock-vp9.webm", Verdict.VIDEO), ("missing.mp4", Verdict.NETWORK)],
)
def test_the_probe_reads_a_media_url(
    qtbot: QtBot, media_server: str, name: str, verdict: Verdict
) -> None:
    probe = MediaProbe()
    results: list[ProbeResult] = []
    probe.finished.connect(results.append)
    probe.start(VideoSource("url", f"{media_server}/{name}"))
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results[0].verdict == verdict
    assert results[0].backend == ("native" if verdict == Verdict.VIDEO else None)


def test_a_media_url_that_is_not_there_says_so(
    qtbot: QtBot, player: NativePlayer, media_server: str
) -> None:
    events = Events(player)
    url = f"{media_server}/missing.mp4"
    player.load(VideoSource("url", url))
    qtbot.waitUntil(lambda: bool(events.failures), timeout=10_000)
    assert events.failures == [
        (
            "network",
            f"'{url}' could not be downloaded: the server did not answer, or has no such file.",
        )
    ]


def test_a_seek_past_the_end_ends_the_video(qtbot: QtBot, player: NativePlayer) -> None:
    events = load(qtbot, player, "clock-h264.mp4")
    landed = seek(qtbot, player, events, 60.0, play=True)
    assert landed == pytest.approx(20.0, abs=0.05)
    qtbot.waitUntil(lambda: not player.state.playing, timeout=5_000)
    assert player.error is None
    # And it plays again from an earlier time.
    landed = seek(qtbot, player, events, 3.0, play=True)
    assert landed == 3.0
    qtbot.waitUntil(lambda: (player.last_frame_time or 0) > 3.5, timeout=5_000)
