"""Replacing a file's bytes at once: whoever reads it sees the old bytes or the new, never half.

The new bytes go into a hidden temporary file beside the note (``.name.md.XXXX.tmp``, in the
same folder, so the rename stays on one file system), which is flushed to disk, given the
note's permission bits (and its owner, where the system allows), and renamed over the note;
then the folder is flushed, so the rename itself survives a crash. Just before the rename the
note is read again: if it no longer holds the bytes it was read with, nothing is renamed.
On any failure the temporary file is removed and the note is left as it was.

A note or folder marked read-only is refused, also when the app runs as root (which the
system lets write anything): no write permission bit at all is read-only, whoever asks.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from viewer.core.capture.result import CaptureRefused


class Changed(Exception):
    """The file no longer holds the bytes it was expected to hold."""


def read_only(path: Path, info: os.stat_result, mode: int = os.W_OK) -> bool:
    """Whether ``path`` (``info`` its status) is read-only: no write permission bit for
    anyone, or none that this user may use (``mode`` adds what else is needed: a folder must
    also be searchable)."""
    return not info.st_mode & 0o222 or not os.access(path, mode)


def check_writable(target: Path, name: str) -> os.stat_result:
    """The status of ``target``; raises :class:`CaptureRefused` if it or its folder is
    read-only. ``name`` is what the reader calls the note."""
    info = target.stat()
    if read_only(target, info):
        raise CaptureRefused(f"“{name}” is read-only; nothing was written.")
    folder = target.parent
    if read_only(folder, folder.stat(), os.W_OK | os.X_OK):
        raise CaptureRefused(
            f"The folder of “{name}” is read-only, and a note is written by replacing it "
            "with a new file there; nothing was written."
        )
    return info


def replace_bytes(target: Path, data: bytes, expected: bytes, name: str) -> os.stat_result:
    """Replace the bytes of ``target`` (a real path, not a link) with ``data``, if it still
    holds ``expected``; the status of the file written.

    Raises :class:`Changed` when it does not, :class:`CaptureRefused` when it or its folder
    is read-only or the system refuses the write.
    """
    try:
        info = check_writable(target, name)
    except FileNotFoundError:
        raise Changed from None
    except OSError as error:
        raise CaptureRefused(_failed(name, error)) from None
    try:
        # A long name is cut: the temporary name must stay within the system's limit.
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:100]}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise CaptureRefused(_failed(name, error)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            # Permissions first: the bytes never sit on disk under other permissions.
            _keep_mode_and_owner(temporary, info)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
            written = os.fstat(file.fileno())  # a rename keeps the time it was written at
        try:
            current = _read(target)
        except FileNotFoundError:
            raise Changed from None
        if current != expected:
            raise Changed
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise CaptureRefused(_failed(name, error)) from None
    except BaseException:
        _remove(temporary)
        raise
    _flush_folder(target.parent)
    return written


def _keep_mode_and_owner(temporary: str, info: os.stat_result) -> None:
    os.chmod(temporary, stat.S_IMODE(info.st_mode))
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) != (info.st_uid, info.st_gid):
        # Only root may give a file away; anyone else writes a note of their own.
        with contextlib.suppress(OSError):
            os.chown(temporary, info.st_uid, info.st_gid)
            os.chmod(temporary, stat.S_IMODE(info.st_mode))  # chown clears set-id bits


def _read(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read()


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _flush_folder(folder: Path) -> None:
    """Flush the folder's entries to disk (the rename). Some systems cannot (Windows has no
    folder handles): the rename is done either way."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    with contextlib.suppress(OSError):
        handle = os.open(folder, flags)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _failed(name: str, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"“{name}” could not be written ({reason.lower()}); it is unchanged."
