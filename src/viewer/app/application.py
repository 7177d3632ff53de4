"""Starting the desktop app: Chromium's flags, the URL schemes, one instance, the window."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from viewer.identity import APP_ID, APP_NAME, ORGANIZATION

if TYPE_CHECKING:
    from viewer.core.opening import Opening

log = logging.getLogger("viewer")


def prepare_environment() -> None:
    """What must be settled before Qt starts: the sandbox as root, and quiet Chromium.

    Chromium refuses to start its sandbox as root. Rather than fail, the app turns the sandbox
    off itself, and says so.
    """
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    wanted = ["--disable-background-networking", "--disable-component-update"]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        log.warning("running as root: the Chromium sandbox is turned off")
        wanted.append("--no-sandbox")
    flags += [flag for flag in wanted if flag not in flags]
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)


def create_application(argv: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication, with the app's names and URL schemes set up (once per process)."""
    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from viewer.app.schemes import register_schemes
    from viewer.resources import asset_path

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    register_schemes()
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    # Wayland's app id and X11's _GTK_APPLICATION_ID: the desktop entry's name.
    QGuiApplication.setDesktopFileName(APP_ID)
    arguments = list(argv if argv is not None else sys.argv[:1])
    if sys.platform.startswith("linux"):
        # X11's WM_CLASS instance (else the command's name), which StartupWMClass matches.
        arguments += ["-name", APP_ID]
    app = QApplication(arguments)
    app.setWindowIcon(QIcon(str(asset_path("viewer.svg"))))
    from viewer.app import interpreter

    interpreter.configure()
    return app


def run(opening: Opening | None, *, new_window: bool = False) -> int:
    """The app: ``opening`` in the running window if there is one (see
    :mod:`viewer.app.single_instance`), else in a window of its own."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    from viewer.app import single_instance

    if not new_window and single_instance.hand_off(opening):
        return 0
    from viewer.app.main_window import MainWindow
    from viewer.app.startup import start

    window = MainWindow(later=True)  # the rest once the last note is on screen: see startup
    instance = None
    if not new_window:
        instance = single_instance.Instance(parent=window)
        instance.requested.connect(window.open_at)
        instance.listen()
    start(window, opening)
    code = app.exec()
    if instance is not None:
        instance.close()
    window.shutdown()
    return int(code)
