"""Controller tests: the app's parts that decide, driven alone, without Chromium or a window.

Two tiers of tests drive the app. The end-to-end tier (``tests/app``, marked ``e2e``) drives
the real :class:`~viewer.app.main_window.MainWindow`, its QtWebEngine pages and players, with
real clicks and keys. This tier drives one controller at a time (the session, its history;
follow-along, the folder search and the player pane as they get interfaces of their own)
through its public methods, on real files in ``tmp_path`` with the real index (SQLite) and
places file, and reads what it says through its signals (:class:`tests.helpers.signals.
SignalLog`). Where the real part would be Chromium or a media player, a fake stands in, named
as such in the test.

Rules of the tier:

- No QtWebEngine and no window: a module here imports neither (``test_tier.py`` checks it in a
  fresh interpreter), so ``pytest -m "not e2e"`` starts no Chromium. The QApplication is
  pytest-qt's (see ``conftest.py``).
- What comes from the disk (watchers, the background read of a folder) is waited for by its
  signal (``qtbot.waitSignal``), never by a time; a "nothing happens" check goes through
  :func:`tests.helpers.waits.stays`, after a positive event.
"""
