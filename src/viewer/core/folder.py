"""A notes folder: finding its notes and the tables that resolve links between them."""

from __future__ import annotations

import heapq
import itertools
import os
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from viewer.core.links import Folded, LinkResolver, link_targets
from viewer.core.note import Note, load_note, note_from_bytes, readable_stem, readable_title
from viewer.core.note_table import (
    Entries,
    FileStamp,
    FileTable,
    FileTableBuilder,
    NoteEntry,
    NoteTable,
    NoteTableBuilder,
    Picked,
)
from viewer.core.packed import PackedTable
from viewer.core.paths import is_inside
from viewer.core.stepwise import Steps, sorted_places
from viewer.core.text import read_note_bytes

#: The names of subtitle and transcript files (see viewer.core.transcripts.finding).
SUBTITLE_SUFFIXES = (".vtt", ".srt")


class ReadNote(NamedTuple):
    """One note as reading it gives: its entry, and the targets of its wiki links as written."""

    entry: NoteEntry
    links: tuple[str, ...]


def read_from_note(path: str, note: Note, stamp: FileStamp) -> ReadNote:
    entry = NoteEntry(
        path=path,
        title=note.title,
        aliases=note.aliases,
        has_video=note.video is not None,
        problems=len(note.problems),
        stamp=stamp,
    )
    return ReadNote(entry, link_targets(note.body))


@dataclass(slots=True)
class ScanResult:
    #: The notes, by path (a :class:`FileTable`, in the order of the paths).
    files: Mapping[str, FileStamp] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: The subtitle and transcript files (``.vtt``, ``.srt``) met on the way, by path.
    subtitles: dict[str, FileStamp] = field(default_factory=dict)


def scan(root: Path, *, notes: bool = True) -> ScanResult:
    """Every ``.md`` file below ``root`` (and every subtitle file, for the notes' transcripts),
    skipping hidden folders and links that lead out. (No path is interned: the interpreter's
    table of interned strings, once grown by a big folder's 50,000 paths, stays that big.)

    Symbolic links are followed only where they stay inside the folder, and each real folder
    is visited once, so link loops end. Without ``notes``, only the subtitle files are
    gathered: no note is looked at (a folder of 50,000 notes kept 10 MB of their stamps for
    the scan of a transcript).
    """
    result = ScanResult()
    files = FileTableBuilder()
    real_root = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()
    # Depth first, with a stack of listings rather than a function calling itself: a nested
    # function that refers to itself is a reference cycle, which kept every stamp of the scan
    # (50,000 of them in a big folder) for the garbage collector's next full pass.
    stack = [_listing(real_root, "", seen, result.problems)]
    while stack:
        found = next(stack[-1], None)
        if found is None:
            stack.pop()
            continue
        entry, name = found
        try:
            is_link = entry.is_symlink()
            if is_link and not is_inside(os.path.realpath(entry.path), real_root):
                if entry.name.lower().endswith(".md") or entry.is_dir():
                    result.problems.append(f"'{name}' is a link that leads outside the folder.")
                continue
            if entry.is_dir():
                stack.append(_listing(entry.path, name, seen, result.problems))
            elif entry.name.lower().endswith(".md") and not notes:
                continue
            elif entry.name.lower().endswith(".md") and entry.is_file():
                info = entry.stat()
                files.add(name, FileStamp(info.st_size, info.st_mtime_ns))
            elif entry.name.lower().endswith(SUBTITLE_SUFFIXES) and entry.is_file():
                info = entry.stat()
                result.subtitles[name] = FileStamp(info.st_size, info.st_mtime_ns)
            elif entry.name.lower().endswith(".md") and is_link:
                result.problems.append(f"'{name}' cannot be read: it is a link to nothing.")
        except OSError as error:
            result.problems.append(f"'{name}' cannot be read: {error.strerror}.")
    result.files = files.build()
    return result


def _listing(
    directory: str, relative: str, seen: set[tuple[int, int]], problems: list[str]
) -> Iterator[tuple[os.DirEntry[str], str]]:
    """The entries of ``directory`` but hidden ones, each with its folder-relative name, in
    the order that makes a walk give every path in order (:func:`_walk_order`); none if the
    real folder was ``seen`` already (a link loop) or cannot be read."""
    try:
        info = os.stat(directory)
        if (info.st_dev, info.st_ino) in seen:
            return iter(())
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=_walk_order)
    except OSError as error:
        problems.append(f"'{relative or '.'}' cannot be read: {error.strerror}.")
        return iter(())
    prefix = f"{relative}/" if relative else ""
    return ((entry, prefix + entry.name) for entry in entries if not entry.name.startswith("."))


