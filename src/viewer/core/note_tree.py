"""The navigator's tree: a folder's notes under their subfolders, in an order, and the rows it
shows, with some folders open, and with or without a filter.

The navigator shows the tree as one list of rows (a folder, then what is in it when it is
open), so opening a folder of 5,000 notes is one insertion into the list, not 5,000 items
laid out one by one. Everything here is plain Python over the folder's entries: built a step
at a time (:mod:`viewer.core.stepwise`), and cheap once built: the rows of a folder are lists
put together, not walked note by note.

Subfolders come first, by name; a folder's own notes follow, in the tree's order: by title, or
by the time they were modified, newest first.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from viewer.core.note_table import CHUNK, NoteEntry, NoteTable, Picked
from viewer.core.stepwise import Steps, sorted_places

BY_TITLE = "title"
BY_MODIFIED = "modified"
#: Entries placed, or notes looked at by a filter, between two steps.
STEP = 1_000
#: Notes put in the tree's order between two steps (a few milliseconds).
PLACE_STEP = 10_000


class Folder:
    """A subfolder of the notes folder (``path`` "" is the folder itself)."""

    __slots__ = ("count", "depth", "first", "folders", "name", "notes", "own_first", "path")

    def __init__(self, path: str, depth: int) -> None:
        self.path = path
        self.name = path.rpartition("/")[2]
        #: 0 for a folder at the top (-1 for the notes folder itself).
        self.depth = depth
        self.folders: list[Folder] = []
        #: Its own notes, in the tree's order.
        self.notes: Sequence[NoteEntry] = ()
        #: Where its notes and its subfolders' begin in :attr:`NoteTree.notes`, and how many;
        #: and where its own begin (after its subfolders').
        self.first = 0
        self.count = 0
        self.own_first = 0

    def __repr__(self) -> str:
        return f"Folder({self.path!r})"


#: A row as the list shows it.
Row = Folder | NoteEntry
#: A row as the list keeps it: a folder, or a note's place in :attr:`NoteTree.notes` (a
#: note's entry is made for the rows on screen alone).
Placed = Folder | int


class NoteTree:
    """A folder's notes as a tree, in one order (:data:`BY_TITLE` or :data:`BY_MODIFIED`).

    ``notes`` is every note in the order the tree shows them, folder by folder: a folder's
    subfolders' notes, then its own. A folder's notes are the run of ``notes`` from its
    ``first``, ``count`` long, its own last.
    """

    def __init__(self, order: str) -> None:
        self.order = order
        self.top = Folder("", -1)
        self.folders: dict[str, Folder] = {}
        self.notes = Picked(NoteTable.of(()), array("I"))

    @classmethod
    def build(
        cls, entries: Sequence[NoteEntry], order: str, ordered: bool = False
    ) -> Steps[NoteTree]:
        """The tree of ``entries`` in ``order``, in steps; ``ordered``: they are in it.

        The tree keeps the notes' places in a folder's table
        (:class:`~viewer.core.note_table.Picked`), not their entries, and reads their
        columns: sorting and filtering 50,000 notes make no entry. Entries of no table are
        made one first."""
        tree = cls(order)
        notes = Picked.of(entries, range(len(entries)))
        if not ordered:
            places = yield from sorted_places(len(notes), _key(notes, order))
            notes = yield from _picked(notes, places)
        own: dict[str, array[int]] = {}  # each folder's notes, by their places in ``notes``
        for start in range(0, len(notes), STEP):
            for at in range(start, min(len(notes), start + STEP)):
                where = notes.path(at).rpartition("/")[0]
                if (held := own.get(where)) is None:
                    held = own[where] = array("I")
                held.append(at)
            yield
        for path in own:
            tree._folder(path)
        for folder in (tree.top, *tree.folders.values()):
            folder.folders.sort(key=lambda sub: sub.name.casefold())
        every = array("I")
        tree._place(tree.top, own, every)
        del own
        yield
        tree.notes = notes = yield from _picked(notes, every)
        for folder in (tree.top, *tree.folders.values()):  # runs of the notes: slices
            folder.notes = notes[folder.own_first : folder.first + folder.count]
        return tree

    def _folder(self, path: str) -> Folder:
        if not path:
            return self.top
        if (found := self.folders.get(path)) is not None:
            return found
        parent = self._folder(path.rpartition("/")[0])
        folder = self.folders[path] = Folder(path, parent.depth + 1)
        parent.folders.append(folder)
        return folder

    def _place(self, folder: Folder, own: dict[str, array[int]], every: array[int]) -> None:
        folder.first = len(every)
        for sub in folder.folders:
            self._place(sub, own, every)
        folder.own_first = len(every)
        every.extend(own.get(folder.path, ()))
        folder.count = len(every) - folder.first

    def folder_of(self, entry: NoteEntry) -> Folder:
        return self.folders.get(entry.path.rpartition("/")[0], self.top)

    def ancestors(self, path: str) -> list[Folder]:
        """The folders a note or folder at ``path`` is in, the outermost first."""
        found: list[Folder] = []
        parent = path.rpartition("/")[0]
        while parent:
            if (folder := self.folders.get(parent)) is not None:
                found.append(folder)
            parent = parent.rpartition("/")[0]
        return found[::-1]

    def rows(
        self,
        folder: Folder,
        is_open: Callable[[Folder], bool],
        matched: Sequence[int] | None = None,
    ) -> list[Row]:
        """:meth:`placed_rows`, each note's as its entry."""
        return [self.row(placed) for placed in self.placed_rows(folder, is_open, matched)]

    def row(self, placed: Placed) -> Row:
        """The row kept as ``placed``: the folder, or the note's entry."""
        return placed if isinstance(placed, Folder) else self.notes[placed]

    def path(self, place: int) -> str:
        """The path of the note at ``place`` in :attr:`notes` (no entry made)."""
        return self.notes.path(place)

    def place_of(self, path: str) -> int | None:
        """The place in :attr:`notes` of the note at ``path``, or ``None``."""
        notes = self.notes
        if (at := notes.table.place_of(path)) is None:
            return None
        try:
            return notes.places.index(at)  # a search in C: 0.2 ms for 50,000
        except ValueError:
            return None

    def placed_rows(
        self,
        folder: Folder,
        is_open: Callable[[Folder], bool],
        matched: Sequence[int] | None = None,
    ) -> list[Placed]:
        """The rows under ``folder``: each subfolder, followed by its rows when ``is_open``,
        then its own notes, by their places in :attr:`notes`. With ``matched`` (places,
        ascending) only the notes it holds, and the folders on the way to them."""
        rows: list[Placed] = []
        self._rows_into(rows, folder, is_open, matched)
        return rows

    def _rows_into(
        self,
        rows: list[Placed],
        folder: Folder,
        is_open: Callable[[Folder], bool],
        matched: Sequence[int] | None,
    ) -> None:
        for sub in folder.folders:
            if matched is not None and not _any_in(matched, sub.first, sub.first + sub.count):
                continue
            rows.append(sub)
            if is_open(sub):
                self._rows_into(rows, sub, is_open, matched)
        own, end = folder.own_first, folder.first + folder.count
        if matched is None:
            rows.extend(range(own, end))
        else:
            start = bisect_left(matched, own)
            rows.extend(matched[start : bisect_left(matched, end, start)])


