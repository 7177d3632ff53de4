"""Fixtures for the controller tests: a QApplication, real files, a real index and places file.
No window, no QtWebEngine (see ``__init__.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from tests.helpers.application import e2e_application
from viewer.app.settings import Settings
from viewer.core.index_cache import IndexCache
from viewer.core.places import Places


@pytest.fixture(scope="session")
def qapp(request: pytest.FixtureRequest) -> QApplication:
    """A plain QApplication (in place of pytest-qt's); the app's own if this run also drives
    the real window, which needs its URL schemes registered before any QApplication exists."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if any(item.get_closest_marker("e2e") for item in request.session.items):
        return e2e_application()
    return QApplication(["viewer-controller-tests"])


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """Every controller test has the application, even one that asks for no ``qtbot``: file
    watchers and timers need its event dispatcher."""
    return qapp


@pytest.fixture
def index(tmp_path: Path) -> IndexCache:
    """The folder index, a real SQLite file of the test's own."""
    return IndexCache(tmp_path / "state" / "index.sqlite3")


@pytest.fixture
def places_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "places.json"


@pytest.fixture
def places(places_file: Path) -> Places:
    return Places(places_file)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """The app's settings, in a folder of the test's (QSettings needs an organisation's name
    to write at all)."""
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "config"))
    before = QCoreApplication.organizationName()
    QCoreApplication.setOrganizationName("viewer-tests")
    yield Settings()
    QCoreApplication.setOrganizationName(before)
