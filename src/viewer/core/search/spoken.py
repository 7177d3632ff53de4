"""What a note's transcripts become in the search index: cues, grouped into passages.

A cue is already a moment: its words were said from its start. Cues are short (a line of
captions, a second or two; a rolling auto-caption line is a few words), and a phrase is often
said across two of them, so the index keeps consecutive cues together, about
:data:`PASSAGE_CHARS` characters at a time (half a minute of speech, as long as a note's
paragraph): words side by side are found in one such passage, as in a note's. Each row keeps
where each of its cues starts in its text and when it was said (:func:`cue_times`), so a hit
is the cue its first word is in, and plays from that cue's start.

Every transcript file of a note is indexed, each language's: a reader searches in the
language the words were said or written in, and the folder holds only the files the reader
downloaded. The files and their stamps are kept with the note (:class:`TranscriptFiles`), so a
file that changes, appears or goes has its note's transcript rows read again, and only those.
What a file holds that cannot be read is said in a sentence (:attr:`TranscriptFiles.problems`)
and skipped; the rest of it, and of the build, goes on.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.fold import fold
from viewer.core.note import Note
from viewer.core.note_table import FileStamp
from viewer.core.search.query import UNSPACED
from viewer.core.search.rows import Row, settled, stamp_of
from viewer.core.transcripts import Transcript, read_transcript, transcript_files

#: About how much text of consecutive cues one row holds.
PASSAGE_CHARS = 320
#: A transcript passage holds no more cues than this (a file of one-word cues).
PASSAGE_CUES = 64


@dataclass(frozen=True, slots=True)
class SpokenFile:
    """A transcript file as it was read: folder-relative path, language, size and time."""

    path: str
    language: str | None
    stamp: FileStamp


@dataclass(slots=True)
class TranscriptFiles:
    """A note's transcript files and their rows (in the order of the files)."""

    files: list[SpokenFile] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    #: What could not be read, in sentences naming the file.
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The files as the ``notes`` table keeps them: one a line, tab-separated."""
        return "\n".join(
            f"{file.path}\t{file.language or ''}\t{file.stamp.size}\t{file.stamp.mtime_ns}"
            for file in self.files
        )

    @classmethod
    def parse(cls, text: str) -> TranscriptFiles:
        files = []
        for line in text.split("\n") if text else ():
            path, language, size, mtime_ns = line.rsplit("\t", 3)
            files.append(SpokenFile(path, language or None, FileStamp(int(size), int(mtime_ns))))
        return cls(files)

    def same_files(self, other: TranscriptFiles) -> bool:
        return self.files == other.files


def find_transcripts(
    note: Note, root: Path, names: Iterable[str]
) -> tuple[list[SpokenFile], list[str]]:
    """The transcript files of ``note`` with their stamps now, and why a named one is not
    used; ``names`` are the folder's subtitle files that may be its (by their names)."""
    found, problems = transcript_files(note, root, list(names))
    files = []
    for file in found:
        try:
            relative = file.path.relative_to(root).as_posix()
        except ValueError:
            continue  # not in the folder: not the folder's to search
        stamp = stamp_of(file.path)
        if stamp is not None:
            files.append(SpokenFile(relative, file.language, settled(stamp)))
    return files, problems


def read_transcripts(root: Path, files: list[SpokenFile]) -> TranscriptFiles:
    """The rows of a note's transcript files (read now), numbered by file."""
    read = TranscriptFiles(list(files))
    for number, file in enumerate(files):
        transcript = read_transcript(root / file.path, file.language)
        read.problems.extend(f"{file.path}: {problem}" for problem in transcript.problems)
        read.rows.extend(transcript_rows(transcript, number))
    return read


def transcript_rows(transcript: Transcript, file_number: int) -> list[Row]:
    """The rows of one transcript: consecutive cues, about :data:`PASSAGE_CHARS` at a time."""
    rows: list[Row] = []
    cues = transcript.cues
    first = 0
    while first < len(cues):
        texts: list[str] = []
        times: list[float] = []
        length = 0
        end = first
        while end < len(cues) and length < PASSAGE_CHARS and end - first < PASSAGE_CUES:
            cue = cues[end]
            text = cue.text.replace("\n", " ") if "\n" in cue.text else cue.text
            times.append(length)
            times.append(cue.start)
            texts.append(text)
            length += len(text) + 1
            end += 1
        rows.append(_row(" ".join(texts), file_number, first, array("d", times).tobytes()))
        first = end
    return rows


def _row(text: str, file_number: int, first_cue: int, times: bytes) -> Row:
    # The times go in the section's column, as bytes: a row per half minute of every
    # transcript is written, and packing them is one call.
    if text.isascii():
        return (text, file_number, first_cue, -1, -1, times, None, None)
    unspaced = text if UNSPACED.search(text) else None
    spaced = UNSPACED.sub(" ", text) if unspaced else text
    folded = fold(spaced)
    shown = None if unspaced or folded == spaced.lower() else spaced
    indexed = spaced if shown is None else folded
    return (indexed, file_number, first_cue, -1, -1, times, shown, unspaced)


def cue_times(packed: bytes) -> tuple[list[int], list[float]]:
    """Where each cue of a row starts in its text, and when it was said."""
    values = array("d")
    values.frombytes(packed)
    return [int(at) for at in values[0::2]], list(values[1::2])
