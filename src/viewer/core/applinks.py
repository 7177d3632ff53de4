"""The app's own links: every one a rendered note may hold is built and read here.

* ``seek:163.5``: play the note's video from 163.5 s; ``seek:90,120``: play it from 90 s and
  pause at 120 s (a time range, from a media fragment: :mod:`viewer.core.fragments`);
* ``note:people/Jonathan%20Frankle.md#heading``: open a note of the folder, at the element
  whose id is ``heading`` (a heading's slug, see :func:`slug`);
* ``missing-note:target``: a wiki link that matches no note;
* ``viewer-file://notes/<path>``: a file inside the opened folder (images, media, the page).

The first three are caught by the note pane and never loaded; the last is served read-only
from inside the opened folder. :func:`parse_link` reads any of them back into a typed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

SEEK = "seek"
NOTE = "note"
MISSING_NOTE = "missing-note"
FILE = "viewer-file"
FILE_HOST = "notes"
FILE_ORIGIN = f"{FILE}://{FILE_HOST}/"
#: The schemes of links that the note pane acts on instead of loading.
LINK_SCHEMES = (SEEK, NOTE, MISSING_NOTE)
#: Every scheme a rendered note may link to: the app's own and the outside world's.
URL_SCHEMES = frozenset({"http", "https", "mailto", *LINK_SCHEMES, FILE})

#: The only shape of a seek link's time: what :func:`seek_href` writes, and nothing to decode.
SEEK_TIME = re.compile(r"\d{1,9}(?:\.\d{1,6})?")


@dataclass(frozen=True, slots=True)
class SeekLink:
    seconds: float
    #: Where a time range ends (``None``: a moment, which plays on).
    end: float | None = None


@dataclass(frozen=True, slots=True)
class NoteLink:
    path: str  # folder-relative
    fragment: str = ""  # the id of an element of that note, or "" for its top


@dataclass(frozen=True, slots=True)
class MissingNote:
    target: str  # the wiki link's target, as written


@dataclass(frozen=True, slots=True)
class FileLink:
    path: str  # folder-relative


AppLink = SeekLink | NoteLink | MissingNote | FileLink


def slug(text: str) -> str:
    """The id python-markdown's ``toc`` extension gives a heading with this text."""
    from markdown.extensions.toc import slugify  # the Markdown stack loads only to render

    return str(slugify(text, "-"))


def seek_href(seconds: float, end: float | None = None) -> str:
    """``seek:163.5``; with an ``end``, the range ``seek:90,120``."""
    href = f"{SEEK}:{_time(seconds)}"
    return href if end is None else f"{href},{_time(end)}"


def _time(seconds: float) -> str:
    # To the millisecond: ``:g`` keeps six digits, and 12345.67 would become 12345.7.
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def note_href(path: str, heading: str | None = None) -> str:
    """A link to the note at ``path``, at its heading titled (or slugged) ``heading``."""
    fragment = f"#{quote(slug(heading))}" if heading else ""
    return f"{NOTE}:{quote(path)}{fragment}"


def missing_note_href(target: str) -> str:
    return f"{MISSING_NOTE}:{quote(target)}"


def file_href(path: str) -> str:
    """The ``viewer-file:`` URL of a folder-relative path."""
    return FILE_ORIGIN + quote(path)


def seek_seconds(value: str) -> float | None:
    """The time a seek link's ``value`` stands for, if it is one the player can go to."""
    if not SEEK_TIME.fullmatch(value):
        return None
    from viewer.core.timecode import MAX_SECONDS  # loaded after the window's first paint

    seconds = float(value)
    return seconds if seconds <= MAX_SECONDS else None


def parse_link(url: str) -> AppLink | None:
    """What an app link stands for; ``None`` for any other URL, or a malformed app link."""
    scheme, colon, rest = url.partition(":")
    if not colon:
        return None
    scheme = scheme.lower()
    if scheme == SEEK:
        first, comma, second = rest.partition(",")
        seconds = seek_seconds(first)
        end = seek_seconds(second) if comma else None
        if seconds is None or (comma and (end is None or end <= seconds)):
            return None
        return SeekLink(seconds, end)
    if scheme == NOTE:
        path, _hash, fragment = rest.partition("#")
        return NoteLink(unquote(path), unquote(fragment)) if path else None
    if scheme == MISSING_NOTE:
        return MissingNote(unquote(rest.partition("#")[0])) if rest else None
    if scheme == FILE and rest.startswith(f"//{FILE_HOST}/"):
        path = rest[len(FILE_HOST) + 3 :].partition("#")[0].partition("?")[0]
        return FileLink(unquote(path))
    return None
