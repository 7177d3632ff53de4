"""One small JSON file of what the app keeps between runs, in the user's state folder: read
without ever failing, written atomically.

The file is ``{"version": N, KEY: [row, …]}``. Reading gives the rows of a version the caller
knows; a missing file gives none; an unreadable one is reported and gives none; a damaged one
(not JSON, another shape, an unknown version) is set aside as ``*.damaged`` and gives none, so
the next write starts afresh. Writing goes to a temporary file in the same folder, renamed over
the old one: a crash leaves the old file whole. A file that cannot be written is reported once;
the app then goes on without keeping what it would have written.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Collection
from pathlib import Path


class StateFile:
    """The JSON file at ``path``, whose rows are the list under ``key``."""

    def __init__(self, path: Path, key: str, log: logging.Logger, not_kept: str) -> None:
        self.path = path
        self.key = key
        self._log = log
        #: What is lost when the file cannot be written, for the warning ("places are not
        #: remembered").
        self._not_kept = not_kept
        self._unwritable = False

    def read(self, versions: Collection[int]) -> tuple[int, list[object]]:
        """The file's version and its rows; ``(0, [])`` when there are none to read."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return 0, []
        except OSError as error:
            self._log.warning("%s cannot be read (%s); starting afresh", self.path, error)
            return 0, []
        except UnicodeDecodeError as error:
            return self._damaged(str(error))
        try:
            data = json.loads(text)
            version = data.get("version")
            rows = data[self.key] if version in versions else None
            if not isinstance(rows, list):
                raise ValueError(f"no list of {self.key}")
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            return self._damaged(str(error))
        return version, rows

    def write(self, version: int, rows: list[object]) -> bool:
        """Replace the file with these rows; whether it was written."""
        if self._unwritable:
            return False
        import tempfile  # only here: the app's start reads these files, and writes none

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    json.dump({"version": version, self.key: rows}, file, ensure_ascii=False)
                os.replace(temporary, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            self._log.warning("%s cannot be written (%s); %s", self.path, error, self._not_kept)
            self._unwritable = True
            return False
        return True

    def _damaged(self, why: str) -> tuple[int, list[object]]:
        self._log.warning("%s is damaged (%s); starting afresh", self.path, why[:200])
        with contextlib.suppress(OSError):
            self.path.replace(self.path.with_suffix(".damaged"))
        return 0, []
