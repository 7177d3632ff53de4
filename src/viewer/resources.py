"""The app's own files: page assets, and the sample notes it ships in the package.

``importlib.resources`` finds them the same way in a checkout, an installed wheel and a
PyInstaller bundle (the notes, kept in the checkout's top-level ``notes/``, see
``bundled_notes``). Names are checked, so no caller can reach outside the assets folder.
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
    """The sample notes shipped with the app: a folder like any other.

    They live once, in the checkout's top-level ``notes/``, and ship inside the package as
    ``viewer/notes`` (setup.py maps it): a wheel installed by pip or pipx, the sdist and a
    PyInstaller bundle have them there. A checkout run from ``src/`` (or an editable install)
    has no ``viewer/notes``, and finds them beside ``src/``. The app opens them as a notes
    folder, so they must be plain files, and are in all of these.
    """
    shipped = Path(str(files("viewer").joinpath("notes")))
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "notes"
    return checkout if checkout.is_dir() else shipped
