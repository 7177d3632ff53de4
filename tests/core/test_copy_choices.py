"""Which notes play their local copy: kept in the user's state folder, bounded, never fatal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.copy_choices import CopyChoices, default_choices_path


def test_a_choice_survives_a_restart_and_the_most_recent_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "state" / "local-copies.json"
    choices = CopyChoices(store, limit=3)
    for number in range(5):
        choices.choose(tmp_path / f"note{number}.md", True)
    choices.choose(tmp_path / "note2.md", True)  # chosen again: the newest
    choices.choose(tmp_path / "note4.md", False)  # back to YouTube: nothing kept for it

    again = CopyChoices(store, limit=3)
    assert [again.plays_copy(tmp_path / f"note{n}.md") for n in range(5)] == [
        False, False, True, True, False,
    ]  # fmt: skip
    again.choose(tmp_path / "note5.md", True)
    again.choose(tmp_path / "note6.md", True)
    # note3 was the oldest left: it goes first.
    assert not again.plays_copy(tmp_path / "note3.md")
    assert again.plays_copy(tmp_path / "note2.md")


def test_choosing_youtube_for_a_note_without_a_choice_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "local-copies.json"
    CopyChoices(store).choose(tmp_path / "a.md", False)
    assert not store.exists()


def test_a_renamed_note_keeps_its_choice(tmp_path: Path) -> None:
    store = tmp_path / "local-copies.json"
    choices = CopyChoices(store)
    choices.choose(tmp_path / "old.md", True)
    choices.rename(tmp_path / "old.md", tmp_path / "new.md")
    choices.rename(tmp_path / "other.md", tmp_path / "elsewhere.md")  # had none: none made
    again = CopyChoices(store)
    assert again.plays_copy(tmp_path / "new.md") and not again.plays_copy(tmp_path / "old.md")
    assert len(again) == 1


def test_the_file_lives_in_the_state_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "/somewhere/state")
    assert default_choices_path() == Path("/somewhere/state/viewer/local-copies.json")


@pytest.mark.allow_log(r"local-copies\.json is damaged")
@pytest.mark.parametrize(
    "junk",
    [b"\x00\xff garbage", b"{not json", b'{"version": 1, "copy": 7}', b"[]", b'{"version": 9}'],
)
def test_a_damaged_file_is_set_aside_and_replaced(tmp_path: Path, junk: bytes) -> None:
    store = tmp_path / "local-copies.json"
    store.write_bytes(junk)
    choices = CopyChoices(store)
    assert len(choices) == 0
    assert (tmp_path / "local-copies.damaged").read_bytes() == junk
    choices.choose(tmp_path / "a.md", True)
    assert CopyChoices(store).plays_copy(tmp_path / "a.md")


def test_entries_that_are_not_paths_are_left_out(tmp_path: Path) -> None:
    store = tmp_path / "local-copies.json"
    store.write_text(json.dumps({"version": 1, "copy": ["/a.md", 7, "", None, ["/b.md"]]}))
    choices = CopyChoices(store)
    assert len(choices) == 1 and choices.plays_copy(Path("/a.md"))


@pytest.mark.allow_log(r"cannot be written .*; the choice of local copies is not kept")
def test_an_unwritable_folder_is_reported_once_and_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    choices = CopyChoices(blocker / "viewer" / "local-copies.json")
    choices.choose(tmp_path / "a.md", True)
    choices.choose(tmp_path / "b.md", True)
    assert choices.plays_copy(tmp_path / "a.md")  # still known for this run
    assert os.listdir(tmp_path) == ["file"]
