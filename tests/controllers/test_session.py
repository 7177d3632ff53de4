"""The session alone: folders and notes opened, the history and the places, and the disk
followed (a note edited, renamed, deleted or added), on real files with the real index and
places file. What the window would show is read from the session's signals."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.history import visits
from tests.helpers.signals import SignalLog
from tests.helpers.waits import event_loop_turned, stays
from viewer.app.session import Arrival, Session
from viewer.core.capture import Stamp
from viewer.core.index_cache import READ_NOW_LIMIT, IndexCache
from viewer.core.places import Place, Places

#: Long enough for a burst of file system events, a settle timer and a background read.
DISK = 10_000

TALK = (
    "---\ntitle: The talk\nvideoId: abcdefghijk\n---\n\n"
    '## Start\n\nFirst <a class="yt-timestamp" data-t="00:00:33">[00:00:33]</a>.\n\n'
    '## Later\n\nLate <a class="yt-timestamp" data-t="50:10:00">[50:10:00]</a>.\n\n'
    "Next: [[second]].\n"
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    write(root / "welcome.md", "# Welcome\n\nStart at [[talk]] or [[second]].\n")
    write(root / "talk.md", TALK)
    write(root / "second.md", "# Second\n\nBack to [[talk]].\n")
    write(root / "sub" / "deep.md", "# Deep\n\nDown here.\n")
    return root


@pytest.fixture
def session(index: IndexCache, places: Places) -> Iterator[Session]:
    session = Session(index, places)
    yield session
    session.close()


def history_of(session: Session) -> list[str]:
    return visits(session.history)


# --- folders ------------------------------------------------------------------------------------


def test_a_folder_opens_at_its_welcome_note_and_says_how_many_notes_it_has(
    session: Session, folder: Path
) -> None:
    log = SignalLog(session)
    assert session.open_folder(folder) is True
    assert session.folder is not None
    assert log.args("folderChanged") == [session.folder]
    assert session.folder.root == folder
    assert list(session.folder.entries) == ["second.md", "sub/deep.md", "talk.md", "welcome.md"]
    assert log.args("message") == [(f"4 notes in {folder}", 5000)]
    assert log.args("readProgress") == [(0, 0)]  # read at once: nothing to wait for
    assert log.args("noteChanged") == [Arrival()]  # never read before: at its top
    assert session.current == "welcome.md"
    assert session.note is not None and session.note.title == "Welcome"
    assert history_of(session) == ["[welcome.md]"]
    assert log.args("warning") == []


def test_a_folder_opens_at_the_note_asked_for_or_else_its_first(
    session: Session, folder: Path, tmp_path: Path
) -> None:
    session.open_folder(folder, "sub/deep.md")
    assert session.current == "sub/deep.md"
    session.open_folder(folder, "gone.md")  # a note remembered, removed since
    assert session.current == "welcome.md"
    plain = tmp_path / "plain"
    write(plain / "b.md", "# B\n")
    write(plain / "a.md", "# A\n")
    session.open_folder(plain)  # no welcome, index or README: the first by path
    assert session.current == "a.md"
    assert history_of(session) == ["[a.md]"]  # each folder starts a history of its own


def test_an_empty_folder_has_no_note_to_show(session: Session, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    log = SignalLog(session)
    assert session.open_folder(empty) is True
    assert log.names().count("noteCleared") == 1
    assert log.args("noteChanged") == []
    assert log.args("message") == [(f"0 notes in {empty}", 5000)]
    assert session.current is None and session.note is None


def test_a_folder_that_is_not_there_is_refused_with_a_message_and_the_open_one_stays(
    session: Session, folder: Path, tmp_path: Path
) -> None:
    session.open_folder(folder, "talk.md")
    log = SignalLog(session)
    assert session.open_folder(tmp_path / "missing") is False
    assert session.open_folder(folder / "talk.md") is False  # a file, not a folder
    assert log.args("warning") == [
        ("This folder cannot be opened", f"'{tmp_path / 'missing'}' is not a folder."),
        ("This folder cannot be opened", f"'{folder / 'talk.md'}' is not a folder."),
    ]
    assert log.names() == ["warning", "warning"]
    assert session.folder is not None and session.folder.root == folder
    assert session.current == "talk.md"


def test_a_note_opens_in_the_recent_folder_that_holds_it_else_in_its_own(
    session: Session, folder: Path
) -> None:
    deep = folder / "sub" / "deep.md"
    assert session.open_path(deep, recent=[folder]) is True
    assert session.folder is not None and session.folder.root == folder
    assert session.current == "sub/deep.md"
    # A note of the open folder: a visit there, as a link's (Back returns).
    assert session.open_path(folder / "talk.md", recent=[]) is True
    assert (session.folder.root, session.current) == (folder, "talk.md")
    assert session.history.can_go_back()
    elsewhere = folder.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("# A\n")
    assert session.open_path(elsewhere / "a.md", recent=[]) is True
    assert (session.folder.root, session.current) == (elsewhere, "a.md")
    assert session.open_path(deep, recent=[]) is True
    assert (session.folder.root, session.current) == (folder / "sub", "deep.md")
    assert session.open_path(folder, recent=[]) is True  # a folder is opened as a folder
    assert (session.folder.root, session.current) == (folder, "welcome.md")


# --- notes, the history, the places -------------------------------------------------------------


def test_back_and_forward_return_to_each_visit_where_the_reader_was(
    session: Session, folder: Path
) -> None:
    session.open_folder(folder)
    session.open_note("talk.md", here=Place(0.0, 0.3))  # leaving welcome, scrolled
    session.open_note("second.md", here=Place(40.0, 0.6))  # leaving the talk at 0:40
    assert history_of(session) == ["welcome.md", "talk.md", "[second.md]"]
    log = SignalLog(session)

    session.go_back(here=Place(0.0, 0.9))
    assert session.current == "talk.md"
    assert log.args("noteChanged") == [Arrival(Place(40.0, 0.6))]
    session.go_back(here=Place(41.5, 0.6))
    assert session.current == "welcome.md"
    session.go_forward(here=Place(0.0, 0.3))
    session.go_forward(here=Place(45.0, 0.7))
    assert session.current == "second.md"
    assert log.args("noteChanged") == [
        Arrival(Place(40.0, 0.6)),
        Arrival(Place(0.0, 0.3)),
        Arrival(Place(41.5, 0.6)),
        Arrival(Place(0.0, 0.9)),
    ]
    assert not session.history.can_go_forward()
    session.go_forward()  # at the end: nothing moves
    assert session.current == "second.md"
    assert len(log.args("noteChanged")) == 4


def test_a_note_read_before_opens_where_the_reader_left_it_also_after_a_relaunch(
    session: Session, folder: Path, index: IndexCache, places_file: Path
) -> None:
    session.open_folder(folder, "talk.md")
    session.open_note("second.md", here=Place(12.0, 0.25))
    log = SignalLog(session)
    session.open_note("talk.md")  # by a link: a new visit, at the place kept
    assert log.args("noteChanged") == [Arrival(Place(12.0, 0.25))]
    session.open_note("second.md", here=Place(13.0, 0.5))
    session.open_note("talk.md", heading="later")  # a link to a heading shows the heading
    assert log.args("noteChanged")[-1] == Arrival(Place(13.0, 0.5), "later")
    session.leave(Place(20.0, 0.75))  # the window closes
    session.close()

    again = Session(index, Places(places_file))  # a relaunch reads the places file
    try:
        relaunched = SignalLog(again)
        again.open_folder(folder, "talk.md")
        assert relaunched.args("noteChanged") == [Arrival(Place(20.0, 0.75))]
    finally:
        again.close()


def test_the_place_left_is_written_after_the_switch_to_the_next_note_not_during_it(
    qtbot: QtBot, session: Session, folder: Path, places_file: Path
) -> None:
    """Going from note to note (the arrow keys in the list) does not wait for the disk: the
    places file is written in a turn of the event loop of its own, and at once when the
    session closes."""
    session.open_folder(folder, "talk.md")
    session.open_note("second.md", here=Place(12.0, 0.25))
    assert Places(places_file).get(folder / "talk.md") is None  # not yet
    qtbot.waitUntil(lambda: Places(places_file).get(folder / "talk.md") == Place(12.0, 0.25))
    session.open_note("talk.md", here=Place(3.0, 0.5))
    session.leave(Place(20.0, 0.75))  # the window closes: no turn of the loop before
    session.close()
    relaunched = Places(places_file)
    assert relaunched.get(folder / "second.md") == Place(3.0, 0.5)
    assert relaunched.get(folder / "talk.md") == Place(20.0, 0.75)


def test_a_link_to_a_heading_of_the_note_on_screen_scrolls_to_it(
    session: Session, folder: Path
) -> None:
    session.open_folder(folder, "talk.md")
    log = SignalLog(session)
    session.open_note("talk.md", heading="later")
    assert log.events == [("scrollRequested", ("later",))]
    assert history_of(session) == ["[talk.md]"]


def test_a_link_to_no_note_of_the_folder_says_so_and_opens_nothing(
    session: Session, folder: Path
) -> None:
    session.open_folder(folder, "talk.md")
    log = SignalLog(session)
    session.open_note("nowhere.md")
    assert log.events == [("message", ("'nowhere.md' is not a note of this folder.", 8000))]
    assert session.current == "talk.md"


def test_the_video_length_renders_the_note_again_only_if_it_changes_a_timestamp(
    session: Session, folder: Path
) -> None:
    session.open_folder(folder, "talk.md")
    # FORMAT.md rule 3: with 00:00:33 in the note, 50:10:00 reads as 50 hours until the video
    # is known to be shorter.
    assert session.first_timestamp() == 33.0
    log = SignalLog(session)
    session.set_duration(3600.0)
    assert log.names() == ["renderNeeded"]
    assert session.duration == 3600.0
    session.set_duration(7200.0)  # known already: the first length stays
    assert session.duration == 3600.0
    session.open_note("second.md")  # another note: its video's length is not known yet
    assert session.duration is None
    log.clear()
    session.set_duration(100.0)
    assert log.names() == []  # no timestamp in it to change
    assert session.first_timestamp() is None


# --- the disk followed ---------------------------------------------------------------------------


def test_a_note_edited_on_disk_is_read_again_where_the_reader_is(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder, "second.md")
    log = SignalLog(session)
    with qtbot.waitSignal(session.noteReloaded, timeout=DISK):
        write(folder / "second.md", "# Second\n\nAn EDITED line.\n")
    assert session.note is not None and "An EDITED line." in session.note.body
    assert "noteChanged" not in log.names()  # read again in place, not arrived at anew
    # An editor that saves by writing a new file over the old one: followed as well.
    with qtbot.waitSignal(session.noteReloaded, timeout=DISK):
        write(folder / "second.md.tmp", "# Second\n\nSaved ANEW.\n")
        os.replace(folder / "second.md.tmp", folder / "second.md")
    assert "Saved ANEW." in session.note.body
    with qtbot.waitSignal(session.noteReloaded, timeout=DISK):
        write(folder / "second.md", "# Second\n\nAnd AGAIN.\n")
    assert "And AGAIN." in session.note.body


def test_the_session_keeps_the_stamp_of_the_bytes_shown_and_a_save_without_change_shows_nothing(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder, "second.md")
    shown = (folder / "second.md").read_bytes()
    assert session.shown == Stamp.of(shown)
    log = SignalLog(session)
    # Saved again as it was (an editor's save, a sync, a capture already on screen): the note
    # on screen is those bytes, and is not shown again.
    with qtbot.waitSignal(session.note_watcher.fileChanged, timeout=DISK):
        (folder / "second.md").write_bytes(shown)
    stays(
        qtbot,
        lambda: "noteReloaded" not in log.names(),
        after=lambda: not session._note_timer.isActive(),
    )
    # Changed, it is: and the stamp is of the new bytes.
    with qtbot.waitSignal(session.noteReloaded, timeout=DISK):
        write(folder / "second.md", "# Second\n\nChanged.\n")
    assert session.shown == Stamp.of((folder / "second.md").read_bytes())


def test_a_note_renamed_on_disk_is_followed_with_its_visits_and_its_place(
    qtbot: QtBot, session: Session, folder: Path, places_file: Path
) -> None:
    session.open_folder(folder, "talk.md")
    session.open_note("second.md", here=Place(30.0, 0.5))
    session.open_note("talk.md", here=Place(0.0, 0.2))
    assert history_of(session) == ["talk.md", "second.md", "[talk.md]"]
    log = SignalLog(session)
    with qtbot.waitSignal(session.noteRenamed, timeout=DISK) as renamed:
        os.rename(folder / "talk.md", folder / "sub" / "the-talk.md")
    assert renamed.args == ["talk.md", "sub/the-talk.md"]
    assert session.current == "sub/the-talk.md"
    assert session.note is not None and session.note.title == "The talk"
    assert history_of(session) == ["sub/the-talk.md", "second.md", "[sub/the-talk.md]"]
    assert ("'talk.md' was renamed to 'sub/the-talk.md'.", 8000) in log.args("message")
    assert "noteGone" not in log.names()
    # Where the reader was in it is kept under its new name, on disk too.
    assert Places(places_file).get(folder / "sub" / "the-talk.md") == Place(30.0, 0.5)


def test_a_note_deleted_on_disk_is_said_gone_and_leaves_the_history(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder)
    session.open_note("second.md")
    with qtbot.waitSignal(session.noteGone, timeout=DISK) as gone:
        os.remove(folder / "second.md")
    assert gone.args == ["second.md"]
    assert (session.current, session.note) == (None, None)
    assert "second.md" not in session.folder  # type: ignore[operator]
    assert history_of(session) == ["[welcome.md]"]


def test_a_note_added_on_disk_joins_the_folder_and_the_open_note_is_rendered_again(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder)
    log = SignalLog(session)
    # Its links and backlinks may change: a link to "third" now leads somewhere.
    with qtbot.waitSignal(session.renderNeeded, timeout=DISK):
        write(folder / "third.md", "# Third\n\nSee [[welcome]].\n")
    assert session.folder is not None and "third.md" in session.folder
    assert session.folder.backlinks("welcome.md") == ["third.md"]
    assert log.names() == ["folderChanged", "renderNeeded"]
    assert session.current == "welcome.md"


def test_going_back_to_a_note_deleted_meanwhile_says_so_and_the_next_back_goes_on(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder)
    session.open_note("second.md")
    session.open_note("talk.md")
    with qtbot.waitSignal(session.folderChanged, timeout=DISK):
        os.remove(folder / "second.md")
    log = SignalLog(session)
    session.go_back()
    assert log.args("message") == [("'second.md' is no longer in the folder.", 8000)]
    assert session.current == "talk.md"
    assert history_of(session) == ["welcome.md", "[talk.md]"]
    session.go_back()
    assert session.current == "welcome.md"


def test_a_big_folder_is_listed_at_once_then_read_in_the_background(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    big = tmp_path / "big"
    count = READ_NOW_LIMIT + 1
    for number in range(count):
        write(big / f"note{number:04}.md", f"---\ntitle: Note number {number}\n---\nBody.\n")
    log = SignalLog(session)
    with qtbot.waitSignal(session.reader.finished, timeout=60_000):
        session.open_folder(big)
        # Listed by name: titles from the file names until the notes are read.
        assert session.folder is not None and not session.folder.complete
        assert session.folder.entries["note0000.md"].title == "Note0000"
    assert session.folder.complete
    assert session.folder.entries["note0000.md"].title == "Note number 0"
    assert log.args("message") == [
        (f"Reading {count} notes in {big}…", 0),
        (f"{count} notes in {big}", 5000),
    ]
    progress = log.args("readProgress")
    assert progress[0] == (0, count) and progress[-1] == (0, 0)
    assert progress[-2] == (count, count)
    assert session.current == "note0000.md"


def test_a_closed_session_no_longer_follows_the_disk(
    qtbot: QtBot, session: Session, folder: Path, tmp_path: Path
) -> None:
    session.open_folder(folder, "talk.md")
    session.close()
    log = SignalLog(session)
    # A witness: another session on the same folder, which does follow it.
    witness = Session(IndexCache(tmp_path / "witness.sqlite3"), Places(tmp_path / "w.json"))
    try:
        witness.open_folder(folder, "talk.md")
        seen = SignalLog(witness)
        write(folder / "talk.md", "# Changed\n")
        write(folder / "new.md", "# New\n")
        stays(
            qtbot,
            lambda: log.events == [],
            after=lambda: {"noteReloaded", "folderChanged"} <= set(seen.names()),
            timeout=DISK,
        )
    finally:
        witness.close()
    assert session.note_watcher.files() == []
    assert session.folder_watcher.directories() == []


def test_f5_reads_the_note_and_the_folder_again(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder, "second.md")
    log = SignalLog(session)
    with qtbot.waitSignal(session.reader.finished, timeout=DISK):
        session.reload()
        assert log.names() == ["noteReloaded"]  # the note at once; the folder after
    assert log.names() == ["noteReloaded"]  # the folder had not changed: nothing to redo
    assert session.current == "second.md"


def test_a_change_a_removal_and_a_rename_in_one_burst_all_show(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder, "welcome.md")
    log = SignalLog(session)
    write(folder / "second.md", "---\ntitle: Second, retitled\n---\n\nBack to [[talk]].\n")
    os.remove(folder / "sub" / "deep.md")
    os.rename(folder / "talk.md", folder / "sub" / "the-talk.md")

    def shown() -> bool:
        entries = session.folder.entries if session.folder is not None else {}
        return set(entries) == {"second.md", "sub/the-talk.md", "welcome.md"} and (
            entries["second.md"].title == "Second, retitled"
        )

    qtbot.waitUntil(shown, timeout=DISK)
    assert session.folder is not None
    assert session.folder.entries["sub/the-talk.md"].title == "The talk"
    assert session.folder.backlinks("sub/the-talk.md") == []  # [[talk]] names it no more
    assert session.folder.resolve("second") == "second.md"
    # The note on screen links to notes that went and changed: it is rendered again.
    assert "renderNeeded" in log.names()
    assert session.current == "welcome.md"
    assert "noteGone" not in log.names()


def test_a_subfolder_made_on_disk_is_watched_and_its_notes_join(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder)
    new = folder / "new" / "deeper"
    new.mkdir(parents=True)
    qtbot.waitUntil(lambda: str(new) in session.folder_watcher.directories(), timeout=DISK)
    with qtbot.waitSignal(session.folderChanged, timeout=DISK):
        write(new / "fresh.md", "# Fresh\n")
    assert session.folder is not None and "new/deeper/fresh.md" in session.folder
    # A folder removed is no longer watched.
    with qtbot.waitSignal(session.folderChanged, timeout=DISK):
        (new / "fresh.md").unlink()
        new.rmdir()
    qtbot.waitUntil(lambda: str(new) not in session.folder_watcher.directories(), timeout=DISK)
    assert str(folder / "sub") in session.folder_watcher.directories()


def test_a_big_folders_subfolders_are_watched_once_it_is_checked(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> None:
    big = tmp_path / "big"
    for number in range(READ_NOW_LIMIT + 1):
        write(big / f"part{number % 3}" / f"note{number:04}.md", f"# Note {number}\n")
    with qtbot.waitSignal(session.reader.finished, timeout=60_000):
        session.open_folder(big)
        # Listed by name at once; its subfolders are listed by the check, off this thread.
        assert session.folder_watcher.directories() == [str(big)]
    assert sorted(session.folder_watcher.directories()) == [
        str(big),
        *(str(big / f"part{part}") for part in range(3)),
    ]


def save(path: Path, text: str) -> None:
    """As an editor saves: a new file put in the old one's place (the folder sees it)."""
    saving = path.with_name(f".{path.name}.saving")
    saving.write_text(text, encoding="utf-8")
    os.replace(saving, path)


def test_the_open_note_is_rendered_again_only_when_a_change_reaches_it(
    qtbot: QtBot, session: Session, folder: Path
) -> None:
    session.open_folder(folder, "welcome.md")  # links to [[talk]] and [[second]]
    log = SignalLog(session)
    with qtbot.waitSignal(session.folderChanged, timeout=DISK):
        save(folder / "sub" / "deep.md", "# Deep, retitled\n\nDown here.\n")
    stays(qtbot, lambda: "renderNeeded" not in log.names(), after=event_loop_turned())
    # A note it links to renamed in place: [[second]] still leads there, by its file name.
    with qtbot.waitSignal(session.folderChanged, timeout=DISK):
        save(folder / "second.md", "# Second, retitled\n\nBack to [[talk]].\n")
    stays(qtbot, lambda: "renderNeeded" not in log.names(), after=event_loop_turned())
    # A note that now links to it: its backlinks change.
    with qtbot.waitSignal(session.renderNeeded, timeout=DISK):
        save(folder / "sub" / "deep.md", "# Deep\n\nUp to [[welcome]].\n")
    assert session.folder is not None
    assert session.folder.backlinks("welcome.md") == ["sub/deep.md"]
