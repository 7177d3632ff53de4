"""The real program on a real X display: `viewer` started as a subprocess, driven with X input
events (xdotool's XTEST keys and clicks) and read from the outside: its window's title, a
screenshot's pixels, and after it quits, the files it saved.

Nothing here reaches into the app: what a test sees is what a reader would. Every wait polls a
condition against a deadline; the app's output goes to a log file whose end is in every
failure message.
"""

from __future__ import annotations

import configparser
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import pytest
from PySide6.QtGui import QImage

from tests.helpers.environment import app_environment
from tests.helpers.frames import BACKGROUND, FPS, HEIGHT, WIDTH, frame_code
from viewer.identity import APP_NAME, ORGANIZATION

REPO = Path(__file__).resolve().parents[2]
#: The ``viewer`` console script of the environment running the tests.
VIEWER = Path(sys.executable).parent / "viewer"
#: How long the app may take to show its window, or to quit (a loaded machine, a cold cache).
START_S = 60.0
QUIT_S = 30.0

T = TypeVar("T")

# A screenshot of the whole screen, taken by a process of its own (the tests' process runs Qt
# headless): Qt's own grab of the root window, as PNG.
_GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(["grab", "-platform", "xcb"])
if not app.primaryScreen().grabWindow(0).save(sys.argv[1], "PNG"):
    sys.exit("the screen could not be grabbed")
"""
_CHILD = re.compile(r"^\s+0x[0-9a-f]+ .*?\s(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$")


def wait_for(
    condition: Callable[[], T | None],
    timeout: float,
    failure: Callable[[], str],
    every: float = 0.2,
) -> T:
    """Poll ``condition`` until it gives something other than None, and give that; fail
    with ``failure()`` when ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            pytest.fail(failure(), pytrace=False)
        time.sleep(every)


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int


