"""A notes folder: scanning it, reading its notes, resolving links and backlinks."""

from __future__ import annotations

import gc
import os
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.conftest import WriteNote
from tests.helpers.spies import calls
from viewer.core import folder as folder_module
from viewer.core.folder import (
    NotesFolder,
    ReadNote,
    ScanResult,
    is_note_file,
    read_entries,
    scan,
    subfolders,
)
from viewer.core.note_table import FileStamp, FileTable, NoteEntry, NoteTable
from viewer.core.stepwise import finish


def make_unreadable(path: Path) -> None:
    """Make ``path`` fail to read; as root, permissions stop nothing: a folder takes its place."""
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return
    path.chmod(0o644)
    path.unlink()
    path.mkdir()


def test_scan_finds_md_files_recursively_and_nothing_else(
    write: WriteNote, notes_dir: Path
) -> None:
    for name in ("a.md", "B.MD", "sub/c.md", "sub/deeper/d.Md", "notes.txt", "sub/e.markdown",
                 "sub/image.png", "f.md.bak"):  # fmt: skip
        write(name, "x")
    (notes_dir / "empty_dir").mkdir()
    result = scan(notes_dir)
    assert list(result.files) == ["B.MD", "a.md", "sub/c.md", "sub/deeper/d.Md"]
    assert result.problems == []
    assert result.files["a.md"].size == 1


def test_hidden_folders_and_files_are_skipped(write: WriteNote, notes_dir: Path) -> None:
    for name in ("visible.md", ".hidden.md", ".obsidian/workspace.md", ".git/x.md",
                 "sub/.trash/old.md", "sub/kept.md"):  # fmt: skip
        write(name, "x")
    assert list(scan(notes_dir).files) == ["sub/kept.md", "visible.md"]


def test_a_symlink_loop_is_visited_once(write: WriteNote, notes_dir: Path) -> None:
    write("sub/a.md", "x")
    os.symlink("..", notes_dir / "sub" / "up")
    os.symlink(".", notes_dir / "here")
    os.symlink(notes_dir / "sub", notes_dir / "sub" / "again")
    result = scan(notes_dir)
    assert list(result.files) == ["sub/a.md"]
    assert result.problems == []


def test_links_that_point_at_each_other_are_reported_not_followed(
    write: WriteNote, notes_dir: Path
) -> None:
    write("a.md", "x")
    os.symlink("loop_b.md", notes_dir / "loop_a.md")
    os.symlink("loop_a.md", notes_dir / "loop_b.md")
    result = scan(notes_dir)
    assert list(result.files) == ["a.md"]
    assert result.problems == [
        "'loop_a.md' cannot be read: Too many levels of symbolic links.",
        "'loop_b.md' cannot be read: Too many levels of symbolic links.",
    ]


