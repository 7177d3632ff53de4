"""Players that play nothing, for controller tests of the player pane: they do at once what
they are asked and report it through the :class:`~viewer.app.player.base.Player` signals, as
the real backends do once their media has answered. Named fakes: the real backends are proven
by the end-to-end tests with real clips."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from viewer.app.player.base import Backends, Failure, Player, PlayerState, Probe
from viewer.app.player.probe import ProbeResult, Verdict
from viewer.core.transcripts.cues import Transcript
from viewer.core.video import VideoSource

#: How long every fake video is.
DURATION = 40.0


class FakePlayer(Player):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.source: VideoSource | None = None
        self.state = PlayerState()
        self.error: tuple[Failure, str] | None = None
        self.is_ready = True
        #: Every request, in order: ``("seek", 21.0, False)``…
        self.calls: list[tuple[object, ...]] = []
        self.theme = "light"
        #: The captions given for the current video, and whether they show.
        self.subtitles: Transcript | None = None
        self.subtitles_shown = True

    def _report(self, **changes: object) -> None:
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]
        self.stateChanged.emit(self.state)

    def load(self, source: VideoSource | None, url: str | None = None, why: str = "") -> None:
        self.calls.append(("load", source.value if source else None, url, why))
        self.source, self.error, self.subtitles = source, None, None
        self._report(current_time=0.0, duration=DURATION if source else 0.0, playing=False)

    def seek(self, seconds: float, play: bool = True) -> None:
        self.calls.append(("seek", seconds, play))
        if self.error is None:
            self._report(current_time=min(seconds, DURATION), playing=play)
            self.seeked.emit(min(seconds, DURATION))

    def play(self) -> None:
        self.calls.append(("play",))
        self._report(playing=True)

    def pause(self) -> None:
        self.calls.append(("pause",))
        self._report(playing=False)

    def toggle(self) -> None:
        self.pause() if self.state.playing else self.play()

    def skip(self, delta: float) -> None:
        self.seek(self.state.current_time + delta, self.state.playing)

    def set_rate(self, rate: float) -> None:
        self.calls.append(("rate", rate))
        self._report(rate=rate)

    def set_volume(self, volume: float) -> None:
        self.calls.append(("volume", volume))
        self._report(volume=volume)

    def set_muted(self, muted: bool) -> None:
        self.calls.append(("muted", muted))
        self._report(muted=muted)

    def set_theme(self, theme: str) -> None:
        self.theme = theme

    def set_subtitles(self, subtitles: Transcript | None) -> None:
        self.subtitles = subtitles

    def set_subtitles_visible(self, visible: bool) -> None:
        self.subtitles_shown = visible

    def fail(self, failure: Failure, sentence: str) -> None:
        """The video cannot play, as a real backend says it."""
        self.error = (failure, sentence)
        self.failed.emit(failure.value, sentence)


class FakeProbe(Probe):
    """Answers on the next turn of the event loop, as a real probe answers later: files whose
    name ends in ``.webm`` go to the web player, the rest play natively."""

    def start(self, source: VideoSource) -> None:
        verdict = Verdict.UNDECODABLE_VIDEO if source.value.endswith(".webm") else Verdict.VIDEO
        QTimer.singleShot(0, self, lambda: self.finished.emit(ProbeResult(source, verdict)))

    def cancel(self) -> None:
        pass


class FakeBackends(Backends):
    def __init__(self) -> None:
        self.made: dict[str, FakePlayer] = {}
        self.released = False

    def web(self, parent: QWidget) -> Player:
        self.made["web"] = FakePlayer("web", parent)
        return self.made["web"]

    def native(self, parent: QWidget) -> Player:
        self.made["native"] = FakePlayer("native", parent)
        return self.made["native"]

    def probe(self, parent: QObject) -> Probe:
        return FakeProbe(parent)

    def release(self) -> None:
        self.released = True
