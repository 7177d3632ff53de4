"""Timestamp click to the video's ``seeked`` event, against setting ``currentTime`` in script.

    python -m benchmarks.drivers.seek [--samples N]

Opens the bundled notes at ``test_pattern_seeking.md`` (a local 40 s WebM) in the real
window. Each sample times, from Python, one of three ways to the player's ``seeked`` signal
(the page's ``seeked`` event, reported over the app's QWebChannel):

* ``app``: ``note_page.seekRequested.emit(t)``, exactly the signal a click on a timestamp link
  sends (MainWindow.seek, PlayerView.seek, the bridge, the page's seek());
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
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.drivers._common import emit, exit_now

NOTE = "test_pattern_seeking.md"
#: The note's timestamp links (seconds), which the click samples press.
LINKS = (5.0, 12.0, 16.0, 20.0, 27.0, 33.0, 38.0)


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
    from viewer.resources import bundled_notes

    loop = QEventLoop()  # not the static processEvents(): PySide6 6.12 leaks on each call
    deadline = time.monotonic() + args.timeout

    def wait(what: str, done: Callable[[], bool], limit: float = 10.0) -> bool:
        until = min(deadline, time.monotonic() + limit)
        while not done():
            if time.monotonic() > until:
                return False
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        return True

    window = MainWindow()
    seeks: list[tuple[float, float]] = []  # (monotonic time, landed at)
    window.player.seeked.connect(lambda at: seeks.append((time.perf_counter(), at)))
    result: dict[str, object] = {}
    try:
        window.resize(1400, 1000)
        window.splitter.setSizes([220, 560, 620])
        window.note_view.setZoomFactor(0.8)  # every timestamp link on screen, for clicks
        window.show()
        if not window.open_folder(bundled_notes(), NOTE):
            raise SystemExit(f"cannot open {NOTE}")
        if not wait("the player", lambda: window.player.is_ready, 60):
            raise SystemExit("the player never became ready")
        if not wait("the duration", lambda: window.player.state.duration > 0, 30):
            raise SystemExit("the video never loaded")
        wait("the note page", lambda: False, 0.5)  # let both pages settle

        page = window.note_view.note_page
        player_page = window.player.page()
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
                away = 1.0 if target > 20 else 36.0
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
