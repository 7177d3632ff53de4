"""The JSON files of the state folder: a failed write leaves the old file whole and no litter."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from viewer.core.state_file import StateFile

log = logging.getLogger("tests.state_file")


def test_rows_written_are_read_back_with_their_version(tmp_path: Path) -> None:
    path = tmp_path / "state" / "kept.json"
    assert StateFile(path, "rows", log, "nothing kept").write(3, [["a", 1], "b"])
    assert StateFile(path, "rows", log, "nothing kept").read((3,)) == (3, [["a", 1], "b"])


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "kept.json"
    file = StateFile(path, "rows", log, "nothing kept")
    assert file.write(1, ["old"])
    before = path.read_bytes()

    def refuse(_source: object, _target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with caplog.at_level(logging.WARNING, logger=log.name):
        assert not file.write(1, ["new"])
        assert not file.write(1, ["newer"])  # reported once: the file is not tried again
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.json"]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path} cannot be written ([Errno 28] No space left on device); nothing kept"
    ]


def test_a_version_not_asked_for_is_set_aside_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    path.write_text('{"version": 9, "rows": []}', encoding="utf-8")
    assert StateFile(path, "rows", log, "nothing kept").read((1, 2)) == (0, [])
    assert not path.exists()
    assert path.with_suffix(".damaged").read_text(encoding="utf-8") == '{"version": 9, "rows": []}'
