"""Obsidian-style wiki links: finding them in a note and resolving them against a folder.

Resolution compares names case-insensitively and treats spaces, underscores and hyphens alike.
It tries the path, then the file stem, then the title, then the aliases. It only ever answers
with a note of the folder, so no link can lead outside it.
"""

from __future__ import annotations

import itertools
import operator
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2s
from typing import NamedTuple, Protocol
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

    The same reading as :func:`parse_wikilink`, without building a link for each. (Not
    interned: the folder keeps them packed (:mod:`viewer.core.packed`), and the interpreter's
    table of interned strings, once grown to a big folder's 150,000 targets, stays that big.)
    """
    targets = []
    for inner in WIKILINK.findall(without_code(body)):
        target = inner.replace("\\|", "|").partition("|")[0].partition("#")[0].strip()
        if target:
            targets.append(target)
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


def key_hash(key: str) -> int:
    """The 64-bit hash the resolver's tables keep of a name key: the same in every run (the
    folder index keeps the tables), unlike :func:`hash`, and one no folder's names can be
    made to share but by chance (a lookup checks the names of each note found anyway)."""
    data = key.encode("utf-8", "surrogatepass")
    return int.from_bytes(blake2s(data, digest_size=8).digest(), "big")


#: Array type codes: the tables' hashes (64 bits) and the places of notes (32 bits at least).
HASHES = "Q"
PLACES = "I" if array("I").itemsize >= 4 else "L"
_LOW = 0xFFFF_FFFF


class Table(NamedTuple):
    """One of the resolver's lookup tables: the :func:`key_hash` of each name key, sorted, and
    the place (in :attr:`LinkResolver.notes`) of the note that answers to it first.

    Where two keys share a hash both are kept, in the order of their places; a lookup tries
    each in turn and takes the first whose note answers to the key."""

    hashes: array[int]
    places: array[int]


#: The resolver's lookup tables: by path, by stem, by title, by alias.
Tables = tuple[Table, Table, Table, Table]


class LinkResolver:
    """Lookup tables from names to notes, built once for a folder.

    Building them costs a :func:`name_key` and a :func:`key_hash` per name; the folder index
    keeps the finished :attr:`tables` and hands them back with :meth:`from_tables`.

    The tables keep no name: each is two arrays (:class:`Table`), 12 bytes a key, searched by
    bisection, and the notes are the folder's own. For 50,000 notes with 75,000 aliases that
    is 3.0 MB, 61 bytes a note, where dicts from key strings to paths took 22.8 MB, 457 bytes
    a note. The price is the hash of each key: building takes 0.5 s rather than 0.33, and a
    lookup 2 to 3.5 µs rather than 1 to 1.5 (the hash, a bisection a table, and the key of
    the name found worked out again). That check means two keys sharing a hash never lead a
    link to the wrong note: every key is kept, and a lookup takes the first of its hash's
    whose note answers to it.
    """

    def __init__(self, notes: Iterable[Named]) -> None:
        #: The notes, by path: the tables hold places in this sequence.
        self.notes = _by_path(notes)
        self._by_path, self._by_stem, self._by_title, self._by_alias = _tables_of(self.notes)

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
        notes = _by_path(after.values())  # the same paths: the places stay as they are
        by_title, titles_moved = _retabled(
            self._by_title, titles, (self.notes, notes), _answers_by_title, _titles_of
        )
        by_alias, aliases_moved = _retabled(
            self._by_alias, aliases, (self.notes, notes), _answers_by_alias, _aliases_of
        )
        tables = (self._by_path, self._by_stem, by_title, by_alias)
        return LinkResolver.from_tables(tables, notes), titles_moved | aliases_moved

    @classmethod
    def from_tables(cls, tables: Tables, notes: Sequence[Named]) -> LinkResolver:
        """The resolver whose :attr:`tables` were ``tables``, of the same ``notes`` in the
        order of its :attr:`notes` (by path)."""
        resolver = cls.__new__(cls)
        resolver.notes = notes
        resolver._by_path, resolver._by_stem, resolver._by_title, resolver._by_alias = tables
        return resolver

    @property
    def tables(self) -> Tables:
        return self._by_path, self._by_stem, self._by_title, self._by_alias

    def resolve(self, target: str) -> str | None:
        """The folder-relative path of the note ``target`` names, or ``None``."""
        place = self.place_of(target)
        return None if place is None else self.notes[place].path

    def place_of(self, target: str) -> int | None:
        """The place in :attr:`notes` of the note ``target`` names, or ``None``."""
        if not target.strip():
            return None
        notes = self.notes
        if "/" in target or "\\" in target:
            key = path_key(target)
            if ".." in key.split("/"):
                return None
            place = _found(self._by_path, key, key_hash(key), notes, _answers_by_path, target)
            if place is not None:
                return place
            target = target.replace("\\", "/").rsplit("/", 1)[-1]
        key = name_key(target)
        hashed = key_hash(key)  # one hash for the three tables
        place = _found(self._by_stem, key, hashed, notes, _answers_by_stem, target)
        if place is None:
            place = _found(self._by_title, key, hashed, notes, _answers_by_title, target)
            if place is None:
                place = _found(self._by_alias, key, hashed, notes, _answers_by_alias, target)
        return place


def _retabled(
    table: Table,
    keys: set[str],
    notes: tuple[Sequence[Named], Sequence[Named]],
    answers: Answers,
    names_of: Callable[[Named], tuple[str, ...]],
) -> tuple[Table, frozenset[str]]:
    """``table`` of the notes ``notes[0]`` made the table of ``notes[1]`` (the same paths,
    other names): each of ``keys`` given to the first note (in the resolver's order) of those
    whose names (``names_of`` a note; ``answers`` tells whether one is the key) answer to it
    now, or to none. And the keys given to another note than before."""
    if not keys:
        return table, frozenset()
    before, after = notes
    hashes, places = table.hashes[:], table.places[:]
    was: dict[str, int | None] = {}
    for key in keys:  # every key's entry taken out first: one put back may share its hash
        was[key] = None
        hashed = key_hash(key)
        at = bisect_left(hashes, hashed)
        while at < len(hashes) and hashes[at] == hashed:
            if answers(before[places[at]], key, None):
                was[key] = places[at]
                del hashes[at], places[at]
                break
            at += 1
    found = Folded(["\t".join(names_of(note)) for note in after])
    moved: set[str] = set()
    for key in keys:
        answering = [place for place in found.places_of(key) if answers(after[place], key, None)]
        place = min(
            answering, key=lambda place: (after[place].path.count("/"), place), default=None
        )
        if place is not None:
            hashed = key_hash(key)
            at = bisect_left(hashes, hashed)
            while at < len(hashes) and hashes[at] == hashed and places[at] < place:
                at += 1
            hashes.insert(at, hashed)
            places.insert(at, place)
        if place != was[key]:
            moved.add(key)
    return Table(hashes, places), frozenset(moved)


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


def _by_path(notes: Iterable[Named]) -> Sequence[Named]:
    """``notes`` in the order of their paths (a folder's entries are in it already): a
    sequence that says it is in that order (``in_path_order``, a folder's
    :class:`~viewer.core.note_table.NoteTable`) is taken as it is, not copied."""
    if isinstance(notes, Sequence) and getattr(notes, "in_path_order", False):
        return notes
    ordered = tuple(notes)
    if all(a.path < b.path for a, b in itertools.pairwise(ordered)):
        return ordered
    return tuple(sorted(ordered, key=_path_of))


def _tables_of(notes: Sequence[Named]) -> Tables:
    """The tables of the paths, stems, titles and aliases of ``notes`` (sorted by path): each
    key's hash, and the place of the note that answers to it first: where two notes share a
    name, the shallower path, then the first in the alphabetical order.

    Each name is met as one number (its key's hash, above its note's depth and place), put
    in a bucket by the hash's first bits; a bucket is sorted at the end, and where two of its
    numbers share a hash, their keys are worked out again to keep the first note of each. The
    keys themselves are not kept while the notes are walked: for 50,000 notes with 75,000
    aliases, four dicts of them took 36 MB at the peak where this takes 12, and the process
    kept the blocks they left half empty. The tables are the same, in about the same time.

    A path's key is its folder's key (worked out once for the notes of a folder) and its
    stem's: the :func:`path_key` of the path at half the cost. A title named as its file
    (most are) takes its stem's hash."""
    bits = (len(notes) // PIECE).bit_length()
    shift = 128 - bits  # the hash's first bits: buckets of about PIECE names
    by_path, by_stem, by_title, by_alias = (_buckets(bits) for _ in range(4))
    hashed = key_hash
    folder: str | None = None
    folder_key = ""
    for place, note in enumerate(notes):
        path = note.path
        parent, _, name = path.rpartition("/")
        rank = path.count("/") << 32 | place
        stem = name_key(name)
        if "%" in path or "\\" in path:  # decoded whole first: a part may hold a "/"
            key = path_key(path)
        else:
            if parent != folder:
                folder, folder_key = parent, path_key(parent)
            key = f"{folder_key}/{stem}" if folder_key and stem else folder_key or stem
        stem_hash = hashed(stem)
        value = stem_hash << 64 | rank
        by_stem[value >> shift].append(value)
        value = (stem_hash if key == stem else hashed(key)) << 64 | rank
        by_path[value >> shift].append(value)
        title = name_key(note.title)
        value = (stem_hash if title == stem else hashed(title)) << 64 | rank
        by_title[value >> shift].append(value)
        for alias in note.aliases:
            value = hashed(name_key(alias)) << 64 | rank
            by_alias[value >> shift].append(value)
    return (
        _table(by_path, notes, _path_keys_of),
        _table(by_stem, notes, _stem_keys_of),
        _table(by_title, notes, _title_keys_of),
        _table(by_alias, notes, _alias_keys_of),
    )


def _buckets(bits: int) -> list[list[int]]:
    return [[] for _ in range(1 << bits)]


#: The keys of a note's names of one kind that have a given hash (see :func:`_tables_of`).
KeysOf = Callable[[Named, int], list[str]]


def _table(buckets: list[list[int]], notes: Sequence[Named], keys_of: KeysOf) -> Table:
    """The :class:`Table` of the names in ``buckets`` (as :func:`_tables_of` makes them),
    which are emptied one by one: sorted by hash, then by the note that answers first; the
    first note of each key kept, in the order of their places where keys share a hash."""
    table = Table(array(HASHES), array(PLACES))
    for bucket in buckets:
        bucket.sort()
        hashes = [value >> 64 for value in bucket]
        if len(set(hashes)) == len(hashes):  # no two names share a hash (most buckets)
            table.hashes.extend(hashes)
            table.places.extend(map(operator.and_, bucket, itertools.repeat(_LOW)))
        else:  # the keys of a run of names sharing a hash are worked out again
            ends = [at for at in range(1, len(hashes)) if hashes[at] != hashes[at - 1]]
            for start, end in itertools.pairwise([0, *ends, len(hashes)]):
                if end - start == 1:
                    table.hashes.append(hashes[start])
                    table.places.append(bucket[start] & _LOW)
                    continue
                places = _first_of_each_key(bucket[start:end], hashes[start], notes, keys_of)
                table.hashes.extend(itertools.repeat(hashes[start], len(places)))
                table.places.extend(places)
        bucket.clear()
    # Copies of the exact size: extend() leaves room to grow (100 kB at 50,000 notes).
    return Table(table.hashes[:], table.places[:])


def _first_of_each_key(
    run: Iterable[int], hashed: int, notes: Sequence[Named], keys_of: KeysOf
) -> list[int]:
    """The place of the first note (in ``run``'s order) that answers to each key of hash
    ``hashed`` met in ``run``, in the order of their places (a note once a key)."""
    keys: set[str] = set()
    places = []
    for place in dict.fromkeys(value & _LOW for value in run):  # a note once
        for key in keys_of(notes[place], hashed):
            if key not in keys:
                keys.add(key)
                places.append(place)
    return sorted(places)


def _path_keys_of(note: Named, hashed: int) -> list[str]:
    return [path_key(note.path)]


def _stem_keys_of(note: Named, hashed: int) -> list[str]:
    return [name_key(note.path.rpartition("/")[2])]


def _title_keys_of(note: Named, hashed: int) -> list[str]:
    return [name_key(note.title)]


def _alias_keys_of(note: Named, hashed: int) -> list[str]:
    keys = (name_key(alias) for alias in note.aliases)
    return list(dict.fromkeys(key for key in keys if key_hash(key) == hashed))


#: Whether a note answers to a key by a name of one kind (path, stem, title or alias); the
#: name as written, if known to have that key, spares working the key out where it is the
#: note's very name (most links are written as a note's file or title is).
Answers = Callable[[Named, str, "str | None"], bool]


def _found(
    table: Table,
    key: str,
    hashed: int,
    notes: Sequence[Named],
    answers: Answers,
    written: str | None = None,
) -> int | None:
    """The place of the note ``table`` gives ``key`` (of hash ``hashed``; ``written`` as a
    link has it), or ``None``: the first of those the hash leads to that ``answers`` to the
    key (any other shares the hash by chance)."""
    hashes, places = table
    at = bisect_left(hashes, hashed)
    while at < len(hashes) and hashes[at] == hashed:
        if answers(notes[places[at]], key, written):
            return places[at]
        at += 1
    return None


def _answers_by_path(note: Named, key: str, written: str | None) -> bool:
    path = note.path
    return written == path or _without_md(written, path) or path_key(path) == key


def _answers_by_stem(note: Named, key: str, written: str | None) -> bool:
    name = note.path.rpartition("/")[2]
    return written == name or _without_md(written, name) or name_key(name) == key


def _without_md(written: str | None, name: str) -> bool:
    """Whether ``written`` is ``name`` without its ``.md`` and so has its key: unless a
    ``%`` may decode to anything, or what is left ends in ``.md`` too (which the key of the
    shorter drops, and that of the name keeps)."""
    return (
        written is not None
        and len(name) == len(written) + 3
        and name.startswith(written)
        and name[-3:].lower() == ".md"
        and "%" not in name
        and written.rstrip()[-3:].lower() != ".md"
    )


def _answers_by_title(note: Named, key: str, written: str | None) -> bool:
    return written == note.title or name_key(note.title) == key


def _answers_by_alias(note: Named, key: str, written: str | None) -> bool:
    return any(written == alias or name_key(alias) == key for alias in note.aliases)


def _path_of(note: Named) -> str:
    return note.path
