"""One window per user: a second ``viewer`` hands what it was asked to open to the first.

The first instance listens on a local socket in the user's runtime folder
(``$XDG_RUNTIME_DIR/io.github.videonotes.Viewer``; a named pipe on Windows). A later launch
connects, sends one line of JSON (``{"path": …, "t": …}``, both possibly null), waits for
``ok`` and exits 0; the first opens the note (at the moment, for a deep link) and raises its
window. ``viewer --new-window`` neither asks nor listens.

A socket left by an instance that crashed refuses connections: it is removed and replaced.
Only then: a socket that does not answer in time belongs to a busy instance, which keeps it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from viewer.core.opening import Opening
from viewer.identity import APP_ID

log = logging.getLogger("viewer.instance")

#: How long a second launch waits for the first to take its request.
ANSWER_MS = 3000
#: The longest request read: a path and a time.
MAX_REQUEST = 65536


def server_name() -> str:
    """The socket's path (a pipe's name on Windows), one per user."""
    if sys.platform == "win32":
        return f"{APP_ID}-{os.environ.get('USERNAME', 'user')}"
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return str(Path(runtime) / APP_ID)


def encode(opening: Opening | None) -> bytes:
    path = None if opening is None else str(opening.path)
    seconds = None if opening is None else opening.seconds
    return json.dumps({"path": path, "t": seconds}).encode() + b"\n"


def decode(line: bytes) -> Opening | None:
    """The request in ``line``; ``None`` for "just show the window". Raises ``ValueError``."""
    message = json.loads(line)
    if not isinstance(message, dict):
        raise ValueError("the request is not an object")
    path, seconds = message.get("path"), message.get("t")
    if path is None:
        return None
    if not isinstance(path, str) or not os.path.isabs(path):
        raise ValueError("the path is not an absolute path")
    if seconds is not None and (not isinstance(seconds, (int, float)) or seconds < 0):
        raise ValueError("the time is not a number of seconds")
    return Opening(Path(path), None if seconds is None else float(seconds))


def hand_off(opening: Opening | None, name: str | None = None) -> bool:
    """Give ``opening`` to a running instance; whether one took it."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(ANSWER_MS):
        return False
    socket.write(encode(opening))
    socket.flush()
    answered = socket.waitForReadyRead(ANSWER_MS)
    answered = answered and bytes(socket.readAll().data()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class Instance(QObject):
    """The first instance's end: listens, and says what later launches asked for."""

    #: A later launch asked for this (``None``: just show the window).
    requested = Signal(object)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Listen for later launches, replacing a socket a crashed instance left behind.
        Whether it listens (a live instance's socket is never taken over)."""
        if self.server.listen(self.name):
            return True
        if self.server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("cannot listen for other launches: %s", self.server.errorString())
            return False
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(ANSWER_MS) or (
            probe.error() != QLocalSocket.LocalSocketError.ConnectionRefusedError
        ):
            probe.abort()
            log.info("another instance is listening already")
            return False
        QLocalServer.removeServer(self.name)  # a crashed instance's socket
        if not self.server.listen(self.name):
            log.warning("cannot listen for other launches: %s", self.server.errorString())
            return False
        return True

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(lambda socket=socket: self._forget(socket))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_REQUEST:
                socket.abort()
            else:
                self._buffers[socket] = buffer
            return
        self._buffers.pop(socket, None)
        try:
            opening = decode(buffer.split(b"\n", 1)[0])
        except ValueError as error:
            log.info("a request from another launch cannot be read: %s", error)
            socket.abort()
            return
        socket.write(b"ok\n")
        socket.flush()
        self.requested.emit(opening)
