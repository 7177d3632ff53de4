"""A note's front matter: the YAML block at its top, read as fully as it can be.

Valid YAML is read as PyYAML reads it (through :mod:`viewer.core.flat_yaml` when it is flat).
Front matter that is not valid YAML is salvaged: each top-level ``key: value`` entry, with the
lines that belong to it, is read on its own, and only the entries that cannot be read are
ignored, each with a problem naming its line. One broken title does not cost a note its video.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from viewer.core import flat_yaml
from viewer.core.problems import Kind, Problem

# libyaml is many times faster; PyYAML wheels ship it, source builds may not.
_YamlLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class YamlLoader(_YamlLoader):  # type: ignore[valid-type,misc]
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
    YamlLoader.add_constructor(
        f"tag:yaml.org,2002:{_kind}",
        _as_written(getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{_kind}")),
    )

_YAML = YAMLHandler()
_KINDS = {list: "list", int: "number", float: "number", str: "piece of text", bool: "yes/no value"}


def load_yaml(raw: str) -> Any:
    """``raw`` as PyYAML's safe loader reads it (values it cannot convert kept as written).

    Raises what PyYAML raises, and ``RecursionError`` for nesting too deep.
    """
    data = flat_yaml.load(raw)
    return data if data is not None else yaml.load(raw, Loader=YamlLoader)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    fields: dict[str, Any]
    body: str
    #: The line of the file (from 1) the body starts on.
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    #: The YAML as written, and the line of the file its first line is (the opening "---").
    raw: str = ""
    raw_line: int = 1

    def line_of(self, key: str) -> int | None:
        """The line of the file ``key`` is written on (its last time: that is the one read).

        Found only when a problem needs it: most notes have none.
        """
        starts = [
            match.start()
            for match in re.finditer(rf"(?m)^{re.escape(key)}[ \t]*:(?:[ \t]|$)", self.raw)
        ]
        return self.raw_line + self.raw.count("\n", 0, starts[-1]) if starts else None


def read_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into its front matter fields and its body, saying what went wrong."""
    if not _YAML.detect(text):
        return FrontMatter({}, text)
    try:
        raw, body = _YAML.split(text)
    except ValueError:
        unclosed = Problem(
            Kind.FRONT_MATTER_UNCLOSED,
            "The front matter has no closing '---' line; it is shown as text.",
            1,
        )
        return FrontMatter({}, text, 1, [unclosed])
    # ``raw`` starts with the end of the opening '---' line: raw's line 0 is the file's line 1.
    raw_line = text.count("\n", 0, text.find(raw)) + 1
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    try:
        data = load_yaml(raw)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        fields, problems = salvage(raw, raw_line)
        if not fields:
            problems = [_not_yaml(error, raw, raw_line)]
        return FrontMatter(fields, body, body_line, problems, raw, raw_line)
    if data is None:
        return FrontMatter({}, body, body_line)
    if not isinstance(data, dict):
        kind = _KINDS.get(type(data), "single value")
        problem = Problem(
            Kind.FRONT_MATTER_INVALID,
            f"The front matter is a {kind}, not a set of fields; it is ignored.",
            raw_line + 1,
        )
        return FrontMatter({}, body, body_line, [problem])
    fields = {str(key): value for key, value in data.items()}
    return FrontMatter(fields, body, body_line, [], raw, raw_line)


def _not_yaml(error: BaseException, raw: str, raw_line: int) -> Problem:
    if isinstance(error, RecursionError):
        message = "The front matter is nested too deeply; its fields are ignored."
        return Problem(Kind.FRONT_MATTER_INVALID, message, raw_line + 1)
    mark = getattr(error, "problem_mark", None)
    # An error found at the end of the block (a bracket never closed) is on its last line.
    last = len(raw.rstrip(" \t\n").split("\n")) - 1
    line = raw_line + min(mark.line, last) if mark is not None else None
    where = f" (line {line})" if line is not None else ""
    return Problem(
        Kind.FRONT_MATTER_INVALID,
        f"The front matter is not valid YAML{where}; its fields are ignored.",
        line if line is not None else raw_line + 1,
    )


