"""The QApplication of a test run: there is one per process, and which one matters.

Chromium's URL schemes (the app's own and the fake YouTube's) can only be registered before
the QApplication exists, so when a run drives the real window (the ``e2e`` tests), the
application must be the app's own, made by :func:`e2e_application`, whichever test comes first.
A run without them never imports QtWebEngine.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

_made: list[QApplication] = []


def e2e_application() -> QApplication:
    """The app's own QApplication, with its URL schemes and the fake YouTube's registered."""
    if _made:
        return _made[0]
    assert QApplication.instance() is None, (
        "a QApplication was made before the end-to-end tests' own: their URL schemes can no "
        "longer be registered"
    )
    from tests.helpers.fake_youtube import register_fake_youtube_scheme
    from viewer.app.application import create_application

    register_fake_youtube_scheme()
    app = create_application(["viewer-tests"])
    assert isinstance(app, QApplication)
    _made.append(app)
    return app
