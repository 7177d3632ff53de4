"""One instance per user: the first listens, a later launch hands its request over.

The listening end runs here, in the test's event loop; each later launch is a process of its
own (as it is in life: its waits block, and would block this loop), using the app's own
``hand_off``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from viewer.app.single_instance import Instance
from viewer.core.opening import Opening

_HAND_OFF = """
import sys
from pathlib import Path
from viewer.app.single_instance import hand_off
from viewer.core.opening import Opening
path, seconds = sys.argv[2], sys.argv[3]
opening = None if path == "-" else Opening(Path(path), None if seconds == "-" else float(seconds))
sys.exit(0 if hand_off(opening, sys.argv[1]) else 3)
"""


def later_launch(name: str, path: str = "-", seconds: str = "-") -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", _HAND_OFF, name, path, seconds])


def ended(qtbot: QtBot, process: subprocess.Popen[bytes]) -> int:
    """The process's exit status, this test's event loop running meanwhile (it answers)."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=20_000)
    return process.returncode


@pytest.fixture
def name(tmp_path: Path) -> str:
    return str(tmp_path / "viewer.socket")


@pytest.fixture
def first(name: str) -> Iterator[Instance]:
    instance = Instance(name)
    yield instance
    instance.close()


def test_a_later_launch_hands_its_note_and_moment_to_the_first(
    qtbot: QtBot, first: Instance, name: str
) -> None:
    assert first.listen()
    with qtbot.waitSignal(first.requested, timeout=20_000) as asked:
        assert ended(qtbot, later_launch(name, "/notes/talk.md", "163")) == 0
    assert asked.args == [Opening(Path("/notes/talk.md"), 163.0)]


def test_a_later_launch_without_an_argument_asks_the_first_to_show_itself(
    qtbot: QtBot, first: Instance, name: str
) -> None:
    assert first.listen()
    with qtbot.waitSignal(first.requested, timeout=20_000) as asked:
        assert ended(qtbot, later_launch(name)) == 0
    assert asked.args == [None]


def test_with_no_first_instance_a_launch_is_the_first(qtbot: QtBot, name: str) -> None:
    assert ended(qtbot, later_launch(name, "/notes/talk.md")) == 3


def test_a_socket_left_by_a_crashed_instance_is_replaced(
    qtbot: QtBot, first: Instance, name: str
) -> None:
    # What a killed instance leaves: the socket file, and nobody listening on it.
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(name)
    dead.close()
    assert Path(name).exists()
    assert first.listen()
    with qtbot.waitSignal(first.requested, timeout=20_000):
        assert ended(qtbot, later_launch(name, "/notes/a.md")) == 0


def test_a_live_instances_socket_is_never_taken_over(
    qtbot: QtBot, first: Instance, name: str
) -> None:
    assert first.listen()
    second = Instance(name)
    assert not second.listen()
    second.close()
    with qtbot.waitSignal(first.requested, timeout=20_000):  # the first still answers
        assert ended(qtbot, later_launch(name, "/notes/a.md")) == 0


@pytest.mark.parametrize(
    "request_line",
    [b"not json\n", b"[1, 2]\n", b'{"path": "relative.md"}\n', b'{"path": "/a.md", "t": -1}\n'],
)
def test_a_request_that_cannot_be_read_is_dropped_and_the_first_goes_on(
    qtbot: QtBot, first: Instance, name: str, request_line: bytes
) -> None:
    assert first.listen()
    asked: list[object] = []
    first.requested.connect(asked.append)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(name)
        client.sendall(request_line)
        client.setblocking(False)
        answer = bytearray()

        def closed() -> bool:
            try:
                data = client.recv(16)
            except BlockingIOError:
                return False
            answer.extend(data)
            return not data  # the first closed the connection

        qtbot.waitUntil(closed, timeout=20_000)
    assert (bytes(answer), asked) == (b"", [])
    with qtbot.waitSignal(first.requested, timeout=20_000):
        assert ended(qtbot, later_launch(name, "/notes/a.md")) == 0
