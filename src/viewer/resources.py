"""The app's own files: page assets, and the sample notes it ships in the package.

The assets are plain files beside this module in a checkout, an installed wheel and a
PyInstaller bundle (which keeps them at ``viewer/assets``); ``importlib.resources`` finds the
notes (kept in the checkout's top-level ``notes/``, see ``bundled_notes``). Names are
checked, so no caller can reach outside the assets folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: Found from this file rather than with importlib.resources, which costs the start 3 ms.
_ASSETS = Path(__file__).with_name("assets")


def _checked(name: str) -> str:
    if not name or name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
        raise ValueError(f"not an asset name: {name!r}")
    return name


@cache
def asset_text(name: str) -> str:
    """The text of ``src/viewer/assets/<name>``."""
    return (_ASSETS / _checked(name)).read_text(encoding="utf-8")


def asset_path(name: str) -> Path:
    """A file of the assets folder (in a bundle or a checkout both are plain files)."""
    return _ASSETS / _checked(name)


def bundled_notes() -> Path:
    """The sample notes shipped with the app: a folder like any other.

    They live once, in the checkout's top-level ``notes/``, and ship inside the package as
    ``viewer/notes`` (setup.py maps it): a wheel installed by pip or pipx, the sdist and a
    PyInstaller bundle have them there. A checkout run from ``src/`` (or an editable install)
    has no ``viewer/notes``, and finds them beside ``src/``. The app opens them as a notes
    folder, so they must be plain files, and are in all of these.
    """
    from importlib.resources import files

    shipped = Path(str(files("viewer").joinpath("notes")))
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "notes"
    return checkout if checkout.is_dir() else shipped
