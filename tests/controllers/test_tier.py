"""This tier starts no Chromium and makes no window: checked in a fresh interpreter, since in a
run that also drives the real window QtWebEngine is loaded anyway."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

HERE = Path(__file__).parent

IMPORT_ALL = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_controller_tests_import_neither_qtwebengine_nor_the_window() -> None:
    modules = [f"tests.controllers.{path.stem}" for path in sorted(HERE.glob("*.py"))]
    assert "tests.controllers.test_session" in modules
    paths = [str(REPO / "src"), str(REPO), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *modules],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, paths))),
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    loaded = json.loads(result.stdout)
    assert "viewer.app.session" in loaded  # the check sees what the tests import
    assert [name for name in loaded if name.startswith("PySide6.QtWebEngine")] == []
    assert [name for name in loaded if name == "viewer.app.main_window"] == []
