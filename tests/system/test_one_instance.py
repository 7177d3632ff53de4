"""One window per user: a second launch, a file manager's double click or a deep link opened
with xdg-open ends in the window that is open, at the moment asked for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.desktop import VIEWER, Desktop, run_viewer
from tests.helpers.frames import FPS
from tests.system.conftest import CLOCK_NOTE, CLOCK_TITLE, Launch, copy_samples
from viewer.core.opening import SCHEME, moment_url
from viewer.identity import APP_ID


def viewer_windows(desktop: Desktop) -> list[str]:
    """The app's windows on screen: those whose title ends in "Viewer"."""
    try:
        return desktop.xdotool("search", "--onlyvisible", "--name", "Viewer$").split()
    except RuntimeError:  # none
        return []


def test_a_second_launch_opens_its_note_in_the_first_window_and_exits(
    launch: Launch, desktop: Desktop, tmp_path: Path
) -> None:
    notes = copy_samples(tmp_path)
    home = tmp_path / "home"
    first = launch(home, str(notes / "welcome.md"))
    first.wait_for_title("Welcome to Viewer — notes — Viewer")

    second = run_viewer(desktop, home, str(notes / CLOCK_NOTE))

    assert (second.returncode, second.stderr) == (0, ""), second.stderr
    first.wait_for_title(CLOCK_TITLE)
    assert len(viewer_windows(desktop)) == 1
    first.quit()


def test_a_deep_link_opened_with_xdg_open_plays_the_note_from_its_moment(
    launch: Launch, desktop: Desktop, tmp_path: Path
) -> None:
    if shutil.which("xdg-open") is None:
        pytest.fail("xdg-open is needed (scripts/bootstrap installs xdg-utils)")
    notes = copy_samples(tmp_path)
    home = tmp_path / "home"
    # The scheme registered as the .deb registers it, in this home: the desktop entry (its
    # Exec pointing at this checkout's command) and the default handler for the scheme.
    entry = (Path(__file__).parents[2] / "resources" / f"{APP_ID}.desktop").read_text()
    applications = home / ".local" / "share" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{APP_ID}.desktop").write_text(
        entry.replace("Exec=viewer %u", f"Exec={VIEWER} %u")
    )
    (home / ".config").mkdir(parents=True, exist_ok=True)
    (home / ".config" / "mimeapps.list").write_text(
        f"[Default Applications]\nx-scheme-handler/{SCHEME}={APP_ID}.desktop\n"
    )
    first = launch(home, str(notes / "welcome.md"))
    first.wait_for_title("Welcome to Viewer — notes — Viewer")

    link = moment_url(notes / CLOCK_NOTE, 12)
    opened = run_viewer(desktop, home, command=("xdg-open", link))

    assert opened.returncode == 0, opened.stdout + opened.stderr
    first.wait_for_title(CLOCK_TITLE)
    # Playing from 0:12 (the clip is 20 s long): its frame code passes 12 s.
    first.wait_for_frame(lambda number: number >= 12 * FPS + FPS // 2, "the clip playing from 0:12")
    assert len(viewer_windows(desktop)) == 1
    first.quit()


def test_a_launch_after_a_crash_replaces_the_dead_instances_socket(
    launch: Launch, desktop: Desktop, tmp_path: Path
) -> None:
    notes = copy_samples(tmp_path)
    home = tmp_path / "home"
    crashed = launch(home, str(notes / "welcome.md"))
    crashed.wait_for_title("Welcome to Viewer — notes — Viewer")
    crashed.close()  # SIGKILL: its socket stays behind

    first = launch(home, str(notes / "welcome.md"))
    first.wait_for_title("Welcome to Viewer — notes — Viewer")
    second = run_viewer(desktop, home, str(notes / CLOCK_NOTE))

    assert second.returncode == 0, second.stderr
    first.wait_for_title(CLOCK_TITLE)
    first.quit()


def test_new_window_opens_a_window_of_its_own(
    launch: Launch, desktop: Desktop, tmp_path: Path
) -> None:
    notes = copy_samples(tmp_path)
    home = tmp_path / "home"
    first = launch(home, str(notes / "welcome.md"))
    first.wait_for_title("Welcome to Viewer — notes — Viewer")

    other = launch(home, "--new-window", str(notes / CLOCK_NOTE))
    other.wait_for_title(CLOCK_TITLE)

    assert first.title() == "Welcome to Viewer — notes — Viewer"
    assert len(viewer_windows(desktop)) == 2
    other.focus()
    other.quit()
    first.focus()
    first.quit()
