"""The app's own control bar under the video: the same for every backend.

Play and pause, the time, a seek bar with a mark for every timestamp of the note, speed,
volume, fullscreen, and the video in a window of its own (with, there, keep on top). It shows
a :class:`~viewer.app.player.base.PlayerState` and asks for changes through signals; it never
talks to a backend itself.

Nothing in the bar changes width while a video plays (the time, the speed): the seek bar under
the pointer stays where it is. Marks closer than :data:`MARK_GAP` pixels are drawn as one, so a
note with hundreds of timestamps gives a row of ticks with the handle clear among them, not a
solid comb.

The note's chapters (its headings, :mod:`viewer.core.chapters`) cut the track into segments, a
small gap where each begins, as on YouTube; hovering the track names the chapter. A loop
(:mod:`viewer.app.loops`) shows as a band over the track from its start to its end, and a loop
start set alone as a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QActionGroup,
    QColor,
    QIcon,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from viewer.app.player.base import RATES, PlayerState
from viewer.core.chapters import Chapter, Chapters
from viewer.core.timecode import format_seconds

#: How near (pixels) the pointer must be to a mark to hover or click it.
MARK_REACH = 5
#: Marks closer than this (pixels) are drawn as one tick, a cluster; hovering it names them.
MARK_GAP = 6
#: The handle's radius, and the clear ring around it where no mark is drawn.
HANDLE_RADIUS, HANDLE_CLEARANCE = 6, 3
#: The gap (pixels) in the track where a chapter begins.
CHAPTER_GAP = 5
#: The loop band's height (pixels), and how opaque its fill is (0-255).
BAND_HEIGHT, BAND_ALPHA = 16, 80


@dataclass(frozen=True, slots=True)
class Mark:
    """A timestamp of the note, as the seek bar shows it."""

    seconds: float
    label: str
    #: The first words of the timestamp's passage.
    excerpt: str
    #: Its place among the note's timestamps, in document order.
    index: int = 0


def rate_text(rate: float) -> str:
    return f"{rate:g}×"


def volume_text(volume: float) -> str:
    """What the pane's flash says when the volume changes: ``Volume 55%``."""
    return f"Volume {round(volume * 100)}%"


@dataclass(frozen=True, slots=True)
class Cluster:
    """Marks drawn as one tick: their indexes in the seek bar's marks, and where the tick is."""

    x: int
    indexes: tuple[int, ...]


