"""One app id everywhere a desktop looks for one: the desktop entry, the icons, the window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from configparser import ConfigParser
from pathlib import Path

import pytest

from tests.helpers.xvfb import x_display as x_server
from viewer.core.opening import SCHEME
from viewer.identity import APP_ID, APP_NAME, ORGANIZATION

REPO = Path(__file__).resolve().parents[2]
RESOURCES = REPO / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(RESOURCES / f"{APP_ID}.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_desktop_entry_is_named_after_the_app_id() -> None:
    assert sorted(p.name for p in RESOURCES.glob("*.desktop")) == [f"{APP_ID}.desktop"]
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["StartupWMClass"] == APP_ID
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "viewer %u"  # a file (as a path or a file: URL) or a deep link
    assert f"x-scheme-handler/{SCHEME};" in entry["MimeType"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="desktop-file-utils")
def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.fail("desktop-file-validate is not installed (scripts/bootstrap installs it)")
    result = subprocess.run(
        [validate, str(RESOURCES / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    # No error, and no hint either (such as a second main category).
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_every_icon_is_named_after_the_app_id() -> None:
    hicolor = RESOURCES / "icons" / "hicolor"
    pngs = sorted(p.relative_to(hicolor).as_posix() for p in hicolor.rglob("*.png"))
    assert pngs == sorted(f"{size}x{size}/apps/{APP_ID}.png" for size in ICON_SIZES)
    assert (RESOURCES / "icons" / f"{APP_ID}.svg").is_file()


@pytest.fixture
def x_display() -> Iterator[str]:
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 window properties")
    if shutil.which("xprop") is None:
        pytest.fail("xprop is needed (scripts/bootstrap installs x11-utils)")
    with x_server("1024x768x24") as display:
        yield display


WINDOW_SCRIPT = textwrap.dedent(
    """
    import subprocess, sys
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QWidget
    from viewer.app.application import create_application

    app = create_application([sys.argv[0]])
    window = QWidget()
    window.show()

    def report():
        properties = ["WM_CLASS", "_GTK_APPLICATION_ID", "_KDE_NET_WM_DESKTOP_FILE"]
        command = ["xprop", "-id", str(int(window.winId())), *properties]
        print(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        print("settings", QSettings().fileName())
        app.quit()

    QTimer.singleShot(200, report)
    app.exec()
    """
)


def test_the_window_carries_the_app_id_on_x11(x_display: str, tmp_path: Path) -> None:
    """WM_CLASS (which StartupWMClass matches) and the desktop file name GNOME and KDE read."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("QT_", "XDG_CONFIG"))
    }
    env.update(DISPLAY=x_display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'WM_CLASS(STRING) = "{APP_ID}", "{APP_NAME}"' in result.stdout
    assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{APP_ID}"' in result.stdout
    assert f'_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "{APP_ID}"' in result.stdout
    assert f"settings {tmp_path}/{ORGANIZATION}/{APP_NAME}.conf" in result.stdout
