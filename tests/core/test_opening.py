"""What `viewer ARGUMENT` opens: paths, file: URLs and deep links to a moment."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.core.opening import SCHEME, Opening, OpeningError, moment_url, read_opening


def test_a_path_is_made_absolute_against_the_working_folder(tmp_path: Path) -> None:
    assert read_opening("notes/talk.md", tmp_path) == Opening(tmp_path / "notes" / "talk.md")
    assert read_opening(str(tmp_path / "a.md")) == Opening(tmp_path / "a.md")


def test_a_file_url_from_a_file_manager_is_its_path() -> None:
    assert read_opening("file:///home/me/My%20Notes/talk.md") == Opening(
        Path("/home/me/My Notes/talk.md")
    )


def test_a_deep_link_names_a_note_and_a_moment() -> None:
    url = f"{SCHEME}://open?path=/home/me/notes/talk.md&t=163"
    assert read_opening(url) == Opening(Path("/home/me/notes/talk.md"), 163.0)


@pytest.mark.parametrize(("t", "seconds"), [("2:43", 163.0), ("1:02:43", 3763.0), ("90.5", 90.5)])
def test_a_deep_links_time_may_be_written_as_a_person_writes_it(t: str, seconds: float) -> None:
    assert read_opening(f"{SCHEME}://open?path=/n/a.md&t={t}").seconds == seconds


def test_the_scheme_is_read_in_any_case() -> None:
    assert read_opening("IO.GitHub.VideoNotes.Viewer://open?path=/n/a.md").path == Path("/n/a.md")


def test_a_link_made_for_a_note_reads_back_as_that_note_and_moment(tmp_path: Path) -> None:
    note = tmp_path / "a folder" / "talk #1 & more.md"
    url = moment_url(note, 163.9)
    assert url.startswith(f"{SCHEME}://open?path=")
    assert read_opening(url) == Opening(note, 163.0)


def test_a_path_relative_to_the_links_folder_stays_inside_it(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "talk.md").write_text("# Talk\n")
    url = f"{SCHEME}://open?folder={tmp_path / 'notes'}&path=talk.md&t=5"
    assert read_opening(url) == Opening(tmp_path / "notes" / "talk.md", 5.0)


@pytest.mark.parametrize("path", ["../secret.md", "%2e%2e/secret.md", "/etc/passwd"])
def test_a_path_outside_the_links_folder_is_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(OpeningError, match=r"outside|absolute"):
        read_opening(f"{SCHEME}://open?folder={tmp_path}&path={path}")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"{SCHEME}://open?t=5", "does not name a note"),
        (f"{SCHEME}://open?path=talk.md", "not an absolute path"),
        (f"{SCHEME}://delete?path=/n/a.md", "not a link this app opens"),
        (f"{SCHEME}://open?path=/n/a.md&t=soon", "not a time"),
        (f"{SCHEME}://open?path=/n/a.md&t=-5", "not a time"),
        ("https://example.com/talk.md", "https: link"),
        ("/n/a\x00.md", "not a path or a link"),
    ],
)
def test_what_cannot_be_opened_gets_a_sentence(url: str, says: str) -> None:
    with pytest.raises(OpeningError, match=says):
        read_opening(url)
