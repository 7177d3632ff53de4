"""Handing a note to the rest of the desktop: the reader's editor, Obsidian, the file manager.

Each function answers with a sentence for the status bar when it could not do what was asked,
and None when it did.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

from viewer.core.obsidian import obsidian_url, vault_of


def editor_arguments(command: str, file: Path, line: int) -> list[str] | None:
    """The command line of an editor command such as ``code --goto {file}:{line}`` or
    ``kate --line {line} {file}``; the file goes last when the command does not place it.
    None when the command cannot be read."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if not words:
        return None
    placed = any("{file}" in word for word in words)
    arguments = [word.replace("{file}", str(file)).replace("{line}", str(line)) for word in words]
    return arguments if placed else [*arguments, str(file)]


def open_in_editor(file: Path, line: int, command: str = "") -> str | None:
    """Open ``file`` at ``line`` with ``command`` (see :func:`editor_arguments`), or with the
    system's application for Markdown files when there is no command."""
    if not command.strip():
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(file))):
            return None
        return "No application is set to open Markdown files: choose an editor in Preferences."
    arguments = editor_arguments(command, file, line)
    if arguments is None:
        return f"The editor command “{command}” cannot be read: check its quotes in Preferences."
    started, _pid = QProcess.startDetached(arguments[0], arguments[1:], str(file.parent))
    if not started:
        return f"The editor “{arguments[0]}” could not be started: check Preferences."
    return None


def open_in_obsidian(file: Path) -> str | None:
    """Open the note ``file`` in Obsidian, through its ``obsidian://`` link (see
    :mod:`viewer.core.obsidian`); the link is given as written, not encoded again."""
    vault = vault_of(file.parent)
    url = obsidian_url(vault, file) if vault is not None else None
    if url is None:
        return f"{file.name} is not in an Obsidian vault (a folder with an .obsidian folder)."
    if QDesktopServices.openUrl(QUrl.fromEncoded(url.encode("ascii"), QUrl.ParsingMode.StrictMode)):
        return None
    return "Obsidian did not open: is it installed? It opens obsidian:// links."


def show_in_file_manager(file: Path) -> str | None:
    """Show ``file`` selected in the system's file manager (its folder where it cannot)."""
    if sys.platform == "win32":
        started, _pid = QProcess.startDetached("explorer", [f"/select,{file}"])
        if started:
            return None
    elif sys.platform == "darwin":
        started, _pid = QProcess.startDetached("open", ["-R", str(file)])
        if started:
            return None
    elif _freedesktop_show(file):
        return None
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(file.parent))):
        return None
    return f"No file manager could show {file.parent}."


def _freedesktop_show(file: Path) -> bool:
    """The freedesktop.org file manager interface, which selects the file (Files, Dolphin,
    Nemo, Thunar…), on the session bus if there is one."""
    from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    manager = QDBusInterface(
        "org.freedesktop.FileManager1",
        "/org/freedesktop/FileManager1",
        "org.freedesktop.FileManager1",
        bus,
    )
    if not manager.isValid():
        return False
    reply = manager.call("ShowItems", [QUrl.fromLocalFile(str(file)).toString()], "")
    return reply.type() != QDBusMessage.MessageType.ErrorMessage
