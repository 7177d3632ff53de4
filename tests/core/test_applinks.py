"""The app's own links: what is built is read back the same; anything else is not an app link."""

from __future__ import annotations

import pytest

from viewer.core.applinks import (
    FileLink,
    MissingNote,
    NoteLink,
    SeekLink,
    file_href,
    missing_note_href,
    note_href,
    parse_link,
    seek_href,
    slug,
)


@pytest.mark.parametrize("seconds", [0.0, 12.0, 163.5, 12345.678, 604800.0])
def test_a_seek_link_reads_back_its_time(seconds: float) -> None:
    assert parse_link(seek_href(seconds)) == SeekLink(seconds)


def test_a_note_link_reads_back_its_path_and_the_heading_slug() -> None:
    href = note_href("people/Jonathan Frankle.md", "Early Life & Work")
    assert href == "note:people/Jonathan%20Frankle.md#early-life-work"
    assert parse_link(href) == NoteLink("people/Jonathan Frankle.md", slug("Early Life & Work"))
    assert parse_link(note_href("50% done.md")) == NoteLink("50% done.md", "")
    assert parse_link(note_href("café/Ünïcode #1.md")) == NoteLink("café/Ünïcode #1.md", "")


def test_a_heading_already_written_as_its_slug_keeps_it() -> None:
    assert note_href("a.md", "some-heading") == note_href("a.md", "Some Heading")


def test_missing_notes_and_files_read_back() -> None:
    assert parse_link(missing_note_href("Fermented #1 & co")) == MissingNote("Fermented #1 & co")
    assert parse_link(file_href("media/a clip.webm")) == FileLink("media/a clip.webm")
    assert parse_link("viewer-file://notes/note.md#top") == FileLink("note.md")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/seek:12",
        "mailto:someone@example.com",
        "#local",
        "other.md",
        "",
        "seek:",
        "seek:-1",
        "seek:1e3",
        "seek:nan",
        "seek:inf",
        "seek: 12",
        "seek:604801",  # past the longest time a timestamp may have
        "note:",
        "note:#heading",
        "missing-note:",
        "viewer-file://elsewhere/note.md",
    ],
)
def test_anything_else_is_not_an_app_link(url: str) -> None:
    assert parse_link(url) is None
