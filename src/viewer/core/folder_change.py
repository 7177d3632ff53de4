"""What changed between the folder on screen and the same folder read again.

Worked out where the folder is read (a worker thread), so that the window, told of a change
in a folder of 50,000 notes, has only the change to act on: which notes came, went or
changed, whether link resolution may have changed, and which folders to watch::

    change = FolderChange.between(shown, read_again, watch=subfolders(root, limit))
    if not change.same:
        show(change.folder)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from viewer.core.folder import NotesFolder


@dataclass(frozen=True, slots=True)
class FolderChange:
    #: The folder as it was when the read was asked for (what the change is measured from).
    before: NotesFolder
    #: The folder as read; ``before`` itself when the read found nothing changed.
    folder: NotesFolder
    #: Folder-relative paths of the notes that came, went, and changed (their entry did).
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    #: Whether a note's names (title, aliases) or links changed, or a note came or went: what
    #: link resolution and backlinks depend on.
    relinked: bool
    #: The folder and its subfolders, to watch for notes coming and going.
    watch: tuple[Path, ...]

    @property
    def same(self) -> bool:
        """Nothing to show anew: the same notes, the same problems, every note read."""
        folder, before = self.folder, self.before
        return before.complete and (
            folder is before
            or (
                not (self.added or self.removed or self.changed)
                and folder.problems == before.problems
            )
        )

    @classmethod
    def between(
        cls, before: NotesFolder, folder: NotesFolder, watch: Sequence[Path] = ()
    ) -> FolderChange:
        """Compare two readings of a folder (a pass over both folders' entries)."""
        if folder is before:
            return cls(before, folder, (), (), (), False, tuple(watch))
        old, new = before.entries, folder.entries
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if before.table.same_names(folder.table):  # the same paths: compared a chunk at a time
            places = before.table.changed_places(folder.table)
            changed = tuple(map(folder.table.path, places))
        else:
            added = tuple(path for path in new if path not in old)
            removed = tuple(path for path in old if path not in new)
            changed = tuple(
                path
                for path, entry in new.items()
                if (was := old.get(path)) is not None and was != entry
            )
        relinked = bool(added or removed) or any(
            (old[path].title, old[path].aliases) != (new[path].title, new[path].aliases)
            for path in changed
        )
        if not relinked:
            before_links, links = before.links, folder.links
            relinked = before_links is not links and before_links != links
        return cls(before, folder, added, removed, changed, relinked, tuple(watch))

    def touches(self, path: str) -> bool:
        """Whether the note at ``path`` is shown otherwise in the folder read again: a note
        came or went, or (its names or links changed) one of its wiki links leads elsewhere,
        or the notes that link to it, or their titles, changed. (Its relative Markdown links
        are not known here: the caller judges those.)"""
        if self.added or self.removed:
            return True
        if not self.relinked:
            return False
        before, folder = self.before, self.folder
        targets = folder.links.get(path, ())
        if targets != before.links.get(path, ()):
            return True
        if any(before.resolve(target) != folder.resolve(target) for target in targets):
            return True
        return before.backlinks_by_title(path) != folder.backlinks_by_title(path)
