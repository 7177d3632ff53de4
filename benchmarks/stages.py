"""Where the time of opening a folder goes, stage by stage, for the report.

Each stage is timed on its own over every note of the folder, in this process, with the same
functions the app calls (some of them private: a stage that no longer exists under its name
is reported as missing, not as an error). The sum of the stages is close to, not equal to, a
real open: the real one interleaves them.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def open_breakdown(root: Path) -> dict[str, Any]:
    """Seconds per stage for the whole folder, and microseconds per note."""
    from viewer.core import folder as folder_module
    from viewer.core import front_matter, links, note, text
    from viewer.core.index_cache import IndexCache

    root = root.absolute()
    seconds: dict[str, float] = {}
    seconds["scan (list + stat)"], found = _timed(lambda: folder_module.scan(root).files)
    paths = [root / path for path in found]
    seconds["read bytes"], datas = _timed(lambda: [path.read_bytes() for path in paths])
    seconds["decode (text.decode)"], decoded = _timed(lambda: [text.decode(d) for d in datas])
    texts = [item.text for item in decoded]
    sniff = getattr(text, "_looks_binary", None)
    if sniff is not None:
        seconds["  of which binary sniff (text._looks_binary)"], _ = _timed(
            lambda: [sniff(data) for data in datas]
        )
    seconds["front matter (front_matter.read_front_matter)"], split = _timed(
        lambda: [front_matter.read_front_matter(item) for item in texts]
    )
    handler = getattr(front_matter, "_YAML", None)
    loader = getattr(front_matter, "YamlLoader", None)
    if handler is not None and loader is not None:
        import yaml

        blocks = [handler.split(item)[0] for item in texts if handler.detect(item)]
        seconds["  of which YAML (yaml.load, C loader)"], _ = _timed(
            lambda: [yaml.load(block, Loader=loader) for block in blocks]
        )
    bodies = [item.body for item in split]
    seconds["wiki links (links.find_wikilinks)"], _ = _timed(
        lambda: [list(links.find_wikilinks(body)) for body in bodies]
    )
    seconds["whole note (note.parse_note)"], notes = _timed(
        lambda: [note.parse_note(item, path, root) for item, path in zip(texts, paths, strict=True)]
    )
    stamps = list(found.values())
    seconds["entry (folder.read_from_note)"], _ = _timed(
        lambda: [
            folder_module.read_from_note(str(path), item, stamp)
            for path, item, stamp in zip(found, notes, stamps, strict=True)
        ]
    )
    seconds["all notes (folder.read_entries)"], reads = _timed(
        lambda: folder_module.read_entries(root, found)
    )
    seconds["link tables (NotesFolder.of_reads, LinkResolver)"], opened = _timed(
        lambda: folder_module.NotesFolder.of_reads(root, reads, [])
    )
    seconds["backlinks (worked out from the links)"], _ = _timed(lambda: opened.backlinks(""))
    with tempfile.TemporaryDirectory(prefix="viewer-bench-stages-") as scratch:
        cache = IndexCache(Path(scratch) / "index.sqlite3")
        seconds["index, first open (read + store)"], _ = _timed(lambda: cache.open(root))
        seconds["index, checked open (nothing changed)"], _ = _timed(lambda: cache.open(root))
        seconds["index, open from the index (cached)"], _ = _timed(lambda: cache.cached(root))
    count = max(1, len(found))
    return {
        "notes": len(found),
        "seconds": seconds,
        "us_per_note": {stage: value / count * 1e6 for stage, value in seconds.items()},
    }
