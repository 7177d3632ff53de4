"""Transcripts: the words said in a note's video, read from the subtitle files beside it.

:mod:`.finding` says which files belong to a note and in which language; :mod:`.reading`
reads one into a :class:`Transcript` of cues (:mod:`.webvtt` and :mod:`.srt` read the two
formats, :mod:`.speech` makes auto-captions read as speech).
"""

from viewer.core.transcripts.cues import Cue, Transcript
from viewer.core.transcripts.finding import (
    SUFFIXES,
    TranscriptFile,
    choose_file,
    find_subtitles,
    is_transcript_file,
    language_of,
    subtitles_of,
    system_languages,
    transcript_files,
    video_id_of,
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
    "language_of",
    "parse_transcript",
    "read_transcript",
    "subtitles_of",
    "system_languages",
    "transcript_files",
    "video_id_of",
]
