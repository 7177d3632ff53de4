"""A fast reader for the flat front matter note generators write.

Opening a folder reads the front matter of every note, and building PyYAML's node graph costs
far more than reading the file. Nearly all front matter is a handful of ``key: text`` lines
and short lists of text, so this reads exactly that. Anything else — a number, a date, a
nested map, an anchor, an escape, a comment after a value — returns ``None``, and the caller
uses PyYAML, so the result is always what PyYAML would give.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*")
_ITEM = re.compile(r"([ ]*)-[ ]+(.*?)[ ]*")
_FLOW_WORD = re.compile(r"\w[\w .+/-]*")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


@lru_cache(maxsize=8192)  # keys and list items (tags) repeat across a folder
def _text(value: str) -> str | None:
    """The string a scalar written as ``value`` stands for, if it is surely a string."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        # No escapes, no doubled quotes: then the text is exactly what is between the quotes.
        if value[0] in inner or "\\" in inner:
            return None
        return inner
    if not value or value[0] in _INDICATORS or ": " in value or " #" in value:
        return None
    if value.endswith(":") or "\t" in value:
        return None
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return value if tag == _STR else None


def _flow_list(value: str) -> list[str] | None:
    inner = value[1:-1].strip(" ")
    if not inner:
        return []
    if any(mark in inner for mark in "[]{}\"'"):
        return None
    items = []
    for item in inner.split(","):
        # Plain scalars inside [...] follow stricter rules; only plain words are read here.
        if not _FLOW_WORD.fullmatch(item.strip(" ")):
            return None
        text = _text(item.strip(" "))
        if text is None:
            return None
        items.append(text)
    return items


def load(raw: str) -> dict[str, Any] | None:
    """The mapping ``raw`` holds, or ``None`` if it is anything but flat text and lists."""
    if _NON_PRINTABLE.search(raw):
        return None  # PyYAML refuses these characters; let it say so
    data: dict[str, Any] = {}
    key: str | None = None  # a key with no value yet: a block list may follow
    indent = ""  # of that list's items: one indented otherwise goes on the item before it
    for line in raw.split("\n"):
        if not line.strip(" "):  # YAML's white space is the space: a tab-only line is not
            continue
        if key is not None and (item := _ITEM.fullmatch(line)):
            text = _text(item.group(2))
            if text is None:
                return None
            if data[key] is None:
                data[key], indent = [], item.group(1)
            elif item.group(1) != indent:
                return None
            data[key].append(text)
            continue
        match = _KEY.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2) or ""
        if _text(key) != key:  # a key YAML reads as a number, a boolean or null
            return None
        if not value:
            data[key] = None
            continue
        if value.startswith("[") and value.endswith("]"):
            parsed: str | list[str] | None = _flow_list(value)
        else:
            parsed = _text(value)
        if parsed is None:
            return None
        data[key], key = parsed, None
    return data
