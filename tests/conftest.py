"""Test set-up shared by every test: an isolated home, headless Qt, Chromium as root.

The environment is settled at import, before anything imports Qt: no test touches the real
profile, settings or notes of the person running it.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="viewer-tests-home-"))
for _name, _sub in (
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_RUNTIME_DIR", "runtime"),
):
    (_HOME / _sub).mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ[_name] = str(_HOME / _sub)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Tests run as root on CI, where Chromium's sandbox cannot start; there is no GPU either.
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(
    ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--mute-audio"]
)
os.environ.setdefault("QT_LOGGING_RULES", "qt.webenginecontext.debug=false")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "notes"

pytest_plugins = ["tests.helpers.logfail", "tests.helpers.early"]


@pytest.fixture(autouse=True)
def _nothing_left_frozen() -> Iterator[None]:
    """A window that read a folder froze what was alive out of the garbage collector's sight
    (viewer.app.interpreter): a test's cycles are the collector's again once it has ended."""
    yield
    gc.unfreeze()


def pytest_sessionstart(session: pytest.Session) -> None:
    """The quick switcher's compiled matcher (setup.py) must be built from the source tested:
    Python imports a compiled module before its source, so an edit would go untested."""
    from tests.helpers.compiled import stale

    if old := stale():
        pytest.exit(
            "compiled before their source last changed: "
            + ", ".join(old)
            + ". Build them again: scripts/bootstrap (or pip install -e .)",
            returncode=3,
        )