#: A line that starts a top-level entry: a plain key at the start of the line, then ':'.
_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")
#: A line that belongs to the entry above it: indented, a block list item, a comment, blank,
#: or a block scalar's "|" or ">" (YAML lets a key's value start there, at the line's start).
_CONTINUATION = re.compile(r"[ \t]|-(?:[ \t]|$)|#|[|>]|$")
#: Front matter longer than this is not salvaged line by line (each entry is parsed alone).
MAX_SALVAGED_LINES = 500
#: Entries read together again may cost this many times the block's length, no more.
_MERGE_BUDGET = 8


def _entries(lines: list[str]) -> list[tuple[int, int]]:
    """``(first, end)`` line ranges of the top-level entries: each line and its continuation."""
    starts = [
        number for number, line in enumerate(lines) if number == 0 or not _CONTINUATION.match(line)
    ]
    return list(zip(starts, [*starts[1:], len(lines)], strict=True))


def _is_text(key: str) -> bool:
    return bool(flat_yaml.load(f"{key}:"))


def _text_of(lines: list[str], first: int, end: int) -> str:
    # With the line break that ends its last line in the document: a block scalar keeps it.
    return "\n".join(lines[first:end]) + ("\n" if end < len(lines) else "")


def _parse(text: str) -> tuple[Any, int | None]:
    """The value ``text`` holds and ``None``, or ``None`` and the line the error is on."""
    try:
        return load_yaml(text), None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        return None, (mark.line if mark is not None else 0)


def salvage(raw: str, raw_line: int = 0) -> tuple[dict[str, Any], list[Problem]]:
    """The fields of front matter that is not valid YAML, read entry by entry.

    An entry that cannot be read is ignored with a problem naming its line. An entry whose
    error is at its very end (a quote or a bracket still open) may go on over the lines that
    follow, as YAML allows: it is read together with them. Whatever is read is read as PyYAML
    reads the same lines in a valid document, so salvage never gives a key another value.
    """
    lines = raw.split("\n")
    if len(lines) > MAX_SALVAGED_LINES:
        return {}, []
    entries = _entries(lines)
    fields: dict[Any, Any] = {}
    problems: list[Problem] = []
    budget = _MERGE_BUDGET * len(raw) + 10_000  # characters read again, in entries read on
    index = 0
    while index < len(entries):
        first, end = entries[index]
        if not "".join(lines[first:end]).strip(" \t"):
            index += 1
            continue
        value, error_line = _parse(_text_of(lines, first, end))
        taken = index + 1
        if error_line is not None and error_line >= end - first - 1:
            # Open at its end: read it with the entries that follow, until it closes.
            for later in range(index + 1, len(entries)):
                longer = _text_of(lines, first, entries[later][1])
                budget -= len(longer)
                if budget < 0:
                    break  # reading on and on: a bracket opened on every line never closes
                value, longer_error = _parse(longer)
                if longer_error is None:
                    error_line, taken = None, later + 1
                    break
        key = _KEY_LINE.match(lines[first])
        if key is not None and not _is_text(key.group(1)):
            key = None  # "true:", "null:": a key YAML reads as another value is not read
        # Only entries that start with a plain key are read: a line such as "? k" (a complex
        # key) or "{a: 1}" may take its meaning from lines that are not part of it.
        if error_line is None and isinstance(value, dict) and key is not None:
            fields.update(value)
            index = taken
            continue
        # A later line for a key replaces an earlier one in YAML: a broken one leaves no value.
        if key is not None:
            fields.pop(key.group(1), None)
        if error_line is None and value is None:
            index = taken  # only a comment or a document end marker
            continue
        shown = lines[first].strip()
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        what = "is not valid YAML" if error_line is not None else "is not a 'key: value' field"
        problems.append(
            Problem(
                Kind.FRONT_MATTER_LINE,
                f"The front matter line “{shown}” {what}; it is ignored.",
                raw_line + first,
            )
        )
        index = taken if error_line is None else index + 1
    return {str(key): value for key, value in fields.items()}, problems
