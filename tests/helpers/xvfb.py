"""A real X display for tests that need one (the offscreen platform loads no X library)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def x_display(size: str = "1280x800x24") -> Iterator[str]:
    """An Xvfb server of its own for the block: its display name, such as ``:3``."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is needed (scripts/bootstrap installs xvfb)")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        display = server.stdout.readline().strip()
        assert display.isdigit(), f"Xvfb gave no display number: {display!r}"
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
