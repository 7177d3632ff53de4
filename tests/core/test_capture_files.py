"""Capture and undo on the file system: conflicts, undo, read-only files and folders, links,
permissions, and the atomic replace leaving nothing behind.

These tests run as root here, and root may write any file whatever its permission bits. The
capture does not rely on the system to refuse: a file or folder with no write permission bit
at all counts as read-only for everyone (:func:`viewer.core.capture.atomic.read_only`), which
is what the read-only tests check. A refusal by the system itself is made to happen by a
rename that fails.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tests.core.capture_checks import a, captured
from viewer.core.capture import (
    CaptureRefused,
    Conflict,
    Restored,
    Stamp,
    Written,
    atomic,
    capture,
    undo,
)

NOTE = f"Said {a('01:00:00')}.\n\nLater.\n".encode()
ITEM = f"\n- {a('01:10:00')} mine\n".encode()
AFTER = NOTE.replace(b"\nLater", ITEM + b"\nLater")


def files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_note_changed_since_it_was_shown_is_not_written(notes_dir: Path) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    edited = NOTE + b"Added elsewhere.\n"
    path.write_bytes(edited)
    result = capture(notes_dir, path, NOTE, 70, "mine")
    assert isinstance(result, Conflict)
    assert (
        result.message == "“note.md” was changed on disk since it was shown; nothing was written."
    )
    assert path.read_bytes() == edited
    assert result.current is not None and result.current.matches(edited)


def test_a_stamp_stands_for_the_bytes_shown_not_the_files_time(notes_dir: Path) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    shown = Stamp.of(NOTE, path.stat().st_mtime_ns)
    os.utime(path, ns=(1, 1))  # touched: the same bytes, nothing new to the reader
    assert isinstance(capture(notes_dir, path, shown, 70, "mine"), Written)
    assert path.read_bytes() == AFTER
    path.write_bytes(AFTER.replace(b"Later", b"LATER"))  # same size, other bytes
    assert isinstance(capture(notes_dir, path, Stamp.of(AFTER), 80, "x"), Conflict)


def test_a_note_changed_while_the_line_is_written_is_left_as_changed(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    keep = atomic._keep_mode_and_owner

    def saved_elsewhere_meanwhile(temporary: str, info: os.stat_result) -> None:
        keep(temporary, info)
        path.write_bytes(NOTE + b"Saved by an editor.\n")

    monkeypatch.setattr(atomic, "_keep_mode_and_owner", saved_elsewhere_meanwhile)
    result = capture(notes_dir, path, NOTE, 70, "mine")
    assert isinstance(result, Conflict)
    assert "was changed on disk while the line was being added" in result.message
    assert path.read_bytes() == NOTE + b"Saved by an editor.\n"
    assert files(notes_dir) == ["note.md"]


def test_a_note_gone_since_it_was_shown_is_a_conflict(notes_dir: Path) -> None:
    path = notes_dir / "note.md"
    result = capture(notes_dir, path, NOTE, 70, "mine")
    assert isinstance(result, Conflict)
    assert result.message == "“note.md” is no longer in the folder; nothing was written."
    assert files(notes_dir) == []


def test_undo_restores_the_bytes_exactly_and_only_once(notes_dir: Path) -> None:
    written, before, after = captured(notes_dir, NOTE, 70, "mine")
    assert after == AFTER
    restored = undo(notes_dir, written)
    assert isinstance(restored, Restored)
    assert (notes_dir / "note.md").read_bytes() == before
    assert restored.stamp.matches(before)
    again = undo(notes_dir, written)
    assert isinstance(again, Conflict)
    assert (notes_dir / "note.md").read_bytes() == before


def test_undo_is_refused_after_an_outside_edit(notes_dir: Path) -> None:
    written, _, after = captured(notes_dir, NOTE, 70, "mine")
    path = notes_dir / "note.md"
    path.write_bytes(after + b"More, in an editor.\n")
    result = undo(notes_dir, written)
    assert isinstance(result, Conflict)
    assert result.message == (
        "“note.md” was changed since the line was added, so it is left as it is; "
        "the line can be removed in an editor."
    )
    assert path.read_bytes() == after + b"More, in an editor.\n"


def test_a_read_only_note_is_refused_and_left_as_it_is(notes_dir: Path) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    path.chmod(0o444)
    with pytest.raises(CaptureRefused, match=r"^“note\.md” is read-only; nothing was written\.$"):
        capture(notes_dir, path, NOTE, 70, "mine")
    assert path.read_bytes() == NOTE
    assert files(notes_dir) == ["note.md"]


def test_a_note_in_a_read_only_folder_is_refused(notes_dir: Path) -> None:
    folder = notes_dir / "sub"
    folder.mkdir()
    path = folder / "note.md"
    path.write_bytes(NOTE)
    folder.chmod(0o555)
    try:
        with pytest.raises(CaptureRefused, match=r"^The folder of “sub/note\.md” is read-only"):
            capture(notes_dir, path, NOTE, 70, "mine")
        assert path.read_bytes() == NOTE
        assert files(folder) == ["note.md"]
    finally:
        folder.chmod(0o755)


def test_a_write_the_system_refuses_leaves_the_note_and_no_temporary_file(
    notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    renamed: list[tuple[str, str]] = []

    def refused(source: str, target: str) -> None:
        renamed.append((str(source), str(target)))
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(CaptureRefused) as refusal:
        capture(notes_dir, path, NOTE, 70, "mine")
    assert (
        str(refusal.value) == "“note.md” could not be written (permission denied); it is unchanged."
    )
    [(temporary, target)] = renamed
    assert Path(temporary).parent == notes_dir and Path(temporary).name.startswith(".note.md.")
    assert target == str(path)
    assert path.read_bytes() == NOTE
    assert files(notes_dir) == ["note.md"]


def test_a_symlinked_note_is_written_through_to_its_target(notes_dir: Path) -> None:
    real = notes_dir / "real" / "talk.md"
    real.parent.mkdir()
    real.write_bytes(NOTE)
    link = notes_dir / "talk.md"
    link.symlink_to(Path("real") / "talk.md")
    written = capture(notes_dir, link, NOTE, 70, "mine")
    assert isinstance(written, Written)
    assert written.path == link and written.target == real.resolve()
    assert link.is_symlink() and real.read_bytes() == AFTER
    assert files(notes_dir) == ["real", "talk.md"] and files(real.parent) == ["talk.md"]
    assert isinstance(undo(notes_dir, written), Restored)
    assert link.is_symlink() and real.read_bytes() == NOTE


def test_a_link_to_a_file_outside_the_folder_is_refused(tmp_path: Path, notes_dir: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(NOTE)
    link = notes_dir / "talk.md"
    link.symlink_to(outside)
    with pytest.raises(CaptureRefused) as refusal:
        capture(notes_dir, link, NOTE, 70, "mine")
    assert str(refusal.value) == (
        "“talk.md” is a link to a file outside the opened folder; nothing was written."
    )
    assert outside.read_bytes() == NOTE


@pytest.mark.parametrize("name", ["../outside.md", "/elsewhere/outside.md"])
def test_a_path_outside_the_folder_is_refused(tmp_path: Path, notes_dir: Path, name: str) -> None:
    path = tmp_path / "outside.md" if name.startswith("..") else Path(name)
    if name.startswith(".."):
        path.write_bytes(NOTE)
    with pytest.raises(
        CaptureRefused, match=r"is outside the opened folder; nothing was written\.$"
    ):
        capture(notes_dir, notes_dir / name, NOTE, 70, "mine")
    if name.startswith(".."):
        assert path.read_bytes() == NOTE


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o664])
def test_permission_bits_are_kept(notes_dir: Path, mode: int) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    path.chmod(mode)
    written = capture(notes_dir, path, NOTE, 70, "mine")
    assert isinstance(written, Written)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert isinstance(undo(notes_dir, written), Restored)
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: -1)() != 0, reason="only root may give a file to another user"
)
def test_the_owner_is_kept(notes_dir: Path) -> None:
    path = notes_dir / "note.md"
    path.write_bytes(NOTE)
    os.chown(path, 1234, 5678)
    assert isinstance(capture(notes_dir, path, NOTE, 70, "mine"), Written)
    assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678)
