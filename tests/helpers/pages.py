"""Reading and clicking the app's real web pages from tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from pytestqt.qtbot import QtBot

from viewer.app.main_window import MainWindow

#: The theme a page of the app is in, read by :func:`note_eval` or :func:`player_eval`. A page
#: rendered again (a theme chosen) is between two documents for a moment, with no document
#: element: the read gives None then, and throws nothing (a page's error fails the test).
PAGE_THEME = "document.documentElement?.dataset.theme"


def evaluate(
    qtbot: QtBot,
    page: QWebEnginePage,
    script: str,
    world: QWebEngineScript.ScriptWorldId = QWebEngineScript.ScriptWorldId.MainWorld,
) -> Any:
    """The value of ``script`` in ``page``, read from the real page (JSON round trip)."""
    result: list[Any] = []
    page.runJavaScript(f"JSON.stringify({script})", world, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return json.loads(result[0]) if result[0] else None


def note_eval(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    """Read the note pane's page; its own JavaScript is off, the app's world still runs."""
    return evaluate(
        qtbot, window.note_view.page(), script, QWebEngineScript.ScriptWorldId.ApplicationWorld
    )


def player_eval(qtbot: QtBot, window: MainWindow, script: str) -> Any:
    return evaluate(qtbot, window.player.web.page, script)


def wait_for_note(qtbot: QtBot, window: MainWindow, title: str) -> None:
    qtbot.waitUntil(
        lambda: (
            note_eval(qtbot, window, "document.querySelector('h1.note-title')?.textContent")
            == title
        ),
        timeout=10_000,
    )


def click_element(qtbot: QtBot, view: QWebEngineView, selector: str, world: Any = None) -> QPoint:
    """A real mouse click at the centre of the first element matching ``selector``."""
    world = world or QWebEngineScript.ScriptWorldId.ApplicationWorld
    script = (
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        " if (!e) return null; e.scrollIntoView({block: 'center'});"
        " const r = e.getClientRects()[0];"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    centre = evaluate(qtbot, view.page(), script, world)
    assert centre is not None, f"no element matches {selector}"
    zoom = view.zoomFactor()
    point = QPoint(round(centre[0] * zoom), round(centre[1] * zoom))
    target = view.focusProxy() or view
    QTest.mouseMove(target, point)
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    return point


#: Counts ``frames`` animation frames from now in the page's world, then sets the mark ``id``.
_COUNT_FRAMES = """((frames) => {
  const marks = (window.__testFrames ??= {next: 0});
  const id = ++marks.next;
  let left = frames;
  const tick = () => {
    if (--left <= 0) { marks[id] = true; } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
  return id;
})"""


def settled(
    qtbot: QtBot,
    page: QWebEnginePage,
    frames: int = 3,
    world: QWebEngineScript.ScriptWorldId = QWebEngineScript.ScriptWorldId.ApplicationWorld,
) -> Callable[[], bool]:
    """A condition for :func:`tests.helpers.waits.stays`: true once ``page`` has finished
    loading (its load event, so every error event of its images has fired) and has rendered
    ``frames`` more frames from now (so an autofocus, a refresh due at once or a smooth scroll
    started before now has had its first frames)."""
    mark = evaluate(qtbot, page, f"{_COUNT_FRAMES}({frames})", world)
    done = f"document.readyState === 'complete' && window.__testFrames?.[{mark}] === true"
    return lambda: bool(evaluate(qtbot, page, done, world))
