"""What the reader does in the real window once a folder is open, each with the longest stall of
the UI thread it caused, and when its first and final results were on screen.

    python -m benchmarks.drivers.interactive FOLDER [--rounds N] [--timeout S]

The window is made as ``viewer FOLDER`` makes it, shown, and the folder opened; the driver
waits until every note is read, the search index is built and the lists have what they show.
Then a 2 ms timer runs on the UI thread and records when it fires: a stall is the longest time
between two of its ticks, less the 2 ms, while an interaction lasts (from its first event to
its final results on screen, and 100 ms more for the layout and paint that follow).

Each interaction is done with real events on the real widgets (``QTest.keyClick``,
``QTest.mouseClick``), ``--rounds`` times (the stall and times reported are the worst):

* ``switcher_open``, ``switcher_type``, ``switcher_close``: Ctrl+P; a query typed key by key
  (the first results: the switcher's first ``resultsShown`` for the query; the final: the
  switcher settled); Esc.
* ``filter_open``, ``filter_type``, ``filter_close``: Ctrl+L; words typed key by key into the
  notes filter (final: the navigator settled); Esc, which clears it.
* ``search_open``, ``search_type``, ``search_results``, ``search_close``: Ctrl+Shift+F; a query
  typed key by key (each key's stall; the panel sends the query 200 ms after the last key, by
  design); the hits on screen after the query was sent (painted, their first row laid out;
  the first: in a big folder, a first look, the hits of its first notes; the final: the whole
  first page, with its counts);
  Esc, the notes list back.
* ``preview``: the arrow key down in the notes list, to the next note's page on screen (the
  list waits for the selection to rest 150 ms first, by design).
* ``expand``: a click on the folder with the most notes, opening it, and one closing it.
* ``watcher``: a note's file written with a new title, to the list showing it (the session
  waits 400 ms for a burst of changes to end, by design; the search index follows).
* ``sort``: the order changed to date and back to title, with the keyboard.

Baselines, in the same process: ``idle``, the stall with nothing happening (as long as the
interactions took, at most 3 s); ``bare_list``, a bare ``QListWidget`` filled with the 50 names
the switcher showed last (its stall, and the time to its first paint).

Prints one JSON line. ``--only`` does some groups of interactions (``switcher``, ``filter``,
``search``, ``expand``, ``preview``, ``sort``, ``watcher``); ``--sample-stalls`` adds
``stalls_seen``, the stacks the UI thread was in during stalls (``_stalls.py``).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import itertools
import logging
import os
import re
import sys
import time
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.drivers._common import block_remote_requests, emit, exit_now

INTERVAL_MS = 2
AFTER_MS = 100  # kept running after the final results, for the layout and the paint
SWITCHER_QUERIES = ("mdl arch", "trnsf att")
FILTER_WORDS = ("model arch", "people")
SEARCH_QUERIES = ("attention", "model arch")


class HitsPainted(list[tuple[float, bool]]):
    """Each paint of the search panel's list showing hits of the query watched: when, and
    whether they were the whole first page (not a first look). Hits given to the list are on
    screen only once it has laid their first row out and painted."""

    def __init__(self, panel: Any) -> None:
        super().__init__()
        from PySide6.QtCore import QEvent, QObject

        self.watching: str | None = None
        hits = panel.results
        painted = self

        class Filter(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if (
                    event.type() == QEvent.Type.Paint
                    and painted.watching is not None
                    and panel.shown == painted.watching
                    and hits.visualRect(hits.hits.index(0, 0)).isValid()
                ):
                    painted.append((time.perf_counter(), bool(panel.complete)))
                return False

        self._filter = Filter(hits)
        hits.viewport().installEventFilter(self._filter)


class Ticks:
    """A timer on the UI thread that notes when it fires, and how much CPU time the UI thread
    had used by then (a stall the thread spent working is the app's; one it spent waiting, for
    a core or for the interpreter, may be the machine's or another thread's). Kept in arrays of
    floats: tuples would be tracked by the garbage collector, and bring on its full passes."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.wall = array("d")
        self.cpu = array("d")
        self.timer = QTimer(interval=INTERVAL_MS)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.wall.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def start(self) -> float:
        """A moment to measure from, just after a tick: the work done before it (the driver's
        own, such as picking a note to change) then ends a gap of its own, not the first gap of
        what is measured next."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        ticked = len(self.wall)
        while len(self.wall) == ticked:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return time.perf_counter()

    def stall(self, since: float, until: float) -> tuple[float, float, float]:
        """Around ``since``..``until``: the longest time between two ticks, less the interval;
        the UI thread's CPU time in that gap; and the most CPU time it used between any two
        ticks (its longest stretch of work, which a busy machine does not lengthen), in ms."""
        wall, cpu = self.wall, self.cpu
        start = max(0, bisect.bisect_left(wall, since) - 1)
        end = bisect.bisect_right(wall, until)
        if end - start < 2:
            return 0.0, 0.0, 0.0
        gaps = range(start + 1, end)
        longest = max(gaps, key=lambda at: wall[at] - wall[at - 1])
        busiest = max(cpu[at] - cpu[at - 1] for at in gaps)
        gap = (wall[longest] - wall[longest - 1]) * 1000
        return (
            max(0.0, gap - INTERVAL_MS),
            (cpu[longest] - cpu[longest - 1]) * 1000,
            busiest * 1000,
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--only", default="", help="comma-separated groups: switcher, filter, ...")
    parser.add_argument(
        "--sample-stalls", action="store_true", help="say what the UI thread ran in long stalls"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    # As the program sets SQLite up at its start (viewer.cli.program).
    from viewer.core.sqlite_memory import stop_counting_memory

    stop_counting_memory()

    from PySide6.QtCore import QEventLoop, QPoint, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QListWidget

    from viewer.app.application import create_application
    from viewer.app.main_window import MainWindow
    from viewer.app.search_panel import as_typed

    CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    from viewer.core.note_tree import Folder

    app = create_application(sys.argv[:1])
    started = time.monotonic()

    def wait(condition: Callable[[], bool], what: str, timeout: float = args.timeout) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise TimeoutError(f"timed out waiting for {what}")
            # One batch of events at a time (a time limit would let a busy loop run on for
            # it, and the condition be seen late): the 2 ms timer wakes it at the latest.
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

    def run_for(seconds: float) -> None:
        end = time.perf_counter() + seconds
        wait(lambda: time.perf_counter() >= end, "time to pass")

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    # The player is made once the first page is on screen; kept offline from the start.
    window.player.started.connect(lambda: block_remote_requests(window.player_profile))
    shown_pages: list[tuple[float, str]] = []
    window.display.pageShown.connect(
        lambda path, _rendered: shown_pages.append((time.perf_counter(), path))
    )
    builds: list[object] = []
    window.search.indexed.connect(builds.append)
    if not window.open_folder(args.folder.absolute()):
        emit({"error": f"could not open {args.folder}"})
        return 1
    session, navigator, switcher = window.session, window.navigator, window.switcher

    def at_rest() -> bool:
        folder = session.folder
        return (
            folder is not None
            and folder.complete
            and not session.reader.is_running()
            and bool(builds)
            and window.search.idle()
            and navigator.settled()
            and not switcher.slices.busy()
            and bool(shown_pages)
        )

    ticks = Ticks()  # from here on, it wakes the waits below every 2 ms
    wait(at_rest, "the folder read, indexed and listed")
    result: dict[str, Any] = {
        "notes": len(session.folder or ()),
        "ready_s": time.monotonic() - started,
    }
    # The garbage collector's full passes stop every thread: note the long ones.
    collections: list[tuple[float, int, float]] = []
    collecting: list[float] = []
    doing_now = ["at rest"]
    passes: dict[str, list[float]] = {}

    def collector(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[:] = [time.perf_counter()]
        elif collecting and (spent := time.perf_counter() - collecting[0]) > 0.002:
            collections.append((collecting[0], info["generation"], spent * 1000))
            if info["generation"] == 2:
                passes.setdefault(doing_now[0], []).append(round(spent * 1000, 1))

    gc.callbacks.append(collector)
    sampler = None
    if args.sample_stalls:
        import threading

        from benchmarks.drivers._stalls import StallSampler

        sampler = StallSampler(lambda: ticks.wall, threading.get_ident())
    run_for(0.3)
    measured: dict[str, dict[str, Any]] = {}

    def record(
        name: str,
        stall: tuple[float, float, float],
        first: float | None = None,
        final: float | None = None,
    ) -> None:
        entry = measured.setdefault(
            name, {"stall_ms": 0.0, "busy_ms": 0.0, "count": 0, "stalls_ms": []}
        )
        if stall[0] >= entry["stall_ms"]:
            entry["stall_ms"], entry["stall_cpu_ms"] = stall[:2]
        entry["busy_ms"] = max(entry["busy_ms"], stall[2])
        entry["stalls_ms"].append(round(stall[0], 2))
        entry["count"] += 1
        for key, value in (("first_ms", first), ("final_ms", final)):
            if value is not None:
                entry[key] = max(entry.get(key, 0.0), value)
                entry.setdefault(f"{key[:-3]}s_ms", []).append(round(value, 1))

    def interaction(
        name: str,
        act: Callable[[], None],
        final: Callable[[], bool],
        first: Callable[[], bool] | None = None,
    ) -> None:
        """Do ``act``, wait for ``final``, note the stall and the times."""
        marks: dict[str, float] = {}

        def check() -> bool:
            now = time.perf_counter()
            if first is not None and "first" not in marks and first():
                marks["first"] = now
            if final():
                marks.setdefault("first", now)
                marks["final"] = now
                return True
            return False

        doing_now[0] = name
        since = ticks.start()
        act()
        check()
        wait(lambda: "final" in marks or check(), name, timeout=120)
        run_for(AFTER_MS / 1000)
        doing_now[0] = "between"
        until = time.perf_counter()
        record(
            name,
            ticks.stall(since, until),
            (marks["first"] - since) * 1000,
            (marks["final"] - since) * 1000,
        )

    def focused() -> Any:
        return QApplication.focusWidget() or window

    only = set(filter(None, args.only.split(",")))

    def doing(group: str) -> bool:
        return not only or group in only

    # The quick switcher: open, type key by key, close.
    seen: list[tuple[str, bool]] = []
    switcher.resultsShown.connect(lambda query, final: seen.append((query, final)))
    last_names: list[str] = []
    for round_ in range(args.rounds if doing("switcher") else 0):
        window.display.focus_note()
        run_for(0.05)
        interaction(
            "switcher_open",
            lambda: QTest.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
            switcher.settled,
            lambda: bool(seen) and seen[-1][0] == "",
        )
        query = SWITCHER_QUERIES[round_ % len(SWITCHER_QUERIES)]
        for end in range(1, len(query) + 1):
            typed = query[:end]
            seen.clear()
            interaction(
                "switcher_type",
                lambda typed=typed: QTest.keyClick(switcher.query, typed[-1]),
                switcher.settled,
                lambda typed=typed: any(shown == typed for shown, _final in seen),
            )
        last_names = [switcher.results.item(row).text() for row in range(switcher.results.count())]
        interaction(
            "switcher_close",
            lambda: QTest.keyClick(switcher.query, Qt.Key.Key_Escape),
            lambda: not switcher.isVisible(),
        )

    # The notes filter: open (Ctrl+L), type key by key, close (Esc clears it).
    for round_ in range(args.rounds if doing("filter") else 0):
        window.display.focus_note()
        run_for(0.05)
        interaction(
            "filter_open",
            lambda: QTest.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
            lambda: QApplication.focusWidget() is navigator.filter_box,
        )
        words = FILTER_WORDS[round_ % len(FILTER_WORDS)]
        for end in range(1, len(words) + 1):
            interaction(
                "filter_type",
                lambda typed=words[:end]: QTest.keyClick(navigator.filter_box, typed[-1]),
                navigator.settled,
            )
        interaction(
            "filter_close",
            lambda: QTest.keyClick(navigator.filter_box, Qt.Key.Key_Escape),
            lambda: navigator.settled() and navigator.filter_box.text() == "",
        )

    # The search panel: open (Ctrl+Shift+F), type key by key, the hits once the query is sent
    # (200 ms after the last key, by design), close (Esc).
    panel = window.search_panel
    hits_painted = HitsPainted(panel)
    sent: list[float] = []
    panel.searchRequested.connect(lambda _query: sent.append(time.perf_counter()))
    for round_ in range(args.rounds if doing("search") else 0):
        window.display.focus_note()
        run_for(0.05)
        interaction(
            "search_open",
            lambda: QTest.keyClick(focused(), Qt.Key.Key_F, CTRL_SHIFT),
            lambda: QApplication.focusWidget() is panel.box,
        )
        query = SEARCH_QUERIES[round_ % len(SEARCH_QUERIES)]
        sent.clear()
        for end in range(1, len(query) + 1):
            interaction(
                "search_type",
                lambda typed=query[:end]: QTest.keyClick(panel.box, typed[-1]),
                lambda typed=query[:end]: panel.box.text() == typed,
            )
        wait(lambda: bool(sent), "the query sent")
        asked = as_typed(query)
        # On screen: the list painted with its first row laid out, for the query asked.
        hits_painted.clear()
        hits_painted.watching = asked
        wait(lambda: any(complete for _time, complete in hits_painted), "the hits on screen")
        glimpsed = hits_painted[0][0]
        shown = next(time for time, complete in hits_painted if complete)
        hits_painted.watching = None
        run_for(AFTER_MS / 1000)
        record(
            "search_results",
            ticks.stall(sent[-1], time.perf_counter()),
            (glimpsed - sent[-1]) * 1000,
            (shown - sent[-1]) * 1000,
        )
        interaction(
            "search_close",
            lambda: QTest.keyClick(panel.box, Qt.Key.Key_Escape),
            lambda: navigator.isVisible() and not panel.isVisible(),
        )

    # The folder with the most notes: opened and closed with a click.
    model, tree = navigator.model, navigator.tree
    biggest = max(model.tree.folders.values(), key=lambda folder: len(folder.notes))
    result["biggest_folder"] = {"path": biggest.path, "notes": len(biggest.notes)}

    def click_biggest() -> None:
        index = model.folder_index(biggest.path)
        tree.scrollTo(index)
        app.processEvents()
        QTest.mouseClick(
            tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
        )

    for _round in range(args.rounds if doing("expand") else 0):
        for opened in (True, False):
            if model.is_open(biggest) == opened:
                continue
            interaction(
                "expand", click_biggest, lambda opened=opened: model.is_open(biggest) == opened
            )

    # Arrow-key preview, in the biggest folder, opened.
    if not model.is_open(biggest):
        click_biggest()
    row = model.row_of(biggest)
    assert row is not None
    first_note = model.row_item(row + 1)
    tree.setFocus()
    window.open_note(first_note.path)
    wait(lambda: shown_pages[-1][1] == first_note.path, "the first note of the folder")
    run_for(0.3)
    for _round in range(args.rounds * 2 if doing("preview") else 0):
        current = tree.currentIndex().row()
        target = model.row_item(current + 1)
        if isinstance(target, Folder):
            break
        interaction(
            "preview",
            lambda: QTest.keyClick(tree, Qt.Key.Key_Down),
            lambda target=target: shown_pages[-1][1] == target.path,
        )

    # The sort order: date, and back to title.
    for _round in range(args.rounds if doing("sort") else 0):
        for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            navigator.sort_box.setFocus()
            wanted = "modified" if key == Qt.Key.Key_Down else "title"
            interaction(
                "sort",
                lambda key=key: QTest.keyClick(navigator.sort_box, key),
                lambda wanted=wanted: navigator.order == wanted and navigator.settled(),
            )

    # A note changed on disk: its new title in the list.
    folder = session.folder
    assert folder is not None
    others = (entry for entry in folder if entry.path != window.current)
    changed = list(itertools.islice(others, args.rounds)) if doing("watcher") else []
    for number, entry in enumerate(changed):
        title = f"Changed on disk {os.getpid()}-{number}"
        file = folder.root / entry.path

        def write(file: Path = file, title: str = title) -> None:
            # As an editor saves: a new file put in the old one's place.
            text = file.read_text(encoding="utf-8")
            saved = file.with_name(f".{file.name}.saving")
            saved.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), "utf-8")
            os.replace(saved, file)

        def listed(path: str = entry.path, title: str = title) -> bool:
            now = session.folder
            if now is None or (found := now.entries.get(path)) is None or found.title != title:
                return False
            if not navigator.settled() or switcher.slices.busy():
                return False
            tree_now = navigator.model.tree
            return found in tree_now.folders.get(path.rpartition("/")[0], tree_now.top).notes

        interaction("watcher", write, listed)
        wait(lambda: window.search.idle() and not session.reader.is_running(), "the search index")
        run_for(0.2)

    # Baselines: the window idle, and a bare list filled with the switcher's last 50 names.
    idle_since = ticks.start()
    run_for(3.0)
    idle, idle_cpu, idle_busy = ticks.stall(idle_since, time.perf_counter())
    bare = QListWidget()
    bare.resize(switcher.size())
    bare.move(window.mapToGlobal(QPoint(100, 100)))
    bare.show()
    run_for(0.2)
    bare_since = ticks.start()
    bare.clear()
    bare.addItems(last_names)
    bare.setCurrentRow(0)
    bare.repaint()
    painted = time.perf_counter()
    run_for(AFTER_MS / 1000)
    bare_stall, bare_cpu, bare_busy = ticks.stall(bare_since, time.perf_counter())
    result["idle"] = {"stall_ms": idle, "stall_cpu_ms": idle_cpu, "busy_ms": idle_busy}
    result["bare_list"] = {
        "stall_ms": bare_stall,
        "stall_cpu_ms": bare_cpu,
        "busy_ms": bare_busy,
        "final_ms": (painted - bare_since) * 1000,
        "names": len(last_names),
    }
    result["interactions"] = measured
    if sampler is not None:
        result["stalls_seen"] = sampler.stop()
    gc.callbacks.remove(collector)
    result["collections"] = {
        "over_2_ms": len(collections),
        "longest_ms": max((spent for _at, _gen, spent in collections), default=0.0),
        "full_passes": sum(1 for _at, generation, _spent in collections if generation == 2),
        "full_passes_ms_by_interaction": passes,
    }
    emit(result)
    return 0


if __name__ == "__main__":
    try:
        code = main()
    except Exception as error:  # said as the result, for the harness to report
        logging.exception("the interactions failed")
        emit({"error": f"{type(error).__name__}: {error}"})
        code = 1
    exit_now(code)
