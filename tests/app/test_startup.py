"""The start the `viewer` command makes (viewer.app.startup): the last note's page from the
cache first, before the folder is read or the rest of the window is made, then the note as
rendered now, which replaces the page only if it differs. A changed note, or a damaged cache
file, is never shown from the cache. Real window, real pages."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.helpers.pages import note_eval, wait_for_note
from tests.helpers.players import video_paused, video_time
from tests.helpers.windows import close_all, left_at
from viewer.app import schemes
from viewer.app.main_window import MainWindow
from viewer.app.navigator import PATH_ROLE
from viewer.app.settings import Settings
from viewer.app.startup import Start, start
from viewer.core.opening import Opening
from viewer.core.page_cache import PageCache
from viewer.core.places import Place, Places

Make = Callable[[], MainWindow]
NOTE = "test_pattern_seeking.md"
TITLE = "Test pattern: seeking a local video"


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def make(qapp: QApplication, settings_dir: Path, state: Path) -> Iterator[Make]:
    """A window as `viewer` makes it (application.run): the frame and the note pane only,
    the rest left to the start. Its places and cached page are this test's own."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(
            Settings(),
            places=Places(state / "places.json"),
            pages=PageCache(state / "last-page.html"),
            later=True,
        )
        window.resize(1400, 800)
        windows.append(window)
        return window

    yield make
    close_all(qapp, windows)


def first_start(qtbot: QtBot, make: Make, notes: Path) -> None:
    """A start with nothing kept yet: built at once, the note rendered and its page kept."""
    Settings().remember_session(notes, NOTE)
    window = make()
    assert start(window, None) is None
    assert window.built
    wait_for_note(qtbot, window, TITLE)
    assert window.pages.path.is_file()
    window.close()


class Shown:
    """Each note page the display says is on screen, with what the window had then."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.pages: list[tuple[str, bool, bool, object]] = []
        self.texts: list[str] = []
        self.loads = 0
        window.display.pageShown.connect(self._shown)
        window.note_view.loadFinished.connect(self._loaded)

    def _shown(self, note: str, rendered: bool) -> None:
        window = self.window
        self.pages.append((note, rendered, window.built, window.folder))
        # The text of the page on screen now (read back from the page itself).
        window.note_view.page().toPlainText(self.texts.append)

    def _loaded(self, _ok: bool) -> None:
        self.loads += 1


def test_a_second_start_shows_the_last_note_from_the_cache_before_the_folder_is_read(
    qtbot: QtBot, make: Make, notes: Path
) -> None:
    first_start(qtbot, make, notes)

    window = make()
    shown = Shown(window)
    begun = start(window, None)
    assert isinstance(begun, Start)
    # The page from the cache is on screen while nothing else of the window is made yet.
    qtbot.waitUntil(lambda: bool(shown.texts), timeout=10_000)
    assert shown.pages[0] == (NOTE, False, False, None)
    assert shown.texts[0].startswith(TITLE)
    assert "The video should jump there" in shown.texts[0]
    assert window.windowTitle() == f"{TITLE} — notes — Viewer"
    assert window.note_view.url() == QUrl(schemes.file_url(NOTE))
    # Then the folder is read and the note rendered: the same page, which stays (one load).
    with qtbot.waitSignal(begun.done, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: len(shown.pages) == 2, timeout=10_000)
    assert shown.pages[1][:2] == (NOTE, True)
    assert window.folder is not None and window.folder.root == notes
    assert window.current == NOTE
    assert shown.loads == 1
    wait_for_note(qtbot, window, TITLE)
    # The player was made once the page was on screen, and has the note's video.
    qtbot.waitUntil(lambda: window.player.is_ready, timeout=20_000)
    assert window.player.source is not None
    assert window.player.source.value == str(notes / "media" / "test-pattern.webm")
    # The rest of the window is there: the list, with the note selected; the menus.
    assert window.navigator.tree.currentIndex().data(PATH_ROLE) == NOTE
    assert [menu.title() for menu in window.commands.menus.values()] == [
        "&File", "&View", "&Go", "&Playback", "&Help",
    ]  # fmt: skip
    assert len(window.menuBar().actions()) == 5


def _age_cached_page(cached: Path, old: str, new: str) -> None:
    """Make the page kept say ``new`` where the note says ``old``, still a whole, valid entry:
    a page the note's render no longer gives (as after a change the cache cannot see)."""
    header, body = cached.read_bytes().split(b"\n", 1)
    fields = json.loads(header)
    assert old.encode() in body
    body = body.replace(old.encode(), new.encode())
    fields.update(length=len(body), crc32=zlib.crc32(body))
    cached.write_bytes(json.dumps(fields).encode() + b"\n" + body)


