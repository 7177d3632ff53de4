"""The baseline: a bare PySide6 app showing one QWebEngineView with a static page.

    python -m benchmarks.drivers.bare_startup [--memory SECONDS]

From process start to the view's ``loadFinished``; with ``--memory``, the memory of the
process and its QtWebEngine helpers sampled for that many seconds afterwards, as the app's
driver does. Prints one JSON line, like :mod:`benchmarks.drivers.app_startup`.
"""

from __future__ import annotations

import time

IMPORT_STARTED = time.monotonic()

import argparse  # noqa: E402
import sys  # noqa: E402

from benchmarks.drivers._common import (  # noqa: E402
    emit,
    exit_now,
    sample_memory_then_quit,
    since_process_start,
)

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bare</title></head>"
    "<body><h1>A static page</h1><p>Nothing but text.</p></body></html>"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--memory", type=float, default=0.0, help="seconds to sample memory")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    view = QWebEngineView()
    result: dict[str, object] = {}
    samples: list[dict[str, object]] = []

    def sample_memory() -> None:
        sample_memory_then_quit(app, view, args.memory, samples)

    def on_loaded(ok: bool) -> None:
        if "event" in result:
            return
        result["event"] = time.monotonic()
        result["since_process_start"] = since_process_start()
        result["ok"] = ok
        if args.memory > 0:
            sample_memory()
        else:
            app.quit()

    def give_up() -> None:
        result["error"] = f"timed out after {args.timeout:g} s"
        app.quit()

    view.loadFinished.connect(on_loaded)
    QTimer.singleShot(int(args.timeout * 1000), give_up)
    view.resize(1400, 820)
    view.setHtml(PAGE)
    view.show()
    app.exec()
    if samples:
        result["memory"] = max(samples, key=lambda sample: int(sample["pss_kib"]))  # type: ignore[call-overload]
        result["memory_samples"] = len(samples)
    emit(result)
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    exit_now(main())
