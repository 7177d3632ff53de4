"""Start-up (``--rows startup``): process start to the first note on screen, and to the player
ready, against a bare PySide6 app showing one QWebEngineView with a static page (process start
to loadFinished). Every start is a process of its own (``drivers/app_startup.py``,
``drivers/bare_startup.py``), timed from just before its spawn.

The app starts as ``viewer`` does: the last folder and note again. The first start, not
counted, has no settings yet and opens the bundled notes (and keeps the welcome note's page);
every counted start after it shows that page from the cache first (``details.cached_starts``
says how many did), which is the note on screen, and renders the note once the rest of the
window is made (the ``rendered`` mark).
"""

from __future__ import annotations

from benchmarks.bench import Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median


def measure(bench: Bench) -> list[Row]:
    note: list[float] = []
    player: list[float] = []
    bare: list[float] = []
    marks: list[dict[str, float]] = []
    clock_check: list[float] = []
    cached = 0
    # One of each first, not counted: both then find Qt's libraries in the page cache, and
    # the app keeps the page of the note it opened.
    bench.driver("bare_startup")
    bench.driver("app_startup")
    for run in range(bench.settings.startup_runs):
        for name in in_turn(run, "bare_startup", "app_startup"):
            started, result = bench.driver(name)
            elapsed = float(result["event"]) - started
            if name == "app_startup":
                note.append(float(result["note_event"]) - started)
                player.append(elapsed)
                marks.append(result.get("marks", {}))
                clock_check.append(float(result["since_process_start"]))
                cached += bool(result.get("cached"))
            else:
                bare.append(elapsed)  # one view, its static page loaded
    details = {
        "app_marks_s": {key: median([m[key] for m in marks if key in m]) for key in marks[0]},
        "app_since_process_start_s": median(clock_check),
        "folder": "the bundled sample notes (welcome.md)",
        "cached_starts": f"{cached} of {len(note)}",
    }
    # Both rows compare with the bare app.
    return [
        Row(key, what, "s", target, samples=app, baseline_samples=bare, details=details).settle()
        for key, what, target, app in (
            (
                "startup_note",
                "start-up: process start to the first note on screen",
                Target(ratio_at_most=1.25),
                note,
            ),
            (
                "startup_player",
                "start-up: process start to the player ready",
                Target(ratio_at_most=1.6),
                player,
            ),
        )
    ]


FAMILY = Family("startup", ("startup_note", "startup_player"), measure)
