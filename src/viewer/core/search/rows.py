"""What a note becomes in the search index: one row per passage, or per piece of a long one.

A row holds the passage's plain text (text of unspaced scripts blanked in the ``unicode61``
copy, kept whole for the ``trigram`` one), its index and section, where its piece starts, and
its timestamps packed as text (:func:`times_text`), so that a hit's offset maps to a moment.

The ``unicode61`` copy is folded as the search box folds what is typed
(:mod:`viewer.core.fold`): SQLite's own folding keeps ``ß``, ligatures and wide forms that a
query's words no longer have, so ``Straße`` would not find ``Straße``. Where folding changes
more than the case, the row keeps the text as written beside it, to show (:func:`indexed`).

Reading is the build's cost, so it takes the short way where it can and the full one where it
must, with the same result: the passages of a plain body are read by
:mod:`viewer.core.search.plain_notes`, any other by :mod:`viewer.core.passages`; the front
matter's title and tags are read from their own entries (:func:`viewer.core.flat_yaml.load`),
and only a note whose front matter is not flat, or whose transcripts are looked for, is read
whole (:func:`viewer.core.note.parse_note`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from viewer.core import flat_yaml
from viewer.core.fold import fold
from viewer.core.note import Note, parse_note, readable_stem, without_title_heading
from viewer.core.note_table import FileStamp
from viewer.core.passages import Moment
from viewer.core.search.plain_notes import (
    MARK,
    VALUE_SEPARATOR,
    Marked,
    marked_passages,
    stamp_at,
    unmark,
)
from viewer.core.search.query import UNSPACED
from viewer.core.text import decode, read_note_bytes, without_code
from viewer.core.timecode import is_video_id, note_uses_true_hours, parse_remembered, resolve
from viewer.core.video import youtube_id

#: Longest piece of a passage stored in one row (cut between words).
CHUNK_CHARS = 2000
#: Rows per note: a note's rowids are ``id << ROWID_BITS`` plus the row's number.
ROWID_BITS = 20
#: Rows of a note's transcripts are numbered from here (:data:`ROWID_BITS` less one bit), so
#: whether a row is a note's or its transcript's is one bit of its rowid.
TRANSCRIPT_BIT = 1 << (ROWID_BITS - 1)
#: A file changed less than this long ago is indexed with no stamp, so it is read again next
#: time (it may change again within the same tick of a coarse clock; see index_cache.RACY_NS).
RACY_NS = 2_000_000_000
#: The front matter keys that say where a note's transcript is (its video, or a file named).
TRANSCRIPT_KEYS = ("video", "transcript", "subtitles")


#: A row: (the text indexed, with :data:`~viewer.core.search.plain_notes.MARK` where each
#: timestamp stands; the passage's index; where the row starts in the passage's text; the
#: note's timestamp that is the row's first, and its passage's last (-1: none); the section,
#: the text as written when it differs from the text indexed or None, the text for the trigram
#: table or None). A transcript's rows hold other things: see :mod:`viewer.core.search.spoken`.
Row = tuple[str, int, int, int, int, str | bytes, str | None, str | None]


@dataclass(slots=True)
class NoteRows:
    path: str
    stamp: FileStamp
    title: str
    tags: str
    rows: list[Row]
    #: The note's timestamps, as :func:`moment_of` reads them: labels joined by newlines.
    stamps: str = ""
    #: Its three-field times are true hours (:class:`viewer.core.timecode.Convention`).
    true_hours: bool = False
    #: The note's YouTube id, as a transcript file's name holds it (or None).
    video_id: str | None = None
    #: Its front matter names a video or a transcript file: its transcripts are looked for
    #: again whenever the folder's subtitle files change.
    named: bool = False
    #: The note as read whole, when its transcripts are to be found.
    note: Note | None = None
    #: The index did not hold the note when the build began.
    new: bool = False


def stamp_of(path: Path) -> FileStamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return FileStamp(info.st_size, info.st_mtime_ns)


def settled(stamp: FileStamp) -> FileStamp:
    """``stamp`` as the index keeps it: with no time if the file changed a moment ago, so it
    is read again next time (:data:`RACY_NS`)."""
    if stamp.mtime_ns > time.time_ns() - RACY_NS:
        return FileStamp(stamp.size, -1)
    return stamp


def read_note(root: Path, path: str, subtitle_ids: frozenset[str] | None = None) -> NoteRows | None:
    """A note's rows; ``None`` when the file is gone. The stamp is taken before reading, so a
    change while reading leaves a stamp that differs from the file's: read again next time.

    ``subtitle_ids`` are the ids the folder's subtitle files name (:func:`name_ids`), ``None``
    when it has none: a note that may have a transcript among them is read whole, and
    :attr:`NoteRows.note` is set.
    """
    absolute = root / path
    stamp = stamp_of(absolute)
    if stamp is None:
        return None
    stamp = settled(stamp)
    try:
        data, size = read_note_bytes(absolute)
    except FileNotFoundError:
        return None
    except OSError:  # unreadable now (permissions): read again next time
        return NoteRows(path, FileStamp(stamp.size, -1), readable_stem(absolute), "", [])
    text = decode(data, size).text
    quick = _front_fields(text)
    if quick is not None:
        fields, keys, body = quick
        video_id = _plain_video_id(fields)
        named = any(key in keys for key in TRANSCRIPT_KEYS)
        # A video named otherwise than by videoId is read with the whole front matter.
        whole = "video" in keys or (
            subtitle_ids is not None and (named or video_id in subtitle_ids)
        )
    if quick is None or whole:
        note = parse_note(text, absolute, root)
        named = _names_transcript(note)
        tags = _tags(note.properties)
        video_id = youtube_id(note.video)
        rows, stamps, hours = _rows(marked_passages(note.body, video_id))
        kept = note if subtitle_ids is not None else None  # no subtitle file may be its
        return NoteRows(path, stamp, note.title, tags, rows, stamps, hours, video_id, named, kept)
    title = _title(fields, body, absolute)
    body = without_title_heading(body, title)
    tags = _tags({key: _show(value) for key, value in fields.items()})
    rows, stamps, hours = _rows(marked_passages(body, video_id))
    return NoteRows(path, stamp, title, tags, rows, stamps, hours, video_id, named)


def _names_transcript(note: Note) -> bool:
    """Whether a note's transcript is found otherwise than by its YouTube id in a file name."""
    video = note.video
    return (
        (video is not None and video.kind != "youtube")
        or "transcript" in note.properties
        or "subtitles" in note.properties
    )


