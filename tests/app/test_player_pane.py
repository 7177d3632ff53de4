"""The video pane's own keys, its focus frame and its control bar, through the real window with
real clicks and keys: the native player (an MP4, an MP3) and the web player (an AV1 WebM)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QPalette,
    QWindow,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from tests.app.test_local_formats import MEDIA, menu_after_right_click, native, note_about
from tests.helpers.pages import click_element, wait_for_note
from tests.helpers.players import backend, video_loaded
from viewer.app.main_window import MainWindow
from viewer.app.player.base import PlayerState
from viewer.app.player.controls import HANDLE_CLEARANCE, HANDLE_RADIUS, ControlBar, Mark
from viewer.app.player.native import THEME_COLOURS, NativePlayer


def open_clip(qtbot: QtBot, window: MainWindow, folder: Path, title: str) -> None:
    window.open_folder(folder, "clip.md")
    wait_for_note(qtbot, window, title)
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=20_000)
    qtbot.waitUntil(lambda: window.player.state.duration > 19, timeout=10_000)


def picture_window(qtbot: QtBot, player: NativePlayer) -> QWindow:
    """The window the native picture is drawn in (QVideoWidget's own, inside the player)."""
    top = player.window().windowHandle()
    assert top is not None

    def found() -> list[QWindow]:
        return [
            window
            for window in QGuiApplication.allWindows()
            if window.metaObject().className() == "QVideoWindow"
            and top.isAncestorOf(window)
            and window.isExposed()
        ]

    qtbot.waitUntil(lambda: len(found()) == 1, timeout=5_000)
    return found()[0]


def click_picture(qtbot: QtBot, window: MainWindow) -> None:
    """A real left click in the middle of the picture, whichever player shows it."""
    player = window.player.active
    if isinstance(player, NativePlayer):
        picture = picture_window(qtbot, player)
        centre = QPoint(picture.width() // 2, picture.height() // 2)
        QTest.mouseClick(picture, Qt.MouseButton.LeftButton, pos=centre)
    else:
        target = window.player.web.view.focusProxy()
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.rect().center())


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """A key pressed where the keyboard is."""
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClick(focus, key)


def skip_with(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> float:
    with qtbot.waitSignal(window.player.seeked, timeout=10_000) as seeked:
        press(qtbot, window, key)
    return float(seeked.args[0])


def ring_shown(window: MainWindow) -> bool:
    """The frame round the picture is drawn in the highlight colour (read from its pixels)."""
    stage = window.player.stage
    image = stage.grab().toImage()
    highlight = stage.palette().color(QPalette.ColorRole.Highlight)
    middle = image.height() // 2
    return (
        all(image.pixelColor(x, middle) == highlight for x in (0, 1, image.width() - 1))
        and image.pixelColor(image.width() // 2, 0) == highlight
    )


@pytest.mark.parametrize(
    ("clip", "kind"), [("clock-h264.mp4", "native"), ("clock-av1.webm", "web")]
)
def test_a_click_on_the_picture_gives_the_pane_the_arrows_and_a_focus_frame(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, clip: str, kind: str
) -> None:
    open_clip(qtbot, window, note_about(tmp_path / "n", clip, "A clip"), "A clip")
    assert backend(window) == kind
    click_element(qtbot, window.note_view, "h1")  # the reader is in the note
    qtbot.waitUntil(lambda: window.note_view.focusProxy().hasFocus())
    assert not ring_shown(window)

    click_picture(qtbot, window)
    qtbot.waitUntil(lambda: window.player.isAncestorOf(QApplication.focusWidget()))
    qtbot.waitUntil(lambda: ring_shown(window))
    # As on YouTube: the arrows step 5 s, from the paused start.
    assert abs(skip_with(qtbot, window, Qt.Key.Key_Right) - 5.0) <= 0.2
    assert abs(skip_with(qtbot, window, Qt.Key.Key_Right) - 10.0) <= 0.2
    assert abs(skip_with(qtbot, window, Qt.Key.Key_Left) - 5.0) <= 0.2
    assert not window.player.state.playing

    # Back in the note: the frame goes, and the arrows are the note's again.
    click_element(qtbot, window.note_view, "h1")
    qtbot.waitUntil(lambda: not ring_shown(window))


def test_up_and_down_after_a_click_on_the_seek_bar_change_the_volume_by_5_percent(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_clip(qtbot, window, note_about(tmp_path / "n", "clock-h264.mp4", "A clip"), "A clip")
    bar = window.player.controls.seek_bar
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        QTest.mouseClick(
            bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.x_of(12.0), bar.height() // 2)
        )
    assert bar.hasFocus()
    qtbot.waitUntil(lambda: ring_shown(window))

    def volume() -> float:
        return round(window.player.state.volume, 2)

    press(qtbot, window, Qt.Key.Key_Down)
    assert window.player.flash.isVisible() and window.player.flash.text() == "Volume 95%"
    qtbot.waitUntil(lambda: volume() == 0.95, timeout=5_000)
    press(qtbot, window, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: volume() == 0.9, timeout=5_000)
    assert window.player.flash.text() == "Volume 90%"
    assert window.player.controls.volume.value() == 90
    for _ in range(3):  # up to full, not past it
        press(qtbot, window, Qt.Key.Key_Up)
    assert window.player.flash.text() == "Volume 100%"
    qtbot.waitUntil(lambda: volume() == 1.0, timeout=5_000)
    # The seek bar has the keyboard: the arrows step 5 s from it too.
    assert abs(skip_with(qtbot, window, Qt.Key.Key_Left) - 7.0) <= 0.3


def _open_speed_menu_then(qtbot: QtBot, window: MainWindow, act: object) -> None:
    """A real click on the speed button; ``act(menu)`` runs while its menu is open (the
    button's menu runs its own event loop until it closes)."""
    button = window.player.controls.speed_button
    done: list[bool] = []

    def in_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        act(menu)  # type: ignore[operator]
        if menu.isVisible():
            menu.close()
        done.append(True)

    QTimer.singleShot(300, in_menu)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)


def test_the_speed_menu_ticks_the_speed_and_the_seek_bar_keeps_its_width(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_clip(qtbot, window, note_about(tmp_path / "n", "clock-h264.mp4", "A clip"), "A clip")
    bar = window.player.controls.seek_bar
    before = bar.geometry()
    ticked: list[list[str]] = []

    def choose_125(menu: QMenu) -> None:
        ticked.append([action.text() for action in menu.actions() if action.isChecked()])
        item = next(action for action in menu.actions() if action.text() == "1.25×")
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())

    _open_speed_menu_then(qtbot, window, choose_125)
    assert ticked == [["1×"]]
    qtbot.waitUntil(lambda: window.player.state.rate == 1.25, timeout=5_000)
    assert window.player.controls.speed_button.text() == "1.25×"
    assert bar.geometry() == before
    _open_speed_menu_then(
        qtbot,
        window,
        lambda menu: ticked.append([a.text() for a in menu.actions() if a.isChecked()]),
    )
    assert ticked[1] == ["1.25×"]


def test_turning_subtitles_off_and_on_leaves_the_picture_where_it_is(
    qtbot: QtBot, window: MainWindow, notes: Path
) -> None:
    window.open_folder(notes, "local_mp4_clock.md")
    wait_for_note(qtbot, window, "Clock: an MP4 file beside the note")
    qtbot.waitUntil(lambda: video_loaded(qtbot, window), timeout=15_000)
    player = native(window)
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:7']")
    qtbot.waitUntil(lambda: player.cue.isVisible(), timeout=3_000)
    picture = player.video.geometry()
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_C)
    qtbot.waitUntil(lambda: not player.cue.isVisible(), timeout=3_000)
    assert window.player.flash.text() == "Subtitles off"
    QApplication.processEvents()  # the layout settles
    assert player.video.geometry() == picture
    QTest.keyClick(window.note_view.focusProxy(), Qt.Key.Key_C)
    qtbot.waitUntil(lambda: player.cue.isVisible(), timeout=3_000)
    QApplication.processEvents()
    assert player.video.geometry() == picture


def _colours(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_an_audio_note_offers_no_fullscreen_and_shows_its_title_in_the_players_colours(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = note_about(tmp_path / "n", "ticks.mp3", "A podcast")
    shutil.copy(MEDIA / "clock-h264.mp4", folder / "media" / "clock.mp4")
    (folder / "video.md").write_text(
        "---\ntitle: A clip\nvideo: media/clock.mp4\n---\nHi.\n", encoding="utf-8"
    )
    open_clip(qtbot, window, folder, "A podcast")
    player = native(window)
    assert player.screens.currentWidget() is player.title
    assert not window.player.controls.fullscreen_button.isVisible()
    assert menu_after_right_click(qtbot, player) == [
        "Play",
        "Speed",
        "Copy Link to Current Moment",
        "Open Video in Default Player",
    ]
    QTest.mouseDClick(player.title, Qt.MouseButton.LeftButton, pos=player.title.rect().center())
    assert not window.fullscreen.active and not window.isFullScreen()
    # The title reads as the web player's page does: its text colour on its background.
    background, text = THEME_COLOURS["dark" if _dark() else "light"]
    image = player.title.grab().toImage()
    assert image.pixelColor(2, 2) == QColor(background)
    assert text in _colours(image)

    # A video again: the button is back.
    window.open_note("video.md")
    wait_for_note(qtbot, window, "A clip")
    qtbot.waitUntil(lambda: window.player.controls.fullscreen_button.isVisible(), timeout=15_000)


def _dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


class SystemPlayer(QObject):
    """Stands in for the system's default player: records the files it would have opened."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_video_opens_a_local_file_in_the_default_player_and_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = note_about(tmp_path / "n", "clock-h264.mp4", "A clip")
    open_clip(qtbot, window, folder, "A clip")
    with qtbot.waitSignal(window.player.seeked, timeout=10_000):
        click_element(qtbot, window.note_view, "a.timestamp[href='seek:3']")
    qtbot.waitUntil(lambda: window.player.state.playing, timeout=5_000)
    system = SystemPlayer()
    QDesktopServices.setUrlHandler("file", system, "open")
    try:
        # The app's own menu on the picture (a right click; the offscreen platform sends no
        # context-menu event after it: the one the window system would).
        player = native(window)
        centre = player.rect().center()
        QTest.mouseClick(player, Qt.MouseButton.RightButton, pos=centre)
        QApplication.sendEvent(
            player,
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, player.mapToGlobal(centre)),
        )
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        item = next(a for a in menu.actions() if a.text() == "Open Video in Default Player")
        with qtbot.waitSignal(window.player.notice) as notice:
            QTest.mouseClick(
                menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center()
            )
    finally:
        QDesktopServices.unsetUrlHandler("file")
    path = folder / "media" / "clock-h264.mp4"
    assert system.urls == [QUrl.fromLocalFile(str(path.resolve()))]
    assert notice.args == ["Opened clock-h264.mp4 in the default player."]
    # It goes on in the other player, not in both.
    qtbot.waitUntil(lambda: not window.player.state.playing, timeout=5_000)


# The control bar on its own -----------------------------------------------------------------


@pytest.fixture
def bar(qtbot: QtBot) -> ControlBar:
    widget = ControlBar()
    qtbot.addWidget(widget)
    widget.resize(560, 32)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def two_hundred_marks(duration: float) -> list[Mark]:
    step = duration / 200
    return [Mark(i * step, f"{i}", f"Passage {i}", index=i) for i in range(200)]


def test_two_hundred_marks_are_thinned_and_the_handle_stays_clear(
    qtbot: QtBot, bar: ControlBar
) -> None:
    seek = bar.seek_bar
    bar.show_state(PlayerState(current_time=300.0, duration=600.0))
    bar.set_marks(two_hundred_marks(600.0))
    bar.layout().activate()  # the time's width is set: the seek bar has its own
    assert seek.width() < 400  # narrower than 200 marks can be drawn apart
    image = seek.grab().toImage()
    mark = seek.palette().color(QPalette.ColorRole.Text)
    middle = seek.rect().center().y()
    row = middle - 5  # above the groove, through the marks only
    track = range(10, seek.width() - 10)
    marked = [x for x in track if image.pixelColor(x, row) == mark]
    # A row of ticks, not a solid comb: at most one pixel in three is a mark.
    assert 0 < len(marked) <= len(track) // 3
    handle = seek.x_of(300.0)
    clear = HANDLE_RADIUS + HANDLE_CLEARANCE - 1
    assert not [x for x in marked if abs(x - handle) <= clear]
    # Every mark is in a tick: together the ticks hold the 200.
    clusters = seek.clusters()
    assert sum(len(cluster.indexes) for cluster in clusters) == 200
    assert len(clusters) < 200


def test_hovering_a_cluster_names_how_many_timestamps_it_holds(
    qtbot: QtBot, bar: ControlBar
) -> None:
    seek = bar.seek_bar
    bar.show_state(PlayerState(current_time=0.0, duration=600.0))
    bar.set_marks(two_hundred_marks(600.0))
    bar.layout().activate()  # the time's width is set: the seek bar has its own
    cluster = next(c for c in seek.clusters() if len(c.indexes) > 1 and c.x > seek.x_of(60))
    first, last = cluster.indexes[0], cluster.indexes[-1]
    count = len(cluster.indexes)
    start, end = (seek.marks[i].seconds for i in (first, last))
    expected = (
        f"<b>{count} timestamps, {_clock(start)}–{_clock(end)}</b>"
        f"<br><b>{_clock(start)}</b> Passage {first}"
    )
    QToolTip.hideText()
    QTest.mouseMove(seek, QPoint(cluster.x, seek.height() // 2))
    # (A tooltip being hidden stays visible a moment, with its old text: wait for this one.)
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text() == expected, timeout=3_000)
    # A click on it plays from its first timestamp.
    with qtbot.waitSignal(seek.markActivated) as activated:
        QTest.mouseClick(seek, Qt.MouseButton.LeftButton, pos=QPoint(cluster.x, 11))
    assert activated.args == [first]


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def test_the_seek_bar_keeps_its_width_as_the_time_and_speed_change(
    qtbot: QtBot, bar: ControlBar
) -> None:
    seek = bar.seek_bar
    bar.show_state(PlayerState(current_time=5.0, duration=700.0))
    QApplication.processEvents()
    before = seek.geometry()
    for state in (
        PlayerState(current_time=605.0, duration=700.0),
        PlayerState(current_time=605.0, duration=700.0, rate=1.25),
        PlayerState(current_time=5.0, duration=700.0, rate=0.25),
    ):
        bar.show_state(state)
        bar.layout().activate()
        assert seek.geometry() == before, state
