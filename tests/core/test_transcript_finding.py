"""Which transcript files belong to a note, their languages, and which one is shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core.conftest import WriteNote
from viewer.core.folder import NotesFolder
from viewer.core.index_cache import IndexCache
from viewer.core.note import load_note
from viewer.core.transcripts import (
    TranscriptFile,
    choose_file,
    language_of,
    system_languages,
    transcript_files,
    video_id_of,
)

VTT = "WEBVTT\n\n00:01.000 --> 00:02.000\nhello\n"
ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        (f"Talk [{ID}].en.vtt", "en"),
        (f"Talk [{ID}].en-orig.vtt", "en-orig"),
        (f"Talk [{ID}].ja.srt", "ja"),
        (f"{ID}.pt-BR.vtt", "pt-BR"),
        ("talk.zh-Hans.vtt", "zh-Hans"),
        ("talk.vtt", None),
        (f"Talk [{ID}].vtt", None),
        ("Dr. Smith on soil.vtt", None),
        ("lecture.final.srt", None),
        ("lecture.v2.srt", None),
        ("transcripts/talk.en.VTT", "en"),
    ],
)
def test_the_language_is_the_part_between_the_stem_and_the_extension(
    name: str, language: str | None
) -> None:
    assert language_of(name) == language


@pytest.mark.parametrize(
    ("name", "video_id"),
    [
        (f"Talk [{ID}].en.vtt", ID),
        (f"[Live] Talk [abc] [{ID}].en.vtt", ID),  # the title's own brackets come first
        (f"Talk [{ID}] [xxxxxxxxxxx].vtt", "xxxxxxxxxxx"),  # the last one counts
        (f"{ID}.en.vtt", ID),
        (f"sub/{ID}.srt", ID),
        ("talk.en.vtt", None),
        ("Talk [short].vtt", None),
    ],
)
def test_a_file_is_named_for_the_youtube_id_last_in_brackets_or_first(
    name: str, video_id: str | None
) -> None:
    assert video_id_of(name) == video_id


def youtube_note(write: WriteNote, name: str = "talk.md", extra: str = "") -> Path:
    return write(name, f"---\ntitle: Talk\nvideoId: {ID}\n{extra}---\nBody.\n")


def files_of(root: Path, note: Path) -> tuple[list[tuple[str, str | None]], list[str]]:
    folder = NotesFolder.open(root)
    found, problems = transcript_files(load_note(note, root), root, folder.subtitle_files)
    return [(file.path.relative_to(root).as_posix(), file.language) for file in found], problems


def test_a_youtube_notes_files_are_found_anywhere_in_the_folder_by_its_id(
    write: WriteNote, notes_dir: Path
) -> None:
    note = youtube_note(write)
    for name in (
        f"transcripts/Talk [{ID}].en.vtt",
        f"transcripts/Talk [{ID}].ja.vtt",
        f"transcripts/Talk [{ID}].en-orig.vtt",
        f"deep/{ID}.de.srt",
        "transcripts/Other [aaaaaaaaaaa].en.vtt",
        f"transcripts/Not [{ID}] but [bbbbbbbbbbb].en.vtt",
        f"transcripts/x{ID}.en.vtt",
        ".hidden/{ID}.en.vtt",
    ):
        write(name, VTT)
    assert files_of(notes_dir, note) == (
        [
            (f"deep/{ID}.de.srt", "de"),
            (f"transcripts/Talk [{ID}].en-orig.vtt", "en-orig"),
            (f"transcripts/Talk [{ID}].en.vtt", "en"),
            (f"transcripts/Talk [{ID}].ja.vtt", "ja"),
        ],
        [],
    )


def test_a_local_videos_files_have_its_stem_in_every_language(
    write: WriteNote, notes_dir: Path
) -> None:
    write("media/talk.mp4", b"")
    note = write("talk.md", "---\nvideo: media/talk.mp4\n---\n")
    for name in ("talk.vtt", "talk.en.vtt", "talk.ja.SRT", "talk2.vtt", "talk.final.vtt"):
        write(f"media/{name}", VTT)
    write("talk.vtt", VTT)  # beside the note, not the video
    assert files_of(notes_dir, note) == (
        [("media/talk.en.vtt", "en"), ("media/talk.ja.SRT", "ja"), ("media/talk.vtt", None)],
        [],
    )


def test_a_link_beside_the_video_that_leads_out_of_the_folder_is_not_used(
    write: WriteNote, notes_dir: Path, tmp_path: Path
) -> None:
    write("media/talk.mp4", b"")
    note = write("talk.md", "---\nvideo: media/talk.mp4\n---\n")
    (tmp_path / "secret.vtt").write_text(VTT)
    os.symlink(tmp_path / "secret.vtt", notes_dir / "media" / "talk.en.vtt")
    assert files_of(notes_dir, note) == ([], [])


def test_front_matter_names_a_transcript_for_any_note(write: WriteNote, notes_dir: Path) -> None:
    write("subs/talk.fr.vtt", VTT)
    write("subs/old.srt", VTT)
    note = write(
        "notes/talk.md",
        "---\ntitle: A podcast\ntranscript: ../subs/talk.fr.vtt\nsubtitles: ../subs/old.srt\n---\n",
    )
    assert files_of(notes_dir, note) == (
        [("subs/old.srt", None), ("subs/talk.fr.vtt", "fr")],
        [],
    )


def test_a_file_found_twice_is_listed_once(write: WriteNote, notes_dir: Path) -> None:
    write(f"Talk [{ID}].en.vtt", VTT)
    note = youtube_note(write, extra=f"transcript: Talk [{ID}].en.vtt\n")
    assert files_of(notes_dir, note) == ([(f"Talk [{ID}].en.vtt", "en")], [])


@pytest.mark.parametrize(
    ("named", "says"),
    [
        ("missing.vtt", "The subtitle file 'missing.vtt' does not exist."),
        ("../outside.vtt", "points outside the notes folder"),
        ("talk.md", "is not a .vtt or .srt file"),
        ("''", "'transcript' should be the path of a .vtt or .srt file; it is ignored."),
    ],
)
def test_a_named_transcript_that_cannot_be_used_says_why(
    write: WriteNote, notes_dir: Path, named: str, says: str
) -> None:
    note = youtube_note(write, extra=f"transcript: {named}\n")
    found, problems = files_of(notes_dir, note)
    assert found == []
    assert len(problems) == 1 and says in problems[0]


def test_a_note_without_video_or_named_file_has_none(write: WriteNote, notes_dir: Path) -> None:
    write(f"Talk [{ID}].en.vtt", VTT)
    assert files_of(notes_dir, write("plain.md", "# Plain\n")) == ([], [])


def files(*languages: str | None) -> list[TranscriptFile]:
    return [
        TranscriptFile(Path(f"t{index}.vtt"), language) for index, language in enumerate(languages)
    ]


@pytest.mark.parametrize(
    ("languages", "wanted", "chosen"),
    [
        (["en", "ja"], ["ja"], "ja"),
        (["en-orig", "en", "ja"], ["en"], "en"),  # exact before a variant
        (["en-orig", "ja"], ["en"], "en-orig"),  # the base language's variant
        (["en", "en-US", "ja"], ["en-us"], "en-US"),  # case does not matter
        (["en-orig", "en", "ja"], ["en-GB"], "en"),  # the plain base before other variants
        (["pt-BR", "ja"], ["pt_PT"], "pt-BR"),
        (["ja", "de", "en"], ["fr"], "en"),  # none of the reader's: English
        (["ja", "de"], ["fr"], "ja"),  # nor English: the first
        (["de", "ja"], ["ja", "de"], "ja"),  # the reader's first choice first
        ([None, "ja"], [], None),  # the first, whatever its language
        ([None, "de"], ["de"], "de"),
    ],
)
def test_the_file_chosen_is_the_readers_language_then_english_then_the_first(
    languages: list[str | None], wanted: list[str], chosen: str | None
) -> None:
    found = choose_file(files(*languages), wanted)
    assert found is not None and found.language == chosen


def test_no_files_choose_none() -> None:
    assert choose_file([], ["en"]) is None


@pytest.mark.parametrize(
    ("environ", "languages"),
    [
        ({"LANG": "ja_JP.UTF-8"}, ["ja"]),
        ({"LANGUAGE": "pt_BR:en_US", "LANG": "pt_BR.UTF-8"}, ["pt", "en"]),
        ({"LC_ALL": "de_DE@euro", "LC_MESSAGES": "fr_FR", "LANG": "en_GB"}, ["de", "fr", "en"]),
        ({"LANG": "C.UTF-8"}, []),
        ({"LC_ALL": "POSIX", "LANG": "C"}, []),
        ({"LANGUAGE": "", "LANG": "sv_SE.UTF-8"}, ["sv"]),
        ({}, []),
    ],
)
def test_the_systems_languages_come_from_the_environment(
    environ: dict[str, str], languages: list[str]
) -> None:
    assert system_languages(environ) == languages


def test_a_folder_knows_its_subtitle_files_from_the_scan_that_made_it(
    write: WriteNote, notes_dir: Path, tmp_path: Path
) -> None:
    note = write("a.md", "# A\n")
    os.utime(note, (1_700_000_000, 1_700_000_000))  # settled: the index trusts it
    write(f"transcripts/Talk [{ID}].en.vtt", VTT)
    write("b.srt", VTT)
    expected = ("b.srt", f"transcripts/Talk [{ID}].en.vtt")
    assert NotesFolder.open(notes_dir).subtitle_files == expected
    cache = IndexCache(tmp_path / "index.sqlite3")
    shown = cache.open(notes_dir)
    assert shown.subtitle_files == expected
    # From the index, without a scan, the folder looks when asked.
    cached = cache.cached(notes_dir)
    assert cached is not None and cached.subtitle_files == expected
    # A subtitle file that comes is seen by the next check against the disk.
    write("c.vtt", VTT)
    again = cache.open(notes_dir, known=shown)
    assert again is not shown
    assert again.subtitle_files == ("b.srt", "c.vtt", f"transcripts/Talk [{ID}].en.vtt")
    # The folder shown from the index takes them from the check that finds it unchanged.
    cached = cache.cached(notes_dir)
    assert cached is not None
    assert cache.open(notes_dir, known=cached) is cached
    os.remove(notes_dir / "c.vtt")  # the folder keeps what the check found
    assert cached.subtitle_files == ("b.srt", "c.vtt", f"transcripts/Talk [{ID}].en.vtt")