def test_links_that_lead_outside_are_not_followed_and_are_reported(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.md").write_text("secret")
    (outside / "deep" / "more.md").write_text("more")
    (outside / "picture.png").write_bytes(b"x")
    root.mkdir()
    (root / "inside.md").write_text("# Inside")
    os.symlink(outside / "secret.md", root / "secret.md")
    os.symlink(outside, root / "door")
    os.symlink(outside / "picture.png", root / "picture.png")  # not a note: silently ignored
    os.symlink(tmp_path, root / "parent")
    folder = NotesFolder.open(root)
    assert list(folder.entries) == ["inside.md"]
    assert folder.problems == [
        "'door' is a link that leads outside the folder.",
        "'parent' is a link that leads outside the folder.",
        "'secret.md' is a link that leads outside the folder.",
    ]


def test_links_that_stay_inside_are_followed(write: WriteNote, notes_dir: Path) -> None:
    write("real/a.md", "x")
    write("b.md", "# B")
    os.symlink("b.md", notes_dir / "same_as_b.md")
    os.symlink("real", notes_dir / "shortcut")
    files = scan(notes_dir).files
    assert "same_as_b.md" in files
    assert "real/a.md" in files
    assert "shortcut/a.md" not in files  # that folder was seen already


def test_a_broken_link_to_a_note_is_reported(write: WriteNote, notes_dir: Path) -> None:
    write("a.md", "x")
    os.symlink("deleted.md", notes_dir / "dangling.md")
    os.symlink("nowhere", notes_dir / "dangling_dir")  # not named like a note: ignored
    result = scan(notes_dir)
    assert list(result.files) == ["a.md"]
    assert result.problems == ["'dangling.md' cannot be read: it is a link to nothing."]


def test_a_folder_named_like_a_note_is_a_folder(write: WriteNote, notes_dir: Path) -> None:
    write("odd.md/inner.md", "# Inner")
    assert list(scan(notes_dir).files) == ["odd.md/inner.md"]


def test_a_file_that_cannot_be_read_is_an_entry_with_a_problem(
    write: WriteNote, notes_dir: Path
) -> None:
    write("good.md", "# Good\n[[bad_one]]")
    bad = write("bad_one.md", "# Bad")

    files = scan(notes_dir).files
    make_unreadable(bad)  # between the scan and the read, as with a real permission change
    folder = NotesFolder.of_reads(notes_dir, read_entries(notes_dir, files), [])
    entry = folder.entries["bad_one.md"]
    assert (entry.title, entry.problems, folder.links["bad_one.md"]) == ("Bad one", 1, ())
    assert folder.entries["good.md"].problems == 0
    assert folder.resolve("bad one") == "bad_one.md"  # still a note links can reach
    note = folder.load("bad_one.md")
    assert note.problems[0].message.startswith("The file cannot be read: ")


def write_folder(write: WriteNote) -> None:
    write("model_architectures_in_ai.md",
          "---\ntitle: Model architectures in AI\nvideoId: 7-3IxVvWoxc\n---\n"
          "From: [[redpointai]] and [[people/Jonathan Frankle|JF]] and [[missing note]]\n"
          "and [[model_architectures_in_ai#self]].\n")  # fmt: skip
    write("redpointai.md", "---\naliases: [Redpoint]\n---\n# Redpoint AI\n[[Jonathan Frankle]]\n")
    write("people/Jonathan Frankle.md", "No links.\n")
    write("people/fan.md", "---\ntitle: Fan\n---\n[[JONATHAN-FRANKLE]] [[Redpoint]] [[Redpoint]]\n")
    write("broken.md", "---\ntitle: [\n---\n")


def test_entries_hold_titles_aliases_links_and_problem_counts(
    write: WriteNote, notes_dir: Path
) -> None:
    write_folder(write)
    folder = NotesFolder.open(notes_dir)
    assert list(folder.entries) == [
        "broken.md",
        "model_architectures_in_ai.md",
        "people/Jonathan Frankle.md",
        "people/fan.md",
        "redpointai.md",
    ]
    entry = folder.entries["model_architectures_in_ai.md"]
    assert entry.title == "Model architectures in AI"
    assert folder.links[entry.path] == ("redpointai", "people/Jonathan Frankle", "missing note",
                           "model_architectures_in_ai")  # fmt: skip
    assert entry.has_video
    assert entry.problems == 0
    assert folder.entries["redpointai.md"].aliases == ("Redpoint",)
    assert folder.entries["redpointai.md"].title == "Redpoint AI"
    assert folder.entries["people/Jonathan Frankle.md"].title == "Jonathan Frankle"
    assert folder.entries["broken.md"].problems == 1
    assert len(folder) == 5
    assert "people/fan.md" in folder
    assert "people/nobody.md" not in folder
    assert [entry.path for entry in folder] == list(folder.entries)


def test_backlinks_are_the_notes_that_link_here(write: WriteNote, notes_dir: Path) -> None:
    write_folder(write)
    folder = NotesFolder.open(notes_dir)
    assert folder.backlinks("people/Jonathan Frankle.md") == [
        "model_architectures_in_ai.md",
        "people/fan.md",
        "redpointai.md",
    ]
    assert folder.backlinks("redpointai.md") == ["model_architectures_in_ai.md", "people/fan.md"]
    assert folder.backlinks("model_architectures_in_ai.md") == []  # its link to itself is not one
    assert folder.backlinks("people/fan.md") == []
    assert folder.backlinks("missing.md") == []


def big_folder(notes: int, links: int) -> NotesFolder:
    """A folder of ``notes`` made up notes, each linking to ``links`` others by title."""
    paths = [f"topic {number % 50}/note {number}.md" for number in range(notes)]
    stamp = FileStamp(100, 1)
    entries = {
        path: NoteEntry(path, f"Note {number}", (), False, 0, stamp)
        for number, path in enumerate(paths)
    }
    targets = {
        path: tuple(f"Note {(number * 7 + link * 13) % notes}" for link in range(links))
        for number, path in enumerate(entries)
    }
    return NotesFolder(Path("/nowhere"), entries, [], targets)


def test_backlinks_of_a_big_folder_are_worked_out_in_little_memory() -> None:
    """A dict of sets of paths took 130 bytes a link while it was made (47 MiB at 50,000
    notes), and what it freed was left in part-empty blocks the process kept."""
    folder = big_folder(notes=20_000, links=7)
    gc.collect()
    tracemalloc.start()
    try:
        table = folder.backlink_table
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table) == 20_000
    linking_to_0 = sorted(
        f"topic {number % 50}/note {number}.md"
        for number in range(1, 20_000)
        if any((number * 7 + link * 13) % 20_000 == 0 for link in range(7))
    )
    assert table["topic 0/note 0.md"] == tuple(linking_to_0)
    assert len(linking_to_0) == 6
    assert peak < 60 * 20_000 * 7, peak


