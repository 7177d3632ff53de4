"""The video pane's own context menu, in place of the web page's (no reload, no save page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from viewer.app.player.base import RATES
from viewer.app.player.controls import rate_text
from viewer.app.player.pane import PlayerPane


def player_menu(
    parent: QWidget,
    player: PlayerPane,
    copy_moment: Callable[[], None],
    copy_frame: Callable[[], None],
    fullscreen: bool,
    toggle_fullscreen: Callable[[], None],
) -> QMenu:
    """Play or pause, the speeds, a link to the moment, the picture (for a video, not for
    sound only), the video outside the app (a file in the default player, the rest in the
    browser), fullscreen (not for sound only). The menu deletes itself once closed."""
    menu = QMenu(parent)
    state = player.state
    menu.addAction("Pause" if state.playing else "Play", player.toggle)
    speed = menu.addMenu("Speed")
    for rate in RATES:
        action = speed.addAction(rate_text(rate))
        action.triggered.connect(lambda _on=False, rate=rate: player.set_rate(rate))
        action.setCheckable(True)
        action.setChecked(rate == state.rate)
    menu.addSeparator()
    menu.addAction("Copy Link to Current Moment", copy_moment)
    if not player.audio_only and player.source is not None:
        menu.addAction("Copy Frame", copy_frame)
    if player.source is not None:
        menu.addAction(player.open_elsewhere_text(), lambda: player.open_in_browser())
    if fullscreen or not player.audio_only:
        menu.addSeparator()
        menu.addAction("Leave Fullscreen" if fullscreen else "Fullscreen", toggle_fullscreen)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return menu
