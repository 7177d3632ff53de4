"""Fixtures for tests that drive the real window and its real QtWebEngine pages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.app.fake_youtube import register_fake_youtube_scheme
from tests.conftest import SAMPLES
from viewer.app.application import create_application
from viewer.app.main_window import MainWindow
from viewer.app.settings import Settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def qapp() -> QApplication:
    """The app's own QApplication: URL schemes registered, names set (overrides pytest-qt)."""
    register_fake_youtube_scheme()
    app = create_application(["viewer-tests"])
    assert isinstance(app, QApplication)
    return app


@pytest.fixture
def settings_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A copy of the bundled sample notes, so a test may change files freely."""
    copy = tmp_path / "notes"
    shutil.copytree(SAMPLES, copy)
    return copy


@pytest.fixture
def make_window(
    qapp: QApplication, qtbot: QtBot, settings_dir: Path
) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(Settings())
        window.resize(1400, 800)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.player.is_ready, timeout=20_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.shutdown()
        window.deleteLater()
    qapp.processEvents()


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


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
    return evaluate(qtbot, window.player.page(), script)


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
