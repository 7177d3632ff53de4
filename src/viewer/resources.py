"""The app's own files: page assets and the bundled sample notes, both inside the package.

``importlib.resources`` finds them the same way in a checkout, an installed wheel and a
PyInstaller bundle. Names are checked, so no caller can reach outside the assets folder.
"""

from __future__ import annotations

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
    """The sample notes shipped with the app (``src/viewer/notes``): a folder like any other.

    The app opens them as a notes folder, so they must be plain files: a checkout, a wheel
    installed by pip or pipx and a PyInstaller bundle all have them so.
    """
    return Path(str(files("viewer").joinpath("notes")))
