"""Render (``--rows render``): the sample note to the note pane's HTML, against
``markdown.markdown()`` of the same text, in this process, in alternating batches.
"""

from __future__ import annotations

import time

from benchmarks.bench import REPO, Bench, in_turn
from benchmarks.model import Family, Row, Target
from benchmarks.stats import median

SAMPLE_NOTE = REPO / "tests" / "core" / "data" / "samples" / "model_architectures_in_ai.md"


def measure(bench: Bench) -> list[Row]:
    import markdown

    from viewer.core.links import LinkResolver, NoteNames
    from viewer.core.note import parse_note
    from viewer.core.note_page import note_document
    from viewer.core.render import NoteRenderer
    from viewer.resources import asset_text

    row = Row(
        "render", "render the sample note to the pane's HTML", "ms", Target(ratio_at_most=1.5)
    )
    text = SAMPLE_NOTE.read_text(encoding="utf-8")
    path = SAMPLE_NOTE.name
    # The notes it links to exist, as they would in its folder.
    resolver = LinkResolver(
        NoteNames(f"{name}.md", name.replace("_", " ").capitalize())
        for name in (
            "redpointai",
            "the_future_of_ai_architectures_beyond_transformers",
            "compound_ai_systems_and_their_development",
        )
    )
    renderer = NoteRenderer()
    css = asset_text("note.css")

    def app() -> None:
        note = parse_note(text, SAMPLE_NOTE, SAMPLE_NOTE.parent)
        rendered = renderer.render(note, path, resolver.resolve)
        note_document(rendered.html, css)

    def baseline() -> None:
        markdown.markdown(text)

    for action in (app, baseline):  # warm up: first calls compile patterns and load modules
        for _ in range(3):
            action()
    calls = bench.settings.render_calls
    cpu: dict[str, list[float]] = {"app": [], "baseline": []}
    for batch in range(bench.settings.render_batches):
        for action, into in in_turn(batch, (app, row.samples), (baseline, row.baseline_samples)):
            started, cpu_started = time.perf_counter(), time.thread_time()
            for _ in range(calls):
                action()
            into.append((time.perf_counter() - started) / calls * 1000)
            cpu[action.__name__].append((time.thread_time() - cpu_started) / calls * 1000)
    row.details = {
        "calls_per_sample": calls,
        "note": str(SAMPLE_NOTE.relative_to(REPO)),
        "cpu_ms": median(cpu["app"]),
        "baseline_cpu_ms": median(cpu["baseline"]),
        "cpu_ratio": median(cpu["app"]) / median(cpu["baseline"]),
    }
    return [row.settle()]


FAMILY = Family("render", ("render",), measure)