# The front matter's title and tags

_HANDLER = YAMLHandler()
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:")
_WANTED = frozenset({"title", "tags", "tag", "videoId"})
_FIRST_HEADING = re.compile(r"^#[ \t]+(.+)$", re.MULTILINE)
_MAX_PROPERTY_CHARS = 500


def _front_fields(text: str) -> tuple[dict[str, Any], set[str], str] | None:
    """The title, tags and videoId entries of the front matter as PyYAML reads them, the
    front matter's keys, and the body; ``None`` when only the whole front matter's reading
    (:func:`viewer.core.front_matter.read_front_matter`) can tell."""
    if not _HANDLER.detect(text):
        return {}, set(), text
    try:
        raw, body = _HANDLER.split(text)
    except ValueError:
        return None
    keys: set[str] = set()
    entries: list[str] = []
    taking = False
    for line in raw.split("\n"):
        if line[:1] not in (" ", "-", "") and (match := _KEY.match(line)):
            keys.add(match.group(1))
            taking = match.group(1) in _WANTED
        if taking:
            entries.append(line)
    fields = flat_yaml.load("\n".join(entries)) if entries else {}
    if fields is None:
        return None
    return fields, keys, body


def _plain_video_id(fields: dict[str, Any]) -> str | None:
    """The YouTube id ``videoId`` names (:func:`viewer.core.video.video_from_front_matter`)."""
    value = fields.get("videoId")
    if isinstance(value, str) and is_video_id(value.strip()):
        return value.strip()
    return None


def _title(fields: dict[str, Any], body: str, path: Path) -> str:
    """As :func:`viewer.core.note.parse_note` reads a title from flat front matter."""
    value = fields.get("title")
    if isinstance(value, str) and value.strip():
        return value.strip()
    for heading in _FIRST_HEADING.finditer(without_code(body)):
        if text := heading.group(1).rstrip(" \t#").strip():
            return text
    return readable_stem(path)