def _walk_order(entry: os.DirEntry[str]) -> str:
    """A folder's name with the ``/`` that follows it in its notes' paths, a file's as it is:
    a folder's entries in this order, walked depth first, give the paths in order ("a.b.md"
    before "a/c.md", as "." comes before "/"), so a scan's table needs no sort."""
    try:
        return entry.name + "/" if entry.is_dir() else entry.name
    except OSError:
        return entry.name


def read_entry(root: Path, path: str, stamp: FileStamp) -> ReadNote:
    """Read one note for the index; unreadable files become entries with a problem."""
    absolute = root / path
    try:
        data, size = read_note_bytes(absolute)
    except OSError:
        return ReadNote(NoteEntry(path, readable_stem(absolute), (), False, 1, stamp), ())
    return read_from_note(path, note_from_bytes(data, absolute, root, size), stamp)


#: Told ``(done, total)`` as notes are read: after every ``PROGRESS_EVERY`` notes, and at the end.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250


def read_entries(
    root: Path, files: dict[str, FileStamp], progress: Progress | None = None
) -> dict[str, ReadNote]:
    if progress is None:
        # read_entry is looked up on the module each time, so a test can count the reads.
        return {path: read_entry(root, path, stamp) for path, stamp in files.items()}
    reads: dict[str, ReadNote] = {}
    total = len(files)
    for done, (path, stamp) in enumerate(files.items(), 1):
        reads[path] = read_entry(root, path, stamp)
        if done % PROGRESS_EVERY == 0 or done == total:
            progress(done, total)
    return reads


def read_in_order(
    root: Path, files: Mapping[str, FileStamp], progress: Progress | None = None
) -> Iterator[tuple[str, ReadNote]]:
    """Each of ``files`` read (:func:`read_entry`), in the order of their paths."""
    total = len(files)
    ordered = files.items() if isinstance(files, FileTable) else sorted(files.items())
    for done, (path, stamp) in enumerate(ordered, 1):
        yield path, read_entry(root, path, stamp)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


#: Each note's wiki link targets, as written.
Links = Mapping[str, tuple[str, ...]]
#: Each note's backlinks, sorted.
Backlinks = Mapping[str, tuple[str, ...]]


