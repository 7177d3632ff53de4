"""The index cache: unchanged notes come from it, everything else is read, nothing breaks it."""

from __future__ import annotations

import logging
import marshal
import os
import sqlite3
import zlib
from array import array
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.conftest import WriteNote
from viewer.core import folder as folder_module
from viewer.core import index_cache, links, packed
from viewer.core.code_digest import reached_modules
from viewer.core.folder import NotesFolder, ReadNote, scan
from viewer.core.index_cache import IndexCache, code_key, default_cache_path
from viewer.core.links import PLACES, LinkResolver, NoteNames
from viewer.core.note_table import FileStamp, NoteEntry, NoteTable
from viewer.core.sqlite_cache import Damaged

#: A settled file time, well before any test runs (younger files are not cached, see RACY_NS).
OLD_NS = 1_700_000_000 * 1_000_000_000

NOTE_A = (
    "---\ntitle: Alpha\naliases: [First]\nvideoId: dQw4w9WgXcQ\n---\nSee [[beta]] and [[Gamma]].\n"
)
NOTE_B = "# Beta\n\nBack to [[alpha|the first]].\n"
NOTE_C = "---\ntitle: Gamma\n---\nNo links.\n"


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "viewer" / "index.sqlite3"


@pytest.fixture
def cache(cache_file: Path) -> IndexCache:
    return IndexCache(cache_file)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the cache had read from their files, in order."""
    seen: list[str] = []
    real = folder_module.read_entry

    def counting(root: Path, path: str, stamp: FileStamp) -> ReadNote:
        seen.append(path)
        return real(root, path, stamp)

    monkeypatch.setattr(folder_module, "read_entry", counting)
    return seen


def settle(path: Path, offset_s: int = 0) -> None:
    """Give ``path`` an old modification time, as a note that has not changed for a while."""
    when = OLD_NS + offset_s * 1_000_000_000
    os.utime(path, ns=(when, when))


def write_settled(write: WriteNote, relative: str, text: str, offset_s: int = 0) -> Path:
    path = write(relative, text)
    settle(path, offset_s)
    return path


@pytest.fixture
def notes(write: WriteNote, notes_dir: Path) -> Path:
    write_settled(write, "alpha.md", NOTE_A)
    write_settled(write, "beta.md", NOTE_B)
    write_settled(write, "sub/gamma.md", NOTE_C)
    return notes_dir


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``root`` with its size and modification time."""
    found = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            info = os.stat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), root)] = (
                info.st_size,
                info.st_mtime_ns,
            )
    return found


#: The reader itself, as the ``reads`` fixture finds it before it starts counting.
READ_ENTRY = folder_module.read_entry


def fresh(root: Path) -> dict[str, NoteEntry]:
    """What reading every note gives, the cache's yardstick (its reads are not counted)."""

    reads = {path: READ_ENTRY(root, path, stamp) for path, stamp in scan(root).files.items()}
    return NotesFolder.of_reads(root, reads, []).entries


def test_the_default_path_follows_xdg_cache_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_path() == tmp_path / "xdg" / "viewer" / "index.sqlite3"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for unusable in ("", "relative/cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", unusable)
        assert default_cache_path() == tmp_path / "home" / ".cache" / "viewer" / "index.sqlite3"
    assert IndexCache().path == default_cache_path()


def test_a_first_open_reads_everything_and_gives_what_reading_gives(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str]
) -> None:
    folder = cache.open(notes)
    assert sorted(reads) == ["alpha.md", "beta.md", "sub/gamma.md"]
    assert folder.entries == fresh(notes)
    assert folder.resolve("First") == "alpha.md"
    assert folder.backlinks("alpha.md") == ["beta.md"]
    assert cache_file.is_file()


def test_unchanged_notes_come_from_the_cache(
    notes: Path, cache: IndexCache, reads: list[str]
) -> None:
    first = cache.open(notes)
    reads.clear()
    again = cache.open(notes)
    assert reads == []
    assert again.entries == first.entries == fresh(notes)
    # A new instance (the app started again) finds the same file.
    assert IndexCache(cache.path).open(notes).entries == first.entries
    assert reads == []


