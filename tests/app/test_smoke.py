"""`viewer --smoke-test` from the source tree: it plays and seeks, and leaves no trace."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLES


def smoke(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``viewer --smoke-test`` in a process of its own, with ``home`` as the user's home."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "viewer", "--smoke-test", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_smoke_test_passes_and_writes_nothing_in_the_users_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = smoke(home)
    assert result.returncode == 0, result.stderr[-800:]
    assert "smoke test passed: seeked to 12 s, landed at 12." in result.stdout
    # Neither settings nor the folder index of the app were written for the user.
    written = [path.relative_to(home).as_posix() for path in home.rglob("*") if path.is_file()]
    assert not [path for path in written if "viewer" in path.lower()], written


def test_the_smoke_test_plays_a_given_note_and_says_which_player_did(tmp_path: Path) -> None:
    result = smoke(tmp_path, str(SAMPLES / "local_mp4_clock.md"))
    assert result.returncode == 0, result.stderr[-800:]
    # The note's first timestamp is 0:03; H.264 in MP4 plays in the native player.
    assert result.stdout.startswith(
        "smoke test passed: seeked to 3 s, landed at 3.00 s and playing (native player, "
    )
    without = smoke(tmp_path, str(SAMPLES / "welcome.md"))
    assert without.returncode == 1
    assert without.stderr.rstrip().endswith("smoke test failed: welcome.md has no video")
