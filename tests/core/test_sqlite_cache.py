"""The app's cache files: keyed on their schema, a damaged one replaced, a busy one left be."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from viewer.core.sqlite_cache import (
    Damaged,
    Schema,
    Trouble,
    default_cache_folder,
    open_cache,
    remove_damaged,
    trouble,
)

TABLES = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE rows (value TEXT NOT NULL)",
    "CREATE VIRTUAL TABLE words USING fts5(text)",
)
SCHEMA = Schema(TABLES, (("code", "this code"),))
JUNK = b"this is not a database at all\n" * 200


def values(connection: sqlite3.Connection) -> list[str]:
    return [value for (value,) in connection.execute("SELECT value FROM rows")]


def filled(path: Path, schema: Schema = SCHEMA) -> None:
    connection = open_cache(path, schema, busy_timeout=0.1)
    connection.execute("INSERT INTO rows VALUES ('kept')")
    connection.execute("INSERT INTO words VALUES ('kept')")
    connection.close()


def test_a_file_is_made_with_its_folder_and_opened_again_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "viewer" / "file.sqlite3"
    filled(path)
    assert (path.parent.stat().st_mode & 0o777) == 0o700  # the user's cache is the user's
    connection = open_cache(path, SCHEMA, busy_timeout=0.1)
    assert values(connection) == ["kept"]
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


@pytest.mark.parametrize(
    "other",
    [
        Schema(TABLES, (("code", "other code"),)),
        Schema(TABLES, (("code", "this code"), ("root", "/elsewhere"))),
        Schema(TABLES, (("code", "this code"),), version=2),
    ],
    ids=["another code key", "another stamp row", "another version"],
)
def test_a_file_of_another_schema_is_emptied(tmp_path: Path, other: Schema) -> None:
    path = tmp_path / "file.sqlite3"
    filled(path)
    connection = open_cache(path, other, busy_timeout=0.1)
    assert values(connection) == []
    assert connection.execute("SELECT count(*) FROM words").fetchone() == (0,)
    stamp = dict(connection.execute("SELECT key, value FROM meta"))
    assert stamp == dict(other.stamp)
    connection.execute("INSERT INTO rows VALUES ('new')")
    connection.close()
    # Opened again by the same code, the file is kept as it is.
    connection = open_cache(path, other, busy_timeout=0.1)
    assert values(connection) == ["new"]
    connection.close()


def test_tables_of_another_schema_are_dropped_not_kept_beside(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite3"
    filled(path)
    fewer = Schema(TABLES[:2], (("code", "newer code"),))
    connection = open_cache(path, fewer, busy_timeout=0.1)
    names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert names == {"meta", "rows", "sqlite_autoindex_meta_1"}


def test_a_damaged_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite3"
    path.write_bytes(JUNK)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").write_bytes(JUNK)
    told: list[BaseException] = []
    connection = open_cache(path, SCHEMA, busy_timeout=0.1, damaged=told.append)
    assert values(connection) == []
    connection.execute("INSERT INTO rows VALUES ('new')")
    connection.close()
    assert [trouble(error) for error in told] == [Trouble.DAMAGED]
    assert "file is not a database" in str(told[0])
    # Nothing of the old file is left (WAL mode makes side files of its own).
    assert not Path(f"{path}-journal").exists()
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{path}{suffix}")
        assert not file.exists() or JUNK not in file.read_bytes()


def test_a_damaged_file_goes_with_its_side_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Its write-ahead log and shared memory go too: they belong to the file removed."""
    path = tmp_path / "file.sqlite3"
    filled(path)
    keep = sqlite3.connect(path)  # holds the log open: it is not checkpointed away
    keep.execute("PRAGMA wal_autocheckpoint = 0")
    keep.execute("INSERT INTO rows VALUES ('in the log')")
    keep.commit()
    log = Path(f"{path}-wal").read_bytes()
    keep.close()
    Path(f"{path}-wal").write_bytes(log)
    Path(f"{path}-shm").write_bytes(b"\0" * 32768)
    with caplog.at_level(logging.INFO, logger="viewer.cache"):
        remove_damaged(path)
    assert sorted(tmp_path.iterdir()) == []
    assert caplog.messages == [
        f"removed the damaged cache file {path} (file.sqlite3, file.sqlite3-wal, file.sqlite3-shm)"
    ]


def test_without_a_damage_handler_a_damaged_file_is_left_and_the_error_raised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "file.sqlite3"
    path.write_bytes(JUNK)
    with pytest.raises(sqlite3.DatabaseError) as raised:
        open_cache(path, SCHEMA, busy_timeout=0.1)
    assert trouble(raised.value) is Trouble.DAMAGED
    assert path.read_bytes() == JUNK


def test_a_busy_file_is_reported_busy_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite3"
    filled(path)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        told: list[BaseException] = []
        newer = Schema(TABLES, (("code", "newer code"),))  # opening must write: it waits
        with pytest.raises(sqlite3.OperationalError) as raised:
            open_cache(path, newer, busy_timeout=0.1, damaged=told.append)
        assert trouble(raised.value) is Trouble.BUSY
        assert told == []
        other.execute("ROLLBACK")
    finally:
        other.close()
    connection = open_cache(path, SCHEMA, busy_timeout=0.1)
    assert values(connection) == ["kept"]
    connection.close()


def test_a_folder_where_the_file_should_be_is_unwritable_not_damage(tmp_path: Path) -> None:
    path = tmp_path / "file.sqlite3"
    path.mkdir()
    told: list[BaseException] = []
    with pytest.raises(sqlite3.OperationalError) as raised:
        open_cache(path, SCHEMA, busy_timeout=0.1, damaged=told.append)
    assert trouble(raised.value) is Trouble.UNWRITABLE
    assert told == [] and path.is_dir()


def test_what_errors_say_about_the_file() -> None:
    assert trouble(Damaged("a blob does not match its checksum")) is Trouble.DAMAGED
    assert trouble(sqlite3.OperationalError("no such table: notes")) is Trouble.UNWRITABLE
    memory = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.OperationalError) as raised:
        memory.execute("SELECT * FROM notes")
    memory.close()
    assert trouble(raised.value) is Trouble.DAMAGED  # the tables are not those it made
    assert trouble(OSError("No space left on device")) is Trouble.UNWRITABLE


def test_the_users_cache_folder_follows_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_folder() == tmp_path / "xdg" / "viewer"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored
    assert default_cache_folder() == tmp_path / "home" / ".cache" / "viewer"