def test_cached_gives_the_folder_as_last_opened_without_reading_the_disk(
    notes: Path, cache: IndexCache, reads: list[str], write: WriteNote
) -> None:
    assert cache.cached(notes) is None  # never opened
    opened = cache.open(notes)
    write_settled(write, "alpha.md", NOTE_A.replace("Alpha", "Alfa!"), offset_s=60)
    (notes / "sub" / "gamma.md").unlink()
    reads.clear()
    shown = cache.cached(notes)
    assert shown is not None
    assert reads == []
    # Everything the window uses, as the open before the changes had it.
    assert shown.entries == opened.entries
    assert list(shown.entries) == ["alpha.md", "beta.md", "sub/gamma.md"]
    assert shown.problems == opened.problems
    assert shown.links == opened.links
    assert shown.backlinks("alpha.md") == ["beta.md"]
    assert shown.backlinks("sub/gamma.md") == ["alpha.md"]
    assert shown.resolve("First") == "alpha.md"
    assert shown.resolve("sub/gamma") == "sub/gamma.md"
    # The open that checks finds the changes, and keeps them for the next cached().
    checked = cache.open(notes)
    assert checked.entries["alpha.md"].title == "Alfa!"
    assert "sub/gamma.md" not in checked
    later = cache.cached(notes)
    assert later is not None and later.entries == checked.entries == fresh(notes)
    assert later.backlinks("sub/gamma.md") == []


def test_cached_knows_each_folder_by_its_absolute_path(
    notes: Path, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.open(notes)
    monkeypatch.chdir(notes.parent)
    shown = cache.cached(Path(notes.name))
    assert shown is not None and shown.root == notes
    assert cache.cached(notes / "sub") is None  # a folder inside is another folder


def test_changed_added_and_removed_notes_are_seen(
    notes: Path, cache: IndexCache, reads: list[str], write: WriteNote
) -> None:
    cache.open(notes)
    reads.clear()
    # Same size, other time: changed. Other size, same time: changed too.
    write_settled(write, "alpha.md", NOTE_A.replace("Alpha", "Alfa!"), offset_s=60)
    write_settled(write, "beta.md", NOTE_B + "More [[delta]].\n")
    write_settled(write, "delta.md", "---\ntitle: Delta\n---\n")
    (notes / "sub" / "gamma.md").unlink()
    folder = cache.open(notes)
    assert sorted(reads) == ["alpha.md", "beta.md", "delta.md"]
    assert folder.entries == fresh(notes)
    assert folder.entries["alpha.md"].title == "Alfa!"
    assert folder.links["beta.md"] == ("alpha", "delta")
    assert "sub/gamma.md" not in folder
    assert folder.resolve("Gamma") is None

    reads.clear()
    assert cache.open(notes).entries == folder.entries
    assert reads == []  # the changes were stored, the removed note forgotten


def test_a_note_that_comes_back_is_read_again(
    notes: Path, cache: IndexCache, reads: list[str]
) -> None:
    cache.open(notes)
    gamma = notes / "sub" / "gamma.md"
    text = gamma.read_bytes()
    gamma.unlink()
    cache.open(notes)
    gamma.write_bytes(text.replace(b"Gamma", b"Gamma again"))
    settle(gamma)  # the very same time as before, but a different size
    reads.clear()
    folder = cache.open(notes)
    assert reads == ["sub/gamma.md"]
    assert folder.entries["sub/gamma.md"].title == "Gamma again"


def test_a_note_changed_just_now_is_not_trusted_to_the_cache(
    notes: Path, cache: IndexCache, reads: list[str], write: WriteNote
) -> None:
    write("beta.md", NOTE_B.replace("Beta", "Bet"))  # modified now: a second change could
    cache.open(notes)  # land in the same clock tick, with the same size
    reads.clear()
    cache.open(notes)
    assert reads == ["beta.md"]


def test_the_folder_shown_comes_back_as_it_is_when_nothing_changed(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str], write: WriteNote
) -> None:
    shown = cache.open(notes)
    reads.clear()
    for suffix in ("", "-wal", "-shm"):
        cache_file.with_name(cache_file.name + suffix).unlink(missing_ok=True)
    assert cache.open(notes, known=shown) is shown  # the scan alone tells: no index needed
    assert reads == []
    assert not cache_file.exists()
    # A change, and the check reads it.
    write_settled(write, "beta.md", NOTE_B + "More.\n", offset_s=5)
    again = cache.open(notes, known=shown)
    assert again is not shown
    # The index is gone, but the folder shown knows the rest: only the change is read.
    assert reads == ["beta.md"]
    assert again.entries == fresh(notes)
    assert again.table.same_names(shown.table)  # its paths kept, not made anew
    assert again.backlinks("alpha.md") == ["beta.md"]
    reads.clear()
    assert cache.open(notes).entries == again.entries  # and it was kept in the index
    assert reads == []