class SeekBar(QWidget):
    """A track with the played part, the note's marks and a handle. A click or a drag seeks
    (once, on release: decoders have no fast seek); a click on a mark activates the mark."""

    seekRequested = Signal(float)
    markActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Seek bar")
        # A click on the bar gives the video pane the keyboard (its arrows step 5 s).
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.duration = 0.0
        self.position = 0.0
        self.marks: list[Mark] = []
        #: The note's chapters, in time order.
        self.chapters = Chapters()
        #: The loop shown: its start and end (``None``: not set).
        self.loop: tuple[float | None, float | None] = (None, None)
        self._dragging: float | None = None
        self._clusters: list[Cluster] | None = None  # made again when the geometry changes

    def sizeHint(self) -> QSize:
        return QSize(200, 22)

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = marks
        self._clusters = None
        self._describe()
        self.update()

    def set_chapters(self, chapters: Chapters) -> None:
        """Cut the track where each of ``chapters`` begins; hovering it names them."""
        if chapters != self.chapters:
            self.chapters = chapters
            self._describe()
            self.update()

    def set_loop(self, start: float | None, end: float | None) -> None:
        """Show a loop from ``start`` to ``end`` as a band; a ``start`` alone as a line."""
        if (start, end) != self.loop:
            self.loop = (start, end)
            self.update()

    def set_times(self, position: float, duration: float) -> None:
        if (position, duration) != (self.position, self.duration):
            if duration != self.duration:
                self._clusters = None
            whole = (int(position), int(duration)) != (int(self.position), int(self.duration))
            self.position, self.duration = position, duration
            if whole:
                self._describe()
            self.update()

    def _describe(self) -> None:
        """Its value for a screen reader, as a time: "2:43 of 40:00, 12 timestamps"."""
        at = f"{format_seconds(self.position)} of {format_seconds(self.duration)}"
        count = len(self.marks)
        marks = f", {count} timestamp{'s' if count != 1 else ''}" if count else ""
        chapter = self.chapters.at(self.position)
        self.setAccessibleDescription(at + marks + (f", {chapter.title}" if chapter else ""))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._clusters = None
        super().resizeEvent(event)

    # Geometry

    def _track(self) -> QRect:
        return self.rect().adjusted(8, 0, -8, 0)

    def x_of(self, seconds: float) -> int:
        track = self._track()
        if self.duration <= 0:
            return track.left()
        share = min(1.0, max(0.0, seconds / self.duration))
        return track.left() + round(share * track.width())

    def seconds_at(self, x: float) -> float:
        track = self._track()
        share = (x - track.left()) / max(1, track.width())
        return min(1.0, max(0.0, share)) * self.duration

    def clusters(self) -> list[Cluster]:
        """The ticks drawn: marks within :data:`MARK_GAP` pixels of a tick's first mark join
        it. Marks past the end of the video are not drawn."""
        if self._clusters is None:
            clusters: list[Cluster] = []
            if self.duration > 0:
                placed = sorted(
                    (self.x_of(mark.seconds), index)
                    for index, mark in enumerate(self.marks)
                    if mark.seconds <= self.duration
                )
                start, members = 0, list[int]()
                for x, index in placed:
                    if members and x - start < MARK_GAP:
                        members.append(index)
                        continue
                    if members:
                        clusters.append(Cluster(start, tuple(members)))
                    start, members = x, [index]
                if members:
                    clusters.append(Cluster(start, tuple(members)))
            self._clusters = clusters
        return self._clusters

    def segments(self) -> list[tuple[int, int]]:
        """The track's segments, left and right x: one per chapter (and one before the
        first), a gap of :data:`CHAPTER_GAP` pixels where each chapter begins."""
        track = self._track()
        left, right = track.left(), track.left() + track.width()
        cuts = sorted(
            {
                self.x_of(chapter.start)
                for chapter in self.chapters
                if 0 < chapter.start < self.duration
            }
            if self.duration > 0
            else set()
        )
        segments, start = [], left
        for cut in cuts:
            end = cut - CHAPTER_GAP // 2
            if end > start:
                segments.append((start, end))
            start = end + CHAPTER_GAP
        if right > start:
            segments.append((start, right))
        return segments

    def chapter_at(self, x: float) -> Chapter | None:
        """The chapter at ``x`` on the track, if the note has one there."""
        return self.chapters.at(self.seconds_at(x)) if self.duration > 0 else None

    def hover_text(self, x: float) -> str:
        """The tooltip at ``x``: a mark's timestamp and passage, or the time there and the
        chapter it is in."""
        cluster = self.cluster_at(x)
        if cluster is not None:
            return self.describe(cluster)
        if self.duration <= 0:
            return ""
        at = format_seconds(self.seconds_at(x))
        chapter = self.chapter_at(x)
        return f"<b>{_escape(chapter.title)}</b><br>{at}" if chapter is not None else at

    def cluster_at(self, x: float) -> Cluster | None:
        """The tick nearest ``x`` within reach, if any."""
        best: tuple[float, Cluster] | None = None
        for cluster in self.clusters():
            distance = abs(cluster.x - x)
            if distance <= MARK_REACH and (best is None or distance < best[0]):
                best = (distance, cluster)
        return best[1] if best else None

    def mark_at(self, x: float) -> int | None:
        """The index of the mark nearest ``x`` within reach (a cluster's first), if any."""
        cluster = self.cluster_at(x)
        return cluster.indexes[0] if cluster else None

    # Painting

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = self._track()
        middle = track.center().y()
        painter.setPen(Qt.PenStyle.NoPen)
        accent = palette.color(QPalette.ColorRole.Highlight)
        self._paint_loop(painter, middle, accent)
        shown = self._dragging if self._dragging is not None else self.position
        played_to = self.x_of(shown)
        for left, right in self.segments():
            painter.setBrush(palette.color(QPalette.ColorRole.Mid))
            painter.drawRoundedRect(QRect(left, middle - 2, right - left, 4), 2, 2)
            if played_to > left:
                painter.setBrush(accent)
                played = QRect(left, middle - 2, min(right, played_to) - left, 4)
                painter.drawRoundedRect(played, 2, 2)
        if self.duration > 0:
            painter.setBrush(palette.color(QPalette.ColorRole.Text))
            handle = self.x_of(shown)
            clear = HANDLE_RADIUS + HANDLE_CLEARANCE
            clusters = self.clusters()
            # Marks too close to draw apart: hairlines, so the played part shows between them.
            width = 1 if len(clusters) < len(self.marks) else 2
            for cluster in clusters:
                if abs(cluster.x - handle) > clear:  # the handle stays clear of the ticks
                    painter.drawRect(QRect(cluster.x - width // 2, middle - 6, width, 12))
            painter.setBrush(accent)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1.5))
            painter.drawEllipse(QPoint(handle, middle), HANDLE_RADIUS, HANDLE_RADIUS)

    def _paint_loop(self, painter: QPainter, middle: int, accent: QColor) -> None:
        """The loop's band behind the track, its ends drawn solid; a start alone, a line."""
        start, end = self.loop
        if start is None or self.duration <= 0:
            return
        top = middle - BAND_HEIGHT // 2
        left = self.x_of(start)
        if end is not None:
            fill = QColor(accent)
            fill.setAlpha(BAND_ALPHA)
            painter.setBrush(fill)
            painter.drawRect(QRect(left, top, self.x_of(end) - left, BAND_HEIGHT))
        painter.setBrush(accent)
        for x in (left,) if end is None else (left, self.x_of(end)):
            painter.drawRect(QRect(x - 1, top, 2, BAND_HEIGHT))

    # The mouse

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._dragging is not None:
            self._dragging = self.seconds_at(x)
            self.update()
        if text := self.hover_text(x):
            QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def describe(self, cluster: Cluster) -> str:
        """The tooltip of a tick: its timestamp and passage; for a cluster, how many it holds
        and from when to when, then the first one."""
        first = self.marks[cluster.indexes[0]]
        when = f"<b>{format_seconds(first.seconds)}</b>"
        excerpt = _escape(first.excerpt)
        if len(cluster.indexes) == 1:
            return f"{when}<br>{excerpt}" if excerpt else when
        last = max(self.marks[index].seconds for index in cluster.indexes)
        span = f"{format_seconds(first.seconds)}–{format_seconds(last)}"
        return f"<b>{len(cluster.indexes)} timestamps, {span}</b><br>{when} {excerpt}".rstrip()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.duration > 0:
            self._dragging = self.seconds_at(event.position().x())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._dragging = None
        x = event.position().x()
        index = self.mark_at(x)
        if index is not None:
            self.markActivated.emit(index)
        else:
            self.seekRequested.emit(self.seconds_at(x))
        self.update()