def test_the_folder_resolves_names_and_paths_inside_it(write: WriteNote, notes_dir: Path) -> None:
    write_folder(write)
    folder = NotesFolder.open(notes_dir)
    assert folder.resolve("Redpoint") == "redpointai.md"
    assert folder.resolve("../redpointai") is None
    assert folder.relative(notes_dir / "people" / "fan.md") == "people/fan.md"
    assert folder.relative(notes_dir.parent / "elsewhere.md") is None
    assert folder.load("people/fan.md").title == "Fan"


def test_a_relative_folder_path_is_made_absolute(
    write: WriteNote, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("a.md", "x")
    monkeypatch.chdir(notes_dir.parent)
    folder = NotesFolder.open(Path(notes_dir.name))
    assert folder.root == notes_dir
    assert list(folder.entries) == ["a.md"]


@pytest.mark.parametrize("name", ["missing", "file.md"])
def test_opening_what_is_not_a_folder_raises(write: WriteNote, notes_dir: Path, name: str) -> None:
    write("file.md", "x")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        NotesFolder.open(notes_dir / name)


def test_is_note_file(write: WriteNote, notes_dir: Path) -> None:
    assert is_note_file(write("a.md", "x"))
    assert is_note_file(write("b.MD", "x"))
    assert not is_note_file(write("c.txt", "x"))
    assert not is_note_file(notes_dir / "missing.md")
    (notes_dir / "dir.md").mkdir()
    assert not is_note_file(notes_dir / "dir.md")


def test_every_kind_of_bad_file_still_opens_the_folder(write: WriteNote, notes_dir: Path) -> None:
    write("binary.md", b"\x00\x01\x02")
    write("latin1.md", "caf\u00e9".encode("latin-1"))
    write("empty.md", b"")
    write("bad_date.md", "---\ndate: 2024-02-30\n---\n")
    write("list.md", "---\n- a\n---\n")
    write("good.md", "# Good")
    folder = NotesFolder.open(notes_dir)
    assert len(folder) == 6
    assert {path: entry.problems for path, entry in folder.entries.items()} == {
        "bad_date.md": 0,
        "binary.md": 1,
        "empty.md": 1,
        "good.md": 0,
        "latin1.md": 1,
        "list.md": 1,
    }


def test_subfolders_lists_every_folder_to_watch_but_hidden_ones_and_links(
    tmp_path: Path,
) -> None:
    for name in ("b/deep/deeper", "a", ".git/objects", "c/.cache"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "a" / "note.md").write_text("# Note\n", encoding="utf-8")
    os.symlink(tmp_path / "b", tmp_path / "link")
    found = [path.relative_to(tmp_path).as_posix() for path in subfolders(tmp_path, 100)]
    assert found == [".", "a", "b", "c", "b/deep", "b/deep/deeper"]
    # Bounded, breadth first: the top of the tree is watched before its depths.
    assert [p.relative_to(tmp_path).as_posix() for p in subfolders(tmp_path, 3)] == [".", "a", "b"]


def test_subfolders_of_a_folder_gone_is_the_folder_alone(tmp_path: Path) -> None:
    assert subfolders(tmp_path / "gone", 10) == [tmp_path / "gone"]


# --- what the garbage collector is left with ----------------------------------------------------


def unreachable_after(make: Callable[[], object]) -> int:
    """How many objects ``make()``, its result dropped at once, left to the garbage collector
    (reference cycles), rather than freeing them by their counts."""
    gc.collect()
    gc.disable()
    try:
        make()
        return gc.collect()
    finally:
        gc.enable()


def test_a_scan_leaves_nothing_to_the_garbage_collector(write: WriteNote, notes_dir: Path) -> None:
    for name in ("a.md", "sub/b.md", "sub/deeper/c.md", "talk.en.vtt"):
        write(name, "# x\n")
    assert unreachable_after(lambda: scan(notes_dir)) == 0


def test_a_stamp_is_equal_to_another_when_its_size_and_time_both_are() -> None:
    stamp = FileStamp(4636, 1_796_596_771_469_166_584)
    assert (stamp.size, stamp.mtime_ns) == (4636, 1_796_596_771_469_166_584)
    assert stamp == FileStamp(4636, 1_796_596_771_469_166_584)
    assert stamp != FileStamp(4637, 1_796_596_771_469_166_584)
    assert stamp != FileStamp(4636, 1_796_596_771_469_166_585)
    assert repr(stamp) == "FileStamp(size=4636, mtime_ns=1796596771469166584)"
    # A time before 1970, or the -1 of a stamp not to be trusted (search.rows.settled).
    assert (FileStamp(5, -1).size, FileStamp(5, -1).mtime_ns) == (5, -1)
    assert FileStamp(0, 0) != FileStamp(0, -1)
    with pytest.raises(ValueError, match="file size"):
        FileStamp(-1, 0)


@given(st.integers(0, 2**64 - 1), st.integers(-(2**63), 2**63 - 1))
def test_a_stamp_gives_back_any_size_and_time(size: int, mtime_ns: int) -> None:
    stamp = FileStamp(size, mtime_ns)
    assert (stamp.size, stamp.mtime_ns) == (size, mtime_ns)


def test_a_stamp_takes_less_than_half_what_a_pair_of_numbers_took() -> None:
    """A folder keeps one a note: as a named tuple of its two numbers it took 144 bytes."""
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        stamps = [FileStamp(4000 + n, 1_796_596_771_469_166_584 + n) for n in range(10_000)]
        grown = tracemalloc.take_snapshot().compare_to(before, "filename")
    finally:
        tracemalloc.stop()
    assert len(stamps) == 10_000
    # Each stamp, and its place in the list (8 bytes): 152 bytes before.
    assert sum(stat.size_diff for stat in grown) / len(stamps) <= 80


def test_a_scan_finds_the_paths_in_order_without_sorting_them(
    write: WriteNote, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walked a folder's entries in the order of the paths they lead to ("a.b.md" before
    "a/c.md": "." comes before "/"), the scan fills its table in order."""
    names = ["a.b.md", "a/c.md", "a/b/d.md", "a-b.md", "a b/e.md", "B.md", "ab.md", "é.md"]
    for name in names:
        write(name, "x\n")

    def no_sort(files: object) -> None:
        raise AssertionError("sorted")

    monkeypatch.setattr(FileTable, "of", no_sort)
    found = scan(notes_dir)
    assert isinstance(found.files, FileTable)
    assert list(found.files) == sorted(names)
    assert [stamp.size for _, stamp in found.files.items()] == [2] * len(names)


def test_a_scan_keeps_its_files_in_columns(write: WriteNote, notes_dir: Path) -> None:
    """A path and a stamp a file, in a table (:class:`FileTable`): about 70 bytes a file.
    As a dict of strings and stamps, 180 (and a big folder is scanned three times as it
    opens)."""
    for number in range(2_000):
        write(f"talks/talk_about_models_number_{number:05}.md", "x\n")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot()
        found = scan(notes_dir)
        gc.collect()
        grown = tracemalloc.take_snapshot().compare_to(before, "filename")
    finally:
        tracemalloc.stop()
    assert len(found.files) == 2_000
    assert sum(stat.size_diff for stat in grown) / 2_000 < 100


def test_a_scan_interns_no_path(write: WriteNote, notes_dir: Path) -> None:
    """The interpreter's table of interned strings, grown by a big folder's paths, would
    stay that big."""
    write("sub/c.md", "# x\n")
    found = scan(notes_dir)
    (path,) = found.files
    assert path == "sub/c.md"
    assert sys.intern("".join(list(path))) is not path


def test_a_scan_for_subtitles_alone_looks_at_no_note(
    write: WriteNote, notes_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.md", "sub/b.md", "talk.en.vtt", "sub/talk.srt"):
        write(name, "x\n")
    whole = scan(notes_dir)
    stats: list[str] = []
    real_stat = os.DirEntry.stat

    class Counted:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry = entry

        def __getattr__(self, name: str) -> object:
            return getattr(self.entry, name)

        def stat(self) -> os.stat_result:
            stats.append(self.entry.name)
            return real_stat(self.entry)

    listing = folder_module._listing

    def counted(*args: object) -> object:
        return ((Counted(entry), name) for entry, name in listing(*args))  # type: ignore[arg-type]

    monkeypatch.setattr(folder_module, "_listing", counted)
    alone = scan(notes_dir, notes=False)
    assert (alone.files, alone.subtitles) == ({}, whole.subtitles)
    assert sorted(alone.subtitles) == ["sub/talk.srt", "talk.en.vtt"]
    assert sorted(stats) == ["talk.en.vtt", "talk.srt"]


def test_a_folder_and_its_tables_leave_nothing_to_the_garbage_collector(
    write: WriteNote, notes_dir: Path
) -> None:
    """The app freezes a big folder's objects out of the collector's passes (viewer.app.
    interpreter): a cycle among them would be kept for good once the folder is dropped."""
    write_folder(write)

    def opened() -> object:
        folder = NotesFolder.open(notes_dir)
        assert folder.backlink_table and folder.links and folder.resolve("Redpoint")
        return folder

    def never_asked() -> object:
        return NotesFolder.open(notes_dir)  # its backlinks not worked out yet

    assert unreachable_after(opened) == 0
    assert unreachable_after(never_asked) == 0


# --- a folder read again ------------------------------------------------------------------------


def test_a_folder_read_again_keeps_what_did_not_change(write: WriteNote, notes_dir: Path) -> None:
    write_folder(write)
    shown = NotesFolder.open(notes_dir)
    assert shown.backlink_table  # worked out: kept if the links stay as they are
    write(
        "people/fan.md",
        "---\ntitle: Fan\n---\n[[JONATHAN-FRANKLE]] [[Redpoint]] [[Redpoint]]\nMore.\n",
    )
    found = scan(notes_dir)
    changed = {"people/fan.md": found.files["people/fan.md"]}
    again = shown.updated(found, read_entries(notes_dir, changed), frozenset())
    assert again.entries["people/fan.md"] != shown.entries["people/fan.md"]  # its size
    fresh = NotesFolder.open(notes_dir)
    assert again.entries == fresh.entries
    assert again.table.same_names(shown.table)
    assert again.links == fresh.links
    # The same names and links: the link tables and backlinks are the folder shown's own.
    assert again.resolver is shown.resolver
    assert again.backlink_table is shown.backlink_table


def test_a_folder_read_again_follows_names_that_came_went_or_changed(
    write: WriteNote, notes_dir: Path
) -> None:
    write_folder(write)
    shown = NotesFolder.open(notes_dir)
    assert shown.backlinks("redpointai.md") == ["model_architectures_in_ai.md", "people/fan.md"]
    (notes_dir / "people" / "fan.md").unlink()
    write("aa first.md", "# First\n\nSee [[Redpoint]].\n")
    write("redpointai.md", "---\ntitle: Redpoint AI\n---\nNo alias now. [[Jonathan Frankle]]\n")
    found = scan(notes_dir)
    changed = {path: found.files[path] for path in ("aa first.md", "redpointai.md")}
    again = shown.updated(found, read_entries(notes_dir, changed), frozenset())
    fresh = NotesFolder.open(notes_dir)
    assert list(again.entries) == list(fresh.entries)  # in order, the new note merged in
    assert again.entries == fresh.entries
    assert dict(again.links) == dict(fresh.links)
    assert again.resolver is not shown.resolver
    assert again.resolve("Redpoint") is None  # the alias went with the change
    assert again.backlink_table == fresh.backlink_table
    assert again.backlinks("people/Jonathan Frankle.md") == [
        "model_architectures_in_ai.md",
        "redpointai.md",
    ]


def test_a_title_changed_works_out_the_titles_table_alone(
    write: WriteNote, notes_dir: Path
) -> None:
    write_folder(write)
    write("people/fan two.md", "---\ntitle: Fan\n---\nThe same title, deeper in the order.\n")
    shown = NotesFolder.open(notes_dir)
    assert shown.resolve("fan") == "people/fan.md"
    write("people/fan.md", "---\ntitle: Enthusiast\n---\n[[JONATHAN-FRANKLE]] [[Redpoint]]\n")
    write("redpointai.md", "---\ntitle: Fan\naliases: [Redpoint]\n---\n[[Jonathan Frankle]]\n")
    found = scan(notes_dir)
    changed = {path: found.files[path] for path in ("people/fan.md", "redpointai.md")}
    again = shown.updated(found, read_entries(notes_dir, changed), frozenset())
    fresh = NotesFolder.open(notes_dir)
    assert again.resolver.tables == fresh.resolver.tables
    # Only the titles changed: the paths', stems' and aliases' tables are the very same.
    for kept, before in zip(again.resolver.tables[:2], shown.resolver.tables[:2], strict=True):
        assert kept is before
    assert again.resolver.tables[3] is shown.resolver.tables[3]
    assert again.resolver.tables[2] is not shown.resolver.tables[2]
    assert again.resolve("Enthusiast") == "people/fan.md"
    assert again.resolve("fan two") == "people/fan two.md"
    assert again.backlink_table == fresh.backlink_table


_NAMES = ("Shared", "shared", "Other-name", "other name", "%4Fther", "a", "x/a", "B", "")
_PATHS = ("a.md", "b.md", "x/a.md", "x/c.md", "x/y/other name.md")


def _folder_of(notes: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> NotesFolder:
    stamp = FileStamp(1, 1)
    entries = {
        path: NoteEntry(path, title, aliases, False, 0, stamp)
        for path, (title, aliases, _links) in notes.items()
    }
    links = {path: notes[path][2] for path in notes}
    return NotesFolder(Path("/nowhere"), entries, [], links)


_NOTE = st.tuples(
    st.sampled_from(_NAMES),
    st.lists(st.sampled_from(_NAMES), max_size=2).map(tuple),
    st.lists(st.sampled_from(_NAMES), max_size=3).map(tuple),
)


@given(
    st.fixed_dictionaries({path: _NOTE for path in _PATHS}),
    st.dictionaries(st.sampled_from(_PATHS), _NOTE, min_size=1),
)
def test_names_and_links_changed_give_the_backlinks_of_a_folder_made_anew(
    before: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]],
    change: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]],
) -> None:
    shown = _folder_of(before)
    assert shown.backlink_table is not None  # worked out, as the reader's worker does
    after = {**before, **change}
    fresh = _folder_of(after)
    found = ScanResult(files={path: FileStamp(1, 1) for path in after})
    reads = {path: ReadNote(fresh.entries[path], fresh.links[path]) for path in change}
    again = shown.updated(found, reads, frozenset())
    assert again.resolver.tables == fresh.resolver.tables
    assert dict(again.backlink_table) == dict(fresh.backlink_table)


def test_the_title_order_is_worked_out_once_for_a_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The list and the quick switcher both show the notes by title: they share one sort."""
    folder = big_folder(notes=3_000, links=0)
    keys = calls(monkeypatch, NoteTable, "title_order")
    first = finish(folder.in_title_order())
    made = len(keys)
    again = finish(folder.in_title_order())
    assert again is first
    assert len(keys) == made  # worked out once
    assert {place for _table, place in keys} == set(range(3_000))
    assert list(first) == sorted(folder, key=lambda entry: (entry.title.casefold(), entry.path))
