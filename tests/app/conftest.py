"""Fixtures for tests that drive the real window and its real QtWebEngine pages."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import SAMPLES
from tests.helpers.application import e2e_application
from tests.helpers.browser import browser, desktop_files  # noqa: F401  # fixtures for the tests
from tests.helpers.talk import talk  # noqa: F401  # a fixture for the tests here
from tests.helpers.windows import close_all
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
    return e2e_application()


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
    close_all(qapp, windows)


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()
