"""Where the reader was in each note: kept in the user's state folder, bounded, never fatal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.places import Place, Places, default_places_path


def test_places_survive_a_restart_and_the_most_recent_are_kept(tmp_path: Path) -> None:
    store = tmp_path / "state" / "places.json"
    places = Places(store, limit=3)
    for number in range(5):
        places.remember(tmp_path / f"note{number}.md", Place(time=10.0 * number, scroll=0.55))
    places.remember(tmp_path / "note2.md", Place(time=99.0, scroll=1.0))  # read again: newest
    places.save()

    again = Places(store, limit=3)
    assert len(again) == 3
    assert again.get(tmp_path / "note0.md") is None and again.get(tmp_path / "note1.md") is None
    assert again.get(tmp_path / "note2.md") == Place(99.0, 1.0)
    assert again.get(tmp_path / "note4.md") == Place(40.0, 0.55)
    again.remember(tmp_path / "note5.md", Place(1.0, 0.0))
    # note3 was the oldest left: it goes first.
    assert again.get(tmp_path / "note3.md") is None


def test_the_default_place_is_the_state_folder_not_the_notes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "/somewhere/state")
    assert default_places_path() == Path("/somewhere/state/viewer/places.json")
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")
    assert default_places_path() == Path.home() / ".local/state/viewer/places.json"


@pytest.mark.allow_log(r"places\.json is damaged")
@pytest.mark.parametrize(
    "junk",
    [b"\x00\xff garbage", b"{not json", b'{"version": 1, "places": 7}', b"[]", b'{"version": 99}'],
)
def test_a_damaged_file_is_set_aside_and_replaced(tmp_path: Path, junk: bytes) -> None:
    store = tmp_path / "places.json"
    store.write_bytes(junk)
    places = Places(store)
    assert len(places) == 0
    assert (tmp_path / "places.damaged").read_bytes() == junk
    places.remember(tmp_path / "a.md", Place(3.0, 0.4))
    places.save()
    assert Places(store).get(tmp_path / "a.md") == Place(3.0, 0.4)


def test_values_that_are_not_times_are_read_as_the_start(tmp_path: Path) -> None:
    store = tmp_path / "places.json"
    rows = [["/a.md", "12", None], ["/b.md", 1e400, -3], ["/c.md", True, 0.25], [7, 1, 1]]
    rows += [["/d.md", 5, 2.5]]  # a scroll position is a fraction of the note: 0 to 1
    store.write_text(json.dumps({"version": 2, "places": rows}).replace("Infinity", "1e400"))
    places = Places(store)
    assert places.get(Path("/a.md")) == Place(0.0, 0.0)
    assert places.get(Path("/b.md")) == Place(0.0, 0.0)
    assert places.get(Path("/c.md")) == Place(0.0, 0.25)
    assert places.get(Path("/d.md")) == Place(5.0, 0.0)
    assert len(places) == 4


def test_a_file_of_the_first_version_keeps_its_times_and_drops_its_pixel_scrolls(
    tmp_path: Path,
) -> None:
    store = tmp_path / "places.json"
    store.write_text(json.dumps({"version": 1, "places": [["/a.md", 21.05, 900.0]]}))
    assert Places(store).get(Path("/a.md")) == Place(21.05, 0.0)


@pytest.mark.allow_log(r"cannot be written .*; places are not remembered")
def test_an_unwritable_folder_is_reported_once_and_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    places = Places(blocker / "viewer" / "places.json")
    places.remember(tmp_path / "a.md", Place(1.0, 0.2))
    places.save()
    places.save()
    assert places.get(tmp_path / "a.md") == Place(1.0, 0.2)  # still known for this run
    assert os.listdir(tmp_path) == ["file"]


def test_nothing_is_written_when_nothing_changed(tmp_path: Path) -> None:
    store = tmp_path / "places.json"
    Places(store).save()
    assert not store.exists()
