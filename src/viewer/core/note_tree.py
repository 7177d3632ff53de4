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

from viewer.core.note_table import NoteEntry, NoteTable, Picked, title_order
from viewer.core.stepwise import Steps, sorted_places

BY_TITLE = "title"
BY_MODIFIED = "modified"
#: Entries placed, or notes looked at by a filter, between two steps.
STEP = 1_000


class Folder:
    """A subfolder of the notes folder (``path`` "" is the folder itself)."""

    __slots__ = ("count", "depth", "first", "folders", "name", "notes", "path")

    def __init__(self, path: str, depth: int) -> None:
        self.path = path
        self.name = path.rpartition("/")[2]
        #: 0 for a folder at the top (-1 for the notes folder itself).
        self.depth = depth
        self.folders: list[Folder] = []
        #: Its own notes, in the tree's order.
        self.notes: Sequence[NoteEntry] = ()
        #: Where its notes and its subfolders' begin in :attr:`NoteTree.notes`, and how many.
        self.first = 0
        self.count = 0

    @property
    def own_first(self) -> int:
        """Where its own notes begin in :attr:`NoteTree.notes` (after its subfolders')."""
        return self.first + self.count - len(self.notes)

    def __repr__(self) -> str:
        return f"Folder({self.path!r})"


Row = Folder | NoteEntry


def _newest_first(entry: NoteEntry) -> int:
    return -entry.stamp.mtime_ns  # ties keep the folder's order: by path


ORDERS: dict[str, Callable[[NoteEntry], object]] = {
    BY_TITLE: title_order,
    BY_MODIFIED: _newest_first,
}


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
        self.notes: Sequence[NoteEntry] = ()

    @classmethod
    def build(
        cls, entries: Sequence[NoteEntry], order: str, ordered: bool = False
    ) -> Steps[NoteTree]:
        """The tree of ``entries`` in ``order``, in steps; ``ordered``: they are in it.

        Of a folder's table (:class:`~viewer.core.note_table.NoteTable`, or what was picked
        of one), the tree keeps the notes' places, not their entries (:func:`picked`)."""
        tree = cls(order)
        if not ordered:
            key = ORDERS[order]
            places = yield from sorted_places(len(entries), lambda at: key(entries[at]))
            entries = picked(entries, places)
        own: dict[str, array[int]] = {}  # each folder's notes, by their places in ``entries``
        for start in range(0, len(entries), STEP):
            for at in range(start, min(len(entries), start + STEP)):
                where = entries[at].path.rpartition("/")[0]
                if (held := own.get(where)) is None:
                    held = own[where] = array("I")
                held.append(at)
            yield
        for path, held in own.items():
            tree._folder(path).notes = picked(entries, held)
        for folder in (tree.top, *tree.folders.values()):
            folder.folders.sort(key=lambda sub: sub.name.casefold())
        every = array("I")
        tree._place(tree.top, own, every)
        tree.notes = picked(entries, every)
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
        """The rows under ``folder``: each subfolder, followed by its rows when ``is_open``,
        then its own notes. With ``matched`` (places in :attr:`notes`, ascending) only the
        notes it holds, and the folders on the way to them."""
        rows: list[Row] = []
        self._rows_into(rows, folder, is_open, matched)
        return rows

    def _rows_into(
        self,
        rows: list[Row],
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
        if matched is None:
            rows.extend(folder.notes)
        else:
            notes = self.notes
            own, end = folder.own_first, folder.first + folder.count
            start = bisect_left(matched, own)
            rows.extend(notes[place] for place in matched[start : bisect_left(matched, end, start)])


def picked(entries: Sequence[NoteEntry], places: Iterable[int]) -> Sequence[NoteEntry]:
    """The entries at ``places`` in ``entries``: their places, where ``entries`` is a table
    or picked of one (:class:`~viewer.core.note_table.Picked`), else a list of them."""
    if isinstance(entries, NoteTable | Picked):
        return Picked.of(entries, places)
    return [entries[place] for place in places]


def _any_in(matched: Sequence[int], start: int, end: int) -> bool:
    at = bisect_left(matched, start)
    return at < len(matched) and matched[at] < end


def filter_words(text: str) -> list[str]:
    """A filter as the tree reads it: case folded, split at white space."""
    return text.casefold().split()


def narrows(earlier: Sequence[str], later: Sequence[str]) -> bool:
    """Whether every note the words ``later`` keep, the words ``earlier`` keep too."""
    return all(any(word in other for other in later) for word in earlier)


def filtered(
    tree: NoteTree, words: Sequence[str], within: Iterable[int] | None = None
) -> Steps[list[int]]:
    """The places in ``tree.notes`` of the notes whose title or path holds every word (case
    folded), ascending, in steps; ``within``, places an earlier filter kept, when these words
    narrow it."""
    haystack = _haystack(tree.notes)
    source = list(within) if within is not None else range(len(tree.notes))
    kept: list[int] = []
    for start in range(0, len(source), STEP):
        for place in source[start : start + STEP]:
            text = haystack(place)
            for word in words:
                if word not in text:
                    break
            else:
                kept.append(place)
        yield
    return kept


def _haystack(notes: Sequence[NoteEntry]) -> Callable[[int], str]:
    """What a filter looks in, of the note at a place: its title and path, case folded;
    read from the table's columns where the notes are picked of one (no entry made)."""
    if isinstance(notes, Picked):
        table, places = notes.table, notes.places
        return lambda place: f"{table.title(places[place])}\n{table.path(places[place])}".casefold()
    return lambda place: f"{notes[place].title}\n{notes[place].path}".casefold()