def test_a_second_start_resumes_the_video_paused_where_it_was_and_the_keys_then_play_it(
    qtbot: QtBot, make: Make, notes: Path, state: Path
) -> None:
    first_start(qtbot, make, notes)
    left_at(state / "places.json", notes / NOTE, 12.0, 0.0)

    window = make()
    begun = start(window, None)
    assert begun is not None
    with qtbot.waitSignal(begun.done, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: window.player.state.duration > 39, timeout=15_000)
    qtbot.waitUntil(lambda: abs(video_time(qtbot, window) - 12.0) <= 0.1, timeout=10_000)
    assert video_paused(qtbot, window)
    # The note has had the keyboard from the start: K plays.
    focus = QApplication.focusWidget()
    assert focus is not None and focus in (window.note_view, window.note_view.focusProxy())
    QTest.keyClick(focus, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)


def test_the_rendered_note_replaces_a_cached_page_that_differs_where_the_reader_is(
    qtbot: QtBot, make: Make, notes: Path, state: Path
) -> None:
    first_start(qtbot, make, notes)
    _age_cached_page(state / "last-page.html", "The video should jump there", "An older page")
    left_at(state / "places.json", notes / NOTE, 0.0, 0.5)

    window = make()
    shown = Shown(window)
    assert start(window, None) is not None
    qtbot.waitUntil(lambda: len(shown.texts) == 1, timeout=10_000)
    assert shown.pages[0][:3] == (NOTE, False, False)
    assert "An older page" in shown.texts[0]
    qtbot.waitUntil(lambda: len(shown.texts) == 2, timeout=20_000)
    assert shown.pages[1][:2] == (NOTE, True)
    assert "The video should jump there" in shown.texts[1]
    assert "An older page" not in shown.texts[1]
    assert shown.loads == 2
    # Half-way down, as on the cached page (where the reader was).
    fraction = "window.scrollY / document.documentElement.scrollHeight"
    qtbot.waitUntil(lambda: abs(note_eval(qtbot, window, fraction) - 0.5) < 0.02, timeout=5_000)


def test_a_note_linking_to_the_last_one_since_shows_once_the_folder_is_checked(
    qtbot: QtBot, make: Make, notes: Path
) -> None:
    first_start(qtbot, make, notes)
    # The note's file is as it was (its cached page is good), but a new note links to it.
    (notes / "a_fan.md").write_text(
        "---\ntitle: A fan of the test pattern\n---\n\nSee [[test_pattern_seeking]].\n", "utf-8"
    )
    window = make()
    shown = Shown(window)
    assert start(window, None) is not None
    qtbot.waitUntil(lambda: len(shown.texts) == 1, timeout=10_000)
    assert "A fan of the test pattern" not in shown.texts[0]
    # The folder opens from the index as it was (the same page: kept), then its check finds
    # the new note, and the note is shown again with its new backlink. (Its render may
    # overtake the first one, still being made: then the kept page is not said again.)
    qtbot.waitUntil(
        lambda: (
            len(shown.texts) == len(shown.pages) and "A fan of the test pattern" in shown.texts[-1]
        ),
        timeout=20_000,
    )
    assert [page[:2] for page in shown.pages] in (
        [(NOTE, False), (NOTE, True), (NOTE, True)],
        [(NOTE, False), (NOTE, True)],
    )
    assert all("A fan of the test pattern" not in text for text in shown.texts[:-1])
    assert shown.loads == 2


