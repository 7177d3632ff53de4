"""Obsidian-style wiki links: finding them in a note and resolving them against a folder.

Resolution compares names case-insensitively and treats spaces, underscores and hyphens alike.
It tries the path, then the file stem, then the title, then the aliases. It only ever answers
with a note of the folder, so no link can lead outside it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote

from viewer.core.text import without_code

# Inside a table a bar must be written ``\|``; both forms separate target and alias.
# The pattern starts with a literal, so the regex engine can skip to each "[[" (a leading
# optional "!" made it try every character of the note); :func:`embed_start` finds the "!".
WIKILINK = re.compile(r"\[\[(?P<inner>[^\[\]\n]{1,500}?)\]\]")
_SEPARATORS = str.maketrans({"_": " ", "-": " "})


@dataclass(frozen=True, slots=True)
class WikiLink:
    target: str
    heading: str | None = None
    alias: str | None = None
    embed: bool = False

    @property
    def text(self) -> str:
        """What the reader sees."""
        if self.alias:
            return self.alias
        if self.heading:
            return f"{self.target} › {self.heading}" if self.target else self.heading
        return self.target


def parse_wikilink(inner: str, embed: bool = False) -> WikiLink | None:
    """``target#heading|alias`` (spaces around the bar allowed) -> :class:`WikiLink`."""
    target, bar, alias = inner.replace("\\|", "|").partition("|")
    target, hash_, heading = target.partition("#")
    target = target.strip()
    if not target and not heading.strip():
        return None
    return WikiLink(
        target=target,
        heading=(heading.strip() or None) if hash_ else None,
        alias=(alias.strip() or None) if bar else None,
        embed=embed,
    )


def embed_start(text: str, match: re.Match[str]) -> int | None:
    """Where ``![[…]]`` starts, if the match is an embed; else ``None``."""
    start = match.start()
    return start - 1 if start > 0 and text[start - 1] == "!" else None


def find_wikilinks(body: str) -> Iterator[WikiLink]:
    """The wiki links of ``body`` in order, leaving out those written as code."""
    body = without_code(body)
    for match in WIKILINK.finditer(body):
        embed = embed_start(body, match) is not None
        if link := parse_wikilink(match.group("inner"), embed):
            yield link


def link_targets(body: str) -> tuple[str, ...]:
    """The targets of the wiki links in ``body``, as written: what the folder index keeps.

    The same reading as :func:`parse_wikilink`, without building a link for each. Targets are
    interned: a folder names the same notes again and again (10,000 generated notes hold 75,000
    links, 32,000 of them distinct), and the folder keeps every one.
    """
    targets = []
    for inner in WIKILINK.findall(without_code(body)):
        target = inner.replace("\\|", "|").partition("|")[0].partition("#")[0].strip()
        if target:
            targets.append(sys.intern(target))
    return tuple(targets)


def name_key(name: str) -> str:
    """The form names are compared in: case-folded, ``_``/``-``/spaces alike, no ``.md``."""
    name = unquote(name).strip()
    if name[-3:].lower() == ".md":
        name = name[:-3]
    # Runs of white space, "_" and "-" become one space (str methods: twice the regex's speed,
    # and opening a folder computes this for every path, title and alias).
    return " ".join(name.translate(_SEPARATORS).split()).casefold()


def path_key(path: str) -> str:
    """``people/Jonathan_Frankle.md`` -> ``people/jonathan frankle``."""
    parts = [name_key(part) for part in unquote(path).replace("\\", "/").split("/")]
    return "/".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class NoteNames:
    """What one note answers to: its folder-relative path, title and aliases."""

    path: str  # relative, forward slashes, with ".md"
    title: str
    aliases: tuple[str, ...] = ()


class Named(Protocol):
    """Anything that answers to names as a note does (:class:`NoteNames`, a folder's entry)."""

    @property
    def path(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


#: The resolver's lookup tables: by path, by stem, by title, by alias.
Tables = tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]


class LinkResolver:
    """Lookup tables from names to note paths, built once for a folder.

    Building them costs a :func:`name_key` per name; the folder index keeps the finished
    :attr:`tables` and hands them back with :meth:`from_tables`.
    """

    def __init__(self, notes: Iterable[Named]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_stem: dict[str, str] = {}
        self._by_title: dict[str, str] = {}
        self._by_alias: dict[str, str] = {}
        # Sorted, so that where two notes share a name the same one wins every time.
        for note in _ordered(notes):
            self._by_path.setdefault(path_key(note.path), note.path)
            self._by_stem.setdefault(name_key(note.path.rsplit("/", 1)[-1]), note.path)
            self._by_title.setdefault(name_key(note.title), note.path)
            for alias in note.aliases:
                self._by_alias.setdefault(name_key(alias), note.path)

    def renamed(self, notes: Iterable[Named], titles: bool, aliases: bool) -> LinkResolver:
        """The tables for ``notes``, the same notes (the same paths) as this resolver's with
        new ``titles`` or ``aliases`` or both: only those tables are worked out again, the
        others are this resolver's own (a title changed in a folder of 50,000 notes costs one
        :func:`name_key` per title, not four per note)."""
        ordered = _ordered(notes) if titles or aliases else []
        by_title = {} if titles else self._by_title
        by_alias = {} if aliases else self._by_alias
        for note in ordered:
            if titles:
                by_title.setdefault(name_key(note.title), note.path)
            if aliases:
                for alias in note.aliases:
                    by_alias.setdefault(name_key(alias), note.path)
        return LinkResolver.from_tables((self._by_path, self._by_stem, by_title, by_alias))

    @classmethod
    def from_tables(cls, tables: Tables) -> LinkResolver:
        resolver = cls(())
        resolver._by_path, resolver._by_stem, resolver._by_title, resolver._by_alias = tables
        return resolver

    @property
    def tables(self) -> Tables:
        return self._by_path, self._by_stem, self._by_title, self._by_alias

    def resolve(self, target: str) -> str | None:
        """The folder-relative path of the note ``target`` names, or ``None``."""
        if not target.strip():
            return None
        if "/" in target or "\\" in target:
            key = path_key(target)
            if ".." in key.split("/"):
                return None
            if found := self._by_path.get(key):
                return found
            target = target.replace("\\", "/").rsplit("/", 1)[-1]
        key = name_key(target)
        return self._by_stem.get(key) or self._by_title.get(key) or self._by_alias.get(key)


def _ordered(notes: Iterable[Named]) -> list[Named]:
    """Where two notes share a name, the one first here wins: the shallower path first, then
    the alphabetical order. (Two stable sorts rather than one by pairs: a pair per note is an
    object the garbage collector tracks.)"""
    ordered = sorted(notes, key=_path_of)
    ordered.sort(key=_depth_of)
    return ordered


def _path_of(note: Named) -> str:
    return note.path


def _depth_of(note: Named) -> int:
    return note.path.count("/")
