"""What a note becomes in the search index: one row per passage, or per piece of a long one.

A row holds the passage's plain text (text of unspaced scripts blanked in the ``unicode61``
copy, kept whole for the ``trigram`` one), its index and section, where its piece starts, and
its timestamps packed as text (:func:`times_text`), so that a hit's offset maps to a moment.

The ``unicode61`` copy is folded as the search box folds what is typed
(:mod:`viewer.core.fold`): SQLite's own folding keeps ``ß``, ligatures and wide forms that a
query's words no longer have, so ``Straße`` would not find ``Straße``. Where folding changes
more than the case, the row keeps the text as written beside it, to show (:func:`indexed`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from viewer.core.fold import fold
from viewer.core.folder import FileStamp
from viewer.core.note import note_from_bytes, readable_stem
from viewer.core.passages import Moment, Passage, passages_of
from viewer.core.search.query import UNSPACED
from viewer.core.text import read_note_bytes

#: Longest piece of a passage stored in one row (cut between words).
CHUNK_CHARS = 2000
#: Rows per note: a note's rowids are ``id << ROWID_BITS`` plus the row's number.
ROWID_BITS = 20
#: A file changed less than this long ago is indexed with no stamp, so it is read again next
#: time (it may change again within the same tick of a coarse clock; see index_cache.RACY_NS).
RACY_NS = 2_000_000_000


#: A row: (the text indexed, passage index, start, section, times, the text as written when it
#: differs from the text indexed or None, the text for the trigram table or None).
Row = tuple[str, int, int, str, str, str | None, str | None]


@dataclass(slots=True)
class NoteRows:
    path: str
    stamp: FileStamp
    title: str
    tags: str
    rows: list[Row]


def stamp_of(path: Path) -> FileStamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return FileStamp(info.st_size, info.st_mtime_ns)


def read_note(root: Path, path: str) -> NoteRows | None:
    """A note's rows; ``None`` when the file is gone. The stamp is taken before reading, so a
    change while reading leaves a stamp that differs from the file's: read again next time."""
    absolute = root / path
    stamp = stamp_of(absolute)
    if stamp is None:
        return None
    if stamp.mtime_ns > time.time_ns() - RACY_NS:
        stamp = FileStamp(stamp.size, -1)
    try:
        data, size = read_note_bytes(absolute)
    except FileNotFoundError:
        return None
    except OSError:  # unreadable now (permissions): read again next time
        return NoteRows(path, FileStamp(stamp.size, -1), readable_stem(absolute), "", [])
    note = note_from_bytes(data, absolute, root, size)
    tags = note.properties.get("tags", note.properties.get("tag", ""))
    tags = " ".join(tag.strip().lstrip("#") for tag in tags.replace(",", " ").split())
    rows: list[Row] = []
    for passage in passages_of(note):
        for start, text, times in chunks(passage):
            unspaced = None if text.isascii() or not UNSPACED.search(text) else text
            spaced, shown = indexed(UNSPACED.sub(" ", text) if unspaced else text)
            if unspaced:
                shown = None  # shown from the trigram table's copy
            section = passage.section or ""
            rows.append((spaced, passage.index, start, section, times, shown, unspaced))
    return NoteRows(path, stamp, note.title, tags, rows)


def indexed(text: str) -> tuple[str, str | None]:
    """What the ``unicode61`` table indexes of ``text``, and ``text`` itself when that is not
    it (where folding changes only the case, SQLite folds it alike: the text itself is
    indexed)."""
    if text.isascii():
        return text, None
    folded = fold(text)
    return (text, None) if folded == text.lower() else (folded, text)


def chunks(passage: Passage) -> Iterator[tuple[int, str, str]]:
    """``(start, text, timestamps JSON)`` of each stored piece of a passage."""
    text = passage.text
    stamps = passage.timestamps
    if len(text) <= CHUNK_CHARS:
        yield 0, text, times_text(stamps, passage.before)
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            space = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = space if space > 0 else end
        inside = [(at - start, m) for at, m in stamps if start <= at <= end]
        after = next(((end - start, m) for at, m in stamps if at > end), None)
        earlier = [m for at, m in stamps if at < start]
        fallback = earlier[-1] if earlier else passage.before
        own = inside + ([after] if after else [])
        yield start, text[start:end], times_text(tuple(own), fallback)
        start = end


def times_text(stamps: Sequence[tuple[int, Moment]], before: Moment | None) -> str:
    """Timestamps as stored: ``offset seconds label`` joined by ``;`` (a few times faster than
    JSON, and a row is written for every passage), or JSON where a label would not survive."""
    if not stamps:
        if before is None:
            return ""
        stamps = ((0, before),)
    text = ";".join(f"{at} {moment.seconds!r} {moment.label}" for at, moment in stamps)
    if text.count(";") != len(stamps) - 1 or text.count(" ") != 2 * len(stamps) or "\n" in text:
        return "[" + json.dumps([[at, m.seconds, m.label] for at, m in stamps])
    return text


def read_times(text: str) -> list[tuple[int, Moment]]:
    if not text:
        return []
    if text.startswith("["):
        rows = json.loads(text[1:])
        return [(int(at), Moment(float(seconds), str(label))) for at, seconds, label in rows]
    found = []
    for item in text.split(";"):
        at, seconds, label = item.split(" ")
        found.append((int(at), Moment(float(seconds), label)))
    return found