class Desktop:
    """An X display: its input (xdotool) and its screen (screenshots)."""

    def __init__(self, display: str) -> None:
        for tool in ("xdotool", "xwininfo"):
            if shutil.which(tool) is None:
                pytest.fail(f"{tool} is needed (scripts/bootstrap installs it)")
        self.display = display
        #: Where screenshots go (each test sets its own).
        self.shots = Path()

    def _env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def run(self, *command: str) -> str:
        result = subprocess.run(
            command, env=self._env(), capture_output=True, text=True, timeout=30
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: exit {result.returncode}: {result.stderr}")
        return result.stdout

    def xdotool(self, *arguments: str) -> str:
        return self.run("xdotool", *arguments)

    def key(self, *keys: str) -> None:
        """Press and release each key (XTEST: real input, to the window with the focus)."""
        self.xdotool("key", "--delay", "50", *keys)

    def move_pointer_away(self) -> None:
        """The pointer to the screen's bottom right corner, off the app's window."""
        width, height = self.xdotool("getdisplaygeometry").split()
        self.xdotool("mousemove", "--sync", str(int(width) - 1), str(int(height) - 1))

    def screenshot(self, name: str = "screen") -> QImage:
        """The whole screen now, kept under ``shots`` as ``name``.png (the last one of that
        name) to look at after a failure."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        result = subprocess.run(
            [sys.executable, "-c", _GRAB, str(path)],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, f"screenshot failed: {result.stderr}"
        image = QImage(str(path))
        assert not image.isNull(), f"screenshot {path} cannot be read"
        return image


def viewer_environment(desktop: Desktop, home: Path) -> dict[str, str]:
    """The environment `viewer` runs in on ``desktop``: ``home`` and its XDG folders."""
    env = app_environment(
        home,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=desktop.display,
        # This checkout's source, whichever one the environment has installed.
        PYTHONPATH=str(REPO / "src"),
        QT_LOGGING_RULES="qt.webenginecontext.debug=false",
    )
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox --disable-gpu --mute-audio"
    return env


def run_viewer(
    desktop: Desktop, home: Path, *arguments: str, command: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run ``viewer ARGUMENTS`` (or ``command``) with ``home`` to its end: a launch that hands
    its request to a running window and exits."""
    try:
        return subprocess.run(
            list(command or (str(VIEWER), *arguments)),
            env=viewer_environment(desktop, home),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=START_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command or arguments} did not end in {START_S:.0f} s", pytrace=False)


class App:
    """One run of ``viewer`` on ``desktop``, with ``home`` as its HOME and XDG folders."""

    def __init__(self, desktop: Desktop, home: Path, *arguments: str, log: Path) -> None:
        if not VIEWER.is_file():
            pytest.fail(f"{VIEWER} is missing: install the app (pip install -e '.[test]')")
        self.desktop = desktop
        self.home = home
        self.log = log
        env = viewer_environment(desktop, home)
        self._log_file: IO[bytes] = log.open("ab")
        desktop.move_pointer_away()
        # A session of its own: the app and its QtWebEngine processes are ended together.
        self.process = subprocess.Popen(
            [str(VIEWER), *arguments],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.window = wait_for(self._find_window, START_S, self._failure("no window appeared"))

    # What the app says and shows

    def log_tail(self, lines: int = 40) -> str:
        self._log_file.flush()
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def _failure(self, what: str) -> Callable[[], str]:
        def message() -> str:
            state = "running" if self.process.poll() is None else f"exited {self.process.poll()}"
            return f"{what} (the app is {state}); the end of its log ({self.log}):\n" + (
                self.log_tail()
            )

        return message

    def _find_window(self) -> str | None:
        if self.process.poll() is not None:
            pytest.fail(self._failure("the app ended before showing a window")(), pytrace=False)
        found = self.windows()
        if not found:
            return None
        return max(found, key=lambda window: self._size(window))

    def windows(self) -> list[str]:
        """The app's windows on screen (X window ids), the main one among them."""
        try:
            return self.desktop.xdotool(
                "search", "--maxdepth", "1", "--onlyvisible", "--pid", str(self.process.pid)
            ).split()
        except RuntimeError:  # xdotool exits 1 when nothing matches
            return []

    def _size(self, window: str) -> int:
        geometry = self.desktop.xdotool("getwindowgeometry", "--shell", window)
        values = dict(line.split("=", 1) for line in geometry.split())
        return int(values["WIDTH"]) * int(values["HEIGHT"])

    def title(self) -> str:
        return self.desktop.xdotool("getwindowname", self.window).strip()

    def wait_for_title(self, title: str, timeout: float = START_S) -> None:
        wait_for(
            lambda: self.title() == title or None,
            timeout,
            lambda: self._failure(f"the window's title is {self.title()!r}, not {title!r}")(),
        )

    def geometry(self) -> Rect:
        values = dict(
            line.split("=", 1)
            for line in self.desktop.xdotool("getwindowgeometry", "--shell", self.window).split()
        )
        return Rect(int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"]))

    def picture_window(self, window: str | None = None) -> Rect | None:
        """Where the native player's picture window is on screen (Qt's QVideoWidget draws in
        an X window of its own, the main window's child, or ``window``'s); None before there
        is one."""
        tree = self.desktop.run("xwininfo", "-children", "-id", window or self.window)
        children = [
            Rect(int(match[3]), int(match[4]), int(match[1]), int(match[2]))
            for line in tree.splitlines()
            if (match := _CHILD.match(line))
        ]
        children = [rect for rect in children if rect.width > 1 and rect.height > 1]
        return max(children, key=lambda rect: rect.width * rect.height, default=None)

    def screenshot(self, name: str) -> QImage:
        return self.desktop.screenshot(name)

    # The video, read from its picture

    def clip_frame(self, image: QImage, inside: str | None = None) -> int | None:
        """The frame number the test clip's picture shows in ``image`` (in the main window,
        or the window ``inside``); None when the picture window shows no clip frame (nothing
        yet, or black)."""
        window = self.picture_window(inside)
        if window is None:
            return None
        # The picture is scaled to fit the window, centred (letterboxed).
        scale = min(window.width / WIDTH, window.height / HEIGHT)
        left = window.x + (window.width - WIDTH * scale) / 2
        top = window.y + (window.height - HEIGHT * scale) / 2

        def pixel(x: float, y: float) -> tuple[int, int, int]:
            color = image.pixelColor(int(left + (x + 0.5) * scale), int(top + (y + 0.5) * scale))
            return color.red(), color.green(), color.blue()

        # The background shows beside the squares and above the clock: a clip is on screen.
        for x, y in ((3, 3), (WIDTH // 2, 40)):
            if any(
                abs(seen - want) > 24 for seen, want in zip(pixel(x, y), BACKGROUND, strict=True)
            ):
                return None
        return frame_code(lambda x, y: _lightness(pixel(x, y)))

    def wait_for_frame(
        self,
        accept: Callable[[int], bool],
        what: str,
        timeout: float = 20.0,
        inside: str | None = None,
    ) -> int:
        """Wait until the picture (in the main window, or the window ``inside``) shows a frame
        that ``accept`` takes; that frame's number."""
        seen: list[int | None] = []

        def frame() -> int | None:
            number = self.clip_frame(self.screenshot("frame"), inside)
            seen.append(number)
            return number if number is not None and accept(number) else None

        return wait_for(
            frame,
            timeout,
            lambda: self._failure(
                f"the picture never showed {what}; the frames seen, last ones last: "
                f"{_frames(seen[-12:])}"
            )(),
        )

    def wait_until_still(self, timeout: float = 10.0) -> int:
        """Wait until the picture shows the same frame twice, half a second apart (paused);
        that frame's number."""
        seen: list[int | None] = []

        def still() -> int | None:
            first = self.clip_frame(self.screenshot("still"))
            time.sleep(0.5)
            second = self.clip_frame(self.screenshot("still"))
            seen.extend((first, second))
            return first if first is not None and first == second else None

        return wait_for(
            still,
            timeout,
            lambda: self._failure(f"the picture never stood still: {_frames(seen[-12:])}")(),
            every=0,
        )

    # Input

    def focus(self) -> None:
        """Give the window the keyboard focus, as a window manager does (no click)."""
        self.desktop.xdotool("windowfocus", "--sync", self.window)

    def click(self, x: int, y: int) -> None:
        """A left click at ``(x, y)`` in the window."""
        self.desktop.xdotool(
            "mousemove", "--window", self.window, "--sync", str(x), str(y), "click", "1"
        )
        self.desktop.move_pointer_away()

    def key(self, *keys: str) -> None:
        self.desktop.key(*keys)

    # The end

    def quit(self) -> None:
        """Ctrl+Q, and wait for the app to end; it must end well (exit status 0, and nothing
        at WARNING or worse from its own loggers)."""
        self.key("ctrl+q")
        try:
            code = self.process.wait(timeout=QUIT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(self._failure(f"Ctrl+Q: the app did not end in {QUIT_S:.0f} s")())
        assert code == 0, self._failure(f"the app ended with exit status {code}")()
        complaints = [
            line
            for line in self.log.read_text(encoding="utf-8", errors="replace").splitlines()
            if re.match(r"(WARNING|ERROR|CRITICAL) viewer", line)
        ]
        assert not complaints, "the app complained:\n" + "\n".join(complaints)
        self.close()

    def close(self) -> None:
        """End the app and its processes if they still run (a test that failed midway)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=QUIT_S)
        self._log_file.close()


def _lightness(rgb: tuple[int, int, int]) -> int:
    return (max(rgb) + min(rgb)) // 2


def _frames(seen: list[int | None]) -> str:
    return ", ".join("no clip" if number is None else str(number) for number in seen) or "none"


def frame_time(frame: int) -> float:
    """The time, in seconds, of a test clip's frame."""
    return frame / FPS


# What the app saved: read after it quits


def saved_places(home: Path) -> dict[str, float]:
    """The video time places.json keeps for each note (absolute path); the file's other
    fields (its version, the scroll position) are left alone."""
    path = home / ".local" / "state" / "viewer" / "places.json"
    if not path.exists():
        return {}
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return {str(row[0]): float(row[1]) for row in data["places"]}


def saved_settings(home: Path) -> dict[str, str]:
    """The app's settings file (QSettings, INI) as ``section/key`` to text."""
    path = home / ".config" / ORGANIZATION / f"{APP_NAME}.conf"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    if path.exists():
        parser.read_string(path.read_text(encoding="utf-8"))
    return {
        f"{section}/{key}": value.strip('"')
        for section in parser.sections()
        for key, value in parser[section].items()
    }
