"""What a folder keeps of its notes, kept in columns.

A big folder is mostly its notes' names: at 50,000 notes, a path, a title, two aliases and a
file stamp each. Kept as one object per note (a named tuple of five strings and numbers, a
tuple of aliases), they took 560 bytes a note, 28 MB, most of it the objects' own headers,
and whatever the window held onto kept them all. :class:`NoteTable` keeps each column end
to end instead: the paths in a few long strings, the titles in others, the stamps in arrays
of numbers; about 150 bytes a note. A :class:`NoteEntry` is made when one is asked for, and
what lists the notes in an order of its own holds their places (:class:`Picked`).

The strings are joined :data:`CHUNK` at a time, not all in one: a string takes as many bytes
a character as its widest character needs, and one title with an emoji would make all the
titles four bytes a character.
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, overload

from viewer.core.links import NoteNames

#: Strings joined into one.
CHUNK = 256


class FileStamp(int):
    """What tells a changed file from an unchanged one without reading it: its size and its
    modification time (in nanoseconds), two stamps equal when both are.

    One number, the time above the size's 64 bits: an object of 64 bytes, where a pair of
    two numbers took 144 (a tuple and its two numbers).
    """

    __slots__ = ()

    def __new__(cls, size: int, mtime_ns: int) -> FileStamp:
        if not 0 <= size <= _SIZE_MASK:
            raise ValueError(f"a file size of {size}")
        return super().__new__(cls, mtime_ns << 64 | size)

    @property
    def size(self) -> int:
        return self & _SIZE_MASK

    @property
    def mtime_ns(self) -> int:
        return self >> 64

    def __repr__(self) -> str:
        return f"FileStamp(size={self.size}, mtime_ns={self.mtime_ns})"


_SIZE_MASK = (1 << 64) - 1


class NoteEntry(NamedTuple):
    """What the folder keeps of each note: enough to list, filter and resolve links to it."""

    path: str  # relative to the folder, forward slashes
    title: str
    aliases: tuple[str, ...]
    has_video: bool
    problems: int
    stamp: FileStamp

    @property
    def names(self) -> NoteNames:
        return NoteNames(self.path, self.title, self.aliases)


def title_order(entry: NoteEntry) -> str:
    """The key of the notes' order by title, case aside; ties go by path. One string, not a
    pair: strings are not tracked by the garbage collector (see
    :func:`viewer.core.stepwise.sorted_stepwise`). A title that is the start of another
    still sorts first."""
    return f"{entry.title.casefold()}\0{entry.path}"


class TextColumn:
    """Strings kept end to end, :data:`CHUNK` to a string, and where each one ends."""

    __slots__ = ("_chunks", "_ends")

    def __init__(self, chunks: list[str], ends: array[int]) -> None:
        self._chunks = chunks
        #: Where each string ends in its chunk.
        self._ends = ends

    @classmethod
    def of(cls, texts: Iterable[str]) -> TextColumn:
        builder = _TextBuilder()
        for text in texts:
            builder.add(text)
        return builder.build()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, place: int) -> str:
        ends = self._ends
        return self._chunks[place // CHUNK][ends[place - 1] if place % CHUNK else 0 : ends[place]]

    def __iter__(self) -> Iterator[str]:
        ends = self._ends
        for number, chunk in enumerate(self._chunks):
            start = 0
            for end in ends[number * CHUNK : (number + 1) * CHUNK]:
                yield chunk[start:end]
                start = end

    @property
    def chunk_count(self) -> int:
        return len(self._chunks)

    def chunk(self, number: int) -> list[str]:
        """The strings of chunk ``number``."""
        text, ends = self._chunks[number], self._ends[number * CHUNK : (number + 1) * CHUNK]
        return [text[start:end] for start, end in zip((0, *ends), ends, strict=False)]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextColumn):
            return NotImplemented
        return self._ends == other._ends and self._chunks == other._chunks

    __hash__ = None  # type: ignore[assignment]

    def parts(self) -> tuple[list[str], bytes]:
        return self._chunks, self._ends.tobytes()

    @classmethod
    def from_parts(cls, parts: Sequence[object]) -> TextColumn:
        """The column :meth:`parts` gave ``parts`` of (``ValueError`` if they are not)."""
        chunks, ends = parts
        if type(chunks) is not list or any(type(chunk) is not str for chunk in chunks):
            raise ValueError("the strings of a column are not strings")
        column = cls(chunks, _array("I", ends))
        if len(chunks) != -(-len(column) // CHUNK):
            raise ValueError("a column's strings and ends do not match")
        for number, chunk in enumerate(chunks):
            held = column._ends[number * CHUNK : (number + 1) * CHUNK]
            if held[-1] != len(chunk) or any(a > b for a, b in itertools.pairwise(held)):
                raise ValueError("a column's strings and ends do not match")
        return column

    def same_chunk(self, other: TextColumn, number: int) -> bool:
        """Whether chunk ``number`` holds the same strings in both columns."""
        start, end = number * CHUNK, (number + 1) * CHUNK
        return (
            self._chunks[number] == other._chunks[number]
            and self._ends[start:end] == other._ends[start:end]
        )

    def replaced(self, changes: Mapping[int, str]) -> TextColumn:
        """The column with the strings at some places changed: only their chunks are joined
        again."""
        chunks, ends = self._chunks[:], self._ends[:]
        for number in sorted({place // CHUNK for place in changes}):
            start = number * CHUNK
            texts = [
                changes[place] if place in changes else self[place]
                for place in range(start, min(len(ends), start + CHUNK))
            ]
            chunks[number] = "".join(texts)
            ends[start : start + len(texts)] = array("I", itertools.accumulate(map(len, texts)))
        return TextColumn(chunks, ends)


def _array(code: str, data: object) -> array[int]:
    if type(data) is not bytes:
        raise ValueError("a column of numbers is not bytes")
    numbers = array(code)
    if len(data) % numbers.itemsize:
        raise ValueError("a column of numbers of a broken length")
    numbers.frombytes(data)
    return numbers


class _TextBuilder:
    __slots__ = ("_at", "_chunks", "_ends", "_pending")

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._ends = array("I")
        self._pending: list[str] = []
        self._at = 0

    def add(self, text: str) -> None:
        pending = self._pending
        pending.append(text)
        self._at += len(text)
        self._ends.append(self._at)
        if len(pending) == CHUNK:
            self._chunks.append("".join(pending))
            pending.clear()
            self._at = 0

    def build(self) -> TextColumn:
        if self._pending:
            self._chunks.append("".join(self._pending))
            self._pending.clear()
        return TextColumn(self._chunks, self._ends[:])  # the copy: of the exact size


#: A file's place in a table's index of paths: the low bits of the key, the high bits its
#: path's hash (this process's; the index is never stored).
_PLACE_BITS = 24
_PLACE_MASK = (1 << _PLACE_BITS) - 1
_HASH_MASK = (1 << (64 - _PLACE_BITS)) - 1
#: The keys an index sorts at a time, about (see _index_of).
_SORT_RUN = 256


class FileTable(Mapping[str, FileStamp]):
    """Files by path, each with its stamp, in the order of their paths, kept in columns: what
    a scan of a folder finds (:func:`viewer.core.folder.scan`), and the paths and stamps of
    a :class:`NoteTable`. A file is found by its path (:meth:`place_of`) in an index of the
    paths' hashes, sorted: an array, not a dict of 50,000 strings and 50,000 stamps (8 MB
    that a scan of a big folder made, three times as it opened, and let go).

    At most 2**24 files (16,777,216).
    """

    __slots__ = ("_index", "_mtimes", "_paths", "_sizes")

    def __init__(
        self, paths: TextColumn, sizes: array[int], mtimes: array[int], index: array[int] | None
    ) -> None:
        self._paths, self._sizes, self._mtimes = paths, sizes, mtimes
        self._index = index if index is not None else _index_of(paths)

    @classmethod
    def of(cls, files: Mapping[str, FileStamp]) -> FileTable:
        if isinstance(files, FileTable):
            return files
        builder = FileTableBuilder()
        for path in sorted(files):
            builder.add(path, files[path])
        return builder.build()

    def __len__(self) -> int:
        return len(self._sizes)

    def __getitem__(self, path: str) -> FileStamp:
        place = self.place_of(path) if isinstance(path, str) else None
        if place is None:
            raise KeyError(path)
        return self.stamp(place)

    def get(self, path: str, default: FileStamp | None = None) -> FileStamp | None:  # type: ignore[override]
        place = self.place_of(path)
        return default if place is None else self.stamp(place)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.place_of(path) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def items(self) -> Iterator[tuple[str, FileStamp]]:  # type: ignore[override]
        """Each path and its stamp, in the order of the paths."""
        return zip(self._paths, map(FileStamp, self._sizes, self._mtimes), strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FileTable):
            return (
                self._sizes == other._sizes
                and self._mtimes == other._mtimes
                and self._paths == other._paths
            )
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def path(self, place: int) -> str:
        return self._paths[place]

    def path_chunk(self, number: int) -> list[str]:
        """The paths of chunk ``number`` (:data:`CHUNK` files to a chunk)."""
        return self._paths.chunk(number)

    def same_paths(self, other: FileTable) -> bool:
        """Whether both tables hold the same paths (compared a chunk at a time)."""
        return self._paths == other._paths

    def stamp(self, place: int) -> FileStamp:
        return FileStamp(self._sizes[place], self._mtimes[place])

    def mtime_ns(self, place: int) -> int:
        return self._mtimes[place]

    def place_of(self, path: str) -> int | None:
        """The place of the file at ``path``, or ``None``."""
        index, hashed = self._index, (hash(path) & _HASH_MASK) << _PLACE_BITS
        at = bisect_left(index, hashed)
        while at < len(index) and (key := index[at]) >> _PLACE_BITS << _PLACE_BITS == hashed:
            if self._paths[place := key & _PLACE_MASK] == path:
                return place
            at += 1
        return None

    def differing(self, files: Mapping[str, FileStamp]) -> list[str]:
        """The paths of ``files`` this table does not hold with the same stamp, in order.
        Where both hold the same paths (a folder checked against the disk, a note edited),
        they are compared a chunk at a time, and the stamps an array at a time, not looked
        up one by one (150 ms at 50,000 notes)."""
        other = FileTable.of(files)
        if not self.same_paths(other):
            return [
                path
                for path, stamp in other.items()
                if (place := self.place_of(path)) is None or self.stamp(place) != stamp
            ]
        sizes, mtimes = self._sizes, self._mtimes
        if sizes == other._sizes and mtimes == other._mtimes:
            return []
        return [
            other.path(place)
            for place, (size, mtime) in enumerate(zip(other._sizes, other._mtimes, strict=True))
            if size != sizes[place] or mtime != mtimes[place]
        ]

    def replaced(self, stamps: Mapping[int, FileStamp]) -> FileTable:
        """The table with the stamps at some places changed (the paths and index shared)."""
        sizes, mtimes = self._sizes[:], self._mtimes[:]
        for place, stamp in stamps.items():
            sizes[place], mtimes[place] = stamp.size, stamp.mtime_ns
        return FileTable(self._paths, sizes, mtimes, self._index)

    def parts(self) -> tuple[object, ...]:
        return (*self._paths.parts(), self._sizes.tobytes(), self._mtimes.tobytes())

    @classmethod
    def from_parts(cls, parts: Sequence[object]) -> FileTable:
        paths = TextColumn.from_parts(parts[:2])
        sizes, mtimes = _array("Q", parts[2]), _array("q", parts[3])
        if not len(paths) == len(sizes) == len(mtimes):
            raise ValueError("columns of a table of files of different lengths")
        if any(a >= b for a, b in itertools.pairwise(paths)):
            raise ValueError("the paths of a table of files are out of order")
        return cls(paths, sizes, mtimes, None)

    def __repr__(self) -> str:
        return f"<FileTable of {len(self)} files>"


def _index_of(paths: TextColumn) -> array[int]:
    """The index of ``paths``: each one's key, sorted.

    The keys are put in runs by their highest bits (a hash's, spread evenly), and each run is
    sorted alone: a sort holds the interpreter until it is done, and all 50,000 keys of a big
    folder sorted at once held it for 20 ms, which the window's thread waited out (a folder
    is scanned in a worker thread)."""
    bits = (len(paths) // _SORT_RUN).bit_length()
    shift = 64 - bits
    runs: list[list[int]] = [[] for _ in range(1 << bits)]
    for place, path in enumerate(paths):
        key = (hash(path) & _HASH_MASK) << _PLACE_BITS | place
        runs[key >> shift].append(key)
    index = array("Q")
    for run in runs:
        index.extend(sorted(run))
    return index


class FileTableBuilder:
    """A :class:`FileTable` made a file at a time; files that come out of the order of
    their paths are sorted when it is built."""

    __slots__ = ("_last", "_mtimes", "_paths", "_sizes", "_unsorted")

    def __init__(self) -> None:
        self._paths = _TextBuilder()
        self._sizes, self._mtimes = array("Q"), array("q")
        self._last: str | None = None
        #: Set once a file came out of order: then every file, to be sorted.
        self._unsorted: dict[str, FileStamp] | None = None

    def __len__(self) -> int:
        return len(self._sizes)

    def add(self, path: str, stamp: FileStamp) -> None:
        if self._unsorted is not None:
            self._unsorted[path] = stamp
            return
        last = self._last
        if last is not None and path <= last:
            self._unsorted = dict(self.build().items())
            self._unsorted[path] = stamp
            return
        if len(self._sizes) > _PLACE_MASK:
            raise ValueError("more files than a table holds")
        self._last = path
        self._paths.add(path)
        self._sizes.append(stamp & _SIZE_MASK)
        self._mtimes.append(stamp >> 64)

    def build(self) -> FileTable:
        if self._unsorted is not None:
            return FileTable.of(self._unsorted)
        return FileTable(self._paths.build(), self._sizes[:], self._mtimes[:], None)


class NoteTable(Sequence[NoteEntry]):
    """A folder's notes in the order of their paths, kept in columns: each an entry when
    asked for (``table[place]``), each column to be read alone (:meth:`path`, :meth:`title`,
    :meth:`stamp`...). The paths and stamps are a :class:`FileTable` (:attr:`files`): a
    folder by its file names alone (:meth:`viewer.core.folder.NotesFolder.listed`) shares
    the scan's.
    """

    __slots__ = ("_alias_ends", "_aliases", "_marks", "_titles", "files")

    #: A link resolver takes the table as it is (:func:`viewer.core.links.LinkResolver`).
    in_path_order = True

    def __init__(
        self,
        files: FileTable,
        titles: TextColumn,
        aliases: tuple[TextColumn, array[int]],
        marks: array[int],
    ) -> None:
        self.files = files
        self._titles = titles
        #: Every note's aliases, one after the other, and where each note's end.
        self._aliases, self._alias_ends = aliases
        #: Each note's count of problems, above a bit for whether it has a video.
        self._marks = marks

    @classmethod
    def of(cls, entries: Iterable[NoteEntry]) -> NoteTable:
        """The table of ``entries``, in the order of their paths (raises ``ValueError`` if
        they are not, or name a path twice)."""
        builder = NoteTableBuilder()
        for entry in entries:
            builder.add(entry)
        return builder.build()

    @classmethod
    def listed(cls, files: FileTable, titles: Iterable[str]) -> NoteTable:
        """The table of ``files`` under ``titles``, one a file: no aliases, no marks."""
        zeros = array("I", bytes(4 * len(files)))
        return cls(files, TextColumn.of(titles), (TextColumn([], array("I")), zeros), zeros[:])

    def __len__(self) -> int:
        return len(self._marks)

    @overload
    def __getitem__(self, place: int) -> NoteEntry: ...
    @overload
    def __getitem__(self, place: slice) -> Picked: ...
    def __getitem__(self, place: int | slice) -> NoteEntry | Picked:
        if isinstance(place, slice):
            return Picked(self, array("I", range(len(self))[place]))
        if place < 0:
            place += len(self)
        if not 0 <= place < len(self):
            raise IndexError("no note at that place")
        mark, files = self._marks[place], self.files
        return NoteEntry(
            files.path(place), self._titles[place], self.aliases(place),
            bool(mark & 1), mark >> 1, files.stamp(place),
        )  # fmt: skip

    def __iter__(self) -> Iterator[NoteEntry]:
        return map(self.__getitem__, range(len(self)))

    def __contains__(self, entry: object) -> bool:
        if not isinstance(entry, NoteEntry):
            return False
        place = self.place_of(entry.path)
        return place is not None and self[place] == entry

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NoteTable):
            return NotImplemented
        return (
            self._marks == other._marks
            and self.files == other.files
            and self._titles == other._titles
            and self._alias_ends == other._alias_ends
            and self._aliases == other._aliases
        )

    __hash__ = None  # type: ignore[assignment]

    def path(self, place: int) -> str:
        return self.files.path(place)

    @property
    def chunk_count(self) -> int:
        """How many chunks of :data:`CHUNK` notes the table keeps its texts in."""
        return self._titles.chunk_count

    def filter_lines(self, number: int) -> str:
        """The notes of chunk ``number`` as a filter reads them: one line a note, its title
        and its path, case folded (a line break in a title is a space: no word of a filter
        holds white space)."""
        titles, paths = self._titles.chunk(number), self.files.path_chunk(number)
        lines = "\n".join(map("\t".join, zip(titles, paths, strict=True))).casefold()
        if lines.count("\n") != len(titles) - 1:
            pairs = zip(titles, paths, strict=True)
            lines = "\n".join(f"{title}\t{path}".replace("\n", " ") for title, path in pairs)
            lines = lines.casefold()
        return lines

    def paths(self) -> Iterator[str]:
        return iter(self.files)

    def title(self, place: int) -> str:
        return self._titles[place]

    def aliases(self, place: int) -> tuple[str, ...]:
        ends = self._alias_ends
        start, end = ends[place - 1] if place else 0, ends[place]
        if start == end:
            return ()
        return tuple(self._aliases[at] for at in range(start, end))

    def stamp(self, place: int) -> FileStamp:
        return self.files.stamp(place)

    def mtime_ns(self, place: int) -> int:
        return self.files.mtime_ns(place)

    def title_order(self, place: int) -> str:
        """:func:`title_order` of the note at ``place``."""
        return f"{self._titles[place].casefold()}\0{self.files.path(place)}"

    def place_of(self, path: str) -> int | None:
        """The place of the note at ``path``, or ``None``."""
        return self.files.place_of(path)

    def get(self, path: str) -> NoteEntry | None:
        place = self.place_of(path)
        return None if place is None else self[place]

    def holds(self, files: Mapping[str, FileStamp]) -> bool:
        """Whether the table is of exactly ``files`` (path and stamp), no more, no fewer."""
        return len(files) == len(self) and not self.files.differing(files)

    def differing(self, files: Mapping[str, FileStamp]) -> list[str]:
        """The paths of ``files`` the table does not hold with the same stamp, in order
        (:meth:`FileTable.differing`)."""
        return self.files.differing(files)

    def same_names(self, other: NoteTable) -> bool:
        """Whether both tables hold the same paths (their notes at the same places)."""
        return self.files.same_paths(other.files)

    def changed_places(self, other: NoteTable) -> Iterator[int]:
        """The places whose entries differ in ``other``, a table of the same paths
        (:meth:`same_names`): the chunks that hold the same titles, aliases and stamps in
        both are passed over whole."""
        mine, theirs = self.files, other.files
        for number in range(len(mine._paths._chunks)):
            start, end = number * CHUNK, min(len(self), (number + 1) * CHUNK)
            if (
                self._titles.same_chunk(other._titles, number)
                and self._marks[start:end] == other._marks[start:end]
                and mine._sizes[start:end] == theirs._sizes[start:end]
                and mine._mtimes[start:end] == theirs._mtimes[start:end]
                and self._alias_ends[start:end] == other._alias_ends[start:end]
                and all(self.aliases(place) == other.aliases(place) for place in range(start, end))
            ):
                continue
            yield from (place for place in range(start, end) if self[place] != other[place])

    def replaced(self, changes: Mapping[int, NoteEntry]) -> NoteTable:
        """The table with the entries at some places changed, their paths as they were: only
        the chunks that hold them are made again, and the paths and their index are shared."""
        if any(entry.path != self.path(place) for place, entry in changes.items()):
            raise ValueError("a replaced entry has another path")
        titles = self._titles.replaced({place: entry.title for place, entry in changes.items()})
        marks = self._marks[:]
        for place, entry in changes.items():
            marks[place] = entry.problems << 1 | entry.has_video
        aliases, alias_ends = self._aliases, self._alias_ends
        if any(entry.aliases != self.aliases(place) for place, entry in changes.items()):
            every = _AliasesBuilder()
            for place in range(len(self)):
                every.add(changes[place].aliases if place in changes else self.aliases(place))
            aliases, alias_ends = every.build()
        files = self.files.replaced({place: entry.stamp for place, entry in changes.items()})
        return NoteTable(files, titles, (aliases, alias_ends), marks)

    def parts(self) -> tuple[object, ...]:
        """The table as strings and bytes, for the folder index (:meth:`from_parts`)."""
        return (
            *self.files.parts(), *self._titles.parts(), *self._aliases.parts(),
            self._alias_ends.tobytes(), self._marks.tobytes(),
        )  # fmt: skip

    @classmethod
    def from_parts(cls, parts: object) -> NoteTable:
        """The table :meth:`parts` gave ``parts`` of; raises ``ValueError`` if they are not
        such parts."""
        if not isinstance(parts, tuple) or len(parts) != 10:
            raise ValueError("not the parts of a table of notes")
        files = FileTable.from_parts(parts[:4])
        titles, aliases = TextColumn.from_parts(parts[4:6]), TextColumn.from_parts(parts[6:8])
        alias_ends, marks = _array("I", parts[8]), _array("I", parts[9])
        count = len(marks)
        if not len(files) == len(titles) == len(alias_ends) == count:
            raise ValueError("columns of a table of notes of different lengths")
        if (alias_ends[-1] if count else 0) != len(aliases) or any(
            a > b for a, b in itertools.pairwise(alias_ends)
        ):
            raise ValueError("the aliases of a table of notes are out of order")
        return cls(files, titles, (aliases, alias_ends), marks)

    def __repr__(self) -> str:
        return f"<NoteTable of {len(self)} notes>"


class _AliasesBuilder:
    __slots__ = ("_ends", "_texts")

    def __init__(self) -> None:
        self._texts = _TextBuilder()
        self._ends = array("I")

    def add(self, aliases: tuple[str, ...]) -> None:
        for alias in aliases:
            self._texts.add(alias)
        self._ends.append(len(self._texts._ends))

    def build(self) -> tuple[TextColumn, array[int]]:
        return self._texts.build(), self._ends[:]


class NoteTableBuilder:
    """A :class:`NoteTable` made one entry at a time, in the order of their paths: a folder
    read note by note keeps each note's names, not the note."""

    __slots__ = ("_aliases", "_files", "_marks", "_titles")

    def __init__(self) -> None:
        self._files = FileTableBuilder()
        self._titles = _TextBuilder()
        self._aliases = _AliasesBuilder()
        self._marks = array("I")

    def __len__(self) -> int:
        return len(self._marks)

    def add(self, entry: NoteEntry) -> None:
        files = self._files
        if files._last is not None and entry.path <= files._last:
            raise ValueError(f"'{entry.path}' does not come after '{files._last}'")
        files.add(entry.path, entry.stamp)
        self._titles.add(entry.title)
        self._aliases.add(entry.aliases)
        self._marks.append(entry.problems << 1 | bool(entry.has_video))

    def build(self) -> NoteTable:
        return NoteTable(
            self._files.build(), self._titles.build(), self._aliases.build(), self._marks[:]
        )