class NotesFolder:
    """An opened folder: its notes by path, link resolution and backlinks.

    The notes are kept in a :class:`~viewer.core.note_table.NoteTable` (:attr:`table`), in
    the order of their paths; :attr:`entries` gives them by path, as a dict would.

    ``links`` are each note's wiki link targets, as written; they and the backlinks are kept
    packed (:class:`~viewer.core.packed.PackedTable`: a fifth of the memory, and a folder
    opened from the index (:mod:`viewer.core.index_cache`) takes them as the index keeps
    them). Without ``backlinks`` they are worked out from the links when first asked.
    ``subtitles`` are the subtitle files a scan found; a folder made without a scan finds
    them when first asked (:attr:`subtitle_files`).
    """

    def __init__(
        self,
        root: Path,
        entries: Mapping[str, NoteEntry] | NoteTable,
        problems: list[str],
        links: Links,
        *,
        resolver: LinkResolver | None = None,
        backlinks: Backlinks | None = None,
        complete: bool = True,
        unsettled: frozenset[str] = frozenset(),
        subtitles: Iterable[str] | None = None,
    ) -> None:
        self.root = root
        if isinstance(entries, Entries):
            entries = entries.table
        #: The notes, in the order of their paths.
        self.table = (
            entries
            if isinstance(entries, NoteTable)
            else NoteTable.of(entries[path] for path in sorted(entries))
        )
        #: The notes by path.
        self.entries = Entries(self.table)
        self.problems = problems
        self.resolver = resolver or LinkResolver(self.table)
        self.links = _packed(links)
        #: None until worked out from the links.
        self._backlinks = None if backlinks is None else _packed(backlinks)
        #: Whether every note was read (see :meth:`listed`).
        self.complete = complete
        #: Notes whose entry must be read again even while their file stays as it is (changed
        #: within the file system's clock tick, or unreadable when read).
        self.unsettled = unsettled
        self._subtitles = None if subtitles is None else tuple(sorted(subtitles))
        #: The entries by title, once worked out (:meth:`in_title_order`).
        self._by_title: Picked | None = None

    @classmethod
    def open(cls, root: Path) -> NotesFolder:
        """Scan ``root`` and read every note. Raises ``NotADirectoryError``/``OSError`` only
        for a folder that cannot be opened at all; everything inside it is reported, not
        raised. (:meth:`viewer.core.index_cache.IndexCache.open` reads only what changed.)"""
        root = folder_root(root)
        return cls.read(root, scan(root))

    @classmethod
    def read(
        cls,
        root: Path,
        found: ScanResult,
        progress: Progress | None = None,
        settled: Callable[[ReadNote], bool] = lambda _read: True,
    ) -> NotesFolder:
        """The folder a scan ``found``, every note read, in the order of their paths; those
        not ``settled`` (see :attr:`unsettled`) are to be read again even if they stay as
        they are. Each note's entry goes into the table and its links are packed as it
        comes (:meth:`PackedTable.of_sorted`): nothing is kept of a note but those."""
        entries = NoteTableBuilder()
        unsettled: list[str] = []

        def links() -> Iterator[tuple[str, tuple[str, ...]]]:
            for path, read in read_in_order(root, found.files, progress):
                entries.add(read.entry)
                if not settled(read):
                    unsettled.append(path)
                yield path, read.links

        table = PackedTable.of_sorted(links())
        return cls(
            root, entries.build(), list(found.problems), table,
            unsettled=frozenset(unsettled), subtitles=found.subtitles,
        )  # fmt: skip

    @classmethod
    def listed(cls, root: Path, found: ScanResult) -> NotesFolder:
        """The folder by its file names alone, before any note is read: titles from the names,
        no aliases, links or marks yet. ``complete`` is false."""
        files = FileTable.of(found.files)  # a scan's own: shared, not copied
        entries = NoteTable.listed(files, map(readable_title, files))
        return cls(root, entries, found.problems, {}, complete=False, subtitles=found.subtitles)

    @classmethod
    def of_reads(
        cls,
        root: Path,
        reads: dict[str, ReadNote],
        problems: list[str],
        unsettled: frozenset[str] = frozenset(),
        subtitles: Iterable[str] | None = None,
    ) -> NotesFolder:
        entries = NoteTable.of(read.entry for _, read in sorted(reads.items()))
        links = PackedTable.of([(path, read.links) for path, read in reads.items()])
        return cls(root, entries, problems, links, unsettled=unsettled, subtitles=subtitles)

    def updated(
        self, found: ScanResult, reads: Mapping[str, ReadNote], unsettled: frozenset[str]
    ) -> NotesFolder:
        """This folder as a scan ``found`` it again, ``reads`` the notes read anew (those that
        changed or came; the others are as they were): what a change on disk makes of it.

        The notes that stayed keep their links, the packed pieces the change does not touch;
        where no note came or went, the table keeps its paths and index and makes again only
        the chunks that hold the notes read (:meth:`NoteTable.replaced`). The link tables
        are kept when no note came, went or changed its names (a title changed makes the
        titles' table alone again), and the backlinks when the links did not change either.
        """
        table, links = self.table, self.links
        files = FileTable.of(found.files)
        # The same paths (a note edited): none gone, and none looked up one by one.
        gone = [] if files.same_paths(table.files) else [p for p in table.paths() if p not in files]
        came = sorted(path for path in reads if table.place_of(path) is None)
        link_changes: dict[str, tuple[str, ...] | None] = dict.fromkeys(gone)
        changes: dict[int, NoteEntry] = {}
        renamed: list[str] = []  # the notes whose names changed
        relinked: list[str] = []  # and those whose links did
        for path in sorted(reads):  # in order: the links' pieces are unpacked once each
            entry, targets = reads[path]
            if (place := table.place_of(path)) is not None:
                if (table.title(place), table.aliases(place)) != (entry.title, entry.aliases):
                    renamed.append(path)
                if links.get(path, ()) != targets:
                    relinked.append(path)
                changes[place] = entry
            link_changes[path] = targets
        new_links = links.replaced(link_changes)
        resolver, moved = self.resolver, frozenset[str]()
        backlinks = self._backlinks
        if gone or came:  # other paths: every table and backlink anew
            new_table = _merged(
                table, changes, frozenset(gone), [reads[path].entry for path in came]
            )
            resolver, backlinks = LinkResolver(new_table), None
        else:
            new_table = table.replaced(changes) if changes else table
            if renamed:  # the same paths: only the names that changed
                resolver, moved = resolver.renamed(self.entries, Entries(new_table), renamed)
            if (moved or relinked) and backlinks is not None:
                backlinks = _backlinks_after(
                    self.backlink_table, (links, self.resolver), (new_links, resolver),
                    relinked, moved,
                )  # fmt: skip
        return NotesFolder(
            self.root,
            new_table,
            list(found.problems),
            new_links,
            resolver=resolver,
            backlinks=backlinks,
            unsettled=unsettled,
            subtitles=found.subtitles,
        )

    def __len__(self) -> int:
        return len(self.table)

    def __iter__(self) -> Iterator[NoteEntry]:
        return iter(self.table)

    def __contains__(self, path: object) -> bool:
        return path in self.entries

    def resolve(self, target: str) -> str | None:
        return self.resolver.resolve(target)

    def relative(self, file: Path) -> str | None:
        """The folder-relative name of ``file``, or ``None`` if it is not in the folder."""
        try:
            return Path(os.path.abspath(file)).relative_to(self.root).as_posix()
        except ValueError:
            return None

    def load(self, path: str) -> Note:
        """The full note at a folder-relative path (read now, so it is always current)."""
        return load_note(self.root / path, self.root)

    @property
    def subtitle_files(self) -> tuple[str, ...]:
        """The folder's subtitle and transcript files (``.vtt``, ``.srt``), folder-relative and
        sorted, as the scan that made the folder found them; scanned for now if none did."""
        if self._subtitles is None:
            self._subtitles = tuple(sorted(scan(self.root, notes=False).subtitles))
        return self._subtitles

    @property
    def known_subtitle_files(self) -> tuple[str, ...] | None:
        """:attr:`subtitle_files` if a scan found them already, else None (no scan made)."""
        return self._subtitles

    def keep_subtitles(self, found: ScanResult) -> None:
        """Keep the subtitle files ``found`` by a scan that :meth:`matches` this folder, if
        it does not know them yet (a folder from the index, checked against the disk)."""
        if self._subtitles is None:
            self._subtitles = tuple(sorted(found.subtitles))

    def in_title_order(self) -> Steps[Picked]:
        """The entries sorted by :func:`title_order`, in steps; worked out once for the
        folder, by the first to ask (the thread that read it, for a folder read in the
        background), and shared by the list and the quick switcher: at 50,000 notes each
        sorted them on the window's thread, and their 100,000 keys, made and let go while
        the folder was being indexed, left as many holes in the memory the process kept."""
        if self._by_title is None:
            table = self.table
            places = yield from sorted_places(len(table), table.title_order)
            self._by_title = Picked(table, places)
        return self._by_title

    def backlinks(self, path: str) -> list[str]:
        """The notes that link to ``path``, sorted."""
        return list(self.backlink_table.get(path, ()))

    def backlinks_by_title(self, path: str) -> list[tuple[str, str]]:
        """``(path, title)`` of the notes that link to ``path``, by title as a reader sorts."""
        titled = ((linking, self.entries[linking].title) for linking in self.backlinks(path))
        return sorted(titled, key=lambda link: link[1].casefold())

    @property
    def backlink_table(self) -> PackedTable:
        """Each note's backlinks, by path."""
        if self._backlinks is None:
            self._backlinks = self._work_out_backlinks()
        return self._backlinks

    def matches(self, found: ScanResult) -> bool:
        """Whether a scan found the folder as this one has it: every note there, unchanged,
        none come or gone, none to read again, the same problems (and the same subtitle
        files, where this one knows them)."""
        if self.unsettled or found.problems != self.problems:
            return False
        if self._subtitles is not None and self._subtitles != tuple(sorted(found.subtitles)):
            return False
        return self.table.holds(found.files)

    def _work_out_backlinks(self) -> PackedTable:
        """Each note's backlinks, worked out from the links: the notes by their places in the
        resolver's (path) order, each link as two numbers in two arrays, which a counting sort
        groups by the note linked to. Nothing per link is a Python object that outlives the
        link's turn: at 50,000 notes, a dict of sets of the sources' paths took 50 MiB while
        it was made, and left the memory it took from the system half empty, for good."""
        resolver, table = self.resolver, self.table
        place_of = table.place_of  # the resolver's places are the table's: both by path
        linked, linking = array("I"), array("I")
        resolved: dict[str, int | None] = {}  # a folder names the same notes again and again
        for source_path, targets in self.links.items():
            if (source := place_of(source_path)) is None:
                continue
            if len(resolved) > _RESOLVED_KEPT:
                resolved.clear()
            found: set[int] = set()
            for target in targets:
                if (place := resolved.get(target, -1)) == -1:
                    place = resolved[target] = resolver.place_of(target)
                if place is not None and place != source:
                    found.add(place)
            for note in sorted(found):
                linked.append(note)
                linking.append(source)
        # Counted by the note linked to, the counts summed into where each one's sources
        # start, and each source put in its note's next free place.
        starts = array("I", bytes(4 * (len(table) + 1)))
        for note in linked:
            starts[note + 1] += 1
        for place in range(len(table)):
            starts[place + 1] += starts[place]
        grouped = array("I", bytes(4 * len(linked)))
        next_free = starts[:]
        for note, source in zip(linked, linking, strict=True):
            grouped[next_free[note]] = source  # the sources come in order: they stay so
            next_free[note] += 1
        del linked, linking, next_free
        return PackedTable.of_sorted(
            (table.path(place), tuple(table.path(source) for source in grouped[start:end]))
            for place, (start, end) in enumerate(itertools.pairwise(starts))
            if start != end
        )