def test_reading_tells_its_progress(
    notes: Path, cache: IndexCache, write: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folder_module, "PROGRESS_EVERY", 2)
    told: list[tuple[int, int]] = []
    cache.open(notes, progress=lambda done, total: told.append((done, total)))
    assert told == [(2, 3), (3, 3)]
    told.clear()
    write_settled(write, "beta.md", NOTE_B + "More.\n", offset_s=5)
    cache.open(notes, progress=lambda done, total: told.append((done, total)))
    assert told == [(1, 1)]  # only what changed is read


def test_a_note_changed_just_now_is_checked_again_even_when_it_looks_unchanged(
    notes: Path, cache: IndexCache, reads: list[str], write: WriteNote
) -> None:
    write("beta.md", NOTE_B.replace("Beta", "Bet"))  # now: a change may follow in the same tick
    shown = cache.open(notes)
    assert shown.unsettled == {"beta.md"}
    reads.clear()
    again = cache.open(notes, known=shown)
    assert again is not shown
    assert reads == ["beta.md"]
    cached = cache.cached(notes)
    assert cached is not None and cached.unsettled == {"beta.md"}


def test_several_folders_share_one_cache(
    notes: Path, cache: IndexCache, reads: list[str], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    settle_text = other / "alpha.md"
    settle_text.write_text("# Another alpha\n", encoding="utf-8")
    settle(settle_text)
    one = cache.open(notes)
    two = cache.open(other)
    reads.clear()
    assert cache.open(notes).entries == one.entries
    assert cache.open(other).entries == two.entries
    assert two.entries["alpha.md"].title == "Another alpha"
    assert reads == []


@pytest.mark.parametrize(
    "junk",
    [
        b"this is not a database at all\n" * 200,
        bytes(range(256)) * 64,
        b"SQLite format 3\x00" + b"\xff" * 4080,  # the right magic, then garbage
    ],
    ids=["text", "binary", "bad-header"],
)
@pytest.mark.allow_log(r"is damaged \(.*\); replacing it$")
def test_a_damaged_cache_file_is_replaced(
    notes: Path,
    cache: IndexCache,
    cache_file: Path,
    reads: list[str],
    junk: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(junk)
    with caplog.at_level(logging.WARNING, logger="viewer.index"):
        folder = cache.open(notes)
    assert folder.entries == fresh(notes)
    assert "damaged" in caplog.text
    assert cache_file.read_bytes() != junk
    reads.clear()
    assert cache.open(notes).entries == folder.entries
    assert reads == []  # the new file works


@pytest.mark.allow_log(r"is damaged \(database disk image is malformed\); replacing it$")
def test_a_cache_damaged_after_use_is_replaced(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str]
) -> None:
    cache.open(notes)
    # Keep the header, ruin every page after it.
    data = bytearray(cache_file.read_bytes())
    for wal in (cache_file.with_name(cache_file.name + "-wal"),):
        wal.unlink(missing_ok=True)
    data[100:] = b"\x5a" * (len(data) - 100)
    cache_file.write_bytes(bytes(data))
    reads.clear()
    folder = cache.open(notes)
    assert folder.entries == fresh(notes)
    assert sorted(reads) == ["alpha.md", "beta.md", "sub/gamma.md"]


def flipped(blob: bytes) -> bytes:
    """One bit changed in the middle, as a bad disk sector would."""
    middle = len(blob) // 2
    return blob[:middle] + bytes([blob[middle] ^ 0x10]) + blob[middle + 1 :]


def names_with(blob: bytes, place: int, value: object) -> bytes:
    """A sound ``names`` blob with its part at ``place`` (0: what the arrays are, 1: the number
    of notes; 2 to 5: a table's two arrays) made ``value``."""
    arrays, count, tables = index_cache._unseal(blob)
    parts = [arrays, count, *tables]
    parts[place] = value
    return index_cache._seal((parts[0], parts[1], tuple(parts[2:])))


DAMAGES = {
    "a flipped bit in the notes": ("notes", flipped),
    "a flipped bit in the names": ("names", flipped),
    "a flipped bit in the links": ("links", flipped),
    "a flipped bit in the backlinks": ("backlinks", flipped),
    "text for a blob": ("notes", lambda _blob: "not a blob"),
    "a blob cut short": ("notes", lambda blob: blob[:3]),
    "a sound blob of the wrong shape": ("notes", lambda _blob: index_cache._seal([("x",)])),
    "resolver tables of the wrong shape": ("names", lambda _blob: index_cache._seal(({}, {}))),
    "resolver tables of arrays made elsewhere": ("names", lambda blob: names_with(blob, 0, "?")),
    "resolver tables of another number of notes": ("names", lambda blob: names_with(blob, 1, 4)),
    "a resolver table of one array": ("names", lambda blob: names_with(blob, 2, (b"",))),
    "a resolver table of lists": ("names", lambda blob: names_with(blob, 3, ([1], [0]))),
    "a resolver table of bytes that are no numbers": (
        "names",
        lambda blob: names_with(blob, 4, (b"\0" * 7, b"\0" * 4)),
    ),
    "a resolver table of more hashes than notes": (
        "names",
        lambda blob: names_with(blob, 4, (b"\0" * 16, b"\0" * 4)),
    ),
    "a resolver table leading past the notes": (
        "names",
        lambda blob: names_with(blob, 5, (b"\0" * 8, array(PLACES, [3]).tobytes())),
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.allow_log(r"is damaged \(.+\); replacing it$")
def test_rows_this_code_never_wrote_are_treated_as_damage(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str], damage: str
) -> None:
    column, spoil = DAMAGES[damage]
    cache.open(notes)
    with sqlite3.connect(cache_file) as connection:
        (blob,) = connection.execute(f"SELECT {column} FROM folders").fetchone()
        connection.execute(f"UPDATE folders SET {column} = ?", (spoil(blob),))
    connection.close()
    reads.clear()
    assert cache.cached(notes) is None  # not shown: the open below reads the notes instead
    folder = cache.open(notes)
    assert folder.entries == fresh(notes)
    assert folder.backlinks("alpha.md") == ["beta.md"]
    assert sorted(reads) == ["alpha.md", "beta.md", "sub/gamma.md"]
    reads.clear()
    assert cache.cached(notes) is not None  # the damaged row was replaced
    assert cache.open(notes).entries == folder.entries
    assert reads == []


def test_another_key_drops_the_old_rows(notes: Path, cache_file: Path, reads: list[str]) -> None:
    """Rows written by other code (another key) are never used, and are replaced."""
    IndexCache(cache_file, key="old code").open(notes)
    reads.clear()
    new = IndexCache(cache_file, key="new code")
    assert new.open(notes).entries == fresh(notes)
    assert len(reads) == 3
    reads.clear()
    new.open(notes)
    assert reads == []
    IndexCache(cache_file, key="old code").open(notes)
    assert len(reads) == 3  # the old rows are gone, not kept beside the new ones


def test_the_default_key_is_the_digest_of_the_code_that_makes_entries(cache_file: Path) -> None:
    assert IndexCache(cache_file).key == code_key()
    reached = {module.__name__ for module in reached_modules(index_cache)}
    assert {"viewer.core.folder", "viewer.core.note", "viewer.core.flat_yaml"} <= reached
    assert {"viewer.core.links", "viewer.core.text", "viewer.core.index_cache"} <= reached
    assert "viewer.core.render" not in reached


def test_a_busy_cache_falls_back_to_reading(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str]
) -> None:
    """Another instance holding the write lock: this one reads, and still gets it right."""
    cache.open(notes)
    (notes / "beta.md").write_text(NOTE_B + "[[new]]\n", encoding="utf-8")
    settle(notes / "beta.md", offset_s=5)
    other = sqlite3.connect(cache_file, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        reads.clear()
        folder = cache.open(notes)
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert folder.entries == fresh(notes)
    assert "beta.md" in reads
    # The lock was held to the end of that open: the change could not be stored then, so the
    # next open reads it once more, and stores it.
    reads.clear()
    cache.open(notes)
    assert reads == ["beta.md"]
    reads.clear()
    cache.open(notes)
    assert reads == []


def test_two_instances_can_use_one_file(notes: Path, cache_file: Path) -> None:
    one, two = IndexCache(cache_file), IndexCache(cache_file)
    assert one.open(notes).entries == two.open(notes).entries


def test_the_notes_folder_is_never_written(
    notes: Path, cache: IndexCache, write: WriteNote
) -> None:
    before = snapshot(notes)
    cache.open(notes)
    cache.open(notes)
    assert snapshot(notes) == before
    write_settled(write, "beta.md", NOTE_B + "changed\n", offset_s=9)
    before = snapshot(notes)
    cache.open(notes)
    assert snapshot(notes) == before


@pytest.mark.allow_log(r"is inside the notes folder; not used$")
def test_a_cache_inside_the_notes_folder_is_not_used(
    notes: Path, reads: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    before = snapshot(notes)
    inside = IndexCache(notes / ".cache" / "index.sqlite3")
    with caplog.at_level(logging.WARNING, logger="viewer.index"):
        folder = inside.open(notes)
    assert folder.entries == fresh(notes)
    assert snapshot(notes) == before
    assert "inside the notes folder" in caplog.text


@pytest.mark.allow_log(r"(cannot be used|is damaged) \(.*\)")
def test_an_unusable_cache_location_falls_back_to_reading(
    notes: Path, tmp_path: Path, reads: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = IndexCache(blocker / "viewer" / "index.sqlite3")
    assert cache.open(notes).entries == fresh(notes)
    assert len(reads) == 3
    folder_cache = IndexCache(tmp_path)  # a folder where the file should be
    assert folder_cache.open(notes).entries == fresh(notes)
    assert tmp_path.is_dir()


def test_unreadable_notes_are_read_again_next_time(
    notes: Path, cache: IndexCache, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permission change leaves the file's time alone: a failed read must not be kept."""
    real = folder_module.read_note_bytes

    def refuse_beta(path: Path) -> tuple[bytes, int]:
        if path.name == "beta.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    with monkeypatch.context() as patch:
        patch.setattr(folder_module, "read_note_bytes", refuse_beta)
        assert cache.open(notes).entries["beta.md"].problems == 1
    reads.clear()
    folder = cache.open(notes)
    assert reads == ["beta.md"]
    assert folder.entries == fresh(notes)
    assert folder.entries["beta.md"].title == "Beta"


def test_names_with_any_characters_survive(
    notes: Path, cache: IndexCache, reads: list[str], write: WriteNote
) -> None:
    text = (
        '---\ntitle: "Odd \\x1f \\x1e ☃"\naliases: ["a\\x1fb", "x\\x1ey", "c\\u2028d", "[e]"]\n'
        "---\n[[x\x1fy]] [[p\x1eq]] [[☃]] [[\\x1e]]\n"
    )
    write_settled(write, "odd.md", text)
    # A file name that is not UTF-8: Python names it with a lone surrogate, which SQLite text
    # cannot hold; the index keeps names in its own blobs, which can.
    undecodable = notes / os.fsdecode(b"bad\xff name.md")
    undecodable.write_text("# Bad name\n", encoding="utf-8")
    settle(undecodable)
    first = cache.open(notes)
    reads.clear()
    again = cache.open(notes)
    assert again.entries == first.entries == fresh(notes)
    odd = again.entries["odd.md"]
    assert odd.title == "Odd \x1f \x1e ☃"
    assert odd.aliases == ("a\x1fb", "x\x1ey", "c\u2028d", "[e]")
    assert again.links["odd.md"] == ("x\x1fy", "p\x1eq", "☃", "\\x1e")
    assert again.entries[undecodable.name].title == "Bad name"
    assert reads == []


def test_tables_are_kept_in_pieces_and_come_back_whole(
    notes: Path, cache: IndexCache, cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marshalled a few entries at a time, so the thread that stores or reads them lets the
    window's thread run between pieces; the links are kept as they are packed, in pieces,
    the notes' table as its columns."""
    monkeypatch.setattr(index_cache, "PIECE", 2)
    monkeypatch.setattr(packed, "PIECE", 2)
    opened = cache.open(notes)
    with sqlite3.connect(cache_file) as connection:
        (rows,) = connection.execute("SELECT notes FROM folders").fetchone()
        (blob,) = connection.execute("SELECT links FROM folders").fetchone()
    connection.close()
    assert NoteTable.from_parts(index_cache._unseal(rows)[0]) == opened.table
    pieces, firsts, length = index_cache._unseal(blob)
    assert (len(pieces), firsts, length) == (2, ("alpha.md", "sub/gamma.md"), 3)
    shown = cache.cached(notes)
    assert shown is not None
    assert shown.entries == opened.entries
    assert dict(shown.links) == dict(opened.links)
    assert shown.resolver.tables == opened.resolver.tables
    assert shown.backlinks("alpha.md") == ["beta.md"]


@pytest.mark.parametrize("hashed", [None, lambda key: len(key) % 2], ids=["hashes", "two hashes"])
def test_the_resolver_comes_back_from_the_index_as_it_was(
    monkeypatch: pytest.MonkeyPatch, notes: Path, cache: IndexCache, hashed: Any
) -> None:
    if hashed is not None:  # keys that share a hash come back as they were, each to its note
        monkeypatch.setattr(links, "key_hash", hashed)
    opened = cache.open(notes)
    shown = cache.cached(notes)
    assert shown is not None
    assert shown.resolver.tables == opened.resolver.tables
    assert shown.resolver.notes == opened.resolver.notes
    assert shown.resolver.notes is shown.table  # the folder's own notes, not a copy
    targets = ["alpha", "First", "Beta", "beta.md", "sub/gamma", "Gamma", "sub/nothing", "x"]
    assert [shown.resolve(target) for target in targets] == [
        "alpha.md", "alpha.md", "beta.md", "beta.md", "sub/gamma.md", "sub/gamma.md", None, None,
    ]  # fmt: skip


def test_the_resolver_tables_are_stored_as_the_bytes_of_their_arrays() -> None:
    resolver = LinkResolver([NoteNames("a.md", "Alpha", ("One", "Two")), NoteNames("b/c.md", "C")])
    names = index_cache._unseal(index_cache._seal(index_cache._names(resolver)))
    assert names[1] == 2
    assert names[2] == tuple((t.hashes.tobytes(), t.places.tobytes()) for t in resolver.tables)
    assert index_cache._tables(names, 2) == resolver.tables
    with pytest.raises(Damaged):
        index_cache._tables(names, 3)  # the tables of a folder of another number of notes


@pytest.mark.allow_log(r"is damaged \(.+\); replacing it$")
def test_a_piece_of_the_wrong_kind_is_damage(
    notes: Path, cache: IndexCache, cache_file: Path, reads: list[str]
) -> None:
    cache.open(notes)
    with sqlite3.connect(cache_file) as connection:
        connection.execute("UPDATE folders SET names = ?", (index_cache._seal(([1], [], [], [])),))
    connection.close()
    assert cache.cached(notes) is None
    reads.clear()
    assert cache.open(notes).entries == fresh(notes)
    assert len(reads) == 3


@given(
    st.recursive(
        st.binary(max_size=40) | st.text(max_size=10) | st.integers() | st.none(),
        lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple),
        max_leaves=20,
    )
)
def test_a_sealed_value_is_read_back_as_it_was(value: object) -> None:
    blob = index_cache._seal(value)
    assert index_cache._unseal(blob) == value
    # The same checksum and the same value as marshal's own writing gives.
    assert marshal.loads(blob[4:]) == marshal.loads(marshal.dumps(value, 4))
    assert blob[:4] == zlib.adler32(blob[4:]).to_bytes(4, "big")