def _show(value: Any) -> str:
    """A flat front matter value as the note shows it (text, or a list of texts)."""
    text = ", ".join(map(str, value[:50])) if isinstance(value, list) else value or ""
    return text if len(text) <= _MAX_PROPERTY_CHARS else text[: _MAX_PROPERTY_CHARS - 1] + "…"


def _tags(properties: dict[str, str]) -> str:
    tags = properties.get("tags", properties.get("tag", ""))
    return " ".join(tag.strip().lstrip("#") for tag in tags.replace(",", " ").split())


def name_ids(names: Sequence[str]) -> frozenset[str]:
    """The ids subtitle files' names may hold: every run of letters, digits, ``-`` and ``_``
    in each name (yt-dlp's ``Title [VIDEOID].en.vtt``, ``VIDEOID.en.vtt``)."""
    return frozenset(run for name in names for run in _RUN.findall(name.rsplit("/", 1)[-1]))


_RUN = re.compile(r"[A-Za-z0-9_-]+")


# Rows


def _rows(marked: Marked) -> tuple[list[Row], str, bool]:
    """The rows of a note's passages, its timestamps as stored (labels joined by newlines),
    and whether its three-field times are true hours (:class:`viewer.core.timecode.Convention`).
    """
    rows: list[Row] = []
    section = ""
    taken = 0  # timestamps in the passages before
    for index, (kind, text) in enumerate(marked.passages):
        marks = text.count(MARK) if MARK in text else 0
        last = taken + marks - 1
        if kind == "heading":
            section = unmark(text)[0]
        if len(text) > CHUNK_CHARS:
            rows.extend(_pieces(text, index, taken, last, section))
        elif text.isascii():
            rows.append((text, index, 0, taken, last, section, None, None))
        else:
            rows.append(_row(text, index, 0, taken, last, section))
        taken += marks
    true_hours = note_uses_true_hours(marked.values)
    return rows, "\n".join(marked.labels), true_hours


def _pieces(text: str, index: int, first: int, last: int, section: str) -> Iterator[Row]:
    """The rows of a long passage: pieces of about :data:`CHUNK_CHARS`, cut between words."""
    plain, offsets = unmark(text)
    start = 0
    while start < len(plain):
        end = min(len(plain), start + CHUNK_CHARS)
        if end < len(plain):
            space = plain.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = space if space > 0 else end
        before = stamp_at(offsets, start)
        inside = [at - start for at in offsets[before:] if at <= end]
        piece = plain[start:end]
        for at in reversed(inside):
            piece = piece[:at] + MARK + piece[at:]
        yield _row(piece, index, start, first + before, last, section)
        start = end


def _row(text: str, index: int, start: int, first: int, last: int, section: str) -> Row:
    if text.isascii():
        return (text, index, start, first, last, section, None, None)
    unspaced = text if UNSPACED.search(text) else None
    spaced, shown = indexed(UNSPACED.sub(" ", text) if unspaced else text)
    if unspaced:
        shown = None  # shown from the trigram table's copy
    return (spaced, index, start, first, last, section, shown, unspaced)


def moment_of(
    offsets: list[int], offset: int, first: int, last: int, stamps: list[str], true_hours: bool
) -> Moment | None:
    """The moment the text at ``offset`` of a row belongs to (docs/FORMAT.md): the row's
    timestamps stand at ``offsets``, and are the note's ``first`` on; its passage's last is
    the note's ``last``; before the row's first, the passage's earlier ones or the note's."""
    number = min(first + stamp_at(offsets, offset), last)
    if number < 0 or number >= len(stamps):
        return None
    label, separator, written = stamps[number].partition(VALUE_SEPARATOR)
    value = parse_remembered(written if separator else label)
    if value is None:
        return None
    return Moment(resolve(value, true_hours=true_hours), label)


def indexed(text: str) -> tuple[str, str | None]:
    """What the ``unicode61`` table indexes of ``text``, and ``text`` itself when that is not
    it (where folding changes only the case, SQLite folds it alike: the text itself is
    indexed)."""
    if text.isascii():
        return text, None
    folded = fold(text)
    return (text, None) if folded == text.lower() else (folded, text)
