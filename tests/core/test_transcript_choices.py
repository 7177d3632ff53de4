"""The reader's choices for each note's transcript (language, offset): kept in the user's
state folder, bounded, never fatal, and never in the notes folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.transcript_choices import (
    MAX_OFFSET,
    TranscriptChoice,
    TranscriptChoices,
    default_choices_path,
)


def test_choices_survive_a_restart_and_the_most_recent_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "state" / "transcripts.json"
    choices = TranscriptChoices(store, limit=2)
    choices.set_offset(tmp_path / "a.md", 1.5)
    choices.set_language(tmp_path / "a.md", "ja")
    choices.set_offset(tmp_path / "b.md", -0.5)
    choices.set_language(tmp_path / "c.md", "en")

    again = TranscriptChoices(store, limit=2)
    assert len(again) == 2
    assert again.get(tmp_path / "a.md") == TranscriptChoice()  # the oldest went
    assert again.get(tmp_path / "b.md") == TranscriptChoice(None, -0.5)
    assert again.get(tmp_path / "c.md") == TranscriptChoice("en", 0.0)


def test_offsets_are_rounded_and_bounded_and_a_choice_back_to_none_is_dropped(
    tmp_path: Path,
) -> None:
    store = tmp_path / "transcripts.json"
    choices = TranscriptChoices(store)
    note = tmp_path / "a.md"
    assert choices.set_offset(note, 0.1 + 0.2).offset == 0.3
    assert choices.set_offset(note, 1e9).offset == MAX_OFFSET
    assert choices.set_offset(note, float("nan")).offset == 0.0
    assert len(choices) == 0  # no language, no offset: nothing to keep
    assert json.loads(store.read_text(encoding="utf-8")) == {"version": 1, "notes": []}


def test_a_renamed_note_keeps_its_choices(tmp_path: Path) -> None:
    store = tmp_path / "transcripts.json"
    choices = TranscriptChoices(store)
    choices.set_offset(tmp_path / "old.md", 2.0)
    choices.rename(tmp_path / "old.md", tmp_path / "new.md")
    again = TranscriptChoices(store)
    assert again.get(tmp_path / "new.md").offset == 2.0
    assert again.get(tmp_path / "old.md") == TranscriptChoice()


def test_the_file_is_beside_the_places_in_the_state_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "/somewhere/state")
    assert default_choices_path() == Path("/somewhere/state/viewer/transcripts.json")


@pytest.mark.allow_log(r"transcripts\.json is damaged")
@pytest.mark.parametrize(
    "junk",
    [b"\x00\xff garbage", b"{not json", b'{"version": 1, "notes": 7}', b"[]", b'{"version": 9}'],
)
def test_a_damaged_file_is_set_aside_and_replaced(tmp_path: Path, junk: bytes) -> None:
    store = tmp_path / "transcripts.json"
    store.write_bytes(junk)
    choices = TranscriptChoices(store)
    assert len(choices) == 0
    assert (tmp_path / "transcripts.damaged").read_bytes() == junk
    choices.set_offset(tmp_path / "a.md", 0.5)
    assert TranscriptChoices(store).get(tmp_path / "a.md").offset == 0.5


def test_values_of_the_wrong_kind_are_read_as_no_choice(tmp_path: Path) -> None:
    store = tmp_path / "transcripts.json"
    rows = [["/a.md", 7, "1"], ["/b.md", "", True], ["/c.md", "en", 0.5], [3, "en", 1.0]]
    store.write_text(json.dumps({"version": 1, "notes": rows}), encoding="utf-8")
    choices = TranscriptChoices(store)
    assert choices.get(Path("/a.md")) == TranscriptChoice()
    assert choices.get(Path("/b.md")) == TranscriptChoice()
    assert choices.get(Path("/c.md")) == TranscriptChoice("en", 0.5)


@pytest.mark.allow_log(r"cannot be written .*; transcript choices are not kept")
def test_an_unwritable_folder_is_reported_once_and_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    choices = TranscriptChoices(blocker / "viewer" / "transcripts.json")
    choices.set_offset(tmp_path / "a.md", 1.0)
    choices.set_offset(tmp_path / "a.md", 1.5)
    assert choices.get(tmp_path / "a.md").offset == 1.5  # still known for this run
    assert os.listdir(tmp_path) == ["file"]
