"""What the ``viewer`` command is asked to open: a path, a ``file:`` URL, or a deep link.

A deep link names a note and a moment of its video, for another program to hand the app
(a link in Obsidian, a browser, a chat)::

    io.github.videonotes.viewer://open?path=/home/me/notes/talk.md&t=163
    io.github.videonotes.viewer://open?folder=/home/me/notes&path=talk.md&t=2:43

The scheme is the app id in lower case (URL schemes are case-insensitive, and the desktop
entry registers ``x-scheme-handler/<scheme>``). ``path`` is the note (or a folder); with
``folder`` it is relative to that folder and must stay inside it, refused otherwise as any
path a note names is (:func:`viewer.core.paths.resolve_inside`). ``t`` is seconds, or a time
as a note writes one (``2:43``, ``1:02:43``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.timecode import parse
from viewer.identity import APP_ID

SCHEME = APP_ID.lower()
#: Longest argument read: a path or a link, never a document.
MAX_CHARS = 8192


class OpeningError(ValueError):
    """An argument that cannot be opened; ``str(error)`` is a sentence for the reader."""


@dataclass(frozen=True, slots=True)
class Opening:
    """A folder or note to open, and a moment of its video to play from (if a link gave one)."""

    path: Path
    seconds: float | None = None


def read_opening(argument: str, cwd: Path | None = None) -> Opening:
    """The path (absolute) and moment ``argument`` names: a path (relative to ``cwd``), a
    ``file:`` URL, or a deep link. Raises :class:`OpeningError`."""
    if len(argument) > MAX_CHARS or "\x00" in argument:
        raise OpeningError("The argument is not a path or a link.")
    scheme = urlsplit(argument).scheme.lower() if "://" in argument else ""
    if scheme == "file":
        return Opening(_absolute(Path(unquote(urlsplit(argument).path)), cwd))
    if scheme == SCHEME:
        return _deep_link(argument)
    if scheme:
        raise OpeningError(f"'{argument}' is a {scheme}: link, which this app does not open.")
    return Opening(_absolute(Path(argument), cwd))


def moment_url(note: Path, seconds: float) -> str:
    """The deep link to ``seconds`` into the video of the note at ``note`` (an absolute path)."""
    path = quote(str(note), safe="/")
    return f"{SCHEME}://open?path={path}&t={max(0, int(seconds))}"


def _deep_link(url: str) -> Opening:
    parts = urlsplit(url)
    if parts.netloc.lower() != "open" or parts.path not in ("", "/"):
        raise OpeningError(f"'{url}' is not a link this app opens (it opens '{SCHEME}://open?…').")
    query = parse_qs(parts.query, keep_blank_values=True)
    named = _one(query, "path")
    if named is None:
        raise OpeningError(f"'{url}' does not name a note (path=…).")
    folder = _one(query, "folder")
    if folder is None:
        if not os.path.isabs(named):
            raise OpeningError(f"'{named}' is not an absolute path; name its folder= too.")
        path = Path(os.path.normpath(named))
    else:
        if not os.path.isabs(folder):
            raise OpeningError(f"The folder '{folder}' is not an absolute path.")
        try:
            path = resolve_inside(Path(folder), named)
        except PathRefused as refused:
            raise OpeningError(str(refused)) from None
    time = _one(query, "t")
    return Opening(path, None if time is None else _seconds(time))


def _one(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[-1] if values else None


def _seconds(text: str) -> float:
    # Seconds, 2:43 or 1:02:43 (hours:minutes:seconds: a link is written by a person or a
    # program, not in the notes' minutes:seconds:00 habit), or 2m43s.
    timecode = parse(text)
    if timecode is None:
        raise OpeningError(f"'{text}' is not a time in a video (seconds, or 2:43).")
    return timecode.seconds


def _absolute(path: Path, cwd: Path | None) -> Path:
    return Path(os.path.abspath(path if path.is_absolute() else (cwd or Path.cwd()) / path))