def _describe(button: QToolButton, tip: str) -> None:
    """An icon button's tooltip, and what a screen reader says for it: its name ("Play")
    and, as its description, the tooltip with its key ("Play (K)")."""
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setAccessibleDescription(tip)


def window_icon(kind: str, palette: QPalette) -> QIcon:
    """The bar's icons for the video's own window, in the palette's text colour: ``pop-out``,
    a small picture in the corner of a screen; ``on-top``, a window above another."""
    icon = QIcon()
    colour = palette.color(QPalette.ColorRole.ButtonText)
    for scale in (1, 2):
        pixmap = QPixmap(16 * scale, 16 * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 1.2))
        if kind == "pop-out":
            painter.drawRoundedRect(QRectF(1.5, 2.5, 13, 11), 1.5, 1.5)
            painter.fillRect(QRectF(8, 8, 5, 4), colour)
        else:
            painter.drawRect(QRectF(1.5, 1.5, 9, 7))
            painter.fillRect(QRectF(5, 6, 10, 8), colour)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ControlBar(QWidget):
    """Everything under the video; its signals are requests, :meth:`show_state` shows."""

    toggleRequested = Signal()
    seekRequested = Signal(float)
    markActivated = Signal(int)
    rateRequested = Signal(float)
    volumeRequested = Signal(float)
    muteRequested = Signal(bool)
    fullscreenRequested = Signal()
    #: The video into a window of its own, or back (the same button).
    popOutRequested = Signal()
    #: Keep the video's own window above the others (True) or not.
    onTopRequested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("controlBar")
        self._muted = False
        self._playing = False
        self._total = ""
        style = self.style()
        self.play_button = self._button("Play (K)", self.toggleRequested.emit)
        self.play_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.time_label = QLabel("0:00 / 0:00", self)
        self.time_label.setObjectName("controlTime")
        self.time_label.setAccessibleName("Time")
        self.seek_bar = SeekBar(self)
        self.seek_bar.seekRequested.connect(self.seekRequested)
        self.seek_bar.markActivated.connect(self.markActivated)
        self.speed_button = QToolButton(self)
        self.speed_button.setText(rate_text(1.0))
        self.speed_button.setToolTip("Speed (Shift+. faster, Shift+, slower)")
        self.speed_button.setAccessibleName("Speed")
        self.speed_button.setAccessibleDescription(self.speed_button.toolTip())
        self.speed_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.speed_button)
        # The current speed is ticked; one tick at a time.
        self._speeds = QActionGroup(menu)
        self._speeds.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for rate in RATES:
            action = menu.addAction(rate_text(rate))
            action.setCheckable(True)
            action.setChecked(rate == 1.0)
            action.setData(rate)
            self._speeds.addAction(action)
            action.triggered.connect(
                lambda _checked=False, rate=rate: self.rateRequested.emit(rate)
            )
        self.speed_button.setMenu(menu)
        # As wide as the widest speed: 1× and 1.25× leave the seek bar where it is.
        self.speed_button.setFixedWidth(self._widest(self.speed_button, RATES))
        self.mute_button = self._button(
            "Mute (M)", lambda: self.muteRequested.emit(not self._muted)
        )
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setFixedWidth(80)
        self.volume.setToolTip("Volume")
        self.volume.setAccessibleName("Volume")
        self.volume.valueChanged.connect(lambda value: self.volumeRequested.emit(value / 100))
        self.fullscreen_button = self._button("Fullscreen (F)", self.fullscreenRequested.emit)
        self.fullscreen_button.setIcon(
            style.standardIcon(QStyle.StandardPixmap.SP_TitleBarMaxButton)
        )
        self.on_top_button = self._button("Keep on Top", lambda: None)
        self.on_top_button.setCheckable(True)
        self.on_top_button.clicked.connect(self.onTopRequested)
        self.on_top_button.hide()  # only in the video's own window
        self.pop_out_button = self._button("Pop Out Video (I)", self.popOutRequested.emit)
        self.pop_out_button.setCheckable(True)  # down while the video is in its own window
        self._draw_window_icons()
        # A notice may show above the row of controls (Up next: see viewer.app.continuous).
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        layout = QHBoxLayout()
        self._column.addLayout(layout)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(6)
        layout.addWidget(self.play_button)
        layout.addWidget(self.time_label)
        layout.addWidget(self.seek_bar, 1)
        layout.addWidget(self.speed_button)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.volume)
        layout.addWidget(self.fullscreen_button)
        layout.addWidget(self.on_top_button)
        layout.addWidget(self.pop_out_button)
        self._show_mute(False)

    def show_popped_out(self, popped: bool, on_top: bool) -> None:
        """The video is in its own window (``popped``), kept on top of the others or not."""
        self.pop_out_button.setChecked(popped)
        _describe(self.pop_out_button, "Put Video Back (I)" if popped else "Pop Out Video (I)")
        self.on_top_button.setVisible(popped)
        self.on_top_button.setChecked(on_top)

    def _draw_window_icons(self) -> None:
        self.pop_out_button.setIcon(window_icon("pop-out", self.palette()))
        self.on_top_button.setIcon(window_icon("on-top", self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: the icons follow
            self._draw_window_icons()

    @staticmethod
    def _widest(button: QToolButton, rates: tuple[float, ...]) -> int:
        shown = button.text()
        widths = []
        for rate in rates:
            button.setText(rate_text(rate))
            widths.append(button.sizeHint().width())
        button.setText(shown)
        return max(widths)

    def add_notice(self, notice: QWidget) -> None:
        """Show ``notice`` above the row of controls while it is visible."""
        self._column.insertWidget(0, notice)

    def allow_fullscreen(self, allowed: bool) -> None:
        """Offer the fullscreen button or not (audio has no picture to fill the screen)."""
        self.fullscreen_button.setVisible(allowed)

    @property
    def speed_menu(self) -> QMenu:
        menu = self.speed_button.menu()
        assert menu is not None
        return menu

    def _button(self, tip: str, act: object) -> QToolButton:
        button = QToolButton(self)
        _describe(button, tip)
        button.setAutoRaise(True)
        button.clicked.connect(act)
        return button

    def _show_mute(self, muted: bool) -> None:
        icon = (
            QStyle.StandardPixmap.SP_MediaVolumeMuted
            if muted
            else QStyle.StandardPixmap.SP_MediaVolume
        )
        self.mute_button.setIcon(self.style().standardIcon(icon))
        _describe(self.mute_button, "Unmute (M)" if muted else "Mute (M)")

    def set_marks(self, marks: list[Mark]) -> None:
        self.seek_bar.set_marks(marks)

    def set_chapters(self, chapters: Chapters) -> None:
        self.seek_bar.set_chapters(chapters)

    def set_loop(self, start: float | None, end: float | None) -> None:
        self.seek_bar.set_loop(start, end)

    def show_state(self, state: PlayerState) -> None:
        self.seek_bar.set_times(state.current_time, state.duration)
        total = format_seconds(state.duration) if state.duration else "–:––"
        if total != self._total:
            # Wide enough for any time up to the end: the seek bar keeps its width as the
            # time goes from 9:59 to 10:00.
            self._total = total
            metrics = self.time_label.fontMetrics()
            widest = max("0123456789", key=metrics.horizontalAdvance)
            longest = re.sub(r"\d", widest, total.replace("–", "0"))
            # Fixed, with room for a glyph drawn past its advance: a label sized to its text
            # would grow by a pixel for some times.
            width = metrics.boundingRect(f"{longest} / {longest}").width()
            self.time_label.setFixedWidth(width + 4)
        self.time_label.setText(f"{format_seconds(state.current_time)} / {total}")
        if state.playing != self._playing:
            self._playing = state.playing
            icon = (
                QStyle.StandardPixmap.SP_MediaPause
                if state.playing
                else QStyle.StandardPixmap.SP_MediaPlay
            )
            self.play_button.setIcon(self.style().standardIcon(icon))
            _describe(self.play_button, "Pause (K)" if state.playing else "Play (K)")
        if self.speed_button.text() != rate_text(state.rate):
            self.speed_button.setText(rate_text(state.rate))
        for action in self._speeds.actions():
            action.setChecked(action.data() == state.rate)
        if state.muted != self._muted:
            self._muted = state.muted
            self._show_mute(state.muted)
        if not self.volume.isSliderDown() and self.volume.value() != round(state.volume * 100):
            self.volume.blockSignals(True)
            self.volume.setValue(round(state.volume * 100))
            self.volume.blockSignals(False)