def test_a_note_changed_since_is_not_shown_from_the_cache(
    qtbot: QtBot, make: Make, notes: Path
) -> None:
    first_start(qtbot, make, notes)
    note = notes / NOTE
    note.write_text(note.read_text("utf-8") + "\nA line written after the last start.\n", "utf-8")

    window = make()
    shown = Shown(window)
    assert start(window, None) is None  # built at once, as without a cache
    assert window.built
    qtbot.waitUntil(lambda: bool(shown.texts), timeout=10_000)
    assert [page[:2] for page in shown.pages] == [(NOTE, True)]
    assert "A line written after the last start." in shown.texts[0]
    assert window.current == NOTE


@pytest.mark.parametrize(
    "damage",
    [lambda data: data[:-40], lambda data: b"\x00garbage\xff" * 50],
    ids=["cut-short", "garbage"],
)
def test_a_damaged_cache_file_is_ignored(
    qtbot: QtBot, make: Make, notes: Path, state: Path, damage: Callable[[bytes], bytes]
) -> None:
    first_start(qtbot, make, notes)
    cached = state / "last-page.html"
    cached.write_bytes(damage(cached.read_bytes()))

    window = make()
    shown = Shown(window)
    assert start(window, None) is None
    qtbot.waitUntil(lambda: bool(shown.texts), timeout=10_000)
    assert [page[:2] for page in shown.pages] == [(NOTE, True)]
    assert shown.texts[0].startswith(TITLE)
    # The note's page is kept again, whole.
    again = PageCache(cached).load(notes, NOTE, window.display.theme, _style())
    assert again is not None and TITLE in again.document


def test_a_start_with_a_path_opens_it_without_the_cached_page(
    qtbot: QtBot, make: Make, notes: Path
) -> None:
    first_start(qtbot, make, notes)
    window = make()
    shown = Shown(window)
    assert start(window, Opening(notes / "welcome.md")) is None
    qtbot.waitUntil(lambda: bool(shown.texts), timeout=10_000)
    assert [page[:2] for page in shown.pages] == [("welcome.md", True)]


def test_ctrl_q_before_the_rest_is_made_quits_at_once_and_keeps_the_place(
    qtbot: QtBot, make: Make, notes: Path, state: Path
) -> None:
    first_start(qtbot, make, notes)
    left_at(state / "places.json", notes / NOTE, 12.0, 0.25)
    window = make()
    shown = Shown(window)
    begun = start(window, None)
    assert begun is not None
    qtbot.waitUntil(lambda: bool(shown.pages), timeout=10_000)
    assert not window.built
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    qtbot.waitUntil(lambda: "imported" in begun.marks, timeout=20_000)
    assert not window.built  # nothing more is made for a window that is gone
    assert Places(state / "places.json").get(notes / NOTE) == Place(12.0, 0.25)


def test_keys_pressed_before_the_rest_is_made_are_done_once_it_is(
    qtbot: QtBot, make: Make, notes: Path
) -> None:
    first_start(qtbot, make, notes)
    window = make()
    shown = Shown(window)
    begun = start(window, None)
    assert begun is not None
    qtbot.waitUntil(lambda: bool(shown.pages), timeout=10_000)
    assert not window.built
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_K)  # play
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not window.built and not window.player.state.playing
    with qtbot.waitSignal(begun.done, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=15_000)
    assert window.find_bar.isVisible()
    assert QApplication.focusWidget() is window.find_bar.box


def _style() -> str:
    from viewer.resources import asset_text

    return asset_text("note.css")
