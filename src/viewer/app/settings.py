"""What the app remembers between runs, in the user's config folder (QSettings)."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

log = logging.getLogger("viewer.settings")

MAX_RECENT = 10
#: How many notes folders the navigator remembers open subfolders for.
MAX_EXPANDED_ROOTS = 50
#: The longest lead-in a note may be captured with, in seconds.
MAX_LEAD_IN = 60
#: The longest lead-in before a timestamp clicked, in seconds.
MAX_TIMESTAMP_LEAD_IN = 30.0


class Settings:
    """Typed access to QSettings; a damaged settings file is set aside, never fatal."""

    def __init__(self) -> None:
        self._store = QSettings()
        if self._store.status() != QSettings.Status.NoError:
            damaged = Path(self._store.fileName())
            log.warning("settings file %s is damaged; starting with defaults", damaged)
            with contextlib.suppress(OSError):
                damaged.replace(damaged.with_suffix(damaged.suffix + ".damaged"))
            self._store = QSettings()

    def _set(self, key: str, value: object) -> None:
        """Set ``key``, unless it holds ``value`` already: Qt writes the whole file after any
        change, on the UI thread, syncing it and a lock file to the disk (see
        ``tests/controllers/test_settings.py``), and the session and the recent folders are
        set again at each note shown and each read of the folder."""
        if not _same(self._store.value(key), value):
            self._store.setValue(key, value)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) else None

    def _float(self, key: str, default: float) -> float:
        try:
            return float(self._store.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _str(self, key: str) -> str | None:
        value = self._store.value(key)
        return value if isinstance(value, str) and value else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._set("window/state", value)

    @property
    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter.setter
    def splitter(self, value: QByteArray) -> None:
        self._set("window/splitter", value)

    @property
    def player_splitter(self) -> QByteArray | None:
        """The player's column: the video above, the transcript under it."""
        return self._bytes("window/player_splitter")

    @player_splitter.setter
    def player_splitter(self, value: QByteArray) -> None:
        self._set("window/player_splitter", value)

    @property
    def pop_out(self) -> bool:
        """The video is in a window of its own (off unless the reader popped it out)."""
        return self._store.value("pop_out/shown", "false") in ("true", True, 1, "1")

    @pop_out.setter
    def pop_out(self, value: bool) -> None:
        self._set("pop_out/shown", "true" if value else "false")

    @property
    def pop_out_geometry(self) -> QByteArray | None:
        """Where the video's own window was, and its size."""
        return self._bytes("pop_out/geometry")

    @pop_out_geometry.setter
    def pop_out_geometry(self, value: QByteArray) -> None:
        self._set("pop_out/geometry", value)

    @property
    def pop_out_on_top(self) -> bool:
        """The video's own window stays above the others (picture in picture)."""
        return self._store.value("pop_out/on_top", "false") in ("true", True, 1, "1")

    @pop_out_on_top.setter
    def pop_out_on_top(self, value: bool) -> None:
        self._set("pop_out/on_top", "true" if value else "false")

    @property
    def zoom(self) -> float:
        return min(3.0, max(0.5, self._float("note/zoom", 1.0)))

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._set("note/zoom", value)

    @property
    def rate(self) -> float:
        """The playback speed, kept from one video (and run) to the next."""
        return min(2.0, max(0.25, self._float("player/rate", 1.0)))

    @rate.setter
    def rate(self, value: float) -> None:
        self._set("player/rate", value)

    @property
    def follow(self) -> bool:
        """Keep the passage the video is at in view (on unless the reader turned it off)."""
        return self._store.value("player/follow", "true") not in ("false", False, 0, "0")

    @follow.setter
    def follow(self, value: bool) -> None:
        self._set("player/follow", "true" if value else "false")

    @property
    def transcript_shown(self) -> bool:
        """Show a note's transcript under the video (on unless the reader hid it)."""
        return self._store.value("view/transcript", "true") not in ("false", False, 0, "0")

    @transcript_shown.setter
    def transcript_shown(self, value: bool) -> None:
        self._set("view/transcript", "true" if value else "false")

    @property
    def note_order(self) -> str:
        """How the navigator sorts notes: "title" or "modified"."""
        value = self._str("navigator/order")
        return value if value in ("title", "modified") else "title"

    @note_order.setter
    def note_order(self, value: str) -> None:
        self._set("navigator/order", value)

    # The navigator's open subfolders, per notes folder (the latest MAX_EXPANDED_ROOTS).

    def _expanded(self) -> dict[str, list[str]]:
        try:
            value = json.loads(str(self._store.value("navigator/expanded", "{}")))
        except ValueError:
            return {}
        if not isinstance(value, dict):
            return {}
        return {
            root: [path for path in paths if isinstance(path, str)]
            for root, paths in value.items()
            if isinstance(root, str) and isinstance(paths, list)
        }

    def expanded_folders(self, root: Path) -> list[str]:
        """The subfolders (folder-relative) the reader left open in the notes folder ``root``."""
        return self._expanded().get(str(root), [])

    def set_expanded_folders(self, root: Path, folders: list[str]) -> None:
        kept = self._expanded()
        kept.pop(str(root), None)
        if folders:
            kept[str(root)] = folders
        # The folder just changed goes last; the oldest go first when there are too many.
        latest = dict(list(kept.items())[-MAX_EXPANDED_ROOTS:])
        self._set("navigator/expanded", json.dumps(latest))

    @property
    def last_folder(self) -> Path | None:
        value = self._str("session/folder")
        return Path(value) if value else None

    @property
    def last_note(self) -> str | None:
        return self._str("session/note")

    def remember_session(self, folder: Path, note: str | None) -> None:
        self._set("session/folder", str(folder))
        self._set("session/note", note or "")

    @property
    def recent_folders(self) -> list[Path]:
        value = self._store.value("session/recent", [])
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return [Path(item) for item in items if isinstance(item, str) and item][:MAX_RECENT]

    def add_recent_folder(self, folder: Path) -> None:
        recent = [folder, *(item for item in self.recent_folders if item != folder)]
        self._set("session/recent", [str(item) for item in recent[:MAX_RECENT]])

    def clear_recent_folders(self) -> None:
        self._store.remove("session/recent")

    # What the reader chooses in File › Preferences

    @property
    def theme(self) -> str:
        """``system``, ``light`` or ``dark``."""
        value = self._store.value("view/theme", "system")
        return value if value in ("system", "light", "dark") else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._set("view/theme", value)

    @property
    def editor(self) -> str:
        """The command that opens a note in the reader's editor, with ``{file}`` and ``{line}``
        (empty: the system's application for Markdown files)."""
        value = self._store.value("editor/command", "")
        return value if isinstance(value, str) else ""

    @editor.setter
    def editor(self, value: str) -> None:
        self._set("editor/command", value.strip())

    @property
    def lead_in(self) -> float:
        """Seconds to start before a timestamp the reader clicks (0: at it)."""
        return min(MAX_TIMESTAMP_LEAD_IN, max(0.0, self._float("player/lead_in", 0.0)))

    @lead_in.setter
    def lead_in(self, value: float) -> None:
        value = min(MAX_TIMESTAMP_LEAD_IN, max(0.0, float(value)))
        self._set("player/lead_in", value)

    @property
    def continuous_play(self) -> bool:
        """When a video ends, offer the next note of the folder with a video (off unless the
        reader turned it on)."""
        return self._store.value("player/continuous", "false") in ("true", True, 1, "1")

    @continuous_play.setter
    def continuous_play(self, value: bool) -> None:
        self._set("player/continuous", "true" if value else "false")

    @property
    def capture_pauses(self) -> bool:
        """Pause the video while a note is typed (Add Note at This Moment); off: it plays on."""
        return self._store.value("capture/pause", "false") in ("true", True, 1, "1")

    @capture_pauses.setter
    def capture_pauses(self, value: bool) -> None:
        self._set("capture/pause", "true" if value else "false")

    @property
    def capture_lead_in(self) -> int:
        """How many seconds before the video's time a note is put (a thought comes a moment
        after what prompted it), 0 to 60."""
        return round(min(MAX_LEAD_IN, max(0.0, self._float("capture/lead_in", 0.0))))

    @capture_lead_in.setter
    def capture_lead_in(self, value: int) -> None:
        self._set("capture/lead_in", int(value))

    def sync(self) -> None:
        self._store.sync()


def _same(stored: object, value: object) -> bool:
    """Whether the settings file holds ``value`` as ``stored`` (read back from the file, a
    number is its text, and a list of one string that string)."""
    if isinstance(value, list) and isinstance(stored, str):
        stored = [stored]
    if stored == value:
        return True
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and isinstance(stored, str) and stored == str(value)