def _key(notes: Picked, order: str) -> Callable[[int], object]:
    """The key of ``order`` of the note at a place in ``notes``, from the table's columns."""
    if order == BY_MODIFIED:
        return lambda at: -notes.mtime_ns(at)  # newest first; ties keep the order of paths
    return notes.title_order


def _any_in(matched: Sequence[int], start: int, end: int) -> bool:
    at = bisect_left(matched, start)
    return at < len(matched) and matched[at] < end


def filter_words(text: str) -> list[str]:
    """A filter as the tree reads it: case folded, split at white space."""
    return text.casefold().split()


def narrows(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """Whether every note the words ``later`` keep, the words ``earlier`` keep too."""
    return all(any(word in other for other in later) for word in earlier)


class Haystack:
    """A table's notes as a filter reads them (:meth:`NoteTable.filter_lines`): a string of
    lines a chunk of notes, made a chunk a step and kept while a filter is typed. Split into
    lines again for each query, the notes are searched in C: at 50,000 notes a query takes
    10 ms, where making each note's text at each key took 45. They take 4 MB, let go once the
    filter box is left empty."""

    __slots__ = ("lines", "table")

    def __init__(self, table: NoteTable, lines: list[str]) -> None:
        self.table = table
        self.lines = lines

    @classmethod
    def of(cls, table: NoteTable) -> Steps[Haystack]:
        lines: list[str] = []
        for number in range(table.chunk_count):
            lines.append(table.filter_lines(number))
            yield
        return cls(table, lines)

    def holding(self, words: Sequence[str]) -> Steps[bytearray]:
        """Which of the table's notes hold every word of ``words`` (one or more): 1 at their
        places."""
        held = bytearray(len(self.table))
        first, *others = words
        for number, text in enumerate(self.lines):
            lines = text.split("\n")
            ats = [at for at, line in enumerate(lines) if first in line]
            for word in others:
                ats = [at for at in ats if word in lines[at]]
            base = number * CHUNK
            for at in ats:
                held[base + at] = 1
            if number % 8 == 7:
                yield
        return held


def filtered(
    tree: NoteTree,
    words: Sequence[str],
    within: Iterable[int] | None = None,
    haystack: Haystack | None = None,
) -> Steps[list[int]]:
    """The places in ``tree.notes`` of the notes whose title or path holds every word (case
    folded), ascending, in steps; ``within``, places an earlier filter kept, when these words
    narrow it. ``haystack``: the tree's table as a filter reads it, kept from an earlier
    filter (else made here)."""
    if not words:
        return list(within) if within is not None else list(range(len(tree.notes)))
    notes = tree.notes
    if haystack is None or haystack.table is not notes.table:
        haystack = yield from Haystack.of(notes.table)
    held = yield from haystack.holding(words)
    places = notes.places
    source = list(within) if within is not None else range(len(places))
    kept: list[int] = []
    step = STEP * 10
    for start in range(0, len(source), step):
        kept += [place for place in source[start : start + step] if held[places[place]]]
        yield
    return kept


def _picked(notes: Picked, places: Sequence[int]) -> Steps[Picked]:
    """The notes at ``places`` of ``notes``, a step at a time (50,000 in one step took 7 ms)."""
    held, picked = notes.places, array("I")
    for start in range(0, len(places), PLACE_STEP):
        picked.extend(map(held.__getitem__, places[start : start + PLACE_STEP]))
        yield
    return Picked(notes.table, picked)
