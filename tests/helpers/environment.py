"""A clean environment for running the app as a program: its own HOME and XDG folders."""

from __future__ import annotations

import os
from pathlib import Path

#: The XDG folders the app uses, under the private home: settings, index, data, places.
XDG_FOLDERS = (
    ("HOME", ""),
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_RUNTIME_DIR", "runtime"),
)


def app_environment(home: Path, **extra: str) -> dict[str, str]:
    """This process's environment without its Python, Qt, XDG and display settings, with
    ``home`` and its XDG folders (made here), headless (offscreen) unless ``extra`` says
    otherwise; ``extra`` is applied last."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("LD_LIBRARY_PATH", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DISPLAY")
        and not key.startswith(("QT_", "XDG_"))
    }
    for name, sub in XDG_FOLDERS:
        (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(home / sub)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
    env.update(extra)
    return env
