"""A note: front matter, body and everything that was wrong with it.

Loading never raises for bad content. A note that cannot be fully read is still a note, with the
problems listed in plain words for the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from viewer.core import flat_yaml
from viewer.core.paths import PathRefused, resolve_inside
from viewer.core.text import decode, read_note_bytes, without_code
from viewer.core.video import VideoSource, video_from_front_matter

# libyaml is many times faster; PyYAML wheels ship it, source builds may not.
_YamlLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class _Loader(_YamlLoader):  # type: ignore[valid-type,misc]
    """The safe loader, keeping a value it cannot convert as the text it was written as."""


def _as_written(convert: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def construct(loader: Any, node: Any) -> Any:
        try:
            value = convert(loader, node)
        except (ValueError, OverflowError):  # 2024-02-30, or more digits than int() reads
            return loader.construct_scalar(node)
        if isinstance(value, int) and value.bit_length() > 64:  # too long to print as a number
            return loader.construct_scalar(node)
        return value

    return construct


for _kind in ("int", "float", "timestamp"):
    _Loader.add_constructor(
        f"tag:yaml.org,2002:{_kind}",
        _as_written(getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{_kind}")),
    )


_YAML = YAMLHandler()
_FIRST_HEADING = re.compile(r"^#[ \t]+(.+)$", re.MULTILINE)
#: A property value longer than this is cut when shown (and YAML alias bombs stay small).
_MAX_PROPERTY_CHARS = 500


@dataclass(frozen=True, slots=True)
class Note:
    path: Path
    title: str
    body: str
    video: VideoSource | None = None
    aliases: tuple[str, ...] = ()
    #: Front matter keys the app does not interpret, as text to show the reader.
    properties: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def readable_stem(path: Path) -> str:
    """``model_architectures_in_ai.md`` -> ``Model architectures in ai``."""
    words = re.sub(r"[_\s]+", " ", path.stem).strip() or path.name
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


_KINDS = {list: "list", int: "number", float: "number", str: "piece of text", bool: "yes/no value"}


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """Front matter as a mapping, the body, and the problems found on the way."""
    if not _YAML.detect(text):
        return {}, text, []
    try:
        raw, body = _YAML.split(text)
    except ValueError:
        return {}, text, ["The front matter has no closing '---' line; it is shown as text."]
    try:
        data = flat_yaml.load(raw)
        if data is None:
            data = yaml.load(raw, Loader=_Loader)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        mark = getattr(error, "problem_mark", None)
        # ``raw`` starts with the end of the opening '---' line: that is its line 0.
        first = text.count("\n", 0, text.find(raw)) + 1
        where = f" (line {first + mark.line})" if mark is not None else ""
        return {}, body, [f"The front matter is not valid YAML{where}; its fields are ignored."]
    except RecursionError:
        return {}, body, ["The front matter is nested too deeply; its fields are ignored."]
    if data is None:
        return {}, body, []
    if not isinstance(data, dict):
        kind = _KINDS.get(type(data), "single value")
        return {}, body, [f"The front matter is a {kind}, not a set of fields; it is ignored."]
    return {str(key): value for key, value in data.items()}, body, []


def _title(meta: dict[str, Any], body: str, path: Path, problems: list[str]) -> str:
    value = meta.get("title")
    if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    if value is not None and not isinstance(value, str):
        problems.append("The title in the front matter is not text; it is ignored.")
    for heading in _FIRST_HEADING.finditer(without_code(body)):
        # Closing hashes are cut here: in the pattern, a lazy group before them is quadratic.
        if text := heading.group(1).rstrip(" \t#").strip():
            return text
    return readable_stem(path)


def _aliases(meta: dict[str, Any], problems: list[str]) -> tuple[str, ...]:
    value = meta.get("aliases", meta.get("alias"))
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.append("'aliases' should be a list of names; it is ignored.")
        return ()
    return tuple(str(item).strip() for item in value if item is not None and str(item).strip())


_RESERVED = frozenset({"title", "videoId", "video", "aliases", "alias"})


def parse_note(text: str, path: Path, root: Path | None = None) -> Note:
    """Build a note from its decoded text; ``root`` is the folder a local video must stay in."""
    meta, body, problems = split_front_matter(text)
    title = _title(meta, body, path, problems)
    video, video_problems = video_from_front_matter(meta, path.parent, root or path.parent)
    problems.extend(video_problems)
    aliases = _aliases(meta, problems)
    properties = {key: _show(value) for key, value in meta.items() if key not in _RESERVED}
    return Note(path, title, body, video, aliases, properties, tuple(problems))


def load_note(path: Path, root: Path | None = None) -> Note:
    """Read and parse the note at ``path``; a file that cannot be read is reported, not raised."""
    root = root or path.parent
    try:
        resolve_inside(root, path.relative_to(root).as_posix())
        data, size = read_note_bytes(path)
    except PathRefused as refused:
        return Note(path, readable_stem(path), "", problems=(str(refused),))
    except ValueError:  # not below root at all
        outside = f"'{path}' is outside the notes folder; it is not opened."
        return Note(path, readable_stem(path), "", problems=(outside,))
    except OSError as error:
        reason = error.strerror or str(error)
        return Note(
            path, readable_stem(path), "", problems=(f"The file cannot be read: {reason}.",)
        )
    return note_from_bytes(data, path, root, size)


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
