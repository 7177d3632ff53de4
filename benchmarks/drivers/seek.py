"""Timestamp click to the video's ``seeked`` event, against setting ``currentTime`` in script.

    python -m benchmarks.drivers.seek [--samples N]

Opens a note about an AV1 WebM clock clip (``tests/data/media/clock-av1.webm``, 20 s: AV1 is
what the pane sends to the web player, as Qt Multimedia has no AV1 decoder) in the real
window; the native player has a row of its own (``drivers/native_player.py``). Each sample
times, from Python, one of three ways to the player's ``seeked`` signal (the page's ``seeked``
event, reported over the app's QWebChannel):

* ``app``: ``note_page.seekRequested.emit(t)``, exactly the signal a click on a timestamp link
  sends (MainWindow.seek, the pane, WebPlayer.seek, the bridge, the page's seek());
* ``click``: a real mouse click (QTest) on a timestamp link in the note pane, adding
  Chromium's input and navigation handling in front of that same signal;
* ``baseline``: ``runJavaScript("document.querySelector('video').currentTime = t")`` in the
  same player page, whose ``seeked`` event comes back through the same channel.

The three are interleaved, in rotating order, over the same targets.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.drivers._common import emit, exit_now

NOTE = "seek.md"
CLIP = Path(__file__).resolve().parents[2] / "tests" / "data" / "media" / "clock-av1.webm"
#: The note's timestamp links (seconds), which the click samples press.
LINKS = (3.0, 7.0, 9.5, 13.0, 16.0, 18.0)


def write_note(folder: Path) -> None:
    (folder / "media").mkdir(parents=True)
    shutil.copy(CLIP, folder / "media" / CLIP.name)
    stamps = " ".join(
        f'<a class="yt-timestamp" data-t="{seconds:g}">[{seconds:g}]</a>' for seconds in LINKS
    )
    (folder / NOTE).write_text(
        f"---\ntitle: Seeking\nvideo: media/{CLIP.name}\n---\n\n{stamps}\n", "utf-8"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=30, help="samples of each way")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    from viewer.app.application import create_application

    app = create_application(sys.argv[:1])
    from PySide6.QtCore import QEventLoop, QPoint, Qt
    from PySide6.QtTest import QTest

    from viewer.app.main_window import MainWindow

    loop = QEventLoop()  # not the static processEvents(): PySide6 6.12 leaks on each call
    deadline = time.monotonic() + args.timeout

    def wait(what: str, done: Callable[[], bool], limit: float = 10.0) -> bool:
        until = min(deadline, time.monotonic() + limit)
        while not done():
            if time.monotonic() > until:
                return False
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return True

    scratch = Path(tempfile.mkdtemp(prefix="viewer-seek-")) / "notes"
    window = MainWindow()
    seeks: list[tuple[float, float]] = []  # (monotonic time, landed at)
    window.player.seeked.connect(lambda at: seeks.append((time.perf_counter(), at)))
    result: dict[str, object] = {}
    try:
        window.resize(1400, 1000)
        window.splitter.setSizes([220, 560, 620])
        window.note_view.setZoomFactor(0.8)  # every timestamp link on screen, for clicks
        window.show()
        write_note(scratch)
        if not window.open_folder(scratch, NOTE):
            raise SystemExit(f"cannot open {NOTE}")
        if not wait("the player", lambda: window.player.is_ready, 60):
            raise SystemExit("the player never became ready")
        if not wait("the duration", lambda: window.player.state.duration > 0, 30):
            raise SystemExit("the video never loaded")
        wait("the note page", lambda: False, 0.5)  # let both pages settle

        page = window.note_view.note_page
        player_page = window.player.web.page
        centres = _link_centres(window, loop)

        def by_signal(target: float) -> None:
            page.seekRequested.emit(target)

        def by_script(target: float) -> None:
            script = f"document.querySelector('video').currentTime = {json.dumps(target)}"
            player_page.runJavaScript(script)

        def by_click(target: float) -> None:
            x, y = centres[target]
            view = window.note_view
            widget = view.focusProxy() or view
            point = QPoint(round(x * view.zoomFactor()), round(y * view.zoomFactor()))
            QTest.mouseClick(
                widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point
            )

        ways: dict[str, Callable[[float], None]] = {"app": by_signal, "baseline": by_script}
        if centres:
            ways["click"] = by_click
        timings: dict[str, list[float]] = {name: [] for name in ways}
        misses: dict[str, int] = {name: 0 for name in ways}
        names = list(ways)
        for index in range(args.samples):
            target = LINKS[index % len(LINKS)]
            order = names[index % len(names) :] + names[: index % len(names)]
            for name in order:
                if name == "click" and target not in centres:
                    continue
                # Start each sample from elsewhere, so every one is a real jump.
                before = len(seeks)
                away = 1.0 if target > 10 else 19.0
                by_script(away)
                wait("the jump away", lambda before=before: len(seeks) > before, 5)
                wait("a pause", lambda: False, 0.05)
                before = len(seeks)
                started = time.perf_counter()
                ways[name](target)
                arrived = wait(
                    "the seek",
                    lambda before=before, target=target: any(
                        abs(at - target) < 0.5 for _, at in seeks[before:]
                    ),
                    5,
                )
                if not arrived:
                    misses[name] += 1
                    continue
                landed = next(t for t, at in seeks[before:] if abs(at - target) < 0.5)
                timings[name].append(landed - started)
        result.update(timings=timings, misses=misses, links=len(centres))
    except SystemExit as stop:
        result["error"] = str(stop)
    finally:
        emit(result)
        window.close()
        window.shutdown()
        loop.processEvents()
        shutil.rmtree(scratch.parent, ignore_errors=True)
    del app
    return 0 if "error" not in result else 1


def _link_centres(window: Any, loop: Any) -> dict[float, tuple[float, float]]:
    """Where each timestamp link of the note is on screen (CSS pixels), read from the page."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWebEngineCore import QWebEngineScript

    script = (
        "JSON.stringify(Array.from(document.querySelectorAll('a.timestamp[href^=\"seek:\"]'))"
        ".map(e => { const r = e.getClientRects()[0];"
        " return [e.getAttribute('href').slice(5), r.left + r.width / 2, r.top + r.height / 2,"
        " r.bottom <= window.innerHeight]; }))"
    )
    found: list[str] = []
    view = window.note_view
    view.page().runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, found.append)
    until = time.monotonic() + 10
    while not found and time.monotonic() < until:
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    if not found or not found[0]:
        return {}
    centres: dict[float, tuple[float, float]] = {}
    for seconds, x, y, visible in json.loads(found[0]):
        if visible and float(seconds) in LINKS:
            centres[float(seconds)] = (x, y)
    return centres


if __name__ == "__main__":
    exit_now(main())
