"""The app's own files: page assets inside the package, and the bundled sample notes.

``importlib.resources`` finds the assets the same way in a checkout, an installed wheel and a
PyInstaller bundle. Names are checked, so no caller can reach outside the assets folder.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib.resources import files
from pathlib import Path


def _checked(name: str) -> str:
    if not name or name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
        raise ValueError(f"not an asset name: {name!r}")
    return name


@cache
def asset_text(name: str) -> str:
    """The text of ``src/viewer/assets/<name>``."""
    return files("viewer").joinpath("assets", _checked(name)).read_text(encoding="utf-8")


def asset_path(name: str) -> Path:
    """A file of the assets folder (in a bundle or a checkout both are plain files)."""
    return Path(str(files("viewer").joinpath("assets", _checked(name))))


def bundled_notes() -> Path:
    """The sample notes shipped with the app: beside the bundle, or at the top of a checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "notes"
    return Path(__file__).resolve().parents[2] / "notes"
