"""Bringing a folder's search index up to date: what to read again, reading it, storing it.

A build scans the folder (:func:`viewer.core.folder.scan`: its notes and its subtitle files,
with their sizes and times) and compares it with what the index holds:

* a note that is new or changed is read again (its rows replaced); one that is gone is
  forgotten, with its transcripts' rows;
* a note's transcript files (:func:`viewer.core.transcripts.transcript_files`) are kept with
  their sizes and times; they are read again when one of them changed, or when the note's
  files are no longer the same (a file added or removed, the note's video changed);
* a subtitle file that appeared or went may belong to a note that did not change: the notes
  whose YouTube id its name holds, and the notes that name a video or transcript file, are
  looked at again (their transcripts only).

Notes are read in batches of :data:`BATCH_NOTES`, outside the write lock, and each batch is
stored in one short transaction, with one statement per table; progress counts notes and
transcript files read, and a cancelled build keeps what it stored. A build that reads many
(:data:`OPTIMIZE_AFTER`, or a tenth of the folder: a first build always) writes in bulk
(:func:`viewer.core.search.store.bulk_writes`): FTS5 merges its segments once, at the end.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from viewer.core.folder import scan
from viewer.core.note import load_note
from viewer.core.note_table import FileStamp, FileTable
from viewer.core.search import plain_notes
from viewer.core.search.rows import NoteRows, name_ids, read_note, settled
from viewer.core.search.spoken import (
    SpokenFile,
    TranscriptFiles,
    find_transcripts,
    read_transcripts,
)
from viewer.core.search.store import (
    Pending,
    bulk_writes,
    delete_note,
    merge_segments,
    store_new_notes,
    store_note,
    store_subtitles,
    store_transcripts,
    subtitle_stamps,
    transaction,
)

#: Notes read between two writes: each write holds the lock for milliseconds, and progress is
#: reported after each.
BATCH_NOTES = 100
#: How often a build lets another thread of the process (the UI's) have the interpreter.
YIELD_EVERY_S = 0.01
#: A build that reads this many notes and transcript files (or a tenth of the folder) writes in
#: bulk (:func:`viewer.core.search.store.bulk_writes`) and merges the index's segments at the end.
OPTIMIZE_AFTER = 500

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(slots=True)
class BuildReport:
    total: int = 0  # notes in the folder
    indexed: int = 0  # read and (re)indexed
    removed: int = 0  # gone from the folder, or vanished while indexing
    #: Transcript files read (a note's transcripts read again count each of its files).
    transcripts: int = 0
    #: Transcript files counted in the progress' total (set before progress is first told).
    counted_transcripts: int = 0
    cancelled: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Read:
    """One note read for a batch: its rows (None: gone), its transcripts (None: kept as
    stored), or only its transcripts (``rows`` None and ``again``)."""

    path: str
    rows: NoteRows | None
    transcripts: TranscriptFiles | None
    again: bool = False


class Builder:
    """One build of the index on ``connection``, of the folder ``root``."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        root: Path,
        report: BuildReport,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        self.connection, self.root, self.report = connection, root, report
        self.progress, self.cancelled = progress, cancelled
        self.done = 0
        self.total = 0
        self._next_yield = time.monotonic() + YIELD_EVERY_S
        #: The folder's subtitle files by the ids their names may hold.
        self.by_id: dict[str, list[str]] = {}
        #: The transcripts the index holds (as stored) of each note it holds that is read.
        self.held: dict[str, str] = {}

    def run(self) -> None:
        try:
            self._run()
        finally:
            plain_notes.forget()

    def _run(self) -> None:
        report, connection = self.report, self.connection
        found = scan(self.root)
        notes = FileTable.of(found.files)  # a scan's own table: not copied
        report.total = len(notes)
        report.problems.extend(found.problems)
        # What the index holds, a row at a time: kept only for the notes to read, not for
        # each of 50,000 (12 MB through the build, left as holes in the memory after it);
        # of the others, a mark at their place.
        indexed = bytearray(len(notes))
        gone: list[str] = []
        for path, size, mtime_ns, transcripts in connection.execute(
            "SELECT path, size, mtime_ns, transcripts FROM notes"
        ):
            if (place := notes.place_of(path)) is None:
                gone.append(path)
                continue
            indexed[place] = 1
            stamp = notes.stamp(place)
            if (stamp.size, stamp.mtime_ns) != (size, mtime_ns):
                self.held[path] = transcripts
        if gone:
            with transaction(connection):
                report.removed += sum(delete_note(connection, path) for path in gone)
        subtitles = found.subtitles
        before = subtitle_stamps(connection)
        changed = {path for path, stamp in subtitles.items() if before.get(path) != stamp}
        changed |= before.keys() - subtitles.keys()
        for name in subtitles:
            for token in name_ids((name,)):
                self.by_id.setdefault(token, []).append(name)
        todo = [path for place, path in enumerate(notes) if not indexed[place] or path in self.held]
        again = self._again(notes, set(todo), changed, subtitles, before)
        # Let go before the long part: 50,000 stamps kept through a build of minutes were
        # left as holes in the memory that the window's own objects had filled around them.
        del found, notes, indexed
        report.counted_transcripts = len(changed & subtitles.keys())
        self.total = len(todo) + len(again) + report.counted_transcripts
        if self.progress:
            self.progress(0, self.total)
        ids = frozenset(self.by_id) if subtitles else None
        work = itertools.chain(zip(todo, repeat(False)), zip(again, repeat(True)))
        bulk = self.total >= OPTIMIZE_AFTER or self.total * 10 >= report.total > 0
        with bulk_writes(connection) if bulk else nullcontext():
            self._read_and_store(work, ids)
            if report.cancelled:
                return
            if bulk:
                # Batched writes leave the index in several segments, which every query then
                # merges: on one segment the 100 queries of the benchmark had a p95 10 % lower,
                # some twice as fast (a third of a second for 10,000 notes).
                with transaction(connection):
                    merge_segments(connection)
        if changed:
            with transaction(connection):
                store_subtitles(connection, {p: settled(s) for p, s in subtitles.items()})
        if self.progress and self.done < self.total:
            self.progress(self.total, self.total)

    def _read_and_store(self, work: Iterator[tuple[str, bool]], ids: frozenset[str] | None) -> None:
        """Read the notes of ``work`` (``True``: only its transcripts) and store them, a batch
        at a time; until cancelled."""
        while part := list(itertools.islice(work, BATCH_NOTES)):
            batch = []
            for path, only in part:
                if self._cancelled():
                    break
                batch.append(self._read_again(path) if only else self._read(path, ids))
                self._tick()
            self._store(batch)
            if self.progress:
                self.progress(self.done, max(self.total, self.done))
            if self.report.cancelled:
                break

    def _again(
        self,
        notes: Mapping[str, FileStamp],
        todo: set[str],
        changed: set[str],
        subtitles: dict[str, FileStamp],
        before: dict[str, FileStamp],
    ) -> list[str]:
        """Notes that did not change whose transcripts may have: one of their files changed,
        or a subtitle file that came or went may be theirs."""
        if not changed:
            return []
        came_or_went = subtitles.keys() ^ before.keys()
        ids = name_ids(sorted(came_or_went))
        again = []
        for path, video, named, transcripts in self.connection.execute(
            "SELECT path, video, named, transcripts FROM notes"
        ):
            if path in todo or path not in notes:
                continue
            if (came_or_went and (named or (video is not None and video in ids))) or (
                transcripts
                and any(file.path in changed for file in TranscriptFiles.parse(transcripts).files)
            ):
                again.append(path)
                self.held[path] = transcripts
        return again

    def _read(self, path: str, ids: frozenset[str] | None) -> _Read:
        rows = read_note(self.root, path, ids)
        if rows is None:
            return _Read(path, None, None)
        stored = self.held.get(path)
        held = TranscriptFiles.parse(stored) if stored is not None else None
        if held is None:
            rows.new = True  # stored without looking for it first (see store_note)
        if rows.note is None:
            # No subtitle file may be its: forget any it had.
            return _Read(path, rows, TranscriptFiles() if held and held.files else None)
        files, _problems = find_transcripts(rows.note, self.root, self._names(rows.video_id))
        rows.note = None  # not kept in the batch: only what is stored is
        return _Read(path, rows, self._transcripts(files, held))

    def _read_again(self, path: str) -> _Read:
        """Only the transcripts of a note that did not change."""
        note = load_note(self.root / path, self.root)
        video = (
            note.video.value if note.video is not None and note.video.kind == "youtube" else None
        )
        files, _problems = find_transcripts(note, self.root, self._names(video))
        held = TranscriptFiles.parse(self.held[path])
        return _Read(path, None, self._transcripts(files, held), again=True)

    def _names(self, video_id: str | None) -> list[str]:
        return self.by_id.get(video_id, []) if video_id else []

    def _transcripts(
        self, files: list[SpokenFile], held: TranscriptFiles | None
    ) -> TranscriptFiles | None:
        """The transcripts read, or None when those held are the same files, unchanged."""
        if held is not None and held.files == files:
            return None
        read = TranscriptFiles(list(files))
        if files:
            read = read_transcripts(self.root, files)
            self.report.problems.extend(read.problems)
            self.report.transcripts += len(files)
            self.done += len(files)
        return read

    def _store(self, batch: list[_Read]) -> None:
        report, connection = self.report, self.connection
        pending = Pending()
        new = []
        with transaction(connection):
            for item in batch:
                if item.again:
                    if item.transcripts is not None:
                        store_transcripts(connection, item.path, item.transcripts, pending)
                elif item.rows is None:
                    report.removed += delete_note(connection, item.path)
                elif item.rows.new:
                    new.append((item.rows, item.transcripts))
                else:
                    store_note(connection, item.rows, item.transcripts, pending)
            store_new_notes(connection, new, pending)
            pending.write(connection)
        report.indexed += sum(1 for item in batch if item.rows is not None and not item.again)

    def _cancelled(self) -> bool:
        if self.cancelled is not None and self.cancelled():
            self.report.cancelled = True
        return self.report.cancelled

    def _tick(self) -> None:
        self.done += 1
        if time.monotonic() >= self._next_yield:
            # Let the UI thread run now if it waits: handing the interpreter over on
            # Python's own schedule (5 ms) can leave it waiting for a whole time slice of a
            # busy machine; after every note, it costs the build a third.
            time.sleep(0)
            self._next_yield = time.monotonic() + YIELD_EVERY_S
