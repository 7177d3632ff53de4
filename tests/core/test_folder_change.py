"""What changed between the folder shown and the same folder read again."""

from __future__ import annotations

from pathlib import Path

from tests.core.conftest import WriteNote
from viewer.core.folder import NotesFolder, scan
from viewer.core.folder_change import FolderChange


def folder_of(write: WriteNote, notes_dir: Path) -> NotesFolder:
    write("a.md", "# A\n\nSee [[b]].\n")
    write("b.md", "# B\n")
    write("sub/c.md", "# C\n")
    return NotesFolder.open(notes_dir)


def test_the_same_folder_is_no_change(write: WriteNote, notes_dir: Path) -> None:
    shown = folder_of(write, notes_dir)
    watch = (notes_dir, notes_dir / "sub")
    change = FolderChange.between(shown, shown, watch)
    assert change.same and change.folder is shown
    assert (change.added, change.removed, change.changed, change.relinked) == ((), (), (), False)
    assert change.watch == watch
    # Read again from the disk, untouched: other objects, but the same notes.
    assert FolderChange.between(shown, NotesFolder.open(notes_dir)).same


def test_notes_that_came_went_and_changed_are_named(write: WriteNote, notes_dir: Path) -> None:
    shown = folder_of(write, notes_dir)
    write("b.md", "# B, retitled\n")
    write("sub/d.md", "# D\n")
    (notes_dir / "sub" / "c.md").unlink()
    change = FolderChange.between(shown, NotesFolder.open(notes_dir))
    assert not change.same
    assert (change.added, change.removed, change.changed) == (
        ("sub/d.md",),
        ("sub/c.md",),
        ("b.md",),
    )
    assert change.relinked


def test_a_body_changed_without_its_names_or_links_relinks_nothing(
    write: WriteNote, notes_dir: Path
) -> None:
    shown = folder_of(write, notes_dir)
    write("a.md", "# A\n\nSee [[b]], and more words.\n")
    change = FolderChange.between(shown, NotesFolder.open(notes_dir))
    assert change.changed == ("a.md",) and not change.same
    assert not change.relinked
    write("a.md", "# A\n\nSee [[sub/c]] now.\n")
    assert FolderChange.between(shown, NotesFolder.open(notes_dir)).relinked


def test_a_folder_listed_by_name_is_never_the_same_as_the_folder_read(
    write: WriteNote, notes_dir: Path
) -> None:
    shown = folder_of(write, notes_dir)
    listed = NotesFolder.listed(notes_dir, scan(notes_dir))
    assert not FolderChange.between(listed, shown).same
    assert not FolderChange.between(listed, listed).same  # still to be read


def test_a_note_is_touched_by_changes_to_where_its_links_lead_or_what_links_to_it(
    write: WriteNote, notes_dir: Path
) -> None:
    shown = folder_of(write, notes_dir)  # a.md links to b.md
    write("sub/c.md", "# C, retitled\n")  # nothing to do with a.md or b.md
    change = FolderChange.between(shown, NotesFolder.open(notes_dir))
    assert change.relinked
    assert not change.touches("a.md") and not change.touches("b.md")
    assert change.touches("sub/c.md") is False  # nothing links to it, it links nowhere
    write("b.md", "# B, retitled\n")  # the title of a note a.md links to: [[b]] still leads there
    change = FolderChange.between(shown, NotesFolder.open(notes_dir))
    assert not change.touches("a.md")
    write("a.md", "# A, retitled\n\nSee [[b]].\n")  # b.md's backlink shows a.md's title
    change = FolderChange.between(shown, NotesFolder.open(notes_dir))
    assert change.touches("b.md")
    write("sub/b.md", "# Deeper\n")  # a note came: anything may lead elsewhere
    assert FolderChange.between(shown, NotesFolder.open(notes_dir)).touches("sub/c.md")
