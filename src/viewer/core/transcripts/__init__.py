"""Transcripts: the words said in a note's video, read from the subtitle files beside it.

:mod:`.finding` says which files belong to a note; :mod:`.reading` reads one into a
:class:`Transcript` of cues.
"""

from viewer.core.transcripts.cues import Cue, Transcript
from viewer.core.transcripts.finding import (
    SUFFIXES,
    TranscriptFile,
    choose_file,
    find_subtitles,
    is_transcript_file,
    subtitles_of,
    transcript_files,
)
from viewer.core.transcripts.reading import parse_transcript, read_transcript

__all__ = [
    "SUFFIXES",
    "Cue",
    "Transcript",
    "TranscriptFile",
    "choose_file",
    "find_subtitles",
    "is_transcript_file",
    "parse_transcript",
    "read_transcript",
    "subtitles_of",
    "transcript_files",
]
