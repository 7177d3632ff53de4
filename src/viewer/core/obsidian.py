"""Obsidian: whether a notes folder is in an Obsidian vault, and the link that opens a note there.

A vault is a folder with an ``.obsidian`` folder in it (Obsidian keeps its settings there). The
notes folder may be the vault or any folder inside one. Obsidian opens a note from a link
``obsidian://open?vault=<the vault folder's name>&file=<the note's path in the vault>``, the
path written without ``.md`` (as Obsidian names notes) and both values percent-encoded,
``/`` included, as Obsidian's own "Copy Obsidian URL" writes them.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote

#: The folder that makes a folder a vault.
SETTINGS_FOLDER = ".obsidian"


def vault_of(folder: Path) -> Path | None:
    """The vault ``folder`` is in: the nearest of it and the folders above it that holds an
    ``.obsidian`` folder; None when there is none."""
    here = Path(os.path.abspath(folder))
    for candidate in (here, *here.parents):
        if (candidate / SETTINGS_FOLDER).is_dir():
            return candidate
    return None


def obsidian_url(vault: Path, note: Path) -> str | None:
    """The link that opens ``note`` (a file inside ``vault``) in Obsidian; None when the note
    is not inside the vault."""
    try:
        relative = Path(os.path.abspath(note)).relative_to(os.path.abspath(vault))
    except ValueError:
        return None
    if not relative.parts:
        return None
    inside = PurePosixPath(*relative.parts)
    if inside.suffix.lower() == ".md":
        inside = inside.with_suffix("")
    return f"obsidian://open?vault={quote(vault.name, safe='')}&file={quote(str(inside), safe='')}"