class Picked(Sequence[NoteEntry]):
    """Some of a table's notes, in an order of their own: their places in it, not their
    entries (a list of 50,000 entries would keep 50,000 entries)."""

    __slots__ = ("places", "table")

    def __init__(self, table: NoteTable, places: array[int]) -> None:
        self.table = table
        self.places = places

    @classmethod
    def of(cls, entries: Sequence[NoteEntry], places: Iterable[int]) -> Picked:
        """The entries at ``places`` in ``entries``: a table, what was picked of one, or
        entries of no table (a table of them is made)."""
        if isinstance(entries, NoteTable):
            return cls(entries, array("I", places))
        if isinstance(entries, Picked):
            held = entries.places
            if isinstance(places, range) and places.step == 1:  # a run: copied in C
                return cls(entries.table, held[places.start : places.stop])
            return cls(entries.table, array("I", map(held.__getitem__, places)))
        # Entries of no table: a table of them, in the order given.
        table = NoteTable.of(sorted(entries, key=_path_of))
        return cls(table, array("I", (table.place_of(entries[at].path) or 0 for at in places)))

    def __len__(self) -> int:
        return len(self.places)

    @overload
    def __getitem__(self, place: int) -> NoteEntry: ...
    @overload
    def __getitem__(self, place: slice) -> Picked: ...
    def __getitem__(self, place: int | slice) -> NoteEntry | Picked:
        if isinstance(place, slice):
            return Picked(self.table, self.places[place])
        return self.table[self.places[place]]

    def __iter__(self) -> Iterator[NoteEntry]:
        return map(self.table.__getitem__, self.places)

    # A note's columns, read without its entry made.

    def path(self, place: int) -> str:
        return self.table.path(self.places[place])

    def title(self, place: int) -> str:
        return self.table.title(self.places[place])

    def mtime_ns(self, place: int) -> int:
        return self.table.mtime_ns(self.places[place])

    def title_order(self, place: int) -> str:
        return self.table.title_order(self.places[place])

    def __repr__(self) -> str:
        return f"<{len(self)} notes picked of {self.table!r}>"


def _path_of(entry: NoteEntry) -> str:
    return entry.path


class Entries(Mapping[str, NoteEntry]):
    """A table's entries by path, as a dict would give them."""

    __slots__ = ("table",)

    def __init__(self, table: NoteTable) -> None:
        self.table = table

    def __getitem__(self, path: str) -> NoteEntry:
        place = self.table.place_of(path) if isinstance(path, str) else None
        if place is None:
            raise KeyError(path)
        return self.table[place]

    def get(self, path: str, default: NoteEntry | None = None) -> NoteEntry | None:  # type: ignore[override]
        place = self.table.place_of(path)
        return default if place is None else self.table[place]

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.table.place_of(path) is not None

    def __iter__(self) -> Iterator[str]:
        return self.table.paths()

    def __len__(self) -> int:
        return len(self.table)

    def values(self) -> NoteTable:  # type: ignore[override]
        """The table itself: the entries in the order of their paths."""
        return self.table

    def items(self) -> Iterator[tuple[str, NoteEntry]]:  # type: ignore[override]
        return ((entry.path, entry) for entry in self.table)

    def __repr__(self) -> str:
        return f"<entries of {self.table!r}>"
