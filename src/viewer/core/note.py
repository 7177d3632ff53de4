"""A note: front matter, body and everything that was wrong with it.

Loading never raises for bad content. A note that cannot be fully read is still a note, with the
problems listed in plain words for the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from viewer.core.front_matter import FrontMatter, read_front_matter
from viewer.core.local_copy import LocalCopy, local_copy_from_front_matter
from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.problems import Kind, Problem
from viewer.core.text import decode, read_note_bytes, without_code
from viewer.core.video import VideoSource, video_from_front_matter

_FIRST_HEADING = re.compile(r"^#[ \t]+(.+)$", re.MULTILINE)
#: A property value longer than this is cut when shown (and YAML alias bombs stay small).
_MAX_PROPERTY_CHARS = 500


@dataclass(frozen=True, slots=True)
class Note:
    path: Path
    title: str
    #: The Markdown after the front matter; a first line ``# heading`` that says the title is
    #: blanked, since the title is shown above it.
    body: str
    video: VideoSource | None = None
    aliases: tuple[str, ...] = ()
    #: Front matter keys the app does not interpret, as text to show the reader.
    properties: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: Why the note has no video although its front matter names one (also among problems).
    video_problem: Problem | None = None
    #: The line of the file (from 1) the body starts on, after the front matter.
    body_line: int = 1
    #: A file the note names beside its YouTube video: the video's copy, played when YouTube
    #: cannot play it (see :mod:`viewer.core.local_copy`).
    local_copy: LocalCopy | None = None


def readable_stem(path: Path) -> str:
    """``model_architectures_in_ai.md`` -> ``Model architectures in ai``."""
    return readable_title(path.name)


def readable_title(path: str) -> str:
    """:func:`readable_stem` of a folder-relative path, made without a ``Path`` (which keeps
    each part of a path in the interpreter's table of interned strings, a table that grows
    to hold a big folder's 50,000 names and stays that big)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name
    words = re.sub(r"[_\s]+", " ", stem).strip() or name
    return words[:1].upper() + words[1:]


def _show(value: Any, depth: int = 0) -> str:
    """A front matter value as one line of text, bounded in size and depth."""
    if depth > 3:
        return "…"
    if isinstance(value, list | tuple):
        text = ", ".join(_show(item, depth + 1) for item in value[:50])
    elif isinstance(value, dict):
        text = ", ".join(
            f"{key}: {_show(item, depth + 1)}" for key, item in list(value.items())[:50]
        )
    elif value is None:
        text = ""
    else:
        text = str(value)
    return text if len(text) <= _MAX_PROPERTY_CHARS else text[: _MAX_PROPERTY_CHARS - 1] + "…"


def _title(front: FrontMatter, path: Path, problems: list[Problem]) -> str:
    value = front.fields.get("title")
    body = front.body
    if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    if value is not None and not isinstance(value, str):
        problems.append(
            Problem(
                Kind.FIELD_IGNORED,
                "The title in the front matter is not text; it is ignored.",
                front.line_of("title"),
            )
        )
    for heading in _FIRST_HEADING.finditer(without_code(body)):
        # Closing hashes are cut here: in the pattern, a lazy group before them is quadratic.
        if text := heading.group(1).rstrip(" \t#").strip():
            return text
    return readable_stem(path)


def _aliases(front: FrontMatter, problems: list[Problem]) -> tuple[str, ...]:
    key = "aliases" if "aliases" in front.fields else "alias"
    value = front.fields.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append(
            Problem(
                Kind.FIELD_IGNORED,
                "'aliases' should be a list of names; it is ignored.",
                front.line_of(key),
            )
        )
        return ()
    return tuple(str(item).strip() for item in value if item is not None and str(item).strip())


_RESERVED = frozenset({"title", "videoId", "video", "aliases", "alias"})


def _video(
    front: FrontMatter, path: Path, root: Path, problems: list[Problem]
) -> tuple[VideoSource | None, Problem | None]:
    video, messages = video_from_front_matter(front.fields, path.parent, root)
    found = [
        Problem(
            Kind.VIDEO,
            message,
            front.line_of("videoId" if message.startswith("videoId") else "video"),
        )
        for message in messages
    ]
    problems.extend(found)
    return video, (found[-1] if found and video is None else None)


def without_title_heading(body: str, title: str) -> str:
    """``body`` with its first line blanked if that is a ``# heading`` saying the title.

    The title is shown above the note, so the same heading under it would be said twice.
    The line stays (empty), so line numbers and positions in the body do not move.
    """
    start = len(body) - len(body.lstrip("\n"))
    end = body.find("\n", start)
    end = len(body) if end < 0 else end
    heading = _FIRST_HEADING.fullmatch(body, start, end)
    if heading is None or heading.group(1).rstrip(" \t#").strip() != title:
        return body
    return body[:start] + body[end:]


def parse_note(text: str, path: Path, root: Path | None = None) -> Note:
    """Build a note from its decoded text; ``root`` is the folder a local video must stay in."""
    front = read_front_matter(text)
    problems = list(front.problems)
    title = _title(front, path, problems)
    video, video_problem = _video(front, path, root or path.parent, problems)
    local_copy, copy_problems = local_copy_from_front_matter(
        front.fields, path.parent, root or path.parent
    )
    problems.extend(
        Problem(Kind.LOCAL_COPY, message, front.line_of(key)) for key, message in copy_problems
    )
    aliases = _aliases(front, problems)
    properties = {key: _show(value) for key, value in front.fields.items() if key not in _RESERVED}
    body = without_title_heading(front.body, title)
    return Note(
        path,
        title,
        body,
        video,
        aliases,
        properties,
        tuple(problems),
        video_problem,
        front.body_line,
        local_copy,
    )


def load_note(path: Path, root: Path | None = None) -> Note:
    """Read and parse the note at ``path``; a file that cannot be read is reported, not raised."""
    return load_note_and_bytes(path, root)[0]


def load_note_and_bytes(path: Path, root: Path | None = None) -> tuple[Note, bytes | None]:
    """:func:`load_note`, with the bytes the note was read from (None when the file could not
    be read): what the reader is shown, which a capture must find unchanged before it writes."""
    root = root or path.parent
    try:
        resolve_inside(root, path.relative_to(root).as_posix())
        data, size = read_note_bytes(path)
    except PathRefused as refused:
        return _unreadable(path, str(refused)), None
    except ValueError:  # not below root at all
        return _unreadable(path, f"'{path}' is outside the notes folder; it is not opened."), None
    except OSError as error:
        return _unreadable(path, f"The file cannot be read: {error.strerror or error}."), None
    return note_from_bytes(data, path, root, size), data


def _unreadable(path: Path, message: str) -> Note:
    return Note(path, readable_stem(path), "", problems=(Problem(Kind.UNREADABLE, message),))


def note_from_bytes(
    data: bytes, path: Path, root: Path | None = None, size: int | None = None
) -> Note:
    """A note from its file's bytes; what decoding found wrong comes first among its problems.

    ``size`` is the file's full size when ``data`` holds only its beginning.
    """
    decoded = decode(data, size)
    note = parse_note(decoded.text, path, root)
    if decoded.problems:
        note = replace(note, problems=(*decoded.problems, *note.problems))
    return note
