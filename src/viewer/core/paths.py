"""Keeping every path a note names inside the opened folder."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote


class PathRefused(ValueError):
    """A path from a note that would leave its folder, or is not a path at all."""


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
    if target != real_root and real_root not in target.parents:
        raise PathRefused(f"'{relative}' leads outside the notes folder (through a link).")
    return target
