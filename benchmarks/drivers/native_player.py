"""The native player (Qt Multimedia) on the bundled MP4: seeks, and memory while playing.

    python -m benchmarks.drivers.native_player --samples N
    python -m benchmarks.drivers.native_player --memory SECONDS --mode app|bare

Seeks: in one process, the app's :class:`NativePlayer` and a bare ``QMediaPlayer`` with its own
``QVideoWidget`` and audio output, both on ``notes/media/clock-h264.mp4`` (20 s, H.264, a
keyframe every 5 s, so most targets are between keyframes). Each sample times, from Python:

* ``app``: ``NativePlayer.seek(t)`` (what a timestamp click calls) to its ``seeked`` signal,
  which it sends when the first frame at ``t`` reaches the video sink;
* ``baseline``: ``QMediaPlayer.setPosition(t)`` and ``play()`` to the first frame at ``t`` in the
  bare player's video sink.

The two alternate over the same targets, each from a jump elsewhere first; the idle one is
paused, so only one decodes at a time.

Memory: the largest PSS of the process over SECONDS of playing the same clip, from its first
frame: ``app`` with a :class:`NativePlayer`, ``bare`` with the bare player.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.drivers._common import emit, exit_now

CLIP = Path(__file__).resolve().parents[2] / "notes" / "media" / "clock-h264.mp4"
TARGETS = (7.3, 13.64, 2.2, 17.8, 11.04, 4.5, 9.9)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=30, help="samples of each way")
    parser.add_argument("--memory", type=float, default=0.0, help="seconds to sample memory")
    parser.add_argument("--mode", choices=("app", "bare"), default="app")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    from PySide6.QtCore import QEventLoop

    from viewer.app.application import create_application

    app = create_application(sys.argv[:1])
    loop = QEventLoop()  # not the static processEvents(): PySide6 6.12 leaks on each call

    def wait(done: Callable[[], bool], limit: float) -> bool:
        until = time.monotonic() + limit
        while not done():
            if time.monotonic() > until:
                return False
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return True

    try:
        if args.memory > 0:
            result = _memory(args.mode, args.memory, wait)
        else:
            result = _seeks(args.samples, wait)
    except SystemExit as stop:
        result = {"error": str(stop)}
    emit(result)
    del app
    return 0 if "error" not in result else 1


class _Bare:
    """The baseline: Qt's own player and widget, nothing of the app's."""

    def __init__(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.media = QMediaPlayer()
        self.audio = QAudioOutput()
        self.media.setAudioOutput(self.audio)
        self.widget = QVideoWidget()
        self.widget.resize(640, 360)
        self.media.setVideoOutput(self.widget)
        self.frames: list[tuple[float, float]] = []  # (perf_counter, start time in s)
        self.widget.videoSink().videoFrameChanged.connect(
            lambda frame: (
                self.frames.append((time.perf_counter(), frame.startTime() / 1e6))
                if frame.isValid()
                else None
            )
        )
        self.widget.show()
        self.media.setSource(QUrl.fromLocalFile(str(CLIP)))


def _seeks(samples: int, wait: Callable[[Callable[[], bool], float], bool]) -> dict[str, object]:
    from viewer.app.player.native import NativePlayer
    from viewer.core.video import VideoSource

    player = NativePlayer()
    player.resize(640, 400)
    player.show()
    seeks: list[tuple[float, float]] = []
    player.seeked.connect(lambda at: seeks.append((time.perf_counter(), at)))
    player.load(VideoSource("file", str(CLIP)))
    bare = _Bare()
    if not wait(lambda: player.is_ready and bare.media.duration() > 0, 20):
        raise SystemExit("the clip never loaded")

    def by_app(target: float) -> Callable[[], float | None]:
        before = len(seeks)
        player.seek(target)
        return lambda: next((t for t, _at in seeks[before:]), None)

    def by_setposition(target: float) -> Callable[[], float | None]:
        before = len(bare.frames)
        bare.media.setPosition(round(target * 1000))
        bare.media.play()
        return lambda: next(
            (t for t, at in bare.frames[before:] if target - 0.1 <= at <= target + 0.5), None
        )

    ways = {"app": by_app, "baseline": by_setposition}
    timings: dict[str, list[float]] = {name: [] for name in ways}
    misses = dict.fromkeys(ways, 0)
    names = list(ways)
    for index in range(samples):
        target = TARGETS[index % len(TARGETS)]
        for name in names[index % 2 :] + names[: index % 2]:
            player.pause()
            bare.media.pause()
            # Start each sample from elsewhere, so every one is a real jump.
            landed = ways[name](19.0 - target)
            wait(lambda landed=landed: landed() is not None, 5)  # type: ignore[misc]
            wait(lambda: False, 0.05)
            started = time.perf_counter()
            landed = ways[name](target)
            if not wait(lambda landed=landed: landed() is not None, 5):  # type: ignore[misc]
                misses[name] += 1
                continue
            timings[name].append((landed() or started) - started)
    # No stop(): the process exits at once (exit_now), and a stop() called from Python can
    # deadlock with FFmpeg's audio thread (see NativePlayer._later).
    return {"timings": timings, "misses": misses, "clip": CLIP.name}


def _memory(
    mode: str, seconds: float, wait: Callable[[Callable[[], bool], float], bool]
) -> dict[str, object]:
    from benchmarks.procmem import tree_memory

    if mode == "app":
        from viewer.app.player.native import NativePlayer
        from viewer.core.video import VideoSource

        player = NativePlayer()
        player.resize(640, 400)
        player.show()
        player.load(VideoSource("file", str(CLIP)))
        player.play()
        playing = wait(lambda: (player.last_frame_time or 0) > 0.2, 20)
    else:
        bare = _Bare()
        bare.media.play()
        playing = wait(lambda: any(at > 0.2 for _t, at in bare.frames), 20)
    if not playing:
        raise SystemExit("the clip never played")
    samples = []
    until = time.monotonic() + seconds
    while True:
        samples.append(tree_memory(os.getpid()).as_dict())
        if time.monotonic() >= until:
            break
        wait(lambda: False, 0.25)
    peak = max(samples, key=lambda sample: int(sample["pss_kib"]))  # type: ignore[call-overload]
    return {"memory": peak, "memory_samples": len(samples), "mode": mode}


if __name__ == "__main__":
    exit_now(main())