#: The link targets whose note is kept at most while backlinks are worked out: enough for the
#: names a folder repeats, few enough to stay a small part of a big folder's memory.
_RESOLVED_KEPT = 20_000


def _packed(table: Links) -> PackedTable:
    return table if isinstance(table, PackedTable) else PackedTable.of(table)


def _backlinks_after(
    table: PackedTable,
    before: tuple[Links, LinkResolver],
    after: tuple[Links, LinkResolver],
    relinked: Iterable[str],
    moved: frozenset[str],
) -> PackedTable:
    """The backlinks ``table`` of a folder's ``before`` (its links and link tables) worked
    out again for ``after``, the same notes of which those at ``relinked`` have other links
    and the names ``moved`` (name keys) lead to another note: only the notes linking to
    such a name, and those ``relinked``, are looked at (a title changed in a folder of
    50,000 notes: a search of their targets, not the whole folder's backlinks again)."""
    (old_links, old_resolver), (links, resolver) = before, after
    sources = set(relinked)
    if moved:
        every: set[str] = set()
        for held in links.values():  # not one call into C: it held the interpreter 25 ms
            every.update(held)
        targets = list(every)
        found = Folded(targets)
        maybe = {targets[place] for key in moved for place in found.places_of(key)}
        if changed := {t for t in maybe if old_resolver.resolve(t) != resolver.resolve(t)}:
            sources.update(path for path, held in links.items() if not changed.isdisjoint(held))
    changes: dict[str, tuple[str, ...] | None] = {}

    def linking(path: str) -> tuple[str, ...]:
        return (changes[path] or ()) if path in changes else table.get(path, ())

    for source in sorted(sources):  # in order: the links' pieces are unpacked once each
        was = {old_resolver.resolve(target) for target in old_links.get(source, ())}
        now = {resolver.resolve(target) for target in links.get(source, ())}
        for path in was - now:
            if path and path != source and source in (held := linking(path)):
                changes[path] = tuple(other for other in held if other != source) or None
        for path in now - was:
            if path and path != source:
                changes[path] = tuple(sorted({*linking(path), source}))
    return table.replaced(changes)


