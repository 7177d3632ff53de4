"""Keeping every path a note names inside the opened folder."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import unquote


def user_cache_folder() -> Path:
    """The app's folder in the user's cache: ``$XDG_CACHE_HOME/viewer``, by default
    ``~/.cache/viewer`` (the index and the last note's page live there)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG rule: a relative value is invalid and ignored.
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return folder / "viewer"


class PathRefused(ValueError):
    """A path from a note that would leave its folder, or is not a path at all."""


def is_inside(real: str, real_root: str) -> bool:
    """Whether ``real`` is ``real_root`` or below it; both already resolved (realpath)."""
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def resolve_inside(root: Path, relative: str) -> Path:
    """The real file ``relative`` names under ``root``, or :class:`PathRefused`.

    Refuses absolute paths, ``..`` segments (also URL-encoded), drive letters, NUL bytes and
    symbolic links whose target lies outside ``root``. The file need not exist.
    """
    name = unquote(relative).replace("\\", "/")
    if not name.strip() or "\x00" in name:
        raise PathRefused(f"'{relative}' is not a file name.")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PathRefused(
            f"'{relative}' is an absolute path; only files inside the folder are opened."
        )
    parts = posixpath.normpath(name).split("/")
    if ".." in parts:
        raise PathRefused(f"'{relative}' points outside the notes folder.")
    try:
        real_root = root.resolve()
        target = (real_root / "/".join(parts)).resolve()
    except (RuntimeError, OSError) as error:  # Python 3.11 raises RuntimeError for link loops
        raise PathRefused(f"'{relative}' cannot be followed: {error}.") from None
    if not is_inside(str(target), str(real_root)):
        raise PathRefused(f"'{relative}' leads outside the notes folder (through a link).")
    return target
