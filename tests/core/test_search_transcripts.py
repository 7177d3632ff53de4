"""What was said, searched: a note's transcripts in the folder's index, ``in:``, and keeping
them current as their files change, come and go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core.conftest import WriteNote
from viewer.core.search import QueryError, SearchIndex
from viewer.core.search.query import NOTES, TRANSCRIPT
from viewer.core.search.spoken import PASSAGE_CHARS

VIDEO_ID = "AbCdEfGhIjK"
OTHER_ID = "ZyXwVuTsRqP"
#: A file time long past: the index keeps such a stamp, and reads the file again only when
#: it changes (a file changed a moment ago is read again on every build, in case it changes
#: again within the same tick of the clock).
PAST = 1_700_000_000


def ts(value: str) -> str:
    return f'<a class="yt-timestamp" data-t="{value}">[{value}]</a>'


def vtt(*cues: tuple[str, str, str]) -> str:
    blocks = [f"{start} --> {end}\n{text}" for start, end, text in cues]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


TALK = vtt(
    ("00:00:01.000", "00:00:03.000", "so today we are going to talk"),
    ("00:00:03.000", "00:00:06.500", "about the famous router and its queues"),
    ("00:01:02.000", "00:01:05.000", "wombats dig burrows"),
)


def settle(*paths: Path) -> None:
    """Give files a time long past (see :data:`PAST`)."""
    for path in paths:
        os.utime(path, (PAST, PAST))


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def talk(notes_dir: Path, write: WriteNote) -> Path:
    """A YouTube note, and its transcript as yt-dlp names it, in a folder of its own."""
    note = write(
        "talks/talk.md",
        f"---\ntitle: A talk\nvideoId: {VIDEO_ID}\n---\n\nOur notes on routers {ts('00:10')}.\n",
    )
    subtitles = write(f"transcripts/The Talk [{VIDEO_ID}].en.vtt", TALK)
    settle(note, subtitles)
    return subtitles


def said(index: SearchIndex, query: str) -> list[tuple[str, str, float | None, int | None]]:
    return [(hit.path, hit.source, hit.seconds, hit.cue) for hit in index.search(query).hits]


def test_a_cue_is_a_moment_of_its_note(notes_dir: Path, cache: Path, talk: Path) -> None:
    with SearchIndex(notes_dir, cache) as index:
        report = index.build()
        assert (report.indexed, report.transcripts, report.problems) == (1, 1, [])
        (hit,) = index.search("burrows").hits
        # The note's hit: its path is the note's, its time the cue's start, its snippet the words.
        assert (hit.path, hit.title, hit.source) == ("talks/talk.md", "A talk", TRANSCRIPT)
        assert (hit.seconds, hit.label, hit.cue) == (62.0, "1:02", 2)
        assert hit.transcript == f"transcripts/The Talk [{VIDEO_ID}].en.vtt"
        assert hit.passage is None and hit.in_text
        start, end = hit.snippet.spans[0]
        assert hit.snippet.text[start:end] == "burrows"
        # Words said across two cues are found as a phrase; the hit is the cue they start in.
        assert said(index, '"talk about the famous"') == [("talks/talk.md", TRANSCRIPT, 1.0, 0)]
        assert said(index, "queues") == [("talks/talk.md", TRANSCRIPT, 3.0, 1)]
        # The note's own text is a note hit, with the note's timestamp.
        assert said(index, "routers") == [("talks/talk.md", NOTES, 10.0, None)]
        grouped = index.search("router OR routers", 10, by_note=True)
        assert grouped.note_hits == {"talks/talk.md": 2}


def test_every_language_and_a_local_videos_subtitles(
    notes_dir: Path, cache: Path, talk: Path, write: WriteNote
) -> None:
    japanese = vtt(("00:00:02.000", "00:00:04.000", "今日はルーターの話をします"))
    write(f"transcripts/The Talk [{VIDEO_ID}].ja.vtt", japanese)
    write(
        f"{VIDEO_ID}.de.srt", "1\n00:00:05,000 --> 00:00:07,000\nHeute sprechen wir über Router\n"
    )
    write("clips/clock.md", "---\ntitle: Clock\nvideo: clock.mp4\n---\n\nA clock.\n")
    write("clips/clock.mp4", b"\x00\x00\x00\x18ftypmp42")
    write("clips/clock.vtt", vtt(("00:00:02.000", "00:00:04.000", "the first cue ticks")))
    with SearchIndex(notes_dir, cache) as index:
        assert index.build().transcripts == 4
        assert said(index, "ルーター") == [("talks/talk.md", TRANSCRIPT, 2.0, 0)]
        assert said(index, "sprechen") == [("talks/talk.md", TRANSCRIPT, 5.0, 0)]
        assert said(index, "ticks") == [("clips/clock.md", TRANSCRIPT, 2.0, 0)]
        files = {hit.transcript for hit in index.search("router OR ルーター OR Router").hits}
        assert files == {
            f"transcripts/The Talk [{VIDEO_ID}].en.vtt",
            f"transcripts/The Talk [{VIDEO_ID}].ja.vtt",
            f"{VIDEO_ID}.de.srt",
        }


def test_in_notes_and_in_transcript(notes_dir: Path, cache: Path, talk: Path) -> None:
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        both = {(hit.source, hit.seconds) for hit in index.search("router OR routers").hits}
        assert both == {(NOTES, 10.0), (TRANSCRIPT, 3.0)}
        for query, source in (
            ("router OR routers in:notes", NOTES),
            ("in:note router OR routers", NOTES),
            ("router OR routers -in:transcript", NOTES),
            ("router OR routers in:transcript", TRANSCRIPT),
            ("IN:Transcripts router OR routers", TRANSCRIPT),
            ("router OR routers -in:notes", TRANSCRIPT),
        ):
            assert {hit.source for hit in index.search(query).hits} == {source}, query
            assert index.count(query).hits == 1, query
            assert {h.source for h in index.search(query, by_note=True).hits} == {source}
        assert index.search("routers in:transcript").hits == ()
        assert index.count("router OR routers in:notes in:transcript").hits == 2
        # With title: and with a mixed query (spaced and unspaced words: rowid sets).
        assert said(index, "router title:talk in:transcript") == [
            ("talks/talk.md", TRANSCRIPT, 3.0, 1)
        ]
        assert index.search("router title:other").hits == ()
        assert said(index, "東京 OR router in:transcript") == [
            ("talks/talk.md", TRANSCRIPT, 3.0, 1)
        ]
        assert said(index, "東京 OR router in:notes") == []


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        (
            "router in:videos",
            "'in:videos' is not a place to search: use in:notes or in:transcript.",
        ),
        ("router in:", "'in:' needs something after it, like in:notes."),
        ("in:transcript", "Say which words to find there, as in in:transcript lstm."),
        ("tag:ai in:notes", "Say which words to find there, as in in:transcript lstm."),
        ("router OR in:notes", "in: cannot be one side of OR; it says where to search."),
        ("in:notes OR router", "in: cannot be one side of OR; it says where to search."),
        (
            "router in:notes -in:notes",
            "The search leaves out both notes and transcripts; keep one of them.",
        ),
    ],
)
def test_a_place_that_is_not_one_gets_a_sentence(
    notes_dir: Path, cache: Path, query: str, sentence: str
) -> None:
    with SearchIndex(notes_dir, cache) as index, pytest.raises(QueryError) as raised:
        index.search(query)
    assert str(raised.value) == sentence


def test_a_transcript_changed_added_or_removed_is_read_again_alone(
    notes_dir: Path, cache: Path, talk: Path, write: WriteNote
) -> None:
    other = write("other.md", f"---\nvideoId: {OTHER_ID}\n---\n\nAnother talk.\n")
    plain = write("plain.md", "No video here.\n")
    settle(other, plain)
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        assert said(index, "wombats")[0][:2] == ("talks/talk.md", TRANSCRIPT)
        # Nothing changed: nothing is read.
        report = index.build()
        assert (report.indexed, report.transcripts, report.removed) == (0, 0, 0)

        # The file changes: its note's transcript is read again, not the note.
        talk.write_text(vtt(("00:00:09.000", "00:00:11.000", "echidnas instead")), "utf-8")
        settle(talk)
        report = index.build()
        assert (report.indexed, report.transcripts) == (0, 1)
        assert said(index, "wombats") == []
        assert said(index, "echidnas") == [("talks/talk.md", TRANSCRIPT, 9.0, 0)]
        assert said(index, "routers") == [("talks/talk.md", NOTES, 10.0, None)]

        # A file for another note appears: that note's transcript is read, no note is.
        added = write(f"{OTHER_ID}.en.vtt", vtt(("00:00:04.000", "00:00:05.000", "platypus")))
        settle(added)
        report = index.build()
        assert (report.indexed, report.transcripts) == (0, 1)
        assert said(index, "platypus") == [("other.md", TRANSCRIPT, 4.0, 0)]

        # The note changes but not its transcript: the transcript's rows are kept as they are.
        other.write_text(f"---\nvideoId: {OTHER_ID}\n---\n\nAnother talk, edited.\n", "utf-8")
        settle(other)
        report = index.build()
        assert (report.indexed, report.transcripts) == (1, 0)
        assert said(index, "platypus") == [("other.md", TRANSCRIPT, 4.0, 0)]
        assert said(index, "edited") == [("other.md", NOTES, None, None)]

        # The note names another video: the file is no longer its.
        other.write_text(f"---\nvideoId: {VIDEO_ID[::-1]}\n---\n\nAnother talk.\n", "utf-8")
        settle(other)
        assert index.build().indexed == 1
        assert said(index, "platypus") == []

        # The file goes: its note's transcript rows go with it.
        talk.unlink()
        report = index.build()
        assert (report.indexed, report.removed) == (0, 0)
        assert said(index, "echidnas") == []
        # The note goes: with its transcript's rows.
        write("again.vtt", vtt(("00:00:01.000", "00:00:02.000", "echidnas")))
        assert said(index, "routers") == [("talks/talk.md", NOTES, 10.0, None)]
        (notes_dir / "talks" / "talk.md").unlink()
        assert index.build().removed == 1
        assert index.search("routers OR echidnas OR wombats").hits == ()


def test_update_of_a_subtitle_file_brings_its_note_along(
    notes_dir: Path, cache: Path, talk: Path
) -> None:
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        talk.write_text(vtt(("00:00:07.000", "00:00:08.000", "numbats")), "utf-8")
        settle(talk)
        assert index.update(talk.relative_to(notes_dir).as_posix())
        assert said(index, "numbats") == [("talks/talk.md", TRANSCRIPT, 7.0, 0)]
        assert not index.update("transcripts/elsewhere.txt")


def test_a_damaged_transcript_is_said_and_the_rest_is_read(
    notes_dir: Path, cache: Path, talk: Path, write: WriteNote
) -> None:
    talk.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nfirst words\n\n"
        "00:00:09.000 --> 00:00:04.000\nbackwards\n\nnot a cue at all\n\n"
        "00:00:12.000 --> 00:00:13.000\nlast words\n",
        "utf-8",
    )
    write("broken.md", "---\ntitle: Broken\nvideo: broken.mp4\n---\n\nA broken clip.\n")
    write("broken.mp4", b"\x00")
    write("broken.vtt", b"\x00\x01\x02\xff binary, not a subtitle file")
    write("later.md", "A note read after them.\n")
    with SearchIndex(notes_dir, cache) as index:
        report = index.build()
        assert not report.cancelled
        assert report.indexed == 3
        # Each file's problems as its reader words them, after the file's name.
        named = f"transcripts/The Talk [{VIDEO_ID}].en.vtt: "
        # Read as WebVTT reads: a block without a time is passed over and a cue that ends
        # before it starts is kept, as browsers do; nothing there to complain of.
        assert not [problem for problem in report.problems if problem.startswith(named)]
        assert [problem for problem in report.problems if problem.startswith("broken.vtt: ")]
        assert said(index, "last") == [("talks/talk.md", TRANSCRIPT, 12.0, 2)]  # the third cue
        assert [hit[2] for hit in said(index, "backwards")] == [9.0]
        assert said(index, "read after") == [("later.md", NOTES, None, None)]
        assert index.take_notices() == []


def test_a_long_transcript_is_passages_of_a_half_minute(
    notes_dir: Path, cache: Path, talk: Path
) -> None:
    cues = [
        (f"00:{n // 60:02d}:{n % 60:02d}.000", f"00:{n // 60:02d}:{n % 60:02d}.900", f"word{n} x")
        for n in range(600)
    ]
    talk.write_text(vtt(*cues), "utf-8")
    with SearchIndex(notes_dir, cache) as index:
        index.build()
        for n in (0, 1, 299, 599):
            assert said(index, f"word{n}") == [("talks/talk.md", TRANSCRIPT, float(n), n)]
        counts = index.count("x")
        # Every cue is found, a row holds about PASSAGE_CHARS of them: fewer hits than cues.
        assert counts.notes == 1
        assert 600 * 8 // PASSAGE_CHARS <= counts.hits < 600 // 10
