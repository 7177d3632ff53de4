"""Obsidian-style wiki links: finding them in a note and resolving them against a folder.

Resolution compares names case-insensitively and treats spaces, underscores and hyphens alike.
It tries the path, then the file stem, then the title, then the aliases. It only ever answers
with a note of the folder, so no link can lead outside it.
"""

from __future__ import annotations

import itertools
import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote

from viewer.core.text import without_code

# Inside a table a bar must be written ``\|``; both forms separate target and alias.
# The pattern starts with a literal, so the regex engine can skip to each "[[" (a leading
# optional "!" made it try every character of the note); :func:`embed_start` finds the "!".
WIKILINK = re.compile(r"\[\[(?P<inner>[^\[\]\n]{1,500}?)\]\]")
#: Names handled in one call into C when many are searched (:class:`Folded`).
PIECE = 5_000


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
    if "%" in name:
        name = unquote(name)
    name = name.strip()
    if name[-3:].lower() == ".md":
        name = name[:-3]
    # Runs of white space, "_" and "-" become one space (str methods: twice the regex's speed,
    # and opening a folder computes this for every path, title and alias). Two replace() calls
    # rather than translate(), which looks each character up in a dict: 0.5 µs for a title of
    # 35 characters rather than 2.
    return " ".join(name.replace("_", " ").replace("-", " ").split()).casefold()


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
            stem = name_key(note.path.rsplit("/", 1)[-1])
            self._by_stem.setdefault(stem, note.path)
            # Most notes are named after their titles: the two tables share that key, one
            # string rather than two (50,000 of them, 3.5 MiB, in a folder of 50,000 notes).
            title = name_key(note.title)
            self._by_title.setdefault(stem if title == stem else title, note.path)
            for alias in note.aliases:
                self._by_alias.setdefault(name_key(alias), note.path)

    def renamed(
        self, before: Mapping[str, Named], after: Mapping[str, Named], changed: Iterable[str]
    ) -> tuple[LinkResolver, frozenset[str]]:
        """The resolver of ``after``, the notes of ``before`` (the same paths) of which those
        at ``changed`` have new titles or aliases; and the name keys whose note changed.

        Only the names the change touches are worked out again: the changed notes' old and
        new titles and aliases, each given to the first note, in the resolver's order, that
        answers to it now (the notes that may are found by a search of all the names folded
        at once, not a :func:`name_key` per note). The paths' and stems' tables are this
        resolver's own; so is a table no name of which changed."""
        titles: set[str] = set()
        aliases: set[str] = set()
        for path in changed:
            old, new = before[path], after[path]
            if old.title != new.title:
                titles.update((name_key(old.title), name_key(new.title)))
            if old.aliases != new.aliases:
                aliases.update(name_key(alias) for alias in (*old.aliases, *new.aliases))
        notes = list(after.values())
        by_title = _retabled(self._by_title, titles, notes, _titles_of)
        by_alias = _retabled(self._by_alias, aliases, notes, _aliases_of)
        moved = frozenset(
            key
            for table, old_table, keys in (
                (by_title, self._by_title, titles),
                (by_alias, self._by_alias, aliases),
            )
            for key in keys
            if table.get(key) != old_table.get(key)
        )
        return LinkResolver.from_tables((self._by_path, self._by_stem, by_title, by_alias)), moved

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


def _retabled(
    table: dict[str, str],
    keys: set[str],
    notes: list[Named],
    names_of: Callable[[Named], tuple[str, ...]],
) -> dict[str, str]:
    """``table`` with each of ``keys`` given to the first note (in the resolver's order) of
    those whose names (``names_of`` a note) answer to it, or to none."""
    if not keys:
        return table
    table = dict(table)
    found = Folded(["\t".join(names_of(note)) for note in notes])
    for key in keys:
        answering = [
            notes[place]
            for place in found.places_of(key)
            if any(name_key(name) == key for name in names_of(notes[place]))
        ]
        if answering:
            table[key] = _ordered(answering)[0].path
        else:
            table.pop(key, None)
    return table


class Folded:
    """Many names, searched for those whose :func:`name_key` may be a given key: case-folded
    :data:`PIECE` names at a time (one string each), and those holding the key's longest word
    (or a ``%``, which :func:`name_key` decodes) kept. The few found are then compared key to
    key. Each call into C handles a piece, about a millisecond: a thread waiting for the
    interpreter gets it between two (one call over 150,000 link targets held it 25 ms)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        #: None when a name holds a line break: every name is then a candidate.
        self.folded: list[str] | None = []
        for start in range(0, len(names), PIECE):
            part = names[start : start + PIECE]
            folded = "\n".join(part).casefold().split("\n")
            if len(folded) != len(part):
                self.folded = None
                break
            self.folded.extend(folded)
        #: The places of the names holding a "%", found when first needed.
        self.encoded: list[int] | None = None

    def places_of(self, key: str) -> list[int]:
        """The places in ``names`` of those whose key may be ``key`` (a few more at most)."""
        word = max(key.split(" "), key=len)
        folded = self.folded
        if not word or folded is None:
            return list(range(len(self.names)))
        if self.encoded is None:
            self.encoded = [place for place, name in enumerate(self.names) if "%" in name]
        places: list[int] = []
        for start in range(0, len(folded), PIECE):
            holding = map(operator.contains, folded[start : start + PIECE], itertools.repeat(word))
            places.extend(itertools.compress(itertools.count(start), holding))
        return places + self.encoded


def _titles_of(note: Named) -> tuple[str, ...]:
    return (note.title,)


def _aliases_of(note: Named) -> tuple[str, ...]:
    return note.aliases


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