def _merged(
    table: NoteTable, changes: Mapping[int, NoteEntry], gone: frozenset[str], came: list[NoteEntry]
) -> NoteTable:
    """The table of ``table``'s notes but those ``gone``, those at the places of ``changes``
    changed, and those that ``came`` (in the order of their paths) put among them."""
    kept = (
        changes.get(place) or table[place]
        for place in range(len(table))
        if table.path(place) not in gone
    )
    return NoteTable.of(heapq.merge(kept, came, key=_path_of))


def _path_of(entry: NoteEntry) -> str:
    return entry.path


def folder_root(root: Path) -> Path:
    """``root`` made absolute; raises ``NotADirectoryError`` if it is not a folder."""
    root = Path(os.path.abspath(root))
    if not root.is_dir():
        raise NotADirectoryError(f"'{root}' is not a folder.")
    return root


def subfolders(root: Path, limit: int) -> list[Path]:
    """``root`` and the folders below it, breadth first, at most ``limit``: the ones to watch
    for notes coming and going. Hidden folders (.git) are skipped, as the scan skips them, and
    so are links to folders (their targets inside the folder are visited on their own)."""
    found = [root]
    for folder in found:  # grows as it goes: breadth first
        if len(found) >= limit:
            break
        try:
            with os.scandir(folder) as listing:
                names = sorted(
                    entry.name
                    for entry in listing
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
                )
        except OSError:
            continue
        found.extend(folder / name for name in names)
    return found[:limit]


def is_note_file(path: Path) -> bool:
    try:
        return path.suffix.lower() == ".md" and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
