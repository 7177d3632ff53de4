"""A big folder read, and its search index built, in a real child process (the program run
with its own command): the same folder and index as read here, progress told as it goes,
a build stopped when cancelled, and None where a child cannot do it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.core.conftest import WriteNote
from viewer.cli import main as cli_main
from viewer.core import in_child
from viewer.core.in_child import build_in_child, open_in_child
from viewer.core.index_cache import IndexCache
from viewer.core.search import SearchIndex, build_index

NOTES = {
    "alpha.md": "---\ntitle: Alpha\naliases: [First]\n---\nSee [[beta]] at 01:02.\n",
    "beta.md": "# Beta\n\nBack to [[alpha|the first]]. Transformers.\n",
    "sub/gamma.md": "---\ntitle: Gamma\n---\nNo links.\n",
    "sub/broken.md": "---\ntitle: [unclosed\n---\nText.\n",
}


@pytest.fixture
def notes(write: WriteNote, notes_dir: Path) -> Path:
    for name, text in NOTES.items():
        write(name, text)
    return notes_dir


def test_a_folder_read_in_a_child_is_the_folder_read_here(notes: Path, tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    apart = open_in_child(
        IndexCache(tmp_path / "a.sqlite3"), notes, lambda *done: told.append(done)
    )
    here = IndexCache(tmp_path / "b.sqlite3").open(notes)
    assert apart is not None and apart.complete
    assert apart.table == here.table
    assert dict(apart.links) == dict(here.links)
    assert apart.backlinks("alpha.md") == here.backlinks("alpha.md") == ["beta.md"]
    assert apart.entries["sub/broken.md"].problems == here.entries["sub/broken.md"].problems > 0
    assert told[-1] == (4, 4)


def test_a_search_index_built_in_a_child_is_the_one_built_here(notes: Path, tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []
    built = build_in_child(notes, tmp_path / "a", lambda *done: told.append(done))
    assert built is not None
    report, notices = built
    here, _ = build_index(notes, tmp_path / "b")
    assert (report.total, report.indexed, report.problems) == (
        here.total,
        here.indexed,
        here.problems,
    )
    assert notices == [] and not report.cancelled
    assert told[-1] == (4, 4)
    with SearchIndex(notes, tmp_path / "a") as index:
        assert [hit.path for hit in index.search("transformers").hits] == ["beta.md"]


def test_a_cancelled_build_stops_its_child(notes: Path, tmp_path: Path) -> None:
    built = build_in_child(notes, tmp_path / "a", cancelled=lambda: True)
    assert built is not None
    report, _ = built
    assert report.cancelled


def test_no_child_no_folder_and_it_is_said(
    notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The caller then does the work itself."""
    caplog.set_level(logging.INFO, "viewer.folder")
    monkeypatch.setattr(in_child, "_program", lambda: [str(tmp_path / "no such program")])
    assert open_in_child(IndexCache(tmp_path / "a.sqlite3"), notes) is None
    assert build_in_child(notes, tmp_path / "a") is None
    assert "no child process for index-folder" in caplog.text


def test_a_child_that_fails_gives_no_folder(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "viewer.folder")
    assert open_in_child(IndexCache(tmp_path / "a.sqlite3"), tmp_path / "not a folder") is None
    assert "the child process for index-folder failed (1)" in caplog.text


def test_the_childs_commands_want_their_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["index-folder", "too few"]) == 2
    assert cli_main(["index-search"]) == 2
    assert "usage: viewer index-folder INDEX KEY FOLDER" in capsys.readouterr().err
